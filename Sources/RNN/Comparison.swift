/// The cells `compare` trains side by side.
public enum ComparedModel: String, CaseIterable, Sendable {
  /// The article's scalar RNN (Part 2, mode exact), w₁, w₂, w₃ drawn as `torch.rand` does.
  case rnn
  /// The same start with the biases b and c (from 0) trained: ReLU, `train bias on`, the
  /// cell with the bias Part 2 dropped (beyond the article).
  case rnnWithBias = "rnn+bias"
  /// The scalar LSTM, its 14 parameters drawn as `nn.LSTM`'s default does.
  case lstm
}

/// One model trained from one seed: what `train` reported and what the trained model predicts.
public struct ComparisonRun: Equatable, Sendable {
  public let seed: UInt64
  public let outcome: TrainingOutcome
  public let epochsCompleted: Int
  /// The mean loss of the last completed epoch, as `train` reports it (NaN if none).
  public let finalLoss: Double
  /// ŷ for each sample of the data set, from the trained model.
  public let predictions: [Double]

  public init(
    seed: UInt64, outcome: TrainingOutcome, epochsCompleted: Int, finalLoss: Double,
    predictions: [Double]
  ) {
    self.seed = seed
    self.outcome = outcome
    self.epochsCompleted = epochsCompleted
    self.finalLoss = finalLoss
    self.predictions = predictions
  }

  /// A run from what either model's `train` returned.
  init<P>(seed: UInt64, run: TrainingRun<P>, predictions: [Double]) {
    self.init(
      seed: seed, outcome: run.outcome, epochsCompleted: run.epochsCompleted,
      finalLoss: run.finalLoss, predictions: predictions)
  }

  /// The epoch in which the progress callback stopped this run, if it did.
  var stoppedAt: Int? {
    if case .stopped(let epoch, _) = outcome { epoch } else { nil }
  }

  public static func == (a: ComparisonRun, b: ComparisonRun) -> Bool {
    a.seed == b.seed && a.outcome == b.outcome && a.epochsCompleted == b.epochsCompleted
      && a.finalLoss.bitPattern == b.finalLoss.bitPattern
      && a.predictions.map(\.bitPattern) == b.predictions.map(\.bitPattern)
  }
}

/// The final losses of one model's runs, over seeds.
public struct LossSummary: Equatable, Sendable {
  /// Runs summarised.
  public let runs: Int
  /// Runs whose final loss is finite; the mean, least and greatest are over these.
  public let finiteRuns: Int
  public let mean: Double
  public let least: Double
  public let greatest: Double
  /// Runs whose final loss is below `solvedBelow`.
  public let solved: Int

  /// The loss under which a run counts as solved: the LSTM issue's bar for `zigzag`.
  public static let solvedBelow = 1e-4

  public init(_ losses: [Double]) {
    let finite = losses.filter(\.isFinite)
    runs = losses.count
    finiteRuns = finite.count
    mean = finite.isEmpty ? .nan : finite.reduce(0, +) / Double(finite.count)
    least = finite.min() ?? .nan
    greatest = finite.max() ?? .nan
    solved = finite.count { $0 < Self.solvedBelow }
  }
}

/// The scalar RNN, the same cell with its biases trained, and the scalar LSTM trained on the same data set, for the same epochs, from
/// the same seeds (each model draws its start from its own `SplitMix64(seed:)`), each with
/// its own learning rate. Beyond the article: §4 ends by pointing at the LSTM.
public struct ModelComparison: Equatable, Sendable {
  public let data: Dataset
  public let epochs: Int
  public let rnnLearningRate: Double
  public let lstmLearningRate: Double
  /// The seeds asked for, in order.
  public let seeds: [UInt64]
  /// One run per seed whose runs all finished (or diverged), in seed order.
  public private(set) var rnn: [ComparisonRun] = []
  public private(set) var rnnWithBias: [ComparisonRun] = []
  public private(set) var lstm: [ComparisonRun] = []
  /// Where the progress callback stopped the comparison, if it did (epoch 0: before that run
  /// began): the run in progress is dropped with its seed's other run, so every seed shown
  /// has both.
  public private(set) var stopped: (model: ComparedModel, seed: UInt64, epoch: Int)?

  public static func == (a: ModelComparison, b: ModelComparison) -> Bool {
    a.data == b.data && a.epochs == b.epochs && a.seeds == b.seeds
      && a.rnnLearningRate.bitPattern == b.rnnLearningRate.bitPattern
      && a.lstmLearningRate.bitPattern == b.lstmLearningRate.bitPattern
      && a.rnn == b.rnn && a.rnnWithBias == b.rnnWithBias && a.lstm == b.lstm
      && a.stopped?.model == b.stopped?.model
      && a.stopped?.seed == b.stopped?.seed && a.stopped?.epoch == b.stopped?.epoch
  }

  /// The RNN a comparison starts from for `seed`: Part 2, mode exact, no truncation or
  /// clipping, w₁, w₂, w₃ from `SplitMix64(seed:)` (what `seed N; randomize` gives).
  public static func rnnStart(seed: UInt64) -> MiniRnn {
    var generator = SplitMix64(seed: seed)
    var model = MiniRnn(weights: .zero, mode: .exact, architecture: .part2)
    model.randomize(using: &generator)
    return model
  }

  /// The cell with bias a comparison starts from for `seed`: `rnnStart(seed:)` with b = c = 0
  /// trained too.
  public static func rnnWithBiasStart(seed: UInt64) -> MiniRnn {
    var model = rnnStart(seed: seed)
    model.trainsBiases = true
    return model
  }

  /// The LSTM a comparison starts from for `seed`: 14 parameters from `SplitMix64(seed:)`.
  public static func lstmStart(seed: UInt64) -> MiniLSTM {
    var generator = SplitMix64(seed: seed)
    var model = MiniLSTM(weights: .zero)
    model.randomize(using: &generator)
    return model
  }

  /// Trains, for each seed in turn, the RNN, the RNN with bias and then the LSTM. `progress` is called before
  /// each run (with 0 sample steps) and as `train` calls it, with the model and seed in
  /// progress; returning false stops the comparison there, after a whole sample step.
  public init(
    on data: Dataset, seeds: [UInt64], epochs: Int,
    rnnLearningRate: Double = MiniRnn.defaultLearningRate,
    lstmLearningRate: Double = MiniLSTM.defaultLearningRate,
    checkEvery: Int = 4096,
    progress: (ComparedModel, UInt64, TrainingProgress) -> Bool = { _, _, _ in true }
  ) {
    precondition(!seeds.isEmpty, "a comparison needs a seed")
    self.data = data
    self.seeds = seeds
    self.epochs = epochs
    self.rnnLearningRate = rnnLearningRate
    self.lstmLearningRate = lstmLearningRate
    for seed in seeds {
      var pair: [ComparisonRun] = []
      for model in ComparedModel.allCases {
        // Asked before each run too, so a stop never waits for more than one run's first
        // `checkEvery` sample steps, however many seeds are left.
        let starting = TrainingProgress(epoch: 1, epochs: epochs, sampleSteps: 0, loss: .nan)
        guard progress(model, seed, starting) else {
          stopped = (model, seed, 0)
          return
        }
        let lr = model == .lstm ? lstmLearningRate : rnnLearningRate
        let run = Self.train(
          model, seed: seed, on: data, epochs: epochs, learningRate: lr, checkEvery: checkEvery
        ) { progress(model, seed, $0) }
        if let epoch = run.stoppedAt {
          stopped = (model, seed, epoch)
          return
        }
        pair.append(run)
      }
      rnn.append(pair[0])
      rnnWithBias.append(pair[1])
      lstm.append(pair[2])
    }
  }

  /// `model` trained from `seed` alone, and its predictions after training.
  private static func train(
    _ model: ComparedModel, seed: UInt64, on data: Dataset, epochs: Int, learningRate lr: Double,
    checkEvery: Int, progress: (TrainingProgress) -> Bool
  ) -> ComparisonRun {
    let inputs = data.samples.map(\.inputs)
    switch model {
    case .rnn, .rnnWithBias:
      var m = model == .rnn ? rnnStart(seed: seed) : rnnWithBiasStart(seed: seed)
      let report = m.train(
        on: data, epochs: epochs, learningRate: lr, checkEvery: checkEvery, progress: progress)
      return ComparisonRun(seed: seed, run: report.run, predictions: inputs.map(m.predict))
    case .lstm:
      var m = lstmStart(seed: seed)
      let report = m.train(
        on: data, epochs: epochs, learningRate: lr, checkEvery: checkEvery, progress: progress)
      return ComparisonRun(seed: seed, run: report, predictions: inputs.map(m.predict))
    }
  }

  /// The runs of `model`.
  public func runs(of model: ComparedModel) -> [ComparisonRun] {
    switch model {
    case .rnn: rnn
    case .rnnWithBias: rnnWithBias
    case .lstm: lstm
    }
  }

  /// Mean, least and greatest final loss of `model` over the seeds that completed.
  public func summary(of model: ComparedModel) -> LossSummary {
    LossSummary(runs(of: model).map(\.finalLoss))
  }

  /// The run of `model` with the least finite final loss (the first such seed on a tie).
  public func best(of model: ComparedModel) -> ComparisonRun? {
    var best: ComparisonRun?
    for run in runs(of: model) where run.finalLoss.isFinite {
      if best == nil || run.finalLoss < best!.finalLoss { best = run }
    }
    return best
  }
}
