import RNN

extension Session {
  mutating func train(on data: Dataset, epochs: Int, learningRate lr: Double, hooks: Hooks)
    -> String
  {
    let n = notation
    let leftover = leftoverGradientNote()
    let started = hooks.now()
    let report = state.model.train(
      on: data, epochs: epochs, learningRate: lr, checkEvery: hooks.checkEvery,
      progress: trainingProgress(hooks, started: started)
    )
    state.lastTraining = report
    state.clearPasses()
    let divergence = report.divergenceFlow.flatMap { FlowPicture.divergence($0, n) } ?? ""
    var text = trainingOutcome(
      report.outcome, epochs: report.epochsCompleted, sampleSteps: report.sampleSteps,
      finalLoss: report.finalLoss, since: started, data: data, learningRate: lr, hooks: hooks,
      trained: "trained", parameters: "weights", divergence: divergence)
    text = leftover + text
    text += finalWeightsLossLine(data)
    let s = report.start
    let e = report.end
    text += "w1 = \(n.number(s.w1)) \(n.arrow) \(n.number(e.w1))\n"
    text += "w2 = \(n.number(s.w2)) \(n.arrow) \(n.number(e.w2))\n"
    text += "w3 = \(n.number(s.w3)) \(n.arrow) \(n.number(e.w3))"
    text += state.model.mode == .article ? "   (article mode: w3 never trains, erratum 1)\n" : "\n"
    if n.cell.hasBiases {
      let fixed = state.model.trainsBiases ? "" : "   (not trained: 'train bias on')"
      text += "b = \(n.number(s.b)) \(n.arrow) \(n.number(e.b))\(fixed)\n"
      text += "c = \(n.number(s.c)) \(n.arrow) \(n.number(e.c))\(fixed)\n"
    }
    // The notation of the trained model: its biases have moved.
    if let caption = CellEquation(n: notation).caption { text += n.text(caption) + "\n" }
    text += renderExperimentSettings(clippedSteps: report.clippedSteps, of: report.sampleSteps)
    return text
  }

  func renderGradientCheck(_ check: GradientCheck) -> String {
    let n = notation
    var rows: [[String]] = []
    var unsure = false
    for row in check.rows {
      let (cells, verdict) = gradientCheckCells(
        row.weight.rawValue, row.backpropagated, row.numeric, row.relativeError,
        roundoff: row.roundoff)
      unsure = unsure || verdict == .unsure
      rows.append(cells)
    }
    var text = renderTable(
      ["weight", "BPTT", "finite diff.", "rel. error", ""], rows, unicode: n.unicode)
    let loss = state.model.loss
    text += n.text(
      "finite differences: (L(w+ε) − L(w−ε))/2ε with \(loss.checkedFormula), ε = 1e-6·max(1, |w|)\n"
    )
    if let k = state.model.truncation, state.inputs.count > k {
      text +=
        "truncate \(k): BPTT holds \(n.h(state.inputs.count - k)) constant, so the finite differences do too (the loss as detach() sees it; beyond the article)\n"
    }
    if unsure {
      text +=
        "unsure: the loss is too large here (it overflows, or rounding in it is larger than the difference), so finite differences cannot check BPTT; try smaller weights or inputs\n"
    }
    if check.nearKink {
      text +=
        "warning: some a_t is close to 0, \(n.phi)'s kink: finite differences may disagree there\n"
    }
    if let caption = CellEquation(n: n).caption {
      text += n.text(caption) + "; b and c are checked whether or not they train\n"
    }
    if state.model.mode == .article {
      text += "article mode: BPTT's w3 gradient is lost in w3g (erratum 1), so w3 cannot match\n"
    }
    if state.model.mode == .text {
      text +=
        "mode text: BPTT follows the equations as printed (errata 3, 4, 5), which are not the derivative, so it cannot match\n"
    }
    return text
  }
}
