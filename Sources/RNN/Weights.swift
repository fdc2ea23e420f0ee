/// The name of one of the three weights of the article's network (§1.2, Figure 2).
public enum Weight: String, CaseIterable, Sendable, Codable {
  /// The input weight, W_xh in the article's comments.
  case w1
  /// The feedback weight, W_hh: how much of h_{t−1} enters h_t.
  case w2
  /// The output weight, W_hy: ŷ = h_n·w₃ (Eq. 2).
  case w3
}

/// One number for each of w₁, w₂ and w₃.
///
/// The same shape holds the weights themselves and their accumulated gradients
/// (the article's `w1.g`, `w2.g`, `w3.g`), so both are a `Weights`.
public struct Weights: Equatable, Hashable, Sendable, Codable {
  public var w1: Double
  public var w2: Double
  public var w3: Double

  public init(w1: Double, w2: Double, w3: Double) {
    self.w1 = w1
    self.w2 = w2
    self.w3 = w3
  }

  /// All three set to zero: gradients after `zero_grads`.
  public static let zero = Weights(w1: 0, w2: 0, w3: 0)

  /// The fixed weights of Part 1's pretrained model (1.8, −0.5, 1.1).
  public static let part1 = Weights(w1: 1.8, w2: -0.5, w3: 1.1)

  public subscript(name: Weight) -> Double {
    get {
      switch name {
      case .w1: w1
      case .w2: w2
      case .w3: w3
      }
    }
    set {
      switch name {
      case .w1: w1 = newValue
      case .w2: w2 = newValue
      case .w3: w3 = newValue
      }
    }
  }

  /// True when no weight is NaN or infinite.
  public var isFinite: Bool { w1.isFinite && w2.isFinite && w3.isFinite }
}

/// Accumulated gradients ∂L/∂w₁, ∂L/∂w₂, ∂L/∂w₃ — the article's `.g` attributes.
public typealias Gradients = Weights
