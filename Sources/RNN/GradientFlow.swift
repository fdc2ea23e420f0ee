/// How the gradient travels back through time in one backward pass (§2.5, and what follows
/// from it past the article): ∂L/∂h_t at each t, the factor ReLU′(a_t)·w₂ = ∂h_t/∂h_{t−1}
/// that carries it one step further back, and each timestep's share of the w₁ and w₂ sums.
///
/// ∂L/∂h_t = w₃·∂L/∂ŷ · ∏_{k=t+1…n} ReLU′(a_k)·w₂, so when the factors stay below 1 the
/// gradient vanishes geometrically on its way back, and when they exceed 1 it explodes
/// (Bengio, Simard & Frasconi 1994; Pascanu, Mikolov & Bengio 2013).
public struct GradientFlow: Equatable, Sendable {
  /// One timestep of the flow.
  public struct Step: Equatable, Sendable {
    public let t: Int
    /// ∂L/∂h_t, arriving from step t+1 (or from ŷ at t = n).
    public let hiddenGradient: Double
    /// ReLU′(a_t)·w₂ = ∂h_t/∂h_{t−1}: what ∂L/∂h_t is multiplied by to give ∂L/∂h_{t−1}.
    public let factor: Double
    /// This timestep's term of ∂L/∂w₁ and ∂L/∂w₂, and its share of the pass's sum (nil when
    /// the sum is 0).
    public let w1Term: Double
    public let w2Term: Double
    public let w1Share: Double?
    public let w2Share: Double?
  }

  /// t = n first, down to the last timestep BPTT reached.
  public let steps: [Step]
  /// The sequence length n.
  public let length: Int
  /// ∂h_n/∂h_m = ∏_{t=m+1…n} ReLU′(a_t)·w₂, where m is the last timestep reached (1 for a
  /// complete pass): ∂L/∂h_m = ∂L/∂h_n·product, how much the gradient was scaled by on its
  /// way back (1 when only t = n was reached).
  public let product: Double
  /// True when the pass it comes from is finished: with truncation it ends at t = n−K+1,
  /// not at t = 1, and `back` has nothing left to do.
  public let isComplete: Bool

  /// The flow of `pass`'s timesteps done so far.
  public init(_ pass: BackwardPass) {
    let sums = pass.passGradients
    steps = pass.timesteps.map { r in
      Step(
        t: r.t, hiddenGradient: r.dh, factor: r.reluPrime * r.w2, w1Term: r.w1Term,
        w2Term: r.w2Term, w1Share: sums.w1 == 0 ? nil : r.w1Term / sums.w1,
        w2Share: sums.w2 == 0 ? nil : r.w2Term / sums.w2)
    }
    length = pass.forward.count
    product = steps.dropLast().reduce(1) { $0 * $1.factor }
    isComplete = pass.isComplete
  }

  /// The flow of a whole backward pass from zero gradients for `model` on one sample.
  public init(model: MiniRnn, inputs: [Double], target: Double) {
    let pass = BackwardPass.fromZero(
      forward: model.forward(inputs), target: target, mode: model.mode,
      truncation: model.truncation)
    self.init(pass)
  }
}
