import RNN
import XCTest

final class WeightPathTests: XCTestCase {
  /// The path starts at the start weights and holds, for each kept epoch, the weights a
  /// shorter run of that many epochs ends at.
  func testPathPointsAreTheWeightsAfterEachEpoch() {
    let start = Weights(w1: 0.5, w2: 0.3, w3: 0.8)
    var m = MiniRnn(weights: start)
    let report = m.train(on: .slopes, epochs: 5, learningRate: 0.01)
    XCTAssertEqual(report.path.points.map(\.epoch), [0, 1, 2, 3, 4, 5])
    XCTAssertEqual(report.path.points.first?.weights, start)
    XCTAssertEqual(report.path.points.last?.weights, report.end)
    var shorter = MiniRnn(weights: start)
    _ = shorter.train(on: .slopes, epochs: 3, learningRate: 0.01)
    XCTAssertEqual(report.path.points[3].weights, shorter.weights)
  }

  func testLongRunsAreThinnedButKeepTheStart() {
    var m = MiniRnn(weights: Weights(w1: 0.5, w2: 0.3, w3: 0.8))
    let report = m.train(on: .slopes, epochs: 3000)
    XCTAssertLessThanOrEqual(report.path.points.count, report.path.capacity)
    XCTAssertGreaterThan(report.path.points.count, report.path.capacity / 2)
    XCTAssertEqual(report.path.points.first?.epoch, 0)
    XCTAssertTrue(report.path.points.allSatisfy { $0.epoch % report.path.stride == 0 })
  }

  func testADivergedRunKeepsOnlyFiniteWeights() {
    var m = MiniRnn(weights: Weights(w1: 0.5, w2: 0.3, w3: 0.8))
    let report = m.train(on: .slopes, epochs: 1000, learningRate: 1e6)
    XCTAssertTrue(report.path.points.allSatisfy(\.weights.isFinite))
  }
}
