import TestSupport
import XCTest

@testable import RNN

/// The gradient flow's numbers against the records and the chain rule.
final class GradientFlowTests: XCTestCase {
  func testTheProductOfTheFactorsCarriesTheGradientBack() {
    var g = SplitMix64(seed: 9)
    func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * g.nextUnit() }
    for _ in 0..<200 {
      let n = 1 + Int(uniform(0, 12))
      let model = MiniRnn(
        weights: Weights(w1: uniform(0.1, 2), w2: uniform(-1.8, 1.8), w3: uniform(-2, 2)))
      let inputs = (0..<n).map { _ in uniform(0, 1) }
      let flow = GradientFlow(model: model, inputs: inputs, target: uniform(-1, 1))
      XCTAssertEqual(flow.steps.map(\.t), Array((1...n).reversed()))
      let first = flow.steps.first!.hiddenGradient
      let last = flow.steps.last!.hiddenGradient
      // ∂L/∂h_1 = ∂L/∂h_n · ∏_{t=2…n} ReLU′(a_t)·w₂.
      assertWithin(last, first * flow.product, 1e-12 * max(1, abs(first)), "∂L/∂h₁")
      for (later, earlier) in zip(flow.steps, flow.steps.dropFirst()) {
        assertWithin(
          earlier.hiddenGradient, later.hiddenGradient * later.factor, 1e-15, "one step back")
      }
      let sum = flow.steps.compactMap(\.w1Share).reduce(0, +)
      if flow.steps.contains(where: { $0.w1Share != nil }) {
        assertWithin(sum, 1, 1e-9, "the shares of ∂L/∂w₁ add up to 1")
      }
    }
  }

  func testHalfAndOneAndAHalfVanishAndExplode() {
    let inputs = [Double](repeating: 1, count: 30)
    func product(_ w2: Double) -> Double {
      GradientFlow(
        model: MiniRnn(weights: Weights(w1: 0.5, w2: w2, w3: 1)), inputs: inputs, target: 0
      ).product
    }
    // With every a_t > 0, ReLU′ = 1 and the product is w₂²⁹.
    XCTAssertEqual(product(0.5), pow(0.5, 29))
    assertClose(product(1.5), pow(1.5, 29), relative: 1e-12, "exploding")
  }

  func testTruncationShortensTheFlow() {
    var model = MiniRnn(weights: Weights(w1: 1, w2: 0.5, w3: 2))
    model.truncation = 2
    let flow = GradientFlow(model: model, inputs: [1, 1, 1], target: 0)
    XCTAssertEqual(flow.steps.map(\.t), [3, 2])
    XCTAssertEqual(flow.product, 0.5, "one factor, from h₃ to h₂")
  }
}
