import RNN

// The `eq` screens: each equation as the article writes it, then with the session's numbers,
// then the result. The numbers come from the forward and backward records and from `Cell`;
// nothing here re-derives a formula.

extension Notation {
  /// Eq. 3's right-hand side with the numbers of one step, in the order the engine adds
  /// them (`Cell.preactivation`: w₁·x_t + w₂·h_{t−1}): `ReLU(1.8·0.5 + (−0.5)·0)`.
  func hiddenStateValues(_ r: ForwardStep, weights w: Weights, activation: Activation) -> String {
    "\(activation.symbol)(\(value(w.w1, parenthesized: true))\(times)\(value(r.x, parenthesized: true)) + \(value(w.w2, parenthesized: true))\(times)\(value(r.hPrevious, parenthesized: true)))"
  }

  /// Eq. 2 with its numbers, `ŷ = h₂·w₃ = 0.9·1.1 = 0.99` (Part 1: the rounded output), or
  /// nil before the pass is complete.
  func predictionEquation(_ pass: ForwardPass) -> String? {
    guard pass.isComplete, let yhat = pass.prediction else { return nil }
    let hn = pass.hidden[pass.count]
    let w3 = pass.weights.w3
    let product = "\(value(hn, parenthesized: true))\(times)\(value(w3, parenthesized: true))"
    switch pass.architecture {
    case .part2:
      return "\(self.yhat) = \(h(pass.count))\(times)\(w(3)) = \(product) = \(value(yhat))"
    case .part1:
      return
        "\(self.yhat) = round(\(h(pass.count))\(times)\(w(3)), 1) = round(\(product), 1) = round(\(value(pass.unroundedPrediction!)), 1) = \(value(yhat))"
    }
  }

  /// Eq. 1 with its numbers: `L = ½(y − ŷ)² = ½(1 − 0.99)² = 5e-05`.
  func lossEquation(prediction yhat: Double, target y: Double) -> String {
    let loss = Cell.loss(prediction: yhat, target: y)
    return
      "L = \(half)(y \(minus) \(self.yhat))\(squared) = \(half)(\(value(y)) \(minus) \(value(yhat, parenthesized: true)))\(squared) = \(value(loss))"
  }

  /// The printed `mse` with its numbers (erratum 2).
  func printedLossEquation(prediction yhat: Double, target y: Double) -> String {
    let loss = Cell.lossAsPrinted(prediction: yhat, target: y)
    return
      "L = mse(\(self.yhat), y) = ((\(self.yhat) \(minus) y)/2)\(squared) = ((\(value(yhat)) \(minus) \(value(y, parenthesized: true)))/2)\(squared) = \(value(loss))"
  }

  /// `text` as written, or with its math symbols spelled in ASCII when Unicode is off.
  ///
  /// For prose only: names with subscripts are built with `sub`, which has its own ASCII form.
  func text(_ text: String) -> String {
    guard !unicode else { return text }
    var out = ""
    for character in text {
      switch character {
      case "…": out += "..."
      case "—": out += "--"
      case "–": out += "-"
      case "−": out += "-"
      case "·": out += "*"
      case "∂": out += "d"
      case "ŷ": out += "yhat"
      case "∑": out += "sum"
      case "′": out += "'"
      case "≤": out += "<="
      case "≥": out += ">="
      case "≠": out += "!="
      case "→": out += "->"
      case "←": out += "<-"
      case "½": out += "1/2"
      case "¼": out += "1/4"
      case "²": out += "^2"
      case "§": out += "sec. "
      case "×": out += "x"
      case "≈": out += "~"
      default: out.append(character)
      }
    }
    return out
  }

  /// `h₂…h₅`, or just `h₂` when the range has one element.
  func hRange(_ from: Int, _ to: Int) -> String {
    from == to ? h(from) : h(from) + text("…") + h(to)
  }
}

/// The first and last `keep` indices of `0..<count`, and how many lie between them; all of
/// them (and 0) when `count` ≤ 2·`keep` + 2.
func elision(_ count: Int, keep: Int) -> (head: Range<Int>, skipped: Int, tail: Range<Int>) {
  guard count > 2 * keep + 2 else { return (0..<count, 0, count..<count) }
  return (0..<keep, count - 2 * keep, (count - keep)..<count)
}

/// One line per item, the middle of a long sequence elided as `… N more timesteps …`.
func elidedLines<Items: RandomAccessCollection<Item>, Item>(
  _ items: Items, keep: Int = 5, notation n: Notation, hint: String = "",
  _ line: (Item) -> String
) -> String where Items.Index == Int {
  let shown = elision(items.count, keep: keep)
  let first = items.startIndex
  var text = shown.head.map { line(items[first + $0]) }.joined()
  if shown.skipped > 0 { text += n.text("  … \(shown.skipped) more timesteps\(hint) …\n") }
  return text + shown.tail.map { line(items[first + $0]) }.joined()
}

extension Session {
  /// `eq list`: one line per equation.
  func renderEquationList() -> String {
    let n = notation
    var text = ""
    for e in ArticleEquation.allCases {
      text += "  eq \(rightPad(e.rawValue, 4)) \(rightPad(n.text(e.place), 13)) \(e.topic)\n"
      text += "           \(e.formula(n))\n"
    }
    text += n.text(
      "'eq N' shows one with the session's numbers; 'eq 1.3' and 'eq 2.1' name Eq. 3 and Eq. 4 by section.\n"
    )
    return text
  }

  /// One equation with the session's numbers, or what is still missing for them.
  func renderEquation(_ e: ArticleEquation) -> String {
    let n = notation
    var text = n.text("\(e.place): \(e.topic)\n")
    switch e {
    case .loss: text += renderLossEquation()
    case .output: text += renderOutputEquation()
    case .hiddenState: text += renderHiddenStateEquation()
    case .lossGradient: text += renderLossGradientEquation()
    case .outputWeight, .hiddenWeights, .relu, .throughTime, .allTogether:
      guard state.model.architecture == .part2 else {
        text += "  \(e.formula(n))\n"
        text += n.text(
          "  §2 differentiates Part 2's model; this session runs Part 1's ('model part2' switches)\n"
        )
        return text
      }
      switch e {
      case .outputWeight: text += renderOutputWeightEquation()
      case .hiddenWeights: text += renderHiddenWeightsEquation()
      case .relu: text += renderReluEquation()
      case .throughTime: text += renderThroughTimeEquation()
      default: text += renderAllTogetherEquation()
      }
    }
    return text
  }

  // MARK: What is known so far

  /// The forward pass if it is complete.
  var completeForward: ForwardPass? {
    guard let pass = state.forward, pass.isComplete else { return nil }
    return pass
  }

  /// The sequence length of the pass in progress, or of the inputs when none has started.
  var sequenceLength: Int { state.forward?.count ?? state.inputs.count }

  /// `h₃ not computed yet: 'step' computes it (then h₄…h₅; 'forward' runs them all)`.
  func pendingForward() -> String {
    let n = notation
    let next = (state.forward?.t ?? 0) + 1
    let last = sequenceLength
    var text = "\(n.h(next)) not computed yet: 'step' computes it"
    if last > next {
      text += " (then \(n.hRange(next + 1, last)); 'forward' runs them all)"
    }
    return n.text(text)
  }

  /// Why the backward quantities are not there yet: no target, or no backward step done.
  func pendingBackward(_ what: String, plural: Bool = false) -> String {
    guard state.target != nil else { return "no target y: 'target Y' sets it" }
    return notation.text(
      "\(what) not computed yet: 'back' computes \(plural ? "them" : "it") ('backward' runs all of BPTT)"
    )
  }

  // MARK: Eq. 1–4

  private func renderLossEquation() -> String {
    let n = notation
    var text = "  \(ArticleEquation.loss.formula(n))"
    text += n.text("    as the article writes it; t = n, the last step\n")
    guard let pass = completeForward, let yhat = pass.prediction else {
      return text + "  \(n.yhat) is needed: \(pendingForward())\n"
    }
    guard let y = state.target else { return text + "  no target y: 'target Y' sets it\n" }
    text += "  \(n.lossEquation(prediction: yhat, target: y))\n"
    text += n.text(
      "  as printed in §2.1's code, mse(x, y) = ((x − y)/2)² is a quarter, not a half (erratum 2):\n"
    )
    text += "  \(n.printedLossEquation(prediction: yhat, target: y))\n"
    let reported =
      state.model.mode == .exact || pass.architecture == .part1 ? "Eq. 1" : "the printed mse"
    text += n.text(
      "  this session reports \(reported) (mode \(state.model.mode.rawValue); 'mode' switches)\n")
    return text
  }

  private func renderOutputEquation() -> String {
    let n = notation
    var text = "  \(ArticleEquation.output.formula(n))"
    text += n.text("    as the article writes it; only the last step's output is used\n")
    guard let pass = completeForward, let line = n.predictionEquation(pass) else {
      return text + "  \(n.yhat) = \(n.h(sequenceLength))\(n.times)\(n.w(3)): \(pendingForward())\n"
    }
    text += "  \(line)\n"
    if pass.architecture == .part1 {
      text += n.text(
        "  model part1 rounds to one decimal, as Part 1's code does ('model part2' uses Eq. 2)\n")
    }
    return text
  }

  private func renderHiddenStateEquation() -> String {
    let n = notation
    let activation = state.model.architecture.activation
    var text = "  \(ArticleEquation.hiddenState.formula(n))"
    text += n.text("    as the article writes it; h₀ = 0\n").replacingIfASCII(
      n.unicode, "h₀", "h_0")
    if activation == .absoluteValue {
      text += n.text("  model part1 runs Part 1's code, which applies abs, not ReLU (erratum 7)\n")
    }
    let pass = state.forward
    let steps = pass?.steps ?? []
    let w = pass?.weights ?? state.model.weights
    text += n.text(
      "  with \(n.w(1)) = \(n.value(w.w1)) and \(n.w(2)) = \(n.value(w.w2)), in the order the code adds them (\(n.w(1))·xₜ + \(n.w(2))·hₜ₋₁):\n"
    ).replacingIfASCII(n.unicode, "xₜ", "x_t").replacingIfASCII(n.unicode, "hₜ₋₁", "h_{t-1}")
    func line(_ r: ForwardStep) -> String {
      var line =
        "  \(n.h(r.t)) = \(n.hiddenStateValues(r, weights: w, activation: activation)) = \(n.value(r.h))"
      if activation == .relu && r.preactivation <= 0 {
        line += n.text("    (\(n.a(r.t)) = \(n.value(r.preactivation)) ≤ 0: ReLU gives 0)")
      } else if activation == .absoluteValue && r.preactivation < 0 {
        line += "    (abs flips the sign)"
      }
      return line + "\n"
    }
    text += elidedLines(steps, notation: n, hint: " ('states all' lists them all)", line)
    if steps.count < sequenceLength { text += "  \(pendingForward())\n" }
    return text
  }

  private func renderLossGradientEquation() -> String {
    let n = notation
    let d = n.dL(n.yhat)
    var text = n.text("  as printed:  \(d) = 2·½·(y − ŷ) = y − ŷ\n")
    text += n.text(
      "  corrected:   \(d) = ŷ − y    (erratum 3: the inner derivative of y − ŷ is −1)\n")
    guard let pass = completeForward, let yhat = pass.prediction else {
      return text + "  \(n.yhat) is needed: \(pendingForward())\n"
    }
    guard let y = state.target else { return text + "  no target y: 'target Y' sets it\n" }
    let corrected = Cell.lossGradient(prediction: yhat, target: y)
    // The printed form is the corrected one with its sign flipped, exactly.
    let printed = -corrected
    text += n.text(
      "  as printed:  y − ŷ = \(n.value(y)) − \(n.value(yhat, parenthesized: true)) = \(n.value(printed))\n"
    )
    text += n.text(
      "  corrected:   ŷ − y = \(n.value(yhat)) − \(n.value(y, parenthesized: true)) = \(n.value(corrected))    the code's d_mse computes this one\n"
    )
    return text
  }

  // MARK: §2.2–2.6

  private func renderOutputWeightEquation() -> String {
    let n = notation
    var text = "  \(ArticleEquation.outputWeight.formula(n))"
    text += n.text("    from Eq. 2, a product: ŷ = hₙ·w₃\n").replacingIfASCII(
      n.unicode, "hₙ", "h_n"
    )
    .replacingIfASCII(n.unicode, "w₃", "w_3")
    guard let pass = completeForward else {
      return text + "  \(n.h(sequenceLength)) is needed: \(pendingForward())\n"
    }
    let last = pass.count
    let dw3 = Cell.w3Term(h: pass.hidden[last], lossGradient: 1)
    text += "  \(n.derivative(n.yhat, n.w(3))) = \(n.h(last)) = \(n.value(dw3))\n"
    let live = state.backward.flatMap { Derivation.records(of: $0).output }
    guard let r = live else {
      return text + "  \(pendingBackward(n.dL(n.w(3))))\n"
    }
    text +=
      "  \(n.dL(n.w(3))) = \(n.dL(n.yhat))\(n.times)\(n.derivative(n.yhat, n.w(3))) = \(n.value(r.lossGradient, parenthesized: true))\(n.times)\(n.value(r.hn, parenthesized: true)) = \(n.value(r.w3Term))\n"
    if !r.w3TermApplied {
      text += n.text(
        "  mode article: the printed backward stores it in w3g, so w3.g stays \(n.value(r.w3Sum)) and w₃ never trains (erratum 1)\n"
      ).replacingIfASCII(n.unicode, "w₃", "w_3")
    }
    return text
  }

  private func renderHiddenWeightsEquation() -> String {
    let n = notation
    var text = "  \(ArticleEquation.hiddenWeights.formula(n))\n"
    text += n.text(
      "  ReLU′ is taken at aₜ, the value ReLU was applied to; hₜ > 0 exactly when aₜ > 0, so\n  the article's ReLU′(hₜ) gives the same number\n"
    ).replacingIfASCII(n.unicode, "aₜ", "a_t").replacingIfASCII(n.unicode, "hₜ", "h_t")
    let pass = state.forward
    let steps = pass?.steps ?? []
    let w = pass?.weights ?? state.model.weights
    func line(_ r: ForwardStep) -> String {
      let d = Derivation.local(r, weights: w)
      let t = r.t
      let rp = "ReLU\(n.prime)(\(n.a(t)))"
      return
        "  \(n.derivative(n.h(t), n.w(1))) = \(rp)\(n.times)\(n.x(t)) = \(n.value(d.reluPrime))\(n.times)\(n.value(r.x, parenthesized: true)) = \(n.value(d.w1))    \(n.derivative(n.h(t), n.w(2))) = \(rp)\(n.times)\(n.h(t - 1)) = \(n.value(d.reluPrime))\(n.times)\(n.value(r.hPrevious, parenthesized: true)) = \(n.value(d.w2))\n"
    }
    text += elidedLines(steps, notation: n, line)
    if steps.count < sequenceLength { text += "  \(pendingForward())\n" }
    return text
  }

  private func renderReluEquation() -> String {
    let n = notation
    var text = "  \(ArticleEquation.relu.formula(n))\n"
    text += n.text("  at exactly 0 both give 0, as the code's relu and d_relu do\n")
    let steps = state.forward?.steps ?? []
    func line(_ r: ForwardStep) -> String {
      let a = r.preactivation
      let side = a > 0 ? ">" : n.text("≤")
      return
        "  \(n.a(r.t)) = \(n.value(a)) \(side) 0:  ReLU(\(n.a(r.t))) = \(n.value(Cell.relu(a))),  ReLU\(n.prime)(\(n.a(r.t))) = \(n.value(Cell.reluPrime(a)))\n"
    }
    text += elidedLines(steps, notation: n, line)
    if steps.count < sequenceLength { text += "  \(pendingForward())\n" }
    return text
  }

  private func renderThroughTimeEquation() -> String {
    let n = notation
    let dy = { (t: Int) in n.derivative(n.yhat, n.h(t)) }
    let tt = n.sub("t")
    let t1 = n.sub("t+1")
    let w3 = n.w(3)
    let w2 = n.w(2)
    let w1 = n.w(1)
    var text = ""
    text += "  as printed:  \(n.derivative(n.yhat, "h" + n.sub("n"))) = \(w2)    "
    text +=
      n.text("corrected: = \(w3), since ŷ = h")
      + n.sub("n") + n.text("·\(w3) (Eq. 2)    erratum 4\n")
    text += "  as printed:  h\(t1) = ReLU(h\(tt)\(n.times)\(w2) + x\(n.sub(3))\(n.times)\(w1))    "
    text += "corrected: h\(t1) = ReLU(\(w1)\(n.times)x\(t1) + \(w2)\(n.times)h\(tt))    erratum 5\n"
    text +=
      "  as printed:  \(n.derivative("h" + t1, "h" + tt)) = ReLU\(n.prime)(h\(tt))\(n.times)\(w2)    corrected: = ReLU\(n.prime)(a\(t1))\(n.times)\(w2)    erratum 5\n"
    text += "  \(ArticleEquation.throughTime.formula(n))    "
    text += n.text("from t = n − 1 down to 1\n")
    guard let pass = completeForward else {
      return text
        + n.text("  ∂ŷ/∂hₜ needs the whole forward pass: ").replacingIfASCII(n.unicode, "hₜ", "h_t")
        + pendingForward() + "\n"
    }
    let target = state.target ?? 0
    let derivation = Derivation(forward: pass, target: target, mode: state.model.mode, steps: 0)
    let last = pass.count
    let s = derivation.outputSensitivity
    text +=
      "  \(dy(last)) = \(w3) = \(n.value(s[last]))    "
      + n.text("(as printed, \(w2) = \(n.value(pass.weights.w2)))\n")
    let indices = Array((1..<last).reversed())
    func line(_ t: Int) -> String {
      let next = pass.steps[t]  // step t+1
      let rp = Cell.reluPrime(next.preactivation)
      var line =
        "  \(dy(t)) = \(dy(t + 1))\(n.times)ReLU\(n.prime)(\(n.a(t + 1)))\(n.times)\(w2) = \(n.value(s[t + 1], parenthesized: true))\(n.times)\(n.value(rp))\(n.times)\(n.value(pass.weights.w2, parenthesized: true)) = \(n.value(s[t]))"
      // The printed text evaluates ReLU′ at h_t, the state coming in, instead of a_{t+1}.
      let printed = Derivation.reluPrimeAsPrinted(next)
      if printed != rp {
        line += n.text(
          "    (as printed, ReLU′(\(n.h(t))) = \(n.value(printed)): erratum 5)")
      }
      return line + "\n"
    }
    text += elidedLines(indices, notation: n, line)
    // The backward pass carries ∂L/∂h_t = ∂L/∂ŷ·∂ŷ/∂h_t.
    text += n.text("  BPTT carries ∂L/∂hₜ = ∂L/∂ŷ·∂ŷ/∂hₜ, the loss's share:\n")
      .replacingIfASCII(n.unicode, "hₜ", "h_t")
    let live = state.backward.map(Derivation.records(of:)) ?? (output: nil, timesteps: [])
    guard let out = live.output else {
      return text + "  \(pendingBackward(n.dL(n.h(last))))\n"
    }
    var known: [(t: Int, value: Double)] = [(last, out.dhn)]
    for r in live.timesteps where r.t > 1 { known.append((r.t - 1, r.dhPrevious)) }
    let shownKnown = elision(known.count, keep: 5)
    func knownLine(_ k: (t: Int, value: Double)) -> String {
      "  \(n.dL(n.h(k.t))) = \(n.value(out.lossGradient, parenthesized: true))\(n.times)\(n.value(s[k.t], parenthesized: true)) = \(n.value(k.value))\n"
    }
    for i in shownKnown.head { text += knownLine(known[i]) }
    if shownKnown.skipped > 0 { text += n.text("  … \(shownKnown.skipped) more timesteps …\n") }
    for i in shownKnown.tail { text += knownLine(known[i]) }
    if let lowest = known.last?.t, lowest > 1 {
      text += "  \(pendingBackward(n.dL(n.h(lowest - 1))))\n"
    }
    return text
  }

  private func renderAllTogetherEquation() -> String {
    let n = notation
    var text = ""
    for weight in [2, 1] {
      text +=
        "  \(n.dL(n.w(weight))) = \(n.dL(n.yhat))\(n.times)\(n.sum)\(n.sub("t")) \(n.derivative(n.yhat, "h" + n.sub("t")))\(n.times)\(n.derivative("h" + n.sub("t"), n.w(weight)))\n"
    }
    text += n.text("  w₁ and w₂ act at every timestep, so every path from them to L adds a term\n")
      .replacingIfASCII(n.unicode, "w₁", "w_1").replacingIfASCII(n.unicode, "w₂", "w_2")
    guard let pass = completeForward else {
      return text + "  \(pendingForward())\n"
    }
    guard let y = state.target else { return text + "  no target y: 'target Y' sets it\n" }
    let liveSteps = state.backward?.steps.count ?? 0
    let derivation = Derivation(forward: pass, target: y, mode: state.model.mode, steps: liveSteps)
    guard let out = derivation.output else {
      return text + "  \(pendingBackward("the sums", plural: true))\n"
        + "  'derive w1' works them out now, on a copy\n"
    }
    let s = derivation.outputSensitivity
    let records = derivation.timesteps
    text += n.text(
      "  with ∂L/∂ŷ = \(n.value(out.lossGradient)), ∂ŷ/∂hₜ from §2.5 and ∂hₜ/∂w from §2.3, t = \(pass.count) down to 1:\n"
    ).replacingIfASCII(n.unicode, "hₜ", "h_t")
    for weight in [2, 1] {
      var line =
        "  \(n.dL(n.w(weight))) = \(n.value(out.lossGradient, parenthesized: true))\(n.times)("
      let shown = elision(records.count, keep: 2)
      func term(_ r: TimestepGradientStep) -> String {
        let d = Derivation.local(pass.steps[r.t - 1], weights: pass.weights)
        return
          "\(n.value(s[r.t], parenthesized: true))\(n.times)\(n.value(weight == 1 ? d.w1 : d.w2, parenthesized: true))"
      }
      var terms = shown.head.map { term(records[$0]) }
      if shown.skipped > 0 { terms.append(n.text("…")) }
      terms += shown.tail.map { term(records[$0]) }
      if records.count < pass.count { terms.append(n.text("…")) }
      line += terms.joined(separator: " + ")
      line += ")"
      if let lastRecord = records.last {
        let sum = weight == 1 ? lastRecord.w1Sum : lastRecord.w2Sum
        line += " = \(n.value(sum))"
        if records.count < pass.count { line += " so far" }
      }
      text += line + "\n"
    }
    if records.count < pass.count {
      let next = pass.count - records.count
      let range = next == 1 ? "t = 1" : "t = \(next)…1"
      text += n.text(
        "  \(range) not computed yet: 'back' computes the next step ('backward' the rest)\n")
    }
    text += "  'derive w1' and 'derive w2' list every term with its running sum\n"
    return text
  }
}
