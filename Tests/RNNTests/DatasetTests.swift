import RNN
import XCTest

/// The built-in data sets: the article's two as printed, and `recall`, whose target is x₁.
final class DatasetTests: XCTestCase {
  func testRecallTargetsAreTheFirstInput() {
    for steps in [2, 5, 13, 100] {
      let data = Dataset.recall(steps: steps)
      XCTAssertEqual(data.name, "recall")
      XCTAssertEqual(data.samples.count, 4)
      for sample in data.samples {
        XCTAssertEqual(sample.inputs.count, steps)
        XCTAssertEqual(sample.target, sample.inputs[0], "the target is x₁")
        for x in sample.inputs {
          // Tenths from 0 to 0.9, each the double nearest k/10.
          let k = (x * 10).rounded()
          XCTAssertTrue((0...9).contains(k), "\(x)")
          XCTAssertEqual(x, k / 10)
        }
      }
    }
    XCTAssertEqual(Dataset.recall(steps: 5).samples.map(\.target), [0.9, 0.2, 0.6, 0.4])
  }

  func testRecallIsFixedAndLongerSetsExtendShorterOnes() {
    XCTAssertEqual(Dataset.recall(steps: 9), Dataset.recall(steps: 9))
    let short = Dataset.recall(steps: 5).samples
    let long = Dataset.recall(steps: 30).samples
    for (a, b) in zip(short, long) { XCTAssertEqual(Array(b.inputs.prefix(5)), a.inputs) }
    XCTAssertEqual(Dataset.named("recall"), .recall(steps: Dataset.defaultRecallSteps))
  }

  /// The article's data sets are what they were.
  func testSlopesAndZigzagAreUnchanged() {
    XCTAssertEqual(Dataset.slopes.samples.map(\.inputs), [[0, 0.5], [0.5, 0.5], [1, 0.5]])
    XCTAssertEqual(Dataset.slopes.samples.map(\.target), [1, 0.5, 0])
    XCTAssertEqual(Dataset.zigzag.samples.map(\.inputs), [[0, 1, 0, 1, 0], [1, 0, 1, 0, 1]])
    XCTAssertEqual(Dataset.zigzag.samples.map(\.target), [1, 0])
    XCTAssertEqual(Dataset.builtIn.map(\.name), ["slopes", "zigzag", "recall", "echo", "next"])
  }
}
