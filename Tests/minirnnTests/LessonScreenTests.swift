import Testing

/// Runs `line` at the prompt and returns what it printed up to the next prompt, pressing
/// Enter at each continuation prompt of a lesson screen taller than the terminal.
func typeLessonLine(_ line: String, in terminal: PseudoTerminal) throws -> String {
  let mark = terminal.output.count
  terminal.send(line + "\r")
  var seen = mark + line.utf8.count
  while true {
    try #require(
      terminal.wait(timeout: 60) {
        terminal.occurrences(of: "minirnn> ", after: seen) > 0
          || terminal.occurrences(of: "; or type a command) ", after: seen) > 0
      }, "\(terminal.text)")
    if terminal.occurrences(of: "minirnn> ", after: seen) > 0 {
      try #require(terminal.waitForPrompt(after: seen))
      return String(decoding: terminal.output[mark...], as: UTF8.self)
    }
    try #require(terminal.wait(timeout: 10) { terminal.isReadingKeys })
    seen = terminal.output.count
    terminal.send("\r")
  }
}

/// A lesson step taller than an 80×24 terminal continues at minirnn's own prompt: Enter
/// shows the rest, and a command typed there runs as a command, never in a pager.
@Suite(.serialized) struct LessonScreenTests {
  @Test func tallStepContinuesInsideMinirnnAndACommandTypedThereRuns() throws {
    let home = try makeTemporaryFolder()
    defer { removeTree(home) }
    // A pager that marks every line it shows: any line with the mark went to the pager.
    let pager: [String: String?] = ["MINIRNN_PAGER": "sed 's/^/|/'", "NO_COLOR": nil]
    let (terminal, _) = try startPrompt(home: home, rows: 24, columns: 80, pager)
    let more = "; or type a command) "

    // Lesson 9's first step is about 50 lines: the first page, then the continuation prompt.
    var mark = terminal.output.count
    terminal.send("lesson 9\r")
    try #require(terminal.wait(for: more, after: mark), "\(terminal.text)")
    try #require(terminal.wait(timeout: 10) { terminal.isReadingKeys })
    var shown = String(decoding: terminal.output[mark...], as: UTF8.self)
    #expect(!shown.contains("\n|"), "a lesson screen went to the pager:\n\(shown)")
    #expect(shown.contains("step 1 of "), "\(shown)")
    #expect(!shown.contains("minirnn> "), "\(shown)")
    // The first page fills the terminal but for the prompt's row: 23 rows, each within 80
    // columns (and the echoed command's row).
    let firstPage = shown.components(separatedBy: "\r\n").dropFirst().dropLast()
    #expect(firstPage.count == 23, "\(firstPage.count) rows:\n\(shown)")

    // Enter: the rest, then the ordinary prompt, with the step's question and commands on
    // the screen the step ends on.
    mark = terminal.output.count
    terminal.send("\r")
    try #require(terminal.waitForPrompt(after: mark), "\(terminal.text)")
    shown = String(decoding: terminal.output[mark...], as: UTF8.self)
    #expect(!shown.contains("\n|"), "\(shown)")
    #expect(shown.contains("Question:"), "\(shown)")
    #expect(shown.contains("type:"), "\(shown)")

    // Again, and this time a command typed at the continuation prompt runs as a command.
    mark = terminal.output.count
    terminal.send("where\r")
    try #require(terminal.wait(for: more, after: mark), "\(terminal.text)")
    try #require(terminal.wait(timeout: 10) { terminal.isReadingKeys })
    mark = terminal.output.count
    terminal.send("states\r")
    try #require(terminal.waitForPrompt(after: mark), "\(terminal.text)")
    shown = String(decoding: terminal.output[mark...], as: UTF8.self)
    #expect(shown.contains("h₀") || shown.contains("t "), "states did not run:\n\(shown)")
    #expect(!shown.contains("Question:"), "the rest of the page was not dropped:\n\(shown)")
    #expect(!shown.contains("\n|"), "\(shown)")
    terminal.send("quit\r")
    #expect(terminal.waitForExit() == 0)
  }
}
