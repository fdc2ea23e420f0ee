import RNN
import TestSupport
import XCTest

final class TrainingTests: XCTestCase {
  /// The reference: a plain C loop of the same math, 20,000 epochs on slopes from
  /// (0.5, 0.3, 0.8) at lr 0.001, ends at (1.3470577362…, −0.49999999986…, 1.4847173541…).
  func testExactTrainingOnSlopesMatchesTheCLoopDigits() {
    var m = MiniRnn(weights: Weights(w1: 0.5, w2: 0.3, w3: 0.8))
    let report = m.train(on: .slopes)
    XCTAssertEqual(report.outcome, .finished)
    XCTAssertEqual(report.epochsCompleted, 20_000)
    XCTAssertEqual(report.sampleSteps, 60_000)
    assertWithin(m.weights.w1, 1.3470577362, 1e-10, "w1")
    assertWithin(m.weights.w2, -0.49999999986, 1e-11, "w2")
    assertWithin(m.weights.w3, 1.4847173541, 1e-10, "w3")
    XCTAssertEqual(m.gradients, .zero, "the loop zeroes after every update")
  }

  func testArticleModeNeverMovesW3() {
    var m = MiniRnn(weights: Weights(w1: 0.5, w2: 0.3, w3: 0.8), mode: .article)
    _ = m.train(on: .slopes)
    XCTAssertEqual(m.weights.w3, 0.8)
    XCTAssertNotEqual(m.weights.w1, 0.5)
  }

  /// Training is §3.1's loop over the same equations as stepping: one sample step done by
  /// hand with forward/backward/update/zero gives the same bits as train for one epoch.
  func testTrainEqualsStepByStepLoop() {
    for mode in Mode.allCases {
      var manual = MiniRnn(weights: Weights(w1: 0.7, w2: -0.2, w3: 0.4), mode: mode)
      var trained = manual
      for sample in Dataset.zigzag.samples + Dataset.zigzag.samples {
        let pass = manual.forward(sample.inputs)
        manual.backward(pass, target: sample.target)
        manual.update(learningRate: 0.01)
        manual.zeroGradients()
      }
      _ = trained.train(on: .zigzag, epochs: 2, learningRate: 0.01)
      XCTAssertEqual(manual.weights, trained.weights, "mode \(mode)")
    }
  }

  func testDivergenceStopsWithTheLastFiniteWeights() {
    // A step that overshoots downwards kills ReLU (every h becomes 0) instead of diverging,
    // so aim far above: the first update lifts the weights to ~1e150, and the next forward
    // pass overflows to ∞.
    let start = Weights(w1: 1, w2: 1, w3: 1)
    let data = Dataset(
      name: "huge", summary: "",
      samples: [Sample(inputs: [1, 1], target: 1e150)])
    var m = MiniRnn(weights: start)
    let report = m.train(on: data, epochs: 1000, learningRate: 1)
    guard case .diverged(let epoch, let sample) = report.outcome else {
      return XCTFail("this must diverge, got \(report.outcome)")
    }
    XCTAssertEqual(epoch, 2)
    XCTAssertEqual(sample, 1)
    XCTAssertEqual(m.weights, Weights(w1: 1 + 2e150, w2: 1 + 1e150, w3: 1 + 2e150))
    XCTAssertTrue(m.weights.isFinite, "weights restored to the last finite ones")
    // Replaying the steps before the divergence gives exactly these weights.
    var replay = MiniRnn(weights: start)
    let samples = data.samples
    for step in 0..<((epoch - 1) * samples.count + sample - 1) {
      let s = samples[step % samples.count]
      let pass = replay.forward(s.inputs)
      replay.backward(pass, target: s.target)
      replay.update(learningRate: 1)
      replay.zeroGradients()
    }
    XCTAssertEqual(replay.weights, m.weights)
  }

  func testStopLeavesAWholeSampleStep() {
    var m = MiniRnn(weights: Weights(w1: 0.5, w2: 0.3, w3: 0.8))
    var calls = 0
    let report = m.train(on: .slopes, epochs: 1_000_000, checkEvery: 7) { _ in
      calls += 1
      return calls < 3
    }
    XCTAssertEqual(report.outcome, .stopped(epoch: 7, sample: 3), "21 sample steps = 7 epochs")
    XCTAssertEqual(report.sampleSteps, 21)
    XCTAssertEqual(report.epochsCompleted, 7)
    var replay = MiniRnn(weights: Weights(w1: 0.5, w2: 0.3, w3: 0.8))
    _ = replay.train(on: .slopes, epochs: 7)
    XCTAssertEqual(replay.weights, m.weights)
  }

  func testLossHistoryStaysBounded() {
    var m = MiniRnn(weights: Weights(w1: 0.5, w2: 0.3, w3: 0.8))
    let report = m.train(on: .slopes, epochs: 10_000)
    XCTAssertLessThanOrEqual(report.history.points.count, report.history.capacity)
    XCTAssertGreaterThan(report.history.points.count, report.history.capacity / 2)
    XCTAssertGreaterThan(report.history.stride, 1, "10,000 epochs do not fit without thinning")
    // Thinning keeps the run's first epoch, so `plot loss` starts where the run did.
    XCTAssertEqual(report.history.points.first?.epoch, 1)
    XCTAssertEqual(report.history.points[1].epoch, report.history.stride)
    XCTAssertTrue(
      report.history.points.dropFirst().allSatisfy { $0.epoch % report.history.stride == 0 })
    XCTAssertLessThan(report.history.points.last!.loss, report.history.points.first!.loss)
  }
}
