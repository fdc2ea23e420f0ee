import RNN

// The scalar LSTM's equations (issue 14), each once: its symbolic form and its form with the
// numbers of a record `Sources/RNN` produced (LSTMForwardStep, LSTMTimestepGradientStep). The
// math is in `LSTMCell`; nothing here computes. Screens for `model lstm` are to compose these
// over the RNN's step/back/grads layouts.

/// Where the LSTM's equations come from, as `help model` and `eq` cite it.
enum LSTMSource {
  static let citation =
    "Hochreiter & Schmidhuber 1997 (the LSTM); Gers, Schmidhuber & Cummins 2000 (the forget "
    + "gate); written as PyTorch's nn.LSTM, with one bias per gate"
}

extension Notation {
  /// σ, or `sigma` in ASCII.
  var sigma: String { unicode ? "σ" : "sigma" }

  /// A gate's value at step t: `f₂`, `f_2`.
  func gate(_ gate: LSTMGate, _ t: String) -> String { gate.rawValue + sub(t) }
  func gate(_ gate: LSTMGate, _ t: Int) -> String { self.gate(gate, String(t)) }

  /// A gate's pre-activation at step t: `zᶠ₂` in Unicode (there is no subscript f or g),
  /// `z^f_2` in ASCII.
  func preactivation(_ gate: LSTMGate, _ t: String) -> String {
    guard unicode else { return "z^\(gate.rawValue)" + sub(t) }
    let mark: String
    switch gate {
    case .i: mark = "ⁱ"
    case .f: mark = "ᶠ"
    case .g: mark = "ᵍ"
    case .o: mark = "ᵒ"
    }
    return "z" + mark + sub(t)
  }
  func preactivation(_ gate: LSTMGate, _ t: Int) -> String { preactivation(gate, String(t)) }

  func c(_ t: String) -> String { "c" + sub(t) }
  func c(_ t: Int) -> String { "c" + sub(t) }

  /// A parameter as the shell names it: `f.wx`.
  func parameter(_ name: LSTMParameter) -> String { name.rawValue }
}

/// The four gates: zₜ = wx·xₜ + wh·hₜ₋₁ + b per gate, then σ for i, f, o and tanh for g.
struct LSTMGateEquation {
  let n: Notation

  /// `iₜ, fₜ, oₜ = σ(zₜ), gₜ = tanh(zₜ), with zₜ = wx·xₜ + wh·hₜ₋₁ + b for each gate`.
  var symbolic: String {
    let z = "z" + n.sub("t")
    let sum = n.weightedSum("wx", "wh", bias: "b", x: n.x("t"), hPrevious: n.h("t-1"))
    return
      "\(n.gate(.i, "t")), \(n.gate(.f, "t")), \(n.gate(.o, "t")) = \(n.sigma)(\(z)), \(n.gate(.g, "t")) = tanh(\(z)), with \(z) = \(sum) for each gate"
  }

  /// The activation's name: `σ` or `tanh`.
  func activation(_ gate: LSTMGate) -> String { gate == .g ? "tanh" : n.sigma }

  /// The gate's pre-activation in symbols: `f.wx·x₂ + f.wh·h₁ + f.b`.
  func preactivationSymbols(_ gate: LSTMGate, at t: Int) -> String {
    let (wx, wh, b) = names(gate)
    return n.weightedSum(wx, wh, bias: b, at: t)
  }

  /// One gate in symbols: `fₜ = σ(f.wx·xₜ + f.wh·hₜ₋₁ + f.b)`.
  func symbolic(_ gate: LSTMGate) -> String {
    let (wx, wh, b) = names(gate)
    let sum = n.weightedSum(wx, wh, bias: b, x: n.x("t"), hPrevious: n.h("t-1"))
    return "\(n.gate(gate, "t")) = \(activation(gate))(\(sum))"
  }

  /// The pre-activation with step t's numbers, in the order the engine adds them:
  /// `0.5·0.5 + (−0.5)·0.3147 + 1`.
  func preactivationValues(_ gate: LSTMGate, _ r: LSTMForwardStep, weights: LSTMWeights)
    -> String
  {
    let w = weights[gate]
    return n.weightedSum(w.wx, r.x, w.wh, r.hPrevious, bias: w.b)
  }

  /// `zᶠ₂ = f.wx·x₂ + f.wh·h₁ + f.b = 0.5·0.5 + (−0.5)·0.3147 + 1 = 1.093`.
  func preactivation(_ gate: LSTMGate, _ r: LSTMForwardStep, weights: LSTMWeights) -> String {
    "\(n.preactivation(gate, r.t)) = \(preactivationSymbols(gate, at: r.t)) = \(preactivationValues(gate, r, weights: weights)) = \(n.value(r.preactivation[gate]))"
  }

  /// `f₂ = σ(0.5·0.5 + (−0.5)·0.3147 + 1) = σ(1.093) = 0.7489`.
  func substituted(_ gate: LSTMGate, _ r: LSTMForwardStep, weights: LSTMWeights) -> String {
    let f = activation(gate)
    return
      "\(n.gate(gate, r.t)) = \(f)(\(preactivationValues(gate, r, weights: weights))) = \(f)(\(n.value(r.preactivation[gate]))) = \(n.value(r.gates[gate]))"
  }

  /// The local derivative in symbols: `σ′(zᶠₜ) = fₜ(1 − fₜ)`, `tanh′(zᵍₜ) = 1 − gₜ²`.
  func localDerivativeSymbols(_ gate: LSTMGate, at t: String) -> String {
    let v = n.gate(gate, t)
    let z = n.preactivation(gate, t)
    return gate == .g
      ? "tanh\(n.prime)(\(z)) = 1 \(n.minus) \(v)\(n.squared)"
      : "\(n.sigma)\(n.prime)(\(z)) = \(v)(1 \(n.minus) \(v))"
  }

  /// `σ′(zᶠ₂) = f₂(1 − f₂) = 0.7489·(1 − 0.7489) = 0.1881`.
  func localDerivative(_ gate: LSTMGate, _ r: LSTMForwardStep) -> String {
    let v = n.value(r.gates[gate], parenthesized: true)
    let numbers =
      gate == .g ? "1 \(n.minus) \(v)\(n.squared)" : "\(v)\(n.times)(1 \(n.minus) \(v))"
    return
      "\(localDerivativeSymbols(gate, at: String(r.t))) = \(numbers) = \(n.value(r.localDerivatives[gate]))"
  }

  private func names(_ gate: LSTMGate) -> (String, String, String) {
    let p = gate.parameters
    return (n.parameter(p.wx), n.parameter(p.wh), n.parameter(p.b))
  }
}

/// The cell state: cₜ = fₜ·cₜ₋₁ + iₜ·gₜ, what the forget gate keeps plus what the input gate
/// writes.
struct CellStateEquation {
  let n: Notation

  var symbolic: String {
    "\(n.c("t")) = \(n.gate(.f, "t"))\(n.times)\(n.c("t-1")) + \(n.gate(.i, "t"))\(n.times)\(n.gate(.g, "t"))"
  }

  /// `c₂ = f₂·c₁ + i₂·g₂ = 0.7489·0.5568 + 0.6587·0.6722 = 0.417 + 0.4427 = 0.8597`.
  func substituted(_ r: LSTMForwardStep) -> String {
    let t = r.t
    let g = r.gates
    return
      "\(n.c(t)) = \(n.gate(.f, t))\(n.times)\(n.c(t - 1)) + \(n.gate(.i, t))\(n.times)\(n.gate(.g, t)) = \(n.value(g.f))\(n.times)\(n.value(r.cPrevious, parenthesized: true)) + \(n.value(g.i))\(n.times)\(n.value(g.g, parenthesized: true)) = \(n.value(r.kept)) + \(n.value(r.written, parenthesized: true)) = \(n.value(r.c))"
  }
}

/// The hidden state: hₜ = oₜ·tanh(cₜ).
struct LSTMHiddenStateEquation {
  let n: Notation

  var symbolic: String { "\(n.h("t")) = \(n.gate(.o, "t"))\(n.times)tanh(\(n.c("t")))" }

  /// `h₂ = o₂·tanh(c₂) = 0.6005·tanh(0.8597) = 0.6005·0.6961 = 0.418`.
  func substituted(_ r: LSTMForwardStep) -> String {
    let o = n.value(r.gates.o)
    return
      "\(n.h(r.t)) = \(n.gate(.o, r.t))\(n.times)tanh(\(n.c(r.t))) = \(o)\(n.times)tanh(\(n.value(r.c))) = \(o)\(n.times)\(n.value(r.tanhC, parenthesized: true)) = \(n.value(r.h))"
  }
}

/// The read-out: ŷ = wy·hₙ + by.
struct LSTMOutputEquation {
  let n: Notation

  var symbolic: String { "\(n.yhat) = wy\(n.times)\(n.h("n")) + by" }

  /// `ŷ = wy·h₂ + by = 2·0.418 + 0.5 = 1.336`, or nil before the pass is complete.
  func substituted(_ pass: LSTMForwardPass) -> String? {
    guard let yhat = pass.prediction else { return nil }
    let w = pass.weights
    return
      "\(n.yhat) = wy\(n.times)\(n.h(pass.count)) + by = \(n.value(w.wy, parenthesized: true))\(n.times)\(n.value(pass.h, parenthesized: true)) + \(n.value(w.by, parenthesized: true)) = \(n.value(yhat))"
  }
}

/// The cell state's gradient: ∂L/∂cₜ = ∂L/∂cₜ₊₁·fₜ₊₁ + ∂L/∂hₜ·oₜ·(1 − tanh²(cₜ)). Its first
/// term is why the LSTM remembers: along c the gradient is multiplied by the forget gate
/// alone, not by a weight times an activation's slope.
struct CellGradientEquation {
  let n: Notation

  var symbolic: String {
    "\(n.dL(n.c("t"))) = \(n.dL(n.c("t+1")))\(n.times)\(n.gate(.f, "t+1")) + \(n.dL(n.h("t")))\(n.times)\(n.gate(.o, "t"))\(n.times)(1 \(n.minus) tanh\(n.squared)(\(n.c("t"))))"
  }

  /// `∂L/∂c₁ = 0.1557 + 0.136·0.6225·0.7444 = 0.1557 + 0.06302 = 0.2188`.
  func substituted(_ r: LSTMTimestepGradientStep) -> String {
    let t = r.t
    return
      "\(n.dL(n.c(t))) = \(n.value(r.dcArriving)) + \(n.value(r.dh, parenthesized: true))\(n.times)\(n.value(r.forward.gates.o))\(n.times)\(n.value(r.tanhPrimeC)) = \(n.value(r.dcArriving)) + \(n.value(r.dcFromH, parenthesized: true)) = \(n.value(r.dc))"
  }

  /// `∂L/∂c₁ arriving = ∂L/∂c₂·f₂ = 0.208·0.7489 = 0.1557`: what step t passes to c_{t−1}.
  func passedOn(_ r: LSTMTimestepGradientStep) -> String {
    let t = r.t
    return
      "\(n.dL(n.c(t - 1))) arriving = \(n.dL(n.c(t)))\(n.times)\(n.gate(.f, t)) = \(n.value(r.dc, parenthesized: true))\(n.times)\(n.value(r.forward.gates.f)) = \(n.value(r.dcPrevious))"
  }
}

/// A gate's gradient: ∂L/∂gate from c or h, times its local derivative, gives ∂L/∂z; each of
/// the gate's parameters then takes ∂L/∂z times ∂z/∂parameter (xₜ, hₜ₋₁ or 1).
struct GateGradientEquation {
  let n: Notation

  var symbolic: String {
    let t = n.sub("t")
    return
      "\(n.dL("z" + t)) = \(n.dL("gate" + t))\(n.times)gate\(n.prime)(z\(t)); wx term = \(n.dL("z" + t))\(n.times)x\(t), wh term = \(n.dL("z" + t))\(n.times)\(n.h("t-1")), b term = \(n.dL("z" + t))"
  }

  /// What ∂L/∂gate is made of: ∂L/∂cₜ·gₜ for i, ∂L/∂cₜ·cₜ₋₁ for f, ∂L/∂cₜ·iₜ for g,
  /// ∂L/∂hₜ·tanh(cₜ) for o.
  func gateGradientSymbols(_ gate: LSTMGate, at t: Int) -> String {
    let dc = n.dL(n.c(t))
    switch gate {
    case .i: return "\(dc)\(n.times)\(n.gate(.g, t))"
    case .f: return "\(dc)\(n.times)\(n.c(t - 1))"
    case .g: return "\(dc)\(n.times)\(n.gate(.i, t))"
    case .o: return "\(n.dL(n.h(t)))\(n.times)tanh(\(n.c(t)))"
    }
  }

  /// `∂L/∂f₂ = ∂L/∂c₂·c₁ = 0.208·0.5568 = 0.1158`.
  func gateGradient(_ gate: LSTMGate, _ r: LSTMTimestepGradientStep) -> String {
    let f = r.forward
    let (a, b): (Double, Double)
    switch gate {
    case .i: (a, b) = (r.dc, f.gates.g)
    case .f: (a, b) = (r.dc, f.cPrevious)
    case .g: (a, b) = (r.dc, f.gates.i)
    case .o: (a, b) = (r.dh, f.tanhC)
    }
    return
      "\(n.dL(n.gate(gate, r.t))) = \(gateGradientSymbols(gate, at: r.t)) = \(n.value(a, parenthesized: true))\(n.times)\(n.value(b, parenthesized: true)) = \(n.value(r.dGate[gate]))"
  }

  /// `∂L/∂zᶠ₂ = ∂L/∂f₂·σ′(zᶠ₂) = 0.1158·0.1881 = 0.02177`.
  func preactivationGradient(_ gate: LSTMGate, _ r: LSTMTimestepGradientStep) -> String {
    let z = n.preactivation(gate, r.t)
    let prime = gate == .g ? "tanh\(n.prime)" : "\(n.sigma)\(n.prime)"
    return
      "\(n.dL(z)) = \(n.dL(n.gate(gate, r.t)))\(n.times)\(prime)(\(z)) = \(n.value(r.dGate[gate], parenthesized: true))\(n.times)\(n.value(r.localDerivatives[gate])) = \(n.value(r.dz[gate]))"
  }

  /// `f.wx term = ∂L/∂zᶠ₂·x₂ = 0.02177·0.5 = 0.01089   f.wx.g = 0.01089`, and likewise for
  /// wh (factor hₜ₋₁) and b (factor 1).
  func terms(_ gate: LSTMGate, _ r: LSTMTimestepGradientStep) -> [String] {
    let p = gate.parameters
    let z = n.dL(n.preactivation(gate, r.t))
    let dz = n.value(r.dz[gate], parenthesized: true)
    let t = r.t
    return [
      "\(n.parameter(p.wx)) term = \(z)\(n.times)\(n.x(t)) = \(dz)\(n.times)\(n.value(r.forward.x, parenthesized: true)) = \(n.value(r.terms[p.wx]))   \(n.parameter(p.wx)).g = \(n.value(r.sums[p.wx]))",
      "\(n.parameter(p.wh)) term = \(z)\(n.times)\(n.h(t - 1)) = \(dz)\(n.times)\(n.value(r.forward.hPrevious, parenthesized: true)) = \(n.value(r.terms[p.wh]))   \(n.parameter(p.wh)).g = \(n.value(r.sums[p.wh]))",
      "\(n.parameter(p.b)) term = \(z) = \(n.value(r.terms[p.b]))   \(n.parameter(p.b)).g = \(n.value(r.sums[p.b]))",
    ]
  }
}

/// The gradient to the previous hidden state: ∂L/∂hₜ₋₁ = Σ over the gates of ∂L/∂z·wh.
struct LSTMThroughTimeEquation {
  let n: Notation

  var symbolic: String {
    let parts = LSTMGate.allCases.map { gate in
      "\(n.dL(n.preactivation(gate, "t")))\(n.times)\(gate.rawValue).wh"
    }
    return "\(n.dL(n.h("t-1"))) = \(parts.joined(separator: " + "))"
  }

  /// `∂L/∂h₁ = 0.03143·0.5 + 0.02177·(−0.5) + 0.07508·1 + 0.1122·0.5 = 0.136`; with
  /// `partial` (a loss at every step, t > 1) `∂L/∂h₁ from h₂ = …`: ŷ₁'s road joins it at the
  /// next step, so it is not ∂L/∂h₁ itself.
  func substituted(_ r: LSTMTimestepGradientStep, weights w: LSTMWeights, partial: Bool = false)
    -> String
  {
    let parts = LSTMGate.allCases.map { gate in
      "\(n.value(r.dz[gate], parenthesized: true))\(n.times)\(n.value(w[gate].wh, parenthesized: true))"
    }
    return
      "\(n.dL(n.h(r.t - 1)))\(partial ? " from \(n.h(r.t))" : "") = \(parts.joined(separator: " + ")) = \(n.value(r.dhPrevious))"
  }
}

/// The read-out's gradients, BPTT's first step: wy's term hₙ·∂L/∂ŷ, by's term ∂L/∂ŷ, and
/// ∂L/∂hₙ = wy·∂L/∂ŷ, where the gradient enters the chain of cells.
struct LSTMOutputGradientEquation {
  let n: Notation

  var symbolic: String {
    "wy term = \(n.h("n"))\(n.times)\(n.dL(n.yhat)), by term = \(n.dL(n.yhat)), \(n.dL(n.h("n"))) = wy\(n.times)\(n.dL(n.yhat))"
  }

  /// `wy term = h₂·∂L/∂ŷ = 0.418·0.336 = 0.1404   wy.g = 0.1404`.
  /// With `every` (a loss at every step) ŷ carries the record's timestep: `h₂·∂L/∂ŷ₂`.
  func wyTerm(_ r: LSTMOutputGradientStep, length: Int, every: Bool = false) -> String {
    "wy term = \(n.h(length))\(n.times)\(n.dL(yhat(r, every))) = \(n.value(r.hn, parenthesized: true))\(n.times)\(n.value(r.lossGradient, parenthesized: true)) = \(n.value(r.wyTerm))   wy.g = \(n.value(r.wySum))"
  }

  /// `by term = ∂L/∂ŷ = 0.336   by.g = 0.336`.
  func byTerm(_ r: LSTMOutputGradientStep, every: Bool = false) -> String {
    "by term = \(n.dL(yhat(r, every))) = \(n.value(r.byTerm))   by.g = \(n.value(r.bySum))"
  }

  /// `∂L/∂h₂ = wy·∂L/∂ŷ = 2·0.336 = 0.672`.
  func hiddenGradient(_ r: LSTMOutputGradientStep, length: Int, every: Bool = false) -> String {
    "\(n.dL(n.h(length))) = wy\(n.times)\(n.dL(yhat(r, every))) = \(n.value(r.wy, parenthesized: true))\(n.times)\(n.value(r.lossGradient, parenthesized: true)) = \(n.value(r.dhn))"
  }

  /// `∂L/∂h₂ = wy·∂L/∂ŷ₂ + (from h₃'s gates) = (−0.2) + 0.05 = −0.15`: under a loss at every
  /// step ∂L/∂h_t's two roads, from ŷ_t and from h_{t+1}, and their sum.
  func twoRoads(_ r: LSTMTimestepGradientStep) -> String {
    let t = r.t
    return
      "\(n.dL(n.h(t))) = wy\(n.times)\(n.dL(n.yhat + n.sub(t))) + \(n.sum) \(n.dL("z" + n.sub(t + 1)))\(n.times)wh = \(n.value(r.fromOutput, parenthesized: true)) + \(n.value(r.fromNext, parenthesized: true)) = \(n.value(r.dh))"
  }

  /// ŷ, or ŷ_t under a loss at every step.
  private func yhat(_ r: LSTMOutputGradientStep, _ every: Bool) -> String {
    every ? n.yhat + n.sub(r.t) : n.yhat
  }
}

extension LSTMOutputGradientEquation: Equation {}
extension LSTMGateEquation: Equation {}
extension CellStateEquation: Equation {}
extension LSTMHiddenStateEquation: Equation {}
extension LSTMOutputEquation: Equation {}
extension CellGradientEquation: Equation {}
extension GateGradientEquation: Equation {}
extension LSTMThroughTimeEquation: Equation {}
