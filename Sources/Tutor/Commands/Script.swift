#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

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
  text.unicodeScalars.first == "\u{FEFF}" ? text.dropFirst() : text[...]
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

/// Runs a script non-interactively: no prompt, no colour, output only.
///
/// Each command's output goes to `out` as soon as the command ends; an error goes to `err`
/// as one line `error: line N: …`. Without `keepGoing` the first error ends the script.
/// Returns the exit status: 0 for a clean script, 1 if any command failed. `interrupted`
/// (Ctrl-C) is asked before every command and ends the script there, whether or not the last
/// command printed anything; `hooks` stop a long command inside it. A save
/// (`Session.isSave`) runs as `load` runs it; `name` names it in its errors.
public func runScript(
  _ source: String, numbering: ScriptNumbering, keepGoing: Bool, session: inout Session,
  hooks: Hooks = .none, name: String = "standard input",
  interrupted: () -> Bool = { false }, out: (String) -> Void, err: (String) -> Void
) -> Int32 {
  if Session.isSave(source) {
    let result = session.runSave(source, file: name, hooks: hooks)
    if !result.output.isEmpty { out(result.output) }
    guard let error = result.error else { return 0 }
    err("error: \(error)\n")
    return 1
  }
  var status: Int32 = 0
  forEachCommand(source, numbering: numbering) { command in
    if interrupted() { return false }
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
      if !keepGoing { return false }
    }
    return !result.quit
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
