/// One number per gate: the gates' values, their pre-activations, their local derivatives
/// or the gradients that reach them.
public struct LSTMGateValues: Equatable, Hashable, Sendable {
  public var i: Double
  public var f: Double
  public var g: Double
  public var o: Double

  @inlinable
  public init(i: Double, f: Double, g: Double, o: Double) {
    self.i = i
    self.f = f
    self.g = g
    self.o = o
  }

  public static let zero = LSTMGateValues(i: 0, f: 0, g: 0, o: 0)

  public subscript(gate: LSTMGate) -> Double {
    switch gate {
    case .i: i
    case .f: f
    case .g: g
    case .o: o
    }
  }
}

/// What BPTT's step through one LSTM timestep computes from ∂L/∂h_t and ∂L/∂c_t.
public struct LSTMCellGradients: Equatable, Sendable {
  /// ∂L/∂c_t in all: what arrived from c_{t+1} plus what h_t = o_t·tanh(c_t) sends.
  public var dc: Double
  /// ∂L/∂(each gate's value): ∂L/∂i_t = ∂L/∂c_t·g_t, ∂L/∂f_t = ∂L/∂c_t·c_{t−1},
  /// ∂L/∂g_t = ∂L/∂c_t·i_t, ∂L/∂o_t = ∂L/∂h_t·tanh(c_t).
  public var dGate: LSTMGateValues
  /// ∂L/∂(each gate's pre-activation z): ∂L/∂gate times the gate's local derivative.
  public var dz: LSTMGateValues
  /// ∂L/∂h_{t−1} = Σ over gates of ∂L/∂z·wh.
  public var dhPrevious: Double
  /// ∂L/∂c_{t−1} = ∂L/∂c_t·f_t: the path along which the LSTM remembers.
  public var dcPrevious: Double

  @inlinable
  public init(
    dc: Double, dGate: LSTMGateValues, dz: LSTMGateValues, dhPrevious: Double, dcPrevious: Double
  ) {
    self.dc = dc
    self.dGate = dGate
    self.dz = dz
    self.dhPrevious = dhPrevious
    self.dcPrevious = dcPrevious
  }
}

/// The scalar LSTM's equations, each written once beside the local derivative that BPTT
/// pushes back through it, shared by stepping, training and checking (as `Cell` is for the
/// RNN).
///
/// The cell is the long short-term memory of Hochreiter & Schmidhuber ("Long Short-Term
/// Memory", Neural Computation 9(8), 1997) with the forget gate of Gers, Schmidhuber &
/// Cummins ("Learning to Forget: Continual Prediction with LSTM", Neural Computation 12(10),
/// 2000), in the form PyTorch documents for `nn.LSTM`, here with one input, hidden size 1
/// and one bias per gate:
///
///     i_t = σ(wx_i·x_t + wh_i·h_{t−1} + b_i)      input gate
///     f_t = σ(wx_f·x_t + wh_f·h_{t−1} + b_f)      forget gate
///     g_t = tanh(wx_g·x_t + wh_g·h_{t−1} + b_g)   candidate
///     o_t = σ(wx_o·x_t + wh_o·h_{t−1} + b_o)      output gate
///     c_t = f_t·c_{t−1} + i_t·g_t
///     h_t = o_t·tanh(c_t)
///     ŷ   = wy·h_n + by,   L = ½(y − ŷ)²  (the article's Eq. 1)
///
/// with h_0 = c_0 = 0.
public enum LSTMCell {
  // MARK: The gates, and their local derivatives

  /// A gate's pre-activation z = wx·x_t + wh·h_{t−1} + b.
  @inlinable
  public static func preactivation(_ w: LSTMGateWeights, x: Double, hPrevious: Double) -> Double {
    w.wx * x + w.wh * hPrevious + w.b
  }

  /// The logistic sigmoid σ(z) = 1/(1 + e^{−z}), which squashes i, f and o into (0, 1).
  public static func sigmoid(_ z: Double) -> Double { Elementary.sigmoid(z) }

  /// σ′(z) = σ(z)·(1 − σ(z)), written in terms of the gate's value s = σ(z).
  @inlinable
  public static func sigmoidPrime(value s: Double) -> Double { s * (1 - s) }

  /// tanh(z), which squashes the candidate g into (−1, 1) and the cell state on its way out.
  public static func tanh(_ z: Double) -> Double { Elementary.tanh(z) }

  /// tanh′(z) = 1 − tanh²(z), written in terms of the value t = tanh(z).
  @inlinable
  public static func tanhPrime(value t: Double) -> Double { 1 - t * t }

  /// The gate's activation of z: tanh for the candidate g, σ for i, f and o.
  public static func activation(_ gate: LSTMGate, _ z: Double) -> Double {
    gate == .g ? tanh(z) : sigmoid(z)
  }

  /// The local derivative ∂gate/∂z, from the gate's value: tanh′ for g, σ′ for i, f and o.
  @inlinable
  public static func activationPrime(_ gate: LSTMGate, value: Double) -> Double {
    gate == .g ? tanhPrime(value: value) : sigmoidPrime(value: value)
  }

  /// All four gates of one timestep: their pre-activations and values.
  public static func gates(_ w: LSTMWeights, x: Double, hPrevious: Double)
    -> (z: LSTMGateValues, value: LSTMGateValues)
  {
    let z = LSTMGateValues(
      i: preactivation(w.i, x: x, hPrevious: hPrevious),
      f: preactivation(w.f, x: x, hPrevious: hPrevious),
      g: preactivation(w.g, x: x, hPrevious: hPrevious),
      o: preactivation(w.o, x: x, hPrevious: hPrevious))
    let value = LSTMGateValues(i: sigmoid(z.i), f: sigmoid(z.f), g: tanh(z.g), o: sigmoid(z.o))
    return (z, value)
  }

  /// The four local derivatives ∂gate/∂z from the gates' values.
  @inlinable
  public static func localDerivatives(_ gates: LSTMGateValues) -> LSTMGateValues {
    LSTMGateValues(
      i: sigmoidPrime(value: gates.i), f: sigmoidPrime(value: gates.f),
      g: tanhPrime(value: gates.g), o: sigmoidPrime(value: gates.o))
  }

  // MARK: The cell state and the hidden state, and their derivatives

  /// c_t = f_t·c_{t−1} + i_t·g_t: keep a share f_t of the old cell, write i_t of the candidate.
  ///
  /// ∂c_t/∂f_t = c_{t−1}, ∂c_t/∂i_t = g_t, ∂c_t/∂g_t = i_t, ∂c_t/∂c_{t−1} = f_t.
  @inlinable
  public static func cellState(_ gates: LSTMGateValues, cPrevious: Double) -> Double {
    gates.f * cPrevious + gates.i * gates.g
  }

  /// h_t = o_t·tanh(c_t), given tanh(c_t).
  ///
  /// ∂h_t/∂o_t = tanh(c_t), ∂h_t/∂c_t = o_t·(1 − tanh²(c_t)).
  @inlinable
  public static func hidden(o: Double, tanhC: Double) -> Double { o * tanhC }

  /// One BPTT timestep through the cell, from ∂L/∂h_t and the ∂L/∂c_t that arrives from
  /// c_{t+1} (0 at t = n), back to the gates, their pre-activations, h_{t−1} and c_{t−1}.
  ///
  /// Each line is one equation above read backwards through its local derivative:
  /// ∂L/∂o = ∂L/∂h·tanh(c); ∂L/∂c = arriving + ∂L/∂h·o·(1 − tanh²c); ∂L/∂i = ∂L/∂c·g;
  /// ∂L/∂g = ∂L/∂c·i; ∂L/∂f = ∂L/∂c·c_{t−1}; ∂L/∂z = ∂L/∂gate·∂gate/∂z;
  /// ∂L/∂h_{t−1} = Σ ∂L/∂z·wh; ∂L/∂c_{t−1} = ∂L/∂c·f.
  @inlinable
  public static func backStep(
    dh: Double, dcArriving: Double, gates: LSTMGateValues, tanhC: Double, cPrevious: Double,
    weights w: LSTMWeights
  ) -> LSTMCellGradients {
    let dc = dcArriving + dh * gates.o * tanhPrime(value: tanhC)
    let dGate = LSTMGateValues(i: dc * gates.g, f: dc * cPrevious, g: dc * gates.i, o: dh * tanhC)
    let local = localDerivatives(gates)
    let dz = LSTMGateValues(
      i: dGate.i * local.i, f: dGate.f * local.f, g: dGate.g * local.g, o: dGate.o * local.o)
    let dhPrevious = dz.i * w.i.wh + dz.f * w.f.wh + dz.g * w.g.wh + dz.o * w.o.wh
    return LSTMCellGradients(
      dc: dc, dGate: dGate, dz: dz, dhPrevious: dhPrevious, dcPrevious: dc * gates.f)
  }

  // MARK: The output, and its derivatives

  /// ŷ = wy·h_n + by.
  @inlinable
  public static func output(wy: Double, by: Double, h: Double) -> Double { wy * h + by }

  /// The first BPTT step: from ∂L/∂ŷ (Eq. 4 corrected, ŷ − y) to the output's terms
  /// ∂L/∂wy = h_n·∂L/∂ŷ and ∂L/∂by = ∂L/∂ŷ, and to ∂L/∂h_n = wy·∂L/∂ŷ.
  @inlinable
  public static func outputBackStep(wy: Double, h: Double, lossGradient g: Double)
    -> (wyTerm: Double, byTerm: Double, dh: Double)
  {
    (h * g, g, wy * g)
  }
}

extension LSTMWeights {
  /// Adds one timestep's parameter terms: for each gate, ∂L/∂z·x_t to wx, ∂L/∂z·h_{t−1} to
  /// wh and ∂L/∂z to b (∂z/∂wx = x_t, ∂z/∂wh = h_{t−1}, ∂z/∂b = 1).
  @inlinable
  public mutating func addGateTerms(dz: LSTMGateValues, x: Double, hPrevious: Double) {
    i.addTerms(dz: dz.i, x: x, hPrevious: hPrevious)
    f.addTerms(dz: dz.f, x: x, hPrevious: hPrevious)
    g.addTerms(dz: dz.g, x: x, hPrevious: hPrevious)
    o.addTerms(dz: dz.o, x: x, hPrevious: hPrevious)
  }
}

extension LSTMGateWeights {
  /// One gate's terms: ∂L/∂z·x_t to wx, ∂L/∂z·h_{t−1} to wh, ∂L/∂z to b.
  @inlinable
  mutating func addTerms(dz: Double, x: Double, hPrevious: Double) {
    wx += dz * x
    wh += dz * hPrevious
    b += dz
  }
}
