import TestSupport
import XCTest

@testable import RNN

/// Mode text (beyond the article): BPTT with the equations exactly as the text prints them.
final class TextModeTests: XCTestCase {
  /// The README's example, w = (1.8, −0.5, 1.1), x = (0, 0.5), y = 1, by hand:
  ///   h₁ = ReLU(0) = 0, h₂ = ReLU(0.9) = 0.9, ŷ = 0.99
  ///   Eq. 4 as printed: ∂L/∂ŷ = y − ŷ = 0.01; w₃ term = h₂·0.01 = 0.009
  ///   §2.5 as printed: ∂L/∂h₂ = w₂·0.01 = −0.005
  ///   t = 2: tmp = −0.005·ReLU′(h₂ = 0.9) = −0.005, w₂ term = tmp·h₁ = 0,
  ///          w₁ term = tmp·x₂ = −0.0025, ∂L/∂h₁ = −0.005·ReLU′(h₁ = 0)·w₂ = 0
  ///   t = 1: tmp = 0, both terms 0.
  func testTheReadmeExampleByHand() {
    var model = MiniRnn(weights: Weights(w1: 1.8, w2: -0.5, w3: 1.1), mode: .text)
    let back = model.backward(model.forward([0, 0.5]), target: 1)
    let out = back.output!
    assertClose(out.lossGradient, 0.01, relative: 1e-12, "∂L/∂ŷ as printed")
    assertClose(out.dhn, -0.005, relative: 1e-12, "∂L/∂h₂ with w₂")
    assertClose(model.gradients.w3, 0.009, relative: 1e-12, "w3.g")
    assertClose(model.gradients.w1, -0.0025, relative: 1e-12, "w1.g")
    XCTAssertEqual(model.gradients.w2, 0)
    XCTAssertEqual(back.timestep(2)?.dhPrevious, 0, "ReLU′(h₁) = 0 stops it")
  }

  /// With w₂ = w₃ and every h_t > 0, the three errata reduce to one: the sign of Eq. 4. The
  /// text's gradient is then exactly the negated true one.
  func testWithPositiveStatesAndEqualWeightsOnlyTheSignDiffers() {
    var g = SplitMix64(seed: 5)
    for _ in 0..<200 {
      let w = 0.1 + g.nextUnit()
      let weights = Weights(w1: 0.1 + g.nextUnit(), w2: w, w3: w)
      let inputs = (0..<(1 + Int(g.nextUnit() * 8))).map { _ in 0.1 + g.nextUnit() }
      let y = g.nextUnit() * 3
      var exact = MiniRnn(weights: weights, mode: .exact)
      var text = MiniRnn(weights: weights, mode: .text)
      exact.backward(exact.forward(inputs), target: y)
      text.backward(text.forward(inputs), target: y)
      XCTAssertEqual(text.gradients.w1, -exact.gradients.w1)
      XCTAssertEqual(text.gradients.w2, -exact.gradients.w2)
      XCTAssertEqual(text.gradients.w3, -exact.gradients.w3)
    }
  }

  func testTrainingClimbsAndMatchesStepping() {
    let start = Weights(w1: 0.5, w2: 0.3, w3: 0.8)
    func meanLoss(_ w: Weights) -> Double {
      let m = MiniRnn(weights: w)
      return Dataset.slopes.samples.map {
        Cell.loss(prediction: m.predict($0.inputs), target: $0.target)
      }.reduce(0, +) / 3
    }
    var trained = MiniRnn(weights: start, mode: .text)
    trained.train(on: .slopes, epochs: 2000)
    XCTAssertGreaterThan(meanLoss(trained.weights), meanLoss(start), "it climbs")
    var stepped = MiniRnn(weights: start, mode: .text)
    var again = stepped
    again.train(on: .slopes, epochs: 3)
    for _ in 0..<3 {
      for sample in Dataset.slopes.samples {
        stepped.backward(stepped.forward(sample.inputs), target: sample.target)
        stepped.update(learningRate: MiniRnn.defaultLearningRate)
        stepped.zeroGradients()
      }
    }
    XCTAssertEqual(again.weights, stepped.weights, "the loop is the stepping code, bit for bit")
  }
}
