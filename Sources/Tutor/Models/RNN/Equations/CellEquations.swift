import RNN

/// Which cell the equations are written for: the article's, or the generalised scalar cell
/// (beyond the article) with its activation φ and, when it has them, the biases b and c.
struct CellForm: Equatable {
  let activation: Activation
  /// True when the equations carry `+ b` and `+ c` (a bias is not 0, or the biases train).
  let hasBiases: Bool
  let b: Double
  let c: Double
  /// True when this is not the article's own cell (`MiniRnn.isArticleCell`).
  let isBeyondTheArticle: Bool
  /// `train bias on`.
  let trainsBiases: Bool

  /// The article's cell: ReLU, no biases.
  static let article = CellForm(
    activation: .relu, hasBiases: false, b: 0, c: 0, isBeyondTheArticle: false,
    trainsBiases: false)

  init(
    activation: Activation, hasBiases: Bool, b: Double, c: Double, isBeyondTheArticle: Bool,
    trainsBiases: Bool
  ) {
    self.activation = activation
    self.hasBiases = hasBiases
    self.b = b
    self.c = c
    self.isBeyondTheArticle = isBeyondTheArticle
    self.trainsBiases = trainsBiases
  }

  /// The form of `model`'s cell.
  init(_ model: MiniRnn) {
    let w = model.weights
    self.init(
      activation: model.cellActivation,
      hasBiases: model.architecture == .part2 && (w.b != 0 || w.c != 0 || model.trainsBiases),
      b: w.b, c: w.c, isBeyondTheArticle: !model.isArticleCell, trainsBiases: model.trainsBiases)
  }
}

/// The generalised scalar cell's two equations, beyond the article: Eq. 3 with φ and the
/// hidden bias, h_t = φ(w₁·x_t + w₂·h_{t−1} + b), and Eq. 2 with the output bias,
/// ŷ = w₃·h_n + c. For the article's cell they are Eq. 3 and Eq. 2 as printed.
struct CellEquation {
  let n: Notation

  /// `hₜ = tanh(w₁·xₜ + w₂·hₜ₋₁ + b)`.
  var symbolic: String {
    "\(n.h("t")) = \(n.cell.activation.symbol)(\(HiddenStateEquation(n: n).codeOrder)\(n.cell.hasBiases ? " + b" : ""))"
  }

  /// `ŷ = w₃·hₙ + c`.
  var outputSymbolic: String {
    "\(n.yhat) = \(n.w(3))\(n.times)\(n.h("n"))\(n.cell.hasBiases ? " + c" : "")"
  }

  /// The hidden equation with the live bias: `hₜ = tanh(w₁·xₜ + w₂·hₜ₋₁ + b) with b = 0.1`.
  var hidden: String {
    symbolic + (n.cell.hasBiases ? " with b = \(n.value(n.cell.b))" : "")
  }

  /// The output equation with the live bias: `ŷ = w₃·hₙ + c with c = 0`.
  var output: String {
    outputSymbolic + (n.cell.hasBiases ? " with c = \(n.value(n.cell.c))" : "")
  }

  /// What is beyond the article, and whether the biases train.
  var beyondNote: String {
    var parts: [String] = []
    if n.cell.activation != .relu { parts.append("\(n.cell.activation.word) for ReLU") }
    if n.cell.hasBiases {
      parts.append(
        n.cell.trainsBiases ? "biases trained" : "biases fixed ('train bias on' trains them)")
    }
    return "(beyond the article: " + parts.joined(separator: ", ") + ")"
  }

  /// One line for screens of the generalised cell: `cell: hₜ = tanh(…) with b = 0.1,
  /// ŷ = w₃·hₙ + c with c = 0 (beyond the article: …)`, or nil for the article's cell.
  var caption: String? {
    guard n.cell.isBeyondTheArticle else { return nil }
    return "cell: \(hidden), \(output) \(beyondNote)"
  }

  /// φ and φ′ in words, for `eq 2.4` of the generalised cell.
  var derivativeSymbolic: String {
    let p = n.prime
    switch n.cell.activation {
    case .relu: return ReluEquation(n: n).symbolic
    case .absoluteValue:
      return "abs(a) = |a|; abs\(p)(a) = 1 if a > 0, \(n.minus)1 if a < 0, 0 at 0"
    case .tanh:
      return "tanh\(p)(a) = 1 \(n.minus) tanh(a)\(n.squared) = 1 \(n.minus) \(n.h("t"))\(n.squared)"
    case .identity: return "id(a) = a; id\(p)(a) = 1"
    }
  }

  /// b's term at one timestep: `b term = tmp·1 = 0.25   b.g = 0.25    (beyond the article)`.
  func bTerm(_ r: TimestepGradientStep) -> String {
    "b term = tmp\(n.times)1 = \(n.value(r.bTerm))   b.g = \(n.value(r.bSum))"
      + Self.biasNote(applied: r.bTermApplied)
  }

  /// c's term: `c term = ∂L/∂ŷ·1 = 0.5   c.g = 0.5    (beyond the article)`.
  /// With `every` (a loss at every step) ∂L/∂ŷ carries the record's timestep: ∂L/∂ŷₜ.
  func cTerm(_ r: OutputGradientStep, every: Bool = false) -> String {
    "c term = \(n.dL(every ? n.yhat + n.sub(r.t) : n.yhat))\(n.times)1 = \(n.value(r.cTerm))   c.g = \(n.value(r.cSum))"
      + Self.biasNote(applied: r.biasTermsApplied)
  }

  /// What follows a bias's term: one note, short enough for 80 columns.
  static func biasNote(applied: Bool) -> String {
    "    (beyond the article)"
      + (applied ? "" : "\n    (not added to the gradient: 'train bias on' trains b and c)")
  }
}
