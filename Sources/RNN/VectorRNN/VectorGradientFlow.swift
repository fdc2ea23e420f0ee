/// How ∂L/∂h_t travels back through the vector RNN's timesteps in one backward pass (beyond
/// the article; §2.5's recursion with a matrix in place of w₂): at each t, ∂L/∂h_t and its
/// length, the Jacobian J_t = ∂h_t/∂h_{t−1} = diag(φ′(a_t))·W_hh, and the product
/// P_t = J_n⋯J_{t+1} = ∂h_n/∂h_t that carries ∂L/∂h_n back to h_t.
///
/// With the loss on ŷ_n alone, ∂L/∂h_t = P_tᵀ·∂L/∂h_n, so the singular values of P_t bound
/// how much the gradient can have grown or shrunk on its way back from h_n:
/// σ_min(P_t)·‖∂L/∂h_n‖ ≤ ‖∂L/∂h_t‖ ≤ σ_max(P_t)·‖∂L/∂h_n‖. And since
/// σ_max(J_s) ≤ γ·σ_max(W_hh) with γ the largest slope of φ, σ_max(P_t) ≤ (γ·σ_max(W_hh))ⁿ⁻ᵗ
/// (Pascanu, Mikolov & Bengio 2013, "On the difficulty of training recurrent neural
/// networks"). With a loss at every step ∂L/∂h_t also holds the roads from ŷ_t…ŷ_{n−1}.
public struct VectorGradientFlow: Equatable, Sendable {
  /// One timestep of the flow.
  public struct Step: Equatable, Sendable {
    public let t: Int
    /// ∂L/∂h_t, every road in (from ŷ_t and from h_{t+1}).
    public let dh: [Double]
    /// ‖∂L/∂h_t‖₂.
    public let norm: Double
    /// J_t = diag(φ′(a_t))·W_hh, K×K row by row: entry (i, j) is φ′(a_t)ᵢ·W_hh[i,j].
    public let jacobian: [Double]
    /// P_t = J_n⋯J_{t+1} = ∂h_n/∂h_t, K×K row by row (the identity at t = n).
    public let product: [Double]
  }

  /// t = n first, down to the last timestep BPTT reached.
  public let steps: [Step]
  /// The sequence length n.
  public let length: Int
  /// K.
  public let size: Int
  /// True when BPTT has reached t = 1.
  public let isComplete: Bool

  /// The flow of `pass`'s timesteps done so far.
  public init(_ pass: VectorBackwardPass) {
    let w = pass.forward.weights
    let k = w.size
    var product = VectorGradientFlow.identity(k)
    var steps: [Step] = []
    for r in pass.timesteps {
      let jacobian = (0..<(k * k)).map { r.forward.derivative[$0 / k] * w.whh[$0] }
      steps.append(
        Step(
          t: r.t, dh: r.dh, norm: VectorGradientFlow.norm(r.dh), jacobian: jacobian,
          product: product))
      // P_{t−1} = P_t·J_t.
      product = VectorGradientFlow.multiply(product, jacobian, size: k)
    }
    self.steps = steps
    length = pass.length
    size = k
    isComplete = pass.isComplete
  }

  /// The flow of a whole backward pass from zero gradients for `model` on one sample:
  /// `targets` as `VectorRNN.startBackward(_:targets:)` takes them.
  public init(model: VectorRNN, inputs: [Double], targets: [Double]) {
    var gradients = model.weights.zeroed
    var pass = model.startBackward(model.forward(inputs), targets: targets)
    pass.run(accumulatingInto: &gradients)
    self.init(pass)
  }

  /// ‖∂L/∂h_1‖/‖∂L/∂h_n‖: how much the gradient grew (> 1) or shrank (< 1) from the last
  /// timestep to the first; nil before BPTT reached t = 1 or when ‖∂L/∂h_n‖ is 0.
  public var ratio: Double? {
    guard isComplete, let last = steps.first, let first = steps.last, last.norm > 0 else {
      return nil
    }
    return first.norm / last.norm
  }

  /// ‖v‖₂, scaled by the largest entry so that a gradient near the largest Double (or the
  /// smallest) has a length too.
  public static func norm(_ v: [Double]) -> Double {
    let scale = v.map(abs).max() ?? 0
    guard scale > 0, scale.isFinite else { return scale }
    var sum = 0.0
    for x in v { sum += (x / scale) * (x / scale) }
    return scale * sum.squareRoot()
  }

  /// The K×K identity, row by row.
  static func identity(_ k: Int) -> [Double] {
    (0..<(k * k)).map { $0 / k == $0 % k ? 1 : 0 }
  }

  /// A·B for K×K matrices row by row, each entry summed in order of the inner index.
  static func multiply(_ a: [Double], _ b: [Double], size k: Int) -> [Double] {
    (0..<(k * k)).map { index in
      let (i, j) = (index / k, index % k)
      var sum = 0.0
      for m in 0..<k { sum += a[i * k + m] * b[m * k + j] }
      return sum
    }
  }
}

extension Activation {
  /// γ = sup |φ′|, the most φ can stretch a change in its input: 1 for ReLU, |·|, tanh
  /// (at 0) and the identity. Each step back multiplies ‖∂L/∂h‖ by at most γ·σ_max(W_hh).
  public var largestSlope: Double {
    switch self {
    case .relu, .absoluteValue, .tanh, .identity: 1
    }
  }

  /// True when the largest slope is reached only near a = 0 and the slope falls off as |a|
  /// grows (tanh saturates), so a large preactivation damps the gradient.
  public var saturates: Bool { self == .tanh }
}
