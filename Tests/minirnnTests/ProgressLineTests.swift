import Testing

@testable import minirnn

@Suite struct ProgressLineTests {
  @Test func progressLineIsCutToTheTerminal() {
    #expect(ProgressLine.fit("epoch 10/100", columns: 5) == ("epoch", 5))
    #expect(ProgressLine.fit("short", columns: 79) == ("short", 5))
    #expect(
      ProgressLine.fit("\u{1B}[1mbold\u{1B}[0m text", columns: 6)
        == ("\u{1B}[1mbold\u{1B}[0m t\u{1B}[0m", 6))
    #expect(ProgressLine.fit("[██░░] 50%", columns: 6) == ("[██░░]", 6))
  }
}
