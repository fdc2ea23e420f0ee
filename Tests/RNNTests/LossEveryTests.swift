import RNN
import TestSupport
import XCTest

/// A loss at every step (beyond the article) for the scalar RNN and the LSTM: hand-derived
/// two-step cases, central finite differences of every gradient, and training against
/// stepping. (The article's loss, `.last`, is held by every other suite, unchanged.)
final class LossEveryTests: XCTestCase {
  // MARK: The RNN, by hand

  /// The article's cell, x = (1, 2), y = (1, 3), w₁ = 1, w₂ = 0.5, w₃ = 2, every number
  /// exact in binary:
  ///
  ///     a₁ = 1·1 + 0.5·0 = 1,     h₁ = 1,    ŷ₁ = 2·1 = 2
  ///     a₂ = 1·2 + 0.5·1 = 2.5,   h₂ = 2.5,  ŷ₂ = 2·2.5 = 5
  ///     L = ½(1 − 2)² + ½(3 − 5)² = 0.5 + 2 = 2.5
  ///
  /// BPTT, the output step: ∂L/∂ŷ₂ = 5 − 3 = 2, w₃ term h₂·2 = 5, ∂L/∂h₂ = w₃·2 = 4.
  /// t = 2 (one road): tmp₂ = 4·ReLU′(2.5) = 4; w₂ term tmp₂·h₁ = 4; w₁ term tmp₂·x₂ = 8;
  ///   ∂L/∂h₁ from h₂ = tmp₂·w₂ = 2.
  /// t = 1 (two roads): ∂L/∂ŷ₁ = 2 − 1 = 1, w₃ term h₁·1 = 1; from ŷ₁: w₃·1 = 2;
  ///   ∂L/∂h₁ = 2 + 2 = 4; tmp₁ = 4; w₂ term tmp₁·h₀ = 0; w₁ term tmp₁·x₁ = 4.
  /// Sums: w₁.g = 8 + 4 = 12, w₂.g = 4 + 0 = 4, w₃.g = 5 + 1 = 6 (the article's loss would
  /// give w₁.g = 8 + 2 = 10, w₂.g = 4, w₃.g = 5). The mean halves L and every gradient:
  /// 1.25; 6, 2, 3.
  static let handWeights = Weights(w1: 1, w2: 0.5, w3: 2)
  static let handInputs = [1.0, 2.0]
  static let handTargets = [1.0, 3.0]

  func testTheRNNsTwoStepsMatchTheHandComputation() {
    var model = MiniRnn(weights: Self.handWeights)
    model.loss = .every
    let pass = model.forward(Self.handInputs)
    XCTAssertEqual(pass.outputs, [2, 5])
    XCTAssertEqual(model.loss(inputs: Self.handInputs, targets: Self.handTargets), 2.5)
    var back = model.startBackward(pass, targets: Self.handTargets)
    XCTAssertEqual(back.lossValue, 2.5)
    guard case .output(let out) = back.step(accumulatingInto: &model.gradients)! else {
      return XCTFail("the first step is ŷ₂'s")
    }
    XCTAssertEqual(out.t, 2)
    XCTAssertEqual([out.lossGradient, out.w3Term, out.dhn], [2, 5, 4])
    guard case .timestep(let two) = back.step(accumulatingInto: &model.gradients)! else {
      return XCTFail("then t = 2")
    }
    XCTAssertNil(two.output, "ŷ₂'s terms are the output step's")
    XCTAssertFalse(two.hasTwoRoads)
    XCTAssertEqual([two.fromOutput, two.fromNext, two.dh], [4, 0, 4])
    XCTAssertEqual([two.tmp, two.w2Term, two.w1Term, two.dhPrevious], [4, 4, 8, 2])
    guard case .timestep(let one) = back.step(accumulatingInto: &model.gradients)! else {
      return XCTFail("then t = 1")
    }
    XCTAssertTrue(one.hasTwoRoads)
    let o = try! XCTUnwrap(one.output)
    XCTAssertEqual(o.t, 1)
    XCTAssertEqual(
      [o.prediction, o.target, o.lossGradient, o.w3Term, o.w3Sum, o.dhn], [2, 1, 1, 1, 6, 2])
    XCTAssertEqual([one.fromOutput, one.fromNext, one.dh], [2, 2, 4])
    XCTAssertEqual([one.tmp, one.w2Term, one.w1Term], [4, 0, 4])
    XCTAssertTrue(back.isComplete)
    XCTAssertEqual([model.gradients.w1, model.gradients.w2, model.gradients.w3], [12, 4, 6])
    XCTAssertEqual(back.passGradients.w1, 12)

    var mean = MiniRnn(weights: Self.handWeights)
    mean.loss = .everyMean
    mean.backward(mean.forward(Self.handInputs), targets: Self.handTargets)
    XCTAssertEqual([mean.gradients.w1, mean.gradients.w2, mean.gradients.w3], [6, 2, 3])
    XCTAssertEqual(mean.loss(inputs: Self.handInputs, targets: Self.handTargets), 1.25)

    var last = MiniRnn(weights: Self.handWeights)
    last.backward(last.forward(Self.handInputs), targets: Self.handTargets)
    XCTAssertEqual([last.gradients.w1, last.gradients.w2, last.gradients.w3], [10, 4, 5])
  }

  /// The generalised cell's c takes ŷ_t's term at each step only when the biases train.
  func testTheOutputBiasTakesATermPerStepWhenTheBiasesTrain() {
    var model = MiniRnn(weights: Weights(w1: 1, w2: 0.5, w3: 2, b: 0, c: 0.5))
    model.loss = .every
    model.trainsBiases = true
    // ŷ = (2.5, 5.5); ∂L/∂ŷ = (1.5, 2.5): c.g = 4.
    model.backward(model.forward(Self.handInputs), targets: Self.handTargets)
    XCTAssertEqual(model.gradients.c, 4)
    model.trainsBiases = false
    model.gradients = .zero
    model.backward(model.forward(Self.handInputs), targets: Self.handTargets)
    XCTAssertEqual(model.gradients.c, 0)
  }

  /// With n = 1 the loss at every step is Eq. 1: the same gradients to the bit.
  func testOneStepIsTheArticlesLoss() {
    var rng = SplitMix64(seed: 31)
    for _ in 0..<50 {
      var model = MiniRnn(weights: .zero)
      model.randomize(using: &rng)
      let x = [rng.nextUnit() * 2 - 1]
      let y = rng.nextUnit()
      var last = model
      last.backward(last.forward(x), targets: [y])
      model.loss = .every
      model.backward(model.forward(x), targets: [y])
      XCTAssertEqual(model.gradients, last.gradients)
    }
  }

  // MARK: The LSTM, by hand

  /// LSTMHandDerivedTests' case (its parameters and x = (1, 0.5)) with a target per step,
  /// y = (0, 1): t = 2 is that case's, since ŷ₂ − y₂ is the same; t = 1 adds ŷ₁'s road.
  ///
  ///   ŷ₁ = wy·h₁ + by = 2·0.3147010787 + 0.5 = 1.129402157; ∂L/∂ŷ₁ = ŷ₁ − 0 = 1.129402157
  ///   L = ½·1.129402157² + 0.05643082598 = 0.6942054425
  ///   wy term at t = 1: h₁·∂L/∂ŷ₁ = 0.3554240772; wy.g = 0.1404180467 + that = 0.4958421239
  ///   by.g = 0.335948883 + 1.129402157 = 1.465351040
  ///   ∂L/∂h₁ = wy·∂L/∂ŷ₁ + (from h₂'s gates) = 2.258804315 + 0.1360148714 = 2.394819186
  ///   ∂L/∂c₁ = 0.1557318019 + ∂L/∂h₁·o₁·tanh′(c₁)
  ///          = 0.1557318019 + 2.394819186·0.6224593312·0.7443919663 = 1.265380194
  ///   ∂L/∂z_i = ∂L/∂c₁·g₁·i₁(1 − i₁) = 0.1894761313  → i.wx.g = 0.01571313983 + that
  ///           = 0.2051892712, i.b.g = 0.03142627967 + that = 0.2209024110
  ///   ∂L/∂z_g = ∂L/∂c₁·i₁·(1 − g₁²) = 0.3885044234  → g.wx.g = 0.4260468891
  ///   ∂L/∂z_o = ∂L/∂h₁·tanh c₁·o₁(1 − o₁) = 0.2845343485 → o.wx.g = 0.3406380395
  ///   f has nothing to forget at t = 1 (c₀ = 0): f's sums are t = 2's alone.
  func testTheLSTMsTwoStepsMatchTheHandComputation() {
    func close(_ got: Double, _ hand: Double, _ what: String, line: UInt = #line) {
      assertClose(got, hand, relative: 1e-8, what, line: line)
    }
    var model = MiniLSTM(weights: LSTMHandDerivedTests.weights)
    model.loss = .every
    let ys = [0.0, 1.0]
    let pass = model.forward(LSTMHandDerivedTests.inputs)
    close(pass.output(at: 1), 1.129402157, "ŷ₁")
    close(model.loss(inputs: LSTMHandDerivedTests.inputs, targets: ys), 0.6942054425, "L")
    let back = model.backward(pass, targets: ys)
    let one = try! XCTUnwrap(back.timestep(1))
    let o = try! XCTUnwrap(one.output)
    close(o.lossGradient, 1.129402157, "∂L/∂ŷ₁")
    close(o.wyTerm, 0.3554240772, "wy term at t = 1")
    close(one.fromOutput, 2.258804315, "∂L/∂h₁ from ŷ₁")
    close(one.fromNext, 0.1360148714, "∂L/∂h₁ from h₂")
    close(one.dh, 2.394819186, "∂L/∂h₁")
    close(one.dc, 1.265380194, "∂L/∂c₁")
    close(one.dz.i, 0.1894761313, "∂L/∂z_i at t = 1")
    close(one.dz.g, 0.3885044234, "∂L/∂z_g at t = 1")
    close(one.dz.o, 0.2845343485, "∂L/∂z_o at t = 1")
    let g = model.gradients
    close(g.i.wx, 0.2051892712, "i.wx.g")
    close(g.i.b, 0.2209024110, "i.b.g")
    close(g.g.wx, 0.4260468891, "g.wx.g")
    close(g.o.wx, 0.3406380395, "o.wx.g")
    close(g.f.wx, 0.01088689090, "f.wx.g")
    close(g.wy, 0.4958421239, "wy.g")
    close(g.by, 1.465351040, "by.g")
    XCTAssertNil(back.timestep(2)?.output, "ŷ₂'s terms are the output step's")
  }

  // MARK: Finite differences

  /// Every gradient of the RNN, for each activation of the generalised cell and each loss at
  /// every step, against central differences (gradientCheck), on 40 seeded cases each.
  func testTheRNNsGradientsMatchFiniteDifferences() {
    var rng = SplitMix64(seed: testSeedValue(77))
    var checked = 0
    var worst = 0.0
    for activation in [Activation.relu, .tanh, .absoluteValue, .identity] {
      for loss in [LossReadout.every, .everyMean] {
        for _ in 0..<40 {
          var model = MiniRnn(
            weights: Weights(
              w1: rng.nextUnit() * 2 - 1, w2: rng.nextUnit() * 1.6 - 0.8,
              w3: rng.nextUnit() * 2 - 1, b: rng.nextUnit() - 0.5, c: rng.nextUnit() - 0.5))
          model.activation = activation
          model.loss = loss
          let n = 1 + Int(rng.next() % 12)
          let x = (0..<n).map { _ in rng.nextUnit() * 2 - 1 }
          let ys = (0..<n).map { _ in rng.nextUnit() * 2 - 1 }
          let check = model.gradientCheck(inputs: x, targets: ys)
          guard !check.nearKink else { continue }
          for row in check.rows {
            checked += 1
            worst = max(worst, row.relativeError)
            XCTAssertLessThan(
              abs(row.backpropagated - row.numeric), 1e-7 * max(1, abs(row.numeric)),
              "\(activation) \(loss) \(row.weight): BPTT \(row.backpropagated), finite difference \(row.numeric)"
            )
          }
        }
      }
    }
    XCTAssertGreaterThan(checked, 1000)
    print(
      "RNN, loss at every step vs central differences: \(checked) gradients, worst relative \(worst)"
    )
  }

  /// The LSTM's 14 gradients for each loss at every step against central differences.
  func testTheLSTMsGradientsMatchFiniteDifferences() {
    var rng = SplitMix64(seed: testSeedValue(78))
    var worst = 0.0
    for loss in [LossReadout.every, .everyMean] {
      for _ in 0..<40 {
        var model = MiniLSTM(weights: .zero)
        model.randomize(using: &rng)
        model.loss = loss
        let n = 1 + Int(rng.next() % 12)
        let x = (0..<n).map { _ in rng.nextUnit() * 4 - 2 }
        let ys = (0..<n).map { _ in rng.nextUnit() * 2 - 1 }
        for row in model.gradientCheck(inputs: x, targets: ys) {
          worst = max(worst, abs(row.backpropagated - row.numeric) / max(1, abs(row.numeric)))
          XCTAssertLessThan(
            abs(row.backpropagated - row.numeric), 1e-8 * max(1, abs(row.numeric)),
            "\(loss) \(row.parameter): BPTT \(row.backpropagated), finite difference \(row.numeric)"
          )
        }
      }
    }
    print("LSTM, loss at every step vs central differences: worst difference \(worst)")
  }

  // MARK: Training is stepping

  /// `train` honours the loss: one epoch's weights equal forward, backward and update by
  /// hand, sample by sample, to the bit, for the article's cell, the generalised cell with
  /// its biases trained, and the LSTM.
  func testTrainingStepsAsStepping() {
    let data = Dataset.echo(delay: 1)
    for loss in [LossReadout.every, .everyMean] {
      for general in [false, true] {
        var model = MiniRnn(weights: Weights(w1: 0.7, w2: -0.4, w3: 1.2))
        if general {
          model.activation = .tanh
          model.weights.b = 0.1
          model.weights.c = -0.2
          model.trainsBiases = true
        }
        model.loss = loss
        var byHand = model
        for s in data.samples {
          byHand.backward(byHand.forward(s.inputs), targets: s.targets!)
          byHand.update(learningRate: 0.01)
          byHand.zeroGradients()
        }
        let report = model.train(on: data, epochs: 1, learningRate: 0.01)
        XCTAssertEqual(model.weights, byHand.weights, "\(loss), general cell \(general)")
        let stepped = data.samples.map { byHand.loss(inputs: $0.inputs, targets: $0.targets!) }
        XCTAssertTrue(report.finalLoss.isFinite && stepped.allSatisfy(\.isFinite))
      }
      var lstm = MiniLSTM(weights: LSTMHandDerivedTests.weights)
      lstm.loss = loss
      var byHand = lstm
      for s in data.samples {
        byHand.backward(byHand.forward(s.inputs), targets: s.targets!)
        byHand.update(learningRate: 0.1)
        byHand.zeroGradients()
      }
      _ = lstm.train(on: data, epochs: 1, learningRate: 0.1)
      XCTAssertEqual(lstm.weights, byHand.weights, "LSTM, \(loss)")
    }
  }

  /// The seed of a random test: `MINIRNN_SEED` when set, `fixed` otherwise.
  private func testSeedValue(_ fixed: UInt64) -> UInt64 {
    ProcessInfo.processInfo.environment["MINIRNN_SEED"].flatMap { UInt64($0) } ?? fixed
  }
}

extension StepwiseModel where Self: LossReadingModel {
  /// The whole of BPTT towards `targets` with the model's loss, adding into the gradients.
  @discardableResult
  fileprivate mutating func backward(_ pass: Forward, targets: [Double]) -> Backward {
    var back = startBackward(pass, targets: targets)
    back.run(accumulatingInto: &gradients)
    return back
  }
}
