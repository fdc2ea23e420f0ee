/// What an LSTM training run did; the LSTM's counterpart of `TrainingReport`.
public struct LSTMTrainingReport: Equatable, Sendable {
  public let outcome: TrainingOutcome
  /// Epochs that ran to their end.
  public let epochsCompleted: Int
  /// Sample steps done (each: forward, backward, update, zero).
  public let sampleSteps: Int
  /// The mean loss of the last completed epoch, NaN if none completed.
  public let finalLoss: Double
  /// The loss per epoch, bounded.
  public let history: LossHistory
  /// The start parameters, then the parameters after each epoch, bounded.
  public let path: LSTMWeightPath
  /// The parameters before and after.
  public let start: LSTMWeights
  public let end: LSTMWeights

  public static func == (a: LSTMTrainingReport, b: LSTMTrainingReport) -> Bool {
    a.outcome == b.outcome && a.epochsCompleted == b.epochsCompleted
      && a.sampleSteps == b.sampleSteps && a.finalLoss.bitPattern == b.finalLoss.bitPattern
      && a.history == b.history && a.path == b.path && a.start == b.start && a.end == b.end
  }
}

/// The LSTM's parameters at the start (epoch 0) and after each epoch.
public typealias LSTMWeightPath = EpochSeries<LSTMWeights>

extension EpochSeries.Point where Value == LSTMWeights {
  /// The parameters after this epoch.
  public var weights: LSTMWeights { value }
}

extension MiniLSTM {
  /// A learning rate at which the LSTM learns `zigzag` (see LSTMTrainingTests).
  public static let defaultLearningRate = 0.1

  /// Trains on `data` with the article's §3.1 loop: for each epoch, for each sample in
  /// order — forward, backward, update, zero — the same loop as `MiniRnn.train`.
  ///
  /// Runs the same `LSTMCell` equations as stepping does, on scratch buffers allocated once,
  /// so a sample step allocates nothing. Every `checkEvery` sample steps it calls `progress`
  /// (sooner on long inputs, as `MiniRnn.train`); returning false stops the run after the sample step just completed. A NaN or infinite
  /// parameter or loss stops it with the last finite parameters.
  ///
  /// Gradients accumulated before the call are used by the first update, as in `MiniRnn`.
  public mutating func train(
    on data: Dataset, epochs: Int = MiniRnn.defaultEpochs,
    learningRate lr: Double = defaultLearningRate,
    checkEvery: Int = 4096, progress: (TrainingProgress) -> Bool = { _ in true }
  ) -> LSTMTrainingReport {
    precondition(epochs >= 0, "epochs must not be negative")
    precondition(checkEvery > 0, "checkEvery must be positive")
    let samples = data.samples
    let inputs = samples.flatMap(\.inputs)
    var starts: [Int] = []
    var offset = 0
    for sample in samples {
      starts.append(offset)
      offset += sample.inputs.count
    }
    let longest = samples.map(\.inputs.count).max() ?? 1
    let start = weights
    var w = weights
    var g = gradients
    var history = LossHistory(capacity: 2048)
    var path = LSTMWeightPath(capacity: 512)
    path.append(epoch: 0, w)
    var outcome = TrainingOutcome.finished
    var epochsCompleted = 0
    var steps = 0
    var untilCheck = checkEvery
    var timestepsUntilCheck = MiniRnn.timestepsPerCheck
    var finalLoss = Double.nan

    // gates[t], tanhC[t] for step t+1; h[t], c[t] hold h_t, c_t with h_0 = c_0 = 0.
    let gates = UnsafeMutableBufferPointer<LSTMGateValues>.allocate(capacity: longest)
    let tanhC = UnsafeMutableBufferPointer<Double>.allocate(capacity: longest)
    let h = UnsafeMutableBufferPointer<Double>.allocate(capacity: longest + 1)
    let c = UnsafeMutableBufferPointer<Double>.allocate(capacity: longest + 1)
    defer {
      gates.deallocate()
      tanhC.deallocate()
      h.deallocate()
      c.deallocate()
    }
    inputs.withUnsafeBufferPointer { x in
      epochs: for epoch in stride(from: 1, through: epochs, by: 1) {
        var epochLoss = 0.0
        for s in samples.indices {
          let n = samples[s].inputs.count
          let base = starts[s]
          let y = samples[s].target
          // Forward: the gates, c_t, h_t for t = 1…n, then ŷ.
          h[0] = 0
          c[0] = 0
          for t in 0..<n {
            let v = LSTMCell.gates(w, x: x[base + t], hPrevious: h[t]).value
            gates[t] = v
            c[t + 1] = LSTMCell.cellState(v, cPrevious: c[t])
            tanhC[t] = LSTMCell.tanh(c[t + 1])
            h[t + 1] = LSTMCell.hidden(o: v.o, tanhC: tanhC[t])
          }
          let yhat = LSTMCell.output(wy: w.wy, by: w.by, h: h[n])
          let loss = Cell.loss(prediction: yhat, target: y)
          // Backward: the output, then t = n…1.
          let lossGradient = Cell.lossGradient(prediction: yhat, target: y)
          let out = LSTMCell.outputBackStep(wy: w.wy, h: h[n], lossGradient: lossGradient)
          g.wy += out.wyTerm
          g.by += out.byTerm
          var dh = out.dh
          var dc = 0.0
          var t = n - 1
          while t >= 0 {
            let back = LSTMCell.backStep(
              dh: dh, dcArriving: dc, gates: gates[t], tanhC: tanhC[t], cPrevious: c[t],
              weights: w)
            g.addGateTerms(dz: back.dz, x: x[base + t], hPrevious: h[t])
            dh = back.dhPrevious
            dc = back.dcPrevious
            t -= 1
          }
          // Update, then zero.
          let before = w
          w.update(by: g, learningRate: lr)
          g = .zero
          steps += 1
          guard w.isFinite && loss.isFinite else {
            w = before
            outcome = .diverged(epoch: epoch, sample: s + 1)
            break epochs
          }
          epochLoss += loss
          untilCheck -= 1
          timestepsUntilCheck -= n
          if untilCheck == 0 || timestepsUntilCheck <= 0 {
            untilCheck = checkEvery
            timestepsUntilCheck = MiniRnn.timestepsPerCheck
            let report = TrainingProgress(
              epoch: epoch, epochs: epochs, sampleSteps: steps, loss: finalLoss)
            if !progress(report) {
              outcome = .stopped(epoch: epoch, sample: s + 1)
              break epochs
            }
          }
        }
        epochsCompleted = epoch
        finalLoss = epochLoss / Double(samples.count)
        history.append(epoch: epoch, finalLoss)
        path.append(epoch: epoch, w)
      }
    }
    // A stop on the last sample of an epoch leaves that epoch whole.
    if case .stopped(let epoch, let sample) = outcome, sample == samples.count {
      epochsCompleted = epoch
    }
    weights = w
    gradients = g
    return LSTMTrainingReport(
      outcome: outcome, epochsCompleted: epochsCompleted, sampleSteps: steps,
      finalLoss: finalLoss, history: history, path: path, start: start, end: w)
  }
}
