import RNN

/// A number a lesson can ask about: anything `print` shows, or one factor or term of BPTT.
///
/// Its value is always read from a session, never written in the lesson, so an answer
/// cannot go stale when the engine or the step's setup changes.
enum LessonQuantity: Equatable, Sendable {
  /// A name `print` accepts: `w1`, `w2.g`, `x[1]`, `yhat`, `loss`, `y`, `lr`.
  case printable(String)
  /// `h[t]`: the hidden state h_t (Eq. 3).
  case hidden(Int)
  /// `a[t]`: the pre-activation a_t = w₁·x_t + w₂·h_{t−1} (Eq. 3).
  case preactivation(Int)
  /// `dL/dyhat`: ∂L/∂ŷ = ŷ − y (Eq. 4, sign corrected).
  case lossGradient
  /// `w3term`: h_n·∂L/∂ŷ, w₃'s one term (§2.2).
  case w3Term
  /// `dL/dh[t]`: the gradient arriving at h_t (§2.5).
  case hiddenGradient(Int)
  /// `relu'[t]`: ReLU′(a_t) (§2.4).
  case reluPrime(Int)
  /// `tmp[t]`: ∂L/∂h_t·ReLU′(a_t), the printed code's `tmp`.
  case tmp(Int)
  /// `w1term[t]`, `w2term[t]`: what timestep t adds to w₁'s and w₂'s sums (§2.3, §2.6).
  case w1Term(Int)
  case w2Term(Int)
  /// A number of the LSTM's passes, which the quiz asks for while `model lstm` is on.
  case lstm(LSTMQuantity)
  /// What a formula question's formula computes, when the lesson names no quantity for it
  /// (`formula `w3*(yhat - y)``).
  indirect case formula(LessonExpression)

  /// The names that are not indexed, as a lesson writes them.
  static let plainNames = [
    "w1", "w2", "w3", "w1.g", "w2.g", "w3.g", "yhat", "loss", "y", "lr", "dL/dyhat", "w3term",
    "b", "c", "b.g", "c.g",
  ]
  /// The indexed names, written `NAME[t]`.
  static let indexedNames = ["x", "h", "a", "dL/dh", "relu'", "tmp", "w1term", "w2term"]
  /// The LSTM's indexed names (`model lstm`): its cell state and gates, and their gradients.
  static let lstmIndexedNames = [
    "c", "i", "f", "g", "o", "dL/dc", "dL/dzi", "dL/dzf", "dL/dzg", "dL/dzo",
  ]

  /// Every spelling, for error messages.
  static var accepted: [String] {
    plainNames + indexedNames.map { $0 + "[t]" } + ["f.wh, wy, … (LSTM)"]
      + lstmIndexedNames.map { $0 + "[t]" }
      + ["W_hh[i,j], h[t][i], dL/dh[t][i], rho, … (model rnn K)"]
  }

  /// Reads a name as a learner's formula may write it: the lesson's spellings, and the
  /// screens' `L` for `loss`, `dL/dw3` (∂L/∂w₃) for `w3.g`, `ReLU'[2]` for `relu'[2]`.
  init?(reading text: String) {
    if let q = LessonQuantity(text) {
      self = q
      return
    }
    switch text {
    case "L": self = .printable("loss")
    case _ where text.hasPrefix("dL/d"):
      guard let q = LessonQuantity(text.dropFirst(4) + ".g") else { return nil }
      self = q
    case _ where text.lowercased().hasPrefix("relu'["):
      guard let q = LessonQuantity("relu'" + text.dropFirst(5)) else { return nil }
      self = q
    default: return nil
    }
  }

  /// Reads a name as a lesson writes it; nil if it is not one.
  init?(_ text: String) {
    switch text {
    case "dL/dyhat": self = .lossGradient
    case "w3term": self = .w3Term
    case _ where Self.plainNames.contains(text): self = .printable(text)
    // The LSTM's parameters and gradients (`f.wh`, `f.wh.g`), read as `print` reads them.
    case _
    where LSTMParameter(rawValue: text.hasSuffix(".g") ? String(text.dropLast(2)) : text) != nil:
      self = .printable(text)
    default:
      guard let (indexedBase, t) = Parse.indexedName(text) else {
        guard let q = Self.vector(text) else { return nil }
        self = q
        return
      }
      let base = String(indexedBase)
      // Only h and ∂L/∂h exist at t = 0 (h₀ and the gradient BPTT ends with).
      guard t >= 1 || base == "h" || base == "c" || base == "dL/dh" else { return nil }
      switch base {
      case "x": self = .printable(text)
      // The LSTM's cell state and gates at step t (`c[2]`, `f[2]`), as `print` reads them.
      case "c", "i", "f", "g", "o": self = .printable(text)
      case "a": self = .preactivation(t)
      case "h": self = .hidden(t)
      case "dL/dh": self = .hiddenGradient(t)
      // The LSTM's ∂L/∂c_t and each gate's ∂L/∂z at t.
      case "dL/dc": self = .lstm(.cellGradient(t))
      case "dL/dzi", "dL/dzf", "dL/dzg", "dL/dzo":
        self = .lstm(.gateTerm(LSTMGate(rawValue: String(base.last!))!, t))
      case "relu'": self = .reluPrime(t)
      case "tmp": self = .tmp(t)
      case "w1term": self = .w1Term(t)
      case "w2term": self = .w2Term(t)
      default:
        guard let q = Self.vector(text) else { return nil }
        self = q
      }
    }
  }

  /// A name of the vector RNN's (`model rnn K`) that the article's names do not cover: one
  /// entry of a parameter (`W_hh[1,2]`, `w_y[1].g`), of a state (`h[2][1]`, `yhat[2]`,
  /// `y[2]`), of BPTT (`dL/dh[2][1]`, `dL/da[2][1]`, `dL/dyhat[2]`), or W_hh's `rho` and
  /// `sigma_max`; read as `print` reads it. Nil for a whole vector or matrix.
  private static func vector(_ text: String) -> LessonQuantity? {
    switch VectorName.parseSimple(text) {
    case .parameter?, .preactivation(_, _?)?, .hidden(_, _?)?, .output(_?)?, .target(_?)?,
      .hiddenGradient?, .preactivationGradient?, .outputGradient?, .spectralRadius?,
      .largestSingularValue?:
      return .printable(text)
    default: return nil
    }
  }

  /// The name as a lesson writes it.
  var name: String {
    switch self {
    case .printable(let name): name
    case .hidden(let t): "h[\(t)]"
    case .preactivation(let t): "a[\(t)]"
    case .lossGradient: "dL/dyhat"
    case .w3Term: "w3term"
    case .hiddenGradient(let t): "dL/dh[\(t)]"
    case .reluPrime(let t): "relu'[\(t)]"
    case .tmp(let t): "tmp[\(t)]"
    case .w1Term(let t): "w1term[\(t)]"
    case .w2Term(let t): "w2term[\(t)]"
    case .lstm(let q): q.name
    case .formula(let e): e.text
    }
  }

  /// The value in `session`'s state, or why it does not exist yet.
  func value(in session: Session) throws(CommandError) -> Double {
    // A model may compute a quantity its own way (the LSTM's ∂L/∂ŷ and ∂L/∂hₜ).
    if let value = try session.state.active.value(of: self, in: session) { return value }
    switch self {
    case .printable, .hidden, .preactivation: return try session.value(of: name)
    case .lossGradient: return try outputRecord(in: session).lossGradient
    case .w3Term: return try outputRecord(in: session).w3Term
    case .hiddenGradient(let t):
      let n = session.state.inputs.count
      guard (0...n).contains(t) else {
        throw .outOfRange(name, what: "dL/dh", range: "dL/dh[0] to dL/dh[\(n)]")
      }
      if t == n { return try outputRecord(in: session).dhn }
      return try timestepRecord(t + 1, in: session).dhPrevious
    case .reluPrime(let t): return try timestepRecord(t, in: session).reluPrime
    case .tmp(let t): return try timestepRecord(t, in: session).tmp
    case .w1Term(let t): return try timestepRecord(t, in: session).w1Term
    case .w2Term(let t): return try timestepRecord(t, in: session).w2Term
    case .lstm(let q): return try q.value(in: session)
    case .formula(let e): return try e.value(in: session)
    }
  }

  private func outputRecord(in session: Session) throws(CommandError) -> OutputGradientStep {
    guard let record = session.state.backward?.output else {
      throw .notReady("\(name) is not computed yet: type 'back' to start BPTT")
    }
    return record
  }

  private func timestepRecord(_ t: Int, in session: Session) throws(CommandError)
    -> TimestepGradientStep
  {
    let n = session.state.inputs.count
    guard (1...n).contains(t) else {
      throw .outOfRange(name, what: String(name.prefix { $0 != "[" }), range: "t = 1 to \(n)")
    }
    guard let record = session.state.backward?.timestep(t) else {
      throw .notReady("\(name) is not computed yet: BPTT has not reached t = \(t); type 'back'")
    }
    return record
  }

  /// The equation that produced the value, with the numbers of `session`'s state: the
  /// same equations the stepping commands print.
  func equation(in session: Session) -> String {
    let n = session.notation
    let state = session.state
    let sections = (
      eq22: n.text("§2.2"), eq23: n.text("§2.3, §2.6"), eq24: n.text("§2.4"), eq25: n.text("§2.5")
    )
    switch self {
    case .hidden(0):
      return "\(n.h(0)) = 0: there is no state before the first input\n"
    case .hidden(let t):
      guard let pass = state.forward, t <= pass.t else { return "" }
      return session.renderForwardStep(pass.steps[t - 1], in: pass)
    case .preactivation(let t):
      guard let pass = state.forward, t <= pass.t else { return "" }
      return
        "\(HiddenStateEquation(n: n).preactivation(pass.steps[t - 1], weights: pass.weights))    Eq. 3\n"
    case .printable("yhat"):
      guard let pass = state.forward, let line = OutputEquation(n: n).substituted(pass) else {
        return ""
      }
      return line + (pass.architecture == .part2 ? "    Eq. 2\n" : "    Part 1's output\n")
    case .printable("loss"):
      // The loss line with the ŷ it is computed from: L alone would hide where ŷ came from.
      guard let pass = state.forward else { return "" }
      return session.renderOutputIfComplete(pass)
    case .printable(let name):
      if let weight = Weight(rawValue: String(name.prefix(2))), name.hasSuffix(".g") {
        return gradientSum(weight, in: session)
      }
      guard let v = try? value(in: session) else { return "" }
      return "\(symbol(n)) = \(n.value(v))\n"
    case .lossGradient:
      guard let r = try? outputRecord(in: session) else { return "" }
      let printed = state.model.mode.followsPrintedEquations
      return
        "\(LossGradientEquation(n: n).substituted(r, printed: printed))    \(printed ? "Eq. 4 as printed (erratum 3)" : "Eq. 4, sign corrected")\n"
    case .w3Term:
      guard let r = try? outputRecord(in: session) else { return "" }
      let last = state.backward!.forward.count
      return "\(OutputWeightEquation(n: n).term(r, length: last))    \(sections.eq22)\n"
    case .hiddenGradient(let t):
      guard let v = try? value(in: session) else { return "" }
      if t == state.inputs.count, let r = try? outputRecord(in: session) {
        return
          "\(ThroughTimeEquation(n: n).outputGradient(r, length: t))    \(sections.eq25)\n"
      }
      guard let r = try? timestepRecord(t + 1, in: session) else { return "" }
      let line = ThroughTimeEquation(n: n).recursion(
        of: "L", t: t, incoming: r.dh, reluPrime: r.reluPrime, w2: r.w2, result: v)
      return "\(line)    \(sections.eq25)\n"
    case .reluPrime(let t):
      guard let r = try? timestepRecord(t, in: session) else { return "" }
      return "\(ReluEquation(n: n).derivative(r))    \(sections.eq24)\n"
    case .tmp(let t):
      guard let r = try? timestepRecord(t, in: session) else { return "" }
      return "\(TimestepBackwardEquation(n: n).tmp(r))    \(sections.eq25)\n"
    case .w1Term(let t):
      guard let r = try? timestepRecord(t, in: session) else { return "" }
      return
        "\(n.w(1)) term at t = \(t): \(TimestepBackwardEquation(n: n).w1Term(r))    \(sections.eq23)\n"
    case .w2Term(let t):
      guard let r = try? timestepRecord(t, in: session) else { return "" }
      return
        "\(n.w(2)) term at t = \(t): \(TimestepBackwardEquation(n: n).w2Term(r))    \(sections.eq23)\n"
    case .lstm(let q):
      guard let v = try? q.value(in: session) else { return "" }
      return "\(q.symbol(n)) = \(n.value(v))\n"
    case .formula(let e):
      guard let v = try? e.value(in: session) else { return "" }
      return "\(e.symbol(n)) = \(n.value(v))\n"
    }
  }

  /// The quantity as the screens write it: `ŷ`, `h₂`, `∂L/∂h₃`, `ReLU′(a₁)`, `w₃ term`.
  func symbol(_ n: Notation) -> String {
    switch self {
    case .printable("yhat"): return n.yhat
    case .printable("loss"): return "L"
    case .printable(let name):
      if let weight = Weight(rawValue: String(name.prefix(2))) {
        return n.w(weight.index) + name.dropFirst(2)
      }
      if let symbol = Self.vectorSymbol(name, n) { return symbol }
      // x_t and the LSTM's c_t and gates at step t.
      if let letter = name.first, "xcifgo".contains(letter), let t = timestep {
        return "\(letter)" + n.sub(t)
      }
      return name
    case .hidden(let t): return n.h(t)
    case .preactivation(let t): return n.a(t)
    case .lossGradient: return n.dL(n.yhat)
    case .w3Term: return "\(n.w(3)) term"
    case .hiddenGradient(let t): return n.dL(n.h(t))
    case .reluPrime(let t): return HiddenWeightsEquation(n: n).reluPrime(t)
    case .tmp(let t): return "tmp" + n.sub(t)
    case .w1Term(let t): return "\(n.w(1)) term at t = \(t)"
    case .w2Term(let t): return "\(n.w(2)) term at t = \(t)"
    case .lstm(let q): return q.symbol(n)
    case .formula(let e): return e.symbol(n)
    }
  }

  /// A vector RNN name as its screens write it: `∂L/∂h₂[1]` for unit 1 of ∂L/∂h₂, `ŷ₂`,
  /// `ρ`; nil for the other names.
  private static func vectorSymbol(_ name: String, _ n: Notation) -> String? {
    switch VectorName.parseSimple(name) {
    case .hidden(let t, let i?)?: n.h(t) + "[\(i)]"
    case .preactivation(let t, let i?)?: n.a(t) + "[\(i)]"
    case .output(let t?)?: n.yhat + n.sub(t)
    case .target(let t?)?: "y" + n.sub(t)
    case .hiddenGradient(let t, let i)?: n.dL(n.h(t)) + "[\(i)]"
    case .preactivationGradient(let t, let i)?: n.dL(n.a(t)) + "[\(i)]"
    case .outputGradient(let t)?: n.dL(n.yhat + n.sub(t))
    case .spectralRadius?: n.text("ρ")
    case .largestSingularValue?: n.text("σ_max")
    default: nil
    }
  }

  /// The timestep of an indexed quantity, nil for the others.
  var timestep: Int? {
    switch self {
    case .hidden(let t), .preactivation(let t), .hiddenGradient(let t), .reluPrime(let t),
      .tmp(let t), .w1Term(let t), .w2Term(let t):
      return t
    case .printable(let name):
      guard let letter = name.first, "xcifgo".contains(letter), name.dropFirst().first == "[",
        name.last == "]"
      else { return nil }
      return Int(name.dropFirst(2).dropLast())
    case .lossGradient, .w3Term, .lstm, .formula: return nil
    }
  }

  /// The same quantity at timestep `t` (an indexed quantity only).
  func at(_ t: Int) -> LessonQuantity? {
    switch self {
    case .hidden: return .hidden(t)
    case .preactivation: return .preactivation(t)
    case .hiddenGradient: return .hiddenGradient(t)
    case .reluPrime: return .reluPrime(t)
    case .tmp: return .tmp(t)
    case .w1Term: return .w1Term(t)
    case .w2Term: return .w2Term(t)
    case .printable(let name) where timestep != nil: return .printable("\(name.first!)[\(t)]")
    case .printable, .lossGradient, .w3Term, .lstm, .formula: return nil
    }
  }

  /// The equation that defines the quantity, without numbers: what an answer given before
  /// the step's commands ran shows, so that it gives away nothing those commands print.
  func symbolicEquation(in session: Session) -> String {
    let n = session.notation
    let state = session.state
    let length = state.inputs.count
    switch self {
    case .hidden(0):
      return "\(n.h(0)) = 0: there is no state before the first input\n"
    case .hidden(let t):
      return
        "\(HiddenStateEquation(n: n).symbolic(at: t, activation: state.model.cellActivation))    Eq. 3\n"
    case .preactivation(let t):
      return "\(HiddenStateEquation(n: n).preactivationSymbolic(at: t))    Eq. 3\n"
    case .printable("yhat"):
      return "\(OutputEquation(n: n).unknown(length: length))    Eq. 2\n"
    case .printable("loss"):
      return "\(LossEquation(n: n).symbolic)    Eq. 1\n"
    case .printable(let name):
      guard let weight = Weight(rawValue: String(name.prefix(2))), name.hasSuffix(".g") else {
        return ""
      }
      return weight == .w3
        ? "\(OutputWeightEquation(n: n).chainRule)    \(n.text("§2.2"))\n"
        : "\(n.dL(n.w(weight.index))) = \(AllTogetherEquation(n: n).codeSum(weight))    \(n.text("§2.6"))\n"
    case .lossGradient:
      return "\(LossGradientEquation(n: n).symbolic)    Eq. 4, sign corrected\n"
    case .w3Term:
      return "\(OutputWeightEquation(n: n).chainRule)    \(n.text("§2.2"))\n"
    case .hiddenGradient(let t):
      let eq = ThroughTimeEquation(n: n)
      return
        "\(t == length ? eq.outputGradientSymbolic(length: t) : eq.recursionSymbolic(t: t))    \(n.text("§2.5"))\n"
    case .reluPrime:
      return "\(ReluEquation(n: n).symbolic)    \(n.text("§2.4"))\n"
    case .tmp(let t):
      return "\(TimestepBackwardEquation(n: n).tmpSymbolic(t: t))    \(n.text("§2.5"))\n"
    case .w1Term(let t):
      return
        "\(TimestepBackwardEquation(n: n).termSymbolic(.w1, t: t))    \(n.text("§2.3, §2.6"))\n"
    case .w2Term(let t):
      return
        "\(TimestepBackwardEquation(n: n).termSymbolic(.w2, t: t))    \(n.text("§2.3, §2.6"))\n"
    case .lstm: return ""
    case .formula(let e): return "\(e.symbol(n))\n"
    }
  }

  /// `w1.g` as the sum of its terms (§2.6), when the backward pass started from zero
  /// gradients; otherwise just its value.
  private func gradientSum(_ weight: Weight, in session: Session) -> String {
    let n = session.notation
    let g = session.state.model.gradients[weight]
    let plain = "\(n.w(weight.index)).g = \(n.value(g))\n"
    guard let pass = session.state.backward else { return plain }
    let terms: [Double]
    switch weight {
    case .w3: terms = pass.output.flatMap { $0.w3TermApplied ? [$0.w3Term] : [] } ?? []
    case .w1: terms = pass.timesteps.map(\.w1Term)
    case .w2: terms = pass.timesteps.map(\.w2Term)
    }
    // Only when this pass's own sum is the whole gradient did it start from zero; otherwise
    // earlier passes are in the sum too.
    guard !terms.isEmpty, pass.passGradients[weight] == g else { return plain }
    let over =
      weight == .w3
      ? ""
      : " summed over t = \(pass.forward.count)\(n.text("…"))\(pass.nextTimestep.map { $0 + 1 } ?? 1)"
    return
      "\(n.dL(n.w(weight.index)))\(over) = \(AllTogetherEquation(n: n).terms(terms, sum: g))    \(n.text("§2.6"))\n"
  }
}
