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
    return "L = "
      + n.substituted(
        { "\(n.half)(\($0))\(n.squared)" }, ("y", y), minus: (n.yhat, yhat), equals: loss)
  }

  /// The printed `mse(x, y) = ((x − y)/2)**2` with its numbers (erratum 2).
  func printedSubstituted(prediction yhat: Double, target y: Double) -> String {
    let loss = Cell.lossAsPrinted(prediction: yhat, target: y)
    return "L = mse(\(n.yhat), y) = "
      + n.substituted(
        { "((\($0))/2)\(n.squared)" }, (n.yhat, yhat), minus: ("y", y), equals: loss)
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

extension Notation {
  /// An equation written around a difference, first in symbols, then with the numbers, then
  /// its value: `½(y − ŷ)² = ½(1 − 0.99)² = 5e-05` (Eq. 1), `ŷ − y = 0.99 − 1 = −0.01`
  /// (Eq. 4). `form` writes the equation around the difference it is given; the number
  /// subtracted is parenthesized when it is negative.
  func substituted(
    _ form: (String) -> String, _ a: (symbol: String, value: Double),
    minus b: (symbol: String, value: Double), equals result: Double
  ) -> String {
    let symbols = form("\(a.symbol) \(minus) \(b.symbol)")
    let numbers = form("\(value(a.value)) \(minus) \(value(b.value, parenthesized: true))")
    return "\(symbols) = \(numbers) = \(value(result))"
  }

  /// A pre-activation, the weighted sum a cell takes its activation of, in symbols:
  /// `w₁·xₜ + w₂·hₜ₋₁` (Eq. 3, in the order the code adds the terms), or with a bias,
  /// `f.wx·x₂ + f.wh·h₁ + f.b` (an LSTM gate).
  func weightedSum(
    _ wx: String, _ wh: String, bias: String? = nil, x: String, hPrevious: String
  ) -> String {
    "\(wx)\(times)\(x) + \(wh)\(times)\(hPrevious)" + (bias.map { " + \($0)" } ?? "")
  }

  /// The same at step t: `w₁·x₂ + w₂·h₁`.
  func weightedSum(_ wx: String, _ wh: String, bias: String? = nil, at t: Int) -> String {
    weightedSum(wx, wh, bias: bias, x: x(t), hPrevious: h(t - 1))
  }

  /// The same with a step's numbers, each in parentheses when it is negative:
  /// `1.8·0.5 + (−0.5)·0`.
  func weightedSum(
    _ wx: Double, _ x: Double, _ wh: Double, _ hPrevious: Double, bias: Double? = nil
  ) -> String {
    weightedSum(
      value(wx, parenthesized: true), value(wh, parenthesized: true),
      bias: bias.map { value($0, parenthesized: true) }, x: value(x, parenthesized: true),
      hPrevious: value(hPrevious, parenthesized: true))
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
    n.weightedSum(n.w(1), n.w(2), x: n.x("t"), hPrevious: n.h("t-1"))
  }

  /// Step t's form with its indices: `h₁ = ReLU(w₁·x₁ + w₂·h₀)`.
  func symbolic(at t: Int, activation: Activation) -> String {
    "\(n.h(t)) = \(activation.symbol)(\(preactivationSymbols(at: t)))"
  }

  private func preactivationSymbols(at t: Int) -> String {
    n.weightedSum(n.w(1), n.w(2), bias: n.cell.hasBiases ? "b" : nil, at: t)
  }

  /// The right-hand side with step t's numbers, in the order the engine adds them:
  /// `ReLU(1.8·0.5 + (−0.5)·0)`.
  func values(_ r: ForwardStep, weights w: Weights, activation: Activation) -> String {
    "\(activation.symbol)(\(preactivationValues(r, weights: w)))"
  }

  private func preactivationValues(_ r: ForwardStep, weights w: Weights) -> String {
    n.weightedSum(w.w1, r.x, w.w2, r.hPrevious, bias: n.cell.hasBiases ? w.b : nil)
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
