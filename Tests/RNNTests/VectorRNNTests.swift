import RNN
import TestSupport
import XCTest

/// The vector RNN against the article's cell (K = 1), a hand derivation (K = 2) and central
/// finite differences (K 1–4, each activation, each loss).
final class VectorRNNTests: XCTestCase {
  /// The article's model as a vector RNN of one unit: W_xh = w₁, W_hh = w₂, w_y = w₃.
  static func article(_ w: Weights) -> VectorRNN {
    VectorRNN(
      weights: VectorWeights(size: 1, values: [w.w1, w.w2, 0, w.w3, 0]), activation: .relu,
      trainsBiases: false)
  }

  /// K = 1 with ReLU and no biases is the article's cell: every forward and BPTT number, and a
  /// 2,000-epoch run on §3.1's data, bit for bit (exact mode: the article's equations).
  func testOneUnitIsTheArticlesCellBitForBit() {
    let starts = [Weights(w1: 0.5, w2: 0.3, w3: 0.8), Weights(w1: 1.8, w2: -0.5, w3: 1.1)]
    for start in starts {
      for sample in Dataset.slopes.samples + Dataset.zigzag.samples {
        var article = MiniRnn(weights: start, mode: .exact)
        var vector = Self.article(start)
        let pass = article.forward(sample.inputs)
        let vpass = vector.forward(sample.inputs)
        for (a, v) in zip(pass.steps, vpass.steps) {
          XCTAssertEqual(a.h.bitPattern, v.h[0].bitPattern)
          XCTAssertEqual(a.preactivation.bitPattern, v.a[0].bitPattern)
        }
        XCTAssertEqual(pass.prediction!.bitPattern, vpass.prediction!.bitPattern)
        let back = article.backward(pass, target: sample.target)
        let vback = vector.backward(vpass, target: sample.target)
        for (a, v) in zip(back.timesteps, vback.timesteps) {
          XCTAssertEqual(a.dh.bitPattern, v.dh[0].bitPattern, "∂L/∂h_\(a.t)")
          XCTAssertEqual(a.dhPrevious.bitPattern, v.dhPrevious[0].bitPattern)
        }
        XCTAssertEqual(article.gradients.w1.bitPattern, vector.gradients.wxh[0].bitPattern)
        XCTAssertEqual(article.gradients.w2.bitPattern, vector.gradients.whh[0].bitPattern)
        XCTAssertEqual(article.gradients.w3.bitPattern, vector.gradients.wy[0].bitPattern)
      }
      var article = MiniRnn(weights: start, mode: .exact)
      var vector = Self.article(start)
      let a = article.train(on: .slopes, epochs: 2000, learningRate: 0.001)
      let v = vector.train(on: .slopes, epochs: 2000, learningRate: 0.001)
      XCTAssertEqual(a.finalLoss.bitPattern, v.finalLoss.bitPattern)
      XCTAssertEqual(article.weights.w1.bitPattern, vector.weights.wxh[0].bitPattern)
      XCTAssertEqual(article.weights.w2.bitPattern, vector.weights.whh[0].bitPattern)
      XCTAssertEqual(article.weights.w3.bitPattern, vector.weights.wy[0].bitPattern)
    }
  }

  /// A case worked by hand, K = 2, identity φ, x = (1, 2), targets (1, 0) with a loss at every
  /// step:
  ///   W_xh = (1, 0), W_hh = [[0, 1], [1, 0]] (a swap), b = (0, 0), w_y = (1, 2), c = 0.
  ///   t=1: a₁ = (1, 0) = h₁, ŷ₁ = 1·1 + 2·0 = 1.      t=2: a₂ = (2, 0) + (0, 1) = (2, 1) = h₂,
  ///   ŷ₂ = 2 + 2 = 4.   L = ½(1 − 1)² + ½(0 − 4)² = 8.
  ///   ∂L/∂ŷ₂ = 4: w_y += 4·h₂ = (8, 4), c += 4, ∂L/∂h₂ = 4·w_y = (4, 8) = ∂L/∂a₂.
  ///   W_xh += ∂L/∂a₂·x₂ = (8, 16); W_hh += ∂L/∂a₂·h₁ᵀ = [[4, 0], [8, 0]]; b += (4, 8).
  ///   t=1: ∂L/∂ŷ₁ = 0 (road from ŷ₁: 0); road from h₂: W_hhᵀ·(4, 8) = (8, 4) = ∂L/∂a₁.
  ///   W_xh += (8, 4)·1 → (16, 20); W_hh += (8, 4)·h₀ᵀ = 0; b += (8, 4) → (12, 12).
  func testHandDerivedTwoUnits() {
    var model = VectorRNN(
      weights: VectorWeights(size: 2, values: [1, 0, 0, 1, 1, 0, 0, 0, 1, 2, 0]),
      activation: .identity, loss: .every)
    let pass = model.forward([1, 2])
    XCTAssertEqual(pass.outputs, [1, 4])
    XCTAssertEqual(model.loss.loss(outputs: pass.outputs, targets: [1, 0]), 8)
    var back = model.startBackward(pass, targets: [1, 0])
    back.run(accumulatingInto: &model.gradients)
    let g = model.gradients
    XCTAssertEqual(g.wy, [8, 4])
    XCTAssertEqual(g.c, 4)
    XCTAssertEqual(g.wxh, [16, 20])
    XCTAssertEqual(g.whh, [4, 0, 8, 0])
    XCTAssertEqual(g.b, [12, 12])
    XCTAssertEqual(back.timestep(2)?.fromNext, [0, 0])
    XCTAssertEqual(back.timestep(1)?.fromNext, [8, 4])
    XCTAssertEqual(back.timestep(1)?.fromOutput, [0, 0])
  }

  /// A seeded random model of K units, with weights scaled so the passes stay moderate.
  static func randomModel(
    size k: Int, activation: Activation, loss: LossReadout, seed: UInt64
  ) -> (VectorRNN, [Double], [Double]) {
    var rng = SplitMix64(seed: seed)
    var model = VectorRNN(weights: VectorWeights(size: k), activation: activation, loss: loss)
    model.randomize(using: &rng)
    let n = 1 + Int(rng.next() % 6)
    let x = (0..<n).map { _ in rng.nextUnit() * 2 - 1 }
    let y = (0..<n).map { _ in rng.nextUnit() * 2 - 1 }
    return (model, x, y)
  }

  /// Every gradient against central differences (h = 1e−6) of the loss, for K = 1…4, each
  /// activation and each loss; ReLU cases whose kink lies within h of a pre-activation are
  /// skipped (the derivative does not exist there).
  func testGradientsAgreeWithCentralDifferences() {
    var compared = 0
    for k in 1...4 {
      for activation in VectorRNN.activations {
        for loss in LossReadout.allCases {
          for seed in UInt64(1)...4 {
            var (model, x, y) = Self.randomModel(
              size: k, activation: activation, loss: loss, seed: seed * 31 + UInt64(k))
            let pass = model.forward(x)
            if activation == .relu, pass.steps.contains(where: { $0.a.contains { abs($0) < 1e-4 } })
            {
              continue
            }
            var back = model.startBackward(pass, targets: y)
            back.run(accumulatingInto: &model.gradients)
            for p in model.weights.names {
              var plus = model
              plus.weights[p] += 1e-6
              var minus = model
              minus.weights[p] -= 1e-6
              let numeric =
                (plus.loss(inputs: x, targets: y) - minus.loss(inputs: x, targets: y)) / 2e-6
              XCTAssertEqual(
                model.gradients[p], numeric, accuracy: 1e-6 * max(1, abs(numeric)),
                "\(p.name), K = \(k), \(activation), \(loss), seed \(seed)")
              compared += 1
            }
          }
        }
      }
    }
    XCTAssertGreaterThan(compared, 1000)
  }

  /// The training loop's sample step gives the gradients the stepwise passes give, bit for
  /// bit, for each activation and loss.
  func testTrainingStepMatchesTheStepwisePasses() {
    for k in [1, 3, 8] {
      for activation in VectorRNN.activations {
        for loss in LossReadout.allCases {
          let (model, x, y) = Self.randomModel(
            size: k, activation: activation, loss: loss, seed: 900 + UInt64(k))
          let data = Dataset(
            name: "one", summary: "", samples: [Sample(inputs: x, targets: y)])
          var stepped = model
          var back = stepped.startBackward(stepped.forward(x), targets: y)
          back.run(accumulatingInto: &stepped.gradients)
          stepped.update(learningRate: 0.1)
          var trained = model
          let run = trained.train(on: data, epochs: 1, learningRate: 0.1)
          XCTAssertEqual(run.finalLoss.bitPattern, back.lossValue.bitPattern)
          XCTAssertEqual(
            trained.weights.values.map(\.bitPattern), stepped.weights.values.map(\.bitPattern),
            "K = \(k), \(activation), \(loss)")
        }
      }
    }
  }

  /// PyTorch's default initialisation draws within ±1/√K.
  func testRandomizeStaysWithinPyTorchsBounds() {
    var rng = SplitMix64(seed: 5)
    for k in VectorWeights.sizes {
      var model = VectorRNN(weights: VectorWeights(size: k))
      model.randomize(using: &rng)
      let bound = 1 / Double(k).squareRoot()
      for p in model.weights.names {
        let v = model.weights[p]
        if case .b = p {
          XCTAssertLessThanOrEqual(abs(v), 2 * bound)
        } else {
          XCTAssertLessThanOrEqual(abs(v), bound)
        }
      }
    }
  }

  /// The echo data set's targets are its inputs D steps back.
  func testEchoAndNextTargets() {
    for d in [0, 1, 3] {
      for s in Dataset.echo(delay: d).samples {
        for t in s.inputs.indices {
          XCTAssertEqual(s.targets![t], t >= d ? s.inputs[t - d] : 0)
        }
      }
    }
    for s in Dataset.next.samples {
      XCTAssertEqual(Array(s.targets!.dropLast()), Array(s.inputs.dropFirst()))
    }
  }

  /// A step that would make a trained parameter NaN or infinite is not taken: the run stops
  /// with the weights after the step before it, bit for bit, and untrained biases never
  /// count (VectorWeights checks p − g·lr before stepping instead of restoring a copy).
  func testDivergingRunKeepsTheLastFiniteWeights() {
    for trainsBiases in [true, false] {
      var rng = SplitMix64(seed: 77)
      var start = VectorRNN(
        weights: VectorWeights(size: 3), activation: .identity, loss: .every,
        trainsBiases: trainsBiases)
      start.randomize(using: &rng)
      start.weights.whh = start.weights.whh.map { $0 * 4 }
      var diverging = start
      let run = diverging.train(on: .echo(delay: 1), epochs: 1000, learningRate: 0.5)
      guard case .diverged = run.outcome else {
        return XCTFail("expected a diverging run, got \(run.outcome)")
      }
      XCTAssertTrue(diverging.weights.values.allSatisfy(\.isFinite))
      // The same run stopped one sample step earlier ends on the same weights.
      var stopped = start
      _ = stopped.train(on: .echo(delay: 1), epochs: 1000, learningRate: 0.5, checkEvery: 1) {
        $0.sampleSteps < run.sampleSteps - 1
      }
      XCTAssertEqual(
        diverging.weights.values.map(\.bitPattern), stopped.weights.values.map(\.bitPattern),
        "trainsBiases \(trainsBiases)")
      XCTAssertEqual(diverging.gradients, diverging.weights.zeroed)
    }
  }
}
