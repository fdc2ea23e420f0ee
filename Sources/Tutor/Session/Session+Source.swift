extension Session {
  /// `source FILE`: runs the file's commands as a script would, one line after another.
  ///
  /// It is one command, so it keeps the rule every command keeps: when one of the file's
  /// commands fails (or Ctrl-C stops it), the error names the file and line, and the session
  /// is as it was before `source`. `quit` in the file ends the session, as at the prompt.
  mutating func source(_ path: String, hooks: Hooks) throws(CommandError) -> Reply {
    guard sourceDepth < Limits.sourceDepth else { throw .sourceTooDeep(file: path) }
    let text: String
    switch files.read(path, limit: Limits.loadFileSize) {
    case .success(let read): text = read
    case .failure(let error): throw .file(command: "source", error)
    }
    sourceDepth += 1
    defer { sourceDepth -= 1 }
    var output = ""
    for (index, line) in splitLines(text).enumerated() {
      for command in splitCommands(line) {
        if hooks.shouldStop() {
          throw .sourceFailed(file: path, line: index + 1, error: "interrupted")
        }
        let result = perform(command, hooks: hooks)
        output += result.output
        if let error = result.error {
          // A file sourced from this one already named its own file and line.
          if tokenize(command).first == "source" { throw .notReady(error) }
          throw .sourceFailed(file: path, line: index + 1, error: error)
        }
        if result.quit { return Reply(output: output, quits: true) }
      }
    }
    return Reply(output: output)
  }

  /// `text` as the prompt shows it: wrapped at spaces to the terminal's width, so a long
  /// message is not cut mid-word; a script's text as it is.
  func fittedToTerminal(_ text: String) -> String {
    traits.isInteractive ? TextLayout.wrapLongLines(text, width: traits.width) : text
  }
}
