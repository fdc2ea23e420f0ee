import RNN

// The `eq` screens: each equation as the article writes it, then with the session's numbers,
// then the result. The numbers come from the forward and backward records and from `Cell`;
// nothing here re-derives a formula.

extension Notation {
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

/// One line per item, the middle of a long sequence elided as `elidedLine` words it.
func elidedLines<Items: RandomAccessCollection<Item>, Item>(
  _ items: Items, keep: Int = 5, notation n: Notation, shownBy command: String? = nil,
  _ line: (Item) -> String
) -> String where Items.Index == Int {
  let shown = elision(items.count, keep: keep)
  let first = items.startIndex
  var text = shown.head.map { line(items[first + $0]) }.joined()
  if shown.skipped > 0 {
    text += n.text("  " + elidedLine(shown.skipped, shownBy: command) + "\n")
  }
  return text + shown.tail.map { line(items[first + $0]) }.joined()
}

extension Session {
  /// `eq list`: one line per equation.
  func renderEquationList() -> String {
    let n = notation
    var text = ""
    for e in ArticleEquation.allCases {
      text +=
        "  eq \(TextLayout.rightPad(e.rawValue, 4)) \(TextLayout.rightPad(n.text(e.place), 13)) \(e.topic)\n"
      text += "           \(e.formula(n))\n"
    }
    text += n.text(
      "'eq N' shows one with the session's numbers; 'eq 1.3' and 'eq 2.1' name Eq. 3 and Eq. 4 by section.\n"
    )
    return text
  }

  /// One equation with the session's numbers, or what is still missing for them; for the
  /// generalised cell (beyond the article), the form it runs and its live biases after it.
  func renderEquation(_ e: ArticleEquation) -> String {
    let n = notation
    var text = renderArticleEquation(e)
    let cell = CellEquation(n: n)
    guard let caption = cell.caption else { return text }
    switch e {
    case .hiddenState, .output:
      text += n.text(
        "  the session's cell, beyond the article: \(e == .output ? cell.output : cell.hidden)\n")
    case .relu:
      text += n.text("  the session's activation, beyond the article: \(cell.derivativeSymbolic)\n")
      let activation = state.model.cellActivation
      if activation != .relu {
        let eq24 = ReluEquation(n: n)
        text += elidedLines(state.forward?.steps ?? [], notation: n) {
          "  \(eq24.activationRow($0, activation: activation))\n"
        }
      }
    default:
      break
    }
    return text + n.text(caption) + "\n"
  }

  private func renderArticleEquation(_ e: ArticleEquation) -> String {
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

  /// What the screens say when a value needs the target and there is none.
  static let noTarget = "no target y: 'target Y' sets it"

  /// Why the backward quantities are not there yet: no target, or no backward step done.
  func pendingBackward(_ what: String, plural: Bool = false) -> String {
    guard state.target != nil else { return Self.noTarget }
    return notation.text(
      "\(what) not computed yet: 'back' computes \(plural ? "them" : "it") ('backward' runs all of BPTT)"
    )
  }

  /// What Eq. 1 and Eq. 4 substitute: the complete forward pass, its ŷ and the target y, or
  /// nil while either is missing (`missingLossOperand` says which).
  private var lossOperands: (pass: ForwardPass, yhat: Double, y: Double)? {
    guard let pass = completeForward, let yhat = pass.prediction, let y = state.target else {
      return nil
    }
    return (pass, yhat, y)
  }

  /// The line that says which of ŷ and y Eq. 1 and Eq. 4 still need.
  private var missingLossOperand: String {
    guard completeForward?.prediction != nil else {
      return "  \(notation.yhat) is needed: \(pendingForward())\n"
    }
    return "  \(Self.noTarget)\n"
  }

  /// One line per forward step done so far, the middle of a long pass elided, then what is
  /// still to compute while the pass is not complete.
  private func forwardStepLines(
    shownBy command: String? = nil, _ line: (ForwardStep) -> String
  ) -> String {
    let steps = state.forward?.steps ?? []
    var text = elidedLines(steps, notation: notation, shownBy: command, line)
    if steps.count < sequenceLength { text += "  \(pendingForward())\n" }
    return text
  }

  // MARK: Eq. 1–4

  private func renderLossEquation() -> String {
    let n = notation
    let eq1 = LossEquation(n: n)
    var text = "  \(eq1.symbolic)"
    text += "    as the article writes it; t = n, the last step\n"
    guard case (let pass, let yhat, let y)? = lossOperands else { return text + missingLossOperand }
    text += "  \(eq1.substituted(prediction: yhat, target: y))\n"
    text += n.text(
      "  as printed in §2.1's code, mse(x, y) = ((x − y)/2)² is a quarter, not a half (erratum \(LossEquation.printedErratum)):\n"
    )
    text += "  \(eq1.printedSubstituted(prediction: yhat, target: y))\n"
    // The mode's own loss decides: only article mode reports the printed mse (text mode's
    // text prints Eq. 1 right); Part 1 always reports Eq. 1.
    let reported =
      state.model.mode == .article && pass.architecture != .part1 ? "the printed mse" : "Eq. 1"
    text +=
      "  this session reports \(reported) (mode \(state.model.mode.rawValue); 'mode' switches)\n"
    return text
  }

  private func renderOutputEquation() -> String {
    let n = notation
    let eq2 = OutputEquation(n: n)
    var text = "  \(eq2.symbolic)"
    text += "    as the article writes it; only the last step's output is used\n"
    guard let pass = completeForward, let line = eq2.substituted(pass) else {
      return text + "  \(eq2.unknown(length: sequenceLength)): \(pendingForward())\n"
    }
    text += "  \(line)\n"
    if pass.architecture == .part1 {
      text +=
        "  model part1 rounds to one decimal, as Part 1's code does ('model part2' uses Eq. 2)\n"
    }
    return text
  }

  private func renderHiddenStateEquation() -> String {
    let n = notation
    let eq3 = HiddenStateEquation(n: n)
    let activation = state.model.cellActivation
    var text = "  \(eq3.symbolic)"
    text += "    as the article writes it; \(n.h(0)) = 0\n"
    if activation == .absoluteValue && state.model.architecture == .part1 {
      text += "  model part1 runs Part 1's code, which applies abs, not ReLU (erratum 7)\n"
    }
    let w = state.forward?.weights ?? state.model.weights
    text +=
      "  with \(n.w(1)) = \(n.value(w.w1)) and \(n.w(2)) = \(n.value(w.w2)), in the order the code adds them (\(eq3.codeOrder)):\n"
    func line(_ r: ForwardStep) -> String {
      var line = "  \(eq3.substituted(r, weights: w, activation: activation))"
      if let note = eq3.activationNote(r, activation: activation, showingValue: true) {
        line += "    (\(note))"
      }
      return line + "\n"
    }
    return text + forwardStepLines(shownBy: "states all", line)
  }

  private func renderLossGradientEquation() -> String {
    let n = notation
    let eq4 = LossGradientEquation(n: n)
    var text = "  as printed:  \(eq4.asPrinted)\n"
    text +=
      "  corrected:   \(eq4.symbolic)    (erratum \(LossGradientEquation.printedErratum): the inner derivative of y \(n.minus) \(n.yhat) is \(n.minus)1)\n"
    guard case (_, let yhat, let y)? = lossOperands else { return text + missingLossOperand }
    text += "  as printed:  \(eq4.printedSubstitution(prediction: yhat, target: y))\n"
    text +=
      "  corrected:   \(eq4.substitution(prediction: yhat, target: y))    the code's d_mse computes this one\n"
    return text
  }

  // MARK: §2.2–2.6

  private func renderOutputWeightEquation() -> String {
    let n = notation
    let eq22 = OutputWeightEquation(n: n)
    var text = "  \(eq22.symbolic)"
    text += "    from Eq. 2, a product: \(n.yhat) = \(n.h("n"))\(n.times)\(n.w(3))\n"
    guard let pass = completeForward else {
      return text + "  \(n.h(sequenceLength)) is needed: \(pendingForward())\n"
    }
    text += "  \(eq22.factor(pass))\n"
    guard let r = state.backward?.output else {
      return text + "  \(pendingBackward(n.dL(n.w(3))))\n"
    }
    text += "  \(eq22.chainRule) = \(eq22.product(r))\n"
    if !r.w3TermApplied {
      text +=
        "  mode article: the printed backward stores it in w3g, so w3.g stays \(n.value(r.w3Sum)) and \(n.w(3)) never trains (erratum 1)\n"
    }
    return text
  }

  private func renderHiddenWeightsEquation() -> String {
    let n = notation
    let eq23 = HiddenWeightsEquation(n: n)
    var text = "  \(eq23.symbolic)\n"
    text +=
      "  ReLU\(n.prime) is taken at \(n.a("t")), the value ReLU was applied to; \(n.h("t")) > 0 exactly when \(n.a("t")) > 0, so\n  the article's ReLU\(n.prime)(\(n.h("t"))) gives the same number\n"
    return text + forwardStepLines { "  \(eq23.substituted($0))\n" }
  }

  private func renderReluEquation() -> String {
    let n = notation
    let eq24 = ReluEquation(n: n)
    var text = "  \(eq24.symbolic)\n"
    text += "  at exactly 0 both give 0, as the code's relu and d_relu do\n"
    return text + forwardStepLines { "  \(eq24.substituted($0))\n" }
  }

  private func renderThroughTimeEquation() -> String {
    let n = notation
    let eq25 = ThroughTimeEquation(n: n)
    var text = eq25.printedAndCorrected.map { "  \($0)\n" }.joined()
    text += "  \(eq25.symbolic)    from t = n \(n.minus) 1 down to 1\n"
    guard let pass = completeForward else {
      return text + "  \(n.derivative(n.yhat, n.h("t"))) needs the whole forward pass: "
        + pendingForward() + "\n"
    }
    let last = pass.count
    let s = pass.outputSensitivities
    let w2 = pass.weights.w2
    text +=
      "  \(n.derivative(n.yhat, n.h(last))) = \(n.w(3)) = \(n.value(s[last]))    (as printed, \(n.w(2)) = \(n.value(w2)))\n"
    func line(_ t: Int) -> String {
      let next = pass.steps[t]  // step t+1
      var line =
        "  "
        + eq25.recursion(
          of: n.yhat, t: t, incoming: s[t + 1], reluPrime: next.reluPrime, w2: w2, result: s[t])
      if next.reluPrimeAsPrinted != next.reluPrime {
        line +=
          "    (as printed, ReLU\(n.prime)(\(n.h(t))) = \(n.value(next.reluPrimeAsPrinted)): erratum \(ThroughTimeEquation.recursionErratum))"
      }
      return line + "\n"
    }
    text += elidedLines(Array((1..<last).reversed()), notation: n, line)
    text += "  BPTT carries \(eq25.lossShare), the loss's share:\n"
    guard let pass = state.backward, let out = pass.output else {
      return text + "  \(pendingBackward(n.dL(n.h(last))))\n"
    }
    var known: [(t: Int, value: Double)] = [(last, out.dhn)]
    for r in pass.timesteps where r.t > 1 { known.append((r.t - 1, r.dhPrevious)) }
    text += elidedLines(known, notation: n) { k in
      "  "
        + eq25.lossShare(
          t: k.t, lossGradient: out.lossGradient, sensitivity: s[k.t], result: k.value)
        + "\n"
    }
    if let lowest = known.last?.t, lowest > 1 {
      text += "  \(pendingBackward(n.dL(n.h(lowest - 1))))\n"
    }
    return text
  }

  private func renderAllTogetherEquation() -> String {
    let n = notation
    let eq26 = AllTogetherEquation(n: n)
    var text = ""
    for weight in [Weight.w2, .w1] { text += "  \(eq26.symbolic(weight))\n" }
    text +=
      "  \(n.w(1)) and \(n.w(2)) act at every timestep, so every path from them to L adds a term\n"
    guard let pass = completeForward else {
      return text + "  \(pendingForward())\n"
    }
    guard let y = state.target else { return text + "  \(Self.noTarget)\n" }
    let liveSteps = state.backward?.steps.count ?? 0
    let derivation = BackwardPass.fromZero(
      forward: pass, target: y, mode: state.model.mode, truncation: state.model.truncation,
      steps: liveSteps)
    guard let out = derivation.output else {
      return text + "  \(pendingBackward("the sums", plural: true))\n"
        + "  'derive w1' works them out now, on a copy\n"
    }
    let records = derivation.timesteps
    text += n.text(
      "  with ∂L/∂ŷ = \(n.value(out.lossGradient)), ∂ŷ/∂hₜ from §2.5 and ∂hₜ/∂w from §2.3, t = \(pass.count) down to 1:\n"
    )
    for weight in [Weight.w2, .w1] {
      var line =
        "  \(n.dL(n.w(weight.index))) = \(n.value(out.lossGradient, parenthesized: true))\(n.times)("
      let shown = elision(records.count, keep: 2)
      func term(_ r: TimestepGradientStep) -> String {
        "\(n.value(r.outputSensitivity, parenthesized: true))\(n.times)\(n.value(weight == .w1 ? r.hiddenByW1 : r.hiddenByW2, parenthesized: true))"
      }
      var terms = shown.head.map { term(records[$0]) }
      if shown.skipped > 0 { terms.append(n.text("…")) }
      terms += shown.tail.map { term(records[$0]) }
      if records.count < pass.count { terms.append(n.text("…")) }
      line += terms.joined(separator: " + ")
      line += ")"
      if let lastRecord = records.last {
        let sum = weight == .w1 ? lastRecord.w1Sum : lastRecord.w2Sum
        line += " = \(n.value(sum))"
        if records.count < pass.count { line += " so far" }
      }
      text += line + "\n"
    }
    if records.count < pass.count {
      let next = pass.count - records.count
      let range = next == 1 ? "t = 1" : "t = \(next)\(n.text("…"))1"
      text += "  \(range) not computed yet: 'back' computes the next step ('backward' the rest)\n"
    }
    text += "  'derive w1' and 'derive w2' list every term with its running sum\n"
    return text
  }
}
