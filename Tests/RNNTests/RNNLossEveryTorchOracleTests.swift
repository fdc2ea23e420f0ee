import Foundation
import RNN
import TestSupport
import XCTest

/// The scalar RNN with a loss at every step against PyTorch autograd in float64:
/// `Tests/Reference/rnn_autograd.py` computes h_t, ŷ_t, L, ∂L/∂h_t (both roads) and the five
/// gradients for seeded random cases of every activation, each loss and n from 1 to 200, to
/// agree with the engine to 1e−12 relative; and runs a plain SGD loop whose final weights must
/// agree with `train` to 1e−10. Skipped, with one line saying why, where PyTorch is not
/// installed.
final class RNNLossEveryTorchOracleTests: XCTestCase {
  static let tolerance = 1e-12
  static let trainingTolerance = 1e-10

  static let script = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Reference/rnn_autograd.py")

  struct Case {
    var model: MiniRnn
    var inputs: [Double]
    var targets: [Double]
  }

  /// The hand-derived case, then every activation × loss × n in 1, 2, 3, 7, 20, 200.
  static let cases: [Case] = {
    var hand = MiniRnn(weights: LossEveryTests.handWeights)
    hand.loss = .every
    // b.g and c.g are compared too, so the biases' terms are added.
    hand.trainsBiases = true
    var cases = [
      Case(model: hand, inputs: LossEveryTests.handInputs, targets: LossEveryTests.handTargets)
    ]
    var rng = SplitMix64(seed: 4200)
    for activation in [Activation.relu, .tanh, .absoluteValue, .identity] {
      for loss in [LossReadout.every, .everyMean] {
        for n in [1, 2, 3, 7, 20, 200] {
          var model = MiniRnn(
            weights: Weights(
              w1: rng.nextUnit() * 2 - 1, w2: rng.nextUnit() * 1.6 - 0.8,
              w3: rng.nextUnit() * 2 - 1,
              b: activation == .relu && n % 2 == 0 ? 0 : rng.nextUnit() - 0.5,
              c: activation == .relu && n % 2 == 0 ? 0 : rng.nextUnit() - 0.5))
          model.activation = activation
          model.loss = loss
          model.trainsBiases = true
          cases.append(
            Case(
              model: model, inputs: (0..<n).map { _ in rng.nextUnit() * 2 - 1 },
              targets: (0..<n).map { _ in rng.nextUnit() * 2 - 1 }))
        }
      }
    }
    return cases
  }()

  /// Training runs: the article's cell and the generalised one, each loss, on data with a
  /// target per step.
  static let runs: [(model: MiniRnn, data: Dataset, epochs: Int, lr: Double)] = {
    var runs: [(MiniRnn, Dataset, Int, Double)] = []
    for (k, loss) in [LossReadout.every, .everyMean].enumerated() {
      var article = MiniRnn(weights: Weights(w1: 0.7, w2: -0.4, w3: 1.2))
      article.loss = loss
      runs.append((article, k == 0 ? .echo(delay: 1) : .echo(delay: 2), 30, 0.01))
      var general = MiniRnn(weights: Weights(w1: 0.5, w2: 0.3, w3: -0.8, b: 0.1, c: -0.2))
      general.activation = .tanh
      general.trainsBiases = k == 0
      general.loss = loss
      runs.append((general, .echo(delay: 1), 25, 0.05))
    }
    return runs
  }()

  static func lossWord(_ loss: LossReadout) -> String {
    switch loss {
    case .last: "last"
    case .every: "every"
    case .everyMean: "mean"
    }
  }

  func testEveryValueAndTrainingAgreeWithPyTorch() throws {
    guard let python = try TorchPython.required(for: "RNN loss-every PyTorch check") else {
      return
    }
    let spec: [String: Any] = [
      "passes": Self.cases.map { c -> [String: Any] in
        [
          "activation": c.model.activation.word, "w": c.model.weights.values, "x": c.inputs,
          "y": c.targets, "loss": Self.lossWord(c.model.loss),
        ]
      },
      "training": Self.runs.map { r -> [String: Any] in
        [
          "activation": r.model.activation.word, "w": r.model.weights.values,
          "trains_biases": r.model.trainsBiases,
          "samples": r.data.samples.map { [$0.inputs, $0.targets!] }, "epochs": r.epochs,
          "lr": r.lr, "loss": Self.lossWord(r.model.loss),
        ]
      },
    ]
    let file = FileManager.default.temporaryDirectory
      .appendingPathComponent(
        "minirnn-rnn-autograd-\(ProcessInfo.processInfo.processIdentifier).json")
    try JSONSerialization.data(withJSONObject: spec).write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    let (status, output, errors) = try TorchPython.run(python, [Self.script.path, file.path])
    guard status == 0 else {
      return XCTFail("\(Self.script.lastPathComponent) exited \(status): \(errors)")
    }
    let passes = output.components(separatedBy: "# train ")[0]
      .components(separatedBy: "# pass ").dropFirst()
    let trainings = output.components(separatedBy: "# train ").dropFirst()
    XCTAssertEqual(passes.count, Self.cases.count)
    XCTAssertEqual(trainings.count, Self.runs.count)
    var worst = 0.0
    var trainingWorst = 0.0
    var compared = 0
    for (k, (block, c)) in zip(passes, Self.cases).enumerated() {
      var model = c.model
      let pass = model.forward(c.inputs)
      var back = model.startBackward(pass, targets: c.targets)
      back.run(accumulatingInto: &model.gradients)
      var ours: [String: Double] = ["loss": back.lossValue]
      for t in 1...c.inputs.count {
        ours["h[\(t)]"] = pass.hidden[t]
        ours["yhat[\(t)]"] = pass.output(at: t)
        ours["dh[\(t)]"] = back.timestep(t)!.dh
      }
      for p in Parameter.allCases { ours["\(p.rawValue).g"] = model.gradients[p] }
      let (w, count) = assertAgree(
        ours, oracleValues(block), relative: Self.tolerance,
        "case \(k + 1) (\(c.model.activation), loss \(c.model.loss.words), n = \(c.inputs.count))")
      worst = max(worst, w)
      compared += count
    }
    for (k, (block, r)) in zip(trainings, Self.runs).enumerated() {
      var model = r.model
      _ = model.train(on: r.data, epochs: r.epochs, learningRate: r.lr)
      var ours: [String: Double] = [:]
      for p in Parameter.allCases { ours[p.rawValue] = model.weights[p] }
      let (w, count) = assertAgree(
        ours, oracleValues(block), relative: Self.trainingTolerance,
        "training run \(k + 1) (\(r.model.activation), loss \(r.model.loss.words))")
      trainingWorst = max(trainingWorst, w)
      compared += count
    }
    print(
      "RNN with a loss at every step vs PyTorch autograd (float64): \(Self.cases.count) passes (n up to 200) and \(Self.runs.count) training runs, \(compared) values, worst relative difference in a pass \(worst), in the trained weights \(trainingWorst)"
    )
  }
}
