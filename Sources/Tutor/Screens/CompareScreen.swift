import RNN

extension Session {
  /// `compare rnn lstm`: trains the cells (the RNN, the RNN with bias, the LSTM) from the session's seed on `data` (each with a
  /// progress line at a terminal) and shows their final losses and predictions. Reads the
  /// session; changes nothing in it.
  func compare(on data: Dataset, epochs: Int, seedCount: Int, hooks: Hooks) -> String {
    let n = notation
    let interactive = traits.isInteractive
    let width = traits.width
    let seeds = (0..<seedCount).map { state.seed &+ UInt64($0) }
    let started = hooks.now()
    var lastShown = started
    let comparison = ModelComparison(
      on: data, seeds: seeds, epochs: epochs, rnnLearningRate: state.learningRate,
      lstmLearningRate: MiniLSTM.defaultLearningRate, checkEvery: hooks.checkEvery
    ) { model, seed, progress in
      if hooks.shouldStop() { return false }
      if interactive {
        let now = hooks.now()
        if now - lastShown >= .milliseconds(100) {
          lastShown = now
          let line = Self.progressLine(progress, elapsed: now - started, width: width - 21)
          hooks.showProgress(n.text("\(model.rawValue.uppercased()) seed \(seed): \(line)"))
        }
      }
      return true
    }

    let seedText =
      seedCount == 1 ? "seed \(seeds[0])" : "seeds \(seeds[0]) to \(seeds[seedCount - 1])"
    var text =
      "compare on \(data.name): \(Parse.grouped(epochs)) epochs per model from \(seedText)\n"
    if let stop = comparison.stopped {
      let run = "the \(stop.model.rawValue.uppercased()) run from seed \(stop.seed)"
      let place =
        stop.epoch == 0 ? "before \(run)" : "in \(run), epoch \(Parse.grouped(stop.epoch))"
      text +=
        "stopped by \(hooks.stopCause()) \(place); \(comparison.rnn.count) of \(seedCount) seeds done\n"
      guard !comparison.rnn.isEmpty else { return text + "the session is unchanged\n" }
    }
    let models: [(ComparedModel, String, Double)] = [
      (.rnn, "RNN", comparison.rnnLearningRate),
      (.rnnWithBias, "RNN + bias", comparison.rnnLearningRate),
      (.lstm, "LSTM", comparison.lstmLearningRate),
    ]
    let shownRuns: [ComparisonRun]
    if comparison.rnn.count == 1 {
      text += renderTable(
        ["model", "lr", "loss"],
        models.map { model, name, lr in
          [name, plainNumber(lr), n.number(comparison.runs(of: model)[0].finalLoss)]
        }, unicode: n.unicode)
      shownRuns = [comparison.rnn[0], comparison.rnnWithBias[0], comparison.lstm[0]]
    } else {
      text += renderTable(
        [
          "model", "lr", "mean loss", "least", "greatest",
          "below \(plainNumber(LossSummary.solvedBelow))",
        ],
        models.map { model, name, lr in
          let s = comparison.summary(of: model)
          return [
            name, plainNumber(lr), n.number(s.mean), n.number(s.least), n.number(s.greatest),
            "\(s.solved) of \(s.runs)",
          ]
        }, unicode: n.unicode)
      shownRuns = [
        comparison.best(of: .rnn), comparison.best(of: .rnnWithBias), comparison.best(of: .lstm),
      ].compactMap { $0 }
    }
    text += "loss: the mean over each run's last epoch, as 'train' reports it\n"
    for (model, name, _) in models {
      for run in comparison.runs(of: model) {
        if case .diverged(let epoch, let sample) = run.outcome {
          text +=
            "\(name) seed \(run.seed) diverged at epoch \(Parse.grouped(epoch)), sample \(sample): its loss is that of the last whole epoch\n"
        }
      }
    }
    if shownRuns.count == 3 {
      if comparison.rnn.count > 1 {
        text +=
          "\npredictions of each model's best seed (RNN seed \(shownRuns[0].seed), RNN + bias seed \(shownRuns[1].seed), LSTM seed \(shownRuns[2].seed)):\n"
      } else {
        text += "\n"
      }
      var rows: [[String]] = []
      for (k, sample) in data.samples.enumerated() {
        rows.append([
          String(k + 1), shortSequence(sample.inputs, n), plainNumber(sample.target),
          n.number(shownRuns[0].predictions[k]), n.number(shownRuns[1].predictions[k]),
          n.number(shownRuns[2].predictions[k]),
        ])
      }
      text += renderTable(
        ["sample", "x", "y", "RNN \(n.yhat)", "RNN + bias \(n.yhat)", "LSTM \(n.yhat)"], rows,
        unicode: n.unicode)
      text +=
        "RNN + bias: the same start with b and c (from 0) trained, 'train bias on' (beyond the article)\n"
    }
    let ignored =
      state.model.mode != .exact || state.model.architecture != .part2
      || state.model.truncation != nil || state.model.clipNorm != nil
    text +=
      "the session is unchanged"
      + (ignored
        ? " (its model's settings are not used: the RNN here is Part 2 in mode exact)" : "")
      + "\n"
    return text
  }
}

/// `sequenceText` for a table cell: sequences longer than 6 values show their first three
/// and last one around `…`.
private func shortSequence(_ values: [Double], _ n: Notation) -> String {
  guard values.count > 6 else { return sequenceText(values, n) }
  let head = values.prefix(3).map(plainNumber).joined(separator: ", ")
  return n.text("[\(head), …, \(plainNumber(values.last!))]")
}
