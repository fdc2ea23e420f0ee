import RNN
import TestSupport
import XCTest

final class LSTMTrainingTests: XCTestCase {
  /// Parameters drawn as PyTorch's `nn.LSTM` default does (uniform ±1) from `seed`.
  static func seeded(_ seed: UInt64) -> MiniLSTM {
    var generator = SplitMix64(seed: seed)
    var model = MiniLSTM(weights: .zero)
    model.randomize(using: &generator)
    return model
  }

  /// The acceptance: trained on zigzag from stated seeds, the loss falls below 1e−4.
  /// Seeds 1, 7 and 2024, lr 0.1, 2,000 epochs (4,000 sample steps).
  func testZigzagLossFallsBelowOneInTenThousand() {
    for seed: UInt64 in [1, 7, 2024] {
      var model = Self.seeded(seed)
      let report = model.train(on: .zigzag, epochs: 2000, learningRate: 0.1)
      XCTAssertEqual(report.outcome, .finished, "seed \(seed)")
      XCTAssertEqual(report.sampleSteps, 4000)
      XCTAssertLessThan(report.finalLoss, 1e-4, "seed \(seed)")
      let first = report.history.points.first { $0.loss < 1e-4 }?.epoch
      // The loss the report gives is the mean over the epoch's sample steps; the model it
      // ends with predicts both zigzag targets at least that well.
      for sample in Dataset.zigzag.samples {
        let yhat = model.predict(sample.inputs)
        XCTAssertLessThan(Cell.loss(prediction: yhat, target: sample.target), 1e-4)
      }
      print(
        "LSTM on zigzag, seed \(seed), lr 0.1: loss \(report.finalLoss) after 2000 epochs, "
          + "below 1e-4 from epoch \(first.map(String.init) ?? "never")")
    }
  }

  /// Training is the same loop as stepping: forward, backward, update, zero by hand gives the
  /// same bits as `train` for two epochs.
  func testTrainEqualsStepByStepLoop() {
    var manual = Self.seeded(5)
    var trained = manual
    for sample in Dataset.zigzag.samples + Dataset.zigzag.samples {
      let pass = manual.forward(sample.inputs)
      manual.backward(pass, target: sample.target)
      manual.update(learningRate: 0.1)
      manual.zeroGradients()
    }
    let report = trained.train(on: .zigzag, epochs: 2, learningRate: 0.1)
    XCTAssertEqual(manual.weights, trained.weights)
    XCTAssertEqual(report.end, trained.weights)
    XCTAssertEqual(report.epochsCompleted, 2)
    XCTAssertEqual(trained.gradients, .zero, "the loop zeroes after every update")
  }

  /// Gradients already accumulated are used by the first update, as for the RNN.
  func testAccumulatedGradientsFeedTheFirstUpdate() {
    var manual = Self.seeded(6)
    manual.backward(manual.forward([0.5, -0.5]), target: 0.25)
    var trained = manual
    for sample in Dataset.slopes.samples {
      manual.backward(manual.forward(sample.inputs), target: sample.target)
      manual.update(learningRate: 0.05)
      manual.zeroGradients()
    }
    _ = trained.train(on: .slopes, epochs: 1, learningRate: 0.05)
    XCTAssertEqual(manual.weights, trained.weights)
  }

  func testStopAfterTheSampleStepInProgress() {
    var model = Self.seeded(1)
    var calls = 0
    let report = model.train(on: .zigzag, epochs: 100, learningRate: 0.1, checkEvery: 3) { _ in
      calls += 1
      return calls < 2
    }
    XCTAssertEqual(report.outcome, .stopped(epoch: 3, sample: 2))
    XCTAssertEqual(report.sampleSteps, 6)
    XCTAssertEqual(report.epochsCompleted, 3, "a stop on an epoch's last sample keeps it whole")
    var again = Self.seeded(1)
    _ = again.train(on: .zigzag, epochs: 3, learningRate: 0.1)
    XCTAssertEqual(model.weights, again.weights, "stopped after whole sample steps")
  }

  func testDivergenceKeepsTheLastFiniteParameters() {
    var model = Self.seeded(3)
    model.weights.wy = 1e300
    let report = model.train(on: .zigzag, epochs: 10, learningRate: 1e10)
    guard case .diverged(let epoch, let sample) = report.outcome else {
      return XCTFail("expected divergence, got \(report.outcome)")
    }
    XCTAssertTrue(model.weights.isFinite)
    XCTAssertEqual(report.sampleSteps, (epoch - 1) * 2 + sample)
  }

  func testZeroEpochsChangesNothing() {
    var model = Self.seeded(9)
    let before = model
    let report = model.train(on: .zigzag, epochs: 0)
    XCTAssertEqual(model, before)
    XCTAssertTrue(report.finalLoss.isNaN)
    XCTAssertEqual(report.path.points.map(\.epoch), [0])
  }
}
