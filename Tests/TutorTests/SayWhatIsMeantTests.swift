import Foundation
import RNN
import TestSupport
import XCTest

@testable import Tutor

/// Issue 11, item 6: screens say what they mean. Each expectation is computed here, from the
/// engine or by hand.
final class SayWhatIsMeantTests: XCTestCase {
  /// The must-show example as an engine model, after one `forward; backward`.
  private func oneBackwardPass() -> MiniRnn {
    var model = MiniRnn(weights: Weights(w1: 1.8, w2: -0.5, w3: 1.1))
    let pass = model.forward([0, 0.5])
    _ = model.backward(pass, target: 1)
    return model
  }

  func testTheSummaryLabelsAccumulatedGradientsAsDotG() {
    var session = makeSession()
    session.must(mustShowSetup + "; forward; backward")
    let output = session.must("forward; backward")
    let once = oneBackwardPass().gradients
    let n = Notation(unicode: true, precision: 6)
    // Two passes without 'zero': the .g values are twice one pass's ∂L/∂w.
    XCTAssertTrue(
      output.contains(
        "gradients: w₁.g = \(n.value(2 * once.w1)), w₂.g = \(n.value(2 * once.w2)), w₃.g = \(n.value(2 * once.w3))\n"
      ), output)
    XCTAssertFalse(output.contains("gradients: ∂L"), output)
  }

  func testTrainWarnsAboutLeftoverGradientsOnly() {
    var session = makeSession()
    session.must("model part2; data slopes; forward; backward")
    let g = session.state.model.gradients
    XCTAssertNotEqual(g, .zero)
    let n = Notation(unicode: true, precision: 6)
    let warned = session.must("train 1")
    XCTAssertTrue(
      warned.hasPrefix(
        "note: the gradients are not zero (w₁.g = \(n.value(g.w1)), w₂.g = \(n.value(g.w2)), w₃.g = \(n.value(g.w3))): train's first update includes them; 'zero' first to start clean\n"
      ), warned)
    // The note is true: the engine, started from those gradients, ends where train did.
    var model = MiniRnn(weights: session.state.lastTraining!.start)
    model.gradients = g
    let report = model.train(on: .slopes, epochs: 1, learningRate: MiniRnn.defaultLearningRate)
    XCTAssertEqual(report.end, session.state.model.weights)
    // Train leaves the gradients zero, so a second run has nothing to warn about.
    XCTAssertFalse(session.must("train 1").contains("note:"))
  }

  func testTrainShowsTheLossAtTheFinalWeights() {
    var session = makeSession()
    let output = session.must("model part2; data zigzag; train 50 0.01")
    let w = session.state.model.weights
    var total = 0.0
    for sample in Dataset.zigzag.samples {
      // Eq. 3 and Eq. 2 by hand, then Eq. 1.
      var h = 0.0
      for x in sample.inputs { h = max(0, w.w1 * x + w.w2 * h) }
      let yhat = h * w.w3
      total += 0.5 * (sample.target - yhat) * (sample.target - yhat)
    }
    let expected = total / Double(Dataset.zigzag.samples.count)
    let line = try! XCTUnwrap(
      output.split(separator: "\n").first { $0.hasPrefix("loss at the final weights") })
    XCTAssertTrue(line.hasPrefix("loss at the final weights (mean over the 2 samples of zigzag): "))
    assertWithin(Double(line.split(separator: " ").last!)!, expected, 1e-5, "final loss")
    XCTAssertTrue(output.contains("\nloss (mean over the last epoch): "), output)
  }

  func testTiesRoundAwayFromZeroAsACalculatorDoes() {
    XCTAssertEqual(NumberFormat.significant(-0.1015625, digits: 6), "-0.101563")
    XCTAssertEqual(NumberFormat.significant(0.1015625, digits: 6), "0.101563")
    XCTAssertEqual(NumberFormat.significant(0.125, digits: 2), "0.13")
    XCTAssertEqual(NumberFormat.significant(2.5, digits: 1), "3")
    XCTAssertEqual(NumberFormat.significant(-2.5, digits: 1), "-3")
    XCTAssertEqual(NumberFormat.significant(0.3046875, digits: 6), "0.304688")
    XCTAssertEqual(NumberFormat.significant(0.0625, digits: 2), "0.063")
    XCTAssertEqual(NumberFormat.significant(1.25e-7, digits: 2), "1.2e-07")  // not exact in binary
    // Not ties: as before. 0.15 is 0.1499999999999999944… in binary, so it rounds down.
    XCTAssertEqual(NumberFormat.significant(0.15, digits: 1), "0.1")
    XCTAssertEqual(NumberFormat.significant(-0.1015624, digits: 6), "-0.101562")
    XCTAssertEqual(NumberFormat.significant(0.1015626, digits: 6), "0.101563")
    XCTAssertEqual(NumberFormat.significant(1.0 / 3, digits: 6), "0.333333")
    XCTAssertFalse(isDecimalTie(0.1, significantDigits: 1))
    // Against the exact decimal expansion: every n/2^m (n < 2^10, m ≤ 14) is exact in 30
    // digits, and among them are all the small ties.
    var ties = 0
    for m in 0...14 {
      for n in 1..<1024 {
        let v = -Double(n) / Double(1 << m)
        let exact = String(format: "%.30e", v.magnitude).prefix { $0 != "e" }.filter { $0 != "." }
        for digits in 1...8 {
          let chars = Array(exact)
          let tie = chars[digits] == "5" && chars[(digits + 1)...].allSatisfy { $0 == "0" }
          if tie { ties += 1 }
          if isDecimalTie(v, significantDigits: digits) != tie {
            XCTFail("\(v) at \(digits) digits: a tie is \(tie)")
            return
          }
        }
      }
    }
    XCTAssertGreaterThan(ties, 500)
    XCTAssertTrue(isDecimalTie(0.25, significantDigits: 1))
  }

  func testOneNumberFormatForEchoesAndUpdateFollowsPrecision() {
    var session = makeSession()
    XCTAssertEqual(session.must("target 1"), "y = 1\n")
    XCTAssertEqual(session.must("print y"), "y = 1\n")
    XCTAssertEqual(session.must("set w2 -2"), "w2 = -2\n")
    XCTAssertEqual(session.must("print w2"), "w2 = -2\n")
    XCTAssertEqual(session.must("set lr 0.5"), "lr = 0.5\n")
    // print keeps every digit: it reads back as the same double.
    session.must("set w1 0.1; set w3 0.30000000000000004")
    XCTAssertEqual(session.must("print w3"), "w3 = 0.30000000000000004\n")
    session.must("model part2; input 1 0.5; forward; backward; precision 3")
    let before = session.state.model.weights
    let g = session.state.model.gradients
    let update = session.must("update")
    let n = Notation(unicode: true, precision: 3)
    for w in Weight.allCases {
      let after = before[w] - 0.5 * g[w]
      XCTAssertTrue(
        update.contains(
          "\(w.rawValue) = \(n.value(before[w])) − \(n.value(0.5))·\(n.value(g[w], parenthesized: true)) = \(n.value(after))\n"
        ), update)
      XCTAssertEqual(session.state.model.weights[w], after)
    }
  }
}
