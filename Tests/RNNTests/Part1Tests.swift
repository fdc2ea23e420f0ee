import Foundation
import RNN
import TestSupport
import XCTest

final class Part1Tests: XCTestCase {
  /// Part 1's model gets the slopes right and the zigzag wrong: 0.7 and 1.6 for targets 1, 0.
  func testPart1Predictions() {
    let m = MiniRnn.part1
    XCTAssertEqual(Dataset.slopes.samples.map { m.predict($0.inputs) }, [1.0, 0.5, 0.0])
    XCTAssertEqual(Dataset.zigzag.samples.map { m.predict($0.inputs) }, [0.7, 1.6])
  }

  func testPart1UsesAbsNotReLU() {
    var pass = MiniRnn.part1.startForward([1, 0])
    pass.run()
    // a₂ = 1.8·0 + (−0.5)·1.8 = −0.9; abs gives 0.9 where ReLU would give 0.
    assertWithin(pass.steps[1].preactivation, -0.9, 1e-15, "a2")
    assertWithin(pass.steps[1].h, 0.9, 1e-15, "h2 = |a2|")
  }

  /// Python's round(v, 1) rounds the exact binary value: 0.25 is exact so it ties to even
  /// (0.2), 0.35 is stored as 0.34999… so it goes down, 0.45 as 0.4500…01 so it goes up.
  func testPythonRoundOnKnownCases() {
    XCTAssertEqual(pythonRound(0.25, digits: 1), 0.2)
    XCTAssertEqual(pythonRound(0.75, digits: 1), 0.8)
    XCTAssertEqual(pythonRound(0.35, digits: 1), 0.3)
    XCTAssertEqual(pythonRound(0.45, digits: 1), 0.5)
    XCTAssertEqual(pythonRound(-0.25, digits: 1), -0.2)
    XCTAssertEqual(pythonRound(2.5, digits: 0), 2)
    XCTAssertEqual(pythonRound(0.7425, digits: 1), 0.7)
    XCTAssertEqual(pythonRound(1.60875, digits: 1), 1.6)
  }

  /// Compared with Python itself on many values, when python3 is there.
  func testPythonRoundAgreesWithPython() throws {
    var rng = SplitMix64(seed: 7)
    var values: [Double] = (0..<2000).map { _ in (rng.nextUnit() * 20 - 10) }
    // Values near ties, where rounding is hardest.
    values += (0..<400).map { Double($0) / 20 - 10 }
    let script = "import sys\nfor line in sys.stdin: print(repr(round(float(line), 1)))\n"
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script]
    let input = Pipe()
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    do { try process.run() } catch { throw XCTSkip("python3 is not available: \(error)") }
    input.fileHandleForWriting.write(
      values.map(\.description).joined(separator: "\n").data(using: .utf8)!)
    input.fileHandleForWriting.closeFile()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let expected = String(decoding: data, as: UTF8.self).split(separator: "\n").map { Double($0)! }
    XCTAssertEqual(expected.count, values.count)
    for (v, e) in zip(values, expected) {
      XCTAssertEqual(pythonRound(v, digits: 1), e, "round(\(v), 1)")
    }
  }
}
