import Foundation
import RNN
import XCTest

@testable import Tutor

/// A model defined here alone, to show that a model is one conformance of `SessionModel`:
/// a linear scalar RNN, h_t = u·x_t + v·h_{t−1}, ŷ = w·h_n, L = ½(y − ŷ)². Nothing outside
/// this file knows it; the session is told of it through `modelCatalog`.
struct LinearRNN: SessionModel {
  static let word = "linear"
  static let displayName = "the linear RNN"

  var u = 0.5
  var v = 0.5
  var w = 2.0
  /// The gradients, accumulated until `zero` as the article's `.g` are.
  var g = [0.0, 0.0, 0.0]
  /// What the gradients were when the backward pass started (for a save's replay).
  var gradientsAtStart = [0.0, 0.0, 0.0]
  var learningRate = 0.01
  /// The forward pass: x and h_0…h_t so far.
  var x: [Double] = []
  var h: [Double] = []
  var forwardStarted = false
  /// BPTT steps taken (0 to n) and ∂L/∂h_t arriving at the next one.
  var backSteps: Int?
  var dh = 0.0
  var epochs: Int?

  init() {}

  func introduction(_ n: Notation) -> String { "model linear: h = u·x + v·h, ŷ = w·h\n" }

  static let names = ["u", "v", "w"]
  var parameters: [(name: String, value: Double)] { zip(Self.names, [u, v, w]).map { ($0, $1) } }
  var forwardProgress: (t: Int, count: Int)? { forwardStarted ? (h.count - 1, x.count) : nil }
  var backwardProgress: (steps: Int, count: Int)? { backSteps.map { ($0, x.count) } }
  var prediction: Double? { h.count == x.count + 1 ? w * h[x.count] : nil }

  mutating func clearPasses() {
    (x, h, forwardStarted, backSteps) = ([], [], false, nil)
  }
  mutating func clearBackward() { backSteps = nil }

  mutating func set(_ name: String, _ value: Double) {
    switch name {
    case "u": u = value
    case "v": v = value
    case "w": w = value
    case "lr": learningRate = value
    default: g[Self.names.firstIndex(of: String(name.dropLast(2)))!] = value
    }
  }

  func value(of name: String, in session: Session) throws(CommandError) -> Double {
    switch name {
    case "u", "v", "w": return parameters.first { $0.name == name }!.value
    case "u.g", "v.g", "w.g": return g[Self.names.firstIndex(of: String(name.prefix(1)))!]
    case "lr": return learningRate
    case "y":
      guard let y = session.state.target else { throw .targetNotSet }
      return y
    case "yhat":
      guard let p = prediction else { throw .valueNotComputed(name, hint: "type 'step' first") }
      return p
    default:
      if let (base, t) = Parse.indexedName(name), base == "h", t < h.count { return h[t] }
      throw .unknownName(name, what: "name", accepted: printableNames(in: session))
    }
  }

  func printableNames(in session: Session) -> [String] {
    ["u", "v", "w", "u.g", "v.g", "w.g", "lr", "y", "yhat"]
  }

  mutating func step(_ inputs: [Double]) {
    if !forwardStarted { (x, h, forwardStarted) = (inputs, [0], true) }
    let t = h.count
    h.append(u * x[t - 1] + v * h[t - 1])
  }

  /// One BPTT step: the output first, then t = n…1.
  mutating func back(target y: Double) {
    let n = x.count
    let s = backSteps ?? 0
    if s == 0 {
      gradientsAtStart = g
      let dyhat = w * h[n] - y
      g[2] += dyhat * h[n]
      dh = dyhat * w
    } else {
      let t = n - s + 1
      g[0] += dh * x[t - 1]
      g[1] += dh * h[t - 1]
      dh *= v
    }
    backSteps = s + 1
  }

  func saveLines(in state: SessionState) -> [String] {
    let before = backSteps == nil ? g : gradientsAtStart
    var lines = parameters.map { "set \($0.name) \($0.value)" }
    lines += zip(Self.names, before).map { "set \($0).g \($1)" }
    lines.append("set lr \(learningRate)")
    if forwardStarted { lines.append("step \(h.count - 1)") }
    if let s = backSteps { lines.append("back \(s)") }
    return lines
  }

  func statusRows(in session: Session) -> [(String, String)] {
    [("model", "linear"), ("data", "")]
  }

  func predict(_ inputs: [Double]) -> Double {
    w * inputs.reduce(0) { h, x in u * x + v * h }
  }

  func lossPicture() throws(CommandError) -> LossPicture { throw .noTraining }

  func svgPicture(_ kind: PictureKind, in session: Session, _ n: Notation, hooks: Hooks)
    throws(CommandError) -> String
  {
    throw .notReady("the linear RNN draws no \(kind.words.joined(separator: " "))")
  }

  static let commands = CommandTable.table([
    Command(
      name: "set", usage: "set u|v|w|lr VALUE", summary: "set a parameter", example: "set u 1",
      section: "", arguments: .exactly(2, "a name and a value")
    ) { session, args, _ throws(CommandError) in
      let value = try Parse.number(args[1], "set")
      session.state[active: LinearRNN.self].set(args[0], value)
      if !args[0].hasSuffix(".g") && args[0] != "lr" { session.state.clearPasses() }
      return "\(args[0]) = \(plainNumber(value))\n"
    },
    Command(
      name: "step", usage: "step [N]", summary: "the next timestep", example: "step",
      section: "", arguments: .atMost(1, "a number of steps")
    ) { session, args, _ throws(CommandError) in
      var m = session.state[active: LinearRNN.self]
      let count = try session.stepCount(args, "step")
      var text = ""
      for _ in 0..<count where m.prediction == nil {
        m.step(session.state.inputs)
        text += "h[\(m.h.count - 1)] = \(plainNumber(m.h.last!))\n"
      }
      session.state[active: LinearRNN.self] = m
      return text
    },
    Command(
      name: "back", usage: "back [N]", summary: "one BPTT step", example: "back", section: "",
      arguments: .atMost(1, "a number of steps")
    ) { session, args, _ throws(CommandError) in
      var m = session.state[active: LinearRNN.self]
      guard m.prediction != nil else { throw .notReady("back: finish the forward pass first") }
      guard let y = session.state.target else { throw .noTarget(command: "back") }
      for _ in 0..<(try session.stepCount(args, "back")) where (m.backSteps ?? 0) <= m.x.count {
        m.back(target: y)
      }
      session.state[active: LinearRNN.self] = m
      return "dL/dh = \(plainNumber(m.dh))\n"
    },
    Command(
      name: "grads", usage: "grads", summary: "the gradients", example: "grads", section: ""
    ) { session, _, _ throws(CommandError) in
      let m = session.state[active: LinearRNN.self]
      return zip(names, m.g).map { "\($0).g = \(plainNumber($1))\n" }.joined()
    },
    Command(
      name: "train", usage: "train [EPOCHS]", summary: "SGD over the data set", example: "train",
      section: "", arguments: .atMost(1, "a number of epochs")
    ) { session, args, hooks throws(CommandError) in
      let epochs =
        try args.first.map { t throws(CommandError) in
          try Parse.count(t, "train", in: 0...Limits.epochs)
        } ?? 1
      guard let data = session.state.dataset else { throw .noDataset(command: "train") }
      var m = session.state[active: LinearRNN.self]
      for _ in 0..<epochs where !hooks.shouldStop() {
        for sample in data.samples {
          m.clearPasses()
          m.g = [0, 0, 0]
          for _ in sample.inputs { m.step(sample.inputs) }
          for _ in 0...sample.inputs.count { m.back(target: sample.target) }
          (m.u, m.v, m.w) = (
            m.u - m.learningRate * m.g[0], m.v - m.learningRate * m.g[1],
            m.w - m.learningRate * m.g[2]
          )
        }
      }
      m.clearPasses()
      m.g = [0, 0, 0]
      m.epochs = epochs
      session.state[active: LinearRNN.self] = m
      return "trained \(epochs) epochs: u = \(m.u), v = \(m.v), w = \(m.w)\n"
    },
    Command(
      name: "export", usage: "export torch FILE", summary: "the model as a PyTorch script",
      example: "export torch linear.py", section: "", arguments: .atLeast(1, "torch FILE")
    ) { session, args, hooks throws(CommandError) in
      guard args[0] == "torch", args.count == 2 else {
        return try CommandTable.sharedExport.action(&session, args, hooks).output
      }
      let m = session.state[active: LinearRNN.self]
      let script = """
        import torch
        u, v, w = (torch.tensor(p, dtype=torch.float64, requires_grad=True) for p in (\(m.u), \(m.v), \(m.w)))
        h = torch.tensor(0.0, dtype=torch.float64)
        for x in [\(session.state.inputs.map { "\($0)" }.joined(separator: ", "))]:
            h = u * x + v * h
        loss = 0.5 * (\(session.state.target ?? 0) - w * h) ** 2
        loss.backward()
        print(repr((w * h).item()), repr(u.grad.item()), repr(v.grad.item()), repr(w.grad.item()))

        """
      if case .failure(let error) = session.files.writeAtomically(args[1], script) {
        throw .file(command: "export torch", error)
      }
      return "wrote \(args[1])\n"
    },
  ])
}

final class TestOnlyModelTests: XCTestCase {
  /// A session that knows the linear RNN, on x = [1, 2], y = 3.
  func makeLinearSession(files: any FileAccess = NoFileAccess()) -> Session {
    var session = makeSession(files: files)
    session.modelCatalog.append(LinearRNN.self)
    session.must("input 1 2; target 3; model linear")
    return session
  }

  /// By hand for u = v = 0.5, w = 2, x = [1, 2], y = 3: h₁ = 0.5, h₂ = 1 + 0.25 = 1.25,
  /// ŷ = 2.5, ∂L/∂ŷ = −0.5; w.g = −0.5·1.25, ∂L/∂h₂ = −1, ∂L/∂h₁ = −0.5;
  /// u.g = −1·2 + (−0.5)·1 = −2.5, v.g = −1·0.5 + (−0.5)·0 = −0.5.
  func testStepBackAndGradsThroughTheShell() {
    var s = makeLinearSession()
    XCTAssertEqual(s.must("step"), "h[1] = 0.5\n")
    XCTAssertEqual(s.must("step"), "h[2] = 1.25\n")
    XCTAssertEqual(s.must("print yhat"), "yhat = 2.5\n")
    s.must("back 3")
    XCTAssertEqual(s.must("grads"), "u.g = -2.5\nv.g = -0.5\nw.g = -0.625\n")
    XCTAssertEqual(s.state.active.backwardProgress?.steps, 3)
    // The shell's own commands work on it too: status, undo, and the capability table.
    XCTAssertTrue(s.must("status").contains("linear"))
    s.must("undo")
    XCTAssertNil(s.state.active.backwardProgress)
    XCTAssertEqual(s.state.active.forwardProgress?.t, 2)
    XCTAssertEqual(
      s.mustFail("mode article"),
      "mode does not apply to the linear RNN: it is one of the article's RNN's commands; type 'model part2' for Part 2's trainable RNN"
    )
    s.must("model part2")
    XCTAssertEqual(s.state.model.weights, MiniRnn(weights: .part1).weights)
  }

  /// The shell's gradients agree with central finite differences of L on the model's own
  /// forward pass.
  func testGradientsMatchFiniteDifferences() {
    var s = makeLinearSession()
    s.must("set u 0.3; set v -0.7; set w 1.1; step 2; back 3")
    let m = s.state[active: LinearRNN.self]
    func loss(_ p: [Double]) -> Double {
      var h = 0.0
      for x in [1.0, 2.0] { h = p[0] * x + p[1] * h }
      return 0.5 * (3 - p[2] * h) * (3 - p[2] * h)
    }
    let p = [0.3, -0.7, 1.1]
    for i in 0..<3 {
      var plus = p
      var minus = p
      plus[i] += 1e-6
      minus[i] -= 1e-6
      let numeric = (loss(plus) - loss(minus)) / 2e-6
      XCTAssertEqual(m.g[i], numeric, accuracy: 1e-8, "parameter \(LinearRNN.names[i])")
    }
  }

  func testTrainLowersTheLossAndStopsAtCtrlC() {
    var s = makeLinearSession()
    s.must("data slopes")
    let samples = s.state.dataset!.samples
    func meanLoss(_ m: LinearRNN) -> Double {
      samples.map { 0.5 * ($0.target - m.predict($0.inputs)) * ($0.target - m.predict($0.inputs)) }
        .reduce(0, +) / Double(samples.count)
    }
    let before = meanLoss(s.state[active: LinearRNN.self])
    s.must("train 50")
    XCTAssertLessThan(meanLoss(s.state[active: LinearRNN.self]), before)
    let trained = s.state[active: LinearRNN.self]
    // Ctrl-C before the first epoch: nothing trains.
    var stopped = s
    _ = stopped.execute("train 1000", hooks: Hooks(shouldStop: { true }))
    XCTAssertEqual(stopped.state[active: LinearRNN.self].u, trained.u)
  }

  /// A save in the middle of BPTT loads back into an equal state, bit for bit.
  func testSaveAndLoadMidPass() {
    let files = MemoryFiles()
    var s = makeLinearSession(files: files)
    s.must("set u 0.3; set v -0.7; step 2; back 2; save mid.txt")
    let saved = s.state
    var fresh = makeSession(files: files)
    fresh.modelCatalog.append(LinearRNN.self)
    fresh.must("load mid.txt")
    XCTAssertEqual(fresh.state, saved)
    XCTAssertEqual(fresh.must("grads"), s.must("grads"))
  }

  /// `export torch` writes a script that PyTorch runs (where the project's environment has
  /// it) to the session's ŷ and gradients.
  func testExportTorchAgreesWithAutograd() throws {
    let files = MemoryFiles()
    var s = makeLinearSession(files: files)
    s.must("set u 0.3; set v -0.7; set w 1.1; step 2; back 3; export torch linear.py")
    let script = try XCTUnwrap(files["linear.py"])
    XCTAssertTrue(script.contains("loss.backward()"))
    let python = FileManager.default.homeDirectoryForCurrentUser
      .appendingPathComponent(".cache/minirnn/venv/bin/python").path
    guard FileManager.default.isExecutableFile(atPath: python) else {
      throw XCTSkip("no PyTorch environment at \(python); .ci/run installs it")
    }
    let path = FileManager.default.temporaryDirectory.appendingPathComponent(
      "linear-\(getpid()).py")
    try script.write(to: path, atomically: true, encoding: .utf8)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: python)
    process.arguments = [path.path]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    let torch = output.split(separator: " ").compactMap {
      Double($0.trimmingCharacters(in: .whitespacesAndNewlines))
    }
    let m = s.state[active: LinearRNN.self]
    XCTAssertEqual(torch.count, 4, output)
    guard torch.count == 4 else { return }
    XCTAssertEqual(torch[0], m.prediction!, accuracy: 1e-12)
    for i in 0..<3 { XCTAssertEqual(torch[i + 1], m.g[i], accuracy: 1e-12, LinearRNN.names[i]) }
  }
}
