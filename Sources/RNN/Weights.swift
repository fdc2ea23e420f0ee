/// The name of one of the three weights of the article's network (§1.2, Figure 2).
public enum Weight: String, CaseIterable, Sendable, Codable {
  /// The input weight, W_xh in the article's comments.
  case w1
  /// The feedback weight, W_hh: how much of h_{t−1} enters h_t.
  case w2
  /// The output weight, W_hy: ŷ = h_n·w₃ (Eq. 2).
  case w3
}

/// One of the generalised cell's two biases (beyond the article, whose Part 2 has none).
public enum Bias: String, CaseIterable, Sendable, Codable {
  /// The hidden bias inside Eq. 3: a_t = w₁·x_t + w₂·h_{t−1} + b. Part 1's class had one.
  case b
  /// The output bias in Eq. 2: ŷ = w₃·h_n + c.
  case c
}

/// Any of the generalised cell's five parameters: the three weights and the two biases.
public enum Parameter: String, CaseIterable, Sendable, Codable {
  case w1, w2, w3, b, c

  public init(_ weight: Weight) { self.init(rawValue: weight.rawValue)! }
  public init(_ bias: Bias) { self.init(rawValue: bias.rawValue)! }
}

/// One number for each of w₁, w₂ and w₃, and for the generalised cell's biases b and c.
///
/// The same shape holds the weights themselves and their accumulated gradients
/// (the article's `w1.g`, `w2.g`, `w3.g`, and `b.g`, `c.g`), so both are a `Weights`. The
/// biases are 0 for the article's model.
public struct Weights: Equatable, Hashable, Sendable, Codable {
  public var w1: Double
  public var w2: Double
  public var w3: Double
  /// The hidden bias b (Eq. 3 with a bias) and the output bias c (Eq. 2 with a bias).
  public var b: Double
  public var c: Double

  public init(w1: Double, w2: Double, w3: Double, b: Double = 0, c: Double = 0) {
    self.w1 = w1
    self.w2 = w2
    self.w3 = w3
    self.b = b
    self.c = c
  }

  /// All three set to zero: gradients after `zero_grads`.
  public static let zero = Weights(w1: 0, w2: 0, w3: 0)

  /// The fixed weights of Part 1's pretrained model (1.8, −0.5, 1.1).
  public static let part1 = Weights(w1: 1.8, w2: -0.5, w3: 1.1)

  /// w₁, w₂ or w₃.
  public subscript(name: Weight) -> Double {
    get { self[Parameter(name)] }
    set { self[Parameter(name)] = newValue }
  }

  /// b or c.
  public subscript(bias: Bias) -> Double {
    get { self[Parameter(bias)] }
    set { self[Parameter(bias)] = newValue }
  }
}

extension Weights: ParameterSet {
  /// Any of the five, by name.
  public subscript(parameter: Parameter) -> Double {
    get { self[keyPath: parameter.keyPath] }
    set { self[keyPath: parameter.keyPath] = newValue }
  }

  @inlinable
  public mutating func combine(
    with other: Weights, _ body: (Parameter, inout Double, Double) -> Void
  ) {
    body(.w1, &w1, other.w1)
    body(.w2, &w2, other.w2)
    body(.w3, &w3, other.w3)
    body(.b, &b, other.b)
    body(.c, &c, other.c)
  }
}

extension Parameter {
  /// True for b and c, which only the generalised cell has and which train only with
  /// `trainsBiases`.
  @inlinable
  public var isBias: Bool {
    switch self {
    case .w1, .w2, .w3: false
    case .b, .c: true
    }
  }

  /// Where the parameter is kept in `Weights`.
  var keyPath: WritableKeyPath<Weights, Double> {
    switch self {
    case .w1: \.w1
    case .w2: \.w2
    case .w3: \.w3
    case .b: \.b
    case .c: \.c
    }
  }
}

/// Accumulated gradients ∂L/∂w₁, ∂L/∂w₂, ∂L/∂w₃ — the article's `.g` attributes.
public typealias Gradients = Weights
