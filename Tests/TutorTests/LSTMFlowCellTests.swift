import Foundation
import RNN
import TestSupport
import XCTest

@testable import Tutor

/// `flow` under `model lstm` compares with the session's RNN as it is, cell included: with a
/// tanh cell and a bias its factor is tanh′(aₜ)·w₂ and the screen says so (it wrote ReLU′
/// over tanh's numbers).
final class LSTMFlowCellTests: XCTestCase {
  func testTheRNNsFactorIsNamedForItsOwnActivation() {
    var s = makeSession()
    s.must("model part2; activation tanh; set b 0.2; model lstm; input 1 2 3; target 0.5")
    s.must("forward; backward")
    let flow = s.must("flow")
    let n = s.notation
    // The RNN's forward pass by hand: w₁ = 1.8, w₂ = −0.5, b = 0.2, h₀ = 0.
    let h1 = tanh(1.8 * 1 + 0.2)
    let h2 = tanh(1.8 * 2 - 0.5 * h1 + 0.2)
    let h3 = tanh(1.8 * 3 - 0.5 * h2 + 0.2)
    let factor3 = (1 - h3 * h3) * -0.5
    let factor2 = (1 - h2 * h2) * -0.5
    // (the equation may be laid out over two lines)
    let words = flow.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    XCTAssertTrue(words.contains("w₃ = 1.1, tanh, b = 0.2): ∂L/∂hₜ₋₁ = ∂L/∂hₜ·tanh′(aₜ)·w₂"), flow)
    XCTAssertTrue(flow.contains("tanh′·w₂"), flow)
    XCTAssertFalse(flow.contains("ReLU"), flow)
    let rows = flow.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
    let row3 = rows.first { $0.first == "3" }!
    let row2 = rows.first { $0.first == "2" }!
    XCTAssertEqual(row3[5], n.compact(factor3, limit: 10), flow)
    XCTAssertEqual(row2[5], n.compact(factor2, limit: 10), flow)
  }

  func testTheArticlesCellKeepsReLU() {
    var s = makeSession()
    s.must("model lstm; input 1 2 3; target 0.5; forward; backward")
    let flow = s.must("flow")
    XCTAssertTrue(flow.contains("w₃ = 1.1): ∂L/∂hₜ₋₁ = ∂L/∂hₜ·ReLU′(aₜ)·w₂"), flow)
    XCTAssertTrue(flow.contains("ReLU′·w₂"), flow)
  }
}
