import Foundation
import RNN
import XCTest

@testable import Tutor

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// `flow` and `flow sweep`: what they print is the engine's flow, and they fail cleanly.
final class FlowPictureTests: XCTestCase {
  private let setup = "set w1 0.5; set w2 0.5; set w3 1; input 1 1 1 1 1 1; target 1"

  func testFlowShowsEachTimestepsGradientAndFactor() {
    var s = makeSession()
    runScript(&s, setup + "; forward; backward")
    let text = runScript(&s, "flow")
    let n = Notation(unicode: true, precision: 6)
    for step in GradientFlow(s.state.backward!).steps {
      let row = text.split(separator: "\n").first {
        $0.hasPrefix(leftPad(String(step.t), 5) + "  ")
      }
      XCTAssertNotNil(row, "t = \(step.t)")
      XCTAssertTrue(row?.contains(n.compact(step.hiddenGradient, limit: 10)) ?? false, "\(row!)")
      XCTAssertTrue(row?.contains(n.compact(step.factor)) ?? false, "\(row!)")
    }
    XCTAssertTrue(
      text.contains("multiplied by \(n.compact(pow(0.5, 5))) (5 factors)\n"), text)
    runScript(
      &s, "input " + Array(repeating: "1", count: 30).joined(separator: " ") + "; forward; backward"
    )
    XCTAssertTrue(
      runScript(&s, "flow").contains(
        "multiplied by \(n.compact(pow(0.5, 29))) (29 factors): it vanishes"))
  }

  func testSweepDrawsOneLinePerValue() {
    var s = makeSession()
    runScript(&s, setup)
    let text = runScript(&s, "flow sweep w2 0.5 1.5")
    let n = Notation(unicode: true, precision: 6)
    XCTAssertTrue(text.contains("1 w₂ = 0.5: h₆→h₁ multiplied by \(n.compact(pow(0.5, 5)))"), text)
    XCTAssertTrue(text.contains("2 w₂ = 1.5: h₆→h₁ multiplied by \(n.compact(pow(1.5, 5)))"), text)
    XCTAssertNil(s.state.backward, "a sweep works on copies")
    let files = MemoryFiles()
    s.files = files
    runScript(&s, "export svg flow.svg")
    let svg = files["flow.svg"] ?? ""
    XCTAssertEqual(svg.components(separatedBy: "<polyline").count - 1, 2, "one line per value")
    XCTAssertTrue(XMLParser(data: Data(svg.utf8)).parse(), "the SVG is well-formed XML")
  }

  func testBadFlowsChangeNothing() {
    var s = makeSession()
    runScript(&s, setup)
    let before = s.state
    for line in [
      "flow", "flow x", "flow sweep", "flow sweep w2", "flow sweep w3 1 2", "flow sweep w2 a b",
      "flow sweep n 0 5", "flow sweep w2 1 2 3 4 5 6 7",
    ] {
      XCTAssertNotNil(s.execute(line).error, line)
      XCTAssertEqual(s.state, before, line)
    }
    XCTAssertEqual(
      s.execute("flow").error,
      "flow: no backward pass yet; type 'backward' (or 'back' twice) first")
  }
}
