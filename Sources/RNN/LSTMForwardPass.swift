/// What one LSTM timestep computed: the four gates, c_t and h_t, with what went into them.
public struct LSTMForwardStep: Equatable, Sendable {
  /// The timestep, 1…n.
  public let t: Int
  /// The input x_t.
  public let x: Double
  /// h_{t−1} and c_{t−1} (h_0 = c_0 = 0).
  public let hPrevious: Double
  public let cPrevious: Double
  /// Each gate's pre-activation z = wx·x_t + wh·h_{t−1} + b.
  public let preactivation: LSTMGateValues
  /// i_t, f_t, o_t = σ(z) and g_t = tanh(z).
  public let gates: LSTMGateValues
  /// c_t = f_t·c_{t−1} + i_t·g_t.
  public let c: Double
  /// tanh(c_t), the factor the output gate scales.
  public let tanhC: Double
  /// h_t = o_t·tanh(c_t).
  public let h: Double

  /// f_t·c_{t−1}: what the cell keeps.
  public var kept: Double { gates.f * cPrevious }
  /// i_t·g_t: what the cell writes.
  public var written: Double { gates.i * gates.g }
  /// Each gate's local derivative ∂gate/∂z: σ′ = s(1 − s) for i, f, o, tanh′ = 1 − g² for g.
  public var localDerivatives: LSTMGateValues { LSTMCell.localDerivatives(gates) }
}

/// A forward pass of the LSTM through the sequence, advanced one timestep at a time.
///
/// Start it with the inputs and the parameters and call `step()` for t = 1, 2, …; `run()`
/// steps until done. Once complete, `prediction` is ŷ = wy·h_n + by.
public struct LSTMForwardPass: StepwiseForwardPass, Equatable, Sendable {
  /// x_1…x_n.
  public let inputs: [Double]
  /// The parameters the pass uses, fixed when it starts.
  public let weights: LSTMWeights
  /// The records of the completed steps, in order.
  public private(set) var steps: [LSTMForwardStep] = []

  public init(inputs: [Double], weights: LSTMWeights) {
    precondition(!inputs.isEmpty, "a forward pass needs at least one input")
    self.inputs = inputs
    self.weights = weights
    steps.reserveCapacity(inputs.count)
  }

  /// The sequence length n.
  public var count: Int { inputs.count }
  /// The number of steps done so far.
  public var t: Int { steps.count }
  /// True once h_n is known.
  public var isComplete: Bool { steps.count == inputs.count }
  /// h_t after the last completed step (h_0 = 0 before any).
  public var h: Double { steps.last?.h ?? 0 }
  /// c_t after the last completed step (c_0 = 0 before any).
  public var c: Double { steps.last?.c ?? 0 }

  /// Computes the next timestep: the four gates, then c_t and h_t (see `LSTMCell`).
  ///
  /// Returns nil when the pass is already complete.
  @discardableResult
  public mutating func step() -> LSTMForwardStep? {
    guard !isComplete else { return nil }
    let t = steps.count + 1
    let x = inputs[t - 1]
    let hPrevious = h
    let cPrevious = c
    let (z, gates) = LSTMCell.gates(weights, x: x, hPrevious: hPrevious)
    let cNow = LSTMCell.cellState(gates, cPrevious: cPrevious)
    let tanhC = LSTMCell.tanh(cNow)
    let record = LSTMForwardStep(
      t: t, x: x, hPrevious: hPrevious, cPrevious: cPrevious, preactivation: z, gates: gates,
      c: cNow, tanhC: tanhC, h: LSTMCell.hidden(o: gates.o, tanhC: tanhC))
    steps.append(record)
    return record
  }

  /// ŷ_t = wy·h_t + by for a completed step t: the read-out at every step, what a loss at
  /// every step compares with y_t. At t = n it is `prediction`.
  public func output(at t: Int) -> Double {
    precondition(t >= 1 && t <= steps.count, "ŷ_t of a completed step")
    return LSTMCell.output(wy: weights.wy, by: weights.by, h: steps[t - 1].h)
  }

  /// ŷ_1…ŷ_t of the completed steps.
  public var outputs: [Double] { (0..<steps.count).map { output(at: $0 + 1) } }

  /// ŷ = wy·h_n + by once the pass is complete, else nil.
  public var prediction: Double? {
    guard isComplete else { return nil }
    return LSTMCell.output(wy: weights.wy, by: weights.by, h: h)
  }
}
