import RNN

extension Session {
  /// What `train` hands the engine as its progress callback, for the RNN and the LSTM: stop
  /// on Ctrl-C, and at a terminal show the progress line at most every 0.1 s.
  func trainingProgress(_ hooks: Hooks, started: Duration) -> (TrainingProgress) -> Bool {
    let interactive = traits.isInteractive
    let width = traits.width
    let n = notation
    var lastShown = started
    return { progress in
      if hooks.shouldStop() { return false }
      if interactive {
        let now = hooks.now()
        if now - lastShown >= .milliseconds(100) {
          lastShown = now
          let line = Self.progressLine(progress, elapsed: now - started, width: width)
          hooks.showProgress(n.text(line))
        }
      }
      return true
    }
  }

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
    let elapsed = hooks.now() - started
    let seconds =
      Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    var text: String
    var why = ""
    switch report.outcome {
    case .finished:
      text =
        "trained \(Parse.grouped(report.epochsCompleted)) epoch\(report.epochsCompleted == 1 ? "" : "s") on \(data.name), \(learningRateText(lr))"
    case .stopped(let epoch, let sample):
      text =
        "stopped by \(hooks.stopCause()) at epoch \(Parse.grouped(epoch)), after sample \(sample) of \(data.samples.count)"
      why = "(the weights are from that whole sample step)\n"
    case .diverged(let epoch, let sample):
      text = "diverged at epoch \(Parse.grouped(epoch)), sample \(sample)"
      why =
        "(a weight or the loss became NaN or infinite;\n the weights are the last finite ones: try a smaller lr)\n"
      if let flow = report.divergenceFlow, let reason = FlowPicture.divergence(flow, n) {
        why += reason
      }
    }
    text +=
      " \(n.text("—")) \(Parse.grouped(report.sampleSteps)) sample step\(report.sampleSteps == 1 ? "" : "s") in \(NumberFormat.significant(seconds, digits: 3)) s\n"
      + why
    text = leftover + text
    if report.finalLoss.isFinite {
      text += "loss (mean over the last epoch): \(n.number(report.finalLoss))\n"
    }
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

  /// 75 → `1m15s`, 4000 → `1h06m`, 3 → `3s`.
  static func duration(_ seconds: Double) -> String {
    guard seconds.isFinite, seconds >= 0 else { return "…" }
    if seconds >= 360_000 { return "> 100h" }
    let s = Int(seconds.rounded())
    if s < 60 { return "\(s)s" }
    if s < 3600 { return "\(s / 60)m\(TextLayout.leftPad(String(s % 60), 2).replacing(" ", with: "0"))s" }
    return "\(s / 3600)h\(TextLayout.leftPad(String(s % 3600 / 60), 2).replacing(" ", with: "0"))m"
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
    text += n.text(
      "finite differences: (L(w+ε) − L(w−ε))/2ε with L = ½(y − ŷ)², ε = 1e-6·max(1, |w|)\n")
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

/// What one gradient-check row says.
enum GradientCheckVerdict: String {
  case ok
  case mismatch = "MISMATCH"
  /// The loss overflows, or its rounding swamps the difference: the check says nothing.
  case unsure
}

extension Session {
  /// One row of a gradient check's table (name, BPTT, finite difference, relative error,
  /// verdict), for the RNN's and the LSTM's `gradcheck`.
  ///
  /// With huge weights or inputs the loss overflows or its rounding swamps the difference:
  /// then the check says nothing either way, and must not cry MISMATCH. `roundoff` is the
  /// rounding in the loss's difference where it is known; without it, magnitudes past 1e150
  /// count as unsure.
  func gradientCheckCells(
    _ name: String, _ backpropagated: Double, _ numeric: Double, _ relativeError: Double,
    roundoff: Double?
  ) -> (cells: [String], verdict: GradientCheckVerdict) {
    let ok = relativeError < 1e-5 || abs(backpropagated - numeric) < 1e-9
    let scale = max(abs(backpropagated), abs(numeric))
    let checkable =
      backpropagated.isFinite && numeric.isFinite
      && (roundoff.map { $0 < 1e-6 * scale } ?? (scale < 1e150))
    let verdict: GradientCheckVerdict = ok ? .ok : checkable ? .mismatch : .unsure
    let digits = max(8, state.precision)
    return (
      [
        name, NumberFormat.significant(backpropagated, digits: digits),
        NumberFormat.significant(numeric, digits: digits),
        NumberFormat.significant(relativeError, digits: 2), verdict.rawValue,
      ], verdict
    )
  }
}
