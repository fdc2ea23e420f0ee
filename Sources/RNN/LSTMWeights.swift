/// One of the LSTM's four gates, in the order PyTorch's `nn.LSTM` stacks their weights.
public enum LSTMGate: String, CaseIterable, Sendable, Codable {
  /// The input gate i_t = σ(…): how much of the candidate g_t enters the cell.
  case i
  /// The forget gate f_t = σ(…): how much of c_{t−1} the cell keeps (Gers, Schmidhuber &
  /// Cummins 2000).
  case f
  /// The candidate g_t = tanh(…): the value offered to the cell.
  case g
  /// The output gate o_t = σ(…): how much of tanh(c_t) leaves as h_t.
  case o

  /// The gate's three parameters.
  public var parameters: (wx: LSTMParameter, wh: LSTMParameter, b: LSTMParameter) {
    switch self {
    case .i: (.iWx, .iWh, .iB)
    case .f: (.fWx, .fWh, .fB)
    case .g: (.gWx, .gWh, .gB)
    case .o: (.oWx, .oWh, .oB)
    }
  }
}

/// The three numbers one gate owns: z = wx·x_t + wh·h_{t−1} + b, then σ(z) or tanh(z).
public struct LSTMGateWeights: Equatable, Hashable, Sendable, Codable {
  /// The input weight (PyTorch's W_i·, one entry of `weight_ih_l0`).
  public var wx: Double
  /// The recurrent weight (W_h·, one entry of `weight_hh_l0`).
  public var wh: Double
  /// The gate's one bias (PyTorch keeps two, b_i· + b_h·, whose sum is this).
  public var b: Double

  public init(wx: Double, wh: Double, b: Double) {
    self.wx = wx
    self.wh = wh
    self.b = b
  }

  public static let zero = LSTMGateWeights(wx: 0, wh: 0, b: 0)

  /// `ParameterSet.combine` for one gate's three, called `names`.
  @inlinable
  mutating func combine(
    with other: LSTMGateWeights, names: (wx: LSTMParameter, wh: LSTMParameter, b: LSTMParameter),
    _ body: (LSTMParameter, inout Double, Double) -> Void
  ) {
    body(names.wx, &wx, other.wx)
    body(names.wh, &wh, other.wh)
    body(names.b, &b, other.b)
  }
}

/// The name of one of the LSTM's 14 parameters, spelled as the shell spells it.
public enum LSTMParameter: String, CaseIterable, Sendable, Codable {
  case iWx = "i.wx"
  case iWh = "i.wh"
  case iB = "i.b"
  case fWx = "f.wx"
  case fWh = "f.wh"
  case fB = "f.b"
  case gWx = "g.wx"
  case gWh = "g.wh"
  case gB = "g.b"
  case oWx = "o.wx"
  case oWh = "o.wh"
  case oB = "o.b"
  /// The output weight: ŷ = wy·h_n + by.
  case wy
  /// The output bias.
  case by

  /// The gate this parameter belongs to; nil for `wy` and `by`.
  public var gate: LSTMGate? {
    switch self {
    case .iWx, .iWh, .iB: .i
    case .fWx, .fWh, .fB: .f
    case .gWx, .gWh, .gB: .g
    case .oWx, .oWh, .oB: .o
    case .wy, .by: nil
    }
  }

  /// Where the parameter sits among its gate's three; nil for `wy` and `by`.
  var placeInGate: WritableKeyPath<LSTMGateWeights, Double>? {
    switch self {
    case .iWx, .fWx, .gWx, .oWx: \.wx
    case .iWh, .fWh, .gWh, .oWh: \.wh
    case .iB, .fB, .gB, .oB: \.b
    case .wy, .by: nil
    }
  }
}

/// The 14 parameters of a scalar LSTM (one input, hidden size 1) with a linear read-out.
///
/// The same shape holds the parameters and their accumulated gradients (`f.wh.g`, …), as
/// `Weights` does for the RNN.
public struct LSTMWeights: Equatable, Hashable, Sendable, Codable {
  public var i: LSTMGateWeights
  public var f: LSTMGateWeights
  public var g: LSTMGateWeights
  public var o: LSTMGateWeights
  public var wy: Double
  public var by: Double

  public init(
    i: LSTMGateWeights, f: LSTMGateWeights, g: LSTMGateWeights, o: LSTMGateWeights,
    wy: Double, by: Double
  ) {
    self.i = i
    self.f = f
    self.g = g
    self.o = o
    self.wy = wy
    self.by = by
  }

  /// Every parameter 0: gradients after `zero`.
  public static let zero = LSTMWeights(i: .zero, f: .zero, g: .zero, o: .zero, wy: 0, by: 0)

  /// Round parameters whose 2-step example (x = (1, 0.5), y = 1) is worked by hand in
  /// Tests/RNNTests/LSTMHandDerivedTests.swift: a start for learners, tests and the bench.
  public static let worked = LSTMWeights(
    i: LSTMGateWeights(wx: 1, wh: 0.5, b: 0),
    f: LSTMGateWeights(wx: 0.5, wh: -0.5, b: 1),
    g: LSTMGateWeights(wx: 1, wh: 1, b: 0),
    o: LSTMGateWeights(wx: 0.5, wh: 0.5, b: 0),
    wy: 2, by: 0.5)

  /// One gate's three parameters.
  public subscript(gate: LSTMGate) -> LSTMGateWeights {
    get { self[keyPath: gate.keyPath] }
    set { self[keyPath: gate.keyPath] = newValue }
  }
}

extension LSTMWeights: ParameterSet {
  /// Any of the 14, by name.
  public subscript(name: LSTMParameter) -> Double {
    get {
      guard let gate = name.gate, let place = name.placeInGate else { return name == .wy ? wy : by }
      return self[gate][keyPath: place]
    }
    set {
      if let gate = name.gate, let place = name.placeInGate {
        self[gate][keyPath: place] = newValue
      } else if name == .wy {
        wy = newValue
      } else {
        by = newValue
      }
    }
  }

  @inlinable
  public mutating func combine(
    with other: LSTMWeights, _ body: (LSTMParameter, inout Double, Double) -> Void
  ) {
    i.combine(with: other.i, names: LSTMGate.i.parameters, body)
    f.combine(with: other.f, names: LSTMGate.f.parameters, body)
    g.combine(with: other.g, names: LSTMGate.g.parameters, body)
    o.combine(with: other.o, names: LSTMGate.o.parameters, body)
    body(.wy, &wy, other.wy)
    body(.by, &by, other.by)
  }
}

extension LSTMGate {
  /// Where the gate's three are kept in `LSTMWeights`.
  var keyPath: WritableKeyPath<LSTMWeights, LSTMGateWeights> {
    switch self {
    case .i: \.i
    case .f: \.f
    case .g: \.g
    case .o: \.o
    }
  }
}

/// Accumulated gradients ∂L/∂(each of the 14 parameters), until zeroed.
public typealias LSTMGradients = LSTMWeights
