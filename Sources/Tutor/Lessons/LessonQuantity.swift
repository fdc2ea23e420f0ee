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

  /// The names that are not indexed, as a lesson writes them.
  static let plainNames = [
    "w1", "w2", "w3", "w1.g", "w2.g", "w3.g", "yhat", "loss", "y", "lr", "dL/dyhat", "w3term",
  ]
  /// The indexed names, written `NAME[t]`.
  static let indexedNames = ["x", "h", "a", "dL/dh", "relu'", "tmp", "w1term", "w2term"]

  /// Every spelling, for error messages.
  static var accepted: [String] { plainNames + indexedNames.map { $0 + "[t]" } }

  /// Reads a name as a lesson writes it; nil if it is not one.
  init?(_ text: String) {
    switch text {
    case "dL/dyhat": self = .lossGradient
    case "w3term": self = .w3Term
    case _ where Self.plainNames.contains(text): self = .printable(text)
    default:
      guard text.hasSuffix("]"), let open = text.firstIndex(of: "[") else { return nil }
      let base = String(text[..<open])
      let digits = text[text.index(after: open)..<text.index(before: text.endIndex)]
      guard !digits.isEmpty, digits.count <= 5, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
        let t = Int(digits)
      else { return nil }
      // Only h and ∂L/∂h exist at t = 0 (h₀ and the gradient BPTT ends with).
      guard t >= 1 || base == "h" || base == "dL/dh" else { return nil }
      switch base {
      case "x": self = .printable(text)
      case "a": self = .preactivation(t)
      case "h": self = .hidden(t)
      case "dL/dh": self = .hiddenGradient(t)
      case "relu'": self = .reluPrime(t)
      case "tmp": self = .tmp(t)
      case "w1term": self = .w1Term(t)
      case "w2term": self = .w2Term(t)
      default: return nil
      }
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
    }
  }

  /// The value in `session`'s state, or why it does not exist yet.
  func value(in session: Session) throws(CommandError) -> Double {
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
    }
  }

  private func outputRecord(in session: Session) throws(CommandError) -> OutputGradientStep {
    guard let pass = session.state.backward, case .output(let record)? = pass.steps.first else {
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
    for case .timestep(let record) in session.state.backward?.steps ?? [] where record.t == t {
      return record
    }
    throw .notReady("\(name) is not computed yet: BPTT has not reached t = \(t); type 'back'")
  }

  /// The equation that produced the value, with the numbers of `session`'s state: the
  /// same lines the stepping commands print where there are some.
  func equation(in session: Session) -> String {
    let n = session.notation
    let state = session.state
    switch self {
    case .hidden(0):
      return "\(n.h(0)) = 0: there is no state before the first input\n"
    case .hidden(let t):
      guard let pass = state.forward, t <= pass.t else { return "" }
      return session.renderForwardStep(pass.steps[t - 1], in: pass)
    case .preactivation(let t):
      guard let pass = state.forward, t <= pass.t else { return "" }
      let r = pass.steps[t - 1]
      let w = pass.weights
      return
        "\(n.a(t)) = \(n.w(1))\(n.times)\(n.x(t)) + \(n.w(2))\(n.times)\(n.h(t - 1)) = \(n.value(w.w1, parenthesized: true))\(n.times)\(n.value(r.x, parenthesized: true)) + \(n.value(w.w2, parenthesized: true))\(n.times)\(n.value(r.hPrevious, parenthesized: true)) = \(n.value(r.preactivation))    Eq. 3\n"
    case .printable(let name):
      if name == "yhat" || name == "loss", let pass = state.forward {
        return session.renderOutputIfComplete(pass)
      }
      if let weight = Weight(rawValue: String(name.prefix(2))), name.hasSuffix(".g") {
        return gradientSum(weight, in: session)
      }
      guard let v = try? value(in: session) else { return "" }
      return "\(name) = \(n.value(v))\n"
    case .lossGradient:
      guard let r = try? outputRecord(in: session) else { return "" }
      return
        "\(n.dL(n.yhat)) = \(n.yhat) \(n.minus) y = \(n.value(r.prediction)) \(n.minus) \(n.value(r.target, parenthesized: true)) = \(n.value(r.lossGradient))    Eq. 4, sign corrected\n"
    case .w3Term:
      guard let r = try? outputRecord(in: session) else { return "" }
      let last = state.backward!.forward.count
      return
        "\(n.w(3)) term = \(n.h(last))\(n.times)\(n.dL(n.yhat)) = \(n.value(r.hn, parenthesized: true))\(n.times)\(n.value(r.lossGradient, parenthesized: true)) = \(n.value(r.w3Term))    §2.2\n"
    case .hiddenGradient(let t):
      guard let v = try? value(in: session) else { return "" }
      if t == state.inputs.count, let r = try? outputRecord(in: session) {
        return
          "\(n.dL(n.h(t))) = \(n.w(3))\(n.times)\(n.dL(n.yhat)) = \(n.value(r.w3, parenthesized: true))\(n.times)\(n.value(r.lossGradient, parenthesized: true)) = \(n.value(v))    §2.5\n"
      }
      guard let r = try? timestepRecord(t + 1, in: session) else { return "" }
      return
        "\(n.dL(n.h(t))) = \(n.dL(n.h(t + 1)))\(n.times)ReLU\(n.prime)(\(n.a(t + 1)))\(n.times)\(n.w(2)) = \(n.value(r.dh, parenthesized: true))\(n.times)\(n.value(r.reluPrime))\(n.times)\(n.value(r.w2, parenthesized: true)) = \(n.value(v))    §2.5\n"
    case .reluPrime(let t):
      guard let r = try? timestepRecord(t, in: session) else { return "" }
      let sign = r.preactivation > 0 ? ">" : (n.unicode ? "≤" : "<=")
      return
        "ReLU\(n.prime)(\(n.a(t))) = \(n.value(r.reluPrime)) because \(n.a(t)) = \(n.value(r.preactivation)) \(sign) 0    §2.4\n"
    case .tmp(let t):
      guard let r = try? timestepRecord(t, in: session) else { return "" }
      return
        "tmp = \(n.dL(n.h(t)))\(n.times)ReLU\(n.prime)(\(n.a(t))) = \(n.value(r.dh, parenthesized: true))\(n.times)\(n.value(r.reluPrime)) = \(n.value(r.tmp))    §2.5\n"
    case .w1Term(let t):
      guard let r = try? timestepRecord(t, in: session) else { return "" }
      return
        "\(n.w(1)) term at t = \(t): tmp\(n.times)\(n.x(t)) = \(n.value(r.tmp, parenthesized: true))\(n.times)\(n.value(r.x, parenthesized: true)) = \(n.value(r.w1Term))    §2.3, §2.6\n"
    case .w2Term(let t):
      guard let r = try? timestepRecord(t, in: session) else { return "" }
      return
        "\(n.w(2)) term at t = \(t): tmp\(n.times)\(n.h(t - 1)) = \(n.value(r.tmp, parenthesized: true))\(n.times)\(n.value(r.hPrevious, parenthesized: true)) = \(n.value(r.w2Term))    §2.3, §2.6\n"
    }
  }

  /// `w1.g` as the sum of its terms (§2.6), when the backward pass started from zero
  /// gradients; otherwise just its value.
  private func gradientSum(_ weight: Weight, in session: Session) -> String {
    let n = session.notation
    let g = session.state.model.gradients[weight]
    let plain = "\(weight.rawValue).g = \(n.value(g))\n"
    guard let pass = session.state.backward else { return plain }
    var terms: [Double] = []
    for record in pass.steps {
      switch (record, weight) {
      case (.output(let r), .w3) where r.w3TermApplied: terms.append(r.w3Term)
      case (.timestep(let r), .w1): terms.append(r.w1Term)
      case (.timestep(let r), .w2): terms.append(r.w2Term)
      default: break
      }
    }
    // Only when the terms, added in BPTT's order from 0, give exactly the gradient, did this
    // pass start from zero; otherwise earlier passes are in the sum too.
    guard !terms.isEmpty, terms.reduce(0, +) == g else { return plain }
    let index = weight == .w1 ? 1 : weight == .w2 ? 2 : 3
    let shown = terms.map { n.value($0, parenthesized: true) }.joined(separator: " + ")
    let over =
      weight == .w3
      ? "" : " summed over t = \(pass.forward.count)…\(pass.nextTimestep.map { $0 + 1 } ?? 1)"
    return
      "\(n.dL(n.w(index)))\(over) = \(shown) = \(n.value(g))    §2.6\n"
      .replacingIfASCII(n.unicode, "…", "..")
  }
}
