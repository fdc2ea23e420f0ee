/// Which of the article's two models runs.
public enum Architecture: String, CaseIterable, Sendable, Codable {
  /// Part 1's pretrained model, the code that opens the article: |·| as the activation and
  /// the output rounded to one decimal. It has fixed weights and is never trained.
  case part1
  /// Part 2's `MiniRnn`: Eq. 1–3, trained with BPTT.
  case part2

  /// The activation this model applies to a_t.
  public var activation: Activation {
    switch self {
    case .part1: .absoluteValue
    case .part2: .relu
    }
  }
}

/// The non-linearity φ applied to the pre-activation a_t: h_t = φ(a_t).
///
/// The article's Part 2 uses ReLU (Eq. 3) and Part 1's code uses abs; tanh (the classic
/// Elman cell's squashing function) and the identity are beyond the article, for the
/// experiments after §4.
public enum Activation: String, CaseIterable, Sendable, Codable {
  /// ReLU (§2.4), Eq. 3.
  case relu
  /// Part 1's activation: its code calls the variable `relu` but computes `abs` (erratum 7).
  case absoluteValue
  /// tanh, which squashes a_t into (−1, 1). Beyond the article.
  case tanh
  /// φ(a) = a: a linear recurrence. Beyond the article.
  case identity

  /// φ(a).
  @inlinable
  public func callAsFunction(_ a: Double) -> Double {
    switch self {
    case .relu: Cell.relu(a)
    case .absoluteValue: abs(a)
    case .tanh: Elementary.tanh(a)
    case .identity: a
    }
  }

  /// φ′ at a_t, given h_t = φ(a_t): ReLU′(a) (§2.4); sign(a) for abs (0 at the kink, as
  /// PyTorch's `abs` backward gives); 1 − h² for tanh, computed from the output as PyTorch's
  /// `tanh` backward does; 1 for the identity.
  @inlinable
  public func derivative(preactivation a: Double, output h: Double) -> Double {
    switch self {
    case .relu: Cell.reluPrime(a)
    case .absoluteValue: a > 0 ? 1 : (a < 0 ? -1 : 0)
    case .tanh: 1 - h * h
    case .identity: 1
    }
  }

  /// The symbol used in equations: `ReLU`, `abs`, `tanh`, `id`.
  public var symbol: String {
    switch self {
    case .relu: "ReLU"
    case .absoluteValue: "abs"
    case .tanh: "tanh"
    case .identity: "id"
    }
  }

  /// The word the shell's `activation` command takes: relu, tanh, abs, identity.
  public var word: String {
    switch self {
    case .absoluteValue: "abs"
    default: rawValue
    }
  }

  /// The activation the shell calls `word`, if any.
  public init?(word: String) {
    guard let a = Self.allCases.first(where: { $0.word == word }) else { return nil }
    self = a
  }

  /// True when φ has a kink at 0 (ReLU, abs), where finite differences straddle two slopes.
  public var hasKink: Bool { self == .relu || self == .absoluteValue }
}

/// Whether Part 2 follows the correct math or the article's code exactly as printed.
public enum Mode: String, CaseIterable, Sendable, Codable {
  /// The math of Eq. 1–3 and §2, correctly derived: every weight trains.
  case exact
  /// The printed code, bugs included: ∂L/∂w₃ goes to a stray attribute `w3g`, so w₃ never
  /// trains, and the loss shown is the printed `mse`, ¼·(ŷ − y)².
  case article
  /// The math exactly as the article's equations print it, not as its code computes it:
  /// Eq. 4's y − ŷ (erratum 3), §2.5's ∂ŷ/∂h_n = w₂ (erratum 4) and its ∂h_t/∂h_{t−1} =
  /// ReLU′(h_{t−1})·w₂ (erratum 5). Beyond the article: it shows the errata at work, and
  /// training with it climbs the loss instead of descending it.
  case text

  /// The loss this mode reports: Eq. 1 in exact and text mode (the text prints Eq. 1
  /// right), the printed `mse` in article mode.
  @inlinable
  public func loss(prediction: Double, target: Double) -> Double {
    switch self {
    case .exact, .text: Cell.loss(prediction: prediction, target: target)
    case .article: Cell.lossAsPrinted(prediction: prediction, target: target)
    }
  }

  /// Whether `backward` adds ∂L/∂w₃ to w₃'s gradient (false in article mode: erratum 1).
  @inlinable
  public var accumulatesW3Gradient: Bool { self != .article }

  /// True when BPTT follows the equations as printed (errata 3, 4 and 5).
  @inlinable
  public var followsPrintedEquations: Bool { self == .text }
}
