/// How a piece of text is split into numbered commands for error messages.
public enum ScriptNumbering: Sendable {
  /// A file or standard input: N in `FILE:N: error:` is the line of the file.
  case lines
  /// `-e 'cmd; cmd'`: N in `-e:N: error:` counts commands, starting at 1, across every `-e`.
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

/// Runs a script's lines one at a time, as they arrive: no prompt, no colour, output only.
///
/// Each command's output goes to `out` as soon as the command ends; an error goes to `err`
/// as one line `NAME:N: error: …`, as compilers and gdb name a place in a file (NAME is the
/// file, `-e` or `<stdin>`). Without `keepGoing` the first error ends the script. With
/// `echo`, each command is printed after the prompt before its output (as `sh -x` and
/// `psql -a` do), so the output reads as a session at the prompt would.
public struct ScriptRunner: Sendable {
  /// What messages call the script: a file's name, `-e` or `<stdin>`.
  public let name: String
  public let numbering: ScriptNumbering
  public let keepGoing: Bool
  public let echo: Bool
  /// 0 while every command has succeeded, 1 after any failed.
  public private(set) var status: Int32 = 0
  /// The number of the last line (`lines`) or command (`commands`) run.
  private var number = 0

  public init(name: String, numbering: ScriptNumbering, keepGoing: Bool, echo: Bool = false) {
    self.name = name
    self.numbering = numbering
    self.keepGoing = keepGoing
    self.echo = echo
  }

  /// Runs the commands of the script's next line. Returns false when the script must end
  /// here: after `quit`, or after an error without `keepGoing`.
  public mutating func run(
    line: Substring, session: inout Session, hooks: Hooks = .none, out: (String) -> Void,
    err: (String) -> Void
  ) -> Bool {
    if numbering == .lines { number += 1 }
    let commands = splitCommands(line)
    let place = visible(name, keepingLines: false)
    for (index, command) in commands.enumerated() {
      if numbering == .commands { number += 1 }
      if echo { out(session.prompt + visible(command, keepingLines: false) + "\n") }
      let result = session.execute(command, hooks: hooks)
      if !result.output.isEmpty { out(result.output) }
      if result.error == nil, index == commands.count - 1, line.contains("#"),
        let note = session.commentNote(String(line), command)
      {
        err(session.fittedToTerminal("\(place):\(number): " + note))
      }
      if let error = result.error {
        err(session.fittedToTerminal("\(place):\(number): error: \(error)\n"))
        status = 1
        if !keepGoing { return false }
      }
      if result.quit { return false }
    }
    return true
  }

  /// Runs every line of `source`; returns false as `run(line:)` does.
  public mutating func run(
    _ source: String, session: inout Session, hooks: Hooks = .none, out: (String) -> Void,
    err: (String) -> Void
  ) -> Bool {
    for line in splitLines(source) {
      guard run(line: line, session: &session, hooks: hooks, out: out, err: err) else {
        return false
      }
    }
    return true
  }
}

/// Runs a whole script (see `ScriptRunner`) and returns the exit status: 0 for a clean
/// script, 1 if any command failed. `name` is what its messages call it; by default `-e`
/// for commands and `<stdin>` for lines.
public func runScript(
  _ source: String, numbering: ScriptNumbering, keepGoing: Bool, name: String? = nil,
  session: inout Session, hooks: Hooks = .none, out: (String) -> Void, err: (String) -> Void
) -> Int32 {
  var runner = ScriptRunner(
    name: name ?? (numbering == .commands ? "-e" : "<stdin>"), numbering: numbering,
    keepGoing: keepGoing)
  _ = runner.run(source, session: &session, hooks: hooks, out: out, err: err)
  return runner.status
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
