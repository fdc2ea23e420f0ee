import TestSupport
import XCTest

@testable import RNN

/// Truncated BPTT and gradient-norm clipping (beyond the article), checked by hand, by
/// central finite differences of the truncated objective, and against the training loop.
final class TruncationClippingTests: XCTestCase {
  /// w = (1, 0.5, 2), x = (1, 1, 1), y = 0, worked by hand (every number is exact in binary):
  ///   h₁ = ReLU(1·1 + 0.5·0) = 1, h₂ = ReLU(1 + 0.5·1) = 1.5, h₃ = ReLU(1 + 0.5·1.5) = 1.75
  ///   ŷ = 2·1.75 = 3.5, ∂L/∂ŷ = 3.5 − 0 = 3.5, w₃ term = 1.75·3.5 = 6.125, ∂L/∂h₃ = 2·3.5 = 7
  ///   t = 3: tmp = 7·1 = 7,      w₂ term = 7·1.5 = 10.5, w₁ term = 7·1 = 7,   ∂L/∂h₂ = 7·0.5 = 3.5
  ///   t = 2: tmp = 3.5,          w₂ term = 3.5·1 = 3.5,  w₁ term = 3.5,      ∂L/∂h₁ = 1.75
  ///   t = 1: tmp = 1.75,         w₂ term = 1.75·0 = 0,   w₁ term = 1.75
  /// so full BPTT gives w₁.g = 12.25, w₂.g = 14; K = 2 keeps t = 3, 2: 10.5 and 14; K = 1
  /// keeps t = 3: 7 and 10.5. w₃.g = 6.125 whatever K is.
  private let hand = (weights: Weights(w1: 1, w2: 0.5, w3: 2), inputs: [1.0, 1, 1], target: 0.0)

  private func gradients(truncation: Int?) -> (Gradients, BackwardPass) {
    var model = MiniRnn(weights: hand.weights)
    model.truncation = truncation
    let back = model.backward(model.forward(hand.inputs), target: hand.target)
    return (model.gradients, back)
  }

  func testTruncationKeepsTheLastKTimestepsByHand() {
    let expected: [(Int?, Double, Double, Int)] = [
      (nil, 12.25, 14, 3), (3, 12.25, 14, 3), (9, 12.25, 14, 3), (2, 10.5, 14, 2), (1, 7, 10.5, 1),
    ]
    for (k, w1, w2, handled) in expected {
      let (g, back) = gradients(truncation: k)
      XCTAssertEqual(g.w1, w1, "w1.g with K = \(String(describing: k))")
      XCTAssertEqual(g.w2, w2, "w2.g with K = \(String(describing: k))")
      XCTAssertEqual(g.w3, 6.125)
      XCTAssertEqual(back.handledTimesteps, handled)
      XCTAssertEqual(back.count, handled + 1)
      XCTAssertEqual(back.timesteps.map(\.t), Array((4 - handled...3).reversed()))
      XCTAssertEqual(back.droppedTimesteps, handled < 3 ? 1...(3 - handled) : nil)
    }
  }

  func testClippingScalesAsClipGradNormDoes() {
    let (g, _) = gradients(truncation: 1)
    // √(7² + 10.5² + 6.125²) = √196.765625
    let norm = 196.765625.squareRoot()
    let clip = Clipping(g, maxNorm: 1)!
    XCTAssertEqual(clip.norm, norm)
    XCTAssertEqual(clip.factor, 1 / (norm + 1e-6))
    assertClose(Clipping.norm(clip.clipped), 1, relative: 1e-6, "the clipped norm is the limit")
    XCTAssertEqual(clip.clipped.w2 / clip.clipped.w1, 1.5, "the direction is kept")
    XCTAssertNil(Clipping(g, maxNorm: 15), "within the limit nothing changes")
    var model = MiniRnn(weights: hand.weights)
    model.truncation = 1
    model.clipNorm = 1
    model.backward(model.forward(hand.inputs), target: hand.target)
    let applied = model.update(learningRate: 0.1)
    XCTAssertEqual(applied, clip)
    XCTAssertEqual(model.weights.w1, 1 - clip.clipped.w1 * 0.1)
  }

  /// With truncation, BPTT is the derivative of the loss with h_{n−K} held constant: central
  /// finite differences of that objective agree on random cases.
  func testTruncatedGradientsMatchFiniteDifferencesOfTheDetachedLoss() {
    var g = SplitMix64(seed: 77)
    func uniform(_ a: Double, _ b: Double) -> Double { a + (b - a) * g.nextUnit() }
    var worst = 0.0
    var checked = 0
    for _ in 0..<500 {
      let n = 2 + Int(uniform(0, 8))
      var model = MiniRnn(
        weights: Weights(w1: uniform(-2, 2), w2: uniform(-1.5, 1.5), w3: uniform(-2, 2)))
      model.truncation = 1 + Int(uniform(0, Double(n)))
      let inputs = (0..<n).map { _ in uniform(-1, 1) }
      let check = model.gradientCheck(inputs: inputs, target: uniform(-1, 1))
      guard !check.nearKink else { continue }
      for row in check.rows {
        worst = max(worst, row.relativeError)
        assertWithin(
          row.backpropagated, row.numeric, 1e-6 * max(1, abs(row.numeric)), "\(row.weight)")
      }
      checked += 1
    }
    XCTAssertGreaterThan(checked, 200)
    XCTAssertLessThan(worst, 1e-5, "worst relative error \(worst)")
  }

  /// The training loop's truncation and clipping are the stepping code's, to the bit.
  func testTrainingAgreesWithSteppingBitForBit() {
    let data = Dataset(
      name: "one", summary: "", samples: [Sample(inputs: hand.inputs, target: hand.target)])
    for (k, clip) in [(1, 1.0), (2, nil), (nil, 0.5), (3, 100)] as [(Int?, Double?)] {
      var trained = MiniRnn(weights: hand.weights)
      trained.truncation = k
      trained.clipNorm = clip
      var stepped = trained
      let report = trained.train(on: data, epochs: 3, learningRate: 0.01)
      var clipped = 0
      for _ in 0..<3 {
        stepped.backward(stepped.forward(hand.inputs), target: hand.target)
        if stepped.update(learningRate: 0.01) != nil { clipped += 1 }
        stepped.zeroGradients()
      }
      XCTAssertEqual(
        trained.weights, stepped.weights,
        "K = \(String(describing: k)), clip \(String(describing: clip))")
      XCTAssertEqual(report.clippedSteps, clipped)
    }
  }
}
