import Foundation
import RNN
import TestSupport
import XCTest

/// The vector RNN against PyTorch autograd in float64: `Tests/Reference/vector_rnn_autograd.py`
/// computes every a_t, h_t, ŷ_t, L, ∂L/∂h_t and every gradient by hand-written tensor
/// operations, and h_t, ŷ_t, L and the gradients again with `torch.nn.RNN` and `nn.Linear`;
/// each must agree with the engine's stepwise passes to 1e−12 (|a − b| ≤ 1e−12·max(1, |b|)).
/// The script also computes the same values in 100-digit decimal arithmetic: the engine must
/// be within 1e−12 of those too, and where the two float64 sides part by more than 1e−12,
/// PyTorch must be the one farther from them. It also runs §3.1's SGD loop with `nn.RNN`, and
/// `VectorRNN.train` must land on the same weights to 1e−10. Skipped, with one line saying
/// why, where PyTorch is not installed.
final class VectorTorchOracleTests: XCTestCase {
  static let tolerance = 1e-12
  static let trainingTolerance = 1e-10

  static let script = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Reference/vector_rnn_autograd.py")

  /// One sequence through a model, forward and back.
  struct GradientCase {
    var model: VectorRNN
    var inputs: [Double]
    /// y_1…y_n, or y alone for `last`.
    var targets: [Double]
    /// How far PyTorch's initialisation was scaled up.
    var scale: Double
  }

  /// 72 seeded cases: each activation with each loss 8 times, K 1–8 for each pair, sequences of
  /// 1, 2, 200 and random lengths between, weights drawn as PyTorch draws them and a third of
  /// them scaled by 2 or 3, so that over 200 steps gradients vanish or explode. ReLU cases with
  /// a pre-activation within 1e−9 of the kink are drawn again.
  static let gradientCases: [GradientCase] = {
    var rng = SplitMix64(seed: 7_100)
    var cases: [GradientCase] = []
    for round in 0..<8 {
      for (pair, (activation, loss)) in VectorRNN.activations.flatMap({ a in
        LossReadout.allCases.map { (a, $0) }
      }).enumerated() {
        let k = 1 + (round + pair) % 8
        var drawn: GradientCase
        repeat {
          let n: Int
          switch round {
          case 0: n = 1
          case 1: n = 2
          case 2, 5: n = 200
          case 3: n = 3 + Int(rng.next() % 18)
          case 4: n = 50 + Int(rng.next() % 51)
          case 6: n = 3 + Int(rng.next() % 8)
          default: n = 20 + Int(rng.next() % 31)
          }
          var model = VectorRNN(
            weights: VectorWeights(size: k), activation: activation, loss: loss)
          model.randomize(using: &rng)
          let scale = [1.0, 1, 1, 1, 2, 3][Int(rng.next() % 6)]
          model.weights = VectorWeights(size: k, values: model.weights.values.map { $0 * scale })
          let x = (0..<n).map { _ in rng.nextUnit() * 2 - 1 }
          let y = (0..<(loss == .last ? 1 : n)).map { _ in rng.nextUnit() * 2 - 1 }
          drawn = GradientCase(model: model, inputs: x, targets: y, scale: scale)
        } while activation == .relu
          && drawn.model.forward(drawn.inputs).steps.contains { $0.a.contains { abs($0) < 1e-9 } }
        cases.append(drawn)
      }
    }
    return cases
  }()

  /// A training run to compare with PyTorch's SGD loop.
  struct TrainingCase {
    var model: VectorRNN
    var data: Dataset
    var epochs: Int
    var learningRate: Double
  }

  static let trainingCases: [TrainingCase] = {
    func start(
      _ k: Int, _ activation: Activation, _ loss: LossReadout, seed: UInt64,
      trainsBiases: Bool = true
    ) -> VectorRNN {
      var rng = SplitMix64(seed: seed)
      var model = VectorRNN(
        weights: VectorWeights(size: k), activation: activation, loss: loss,
        trainsBiases: trainsBiases)
      model.randomize(using: &rng)
      return model
    }
    return [
      TrainingCase(
        model: start(4, .tanh, .every, seed: 1), data: .echo(delay: 1), epochs: 30,
        learningRate: 0.05),
      TrainingCase(
        model: start(3, .tanh, .last, seed: 2), data: .slopes, epochs: 100, learningRate: 0.05),
      TrainingCase(
        model: start(4, .relu, .every, seed: 3), data: .echo(delay: 1), epochs: 30,
        learningRate: 0.02),
      TrainingCase(
        model: start(2, .relu, .last, seed: 4), data: .slopes, epochs: 100, learningRate: 0.05),
      TrainingCase(
        model: start(5, .tanh, .everyMean, seed: 5, trainsBiases: false), data: .next,
        epochs: 20, learningRate: 0.1),
    ]
  }()

  // MARK: The tests

  func testEveryValueAgreesWithPyTorchAutograd() throws {
    guard let blocks = try Self.torchBlocks()?.prefix(Self.gradientCases.count) else { return }
    XCTAssertEqual(blocks.count, Self.gradientCases.count)
    var torchSide = Comparison()
    var reference = Comparison()
    var torchFarther = 0
    for (number, (script, c)) in zip(blocks, Self.gradientCases).enumerated() {
      var model = c.model
      let pass = model.forward(c.inputs)
      var back = model.startBackward(pass, targets: c.targets)
      back.run(accumulatingInto: &model.gradients)
      let k = model.size
      var ours: [String: Double] = ["loss": back.lossValue]
      for f in pass.steps {
        for i in 0..<k {
          ours["a[\(f.t),\(i + 1)]"] = f.a[i]
          ours["h[\(f.t),\(i + 1)]"] = f.h[i]
        }
        ours["yhat[\(f.t)]"] = f.output
      }
      for r in back.timesteps {
        for i in 0..<k { ours["dh[\(r.t),\(i + 1)]"] = r.dh[i] }
      }
      for p in model.gradients.names { ours["\(p.name).g"] = model.gradients[p] }
      var expectedNames = Set(ours.keys.flatMap { [$0, "ref." + $0] })
      // nn.RNN has tanh and ReLU only; it shows h_t, ŷ_t, L and the gradients.
      if model.activation != .identity {
        for name in ours.keys where !name.hasPrefix("a[") && !name.hasPrefix("dh[") {
          expectedNames.insert("nn." + name)
        }
        // b's gradient twice: as bias_ih's and as bias_hh's.
        for i in 1...k { expectedNames.insert("nn.b_hh[\(i)].g") }
      }
      let what =
        "case \(number + 1) (K = \(k), n = \(c.inputs.count), \(model.activation), "
        + "\(model.loss), ×\(c.scale))"
      XCTAssertEqual(Set(script.keys), expectedNames, "\(what): the same values on both sides")
      let start = "\(what): parameters \(c.model.weights.values), x \(c.inputs), y \(c.targets)"
      for (name, want) in script {
        // The engine's name for it: without the side's prefix, bias_hh's gradient as b's.
        let plain =
          (name.hasPrefix("nn.") || name.hasPrefix("ref.")
          ? String(name.drop { $0 != "." }.dropFirst()) : name)
          .replacingOccurrences(of: "b_hh[", with: "b[")
        guard let got = ours[plain] else {
          XCTFail("\(what): \(name) has no counterpart in the engine")
          continue
        }
        if name.hasPrefix("ref.") {
          let difference = reference.add(got, want, name)
          XCTAssertLessThanOrEqual(
            difference, Self.tolerance,
            "\(start); \(plain): 100 digits \(want), minirnn \(got), relative \(difference)")
          continue
        }
        let difference = torchSide.add(got, want, name)
        guard difference > Self.tolerance else { continue }
        // Both sides are float64 sums in different orders; where they part by more than
        // 1e−12, the 100-digit value says which one drifted.
        let exact = script["ref." + plain]!
        let oursOff = abs(got - exact)
        let torchOff = abs(want - exact)
        if torchOff > oursOff {
          torchFarther += 1
        } else {
          XCTFail(
            "\(start); \(name): PyTorch \(want), minirnn \(got), relative \(difference), "
              + "100 digits \(exact)")
        }
      }
    }
    let longest = Self.gradientCases.map(\.inputs.count).max() ?? 0
    print(
      "vector RNN vs PyTorch autograd (float64): \(Self.gradientCases.count) cases "
        + "(K 1–8, n 1–\(longest)), \(torchSide.count) values, worst relative difference "
        + "\(torchSide.worst) (\(torchSide.worstName)); \(torchFarther) beyond 1e-12 where "
        + "PyTorch is the farther from the 100-digit values; vs 100 digits: \(reference.count) "
        + "values, worst \(reference.worst) (\(reference.worstName))")
  }

  func testTrainingAgreesWithPyTorchSGD() throws {
    guard let blocks = try Self.torchBlocks()?.dropFirst(Self.gradientCases.count) else {
      return
    }
    XCTAssertEqual(blocks.count, Self.trainingCases.count)
    var comparison = Comparison()
    for (number, (torch, c)) in zip(blocks, Self.trainingCases).enumerated() {
      var model = c.model
      let run = model.train(on: c.data, epochs: c.epochs, learningRate: c.learningRate)
      XCTAssertEqual(run.outcome, .finished)
      var ours = ["sgd.epochLoss": run.finalLoss]
      for p in model.weights.names { ours["sgd.\(p.name)"] = model.weights[p] }
      let what =
        "training case \(number + 1) (K = \(model.size), \(model.activation), \(model.loss), "
        + "\(c.data.name), \(c.epochs) epochs)"
      XCTAssertEqual(Set(ours.keys), Set(torch.keys), "\(what): the same values on both sides")
      for (name, want) in torch {
        guard let got = ours[name] else { continue }
        let difference = comparison.add(got, want, name)
        XCTAssertLessThanOrEqual(
          difference, Self.trainingTolerance,
          "\(what) \(name): PyTorch \(want), minirnn \(got), relative \(difference)")
      }
    }
    print(
      "VectorRNN.train vs PyTorch SGD (float64): \(Self.trainingCases.count) runs, "
        + "\(comparison.count) values, worst relative difference \(comparison.worst) "
        + "(\(comparison.worstName))")
  }

  // MARK: Running the script

  /// The worst of the differences seen, each |got − want| / max(1, |want|): relative for
  /// values beyond 1, absolute below. (The LSTM's oracle divides by the larger magnitude, but
  /// here values are born of cancellation — an a_t of 6e−6 from terms of 0.1 — or of
  /// gradients that vanished to 1e−59 over 118 steps, whose last digits neither float64 side
  /// can hold.)
  struct Comparison {
    var worst = 0.0
    var worstName = ""
    var count = 0

    /// Records one pair; returns its difference.
    mutating func add(_ got: Double, _ want: Double, _ name: String) -> Double {
      let difference = abs(got - want) / max(1, abs(want))
      if difference > worst || count == 0 {
        worst = difference
        worstName = name
      }
      count += 1
      return difference
    }
  }

  /// The script's `name = value` lines for the gradient cases and then the training cases,
  /// one dictionary per case; nil after a failure.
  static func torchBlocks() throws -> [[String: Double]]? {
    guard let output = torchOutput else {
      _ = try TorchPython.required(for: "vector RNN PyTorch check")
      return nil
    }
    switch output {
    case .success(let blocks): return blocks
    case .failure(let problem):
      XCTFail(problem.description)
      return nil
    }
  }

  struct ScriptFailure: Error, CustomStringConvertible {
    var description: String
  }

  /// The script run once on every case, for both tests (importing torch takes seconds); nil
  /// without a python that has torch.
  static let torchOutput: Result<[[String: Double]], ScriptFailure>? = TorchPython.python.map {
    python in Result { () throws(ScriptFailure) in try runScript(python) }
  }

  static func runScript(_ python: URL) throws(ScriptFailure) -> [[String: Double]] {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent(
      "vector-rnn-cases-\(ProcessInfo.processInfo.processIdentifier).json")
    defer { try? FileManager.default.removeItem(at: file) }
    do {
      try casesJSON.write(to: file, atomically: true, encoding: .utf8)
    } catch {
      throw ScriptFailure(description: "could not write \(file.path): \(error)")
    }
    let status: Int32
    let output: String
    let errors: String
    do {
      (status, output, errors) = try TorchPython.run(python, [script.path, file.path])
    } catch {
      throw ScriptFailure(description: "could not run \(python.path): \(error)")
    }
    guard status == 0 else {
      throw ScriptFailure(description: "\(script.lastPathComponent) exited \(status): \(errors)")
    }
    return output.components(separatedBy: "# case ").dropFirst().map { block in
      var values: [String: Double] = [:]
      for line in block.split(separator: "\n") {
        let parts = line.components(separatedBy: " = ")
        if parts.count == 2, let v = Double(parts[1]) { values[parts[0]] = v }
      }
      return values
    }
  }

  /// The cases as the script reads them. Swift's `description` of a Double is its shortest
  /// round-trip form, which JSON and Python read back to the same double.
  static var casesJSON: String {
    func list(_ values: [Double]) -> String {
      "[" + values.map { "\($0)" }.joined(separator: ",") + "]"
    }
    func model(_ m: VectorRNN) -> String {
      "\"k\":\(m.size),\"activation\":\"\(m.activation.rawValue)\","
        + "\"loss\":\"\(m.loss.rawValue)\",\"weights\":\(list(m.weights.values))"
    }
    var objects = gradientCases.map { c in
      "{\(model(c.model)),\"inputs\":\(list(c.inputs)),\"targets\":\(list(c.targets))}"
    }
    objects += trainingCases.map { c in
      let samples = c.data.samples.map { s in
        "{\"inputs\":\(list(s.inputs)),\"targets\":\(list(s.targets ?? [s.target]))}"
      }
      return "{\(model(c.model)),\"epochs\":\(c.epochs),\"lr\":\(c.learningRate),"
        + "\"trainsBiases\":\(c.model.trainsBiases),\"samples\":[\(samples.joined(separator: ","))]}"
    }
    return "[\n" + objects.joined(separator: ",\n") + "\n]\n"
  }
}
