/// What one forward timestep computed (Eq. 3 with the numbers of step t).
public struct ForwardStep: Equatable, Sendable {
  /// The timestep, 1…n.
  public let t: Int
  /// The input x_t.
  public let x: Double
  /// h_{t−1}, the previous hidden state (h_0 = 0).
  public let hPrevious: Double
  /// The first term of Eq. 3, w₁·x_t.
  public let inputTerm: Double
  /// The second term of Eq. 3, w₂·h_{t−1}.
  public let feedbackTerm: Double
  /// The pre-activation a_t = w₁·x_t + w₂·h_{t−1}.
  public let preactivation: Double
  /// h_t = φ(a_t).
  public let h: Double
  /// φ′(a_t): ReLU′(a_t) for the article's cell (§2.4), the factor every local derivative of
  /// this step shares.
  public let activationPrime: Double
  /// True when the activation changed a_t (ReLU cut a negative a_t to 0, or abs flipped it).
  public var activationChangedValue: Bool { h != preactivation }
  /// True when ReLU cut a_t to 0 — no gradient flows back through this step.
  public var cutToZero: Bool { preactivation <= 0 && h == 0 }
  /// φ′(a_t), ReLU′(a_t) for the article's cell (§2.4).
  public var reluPrime: Double { activationPrime }
  /// §2.3: ∂h_t/∂w₁ = ReLU′(a_t)·x_t (φ′(a_t)·x_t), the engine's backward step with ∂L/∂h_t = 1.
  public var hiddenByW1: Double { localDerivatives.w1Term }
  /// §2.3: ∂h_t/∂w₂ = ReLU′(a_t)·h_{t−1} (φ′(a_t)·h_{t−1}).
  public var hiddenByW2: Double { localDerivatives.w2Term }
  /// ∂h_t/∂b = φ′(a_t), the generalised cell's (∂a_t/∂b = 1; beyond the article).
  public var hiddenByB: Double { localDerivatives.tmp }
  /// ReLU′ as §2.5's text prints it for the step after this one's input: at h_{t−1}
  /// (erratum 5).
  public var reluPrimeAsPrinted: Double { Cell.reluPrimeAsPrinted(hPrevious: hPrevious) }

  private var localDerivatives: (tmp: Double, w2Term: Double, w1Term: Double, dhPrevious: Double) {
    // w₂ only reaches ∂h_t/∂h_{t−1}, which these do not use.
    (activationPrime, activationPrime * hPrevious, activationPrime * x, 0)
  }

  public init(
    t: Int, x: Double, hPrevious: Double, inputTerm: Double, feedbackTerm: Double,
    preactivation: Double, h: Double, activationPrime: Double
  ) {
    self.t = t
    self.x = x
    self.hPrevious = hPrevious
    self.inputTerm = inputTerm
    self.feedbackTerm = feedbackTerm
    self.preactivation = preactivation
    self.h = h
    self.activationPrime = activationPrime
  }
}

/// A forward pass through the unrolled network, advanced one timestep at a time.
///
/// Start it with the inputs and the weights, call `step()` to compute h_1, h_2, … in turn;
/// `run()` is just "step until done". Once every step is done, `prediction` is ŷ (Eq. 2).
public struct ForwardPass: StepwiseForwardPass, Equatable, Sendable {
  /// x_1…x_n.
  public let inputs: [Double]
  /// The weights the pass uses, fixed when it starts.
  public let weights: Weights
  /// The model: Part 1 (ŷ rounded) or Part 2.
  public let architecture: Architecture
  /// φ, the activation: the architecture's own (ReLU, abs for Part 1) unless the generalised
  /// cell changed it.
  public let activation: Activation
  /// True when the pass is the article's cell (its own activation, b = c = 0): it then runs
  /// Eq. 2 and 3 exactly as printed, to the last bit; otherwise the generalised cell's
  /// a_t = w₁·x_t + w₂·h_{t−1} + b and ŷ = w₃·h_n + c (beyond the article).
  public let usesArticleCell: Bool
  /// h_0…h_t: h_0 = 0, then one value per completed step. Copies of a pass share these logs,
  /// so a step costs the same however far the pass has gone (see `AppendOnlyLog`).
  public private(set) var hidden: AppendOnlyLog<Double>
  /// The records of the completed steps, in order.
  public private(set) var steps: AppendOnlyLog<ForwardStep>

  public init(
    inputs: [Double], weights: Weights, architecture: Architecture = .part2,
    activation: Activation? = nil
  ) {
    precondition(!inputs.isEmpty, "a forward pass needs at least one input")
    self.inputs = inputs
    self.weights = weights
    self.architecture = architecture
    let activation = activation ?? architecture.activation
    self.activation = activation
    usesArticleCell = activation == architecture.activation && weights.b == 0 && weights.c == 0
    hidden = AppendOnlyLog(capacity: inputs.count + 1)
    hidden.append(0)
    steps = AppendOnlyLog(capacity: inputs.count)
  }

  /// The sequence length n.
  public var count: Int { inputs.count }
  /// The number of steps done so far (the t of the last h computed).
  public var t: Int { steps.count }
  /// True once h_n is known.
  public var isComplete: Bool { steps.count == inputs.count }

  /// Computes the next timestep, Eq. 3: h_t = ReLU(w₁·x_t + w₂·h_{t−1}) (the generalised
  /// cell: h_t = φ(w₁·x_t + w₂·h_{t−1} + b)).
  ///
  /// Returns nil when the pass is already complete.
  @discardableResult
  public mutating func step() -> ForwardStep? {
    guard !isComplete else { return nil }
    let t = steps.count + 1
    let x = inputs[t - 1]
    let hPrevious = hidden[t - 1]
    let a =
      usesArticleCell
      ? Cell.preactivation(w1: weights.w1, w2: weights.w2, x: x, hPrevious: hPrevious)
      : Cell.preactivation(
        w1: weights.w1, w2: weights.w2, x: x, hPrevious: hPrevious, bias: weights.b)
    let h = activation(a)
    let record = ForwardStep(
      t: t, x: x, hPrevious: hPrevious, inputTerm: weights.w1 * x,
      feedbackTerm: weights.w2 * hPrevious, preactivation: a, h: h,
      activationPrime: activation.derivative(preactivation: a, output: h))
    hidden.append(record.h)
    steps.append(record)
    return record
  }

  /// ŷ = h_n·w₃ (Eq. 2; the generalised cell: w₃·h_n + c) once the pass is complete, else nil.
  ///
  /// Part 1's model rounds its output to one decimal, as Python's `round(l2, 1)` does.
  public var prediction: Double? {
    guard isComplete, let h = hidden.last else { return nil }
    switch architecture {
    case .part2:
      return usesArticleCell
        ? Cell.output(w3: weights.w3, h: h) : Cell.output(w3: weights.w3, h: h, bias: weights.c)
    // Part 1 computes lin(relu, w3, b) = relu·w3 + b with b = 0.
    case .part1: return pythonRound(h * weights.w3 + 0.0, digits: 1)
    }
  }

  /// §2.5's ∂ŷ/∂h_t for t = 1…n of a complete pass (index 0 unused): ∂ŷ/∂h_n = w₃, then
  /// ∂ŷ/∂h_{t−1} = ∂ŷ/∂h_t·ReLU′(a_t)·w₂ (φ′(a_t)·w₂), the engine's backward step with the
  /// loss left out.
  public var outputSensitivities: [Double] {
    precondition(isComplete, "∂ŷ/∂h_t needs a complete forward pass")
    var s = [Double](repeating: 0, count: count + 1)
    var d = Cell.outputHiddenGradient(w3: weights.w3, lossGradient: 1)
    for t in stride(from: count, through: 1, by: -1) {
      s[t] = d
      let f = steps[t - 1]
      d = d * f.activationPrime * weights.w2
    }
    return s
  }

  /// ŷ_t = w₃·h_t (the generalised cell: w₃·h_t + c) for a completed step t of Part 2's
  /// model: Eq. 2 read at every step, what a loss at every step compares with y_t (beyond
  /// the article). At t = n it is `prediction`.
  public func output(at t: Int) -> Double {
    precondition(architecture == .part2 && t >= 1 && t <= steps.count, "ŷ_t of a completed step")
    let h = hidden[t]
    return usesArticleCell
      ? Cell.output(w3: weights.w3, h: h) : Cell.output(w3: weights.w3, h: h, bias: weights.c)
  }

  /// ŷ_1…ŷ_t of the completed steps (Part 2).
  public var outputs: [Double] { (0..<steps.count).map { output(at: $0 + 1) } }

  /// ŷ before Part 1's rounding (equal to `prediction` for Part 2).
  public var unroundedPrediction: Double? {
    guard isComplete, let h = hidden.last else { return nil }
    return architecture == .part1 ? h * weights.w3 + 0.0 : prediction
  }
}
