import Testing

@testable import minirnn

@Suite struct TerminalDetectionTests {
  @Test func colourOnlyForAPersonWhoDidNotRefuseIt() {
    #expect(TerminalDetection.colorAllowed(interactive: true, noColor: nil, term: "xterm"))
    #expect(TerminalDetection.colorAllowed(interactive: true, noColor: "", term: nil))
    #expect(!TerminalDetection.colorAllowed(interactive: true, noColor: "1", term: "xterm"))
    #expect(!TerminalDetection.colorAllowed(interactive: true, noColor: nil, term: "dumb"))
    #expect(!TerminalDetection.colorAllowed(interactive: false, noColor: nil, term: "xterm"))
  }
}
