@preconcurrency import Glibc
import Testing

/// `train`'s progress line at terminals of 80×24 and 60×24: never wider than the terminal.
@Suite(.serialized) struct TerminalFitTests {
  @Test(arguments: FirstContactTests.sizes) func progressLineNeverWiderThanTheTerminal(
    size: (rows: UInt16, columns: UInt16)
  ) throws {
    let home = try makeTemporaryFolder()
    defer { removeTree(home) }
    let (terminal, _) = try startPrompt(home: home, rows: size.rows, columns: size.columns)
    let mark = terminal.output.count
    terminal.send("train 1000000000\r")
    // Long enough for several redraws (one per 100 ms).
    _ = terminal.wait(timeout: 1.5) { false }
    terminal.send("\u{03}")
    try #require(terminal.waitForPrompt(after: mark + 20), "\(terminal.text)")
    let text = String(decoding: terminal.output[mark...], as: UTF8.self)
    let lines = text.components(separatedBy: "\r").filter { $0.hasPrefix("epoch ") }
      .map { $0.components(separatedBy: "\u{1B}").first! }
    try #require(lines.count >= 2, "no progress lines:\n\(text)")
    for line in lines {
      #expect(line.count <= Int(size.columns) - 3, "\(line.count) columns: \(line)")
      #expect(line.contains("/1,000,000,000"), "\(line)")
      #expect(line.contains("ETA "), "\(line)")
      #expect(line.contains("Ctrl-C stops"), "\(line)")
    }
    terminal.send("quit\r")
    #expect(terminal.waitForExit() == 0)
  }
}
