import Foundation
import RNN
import TestSupport
import XCTest

/// The LSTM against PyTorch autograd in float64: `Tests/Reference/lstm_autograd.py` computes
/// every gate, c_t, h_t, ŷ, L, ∂L/∂h_t, ∂L/∂c_t and the 14 gradients, by hand-written tensor
/// operations and with `torch.nn.LSTM`, and each must agree with the engine to 1e−12
/// relative. Skipped, with one line saying why, where PyTorch is not installed.
final class LSTMTorchOracleTests: XCTestCase {
  static let tolerance = 1e-12

  static let script = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Reference/lstm_autograd.py")

  /// One case: the parameters, x_1…x_n, the targets (y alone for Eq. 1) and the loss.
  typealias OracleCase = (
    weights: LSTMWeights, inputs: [Double], targets: [Double], loss: LossReadout
  )

  /// The hand-derived case, then 30 seeded random ones of length 1–8, with Eq. 1's loss.
  static let cases: [OracleCase] = {
    var cases = [
      (LSTMHandDerivedTests.weights, LSTMHandDerivedTests.inputs, [1.0], LossReadout.last)
    ]
    var rng = SplitMix64(seed: 2000)
    for _ in 0..<30 {
      var model = MiniLSTM(weights: .zero)
      model.randomize(using: &rng)
      let n = 1 + Int(rng.next() % 8)
      let x = (0..<n).map { _ in rng.nextUnit() * 4 - 2 }
      cases.append((model.weights, x, [rng.nextUnit() * 2 - 1], .last))
    }
    return cases
  }()

  /// A loss at every step: the hand-derived case with y = (0, 1), then seeded random cases
  /// of each loss with n from 1 to 200.
  static let everyStepCases: [OracleCase] = {
    var cases = [
      (LSTMHandDerivedTests.weights, LSTMHandDerivedTests.inputs, [0.0, 1.0], LossReadout.every)
    ]
    var rng = SplitMix64(seed: 2100)
    for loss in [LossReadout.every, .everyMean] {
      for n in [1, 2, 3, 8, 30, 200] {
        var model = MiniLSTM(weights: .zero)
        model.randomize(using: &rng)
        cases.append(
          (
            model.weights, (0..<n).map { _ in rng.nextUnit() * 4 - 2 },
            (0..<n).map { _ in rng.nextUnit() * 2 - 1 }, loss
          ))
      }
    }
    return cases
  }()

  func testEveryValueAgreesWithPyTorchAutograd() throws {
    try compareWithAutograd(Self.cases, "LSTM vs PyTorch autograd (float64)")
  }

  /// Every value (ŷ_t, L, ∂L/∂h_t with both roads, ∂L/∂c_t and the 14 gradients, by hand
  /// and from nn.LSTM) under a loss at every step, at 1e−12.
  func testALossAtEveryStepAgreesWithPyTorchAutograd() throws {
    try compareWithAutograd(
      Self.everyStepCases, "LSTM with a loss at every step vs PyTorch autograd (float64)")
  }

  /// Runs the oracle on `cases` and compares every value it prints with the engine's.
  private func compareWithAutograd(_ cases: [OracleCase], _ check: String) throws {
    guard let python = try TorchPython.required(for: check) else { return }
    var arguments = [Self.script.path]
    for c in cases {
      arguments += ["--w"] + c.weights.values.map { "\($0)" }
      arguments += ["--x"] + c.inputs.map { "\($0)" } + ["--y"] + c.targets.map { "\($0)" }
      arguments += ["--loss", c.loss == .last ? "last" : c.loss == .every ? "every" : "mean"]
    }
    let (status, output, errors) = try TorchPython.run(python, arguments)
    guard status == 0 else {
      return XCTFail("\(Self.script.lastPathComponent) exited \(status): \(errors)")
    }
    let blocks = output.components(separatedBy: "# case ").dropFirst()
    XCTAssertEqual(blocks.count, cases.count)
    var worst = 0.0
    var compared = 0
    for (k, (block, c)) in zip(blocks, cases).enumerated() {
      var model = MiniLSTM(weights: c.weights)
      model.loss = c.loss
      let pass = model.forward(c.inputs)
      var back = model.startBackward(pass, targets: c.targets)
      back.run(accumulatingInto: &model.gradients)
      var ours: [String: Double] = [
        "yhat": pass.prediction!, "nn.yhat": pass.prediction!, "loss": back.lossValue,
        "nn.loss": back.lossValue, "nn.c[n]": pass.c, "nn.h[n]": pass.h,
      ]
      for f in pass.steps {
        for gate in LSTMGate.allCases {
          ours["z.\(gate.rawValue)[\(f.t)]"] = f.preactivation[gate]
          ours["\(gate.rawValue)[\(f.t)]"] = f.gates[gate]
        }
        ours["c[\(f.t)]"] = f.c
        ours["h[\(f.t)]"] = f.h
        if c.loss.readsEveryStep { ours["yhat[\(f.t)]"] = pass.output(at: f.t) }
      }
      for r in back.timesteps {
        ours["dh[\(r.t)]"] = r.dh
        ours["dc[\(r.t)]"] = r.dc
      }
      for name in LSTMParameter.allCases {
        ours["\(name.rawValue).g"] = model.gradients[name]
        ours["nn.\(name.rawValue).g"] = model.gradients[name]
      }
      let (w, count) = assertAgree(
        ours, oracleValues(block), relative: Self.tolerance,
        "case \(k + 1) (loss \(c.loss.words), n = \(c.inputs.count); parameters \(c.weights.values), x \(c.inputs), y \(c.targets))"
      )
      worst = max(worst, w)
      compared += count
    }
    print(
      "\(check): \(cases.count) cases (n up to \(cases.map(\.inputs.count).max() ?? 0)), \(compared) values, worst relative difference \(worst)"
    )
  }

  /// `train` with a loss at every step against a torch SGD loop, from the hand-derived and
  /// two random parameter sets, on data with a target per step.
  func testTrainingWithALossAtEveryStepAgreesWithPyTorch() throws {
    guard let python = try TorchPython.required(for: "LSTM loss-every training check") else {
      return
    }
    var rng = SplitMix64(seed: 2200)
    var runs: [(model: MiniLSTM, data: Dataset, epochs: Int, lr: Double)] = []
    for (k, loss) in [LossReadout.every, .everyMean, .every].enumerated() {
      var model = MiniLSTM(weights: LSTMHandDerivedTests.weights)
      if k > 0 { model.randomize(using: &rng) }
      model.loss = loss
      runs.append((model, k == 1 ? .echo(delay: 2) : .echo(delay: 1), 20 + 10 * k, 0.05))
    }
    let spec = runs.map { r -> [String: Any] in
      [
        "w": r.model.weights.values, "samples": r.data.samples.map { [$0.inputs, $0.targets!] },
        "epochs": r.epochs, "lr": r.lr, "loss": r.model.loss == .every ? "every" : "mean",
      ]
    }
    let file = FileManager.default.temporaryDirectory
      .appendingPathComponent(
        "minirnn-lstm-train-\(ProcessInfo.processInfo.processIdentifier).json")
    try JSONSerialization.data(withJSONObject: spec).write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    let (status, output, errors) = try TorchPython.run(
      python, [Self.script.path, "--train", file.path])
    guard status == 0 else {
      return XCTFail("\(Self.script.lastPathComponent) exited \(status): \(errors)")
    }
    let blocks = output.components(separatedBy: "# train ").dropFirst()
    XCTAssertEqual(blocks.count, runs.count)
    var worst = 0.0
    for (k, (block, r)) in zip(blocks, runs).enumerated() {
      var model = r.model
      _ = model.train(on: r.data, epochs: r.epochs, learningRate: r.lr)
      let ours = Dictionary(
        uniqueKeysWithValues: LSTMParameter.allCases.map { ($0.rawValue, model.weights[$0]) })
      let (w, _) = assertAgree(
        ours, oracleValues(block), relative: 1e-10, "run \(k + 1) (loss \(r.model.loss.words))")
      worst = max(worst, w)
    }
    print(
      "LSTM training with a loss at every step vs a torch SGD loop: \(runs.count) runs, worst relative difference \(worst)"
    )
  }
}
