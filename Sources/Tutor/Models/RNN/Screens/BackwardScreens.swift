import RNN

extension Session {
  func renderBackwardStep(_ record: BackwardStep, in pass: BackwardPass) -> String {
    let n = notation
    let number = pass.steps.count
    // Mode text (beyond the article) runs the equations as printed; each line names its erratum.
    let printed = pass.mode.followsPrintedEquations
    switch record {
    case .output(let r):
      let last = pass.forward.count
      let eq22 = OutputWeightEquation(n: n)
      // A loss at every step (beyond the article): ŷ carries its timestep.
      let every = pass.loss.readsEveryStep
      var text =
        n.styled(
          "BPTT step \(number) of \(pass.count): from L back to \(n.yhat)\(every ? n.sub(last) : ""), \(n.w(3)) and \(n.h(last))",
          .heading) + "\n"
      text +=
        every
        ? "  \(outputLossGradientLine(t: last, length: last, prediction: r.prediction, target: r.target, gradient: r.lossGradient, loss: pass.loss))    \(n.text("a loss at every step, beyond Eq. 1"))\n"
        : "  \(LossGradientEquation(n: n).substituted(r, printed: printed))    \(LossGradientEquation.note(printed: printed))\n"
      let term = eq22.term(r, length: last, every: every)
      if r.w3TermApplied {
        text += "  \(term)   \(n.w(3)).g = \(n.value(r.w3Sum))    \(n.text("§2.2"))\n"
      } else {
        text += "  \(term)   \(eq22.lostTerm(r))\n"
      }
      text +=
        printed
        ? "  \(ThroughTimeEquation(n: n).outputGradient(r, length: last, printedW2: pass.forward.weights.w2))    \(n.text("§2.5")) as printed: Eq. 2 has \(n.w(3)), not \(n.w(2)) (erratum \(ThroughTimeEquation.outputErratum))\n"
        : "  \(ThroughTimeEquation(n: n).outputGradient(r, length: last, every: every))    \(n.text("§2.5")) (the text prints \(n.w(2)): erratum \(ThroughTimeEquation.outputErratum))\n"
      if n.cell.hasBiases {
        text += "  \(CellEquation(n: n).cTerm(r, every: every))\n"
      }
      if every && last > 1 {
        text += n.text(
          "  (a loss at every step: each timestep below adds the road from its own ŷₜ)\n")
      }
      return text
    case .timestep(let r):
      let t = r.t
      let loop = TimestepBackwardEquation(n: n)
      var text =
        n.styled(
          "BPTT step \(number) of \(pass.count): timestep t = \(t)    \(n.text("§2.5–2.6"))"
            + (r.hasTwoRoads ? "   two roads into \(n.dL(n.h(t)))" : ""),
          .heading)
        + "\n"
      if let o = r.output {
        // A loss at every step (beyond the article): ŷ_t's own terms, then both roads.
        text +=
          "  \(outputLossGradientLine(t: t, length: pass.length, prediction: o.prediction, target: o.target, gradient: o.lossGradient, loss: pass.loss))\n"
        text +=
          "  \(OutputWeightEquation(n: n).term(o, length: t, every: true))   \(n.w(3)).g = \(n.value(o.w3Sum))\n"
        if n.cell.hasBiases { text += "  \(CellEquation(n: n).cTerm(o, every: true))\n" }
        text +=
          "  \(ThroughTimeEquation(n: n).twoRoads(r))    \(n.text("from \(n.yhat)\(n.sub(t)) and from \(n.h(t + 1))"))\n"
      }
      text += "  \(loop.tmp(r, printed: printed))"
      text +=
        r.reluPrime == 0
        ? "   (\(n.a(t)) = \(n.value(r.preactivation)): no gradient passes)\n" : "\n"
      text +=
        "  \(n.w(2)) term = \(loop.w2Term(r))   \(n.w(2)).g = \(n.styled(n.value(r.w2Sum), .result))\n"
      text +=
        "  \(n.w(1)) term = \(loop.w1Term(r))   \(n.w(1)).g = \(n.styled(n.value(r.w1Sum), .result))\n"
      if n.cell.hasBiases {
        text += "  \(CellEquation(n: n).bTerm(r))\n"
      }
      text +=
        "  \(loop.hiddenGradient(r, printed: printed, partial: pass.loss.readsEveryStep && t > 1))"
      if printed && t > 1 {
        text +=
          "    \(n.text("§2.5")) as printed: ReLU\(n.prime)(\(n.h(t - 1))) where the math has ReLU\(n.prime)(\(n.a(t))) (erratum \(ThroughTimeEquation.recursionErratum))"
      }
      if t == 1 {
        text += "   (\(n.h(0)) is fixed: BPTT ends here)\n"
      } else if pass.isComplete, let k = pass.truncation {
        // Truncated BPTT (beyond the article): h_{n−K} is held constant, as detach() does.
        text +=
          "\n  truncate \(k): \(n.h(t - 1)) is held constant, so BPTT ends here; \(timestepRange(pass.droppedTimesteps!)) dropped (beyond the article)\n"
      } else {
        text += "\n"
      }
      return text
    }
  }

  func renderGradientSummary() -> String {
    let g = state.model.gradients
    let n = notation
    let biases = n.cell.hasBiases ? ", b.g = \(n.value(g.b)), c.g = \(n.value(g.c))" : ""
    return
      "gradients: \(n.w(1)).g = \(n.value(g.w1)), \(n.w(2)).g = \(n.value(g.w2)), \(n.w(3)).g = \(n.value(g.w3))\(biases)\n"
  }

  func renderGrads(elide: Bool = false) -> String {
    let n = notation
    guard let pass = state.backward else {
      return "no backward pass yet ('back' or 'backward')\n" + renderGradientSummary()
    }
    var rows: [[String]] = []
    // The generalised cell's b and c terms (beyond the article) get a table of their own
    // under §2.3's, so that neither is wider than the article's seven columns and both fit
    // 80 columns (as two more columns they made it 84 wide with the shortest numbers).
    let biased = n.cell.hasBiases
    var biasRows: [[String]] = []
    // A loss at every step (beyond the article): each ŷₜ's terms, in a table of their own so
    // that §2.3's stays 80 columns wide.
    var outputRows: [[String]] = []
    func outputRow(_ o: OutputGradientStep) -> [String] {
      [String(o.t), n.number(o.lossGradient), n.number(o.w3Term)]
        + (biased ? [n.number(o.cTerm)] : [])
    }
    for record in pass.steps {
      switch record {
      case .output(let r):
        if pass.loss.readsEveryStep { outputRows.append(outputRow(r)) }
        rows.append(
          [
            "out", n.number(r.lossGradient), "", "", "", "",
            n.number(r.w3Term) + (r.w3TermApplied ? "" : " (lost)"),
          ])
        biasRows.append(["out", "", n.number(r.cTerm)])
      case .timestep(let r):
        rows.append(
          [
            String(r.t), n.number(r.dh), n.number(r.reluPrime), n.number(r.tmp),
            n.number(r.w1Term), n.number(r.w2Term), "",
          ])
        biasRows.append([String(r.t), n.number(r.bTerm), ""])
        if let o = r.output { outputRows.append(outputRow(o)) }
      }
    }
    if pass.isComplete, let dropped = pass.droppedTimesteps {
      rows.append([timestepRange(dropped, prefix: false), "dropped", "", "", "", "", ""])
      biasRows.append([timestepRange(dropped, prefix: false), "dropped", ""])
    }
    let g = state.model.gradients
    rows.append(["sum (.g)", "", "", "", n.number(g.w1), n.number(g.w2), n.number(g.w3)])
    biasRows.append(["sum (.g)", n.number(g.b), n.number(g.c)])
    let eq23 = HiddenWeightsEquation(n: n)
    var text = renderLongTable(
      [
        "t", n.dL(n.h("t")), eq23.reluPrime("t"), "tmp",
        "\(n.w(1)) term", "\(n.w(2)) term", "\(n.w(3)) term",
      ], rows, fixedHead: 1,
      fixedFoot: rows.count - pass.steps.count, elide: elide, command: "grads")
    if biased {
      text +=
        "the biases' terms (beyond the article): b term = tmp\(n.sub("t"))\(n.times)1, c term = \(n.dL(n.yhat))\(n.times)1\n"
      text += renderLongTable(
        ["t", "b term", "c term"], biasRows, fixedHead: 1,
        fixedFoot: biasRows.count - pass.steps.count, elide: elide, command: "grads")
    }
    if !outputRows.isEmpty {
      text += n.text(
        "the outputs' terms (loss \(pass.loss.words), beyond Eq. 1): w₃ term = hₜ·∂L/∂ŷₜ\(biased ? ", c term = ∂L/∂ŷₜ" : "")\n"
      )
      text += renderLongTable(
        ["t", n.dL(n.yhat + n.sub("t")), "w₃ term"] + (biased ? ["c term"] : []), outputRows,
        elide: elide, command: "grads")
    }
    let terms = pass.timesteps
    if !terms.isEmpty {
      // §2.6: each weight's gradient is the sum over timesteps of its terms; this pass's.
      let eq26 = AllTogetherEquation(n: n)
      let sums = pass.passGradients
      let label = n.text("§2.6") + ": "
      text +=
        "\(label)\(n.dL(n.w(1))) = \(eq26.codeSum(.w1)) = \(renderLongSum(terms.map(\.w1Term), sum: sums.w1, elide: elide))\n"
      text +=
        "\(String(repeating: " ", count: label.count))\(n.dL(n.w(2))) = \(eq26.codeSum(.w2)) = \(renderLongSum(terms.map(\.w2Term), sum: sums.w2, elide: elide))\n"
      if biased {
        // ∂L/∂b = Σ tmp_t (beyond the article); this pass's, even when b does not train.
        text +=
          "\(String(repeating: " ", count: label.count))\(n.dL("b")) = \(n.sum)\(n.sub("t")) tmp\(n.sub("t")) = \(renderLongSum(terms.map(\.bTerm), sum: terms.map(\.bTerm).reduce(0, +), elide: elide))    (beyond the article)\n"
      }
    }
    if let caption = CellEquation(n: n).caption {
      text +=
        n.text(caption)
        + (biased && !state.model.trainsBiases ? "; the b and c terms are shown but not added" : "")
        + "\n"
    }
    if let k = pass.truncation, pass.droppedTimesteps != nil {
      text += renderTruncationComparison(pass, k: k)
    }
    text +=
      "'out' is the first step: its \(n.dL(n.h("t"))) column holds \(n.dL(n.yhat)).\n"
    text += n.text(
      "The (.g) sums include every backward pass since the last 'zero'; §2.6's line is this pass alone."
    )
    text += pass.isComplete ? "\n" : " BPTT is not finished: 'back' or 'backward' continues.\n"
    return text
  }

  /// `t = 3…1` or `t = 1` (or without `t = `): the timesteps truncation drops.
  func timestepRange(_ range: ClosedRange<Int>, prefix: Bool = true) -> String {
    let lead = prefix ? "t = " : ""
    return range.count == 1
      ? "\(lead)\(range.lowerBound)"
      : "\(lead)\(range.upperBound)\(notation.text("…"))\(range.lowerBound)"
  }

  /// This pass's truncated sums beside full BPTT's, worked out on the side, with their
  /// relative difference (beyond the article).
  private func renderTruncationComparison(_ pass: BackwardPass, k: Int) -> String {
    let n = notation
    let full = BackwardPass.fromZero(
      forward: pass.forward, target: pass.target, mode: pass.mode,
      trainsBiases: pass.trainsBiases
    ).passGradients
    let truncated = pass.passGradients
    var text =
      "truncate \(k) (beyond the article): this pass's sums beside full BPTT through all \(pass.forward.count) timesteps\n"
    var rows: [[String]] = []
    for w in Weight.allCases {
      let a = truncated[w]
      let b = full[w]
      let scale = max(abs(a), abs(b))
      let difference = scale == 0 ? 0 : abs(a - b) / scale
      rows.append([
        n.dL(n.w(w.index)), n.number(a), n.number(b),
        NumberFormat.significant(difference, digits: 2),
      ])
    }
    // The generalised cell's b and c (beyond the article), when they train.
    for bias in Bias.allCases where pass.trainsBiases {
      let a = truncated[bias]
      let b = full[bias]
      let scale = max(abs(a), abs(b))
      rows.append([
        n.dL(bias.rawValue), n.number(a), n.number(b),
        NumberFormat.significant(scale == 0 ? 0 : abs(a - b) / scale, digits: 2),
      ])
    }
    text += renderTable(
      ["", "truncated", "full", "rel. difference"], rows, unicode: n.unicode)
    return text
  }
}
