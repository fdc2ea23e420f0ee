@preconcurrency import Glibc
import Testing

/// The prompt under a pseudo-terminal: Tab, history, Ctrl-C, Ctrl-D, the history file.
@Suite(.serialized) struct InteractiveTests {
  private func environment(home: String) -> [String] {
    environmentEntries(with: [
      "HOME": home, "XDG_STATE_HOME": home + "/state", "TERM": "xterm", "LANG": "C.UTF-8",
      "LC_ALL": nil, "NO_COLOR": "1", "MINIRNN_PAGER": nil, "PAGER": "", "XDG_CONFIG_HOME": nil,
    ])
  }

  @Test func promptSession() throws {
    let home = try makeTemporaryFolder()
    defer { removeTree(home) }
    let terminal = try PseudoTerminal([minirnnPath], environment: environment(home: home))
    var mark = 0
    func step(_ keys: String, expecting text: String, _ what: Comment) throws {
      mark = terminal.output.count
      terminal.send(keys)
      try #require(terminal.wait(for: text, after: mark), "\(what)\noutput:\n\(terminal.text)")
    }
    func prompt(_ what: Comment) throws {
      try #require(terminal.waitForPrompt(after: mark), "\(what)\noutput:\n\(terminal.text)")
    }
    try prompt("the first prompt")

    // Tab completes the only command starting with "wei" and adds a space.
    try step("wei\t", expecting: "ghts ", "Tab should complete 'wei' to 'weights '")
    try step("\r", expecting: "w3", "'weights' should list the weights")
    try prompt("a prompt after 'weights'")

    try step("set w2 0.25\r", expecting: "w2 = 0.25", "set w2")
    try prompt("a prompt after 'set w2'")
    try step("print w2\r", expecting: "w2 = 0.25", "print w2")
    try prompt("a prompt after 'print w2'")

    // Up recalls "print w2"; Enter runs it again.
    try step("\u{1B}[A", expecting: "print w2", "Up should recall the last line")
    try step("\r", expecting: "w2 = 0.25", "the recalled line should run")
    try prompt("a prompt after the recalled line")

    // Ctrl-C drops the half-typed line: a new prompt, the process lives, and the next line
    // runs alone (had "print bogus" stayed, this line would be an error).
    terminal.send("print bogus")
    try step("\u{03}", expecting: "minirnn> ", "Ctrl-C at the prompt should give a new prompt")
    try prompt("a prompt after Ctrl-C")
    #expect(terminal.status == nil, "Ctrl-C at the prompt must not end minirnn")
    try step("print w2\r", expecting: "w2 = 0.25", "a line after Ctrl-C")
    #expect(terminal.occurrences(of: "error", after: mark) == 0)
    try prompt("a prompt after the line after Ctrl-C")

    // Ctrl-C during a long `train` stops it; the session goes on with the trained weights.
    mark = terminal.output.count
    terminal.send("train 1000000000\r")
    // Its progress line is the sign that it is training.
    try #require(
      terminal.wait(for: "Ctrl-C stops", after: mark),
      "train should show its progress\noutput:\n\(terminal.text)")
    try step("\u{03}", expecting: "stopped", "Ctrl-C should stop training")
    try prompt("a prompt after the stopped training")
    #expect(terminal.status == nil, "Ctrl-C during train must not end minirnn")
    try step("print w1\r", expecting: "w1 = ", "print w1 after training")
    try prompt("a prompt after print w1")

    // Ctrl-D on an empty line ends with status 0.
    terminal.send("\u{04}")
    #expect(terminal.waitForExit() == 0, "output:\n\(terminal.text)")

    // Every line typed is in the history file, which only the user can read.
    let path = home + "/state/minirnn/history"
    var info = stat()
    try #require(stat(path, &info) == 0, "no history file at \(path)")
    #expect(info.st_mode & 0o777 == 0o600)
    var folderInfo = stat()
    #expect(stat(home + "/state/minirnn", &folderInfo) == 0 && folderInfo.st_mode & 0o777 == 0o700)
    let saved = historyLines(try #require(readFile(path)))
    // Repeats of the line before are kept once (H_SETUNIQUE).
    #expect(saved == ["weights", "set w2 0.25", "print w2", "train 1000000000", "print w1"])
  }
}

/// The entries of a libedit history file: after the `_HiStOrY_V2_` line, one per line, with
/// spaces written as `\040` (libedit's strvis encoding).
func historyLines(_ bytes: [UInt8]) -> [String] {
  String(decoding: bytes, as: UTF8.self).split(separator: "\n").dropFirst()
    .map { String($0.replacing("\\040", with: " ")) }
}

/// The prompt's ends and its history warnings.
@Suite struct InteractiveEdgeTests {
  /// SIGTERM, or Ctrl-\\ (SIGQUIT), at the prompt: the terminal leaves raw mode and the
  /// status is 128 + the signal (143, 131), without the Swift runtime's crash report.
  @Test(arguments: [SIGTERM, SIGQUIT]) func terminationRestoresTheTerminal(signal: Int32) throws {
    let home = try makeTemporaryFolder()
    defer { removeTree(home) }
    let terminal = try promptWithoutStateFolder(home: home)
    kill(terminal.pid, signal)
    #expect(terminal.waitForExit() == 128 + signal, "output:\n\(terminal.text)")
    #expect(!terminal.isReadingKeys, "the terminal should be back in line mode")
    #expect(!terminal.text.contains("warning"), "output:\n\(terminal.text)")
    #expect(!terminal.text.contains("crashed"), "output:\n\(terminal.text)")
  }

  /// A resize while a line is half typed redraws the line in place: back to the start of
  /// the prompt's row and clear, then the prompt and the line once (libedit alone repeated
  /// them on the same row). The line then runs as typed.
  @Test func resizeRedrawsTheHalfTypedLineInPlace() throws {
    let home = try makeTemporaryFolder()
    defer { removeTree(home) }
    let terminal = try promptWithoutStateFolder(home: home)
    var mark = terminal.output.count
    terminal.send("set w1 0.5")
    try #require(terminal.wait(for: "0.5", after: mark))
    mark = terminal.output.count
    terminal.resize(columns: 60, rows: 20)
    try #require(
      terminal.wait(for: "\r\u{1B}[Jminirnn> set w1 0.5", after: mark),
      "\(terminal.text.debugDescription)")
    mark = terminal.output.count
    terminal.send("7\r")
    #expect(terminal.wait(for: "w1 = 0.57", after: mark), "\(terminal.text.debugDescription)")
    #expect(terminal.waitForPrompt(after: mark))
    terminal.send("\u{04}")
    #expect(terminal.waitForExit() == 0)
  }

  /// The prompt with HOME set to `home` and no XDG_STATE_HOME, at its first prompt.
  private func promptWithoutStateFolder(home: String) throws -> PseudoTerminal {
    let terminal = try PseudoTerminal(
      [minirnnPath],
      environment: environmentEntries(with: ["HOME": home, "XDG_STATE_HOME": nil, "TERM": "xterm"]))
    try #require(terminal.waitForPrompt(after: 0), "output:\n\(terminal.text)")
    return terminal
  }

  /// No HOME and no XDG_STATE_HOME: one warning, and the prompt works without history.
  @Test func noHomeMeansOneWarning() throws {
    let terminal = try PseudoTerminal(
      [minirnnPath],
      environment: environmentEntries(with: ["HOME": nil, "XDG_STATE_HOME": nil, "TERM": "xterm"]))
    try #require(terminal.waitForPrompt(after: 0), "output:\n\(terminal.text)")
    let mark = terminal.output.count
    terminal.send("set w1 2\r")
    #expect(terminal.wait(for: "w1 = 2", after: mark), "output:\n\(terminal.text)")
    #expect(terminal.waitForPrompt(after: mark))
    terminal.send("quit\r")
    #expect(terminal.waitForExit() == 0, "output:\n\(terminal.text)")
    #expect(terminal.occurrences(of: "warning: history disabled:") == 1)
  }

  /// A history file minirnn did not write is left alone, with one warning.
  @Test func foreignHistoryFileIsNotOverwritten() throws {
    let home = try makeTemporaryFolder()
    defer { removeTree(home) }
    let folder = home + "/.local/state/minirnn"
    _ = try run(["/bin/mkdir", "-p", folder])
    let foreign = "not a libedit history\n"
    try writeFile(folder + "/history", foreign)
    let terminal = try PseudoTerminal(
      [minirnnPath],
      environment: environmentEntries(with: ["HOME": home, "XDG_STATE_HOME": nil, "TERM": "xterm"]))
    try #require(terminal.waitForPrompt(after: 0), "output:\n\(terminal.text)")
    let mark = terminal.output.count
    terminal.send("print w1\r")
    #expect(terminal.waitForPrompt(after: mark), "output:\n\(terminal.text)")
    terminal.send("\u{04}")
    #expect(terminal.waitForExit() == 0)
    #expect(
      terminal.occurrences(of: "warning: history disabled:") == 1, "output:\n\(terminal.text)")
    #expect(readFile(folder + "/history") == Array(foreign.utf8))
  }
}
