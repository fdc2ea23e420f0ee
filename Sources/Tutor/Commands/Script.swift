#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

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
/// line. Blank commands are dropped. The bytes are scanned, as `Session.tokenize` scans them,
/// so a line of a megabyte costs milliseconds.
public func splitCommands(_ line: Substring) -> [String] {
  let bytes = line.utf8
  let code = bytes[
    ..<(firstOffset(of: UInt8(ascii: "#"), in: line).map {
      bytes.index(bytes.startIndex, offsetBy: $0)
    } ?? bytes.endIndex)]
  // Most lines hold one command: a megabyte-long `input` is then not split byte by byte.
  guard firstOffset(of: UInt8(ascii: ";"), in: Substring(code)) != nil else {
    let command = Substring(code).trimmingWhitespace()
    return command.isEmpty ? [] : [command]
  }
  return code.split(separator: UInt8(ascii: ";"), omittingEmptySubsequences: true)
    .map { Substring($0).trimmingWhitespace() }
    .filter { !$0.isEmpty }
}

/// The offset in bytes of the first `byte` of `text`, found with memchr.
func firstOffset(of byte: UInt8, in text: Substring) -> Int? {
  let found = text.utf8.withContiguousStorageIfAvailable { bytes -> Int? in
    guard let base = bytes.baseAddress,
      let hit = memchr(base, Int32(byte), bytes.count)
    else { return nil }
    return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
  }
  if let found { return found }
  return text.utf8.firstIndex(of: byte).map {
    text.utf8.distance(from: text.utf8.startIndex, to: $0)
  }
}

/// The lines of `text`, ended by LF or CRLF (a file written on Windows reads as the same
/// lines); the last line needs no ending.
///
/// Swift keeps "\r\n" together as one Character, so splitting at "\n" alone would leave a
/// CRLF file as one long line. The bytes are scanned rather than the Characters: a `load`
/// of millions of lines should not wait for grapheme breaking (an LF is always a Character
/// boundary, except inside CRLF, whose CR is one).
public func splitLines<S: StringProtocol>(_ text: S) -> [S.SubSequence] {
  // A native string's bytes, scanned through a buffer: a 64 MB save is split in a fraction
  // of the time the generic view takes, and `load` polls for Ctrl-C only after this.
  let fast = text.utf8.withContiguousStorageIfAvailable { bytes -> [S.SubSequence] in
    var lines: [S.SubSequence] = []
    let base = text.utf8.startIndex
    func index(_ offset: Int) -> S.Index { text.utf8.index(base, offsetBy: offset) }
    guard let first = bytes.baseAddress else { return [text[...]] }
    var start = 0
    while start < bytes.count,
      let found = memchr(first + start, 0x0A, bytes.count - start)
    {
      let offset = first.distance(to: found.assumingMemoryBound(to: UInt8.self))
      let end = offset > start && bytes[offset - 1] == 0x0D ? offset - 1 : offset
      lines.append(text[index(start)..<index(end)])
      start = offset + 1
    }
    lines.append(text[index(start)..<text.endIndex])
    return lines
  }
  if let fast { return fast }
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

/// `text` without the byte order mark (U+FEFF) some Windows editors write first: a file that
/// starts with one reads as the same lines, as a file with CRLF endings does.
public func droppingByteOrderMark(_ text: String) -> Substring {
  droppingByteOrderMark(text[...])
}

/// `droppingByteOrderMark` for a line already cut from its text.
public func droppingByteOrderMark(_ text: Substring) -> Substring {
  text.unicodeScalars.first == "\u{FEFF}" ? text.dropFirst() : text
}

/// The commands of a script, each with the number its errors report.
public func numberedCommands(_ source: String, numbering: ScriptNumbering) -> [NumberedCommand] {
  var result: [NumberedCommand] = []
  forEachCommand(source, numbering: numbering) { command in
    result.append(command)
    return true
  }
  return result
}

/// Calls `body` with each command of a script in order, as `numberedCommands` lists them,
/// until it returns false: a script of long lines starts at once, and stops between any two
/// of them.
func forEachCommand(
  _ source: String, numbering: ScriptNumbering, _ body: (NumberedCommand) -> Bool
) {
  var count = 0
  for (index, line) in splitLines(droppingByteOrderMark(source)).enumerated() {
    let commands = splitCommands(line)
    // The last command before a `#` on its line may have lost part of a file name to it.
    let commented = firstOffset(of: UInt8(ascii: "#"), in: line) != nil ? String(line) : nil
    for (k, command) in commands.enumerated() {
      count += 1
      var numbered = NumberedCommand(
        number: numbering == .lines ? index + 1 : count, text: command)
      if k == commands.count - 1 { numbered.commentedLine = commented }
      guard body(numbered) else { return }
    }
  }
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
  /// Ctrl-C: asked before every command, it ends the script there, whether or not the last
  /// command printed anything (`hooks` stop a long command inside it).
  public let interrupted: @Sendable () -> Bool

  public init(
    name: String, numbering: ScriptNumbering, keepGoing: Bool, echo: Bool = false,
    interrupted: @escaping @Sendable () -> Bool = { false }
  ) {
    self.name = name
    self.numbering = numbering
    self.keepGoing = keepGoing
    self.echo = echo
    self.interrupted = interrupted
  }

  /// Runs the commands of the script's next line. Returns false when the script must end
  /// here: after `quit`, or after an error without `keepGoing`.
  public mutating func run(
    line: Substring, session: inout Session, hooks: Hooks = .none, out: (String) -> Void,
    err: (String) -> Void
  ) -> Bool {
    if numbering == .lines { number += 1 }
    let place = visible(name, keepingLines: false)
    // A byte order mark before the first line is read as CRLF is: as if it were not there.
    let line = number <= 1 ? droppingByteOrderMark(line) : line
    // A save read line by line (standard input) cannot be checked as `load` checks it.
    if number == 1 && numbering == .lines && Session.isSave(String(line)) {
      err("\(place):1: error: \(Self.saveRefusal)\n")
      status = 1
      return false
    }
    let commands = splitCommands(line)
    let commented = firstOffset(of: UInt8(ascii: "#"), in: line) != nil
    for (index, command) in commands.enumerated() {
      if interrupted() { return false }
      if numbering == .commands { number += 1 }
      if echo { out(session.prompt + visible(command, keepingLines: false) + "\n") }
      let result = session.execute(command, hooks: hooks)
      if !result.output.isEmpty { out(result.output) }
      if result.error == nil, index == commands.count - 1, commented,
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

  /// What a save run as a script line by line is told.
  static let saveRefusal =
    "this is a minirnn save: a file that starts with save's header runs only as 'load' runs it (state commands, checked whole), so open it with 'load'"

  /// Runs every line of `source`; returns false as `run(line:)` does. A save
  /// (`Session.isSave`) runs as `load` runs it, checked whole and holding state commands
  /// only, or is refused with the hint to use `load`.
  public mutating func run(
    _ source: String, session: inout Session, hooks: Hooks = .none, out: (String) -> Void,
    err: (String) -> Void
  ) -> Bool {
    if numbering == .lines && Session.isSave(source) {
      let result = session.runSave(source, file: name, hooks: hooks)
      if !result.output.isEmpty { out(result.output) }
      guard let error = result.error else { return true }
      err("error: \(error)\n")
      status = 1
      return false
    }
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
  session: inout Session, hooks: Hooks = .none,
  interrupted: @escaping @Sendable () -> Bool = { false }, out: (String) -> Void,
  err: (String) -> Void
) -> Int32 {
  var runner = ScriptRunner(
    name: name ?? (numbering == .commands ? "-e" : "<stdin>"), numbering: numbering,
    keepGoing: keepGoing, interrupted: interrupted)
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
