/// Where a training run is, passed to the progress callback.
public struct TrainingProgress: Equatable, Sendable {
  /// The epoch in progress, 1-based.
  public let epoch: Int
  /// The epochs asked for.
  public let epochs: Int
  /// Sample steps (forward, backward, update, zero) done so far.
  public let sampleSteps: Int
  /// The mean loss of the last completed epoch (NaN before the first one completes).
  public let loss: Double

  public init(epoch: Int, epochs: Int, sampleSteps: Int, loss: Double) {
    self.epoch = epoch
    self.epochs = epochs
    self.sampleSteps = sampleSteps
    self.loss = loss
  }
}

/// How a training run ended.
public enum TrainingOutcome: Equatable, Sendable {
  /// Every epoch ran.
  case finished
  /// The progress callback asked to stop. The weights are those after the update of
  /// sample `sample` (1-based) of epoch `epoch`: always a whole sample step.
  case stopped(epoch: Int, sample: Int)
  /// A weight or the loss became NaN or ±∞ at sample `sample` of epoch `epoch`; the weights
  /// are those before that sample's step, the last finite ones.
  case diverged(epoch: Int, sample: Int)
}

/// What a training run did.
public struct TrainingReport: Equatable, Sendable {
  public let outcome: TrainingOutcome
  /// Epochs that ran to their end.
  public let epochsCompleted: Int
  /// Sample steps done (each: forward, backward, update, zero).
  public let sampleSteps: Int
  /// The mean loss of the last completed epoch, NaN if none completed.
  public let finalLoss: Double
  /// The loss per epoch, bounded.
  public let history: LossHistory
  /// The start weights, then the weights after each epoch, bounded.
  public let path: WeightPath
  /// The weights before and after.
  public let start: Weights
  public let end: Weights
  /// Sample steps whose gradients clipping scaled (0 without `clipNorm`).
  public var clippedSteps = 0
  /// For a diverged run: the gradient flow of the sample it diverged on, at the last finite
  /// weights, which shows the factors ReLU′(a_t)·w₂ that made ∂L/∂h_t grow (nil otherwise).
  public var divergenceFlow: GradientFlow? = nil

  public static func == (a: TrainingReport, b: TrainingReport) -> Bool {
    a.outcome == b.outcome && a.epochsCompleted == b.epochsCompleted
      && a.divergenceFlow == b.divergenceFlow
      && a.clippedSteps == b.clippedSteps
      && a.sampleSteps == b.sampleSteps && a.finalLoss.bitPattern == b.finalLoss.bitPattern
      && a.history == b.history && a.path == b.path && a.start == b.start && a.end == b.end
  }
}

extension MiniRnn {
  /// The article's default number of epochs (§3.1).
  public static let defaultEpochs = 20_000
  /// The article's default learning rate (§3.1).
  public static let defaultLearningRate = 0.001

  /// Trains on `data` with §3.1's loop: for each epoch, for each sample in order — forward,
  /// backward, update, zero.
  ///
  /// Runs the same `Cell` equations as stepping does, on a scratch buffer, so a sample step
  /// allocates nothing. Every `checkEvery` sample steps it calls `progress`, or sooner once
  /// `timestepsPerCheck` timesteps have run since the last call (long inputs); returning false
  /// stops the run after the sample step just completed. A NaN or infinite weight or loss
  /// stops it with the last finite weights.
  ///
  /// Gradients already accumulated before the call are used by the first update, as the
  /// printed loop would (it only zeroes after each update).
  /// Timesteps `train` runs at most between two calls of its `progress`: 2^20, a few
  /// milliseconds. 4,096 sample steps of a 10,000-value input took 0.23 s, too long for Ctrl-C.
  public static let timestepsPerCheck = 1 << 20

  public mutating func train(
    on data: Dataset, epochs: Int = defaultEpochs, learningRate lr: Double = defaultLearningRate,
    checkEvery: Int = 4096, progress: (TrainingProgress) -> Bool = { _ in true }
  ) -> TrainingReport {
    // One loop, generic over the BPTT rule: each rule gets its own specialised copy, so the
    // article's math pays nothing for mode text's formulas or the generalised cell's.
    if !isArticleCell {
      precondition(mode == .exact, "the generalised cell trains in mode exact only")
      return train(GeneralBPTT(activation: activation), data, epochs, lr, checkEvery, progress)
    }
    return mode.followsPrintedEquations
      ? train(PrintedBPTT(), data, epochs, lr, checkEvery, progress)
      : train(ExactBPTT(), data, epochs, lr, checkEvery, progress)
  }

  private mutating func train<Rule: BPTTRule>(
    _ rule: Rule, _ data: Dataset, _ epochs: Int, _ lr: Double, _ checkEvery: Int,
    _ progress: (TrainingProgress) -> Bool
  ) -> TrainingReport {
    precondition(architecture == .part2, "only Part 2's model trains")
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
    let mode = self.mode
    let accumulatesW3 = mode.accumulatesW3Gradient
    let truncation = self.truncation
    let clipNorm = self.clipNorm
    let trainsBiases = Rule.hasBiases && self.trainsBiases
    var clippedSteps = 0
    var divergedSample: Int?
    var history = LossHistory(capacity: 2048)
    var path = WeightPath(capacity: 512)
    path.append(epoch: 0, w)
    var outcome = TrainingOutcome.finished
    var epochsCompleted = 0
    var steps = 0
    var untilCheck = checkEvery
    var timestepsUntilCheck = MiniRnn.timestepsPerCheck
    var finalLoss = Double.nan

    let a = UnsafeMutableBufferPointer<Double>.allocate(capacity: longest)
    let h = UnsafeMutableBufferPointer<Double>.allocate(capacity: longest + 1)
    defer {
      a.deallocate()
      h.deallocate()
    }
    inputs.withUnsafeBufferPointer { x in
      epochs: for epoch in stride(from: 1, through: epochs, by: 1) {
        var epochLoss = 0.0
        for s in samples.indices {
          let n = samples[s].inputs.count
          let base = starts[s]
          let y = samples[s].target
          // Forward, Eq. 3 then Eq. 2.
          h[0] = 0
          for t in 0..<n {
            a[t] = rule.preactivation(w: w, x: x[base + t], hPrevious: h[t])
            h[t + 1] = rule.activate(a[t])
          }
          let yhat = rule.output(w: w, h: h[n])
          let loss = mode.loss(prediction: yhat, target: y)
          // Backward, §2.5–2.6.
          let lossGradient = rule.lossGradient(prediction: yhat, target: y)
          if accumulatesW3 { g.w3 += Cell.w3Term(h: h[n], lossGradient: lossGradient) }
          if trainsBiases { g.c += lossGradient }
          var dh = rule.outputHiddenGradient(w: w, lossGradient: lossGradient)
          var t = n - 1
          // Truncated BPTT stops after K timesteps (h_{n−K} held constant).
          let lowest = truncation.map { max(0, n - $0) } ?? 0
          while t >= lowest {
            let back = rule.backStep(
              dh: dh, preactivation: a[t], h: h[t + 1], x: x[base + t], hPrevious: h[t], w2: w.w2)
            g.w2 += back.w2Term
            g.w1 += back.w1Term
            if trainsBiases { g.b += back.tmp }
            dh = back.dhPrevious
            t -= 1
          }
          // Clip (beyond the article), update, then zero.
          if let clipNorm,
            let clipping = Clipping(g, maxNorm: clipNorm, includingBiases: trainsBiases)
          {
            g = clipping.clipped
            clippedSteps += 1
          }
          let before = w
          w.w1 -= g.w1 * lr
          w.w2 -= g.w2 * lr
          w.w3 -= g.w3 * lr
          if trainsBiases {
            w.b -= g.b * lr
            w.c -= g.c * lr
          }
          g = .zero
          steps += 1
          guard w.weightsAreFinite && (!trainsBiases || w.b.isFinite && w.c.isFinite) && loss.isFinite
          else {
            w = before
            outcome = .diverged(epoch: epoch, sample: s + 1)
            divergedSample = s
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
    var report = TrainingReport(
      outcome: outcome, epochsCompleted: epochsCompleted, sampleSteps: steps,
      finalLoss: finalLoss, history: history, path: path, start: start, end: w)
    report.clippedSteps = clippedSteps
    if let s = divergedSample {
      var model = self
      model.gradients = .zero
      report.divergenceFlow = GradientFlow(
        model: model, inputs: samples[s].inputs, target: samples[s].target)
    }
    return report
  }
}

/// How one sample step is computed in the training loop: the article's cell with the math
/// (`ExactBPTT`) or with the equations as the text prints them (`PrintedBPTT`, mode text), or
/// the generalised cell (`GeneralBPTT`: any activation, the biases b and c). All call `Cell`.
protocol BPTTRule {
  /// Whether the cell has the biases b and c (the loop trains them only with `trainsBiases`).
  static var hasBiases: Bool { get }
  func preactivation(w: Weights, x: Double, hPrevious: Double) -> Double
  func activate(_ a: Double) -> Double
  func output(w: Weights, h: Double) -> Double
  func lossGradient(prediction: Double, target: Double) -> Double
  func outputHiddenGradient(w: Weights, lossGradient: Double) -> Double
  func backStep(
    dh: Double, preactivation: Double, h: Double, x: Double, hPrevious: Double, w2: Double
  ) -> (tmp: Double, w2Term: Double, w1Term: Double, dhPrevious: Double)
}

extension BPTTRule {
  static var hasBiases: Bool { false }
  /// Eq. 3 as printed: a_t = w₁·x_t + w₂·h_{t−1}.
  @inline(__always)
  func preactivation(w: Weights, x: Double, hPrevious: Double) -> Double {
    Cell.preactivation(w1: w.w1, w2: w.w2, x: x, hPrevious: hPrevious)
  }
  /// ReLU, Eq. 3.
  @inline(__always)
  func activate(_ a: Double) -> Double { Cell.relu(a) }
  /// Eq. 2: ŷ = w₃·h_n.
  @inline(__always)
  func output(w: Weights, h: Double) -> Double { Cell.output(w3: w.w3, h: h) }
}

/// Eq. 4 corrected, ∂L/∂h_n = w₃·∂L/∂ŷ, ReLU′(a_t): the math.
struct ExactBPTT: BPTTRule {
  @inline(__always)
  func lossGradient(prediction: Double, target: Double) -> Double {
    Cell.lossGradient(prediction: prediction, target: target)
  }
  @inline(__always)
  func outputHiddenGradient(w: Weights, lossGradient: Double) -> Double {
    Cell.outputHiddenGradient(w3: w.w3, lossGradient: lossGradient)
  }
  @inline(__always)
  func backStep(
    dh: Double, preactivation: Double, h: Double, x: Double, hPrevious: Double, w2: Double
  ) -> (tmp: Double, w2Term: Double, w1Term: Double, dhPrevious: Double) {
    Cell.backStep(dh: dh, preactivation: preactivation, x: x, hPrevious: hPrevious, w2: w2)
  }
}

/// Errata 3, 4 and 5 at work: mode text.
struct PrintedBPTT: BPTTRule {
  @inline(__always)
  func lossGradient(prediction: Double, target: Double) -> Double {
    Cell.lossGradientAsPrinted(prediction: prediction, target: target)
  }
  @inline(__always)
  func outputHiddenGradient(w: Weights, lossGradient: Double) -> Double {
    Cell.outputHiddenGradientAsPrinted(w2: w.w2, lossGradient: lossGradient)
  }
  @inline(__always)
  func backStep(
    dh: Double, preactivation: Double, h: Double, x: Double, hPrevious: Double, w2: Double
  ) -> (tmp: Double, w2Term: Double, w1Term: Double, dhPrevious: Double) {
    // ReLU′(h_t) is ReLU′(a_t): h_t = ReLU(a_t) > 0 exactly when a_t > 0.
    Cell.backStepAsPrinted(dh: dh, h: preactivation, x: x, hPrevious: hPrevious, w2: w2)
  }
}

/// The generalised cell, beyond the article: h_t = φ(w₁·x_t + w₂·h_{t−1} + b), ŷ = w₃·h_n + c,
/// with the correct math.
struct GeneralBPTT: BPTTRule {
  let activation: Activation
  static var hasBiases: Bool { true }
  @inline(__always)
  func preactivation(w: Weights, x: Double, hPrevious: Double) -> Double {
    Cell.preactivation(w1: w.w1, w2: w.w2, x: x, hPrevious: hPrevious, bias: w.b)
  }
  @inline(__always)
  func activate(_ a: Double) -> Double { activation(a) }
  @inline(__always)
  func output(w: Weights, h: Double) -> Double { Cell.output(w3: w.w3, h: h, bias: w.c) }
  @inline(__always)
  func lossGradient(prediction: Double, target: Double) -> Double {
    Cell.lossGradient(prediction: prediction, target: target)
  }
  @inline(__always)
  func outputHiddenGradient(w: Weights, lossGradient: Double) -> Double {
    Cell.outputHiddenGradient(w3: w.w3, lossGradient: lossGradient)
  }
  @inline(__always)
  func backStep(
    dh: Double, preactivation: Double, h: Double, x: Double, hPrevious: Double, w2: Double
  ) -> (tmp: Double, w2Term: Double, w1Term: Double, dhPrevious: Double) {
    Cell.backStep(
      dh: dh, preactivation: preactivation, h: h, x: x, hPrevious: hPrevious, w2: w2,
      activation: activation)
  }
}
