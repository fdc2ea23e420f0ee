@preconcurrency import Glibc
import Testing

/// The environment of a prompt test: a fresh HOME, no colour and no pager unless `changes`
/// say otherwise.
func terminalEnvironment(home: String, _ changes: [String: String?] = [:]) -> [String] {
  var all: [String: String?] = [
    "HOME": home, "XDG_STATE_HOME": home + "/state", "TERM": "xterm", "LANG": "C.UTF-8",
    "LC_ALL": nil, "NO_COLOR": "1", "MINIRNN_PAGER": nil, "PAGER": "", "LESS": nil,
    "XDG_CONFIG_HOME": nil,
  ]
  all.merge(changes) { _, new in new }
  return environmentEntries(with: all)
}

/// Starts the prompt, waits for it, and returns the terminal and what came before it.
func startPrompt(
  _ arguments: [String] = [], home: String, rows: UInt16, columns: UInt16,
  _ changes: [String: String?] = [:]
) throws -> (PseudoTerminal, String) {
  let terminal = try PseudoTerminal(
    [minirnnPath] + arguments, environment: terminalEnvironment(home: home, changes), rows: rows,
    columns: columns)
  try #require(terminal.waitForPrompt(after: 0), "no prompt\n\(terminal.text)")
  let before = terminal.text.components(separatedBy: "minirnn> ").first ?? ""
  return (terminal, before)
}

/// Runs `line` and returns what it printed up to the next prompt.
func typeLine(_ line: String, in terminal: PseudoTerminal) throws -> String {
  let mark = terminal.output.count
  terminal.send(line + "\r")
  try #require(terminal.waitForPrompt(after: mark + line.utf8.count), "\(terminal.text)")
  return String(decoding: terminal.output[mark...], as: UTF8.self)
}

/// What a new learner meets at a terminal of 80×24 and of 60×24: the welcome, the pager for
/// long output, and Ctrl-D's newline. Scripts get none of them.
@Suite(.serialized) struct FirstContactTests {
  static let sizes: [(rows: UInt16, columns: UInt16)] = [(24, 80), (24, 60)]

  @Test(arguments: sizes) func welcomeNamesVersionFirstLessonAndHelp(
    size: (rows: UInt16, columns: UInt16)
  ) throws {
    let home = try makeTemporaryFolder()
    defer { removeTree(home) }
    let (terminal, welcome) = try startPrompt(home: home, rows: size.rows, columns: size.columns)
    #expect(welcome.contains("minirnn 0.1.0"), "\(welcome)")
    #expect(welcome.contains("new here? type 'lesson 0'"), "\(welcome)")
    #expect(welcome.contains("'help'"), "\(welcome)")
    let lines = welcome.split(separator: "\r\n")
    #expect(lines.count == 2 || lines.count == 3, "\(welcome)")
    for line in lines { #expect(line.count < Int(size.columns), "\(line)") }

    // Ctrl-D on the empty prompt: a newline, so the shell's prompt starts on a line of its own.
    let mark = terminal.output.count
    terminal.send("\u{04}")
    #expect(terminal.waitForExit() == 0)
    _ = terminal.wait(timeout: 1) { false }
    #expect(terminal.output.count > mark && terminal.output.last == UInt8(ascii: "\n"), "\(terminal.text)")
  }

  @Test func quietStartsWithoutTheWelcome() throws {
    let home = try makeTemporaryFolder()
    defer { removeTree(home) }
    for flag in ["-q", "--quiet"] {
      let (terminal, before) = try startPrompt([flag], home: home, rows: 24, columns: 80)
      #expect(!before.contains("minirnn 0.1.0"), "\(flag): \(before)")
      terminal.send("quit\r")
      #expect(terminal.waitForExit() == 0)
    }
  }

  @Test func welcomeNamesTheLessonInProgress() throws {
    let home = try makeTemporaryFolder()
    defer { removeTree(home) }
    let progress = "current 03-bptt\nlesson 03-bptt step 4 done 1 2 3\n"
    try #require(mkdir(home + "/state", 0o700) == 0 && mkdir(home + "/state/minirnn", 0o700) == 0)
    try writeFile(home + "/state/minirnn/lesson-progress", progress)
    let (terminal, welcome) = try startPrompt(home: home, rows: 24, columns: 60)
    #expect(welcome.contains("'lesson' resumes lesson 3 (bptt), in progress at step 4"), "\(welcome)")
    #expect(!welcome.contains("new here?"), "\(welcome)")
    // And `lesson` does resume it there.
    let resumed = try typeLessonLine("lesson", in: terminal)
    #expect(resumed.contains("resuming at step 4"), "\(resumed)")
    terminal.send("quit\r")
    #expect(terminal.waitForExit() == 0)
  }

  @Test func scriptsHaveNoWelcomeAndNoPager() throws {
    let changes: [String: String?] = ["MINIRNN_PAGER": "sed 's/^/|/'", "NO_COLOR": nil]
    let quit = try run([minirnnPath, "-e", "quit"], environment: changes)
    #expect(quit.stdout == "" && quit.status == 0, "\(quit.stdout)")
    let help = try run([minirnnPath, "-e", "help all"], environment: changes)
    #expect(help.status == 0)
    #expect(help.stdoutLines.count > 30)
    #expect(!help.stdout.hasPrefix("|") && !help.stdout.contains("\n|"), "a script must not page")
  }

  @Test(arguments: sizes) func longOutputGoesThroughThePagerOnlyWhenLongerThanTheTerminal(
    size: (rows: UInt16, columns: UInt16)
  ) throws {
    let home = try makeTemporaryFolder()
    defer { removeTree(home) }
    let pager: [String: String?] = ["MINIRNN_PAGER": "sed 's/^/|/'", "NO_COLOR": nil]
    let (terminal, _) = try startPrompt(home: home, rows: size.rows, columns: size.columns, pager)
    // `help` fits one screen: no pager.
    let overview = try typeLine("help", in: terminal)
    #expect(!overview.contains("\n|"), "\(overview)")
    let lines = overview.split(separator: "\r\n").dropFirst()  // the echoed command
    #expect(lines.count < Int(size.rows), "\(overview)")
    // `help all` does not: every line through the pager.
    let all = try typeLine("help all", in: terminal)
    #expect(all.contains("|Model\r\n"), "\(all)")
    #expect(all.contains("|  step "), "\(all)")
    terminal.send("quit\r")
    #expect(terminal.waitForExit() == 0)
  }

  @Test func pagerGetsLessFRXUnlessLessIsSetAndNoColorLeavesItOn() throws {
    let home = try makeTemporaryFolder()
    defer { removeTree(home) }
    let show = "echo \"LESS=[$LESS]\"; cat >/dev/null"
    let cases: [([String: String?], String?)] = [
      (["MINIRNN_PAGER": show, "NO_COLOR": nil], "LESS=[FRX]"),
      (["MINIRNN_PAGER": show, "NO_COLOR": nil, "LESS": "-S"], "LESS=[-S]"),
      // $PAGER when MINIRNN_PAGER is not set.
      (["PAGER": show, "NO_COLOR": nil], "LESS=[FRX]"),
      // NO_COLOR changes colour only: the pager still runs.
      (["MINIRNN_PAGER": show, "NO_COLOR": "1"], "LESS=[FRX]"),
      // TERM=dumb: no pager, the text as it is.
      (["MINIRNN_PAGER": show, "NO_COLOR": nil, "TERM": "dumb"], nil),
      // Set to "" or cat: no pager.
      (["MINIRNN_PAGER": "", "PAGER": show, "NO_COLOR": nil], nil),
    ]
    for (changes, expected) in cases {
      let (terminal, _) = try startPrompt(home: home, rows: 24, columns: 80, changes)
      let output = try typeLine("help all", in: terminal)
      if let expected {
        #expect(output.contains(expected), "\(changes): \(output)")
        #expect(!output.contains("Model"), "\(changes): the text went to the pager")
      } else {
        #expect(!output.contains("LESS="), "\(changes): \(output)")
        #expect(output.contains("\r\nModel\r\n"), "\(changes): \(output)")
      }
      terminal.send("quit\r")
      #expect(terminal.waitForExit() == 0)
    }
  }
}
