import RNN

// The derivatives of §2, each once: Eq. 4, §2.2's output weight, §2.3's local derivatives,
// §2.4's ReLU′, §2.5's recursion through time and the printed loop's four lines, §2.6's sums.
// Each gives its symbolic form, its form as printed (with the erratum) where the article
// errs, and its form with the numbers of a record the engine produced.

/// Eq. 4 (§2.1): ∂L/∂ŷ = ŷ − y; the article prints y − ŷ (erratum 3).
struct LossGradientEquation {
  let n: Notation

  static let printedErratum = 3

  /// The corrected form: `∂L/∂ŷ = ŷ − y`.
  var symbolic: String { "\(n.dL(n.yhat)) = \(difference)" }
  /// The article's derivation as printed: `∂L/∂ŷ = 2·½·(y − ŷ) = y − ŷ`.
  var asPrinted: String {
    "\(n.dL(n.yhat)) = 2\(n.times)\(n.half)\(n.times)(\(printedDifference)) = \(printedDifference)"
  }

  private var difference: String { "\(n.yhat) \(n.minus) y" }
  private var printedDifference: String { "y \(n.minus) \(n.yhat)" }

  /// `ŷ − y = 0.99 − 1 = −0.01`.
  func substitution(prediction yhat: Double, target y: Double) -> String {
    let g = Cell.lossGradient(prediction: yhat, target: y)
    return n.substituted({ $0 }, (n.yhat, yhat), minus: ("y", y), equals: g)
  }

  /// As printed, with the numbers: `y − ŷ = 1 − 0.99 = 0.01`.
  func printedSubstitution(prediction yhat: Double, target y: Double) -> String {
    let g = Cell.lossGradientAsPrinted(prediction: yhat, target: y)
    return n.substituted({ $0 }, ("y", y), minus: (n.yhat, yhat), equals: g)
  }

  /// `∂L/∂ŷ = ŷ − y = 0.99 − 1 = −0.01`, or with `printed` (mode text) `∂L/∂ŷ = y − ŷ = …`.
  func substituted(_ r: OutputGradientStep, printed: Bool = false) -> String {
    printed
      ? "\(n.dL(n.yhat)) = \(printedSubstitution(prediction: r.prediction, target: r.target))"
      : "\(n.dL(n.yhat)) = \(substitution(prediction: r.prediction, target: r.target))"
  }

  /// What follows the substituted form on a screen: which form it is.
  static func note(printed: Bool) -> String {
    printed
      ? "Eq. 4 as printed: the sign is wrong (erratum \(printedErratum))"
      : "Eq. 4, sign corrected (erratum \(printedErratum))"
  }
}

/// §2.2: ∂ŷ/∂w₃ = h_n, so w₃'s one term is h_n·∂L/∂ŷ.
struct OutputWeightEquation {
  let n: Notation

  /// `∂ŷₜ/∂w₃ = hₜ`.
  var symbolic: String {
    let t = n.sub("t")
    return "\(n.derivative(n.yhat + t, n.w(3))) = h\(t)"
  }

  /// The chain rule for w₃: `∂L/∂w₃ = ∂L/∂ŷ·∂ŷ/∂w₃`.
  var chainRule: String {
    "\(n.dL(n.w(3))) = \(n.dL(n.yhat))\(n.times)\(n.derivative(n.yhat, n.w(3)))"
  }

  /// `∂ŷ/∂w₃ = h₂ = 0.9`, from a complete forward pass.
  func factor(_ pass: ForwardPass) -> String {
    let last = pass.count
    return "\(n.derivative(n.yhat, n.w(3))) = \(n.h(last)) = \(n.value(pass.hidden[last]))"
  }

  /// `w₃ term = h₂·∂L/∂ŷ = 0.9·(−0.01) = −0.009`; with `every` (a loss at every step, beyond
  /// the article) ŷ carries the timestep: `h₂·∂L/∂ŷ₂`.
  func term(_ r: OutputGradientStep, length: Int, every: Bool = false) -> String {
    "\(n.w(3)) term = \(n.h(length))\(n.times)\(n.dL(every ? n.yhat + n.sub(r.t) : n.yhat)) = \(n.value(r.hn, parenthesized: true))\(n.times)\(n.value(r.lossGradient, parenthesized: true)) = \(n.value(r.w3Term))"
  }

  /// `(−0.01)·0.9 = −0.009`: ∂L/∂ŷ times ∂ŷ/∂w₃.
  func product(_ r: OutputGradientStep) -> String {
    "\(n.value(r.lossGradient, parenthesized: true))\(n.times)\(n.value(r.hn, parenthesized: true)) = \(n.value(r.w3Term))"
  }

  /// Why w₃'s gradient did not change in article mode (erratum 1).
  func lostTerm(_ r: OutputGradientStep) -> String {
    "stored in w3g, not w3.g (erratum 1): \(n.w(3)).g stays \(n.value(r.w3Sum))"
  }
}

/// §2.3: ∂h_t/∂w₁ = ReLU′(a_t)·x_t and ∂h_t/∂w₂ = ReLU′(a_t)·h_{t−1}.
struct HiddenWeightsEquation {
  let n: Notation

  /// As the article writes them, ReLU′ at h_t (the same number: see `eq 2.3`).
  var symbolic: String {
    let t = n.sub("t")
    return
      "\(n.derivative("h" + t, n.w(1))) = ReLU\(n.prime)(h\(t))\(n.times)x\(t); \(n.derivative("h" + t, n.w(2))) = ReLU\(n.prime)(h\(t))\(n.times)h\(n.sub("t-1"))"
  }

  /// `ReLU′(aₜ)`.
  func reluPrime(_ t: String) -> String { "\(n.phi)\(n.prime)(\(n.a(t)))" }
  func reluPrime(_ t: Int) -> String { "\(n.phi)\(n.prime)(\(n.a(t)))" }

  /// The factor a weight's local derivative multiplies ReLU′ by: x_t for w₁, h_{t−1} for w₂.
  func factor(_ weight: Weight) -> String { weight == .w1 ? n.x("t") : n.h("t-1") }

  /// `∂hₜ/∂w₁`.
  func symbol(_ weight: Weight) -> String { n.derivative(n.h("t"), n.w(weight.index)) }

  /// `∂hₜ/∂w₁ = ReLU′(aₜ)·xₜ`.
  func corrected(_ weight: Weight) -> String {
    "\(symbol(weight)) = \(reluPrime("t"))\(n.times)\(factor(weight))"
  }

  /// Both derivatives of step t with its numbers.
  func substituted(_ r: ForwardStep) -> String {
    let t = r.t
    let rp = reluPrime(t)
    return
      "\(n.derivative(n.h(t), n.w(1))) = \(rp)\(n.times)\(n.x(t)) = \(n.value(r.reluPrime))\(n.times)\(n.value(r.x, parenthesized: true)) = \(n.value(r.hiddenByW1))    \(n.derivative(n.h(t), n.w(2))) = \(rp)\(n.times)\(n.h(t - 1)) = \(n.value(r.reluPrime))\(n.times)\(n.value(r.hPrevious, parenthesized: true)) = \(n.value(r.hiddenByW2))"
  }
}

/// §2.4: ReLU and its derivative.
struct ReluEquation {
  let n: Notation

  var symbolic: String {
    "ReLU(x) = x if x > 0, else 0; ReLU\(n.prime)(x) = 1 if x > 0, else 0"
  }

  private func side(_ a: Double) -> String { a > 0 ? ">" : n.text("≤") }

  /// `a₂ = 0.9 > 0:  ReLU(a₂) = 0.9,  ReLU′(a₂) = 1`: ReLU's own numbers at the step's a_t,
  /// whichever activation the cell runs (the record's φ′ is the cell's: `activationRow`).
  func substituted(_ r: ForwardStep) -> String {
    let a = r.preactivation
    return
      "\(n.a(r.t)) = \(n.value(a)) \(side(a)) 0:  ReLU(\(n.a(r.t))) = \(n.value(Cell.relu(a))),  ReLU\(n.prime)(\(n.a(r.t))) = \(n.value(Cell.reluPrime(a)))"
  }

  /// `tanh(a₂) = 0.716298,  tanh′(a₂) = 0.486917`: the cell's φ and φ′ at a_t, from the
  /// forward record, for a cell whose activation is not ReLU (beyond the article).
  func activationRow(_ r: ForwardStep, activation: Activation) -> String {
    let a = n.a(r.t)
    let phi = activation.symbol
    return "\(phi)(\(a)) = \(n.value(r.h)),  \(phi)\(n.prime)(\(a)) = \(n.value(r.activationPrime))"
  }

  /// `ReLU′(a₂) = 1 because a₂ = 0.9 > 0`.
  func derivative(_ r: TimestepGradientStep) -> String {
    // The reason "because aₜ > 0" is ReLU's; another cell's φ′ (beyond the article) is given at aₜ.
    guard n.phi == "ReLU" else {
      return
        "\(n.phi)\(n.prime)(\(n.a(r.t))) = \(n.value(r.reluPrime)) at \(n.a(r.t)) = \(n.value(r.preactivation))"
    }
    return
      "ReLU\(n.prime)(\(n.a(r.t))) = \(n.value(r.reluPrime)) because \(n.a(r.t)) = \(n.value(r.preactivation)) \(side(r.preactivation)) 0"
  }
}

/// §2.5: the gradient through time. ∂ŷ/∂h_n = w₃ (the text prints w₂, erratum 4), then
/// ∂ŷ/∂h_t = ∂ŷ/∂h_{t+1}·ReLU′(a_{t+1})·w₂ (the text takes ReLU′ at h_t, erratum 5); BPTT
/// carries the same recursion for ∂L/∂h_t.
struct ThroughTimeEquation {
  let n: Notation

  static let outputErratum = 4
  static let recursionErratum = 5

  /// `∂ŷ/∂hₜ = ∂ŷ/∂hₜ₊₁·ReLU′(aₜ₊₁)·w₂`.
  var symbolic: String {
    "\(n.derivative(n.yhat, n.h("t"))) = \(n.derivative(n.yhat, n.h("t+1")))\(n.times)\(n.phi)\(n.prime)(\(n.a("t+1")))\(n.times)\(n.w(2))"
  }

  /// The three places §2.5's text differs from the math, as printed and corrected.
  var printedAndCorrected: [String] {
    let tt = n.sub("t")
    let t1 = n.sub("t+1")
    let (w1, w2, w3) = (n.w(1), n.w(2), n.w(3))
    return [
      "as printed:  \(n.derivative(n.yhat, n.h("n"))) = \(w2)    corrected: = \(w3), since \(n.yhat) = \(n.h("n"))\(n.times)\(w3) (Eq. 2)    erratum \(Self.outputErratum)",
      "as printed:  h\(t1) = ReLU(h\(tt)\(n.times)\(w2) + x\(n.sub(3))\(n.times)\(w1))    corrected: h\(t1) = ReLU(\(w1)\(n.times)x\(t1) + \(w2)\(n.times)h\(tt))    erratum \(Self.recursionErratum)",
      "as printed:  \(n.derivative("h" + t1, "h" + tt)) = ReLU\(n.prime)(h\(tt))\(n.times)\(w2)    corrected: = ReLU\(n.prime)(a\(t1))\(n.times)\(w2)    erratum \(Self.recursionErratum)",
    ]
  }

  /// `∂L/∂h₂ = w₃·∂L/∂ŷ`: the gradient arriving at h_n, before its numbers are known.
  func outputGradientSymbolic(length: Int) -> String {
    "\(n.dL(n.h(length))) = \(n.w(3))\(n.times)\(n.dL(n.yhat))"
  }

  /// `∂L/∂h₁ = ∂L/∂h₂·ReLU′(a₂)·w₂`: one step of the recursion, before its numbers are known.
  func recursionSymbolic(t: Int) -> String {
    "\(n.dL(n.h(t))) = \(n.dL(n.h(t + 1)))\(n.times)\(n.phi)\(n.prime)(\(n.a(t + 1)))\(n.times)\(n.w(2))"
  }

  /// `∂L/∂h₂ = w₃·∂L/∂ŷ = 1.1·(−0.01) = −0.011`: the gradient arriving at h_n; with
  /// `printedW2` (mode text) `∂L/∂h₂ = w₂·∂L/∂ŷ = …`, as §2.5 prints it (erratum 4).
  /// With `every` (a loss at every step, beyond the article) ŷ carries the timestep.
  func outputGradient(
    _ r: OutputGradientStep, length: Int, printedW2: Double? = nil, every: Bool = false
  ) -> String {
    let (name, value) = printedW2.map { (n.w(2), $0) } ?? (n.w(3), r.w3)
    return
      "\(n.dL(n.h(length))) = \(name)\(n.times)\(n.dL(every ? n.yhat + n.sub(r.t) : n.yhat)) = \(n.value(value, parenthesized: true))\(n.times)\(n.value(r.lossGradient, parenthesized: true)) = \(n.value(r.dhn))"
  }

  /// One step of the recursion, for ∂L (`of: "L"`) or ∂ŷ (`of: n.yhat`):
  /// `∂L/∂h₁ = ∂L/∂h₂·ReLU′(a₂)·w₂ = (−0.011)·1·(−0.5) = 0.0055`.
  func recursion(
    of: String, t: Int, incoming: Double, reluPrime: Double, w2: Double, result: Double
  ) -> String {
    "\(n.derivative(of, n.h(t))) = \(n.derivative(of, n.h(t + 1)))\(n.times)\(n.phi)\(n.prime)(\(n.a(t + 1)))\(n.times)\(n.w(2)) = \(n.value(incoming, parenthesized: true))\(n.times)\(n.value(reluPrime, parenthesized: true))\(n.times)\(n.value(w2, parenthesized: true)) = \(n.value(result))"
  }

  /// `∂L/∂h₂ = w₃·∂L/∂ŷ₂ + tmp₃·w₂ = (−0.2) + 0.05 = −0.15`: under a loss at every step
  /// (beyond the article) ∂L/∂h_t's two roads, from ŷ_t and from h_{t+1}, and their sum.
  func twoRoads(_ r: TimestepGradientStep) -> String {
    let t = r.t
    return
      "\(n.dL(n.h(t))) = \(n.w(3))\(n.times)\(n.dL(n.yhat + n.sub(t))) + tmp\(n.sub(t + 1))\(n.times)\(n.w(2)) = \(n.value(r.fromOutput, parenthesized: true)) + \(n.value(r.fromNext, parenthesized: true)) = \(n.value(r.dh))"
  }

  /// `∂L/∂hₜ = ∂L/∂ŷ·∂ŷ/∂hₜ`: how BPTT's gradient and §2.5's derivative relate.
  var lossShare: String {
    "\(n.dL(n.h("t"))) = \(n.dL(n.yhat))\(n.times)\(n.derivative(n.yhat, n.h("t")))"
  }

  /// `∂L/∂h₁ = (−0.01)·(−0.55) = 0.0055`.
  func lossShare(t: Int, lossGradient: Double, sensitivity: Double, result: Double) -> String {
    "\(n.dL(n.h(t))) = \(n.value(lossGradient, parenthesized: true))\(n.times)\(n.value(sensitivity, parenthesized: true)) = \(n.value(result))"
  }
}

/// The printed `backward` loop's body for timestep t (§2.5–2.6): tmp, w₂'s and w₁'s terms,
/// and the gradient passed to h_{t−1}.
struct TimestepBackwardEquation {
  let n: Notation

  /// `tmp₂ = ∂L/∂h₂·ReLU′(a₂)`, before its numbers are known.
  func tmpSymbolic(t: Int) -> String {
    "tmp\(n.sub(t)) = \(n.dL(n.h(t)))\(n.times)\(n.phi)\(n.prime)(\(n.a(t)))"
  }

  /// `w₁ term at t = 2 = tmp₂·x₂` (w₁) or `w₂ term at t = 2 = tmp₂·h₁` (w₂), before its
  /// numbers are known.
  func termSymbolic(_ weight: Weight, t: Int) -> String {
    "\(n.w(weight.index)) term at t = \(t) = tmp\(n.sub(t))\(n.times)\(weight == .w1 ? n.x(t) : n.h(t - 1))"
  }

  /// `tmp = ∂L/∂h₂·ReLU′(a₂) = (−0.011)·1 = −0.011`; with `printed` (mode text) ReLU′(h₂),
  /// as §2.3 prints it (the same number).
  func tmp(_ r: TimestepGradientStep, printed: Bool = false) -> String {
    let at = printed ? n.h(r.t) : n.a(r.t)
    return
      "tmp = \(n.dL(n.h(r.t)))\(n.times)\(n.phi)\(n.prime)(\(at)) = \(n.value(r.dh, parenthesized: true))\(n.times)\(n.value(r.reluPrime, parenthesized: true)) = \(n.value(r.tmp))"
  }

  /// `tmp·h₁ = (−0.011)·0 = 0`: w₂'s term, tmp·∂a_t/∂w₂.
  func w2Term(_ r: TimestepGradientStep) -> String {
    "tmp\(n.times)\(n.h(r.t - 1)) = \(n.value(r.tmp, parenthesized: true))\(n.times)\(n.value(r.hPrevious, parenthesized: true)) = \(n.value(r.w2Term))"
  }

  /// `tmp·x₂ = (−0.011)·0.5 = −0.0055`: w₁'s term, tmp·∂a_t/∂w₁.
  func w1Term(_ r: TimestepGradientStep) -> String {
    "tmp\(n.times)\(n.x(r.t)) = \(n.value(r.tmp, parenthesized: true))\(n.times)\(n.value(r.x, parenthesized: true)) = \(n.value(r.w1Term))"
  }

  /// `∂L/∂h₁ = tmp·w₂ = (−0.011)·(−0.5) = 0.0055`; with `printed` (mode text) the text's
  /// `∂L/∂h₁ = ∂L/∂h₂·ReLU′(h₁)·w₂ = …` (erratum 5).
  /// With `partial` (a loss at every step, t > 1, beyond the article) `∂L/∂h₁ from h₂ = …`:
  /// ŷ₁'s road joins it at the next step, so it is not ∂L/∂h₁ itself.
  func hiddenGradient(_ r: TimestepGradientStep, printed: Bool = false, partial: Bool = false)
    -> String
  {
    guard printed else {
      return
        "\(n.dL(n.h(r.t - 1)))\(partial ? " from \(n.h(r.t))" : "") = tmp\(n.times)\(n.w(2)) = \(n.value(r.tmp, parenthesized: true))\(n.times)\(n.value(r.w2, parenthesized: true)) = \(n.value(r.dhPrevious))"
    }
    return
      "\(n.dL(n.h(r.t - 1))) = \(n.dL(n.h(r.t)))\(n.times)ReLU\(n.prime)(\(n.h(r.t - 1)))\(n.times)\(n.w(2)) = \(n.value(r.dh, parenthesized: true))\(n.times)\(n.value(r.reluPrimeAsPrinted))\(n.times)\(n.value(r.w2, parenthesized: true)) = \(n.value(r.dhPrevious))"
  }

  /// The column headings `grads` and `derive` share.
  var tmpSymbol: String { "tmp" }
}

/// §2.6: w₁ and w₂ act at every timestep, so their gradients sum a term per timestep.
struct AllTogetherEquation {
  let n: Notation

  /// `∂L/∂w₂ = ∂L/∂ŷ·∑ₜ ∂ŷ/∂hₜ·∂hₜ/∂w₂`.
  func symbolic(_ weight: Weight) -> String {
    "\(n.dL(n.w(weight.index))) = \(n.dL(n.yhat))\(n.times)\(n.sum)\(n.sub("t")) \(n.derivative(n.yhat, n.h("t")))\(n.times)\(n.derivative(n.h("t"), n.w(weight.index)))"
  }

  /// `∑ₜ tmpₜ·xₜ` (w₁) or `∑ₜ tmpₜ·hₜ₋₁` (w₂): the sum as the code adds it.
  func codeSum(_ weight: Weight) -> String {
    "\(n.sum)\(n.sub("t")) tmp\(n.sub("t"))\(n.times)\(weight == .w1 ? n.x("t") : n.h("t-1"))"
  }

  /// `(−0.0055) + 0 = −0.0055`: the terms of one pass and their sum.
  func terms(_ terms: [Double], sum: Double) -> String {
    terms.map { n.value($0, parenthesized: true) }.joined(separator: " + ") + " = "
      + n.value(sum)
  }
}

extension Weight {
  /// 1, 2 or 3.
  var index: Int {
    switch self {
    case .w1: 1
    case .w2: 2
    case .w3: 3
    }
  }
}
