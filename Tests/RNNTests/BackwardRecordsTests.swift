import TestSupport
import XCTest

@testable import RNN

/// The numbers the screens show that the records now carry: ∂ŷ/∂h_t, §2.3's local
/// derivatives, this pass's own sums, and the replay from zero gradients.
final class BackwardRecordsTests: XCTestCase {
  /// Seeded random cases with some a_t ≤ 0, so ReLU′ takes both values.
  private func cases(_ count: Int) -> [(weights: Weights, inputs: [Double], target: Double)] {
    var g = SplitMix64(seed: 2024)
    func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * g.nextUnit() }
    return (0..<count).map { _ in
      let n = 1 + Int(uniform(0, 6))
      return (
        Weights(w1: uniform(-2, 2), w2: uniform(-1.5, 1.5), w3: uniform(-2, 2)),
        (0..<n).map { _ in uniform(-1, 1) }, uniform(-1, 1)
      )
    }
  }

  /// ŷ with h_t replaced by h_t + δ and the rest of the forward pass run from there.
  private func prediction(
    _ c: (weights: Weights, inputs: [Double], target: Double), t: Int,
    nudge: Double
  ) -> Double {
    var h = 0.0
    for (i, x) in c.inputs.enumerated() {
      h = Cell.relu(Cell.preactivation(w1: c.weights.w1, w2: c.weights.w2, x: x, hPrevious: h))
      if i + 1 == t { h += nudge }
    }
    return Cell.output(w3: c.weights.w3, h: h)
  }

  func testOutputSensitivityIsTheDerivativeOfThePredictionByTheHiddenState() {
    var checked = 0
    for c in cases(300) {
      var pass = ForwardPass(inputs: c.inputs, weights: c.weights)
      pass.run()
      let back = BackwardPass.fromZero(forward: pass, target: c.target, mode: .exact)
      let forward = pass.outputSensitivities
      XCTAssertEqual(back.output!.outputSensitivity, forward[pass.count])
      for r in back.timesteps {
        XCTAssertEqual(r.outputSensitivity, forward[r.t], "the record and the pass agree")
        // Central difference in h_t; skip where a later a_k sits at ReLU's kink.
        let eps = 1e-6
        let up = prediction(c, t: r.t, nudge: eps)
        let down = prediction(c, t: r.t, nudge: -eps)
        let kink = pass.steps.dropFirst(r.t).contains { abs($0.preactivation) < 1e-4 }
        guard !kink else { continue }
        assertWithin(r.outputSensitivity, (up - down) / (2 * eps), 1e-7, "∂ŷ/∂h\(r.t)")
        // BPTT's ∂L/∂h_t is ∂L/∂ŷ times it (§2.5).
        assertClose(
          r.dh, back.output!.lossGradient * r.outputSensitivity, relative: 1e-12, "∂L/∂h\(r.t)")
        checked += 1
      }
    }
    XCTAssertGreaterThan(checked, 300, "enough timesteps away from the kink were checked")
  }

  func testLocalDerivativesAreReluPrimeTimesTheirFactor() {
    for c in cases(100) {
      var pass = ForwardPass(inputs: c.inputs, weights: c.weights)
      pass.run()
      let back = BackwardPass.fromZero(forward: pass, target: c.target, mode: .exact)
      for r in back.timesteps {
        let f = pass.steps[r.t - 1]
        XCTAssertEqual(f.reluPrime, r.reluPrime)
        XCTAssertEqual(f.hiddenByW1, r.reluPrime * r.x)
        XCTAssertEqual(f.hiddenByW2, r.reluPrime * r.hPrevious)
        XCTAssertEqual(r.hiddenByW1, f.hiddenByW1)
        XCTAssertEqual(r.hiddenByW2, f.hiddenByW2)
        // Erratum 5: the text's ReLU′(h_{t−1}) differs from ReLU′(a_t) only sometimes.
        XCTAssertEqual(f.reluPrimeAsPrinted, f.hPrevious > 0 ? 1 : 0)
      }
    }
  }

  func testPassGradientsAreThisPassAloneWhileGradientsAccumulate() {
    for c in cases(100) {
      var pass = ForwardPass(inputs: c.inputs, weights: c.weights)
      pass.run()
      var gradients = Gradients.zero
      var first = BackwardPass(forward: pass, target: c.target, mode: .exact)
      first.run(accumulatingInto: &gradients)
      XCTAssertEqual(first.passGradients, gradients, "from zero, the pass is the whole gradient")
      XCTAssertEqual(
        first.passGradients.w1, first.timesteps.map(\.w1Term).reduce(0, +), "§2.6's sum")
      var second = BackwardPass(forward: pass, target: c.target, mode: .exact)
      second.run(accumulatingInto: &gradients)
      XCTAssertEqual(second.passGradients, first.passGradients)
      assertClose(
        gradients.w1, 2 * first.passGradients.w1, relative: 1e-14, "two passes accumulate")
      XCTAssertEqual(
        BackwardPass.fromZero(forward: pass, target: c.target, mode: .exact).passGradients,
        first.passGradients)
      for t in 1...pass.count { XCTAssertEqual(first.timestep(t)?.t, t) }
      XCTAssertNil(first.timestep(0))
      XCTAssertNil(first.timestep(pass.count + 1))
    }
  }

  func testArticleModeLosesTheOutputTermInThePassSumsToo() {
    var pass = ForwardPass(inputs: [0, 0.5], weights: Weights(w1: 1.8, w2: -0.5, w3: 1.1))
    pass.run()
    let back = BackwardPass.fromZero(forward: pass, target: 1, mode: .article)
    XCTAssertEqual(back.passGradients.w3, 0, "erratum 1: the term goes to w3g")
    XCTAssertNotEqual(back.output!.w3Term, 0)
    XCTAssertEqual(Cell.lossGradientAsPrinted(prediction: 0.99, target: 1), 1 - 0.99)
  }
}
