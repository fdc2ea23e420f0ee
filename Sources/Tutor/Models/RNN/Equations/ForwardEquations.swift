import RNN

// The forward equations, Eq. 1–3, each once: its symbolic form, its form as printed where
// that differs (with the erratum), and its form with a record's numbers. Screens compose
// these; none of them writes a formula of its own.

/// Eq. 1 (§1.1): the loss, L = ½·(y − ŷ)², and the printed `mse` beside it (erratum 2).
struct LossEquation {
  let n: Notation

  /// As the article writes it, with the timestep: `L = ½·(yₜ − ŷₜ)²`.
  var symbolic: String {
    let t = n.sub("t")
    return "L = \(n.half)\(n.times)(y\(t) \(n.minus) \(n.yhat)\(t))\(n.squared)"
  }

  /// The erratum the printed `mse` shows.
  static let printedErratum = 2

  /// The printed `mse` without numbers: `L = mse(ŷ, y) = ((ŷ − y)/2)²`, a quarter of the
  /// square where Eq. 1 has half.
  var printedSymbolic: String {
    "L = mse(\(n.yhat), y) = ((\(n.yhat) \(n.minus) y)/2)\(n.squared)"
  }

  /// With its numbers: `L = ½(y − ŷ)² = ½(1 − 0.99)² = 5e-05`.
  func substituted(prediction yhat: Double, target y: Double) -> String {
    let loss = Cell.loss(prediction: yhat, target: y)
    return
      "L = \(n.half)(y \(n.minus) \(n.yhat))\(n.squared) = \(n.half)(\(n.value(y)) \(n.minus) \(n.value(yhat, parenthesized: true)))\(n.squared) = \(n.value(loss))"
  }

  /// The printed `mse(x, y) = ((x − y)/2)**2` with its numbers (erratum 2).
  func printedSubstituted(prediction yhat: Double, target y: Double) -> String {
    let loss = Cell.lossAsPrinted(prediction: yhat, target: y)
    return
      "L = mse(\(n.yhat), y) = ((\(n.yhat) \(n.minus) y)/2)\(n.squared) = ((\(n.value(yhat)) \(n.minus) \(n.value(y, parenthesized: true)))/2)\(n.squared) = \(n.value(loss))"
  }
}

/// Eq. 2 (§1.2): the output, ŷ = h_n·w₃; Part 1 rounds it to one decimal.
struct OutputEquation {
  let n: Notation

  /// As the article writes it: `ŷₜ = hₜ·w₃`.
  var symbolic: String {
    let t = n.sub("t")
    return "\(n.yhat)\(t) = h\(t)\(n.times)\(n.w(3))"
  }

  /// The left side for a sequence of `length` steps, before h_n is known: `ŷ = h₂·w₃` (the
  /// generalised cell: `ŷ = h₂·w₃ + c`).
  func unknown(length: Int) -> String {
    "\(n.yhat) = \(n.h(length))\(n.times)\(n.w(3))\(n.cell.hasBiases ? " + c" : "")"
  }

  /// With its numbers, `ŷ = h₂·w₃ = 0.9·1.1 = 0.99` (Part 1: the rounded output), or nil
  /// before the pass is complete.
  func substituted(_ pass: ForwardPass) -> String? {
    guard pass.isComplete, let yhat = pass.prediction else { return nil }
    let hn = pass.hidden[pass.count]
    let w3 = pass.weights.w3
    let product = "\(n.value(hn, parenthesized: true))\(n.times)\(n.value(w3, parenthesized: true))"
    switch pass.architecture {
    case .part2:
      let bias = n.cell.hasBiases ? " + \(n.value(pass.weights.c, parenthesized: true))" : ""
      return "\(unknown(length: pass.count)) = \(product)\(bias) = \(n.value(yhat))"
    case .part1:
      return
        "\(n.yhat) = round(\(n.h(pass.count))\(n.times)\(n.w(3)), 1) = round(\(product), 1) = round(\(n.value(pass.unroundedPrediction!)), 1) = \(n.value(yhat))"
    }
  }
}

/// Eq. 3 (§1.3): the hidden state, h_t = ReLU(w₁·x_t + w₂·h_{t−1}), with its pre-activation
/// a_t.
struct HiddenStateEquation {
  let n: Notation

  /// As the article writes it: `hₜ = ReLU(w₁·xₜ + hₜ₋₁·w₂)`.
  var symbolic: String {
    let t = n.sub("t")
    return
      "h\(t) = ReLU(\(n.w(1))\(n.times)x\(t) + h\(n.sub("t-1"))\(n.times)\(n.w(2)))"
  }

  /// The order the code adds the terms in (`Cell.preactivation`): `w₁·xₜ + w₂·hₜ₋₁`.
  var codeOrder: String {
    "\(n.w(1))\(n.times)\(n.x("t")) + \(n.w(2))\(n.times)\(n.h("t-1"))"
  }

  /// Step t's form with its indices: `h₁ = ReLU(w₁·x₁ + w₂·h₀)`.
  func symbolic(at t: Int, activation: Activation) -> String {
    "\(n.h(t)) = \(activation.symbol)(\(preactivationSymbols(at: t)))"
  }

  private func preactivationSymbols(at t: Int) -> String {
    "\(n.w(1))\(n.times)\(n.x(t)) + \(n.w(2))\(n.times)\(n.h(t - 1))\(n.cell.hasBiases ? " + b" : "")"
  }

  /// The right-hand side with step t's numbers, in the order the engine adds them:
  /// `ReLU(1.8·0.5 + (−0.5)·0)`.
  func values(_ r: ForwardStep, weights w: Weights, activation: Activation) -> String {
    "\(activation.symbol)(\(preactivationValues(r, weights: w)))"
  }

  private func preactivationValues(_ r: ForwardStep, weights w: Weights) -> String {
    "\(n.value(w.w1, parenthesized: true))\(n.times)\(n.value(r.x, parenthesized: true)) + \(n.value(w.w2, parenthesized: true))\(n.times)\(n.value(r.hPrevious, parenthesized: true))"
      + (n.cell.hasBiases ? " + \(n.value(w.b, parenthesized: true))" : "")
  }

  /// `h₂ = ReLU(1.8·0.5 + (−0.5)·0) = 0.9`.
  func substituted(_ r: ForwardStep, weights w: Weights, activation: Activation) -> String {
    "\(n.h(r.t)) = \(values(r, weights: w, activation: activation)) = \(n.value(r.h))"
  }

  /// The pre-activation before its numbers are known: `a₂ = w₁·x₂ + w₂·h₁`.
  func preactivationSymbolic(at t: Int) -> String {
    "\(n.a(t)) = \(preactivationSymbols(at: t))"
  }

  /// The pre-activation alone: `a₂ = w₁·x₂ + w₂·h₁ = 1.8·0.5 + (−0.5)·0 = 0.9`.
  func preactivation(_ r: ForwardStep, weights w: Weights) -> String {
    "\(n.a(r.t)) = \(preactivationSymbols(at: r.t)) = \(preactivationValues(r, weights: w)) = \(n.value(r.preactivation))"
  }

  /// What the activation did to a_t, when it changed it: `a₁ ≤ 0: ReLU cuts it to 0`, or
  /// nil. With `showingValue`, a_t's value is given too (`a₁ = −0.5 ≤ 0: ReLU gives 0`).
  func activationNote(_ r: ForwardStep, activation: Activation, showingValue: Bool = false)
    -> String?
  {
    switch activation {
    case .relu where r.preactivation <= 0:
      let a = showingValue ? "\(n.a(r.t)) = \(n.value(r.preactivation))" : n.a(r.t)
      return "\(a) \(n.text("≤")) 0: ReLU \(showingValue ? "gives 0" : "cuts it to 0")"
    case .absoluteValue where r.preactivation < 0:
      return "abs flips the sign"
    default:
      return nil
    }
  }
}
