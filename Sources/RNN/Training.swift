/// What a training run of the RNN did: the run (`TrainingRun`'s fields read through as its
/// own: `report.outcome`, `report.end`, …) and, for a diverged run, why.
@dynamicMemberLookup
public struct TrainingReport: Equatable, Sendable {
  public let run: TrainingRun<Weights>
  /// For a diverged run: the gradient flow of the sample it diverged on, at the last finite
  /// weights, which shows the factors ReLU′(a_t)·w₂ that made ∂L/∂h_t grow (nil otherwise).
  public var divergenceFlow: GradientFlow? = nil

  public subscript<Value>(dynamicMember field: KeyPath<TrainingRun<Weights>, Value>) -> Value {
    run[keyPath: field]
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
    precondition(
      loss == .last
        || mode == .exact && truncation == nil
          && data.samples.allSatisfy { $0.targets != nil },
      "a loss at every step trains in mode exact, untruncated, on data with a target per step")
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
    let step = RNNSampleStep(
      rule: rule, model: self, longest: data.samples.map(\.inputs.count).max() ?? 1)
    var report = TrainingReport(
      run: RNN.train(
        step, on: data, weights: &weights, gradients: &gradients, epochs: epochs,
        learningRate: lr, checkEvery: checkEvery, progress: progress))
    if case .diverged(_, let sample) = report.outcome {
      var model = self
      model.gradients = .zero
      let s = data.samples[sample - 1]
      report.divergenceFlow = GradientFlow(model: model, inputs: s.inputs, target: s.target)
    }
    return report
  }
}

/// The RNN's half of the training loop: one sample forward (Eq. 3, then Eq. 2) and back
/// (§2.5–2.6) with `Rule`'s equations, on scratch buffers for a_t and h_t.
struct RNNSampleStep<Rule: BPTTRule>: SampleStep {
  let rule: Rule
  let mode: Mode
  let accumulatesW3: Bool
  let truncation: Int?
  /// The model's `trainsBiases`; with it, `trainsBiases` is a constant false for a rule
  /// whose cell has no biases, and the bias terms compile away.
  let modelTrainsBiases: Bool
  var trainsBiases: Bool { Rule.hasBiases && modelTrainsBiases }
  let clipNorm: Double?
  /// Which outputs the loss reads (every ŷ_t: mode exact, no truncation).
  let loss: LossReadout
  /// a[t] holds a_{t+1}; h[t] holds h_t, from h_0 = 0.
  let a: UnsafeMutableBufferPointer<Double>
  let h: UnsafeMutableBufferPointer<Double>

  init(rule: Rule, model: MiniRnn, longest: Int) {
    self.rule = rule
    mode = model.mode
    accumulatesW3 = model.mode.accumulatesW3Gradient
    truncation = model.truncation
    modelTrainsBiases = model.trainsBiases
    clipNorm = model.clipNorm
    loss = model.loss
    a = .allocate(capacity: longest)
    h = .allocate(capacity: longest + 1)
  }

  @inline(__always)
  func lossAddingGradients(
    x: UnsafeBufferPointer<Double>, y: Double, targets: [Double]?, weights w: Weights,
    into g: inout Weights
  ) -> Double {
    let n = x.count
    // Forward, Eq. 3 then Eq. 2.
    h[0] = 0
    for t in 0..<n {
      a[t] = rule.preactivation(w: w, x: x[t], hPrevious: h[t])
      h[t + 1] = rule.activate(a[t])
    }
    if loss.readsEveryStep {
      return backFromEveryStep(x: x, targets: targets!, weights: w, into: &g)
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
        dh: dh, preactivation: a[t], h: h[t + 1], x: x[t], hPrevious: h[t], w2: w.w2)
      g.w2 += back.w2Term
      g.w1 += back.w1Term
      if trainsBiases { g.b += back.tmp }
      dh = back.dhPrevious
      t -= 1
    }
    return loss
  }

  /// A loss at every step (beyond the article), after the forward pass: the loss, then BPTT
  /// in `BackwardPass`'s order — at each t = n…1, ŷ_t's terms (w₃'s, c's) first, then its
  /// road w₃·∂L/∂ŷ_t added to the one from h_{t+1}, then the timestep's terms — so that
  /// training and stepping give the same gradients to the bit.
  private func backFromEveryStep(
    x: UnsafeBufferPointer<Double>, targets ys: [Double], weights w: Weights,
    into g: inout Weights
  ) -> Double {
    let n = x.count
    var sum = 0.0
    for t in 0..<n { sum += Cell.loss(prediction: rule.output(w: w, h: h[t + 1]), target: ys[t]) }
    let sampleLoss = loss == .every ? sum : sum / Double(n)
    var dh = 0.0
    var t = n - 1
    while t >= 0 {
      let gy = loss.outputGradient(
        t: t + 1, n: n, prediction: rule.output(w: w, h: h[t + 1]), target: ys[t])
      g.w3 += Cell.w3Term(h: h[t + 1], lossGradient: gy)
      if trainsBiases { g.c += gy }
      let road = rule.outputHiddenGradient(w: w, lossGradient: gy)
      let back = rule.backStep(
        dh: t == n - 1 ? road : road + dh, preactivation: a[t], h: h[t + 1], x: x[t],
        hPrevious: h[t], w2: w.w2)
      g.w2 += back.w2Term
      g.w1 += back.w1Term
      if trainsBiases { g.b += back.tmp }
      dh = back.dhPrevious
      t -= 1
    }
    return sampleLoss
  }

  @inline(__always)
  func trains(_ parameter: Parameter) -> Bool { trainsBiases || !parameter.isBias }

  /// Gradient-norm clipping, beyond the article.
  func clip(_ g: inout Weights) -> Bool {
    guard let clipNorm, let clipping = Clipping(g, maxNorm: clipNorm, includingBiases: trainsBiases)
    else { return false }
    g = clipping.clipped
    return true
  }

  func deallocate() {
    a.deallocate()
    h.deallocate()
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
  /// Eq. 4 corrected: ∂L/∂ŷ = ŷ − y.
  @inline(__always)
  func lossGradient(prediction: Double, target: Double) -> Double {
    Cell.lossGradient(prediction: prediction, target: target)
  }
  /// ∂L/∂h_n = w₃·∂L/∂ŷ.
  @inline(__always)
  func outputHiddenGradient(w: Weights, lossGradient: Double) -> Double {
    Cell.outputHiddenGradient(w3: w.w3, lossGradient: lossGradient)
  }
}

/// The math: ReLU′(a_t), with every default above.
struct ExactBPTT: BPTTRule {
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
  func backStep(
    dh: Double, preactivation: Double, h: Double, x: Double, hPrevious: Double, w2: Double
  ) -> (tmp: Double, w2Term: Double, w1Term: Double, dhPrevious: Double) {
    Cell.backStep(
      dh: dh, preactivation: preactivation, h: h, x: x, hPrevious: hPrevious, w2: w2,
      activation: activation)
  }
}
