import Foundation
import RNN
import XCTest

/// Article mode against the article's own code: `Tests/Reference/article_printed.py` runs the
/// printed `MiniRnn` and §3.1 loop (float64, bugs included) from given starting weights, and
/// `MiniRnn(weights:mode: .article).train(on:epochs:learningRate:)` must end at the same
/// weights. See Tests/Reference/README.md.
final class ArticleOracleTests: XCTestCase {
  /// The largest relative difference accepted per weight. (At the time of writing the two
  /// agree bit for bit; the tolerance only leaves room for a harmless reordering.)
  static let tolerance = 1e-9

  /// The repository root, three levels above this file.
  static let repoRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  static let script = repoRoot.appendingPathComponent("Tests/Reference/article_printed.py")

  /// Starting weight triples drawn like `torch.rand(1)` ×3, from fixed seeds.
  static func seededStart(_ seed: UInt64) -> Weights {
    var generator = SplitMix64(seed: seed)
    var model = MiniRnn(weights: .zero)
    model.randomize(using: &generator)
    return model.weights
  }

  static let seeds: [UInt64] = [1, 7, 2024]

  // MARK: Article mode, as printed

  func testSlopesFromSeededStarts() throws {
    for seed in Self.seeds {
      try compare(
        start: Self.seededStart(seed), data: .slopes, epochs: 2000, mode: .article,
        label: "seed \(seed)")
    }
  }

  func testZigzagFromSeededStarts() throws {
    for seed in Self.seeds {
      try compare(
        start: Self.seededStart(seed), data: .zigzag, epochs: 2000, mode: .article,
        label: "seed \(seed)")
    }
  }

  func testBothDataSetsFromTheIssueStart() throws {
    let start = Weights(w1: 0.5, w2: 0.3, w3: 0.8)
    try compare(start: start, data: .slopes, epochs: 2000, mode: .article, label: "issue start")
    try compare(start: start, data: .zigzag, epochs: 2000, mode: .article, label: "issue start")
  }

  /// The article's full run: 20,000 epochs at lr 0.001 on slopes. w₃ must not move.
  func testFullTwentyThousandEpochSlopesRun() throws {
    let start = Weights(w1: 0.5, w2: 0.3, w3: 0.8)
    let end = try compare(
      start: start, data: .slopes, epochs: MiniRnn.defaultEpochs, mode: .article,
      label: "full run")
    XCTAssertEqual(end.w3.bitPattern, start.w3.bitPattern, "article mode must leave w3 at 0.8")
  }

  /// Starts outside torch.rand's [0, 1) so that some a_t ≤ 0: the printed `relu` then
  /// returns the int 0 and `d_relu` a plain False, paths the seeded starts may not reach.
  func testStartsWhereReluCuts() throws {
    let starts = [
      Weights(w1: 0.9, w2: -0.8, w3: 0.4),
      Weights(w1: 0.6, w2: -0.9, w3: 1.2),
    ]
    for (i, start) in starts.enumerated() {
      try compare(start: start, data: .zigzag, epochs: 2000, mode: .article, label: "cut \(i)")
      try compare(start: start, data: .slopes, epochs: 2000, mode: .article, label: "cut \(i)")
    }
  }

  // MARK: Exact mode, against the printed code with only the w3g typo fixed

  func testExactModeAgainstCorrectedPrintedCode() throws {
    for seed in Self.seeds.prefix(2) {
      for data in [Dataset.slopes, .zigzag] {
        try compare(
          start: Self.seededStart(seed), data: data, epochs: 2000, mode: .exact,
          label: "seed \(seed)")
      }
    }
  }

  // MARK: Helpers

  /// Trains in Swift and in Python from `start` and checks every final weight; returns
  /// Swift's final weights.
  @discardableResult
  func compare(
    start: Weights, data: Dataset, epochs: Int, mode: Mode, label: String,
    learningRate lr: Double = MiniRnn.defaultLearningRate,
    file: StaticString = #filePath, line: UInt = #line
  ) throws -> Weights {
    let expected = try runPython(start: start, data: data.name, epochs: epochs, lr: lr, mode: mode)
    var model = MiniRnn(weights: start, mode: mode)
    let report = model.train(on: data, epochs: epochs, learningRate: lr)
    let context =
      "\(label), \(data.name), \(mode.rawValue) mode, \(epochs) epochs, lr \(lr), "
      + "start (\(start.w1), \(start.w2), \(start.w3))"
    XCTAssertEqual(report.outcome, .finished, context, file: file, line: line)
    for name in Weight.allCases {
      let want = expected[name]
      let got = model.weights[name]
      let scale = max(abs(want), abs(got))
      let relative = scale == 0 ? 0 : abs(got - want) / scale
      XCTAssertTrue(
        relative <= Self.tolerance,
        "\(context): \(name.rawValue) expected \(want) (Python), got \(got) (Swift), "
          + "relative error \(relative) > \(Self.tolerance)",
        file: file, line: line)
    }
    return model.weights
  }

  /// Runs the oracle script and parses its `w1 = …` lines.
  func runPython(start: Weights, data: String, epochs: Int, lr: Double, mode: Mode) throws
    -> Weights
  {
    guard let python = Self.python3 else {
      throw OracleError(
        "python3 was not found on PATH; ArticleOracleTests run \(Self.script.path) with "
          + "python3 (CI has it: install python3 to run these tests)")
    }
    guard FileManager.default.fileExists(atPath: Self.script.path) else {
      throw OracleError("missing oracle script \(Self.script.path)")
    }
    let process = Process()
    process.executableURL = python
    process.arguments = [
      Self.script.path, "--data", data, "--w", "\(start.w1)", "\(start.w2)", "\(start.w3)",
      "--epochs", "\(epochs)", "--lr", "\(lr)", "--mode", mode.rawValue,
    ]
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let text = String(decoding: stdout, as: UTF8.self)
    guard process.terminationStatus == 0 else {
      throw OracleError(
        "python3 \(Self.script.lastPathComponent) exited \(process.terminationStatus): "
          + String(decoding: stderr, as: UTF8.self))
    }
    var values: [String: Double] = [:]
    for line in text.split(separator: "\n") {
      let parts = line.split(separator: "=", maxSplits: 1).map {
        $0.trimmingCharacters(in: .whitespaces)
      }
      if parts.count == 2, let v = Double(parts[1]) { values[parts[0]] = v }
    }
    guard let w1 = values["w1"], let w2 = values["w2"], let w3 = values["w3"] else {
      throw OracleError("could not read w1, w2, w3 from the oracle's output:\n\(text)")
    }
    return Weights(w1: w1, w2: w2, w3: w3)
  }

  /// python3 on PATH, if any.
  static let python3: URL? = {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
    for dir in path.split(separator: ":") {
      let candidate = URL(fileURLWithPath: String(dir)).appendingPathComponent("python3")
      if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
    }
    return nil
  }()
}

/// Why the oracle could not be run; XCTest prints the message when a test throws it.
struct OracleError: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}
