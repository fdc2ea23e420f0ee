@preconcurrency import Glibc
import Testing

/// Tab at a real prompt of 80×24 follows each command's arguments position by position
/// (issue 22's examples): it never repeats a word, and offers what the position takes.
@Suite(.serialized) struct TabPositionTests {
  @Test func tabFollowsTheArgumentPositionAtEightyColumns() throws {
    let home = try makeTemporaryFolder()
    defer { removeTree(home) }
    let (terminal, _) = try startPrompt(home: home, rows: 24, columns: 80)
    var mark = 0
    /// Sends `keys` and waits until `text` shows after them.
    func send(_ keys: String, expecting text: String, _ what: Comment) throws {
      mark = terminal.output.count
      terminal.send(keys)
      try #require(terminal.wait(for: text, after: mark, timeout: 20), "\(what)\n\(terminal.text)")
    }
    /// Ends the line with Enter and returns what the command printed.
    func enter() throws -> String {
      let start = terminal.output.count
      terminal.send("\r")
      try #require(terminal.waitForPrompt(after: start + 1), "\(terminal.text)")
      return String(decoding: terminal.output[start...], as: UTF8.self)
    }

    // `plot ` Tab Tab: one word, `loss`, and nothing more after it.
    try send("plot \t", expecting: "loss ", "plot completes to loss")
    terminal.send("\t")
    let plotted = try enter()
    #expect(plotted.contains("plot loss: no training yet"), "\(plotted)")
    #expect(!terminal.text.contains("loss loss"), "\(terminal.text)")

    // `truncate off ` Tab: truncate takes one word.
    try #require(terminal.waitForPrompt(after: 0))
    mark = terminal.output.count
    terminal.send("truncate off \t")
    _ = terminal.wait(timeout: 0.5) { false }
    let truncated = try enter()
    #expect(!terminal.text.contains("off off"), "\(truncated)")

    // `flow ` Tab: sweep, then what a sweep varies.
    try send("flow s\t", expecting: "weep ", "flow s completes to sweep")
    try send("\t", expecting: "w2", "flow sweep lists what it varies")
    #expect(String(decoding: terminal.output[mark...], as: UTF8.self).contains("n"))
    terminal.send("\u{03}")
    try #require(terminal.waitForPrompt(after: mark))

    // Lists: every mode, the picture kinds after export's file, the lessons, help's groups.
    for (typed, expected) in [
      ("mode ", ["exact", "article", "text"]),
      ("export svg f.svg ", ["landscape", "unroll", "--force"]),
      ("lesson ", ["end", "bptt"]),
      ("help ", ["pictures", "all"]),
    ] {
      mark = terminal.output.count
      terminal.send(typed + "\t\t")
      for word in expected {
        #expect(terminal.wait(for: word, after: mark + typed.utf8.count, timeout: 20), "\(typed)")
      }
      terminal.send("\u{03}")
      try #require(terminal.waitForPrompt(after: mark + typed.utf8.count), "\(terminal.text)")
    }
    terminal.send("quit\r")
    #expect(terminal.waitForExit() == 0)
  }

  /// At the prompt too the start-up file runs first, quietly, and names its errors; `source`
  /// runs a file of commands.
  @Test func startUpFileAndSourceAtThePrompt() throws {
    let home = try makeTemporaryFolder()
    defer { removeTree(home) }
    for folder in ["/.config", "/.config/minirnn"] {
      try #require(mkdir(home + folder, 0o700) == 0)
    }
    try writeFile(home + "/.config/minirnn/init", "set w1 2.25\nbogus\n")
    try writeFile(home + "/more.minirnn", "set w2 0.125\nprint w2\n")
    let (terminal, before) = try startPrompt(home: home, rows: 24, columns: 80)
    #expect(before.contains("/.config/minirnn/init:2: error: unknown command 'bogus'"), "\(before)")
    #expect(!before.contains("w1 = 2.25"), "set says nothing in the start-up file: \(before)")
    #expect(try typeLine("print w1", in: terminal).contains("w1 = 2.25"))
    let sourced = try typeLine("source \(home)/more.minirnn", in: terminal)
    #expect(sourced.contains("w2 = 0.125"), "\(sourced)")
    terminal.send("quit\r")
    #expect(terminal.waitForExit() == 0)
  }
}
