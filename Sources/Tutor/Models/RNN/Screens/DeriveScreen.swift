import RNN

extension Session {
  /// `derive w1|w2|w3`: §2.6's chain rule for one weight, one line per timestep, worked out
  /// on a copy from zero gradients so it ends at what `print wN.g` shows after `zero` and
  /// `backward`.
  func renderDerivation(_ weight: Weight) -> String {
    let n = notation
    let dL = n.dL(n.w(weight.index))
    let eq23 = HiddenWeightsEquation(n: n)
    var text: String
    switch weight {
    case .w3:
      text =
        "derive w3 \(n.text("—")) \(n.text("§2.2")): \(OutputWeightEquation(n: n).chainRule) = \(n.dL(n.yhat))\(n.times)\(n.h("n"))\n"
      text += "w3 acts only at the output, so there is one term and no sum over t\n"
    case .w1, .w2:
      text =
        "derive \(weight.rawValue) \(n.text("—")) \(n.text("§2.6")): \(AllTogetherEquation(n: n).symbolic(weight)),"
      text += " with \(eq23.corrected(weight)) (\(n.text("§2.3")))\n"
    }
    guard let pass = completeForward else {
      text += "the sum needs the whole forward pass: " + pendingForward() + "\n"
      return text + renderKnownFactors(weight)
    }
    guard let y = state.target else {
      return text + "no target y: 'target Y' sets it\n" + renderKnownFactors(weight)
    }
    let derivation = BackwardPass.fromZero(
      forward: pass, target: y, mode: state.model.mode, truncation: state.model.truncation)
    guard let out = derivation.output else { return text }
    text += "worked out on a copy from zero gradients; the session's gradients are not touched\n"
    let printed = derivation.mode.followsPrintedEquations
    text +=
      "\(LossGradientEquation(n: n).substituted(out, printed: printed))    \(printed ? "(Eq. 4 as printed: the sign is wrong, erratum 3)" : "(Eq. 4, sign corrected)")\n"
    let result: Double
    switch weight {
    case .w3:
      text += "\(dL) = \(OutputWeightEquation(n: n).product(out))\n"
      result = out.w3Sum
      if !out.w3TermApplied {
        text +=
          "mode article: the printed backward stores this in w3g, not w3.g, so w3.g stays 0 (erratum 1)\n"
      }
    case .w1, .w2:
      let records = derivation.timesteps
      let factor = eq23.factor(weight)
      let dyh = n.derivative(n.yhat, n.h("t"))
      text +=
        "each term is \(n.dL(n.yhat))\(n.times)\(dyh)\(n.times)\(eq23.reluPrime("t"))\(n.times)\(factor), added as BPTT does, t = \(pass.count) down to \(records.last?.t ?? 1)"
        + (derivation.droppedTimesteps.map {
          " (truncate \(derivation.truncation!): \(timestepRange($0)) dropped, beyond the article)"
        } ?? "") + ":\n"
      let header = ["t", dyh, eq23.reluPrime("t"), factor, "term", "running sum"]
      func row(_ r: TimestepGradientStep) -> [String] {
        [
          String(r.t), n.value(r.outputSensitivity), n.value(r.reluPrime),
          n.value(weight == .w1 ? r.x : r.hPrevious), n.value(weight == .w1 ? r.w1Term : r.w2Term),
          n.value(weight == .w1 ? r.w1Sum : r.w2Sum),
        ]
      }
      text += elidedTable(header, records.map(row), keep: 10, notation: n)
      let terms = records.map { weight == .w1 ? $0.w1Term : $0.w2Term }
      let sum = weight == .w1 ? records.last!.w1Sum : records.last!.w2Sum
      let termShown = elision(terms.count, keep: 3)
      var parts = termShown.head.map { n.value(terms[$0], parenthesized: true) }
      if termShown.skipped > 0 { parts.append(n.text("…")) }
      parts += termShown.tail.map { n.value(terms[$0], parenthesized: true) }
      text += "\(dL) = \(parts.joined(separator: " + ")) = \(n.value(sum))"
      text += terms.count > 1 ? " (\(terms.count) terms)\n" : "\n"
      result = sum
    }
    text += "'zero' then 'backward' makes 'print \(weight.rawValue).g' show \(plainNumber(result))\n"
    let now = state.model.gradients[weight]
    if now == 0 && result != 0 {
      text +=
        "(the session's \(weight.rawValue).g is 0 until 'back' or 'backward' adds these terms)\n"
    } else if now != result {
      text +=
        "(the session's \(weight.rawValue).g is \(now.description) now: it adds up every backward pass since the last 'zero')\n"
    }
    if let live = state.backward, !live.isComplete {
      text +=
        "(the session's own BPTT is at step \(live.steps.count) of \(live.count); 'back' continues it)\n"
    }
    if let caption = CellEquation(n: n).caption { text += n.text(caption) + "\n" }
    return text
  }

  /// The factors of `weight`'s terms that the forward steps done so far already give.
  private func renderKnownFactors(_ weight: Weight) -> String {
    let n = notation
    let eq23 = HiddenWeightsEquation(n: n)
    let steps = state.forward?.steps ?? []
    guard weight != .w3, !steps.isEmpty else { return "" }
    let text = "known so far, \(eq23.corrected(weight)):\n"
    func row(_ r: ForwardStep) -> [String] {
      [
        String(r.t), n.value(r.reluPrime), n.value(weight == .w1 ? r.x : r.hPrevious),
        n.value(weight == .w1 ? r.hiddenByW1 : r.hiddenByW2),
      ]
    }
    let header = ["t", eq23.reluPrime("t"), eq23.factor(weight), eq23.symbol(weight)]
    return text + elidedTable(header, steps.map(row), keep: 10, notation: n)
  }

  /// A table whose middle rows are left out past 2·`keep` + 2 rows, with a line saying how
  /// many.
  func elidedTable(_ header: [String], _ rows: [[String]], keep: Int, notation n: Notation)
    -> String
  {
    guard elision(rows.count, keep: keep).skipped > 0 else {
      return renderTable(header, rows, unicode: n.unicode)
    }
    return renderElidedTable(header, rows, keep: keep) { elidedLine($0) }
  }

}
