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
  /// h_t = activation(a_t).
  public let h: Double
  /// True when the activation changed a_t (ReLU cut a negative a_t to 0, or abs flipped it).
  public var activationChangedValue: Bool { h != preactivation }
  /// True when ReLU cut a_t to 0 — no gradient flows back through this step.
  public var cutToZero: Bool { preactivation <= 0 && h == 0 }
  /// ReLU′(a_t) (§2.4), the factor every local derivative of this step shares.
  public var reluPrime: Double { Cell.reluPrime(preactivation) }
  /// §2.3: ∂h_t/∂w₁ = ReLU′(a_t)·x_t, from the engine's backward step with ∂L/∂h_t = 1.
  public var hiddenByW1: Double { localDerivatives.w1Term }
  /// §2.3: ∂h_t/∂w₂ = ReLU′(a_t)·h_{t−1}.
  public var hiddenByW2: Double { localDerivatives.w2Term }
  /// ReLU′ as §2.5's text prints it for the step after this one's input: at h_{t−1}
  /// (erratum 5).
  public var reluPrimeAsPrinted: Double { Cell.reluPrimeAsPrinted(hPrevious: hPrevious) }

  private var localDerivatives: (tmp: Double, w2Term: Double, w1Term: Double, dhPrevious: Double) {
    // w₂ only reaches ∂h_t/∂h_{t−1}, which these two do not use.
    Cell.backStep(dh: 1, preactivation: preactivation, x: x, hPrevious: hPrevious, w2: 0)
  }
}

/// A forward pass through the unrolled network, advanced one timestep at a time.
///
/// Start it with the inputs and the weights, call `step()` to compute h_1, h_2, … in turn;
/// `run()` is just "step until done". Once every step is done, `prediction` is ŷ (Eq. 2).
public struct ForwardPass: Equatable, Sendable {
  /// x_1…x_n.
  public let inputs: [Double]
  /// The weights the pass uses, fixed when it starts.
  public let weights: Weights
  /// The model: its activation, and whether ŷ is rounded (Part 1).
  public let architecture: Architecture
  /// h_0…h_t: h_0 = 0, then one value per completed step. Copies of a pass share these logs,
  /// so a step costs the same however far the pass has gone (see `AppendOnlyLog`).
  public private(set) var hidden: AppendOnlyLog<Double>
  /// The records of the completed steps, in order.
  public private(set) var steps: AppendOnlyLog<ForwardStep>

  public init(inputs: [Double], weights: Weights, architecture: Architecture = .part2) {
    precondition(!inputs.isEmpty, "a forward pass needs at least one input")
    self.inputs = inputs
    self.weights = weights
    self.architecture = architecture
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

  /// Computes the next timestep, Eq. 3: h_t = ReLU(w₁·x_t + w₂·h_{t−1}).
  ///
  /// Returns nil when the pass is already complete.
  @discardableResult
  public mutating func step() -> ForwardStep? {
    guard !isComplete else { return nil }
    let t = steps.count + 1
    let x = inputs[t - 1]
    let hPrevious = hidden[t - 1]
    let a = Cell.preactivation(w1: weights.w1, w2: weights.w2, x: x, hPrevious: hPrevious)
    let record = ForwardStep(
      t: t, x: x, hPrevious: hPrevious, inputTerm: weights.w1 * x,
      feedbackTerm: weights.w2 * hPrevious, preactivation: a, h: architecture.activation(a))
    hidden.append(record.h)
    steps.append(record)
    return record
  }

  /// Steps until h_n is known.
  public mutating func run() {
    while step() != nil {}
  }

  /// ŷ = h_n·w₃ (Eq. 2) once the pass is complete, else nil.
  ///
  /// Part 1's model rounds its output to one decimal, as Python's `round(l2, 1)` does.
  public var prediction: Double? {
    guard isComplete, let h = hidden.last else { return nil }
    switch architecture {
    case .part2: return Cell.output(w3: weights.w3, h: h)
    // Part 1 computes lin(relu, w3, b) = relu·w3 + b with b = 0.
    case .part1: return pythonRound(h * weights.w3 + 0.0, digits: 1)
    }
  }

  /// §2.5's ∂ŷ/∂h_t for t = 1…n of a complete pass (index 0 unused): ∂ŷ/∂h_n = w₃, then
  /// ∂ŷ/∂h_{t−1} = ∂ŷ/∂h_t·ReLU′(a_t)·w₂, the engine's backward step with the loss left out.
  public var outputSensitivities: [Double] {
    precondition(isComplete, "∂ŷ/∂h_t needs a complete forward pass")
    var s = [Double](repeating: 0, count: count + 1)
    var d = Cell.outputHiddenGradient(w3: weights.w3, lossGradient: 1)
    for t in stride(from: count, through: 1, by: -1) {
      s[t] = d
      let f = steps[t - 1]
      d =
        Cell.backStep(
          dh: d, preactivation: f.preactivation, x: f.x, hPrevious: f.hPrevious, w2: weights.w2
        ).dhPrevious
    }
    return s
  }

  /// ŷ before Part 1's rounding (equal to `prediction` for Part 2).
  public var unroundedPrediction: Double? {
    guard isComplete, let h = hidden.last else { return nil }
    return architecture == .part1 ? h * weights.w3 + 0.0 : Cell.output(w3: weights.w3, h: h)
  }
}
