import Foundation
import RNN
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

  /// The hand-derived case, then 30 seeded random ones of length 1–8.
  static let cases: [(weights: LSTMWeights, inputs: [Double], target: Double)] = {
    var cases = [(LSTMHandDerivedTests.weights, LSTMHandDerivedTests.inputs, 1.0)]
    var rng = SplitMix64(seed: 2000)
    for _ in 0..<30 {
      var model = MiniLSTM(weights: .zero)
      model.randomize(using: &rng)
      let n = 1 + Int(rng.next() % 8)
      let x = (0..<n).map { _ in rng.nextUnit() * 4 - 2 }
      cases.append((model.weights, x, rng.nextUnit() * 2 - 1))
    }
    return cases
  }()

  func testEveryValueAgreesWithPyTorchAutograd() throws {
    guard let python = TorchPython.withTorch else {
      // CI installs torch first (Tests/Torch/python-env.sh --install) and never skips.
      if ProcessInfo.processInfo.environment["CI"] == "true" {
        XCTFail("CI=true but no python with torch at \(TorchPython.venv.path)")
        return
      }
      throw XCTSkip(
        "LSTM PyTorch check skipped: no python with torch (tried "
          + "\(TorchPython.venv.path) and python3 on PATH; set MINIRNN_VENV to a venv with torch)")
    }
    var arguments = [Self.script.path]
    for c in Self.cases {
      arguments += ["--w"] + c.weights.values.map { "\($0)" }
      arguments += ["--x"] + c.inputs.map { "\($0)" } + ["--y", "\(c.target)"]
    }
    let (status, output, errors) = try TorchPython.run(python, arguments)
    guard status == 0 else {
      return XCTFail("\(Self.script.lastPathComponent) exited \(status): \(errors)")
    }
    let blocks = output.components(separatedBy: "# case ").dropFirst()
    XCTAssertEqual(blocks.count, Self.cases.count)
    var worst = 0.0
    var compared = 0
    for (k, (block, c)) in zip(blocks, Self.cases).enumerated() {
      var torch: [String: Double] = [:]
      for line in block.split(separator: "\n") {
        let parts = line.components(separatedBy: " = ")
        if parts.count == 2, let v = Double(parts[1]) { torch[parts[0]] = v }
      }
      var model = MiniLSTM(weights: c.weights)
      let pass = model.forward(c.inputs)
      let back = model.backward(pass, target: c.target)
      let n = c.inputs.count
      var ours: [String: Double] = [
        "yhat": pass.prediction!, "nn.yhat": pass.prediction!,
        "loss": Cell.loss(prediction: pass.prediction!, target: c.target),
        "nn.c[n]": pass.c, "nn.h[n]": pass.h,
      ]
      ours["nn.loss"] = ours["loss"]
      for f in pass.steps {
        for gate in LSTMGate.allCases {
          ours["z.\(gate.rawValue)[\(f.t)]"] = f.preactivation[gate]
          ours["\(gate.rawValue)[\(f.t)]"] = f.gates[gate]
        }
        ours["c[\(f.t)]"] = f.c
        ours["h[\(f.t)]"] = f.h
      }
      for r in back.timesteps {
        ours["dh[\(r.t)]"] = r.dh
        ours["dc[\(r.t)]"] = r.dc
      }
      for name in LSTMParameter.allCases {
        ours["\(name.rawValue).g"] = model.gradients[name]
        ours["nn.\(name.rawValue).g"] = model.gradients[name]
      }
      XCTAssertEqual(
        Set(ours.keys), Set(torch.keys), "case \(k + 1): the same values on both sides (n = \(n))")
      for (name, want) in torch {
        guard let got = ours[name] else { continue }
        let scale = max(abs(want), abs(got))
        let relative = scale == 0 ? 0 : abs(got - want) / scale
        worst = max(worst, relative)
        compared += 1
        XCTAssertLessThanOrEqual(
          relative, Self.tolerance,
          "case \(k + 1) \(name): PyTorch \(want), minirnn \(got), relative \(relative); "
            + "parameters \(c.weights.values), x \(c.inputs), y \(c.target)")
      }
    }
    print(
      "LSTM vs PyTorch autograd (float64): \(Self.cases.count) cases, \(compared) values, "
        + "worst relative difference \(worst)")
  }
}
