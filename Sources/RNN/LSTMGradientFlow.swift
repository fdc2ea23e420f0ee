/// How the gradient travels back along the LSTM's cell state in one backward pass (beyond
/// the article): ∂L/∂c_t at each t, the forget gate f_t that carries it to c_{t−1}, and the
/// product of the forget gates from t+1 to n.
///
/// c_t = f_t·c_{t−1} + i_t·g_t, so ∂c_t/∂c_{t−1} = f_t: along the cell state the gradient
/// from c_n reaches c_t multiplied by ∏_{k=t+1…n} f_k alone, with no weight and no
/// activation's slope in the product. That is the constant error flow of Hochreiter &
/// Schmidhuber 1997, kept adjustable by the forget gate of Gers, Schmidhuber & Cummins 2000;
/// beside it, the RNN's ∂L/∂h_t is multiplied by ReLU′(a_k)·w₂ per step (`GradientFlow`).
public struct LSTMGradientFlow: Equatable, Sendable {
  /// One timestep of the flow.
  public struct Step: Equatable, Sendable {
    public let t: Int
    /// ∂L/∂h_t arriving, and ∂L/∂c_t in all (what arrived from c_{t+1} plus what h_t sends).
    public let hiddenGradient: Double
    public let cellGradient: Double
    /// f_t = ∂c_t/∂c_{t−1}: what ∂L/∂c_t is multiplied by on its way to c_{t−1}.
    public let forget: Double
    /// ∏_{k=t+1…n} f_k = ∂c_n/∂c_t along the cell state (1 at t = n).
    public let forgetProduct: Double
  }

  /// t = n first, down to the last timestep BPTT reached.
  public let steps: [Step]
  /// The sequence length n.
  public let length: Int

  /// The flow of `pass`'s timesteps done so far.
  public init(_ pass: LSTMBackwardPass) {
    let records = pass.timesteps
    let products = runningProducts(records.map(\.forward.gates.f))
    steps = zip(records, products).map { r, product in
      Step(
        t: r.t, hiddenGradient: r.dh, cellGradient: r.dc, forget: r.forward.gates.f,
        forgetProduct: product)
    }
    length = pass.forward.count
  }
}

extension GradientFlow {
  /// For each step, t = n first: ∏_{k=t+1…n} ReLU′(a_k)·w₂ = ∂h_n/∂h_t (1 at t = n), the
  /// RNN's counterpart of `LSTMGradientFlow.Step.forgetProduct`.
  public var products: [Double] { runningProducts(steps.map(\.factor)) }
}

/// For factors f₁, f₂, …, f_m (one per timestep, t = n first): 1, f₁, f₁f₂, …, the product
/// of the factors before each, multiplied in that order: ∂(state at n)/∂(state at t) along
/// a chain whose one-step factors they are.
func runningProducts(_ factors: [Double]) -> [Double] {
  var product = 1.0
  return factors.map { factor in
    defer { product *= factor }
    return product
  }
}
