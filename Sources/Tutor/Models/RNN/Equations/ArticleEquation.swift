import RNN

/// The equations `eq` replays: Eq. 1–4 and the named derivatives of §2.2–2.6, in the
/// article's order.
enum ArticleEquation: String, CaseIterable, Sendable {
  /// Eq. 1 (§1.1): the loss.
  case loss = "1"
  /// Eq. 2 (§1.2): the output.
  case output = "2"
  /// Eq. 3 (§1.3): the hidden state.
  case hiddenState = "3"
  /// Eq. 4 (§2.1): the loss's derivative.
  case lossGradient = "4"
  /// §2.2: ∂ŷ/∂w₃.
  case outputWeight = "2.2"
  /// §2.3: ∂h_t/∂w₁ and ∂h_t/∂w₂.
  case hiddenWeights = "2.3"
  /// §2.4: ReLU and ReLU′.
  case relu = "2.4"
  /// §2.5: ∂ŷ/∂h_t, back through time.
  case throughTime = "2.5"
  /// §2.6: the sums over every timestep.
  case allTogether = "2.6"

  /// The names `eq` accepts for this equation: its own, and the section an equation sits in
  /// (`eq 1.3` is `eq 3`, `eq 2.1` is `eq 4`).
  var names: [String] {
    switch self {
    case .loss: ["1", "1.1"]
    case .output: ["2", "1.2"]
    case .hiddenState: ["3", "1.3"]
    case .lossGradient: ["4", "2.1"]
    default: [rawValue]
    }
  }

  /// The equation named `name`, if any.
  static func named(_ name: String) -> ArticleEquation? {
    allCases.first { $0.names.contains(name) }
  }

  /// Where it is in the article: `Eq. 3, §1.3` or `§2.5`.
  var place: String {
    switch self {
    case .loss: "Eq. 1, §1.1"
    case .output: "Eq. 2, §1.2"
    case .hiddenState: "Eq. 3, §1.3"
    case .lossGradient: "Eq. 4, §2.1"
    default: "§" + rawValue
    }
  }

  /// What it is about, in a few words.
  var topic: String {
    switch self {
    case .loss: "the loss"
    case .output: "the output"
    case .hiddenState: "the hidden state"
    case .lossGradient: "the loss's derivative"
    case .outputWeight: "the output weight's derivative"
    case .hiddenWeights: "the hidden state's derivatives by w1 and w2"
    case .relu: "ReLU and its derivative"
    case .throughTime: "the gradient through time"
    case .allTogether: "every path at once: the sums over t"
    }
  }

  /// The type that writes this equation.
  var equation: any Equation.Type {
    switch self {
    case .loss: LossEquation.self
    case .output: OutputEquation.self
    case .hiddenState: HiddenStateEquation.self
    case .lossGradient: LossGradientEquation.self
    case .outputWeight: OutputWeightEquation.self
    case .hiddenWeights: HiddenWeightsEquation.self
    case .relu: ReluEquation.self
    case .throughTime: ThroughTimeEquation.self
    case .allTogether: AllTogetherEquation.self
    }
  }

  /// The equation in the article's own form, corrected where the article errs (the `eq`
  /// screen shows the printed form too).
  func formula(_ n: Notation) -> String { equation.init(n: n).symbolic }
}
