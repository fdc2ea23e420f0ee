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
        $0.hasPrefix(TextLayout.leftPad(String(step.t), 5) + "  ")
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

  /// A diverged run says why: the factors of the sample it diverged on exceeded 1.
  func testADivergedRunSaysWhichFactorsExceededOne() {
    var s = makeSession()
    let ones = Array(repeating: "1", count: 300).joined(separator: " ")
    runScript(&s, "input \(ones); target 1; data custom; set w1 0.5; set w2 5; set w3 1")
    var model = s.state.model
    let report = model.train(on: s.state.dataset!, epochs: 100, learningRate: 0.1)
    XCTAssertEqual(report.outcome, .diverged(epoch: 1, sample: 1))
    let flow = try! XCTUnwrap(report.divergenceFlow)
    XCTAssertEqual(flow.steps.count, 300)
    XCTAssertTrue(flow.steps.dropLast().allSatisfy { $0.factor == 5 }, "ReLU′ = 1 and w₂ = 5")
    let n = Notation(unicode: true, precision: 6)
    let why =
      "why: at the last finite weights the factor ReLU′(aₜ)·w₂ exceeded 1 in 299 of 299 steps back, so ∂L/∂hₜ grew by \(n.compact(flow.product)) from h₃₀₀ to h₁"
    XCTAssertTrue(runScript(&s, "train 100 0.1").contains(why))
    XCTAssertTrue(runScript(&s, "plot loss").contains(why))
  }
}
