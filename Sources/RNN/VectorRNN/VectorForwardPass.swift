/// Which outputs the loss reads.
///
/// The article's loss (Eq. 1) reads ŷ_n alone. The RNNs trained on text or time series put a
/// loss at every timestep (Karpathy's min-char-rnn; PyTorch's `nn.MSELoss` over a whole output
/// sequence), and then ∂L/∂h_t has two roads in: from ŷ_t and from h_{t+1}.
public enum LossReadout: String, CaseIterable, Equatable, Hashable, Sendable, Codable {
  /// L = ½(y − ŷ_n)², Eq. 1.
  case last
  /// L = Σ_t ½(y_t − ŷ_t)².
  case every
  /// L = (1/n)·Σ_t ½(y_t − ŷ_t)², PyTorch's `reduction='mean'` over timesteps.
  case everyMean

  /// Whether ŷ_t at t < n enters the loss.
  public var readsEveryStep: Bool { self != .last }

  /// The words `loss` takes for it: `last`, `every`, `every mean`.
  public var words: String {
    switch self {
    case .last: "last"
    case .every: "every"
    case .everyMean: "every mean"
    }
  }

  /// The loss over a pass's outputs ŷ_1…ŷ_n and the targets: `targets` has n values for a
  /// loss at every step; for `last` only its last value is read.
  public func loss(outputs: [Double], targets: [Double]) -> Double {
    let n = outputs.count
    switch self {
    case .last:
      return Cell.loss(prediction: outputs[n - 1], target: targets[targets.count - 1])
    case .every, .everyMean:
      precondition(targets.count == n, "a loss at every step needs a target per step")
      var sum = 0.0
      for t in 0..<n { sum += Cell.loss(prediction: outputs[t], target: targets[t]) }
      return self == .every ? sum : sum / Double(n)
    }
  }

  /// ∂L/∂ŷ_t (t from 1 to n) for this loss: (ŷ_t − y_t), divided by n for the mean, and 0 at
  /// t < n for `last`.
  public func outputGradient(t: Int, n: Int, prediction: Double, target: Double) -> Double {
    switch self {
    case .last: t == n ? Cell.lossGradient(prediction: prediction, target: target) : 0
    case .every: Cell.lossGradient(prediction: prediction, target: target)
    case .everyMean: Cell.lossGradient(prediction: prediction, target: target) / Double(n)
    }
  }
}

/// The vector RNN's equations, each once, shared by stepping, training and checking.
public enum VectorCell {
  /// a_t = W_xh·x_t + W_hh·h_{t−1} + b, as (W_xh·x_t, W_hh·h_{t−1}, a_t). Each unit is summed
  /// in the order input, recurrent units 1…K, bias, so that with K = 1 and b = 0 it is the
  /// article's `w1 * x + w2 * h` to the last bit.
  public static func preactivation(_ w: VectorWeights, x: Double, hPrevious h: [Double])
    -> (input: [Double], recurrent: [Double], a: [Double])
  {
    let k = w.size
    var input = [Double](repeating: 0, count: k)
    var recurrent = [Double](repeating: 0, count: k)
    var a = [Double](repeating: 0, count: k)
    for i in 0..<k {
      input[i] = w.wxh[i] * x
      var r = w.recurrent(i, 0) * h[0]
      for j in 1..<k { r += w.recurrent(i, j) * h[j] }
      recurrent[i] = r
      var sum = input[i] + w.recurrent(i, 0) * h[0]
      for j in 1..<k { sum += w.recurrent(i, j) * h[j] }
      a[i] = sum + w.b[i]
    }
    return (input, recurrent, a)
  }

  /// ŷ_t = w_y·h_t + c (units summed 1…K, then c).
  @inlinable
  public static func output(_ w: VectorWeights, h: [Double]) -> Double {
    var s = w.wy[0] * h[0]
    for i in 1..<w.size { s += w.wy[i] * h[i] }
    return s + w.c
  }

  /// v·W_hh (row vector times matrix), that is W_hhᵀ·v: what ∂L/∂a_t sends back to h_{t−1}.
  public static func backThroughRecurrence(_ w: VectorWeights, _ v: [Double]) -> [Double] {
    let k = w.size
    return (0..<k).map { j in
      var s = w.recurrent(0, j) * v[0]
      for i in 1..<k { s += w.recurrent(i, j) * v[i] }
      return s
    }
  }
}

/// What one timestep of the vector RNN computed, with what went into it.
public struct VectorForwardStep: Equatable, Sendable {
  /// The timestep, 1…n.
  public let t: Int
  /// x_t.
  public let x: Double
  /// h_{t−1} (h_0 = 0).
  public let hPrevious: [Double]
  /// W_xh·x_t and W_hh·h_{t−1}, the two products that make a_t (with b).
  public let input: [Double]
  public let recurrent: [Double]
  /// a_t = W_xh·x_t + W_hh·h_{t−1} + b.
  public let a: [Double]
  /// h_t = φ(a_t), unit by unit.
  public let h: [Double]
  /// φ′(a_t), unit by unit: the diagonal of the Jacobian's first factor.
  public let derivative: [Double]
  /// ŷ_t = w_y·h_t + c.
  public let output: Double
}

/// A forward pass of the vector RNN through the sequence, advanced one timestep at a time.
public struct VectorForwardPass: StepwiseForwardPass, Equatable, Sendable {
  /// x_1…x_n.
  public let inputs: [Double]
  /// The parameters the pass uses, fixed when it starts.
  public let weights: VectorWeights
  /// φ.
  public let activation: Activation
  /// The records of the completed steps, in order.
  public private(set) var steps: [VectorForwardStep] = []

  public init(inputs: [Double], weights: VectorWeights, activation: Activation) {
    precondition(!inputs.isEmpty, "a forward pass needs at least one input")
    self.inputs = inputs
    self.weights = weights
    self.activation = activation
    steps.reserveCapacity(inputs.count)
  }

  /// The sequence length n.
  public var count: Int { inputs.count }
  /// The number of steps done so far.
  public var t: Int { steps.count }
  /// True once h_n is known.
  public var isComplete: Bool { steps.count == inputs.count }
  /// h_t after the last completed step (h_0 = 0 before any).
  public var h: [Double] { steps.last?.h ?? Array(repeating: 0, count: weights.size) }

  /// Computes the next timestep; nil when the pass is already complete.
  @discardableResult
  public mutating func step() -> VectorForwardStep? {
    guard !isComplete else { return nil }
    let t = steps.count + 1
    let x = inputs[t - 1]
    let hPrevious = h
    let (input, recurrent, a) = VectorCell.preactivation(weights, x: x, hPrevious: hPrevious)
    let hNow = a.map { activation($0) }
    let derivative = zip(a, hNow).map { activation.derivative(preactivation: $0, output: $1) }
    let record = VectorForwardStep(
      t: t, x: x, hPrevious: hPrevious, input: input, recurrent: recurrent, a: a, h: hNow,
      derivative: derivative, output: VectorCell.output(weights, h: hNow))
    steps.append(record)
    return record
  }

  /// ŷ_n once the pass is complete, else nil.
  public var prediction: Double? { isComplete ? steps[steps.count - 1].output : nil }

  /// ŷ_1…ŷ_t so far.
  public var outputs: [Double] { steps.map(\.output) }
}
