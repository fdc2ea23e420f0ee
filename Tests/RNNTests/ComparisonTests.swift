import RNN
import XCTest

/// `ModelComparison`: what the comparison reports is what training each model alone from the
/// same seed gives.
final class ComparisonTests: XCTestCase {
  /// Each seed's runs are `MiniRnn.train` and `MiniLSTM.train` from that seed, bit for bit.
  func testEachRunIsTrainingThatModelAloneFromItsSeed() {
    for data in [Dataset.zigzag, .recall(steps: 6)] {
      let seeds: [UInt64] = [3, 4]
      let comparison = ModelComparison(
        on: data, seeds: seeds, epochs: 150, rnnLearningRate: 0.01, lstmLearningRate: 0.1)
      XCTAssertNil(comparison.stopped)
      for (k, seed) in seeds.enumerated() {
        var generator = SplitMix64(seed: seed)
        var rnn = MiniRnn(weights: .zero)
        rnn.randomize(using: &generator)
        let r = rnn.train(on: data, epochs: 150, learningRate: 0.01)
        generator = SplitMix64(seed: seed)
        var biased = MiniRnn(weights: .zero)
        biased.randomize(using: &generator)
        biased.trainsBiases = true
        let rb = biased.train(on: data, epochs: 150, learningRate: 0.01)
        XCTAssertEqual(
          comparison.rnnWithBias[k],
          ComparisonRun(
            seed: seed, outcome: rb.outcome, epochsCompleted: 150, finalLoss: rb.finalLoss,
            predictions: data.samples.map { biased.predict($0.inputs) }))
        generator = SplitMix64(seed: seed)
        var lstm = MiniLSTM(weights: .zero)
        lstm.randomize(using: &generator)
        let l = lstm.train(on: data, epochs: 150, learningRate: 0.1)
        XCTAssertEqual(
          comparison.rnn[k],
          ComparisonRun(
            seed: seed, outcome: r.outcome, epochsCompleted: 150, finalLoss: r.finalLoss,
            predictions: data.samples.map { rnn.predict($0.inputs) }))
        XCTAssertEqual(
          comparison.lstm[k],
          ComparisonRun(
            seed: seed, outcome: l.outcome, epochsCompleted: 150, finalLoss: l.finalLoss,
            predictions: data.samples.map { lstm.predict($0.inputs) }))
      }
      let losses = comparison.lstm.map(\.finalLoss)
      let summary = comparison.summary(of: .lstm)
      XCTAssertEqual(summary.mean, (losses[0] + losses[1]) / 2)
      XCTAssertEqual(summary.least, losses.min())
      XCTAssertEqual(summary.greatest, losses.max())
      XCTAssertEqual(comparison.best(of: .lstm)?.finalLoss, losses.min())
    }
  }

  func testLossSummaryLeavesOutLossesThatAreNotFinite() {
    let s = LossSummary([0.5, .nan, 2e-5, 1.5, .infinity])
    XCTAssertEqual(s.runs, 5)
    XCTAssertEqual(s.finiteRuns, 3)
    XCTAssertEqual(s.mean, (0.5 + 2e-5 + 1.5) / 3)
    XCTAssertEqual(s.least, 2e-5)
    XCTAssertEqual(s.greatest, 1.5)
    XCTAssertEqual(s.solved, 1, "only 2e-5 is below 1e-4")
    XCTAssertTrue(LossSummary([.nan]).mean.isNaN)
  }

  /// A stop keeps only the seeds whose two runs both finished.
  func testAStopDropsTheUnfinishedSeed() {
    var calls: [(ComparedModel, UInt64)] = []
    let comparison = ModelComparison(
      on: .zigzag, seeds: [1, 2, 3], epochs: 100, checkEvery: 50
    ) { model, seed, progress in
      calls.append((model, seed))
      return !(model == .lstm && seed == 2 && progress.sampleSteps > 0)
    }
    XCTAssertEqual(comparison.rnn.map(\.seed), [1])
    XCTAssertEqual(comparison.lstm.map(\.seed), [1])
    XCTAssertEqual(comparison.stopped?.model, .lstm)
    XCTAssertEqual(comparison.stopped?.seed, 2)
    XCTAssertEqual(comparison.stopped?.epoch, 25, "50 sample steps of 2 samples")
    XCTAssertFalse(calls.contains { $0.1 == 3 }, "seed 3 never starts")
  }

  /// A stop between runs: nothing more trains, and the seed whose RNN run finished is dropped.
  func testAStopBeforeARunTrainsNothingMore() {
    var steps: [Int] = []
    let comparison = ModelComparison(on: .slopes, seeds: [5, 6], epochs: 10) { model, _, p in
      steps.append(p.sampleSteps)
      return model != .lstm
    }
    XCTAssertEqual(steps, [0, 0, 0], "10 epochs of 3 samples never reach a check inside train")
    XCTAssertEqual(comparison.rnn, [])
    XCTAssertEqual(comparison.stopped?.model, .lstm)
    XCTAssertEqual(comparison.stopped?.seed, 5)
    XCTAssertEqual(comparison.stopped?.epoch, 0)
  }
}
