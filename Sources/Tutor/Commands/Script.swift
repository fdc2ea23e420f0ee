/// How a piece of text is split into numbered commands for error messages.
public enum ScriptNumbering: Sendable {
  /// A file or standard input: N in `error: line N:` is the line of the file.
  case lines
  /// `-e 'cmd; cmd'`: N counts commands, starting at 1.
  case commands
}

/// One command of a script with the number its errors report.
public struct NumberedCommand: Equatable, Sendable {
  public let number: Int
  public let text: String
  /// Its line, when it is the last command before a `#` there: the comment may have cut a
  /// file name short (`save run#1`), which the script is told.
  public var commentedLine: String? = nil
}

/// Splits a line into commands: `;` separates them, `#` starts a comment to the end of the
/// line. Blank commands are dropped.
public func splitCommands(_ line: Substring) -> [String] {
  let code = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
  return code.split(separator: ";", omittingEmptySubsequences: true)
    .map { $0.trimmingWhitespace() }
    .filter { !$0.isEmpty }
}

/// The lines of `text`, ended by LF or CRLF (a file written on Windows reads as the same
/// lines); the last line needs no ending.
///
/// Swift keeps "\r\n" together as one Character, so splitting at "\n" alone would leave a
/// CRLF file as one long line. The bytes are scanned rather than the Characters: a `load`
/// of millions of lines should not wait for grapheme breaking (an LF is always a Character
/// boundary, except inside CRLF, whose CR is one).
public func splitLines<S: StringProtocol>(_ text: S) -> [S.SubSequence] {
  var lines: [S.SubSequence] = []
  let bytes = text.utf8
  var start = text.startIndex
  var carriageReturn: S.Index?
  var i = bytes.startIndex
  while i != bytes.endIndex {
    let byte = bytes[i]
    if byte == 0x0A {
      lines.append(text[start..<(carriageReturn ?? i)])
      start = bytes.index(after: i)
    }
    carriageReturn = byte == 0x0D ? i : nil
    i = bytes.index(after: i)
  }
  lines.append(text[start..<text.endIndex])
  return lines
}

/// The commands of a script, each with the number its errors report.
public func numberedCommands(_ source: String, numbering: ScriptNumbering) -> [NumberedCommand] {
  var result: [NumberedCommand] = []
  switch numbering {
  case .lines:
    for (index, line) in splitLines(source).enumerated() {
      for command in splitCommands(line) {
        result.append(NumberedCommand(number: index + 1, text: command))
      }
      if line.contains("#"), !result.isEmpty, result[result.count - 1].number == index + 1 {
        result[result.count - 1].commentedLine = String(line)
      }
    }
  case .commands:
    for line in splitLines(source) {
      let commands = splitCommands(line)
      for command in commands {
        result.append(NumberedCommand(number: result.count + 1, text: command))
      }
      if line.contains("#"), !commands.isEmpty {
        result[result.count - 1].commentedLine = String(line)
      }
    }
  }
  return result
}

/// Runs a script non-interactively: no prompt, no colour, output only.
///
/// Each command's output goes to `out` as soon as the command ends; an error goes to `err`
/// as one line `error: line N: …`. Without `keepGoing` the first error ends the script.
/// Returns the exit status: 0 for a clean script, 1 if any command failed.
public func runScript(
  _ source: String, numbering: ScriptNumbering, keepGoing: Bool, session: inout Session,
  hooks: Hooks = .none, out: (String) -> Void, err: (String) -> Void
) -> Int32 {
  var status: Int32 = 0
  for command in numberedCommands(source, numbering: numbering) {
    let result = session.execute(command.text, hooks: hooks)
    if !result.output.isEmpty { out(result.output) }
    if result.error == nil, let line = command.commentedLine,
      let note = session.commentNote(line, command.text)
    {
      err("note: line \(command.number): " + note.dropFirst("note: ".count))
    }
    if let error = result.error {
      err("error: line \(command.number): \(error)\n")
      status = 1
      if !keepGoing { return status }
    }
    if result.quit { break }
  }
  return status
}

extension StringProtocol {
  /// The text without leading and trailing spaces, tabs, carriage returns and newlines.
  func trimmingWhitespace() -> String {
    let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
    guard let first = firstIndex(where: { !isSpace($0) }) else { return "" }
    let last = lastIndex(where: { !isSpace($0) })!
    return String(self[first...last])
  }
}
