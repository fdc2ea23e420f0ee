/// The first BPTT step: from the loss to ŷ, w₃ and h_n (§2.1, §2.2, §2.5).
public struct OutputGradientStep: Equatable, Sendable {
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
}

/// One BPTT timestep t = n…1 (§2.5–2.6): the factors, the terms, the running sums.
public struct TimestepGradientStep: Equatable, Sendable {
  public let t: Int
  /// ∂L/∂h_t, arriving from step t+1 (or from ŷ when t = n).
  public let dh: Double
  /// a_t and ReLU′(a_t).
  public let preactivation: Double
  public let reluPrime: Double
  /// tmp = ∂L/∂h_t·ReLU′(a_t) = ∂L/∂a_t.
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
}

/// One record of a backward pass.
public enum BackwardStep: Equatable, Sendable {
  case output(OutputGradientStep)
  case timestep(TimestepGradientStep)
}

/// Backpropagation through time, one step at a time, in the order of the printed `backward`.
///
/// The first step handles ∂L/∂ŷ, w₃'s term and ∂L/∂h_n; each later step handles one
/// timestep, t = n down to 1, adding its terms to the gradients of w₁ and w₂ (§2.6's sums).
/// Gradients are not owned by the pass: each step adds into the gradients it is given, so
/// they accumulate across passes until zeroed, as the article's `.g` attributes do.
public struct BackwardPass: Equatable, Sendable {
  /// The forward pass it runs back through; complete.
  public let forward: ForwardPass
  /// The label y.
  public let target: Double
  /// Exact math or the printed code.
  public let mode: Mode
  /// The records so far; copies of a pass share them (see `AppendOnlyLog`).
  public private(set) var steps: AppendOnlyLog<BackwardStep>
  /// ∂L/∂h_t for the next timestep to handle.
  private var dh: Double = 0

  public init(forward: ForwardPass, target: Double, mode: Mode) {
    precondition(forward.isComplete, "backward needs a complete forward pass")
    precondition(forward.architecture == .part2, "BPTT runs on Part 2's model")
    self.forward = forward
    self.target = target
    self.mode = mode
    steps = AppendOnlyLog(capacity: forward.count + 1)
  }

  /// Steps in all: one for the output, then one per timestep.
  public var count: Int { forward.count + 1 }
  /// True once every timestep down to t = 1 is done.
  public var isComplete: Bool { steps.count == count }
  /// The timestep the next call to `step` handles, or nil when the next is the output step
  /// or the pass is complete.
  public var nextTimestep: Int? {
    steps.isEmpty || isComplete ? nil : forward.count - (steps.count - 1)
  }

  /// Performs the next BPTT step, adding its terms into `gradients`; nil when complete.
  @discardableResult
  public mutating func step(accumulatingInto gradients: inout Gradients) -> BackwardStep? {
    guard !isComplete else { return nil }
    let w = forward.weights
    if steps.isEmpty {
      let yhat = forward.prediction!
      let hn = forward.hidden[forward.count]
      let g = Cell.lossGradient(prediction: yhat, target: target)
      let term = Cell.w3Term(h: hn, lossGradient: g)
      if mode.accumulatesW3Gradient { gradients.w3 += term }
      dh = Cell.outputHiddenGradient(w3: w.w3, lossGradient: g)
      let record = BackwardStep.output(
        OutputGradientStep(
          prediction: yhat, target: target, lossGradient: g, hn: hn, w3Term: term,
          w3TermApplied: mode.accumulatesW3Gradient, w3Sum: gradients.w3, w3: w.w3, dhn: dh))
      steps.append(record)
      return record
    }
    let t = forward.count - (steps.count - 1)
    let f = forward.steps[t - 1]
    let back = Cell.backStep(
      dh: dh, preactivation: f.preactivation, x: f.x, hPrevious: f.hPrevious, w2: w.w2)
    gradients.w2 += back.w2Term
    gradients.w1 += back.w1Term
    let record = BackwardStep.timestep(
      TimestepGradientStep(
        t: t, dh: dh, preactivation: f.preactivation, reluPrime: Cell.reluPrime(f.preactivation),
        tmp: back.tmp, hPrevious: f.hPrevious, w2Term: back.w2Term, w2Sum: gradients.w2, x: f.x,
        w1Term: back.w1Term, w1Sum: gradients.w1, w2: w.w2, dhPrevious: back.dhPrevious))
    dh = back.dhPrevious
    steps.append(record)
    return record
  }

  /// Steps until t = 1 is done.
  public mutating func run(accumulatingInto gradients: inout Gradients) {
    while step(accumulatingInto: &gradients) != nil {}
  }
}
