/// The first BPTT step: from the loss to ŷ, w₃ and h_n (§2.1, §2.2, §2.5).
///
/// Under a loss at every step (beyond the article) the same record holds ŷ_t's terms for a
/// timestep t < n: then `hn` is h_t and `dhn` is ∂L/∂h_t's road from ŷ_t, w₃·∂L/∂ŷ_t.
public struct OutputGradientStep: Equatable, Sendable {
  /// The timestep whose output this is: n for the first step.
  public let t: Int
  /// ŷ and the label y.
  public let prediction: Double
  public let target: Double
  /// ∂L/∂ŷ = ŷ − y (Eq. 4 corrected; the printed `d_mse`).
  public let lossGradient: Double
  /// h_n, the factor ∂ŷ/∂w₃ (§2.2).
  public let hn: Double
  /// w₃'s term h_n·∂L/∂ŷ.
  public let w3Term: Double
  /// Whether the term was added to w₃'s gradient. False in article mode: the printed
  /// code writes it to `self.w3g` (erratum 1).
  public let w3TermApplied: Bool
  /// w₃'s gradient after this step.
  public let w3Sum: Double
  /// w₃, the factor ∂ŷ/∂h_n.
  public let w3: Double
  /// ∂L/∂h_n = w₃·∂L/∂ŷ.
  public let dhn: Double
  /// ∂ŷ/∂h_n = w₃ (§2.5): the chain rule from ŷ, with the loss left out.
  public let outputSensitivity: Double
  /// The output bias's term ∂L/∂c = ∂L/∂ŷ·∂ŷ/∂c = ∂L/∂ŷ (∂ŷ/∂c = 1), the generalised cell's
  /// (beyond the article). Recorded always; added to c's gradient only when the biases train.
  public let cTerm: Double
  /// Whether the bias terms (this one and each timestep's b term) were added to c's and b's
  /// gradients: true when the biases train (`train bias on`).
  public let biasTermsApplied: Bool
  /// c's gradient after this step.
  public let cSum: Double
}

/// One BPTT timestep t = n…1 (§2.5–2.6): the factors, the terms, the running sums.
public struct TimestepGradientStep: Equatable, Sendable {
  public let t: Int
  /// ŷ_t's own terms when the loss reads ŷ_t at t < n (a loss at every step, beyond the
  /// article; nil otherwise: the output step holds ŷ_n's).
  public let output: OutputGradientStep?
  /// ∂L/∂h_t's road from ŷ_t, w₃·∂L/∂ŷ_t (∂L/∂h_n at t = n; 0 when the loss does not read
  /// ŷ_t).
  public let fromOutput: Double
  /// ∂L/∂h_t's road from h_{t+1}, tmp_{t+1}·w₂ (0 at t = n).
  public let fromNext: Double
  /// ∂L/∂h_t, arriving from step t+1 (or from ŷ when t = n); under a loss at every step the
  /// sum fromOutput + fromNext.
  public let dh: Double
  /// Whether ∂L/∂h_t has two roads in: the loss reads ŷ_t and t < n.
  public var hasTwoRoads: Bool { output != nil }
  /// a_t and ReLU′(a_t) (φ′(a_t) for the generalised cell).
  public let preactivation: Double
  public let reluPrime: Double
  /// tmp = ∂L/∂h_t·ReLU′(a_t) = ∂L/∂a_t (∂L/∂h_t·φ′(a_t)).
  public let tmp: Double
  /// h_{t−1}, the factor ∂a_t/∂w₂, and w₂'s term tmp·h_{t−1}.
  public let hPrevious: Double
  public let w2Term: Double
  /// w₂'s gradient after this term was added.
  public let w2Sum: Double
  /// x_t, the factor ∂a_t/∂w₁, and w₁'s term tmp·x_t.
  public let x: Double
  public let w1Term: Double
  /// w₁'s gradient after this term was added.
  public let w1Sum: Double
  /// w₂, the factor ∂a_t/∂h_{t−1}.
  public let w2: Double
  /// ∂L/∂h_{t−1} = tmp·w₂, passed on to step t−1.
  public let dhPrevious: Double
  /// ∂ŷ/∂h_t (§2.5): the same recursion from ∂ŷ/∂h_n = w₃, with the loss left out, so that
  /// ∂L/∂h_t = ∂L/∂ŷ·∂ŷ/∂h_t.
  public let outputSensitivity: Double
  /// The hidden bias's term tmp·∂a_t/∂b = tmp (∂a_t/∂b = 1), the generalised cell's (beyond
  /// the article); added to b's gradient only when the biases train.
  public var bTerm: Double { tmp }
  /// Whether `bTerm` was added to b's gradient (`train bias on`).
  public let bTermApplied: Bool
  /// b's gradient after this step.
  public let bSum: Double
  /// The local derivatives of §2.3, ∂h_t/∂w₁ = ReLU′(a_t)·x_t and ∂h_t/∂w₂ = ReLU′(a_t)·h_{t−1}.
  public var hiddenByW1: Double { reluPrime * x }
  public var hiddenByW2: Double { reluPrime * hPrevious }
  /// ReLU′(h_{t−1}), the factor §2.5's text puts where the math has ReLU′(a_t) (erratum 5);
  /// mode text passes ∂L/∂h_t·ReLU′(h_{t−1})·w₂ back.
  public var reluPrimeAsPrinted: Double { Cell.reluPrimeAsPrinted(hPrevious: hPrevious) }
}

/// One record of a backward pass.
public typealias BackwardStep = BackwardRecord<OutputGradientStep, TimestepGradientStep>

/// The gradients each step of a backward pass was handed, wherever they differ from what the
/// step before it left: the first step, and any step after `zero` or `set w1.g` in mid-pass.
/// With them a saved pass replays bit for bit, running sums included. Shared by the RNN's and
/// the LSTM's passes.
public struct Handovers<G: Equatable & Sendable>: Equatable, Sendable {
  /// Step `step` (0: the output step) was handed `gradients`.
  public struct Entry: Equatable, Sendable {
    public let step: Int
    public let gradients: G
    /// What the step before left, which `gradients` replaced (nil for the first step).
    public let replaced: G?
  }
  public private(set) var entries: [Entry] = []
  /// What the last step left in the gradients it was given.
  public private(set) var left: G?

  public init() {}

  /// Step `step` is handed `gradients`.
  mutating func handing(_ gradients: G, to step: Int) {
    if left != gradients {
      entries.append(Entry(step: step, gradients: gradients, replaced: left))
    }
  }

  /// The step just done left `gradients`.
  mutating func leaving(_ gradients: G) { left = gradients }
}

/// Backpropagation through time, one step at a time, in the order of the printed `backward`.
///
/// The first step handles ∂L/∂ŷ, w₃'s term and ∂L/∂h_n; each later step handles one
/// timestep, t = n down to 1, adding its terms to the gradients of w₁ and w₂ (§2.6's sums).
/// Gradients are not owned by the pass: each step adds into the gradients it is given, so
/// they accumulate across passes until zeroed, as the article's `.g` attributes do.
///
/// Under a loss at every step (beyond the article, mode exact) a timestep t < n first takes
/// ŷ_t's own terms (w₃'s h_t·∂L/∂ŷ_t, c's ∂L/∂ŷ_t) and adds its road w₃·∂L/∂ŷ_t to the road
/// from h_{t+1}: ∂L/∂h_t has two roads in, and the record keeps both.
public struct BackwardPass: StepwiseBackwardPass, Equatable, Sendable {
  /// The forward pass it runs back through; complete.
  public let forward: ForwardPass
  /// The label y (y_n under a loss at every step).
  public let target: Double
  /// Which outputs the loss reads: ŷ_n alone (Eq. 1) or every ŷ_t (beyond the article).
  public let loss: LossReadout
  /// y_1…y_n under a loss at every step; [y] for the article's loss.
  public let targets: [Double]
  /// Exact math or the printed code.
  public let mode: Mode
  /// Truncated BPTT: how many timesteps back from t = n the gradient goes (nil: all of them).
  /// With K, timesteps n…n−K+1 add their terms and h_{n−K} is treated as a constant, as
  /// PyTorch's `h.detach()` at timestep n−K does; ∂L/∂h_{n−K} is computed but not passed on.
  public let truncation: Int?
  /// Whether ∂L/∂b and ∂L/∂c are added into the gradients (`train bias on`); the records hold
  /// their terms either way.
  public let trainsBiases: Bool
  /// The records so far; copies of a pass share them (see `AppendOnlyLog`).
  public private(set) var steps: AppendOnlyLog<BackwardStep>
  /// ∂L/∂h_t for the next timestep to handle.
  private var dh: Double = 0
  /// ∂ŷ/∂h_t for the next timestep to handle.
  private var sensitivity: Double = 0
  /// The terms this pass alone has added, in BPTT's order from 0 (§2.6's sums for this pass;
  /// the gradients it adds into may hold earlier passes too).
  public private(set) var passGradients = Gradients.zero
  /// The gradients each step was handed, where they differ from what the step before left.
  public private(set) var handovers = Handovers<Gradients>()

  /// A pass towards `target` with the article's loss (Eq. 1), or with `loss` read at every
  /// step towards `targets`, y_1…y_n (beyond the article; mode exact, no truncation).
  public init(
    forward: ForwardPass, target: Double, mode: Mode, truncation: Int? = nil,
    trainsBiases: Bool = false, loss: LossReadout = .last, targets: [Double]? = nil
  ) {
    precondition(forward.isComplete, "backward needs a complete forward pass")
    precondition(forward.architecture == .part2, "BPTT runs on Part 2's model")
    precondition(truncation.map { $0 >= 1 } ?? true, "truncation keeps at least one timestep")
    precondition(
      loss == .last || mode == .exact && truncation == nil && targets?.count == forward.count,
      "a loss at every step needs mode exact, no truncation and a target per step")
    self.forward = forward
    self.target = loss == .last ? target : targets![forward.count - 1]
    self.loss = loss
    self.targets = loss == .last ? [target] : targets!
    self.mode = mode
    self.truncation = truncation
    self.trainsBiases = trainsBiases
    steps = AppendOnlyLog(capacity: forward.count + 1)
  }

  /// The timesteps BPTT goes through: n down to n−K+1 (all n without truncation).
  public var handledTimesteps: Int { min(forward.count, truncation ?? forward.count) }

  /// The timesteps truncation leaves out, 1…n−K, or nil when none are.
  public var droppedTimesteps: ClosedRange<Int>? {
    let last = forward.count - handledTimesteps
    return last >= 1 ? 1...last : nil
  }

  /// The sequence length n.
  public var length: Int { forward.count }

  /// Steps in all: one for the output, then one per timestep handled (down to t = n−K+1
  /// with truncation K).
  public var count: Int { handledTimesteps + 1 }

  /// Performs the next BPTT step, adding its terms into `gradients`; nil when complete.
  @discardableResult
  public mutating func step(accumulatingInto gradients: inout Gradients) -> BackwardStep? {
    guard !isComplete else { return nil }
    handovers.handing(gradients, to: steps.count)
    defer { handovers.leaving(gradients) }
    let w = forward.weights
    if steps.isEmpty {
      let yhat = forward.prediction!
      let hn = forward.hidden[forward.count]
      let printed = mode.followsPrintedEquations
      // `outputGradient` at t = n is Cell.lossGradient for Eq. 1 and `every`, (ŷ_n − y_n)/n
      // for `every mean`.
      let g =
        printed
        ? Cell.lossGradientAsPrinted(prediction: yhat, target: target)
        : loss.outputGradient(t: length, n: length, prediction: yhat, target: target)
      let term = Cell.w3Term(h: hn, lossGradient: g)
      if mode.accumulatesW3Gradient {
        gradients.w3 += term
        passGradients.w3 += term
      }
      if trainsBiases {
        gradients.c += g
        passGradients.c += g
      }
      dh =
        printed
        ? Cell.outputHiddenGradientAsPrinted(w2: w.w2, lossGradient: g)
        : Cell.outputHiddenGradient(w3: w.w3, lossGradient: g)
      sensitivity =
        printed
        ? Cell.outputHiddenGradientAsPrinted(w2: w.w2, lossGradient: 1)
        : Cell.outputHiddenGradient(w3: w.w3, lossGradient: 1)
      let record = BackwardStep.output(
        OutputGradientStep(
          t: length, prediction: yhat, target: target, lossGradient: g, hn: hn, w3Term: term,
          w3TermApplied: mode.accumulatesW3Gradient, w3Sum: gradients.w3, w3: w.w3, dhn: dh,
          outputSensitivity: sensitivity, cTerm: g, biasTermsApplied: trainsBiases,
          cSum: gradients.c))
      steps.append(record)
      return record
    }
    let t = forward.count - (steps.count - 1)
    let f = forward.steps[t - 1]
    let printed = mode.followsPrintedEquations
    let general = !forward.usesArticleCell
    // Under a loss at every step, ŷ_t's terms come first and its road joins the one from
    // h_{t+1}; otherwise ∂L/∂h_t is the road from h_{t+1} as it is (0 + v would turn a −0
    // into +0, and the article's loss must stay the same to the bit).
    let arriving = dh
    var output: OutputGradientStep? = nil
    if t < length && loss.readsEveryStep {
      let o = outputTerms(t, accumulatingInto: &gradients)
      output = o
      dh = o.dhn + arriving
    }
    let back =
      printed
      ? Cell.backStepAsPrinted(dh: dh, h: f.h, x: f.x, hPrevious: f.hPrevious, w2: w.w2)
      : general
        ? Cell.backStep(
          dh: dh, preactivation: f.preactivation, h: f.h, x: f.x, hPrevious: f.hPrevious,
          w2: w.w2, activation: forward.activation)
        : Cell.backStep(
          dh: dh, preactivation: f.preactivation, x: f.x, hPrevious: f.hPrevious, w2: w.w2)
    gradients.w2 += back.w2Term
    gradients.w1 += back.w1Term
    passGradients.w2 += back.w2Term
    passGradients.w1 += back.w1Term
    if trainsBiases {
      gradients.b += back.tmp
      passGradients.b += back.tmp
    }
    let record = BackwardStep.timestep(
      TimestepGradientStep(
        t: t, output: output, fromOutput: t == length ? dh : output?.dhn ?? 0,
        fromNext: t == length ? 0 : arriving, dh: dh, preactivation: f.preactivation,
        reluPrime: f.activationPrime,
        tmp: back.tmp, hPrevious: f.hPrevious, w2Term: back.w2Term, w2Sum: gradients.w2, x: f.x,
        w1Term: back.w1Term, w1Sum: gradients.w1, w2: w.w2, dhPrevious: back.dhPrevious,
        outputSensitivity: sensitivity, bTermApplied: trainsBiases, bSum: gradients.b))
    dh = back.dhPrevious
    sensitivity =
      printed
      ? Cell.backStepAsPrinted(
        dh: sensitivity, h: f.h, x: f.x, hPrevious: f.hPrevious, w2: w.w2
      ).dhPrevious
      : sensitivity * f.activationPrime * w.w2
    steps.append(record)
    return record
  }

  /// ŷ_t's terms for a timestep t < n under a loss at every step: ∂L/∂ŷ_t, w₃'s term
  /// h_t·∂L/∂ŷ_t, c's ∂L/∂ŷ_t (added when the biases train) and the road w₃·∂L/∂ŷ_t into h_t.
  private mutating func outputTerms(_ t: Int, accumulatingInto gradients: inout Gradients)
    -> OutputGradientStep
  {
    let w = forward.weights
    let yhat = forward.output(at: t)
    let h = forward.hidden[t]
    let y = targets[t - 1]
    let g = loss.outputGradient(t: t, n: length, prediction: yhat, target: y)
    let term = Cell.w3Term(h: h, lossGradient: g)
    gradients.w3 += term
    passGradients.w3 += term
    if trainsBiases {
      gradients.c += g
      passGradients.c += g
    }
    return OutputGradientStep(
      t: t, prediction: yhat, target: y, lossGradient: g, hn: h, w3Term: term,
      w3TermApplied: true, w3Sum: gradients.w3, w3: w.w3,
      dhn: Cell.outputHiddenGradient(w3: w.w3, lossGradient: g),
      outputSensitivity: Cell.outputHiddenGradient(w3: w.w3, lossGradient: 1), cTerm: g,
      biasTermsApplied: trainsBiases, cSum: gradients.c)
  }

  /// The loss the pass runs back from: Eq. 1 (as the mode computes it) or the sum (mean)
  /// over every step.
  public var lossValue: Double {
    loss == .last
      ? mode.loss(prediction: forward.prediction!, target: target)
      : loss.loss(outputs: forward.outputs, targets: targets)
  }

  /// The same BPTT worked out on the side from zero gradients, `steps` steps (all when nil):
  /// what `zero` then `backward` would give, without touching the session's gradients.
  public static func fromZero(
    forward: ForwardPass, target: Double, mode: Mode, truncation: Int? = nil,
    trainsBiases: Bool = false, loss: LossReadout = .last, targets: [Double]? = nil,
    steps: Int? = nil
  ) -> BackwardPass {
    var pass = BackwardPass(
      forward: forward, target: target, mode: mode, truncation: truncation,
      trainsBiases: trainsBiases, loss: loss, targets: targets)
    var gradients = Gradients.zero
    for _ in 0..<(steps ?? pass.count) { pass.step(accumulatingInto: &gradients) }
    return pass
  }
}
