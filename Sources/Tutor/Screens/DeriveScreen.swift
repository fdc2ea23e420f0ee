import RNN

extension Session {
  /// `derive w1|w2|w3`: §2.6's chain rule for one weight, one line per timestep, worked out
  /// on a copy from zero gradients so it ends at what `print wN.g` shows after `zero` and
  /// `backward`.
  func renderDerivation(_ weight: Weight) -> String {
    let n = notation
    let loss = "L"
    let dL = n.derivative(loss, n.w(weight.index))
    var text: String
    switch weight {
    case .w3:
      text =
        n.text(
          "derive w3 — §2.2: \(dL) = \(n.derivative(loss, n.yhat))·\(n.derivative(n.yhat, n.w(3))) = \(n.derivative(loss, n.yhat))·"
        ) + "h" + n.sub("n") + "\n"
      text += n.text("w3 acts only at the output, so there is one term and no sum over t\n")
    case .w1, .w2:
      let t = n.sub("t")
      let factor = weight == .w1 ? "x" + t : "h" + n.sub("t-1")
      text = n.text(
        "derive \(weight.rawValue) — §2.6: \(dL) = \(n.derivative(loss, n.yhat))·\(n.sum)\(t) \(n.derivative(n.yhat, "h" + t))·\(n.derivative("h" + t, n.w(weight.index))),"
      )
      text += n.text(
        " with \(n.derivative("h" + t, n.w(weight.index))) = ReLU′(a\(t))·\(factor) (§2.3)\n")
    }
    guard let pass = completeForward else {
      text += n.text("the sum needs the whole forward pass: ") + pendingForward() + "\n"
      return text + renderKnownFactors(weight)
    }
    guard let y = state.target else {
      return text + "no target y: 'target Y' sets it\n" + renderKnownFactors(weight)
    }
    let derivation = Derivation(forward: pass, target: y, mode: state.model.mode)
    guard let out = derivation.output else { return text }
    text += n.text(
      "worked out on a copy from zero gradients; the session's gradients are not touched\n")
    text += n.text(
      "\(n.derivative(loss, n.yhat)) = ŷ − y = \(n.value(out.prediction)) − \(n.value(out.target, parenthesized: true)) = \(n.value(out.lossGradient))    (Eq. 4, sign corrected)\n"
    )
    let result: Double
    switch weight {
    case .w3:
      text +=
        "\(dL) = \(n.value(out.lossGradient, parenthesized: true))\(n.times)\(n.value(out.hn, parenthesized: true)) = \(n.value(out.w3Term))\n"
      result = out.w3Sum
      if !out.w3TermApplied {
        text += n.text(
          "mode article: the printed backward stores this in w3g, not w3.g, so w3.g stays 0 (erratum 1)\n"
        )
      }
    case .w1, .w2:
      let records = derivation.timesteps
      text += n.text(
        "each term is \(n.derivative(loss, n.yhat))·\(n.derivative(n.yhat, "h" + n.sub("t")))·ReLU′(a\(n.sub("t")))·\(weight == .w1 ? "x" + n.sub("t") : "h" + n.sub("t-1")), added as BPTT does, t = \(pass.count) down to 1:\n"
      )
      let header = [
        "t", n.derivative(n.yhat, "h" + n.sub("t")), "ReLU\(n.prime)(a\(n.sub("t")))",
        weight == .w1 ? "x" + n.sub("t") : "h" + n.sub("t-1"), "term", "running sum",
      ]
      func row(_ r: TimestepGradientStep) -> [String] {
        [
          String(r.t), n.value(derivation.outputSensitivity[r.t]), n.value(r.reluPrime),
          n.value(weight == .w1 ? r.x : r.hPrevious), n.value(weight == .w1 ? r.w1Term : r.w2Term),
          n.value(weight == .w1 ? r.w1Sum : r.w2Sum),
        ]
      }
      let shown = elision(records.count, keep: 10)
      var rows = shown.head.map { row(records[$0]) }
      if shown.skipped > 0 { rows.append([n.text("…"), "", "", "", "", ""]) }
      rows += shown.tail.map { row(records[$0]) }
      // The elision row renders as a lone "…"; it gets its words after the columns are sized.
      text += renderTable(header, rows, unicode: n.unicode).replacing(
        "\n" + n.text("…") + "\n",
        with: "\n" + n.text("… \(shown.skipped) timesteps not shown …") + "\n")
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
    text += "'zero' then 'backward' makes 'print \(weight.rawValue).g' show \(result.description)\n"
    let now = state.model.gradients[weight]
    if now == 0 && result != 0 {
      text +=
        "(the session's \(weight.rawValue).g is 0 until 'back' or 'backward' adds these terms)\n"
    } else if now != result {
      text +=
        "(the session's \(weight.rawValue).g is \(now.description) now: it adds up every backward pass since the last 'zero')\n"
    }
    if let live = state.backward, !live.isComplete {
      text += n.text(
        "(the session's own BPTT is at step \(live.steps.count) of \(live.count); 'back' continues it)\n"
      )
    }
    return text
  }

  /// The factors of `weight`'s terms that the forward steps done so far already give.
  private func renderKnownFactors(_ weight: Weight) -> String {
    let n = notation
    let steps = state.forward?.steps ?? []
    guard weight != .w3, !steps.isEmpty else { return "" }
    let w = state.forward!.weights
    let factor = weight == .w1 ? "x" + n.sub("t") : "h" + n.sub("t-1")
    var text = n.text(
      "known so far, \(n.derivative("h" + n.sub("t"), n.w(weight.index))) = ReLU′(a\(n.sub("t")))·\(factor):\n"
    )
    let shown = elision(steps.count, keep: 10)
    func row(_ r: ForwardStep) -> [String] {
      let d = Derivation.local(r, weights: w)
      return [
        String(r.t), n.value(d.reluPrime), n.value(weight == .w1 ? r.x : r.hPrevious),
        n.value(weight == .w1 ? d.w1 : d.w2),
      ]
    }
    var rows = shown.head.map { row(steps[$0]) }
    if shown.skipped > 0 { rows.append([n.text("…"), "", "", ""]) }
    rows += shown.tail.map { row(steps[$0]) }
    text += renderTable(
      [
        "t", "ReLU\(n.prime)(a\(n.sub("t")))", factor,
        n.derivative("h" + n.sub("t"), n.w(weight.index)),
      ],
      rows, unicode: n.unicode)
    return text
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
