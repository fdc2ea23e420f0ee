import RNN

extension CommandTable {
  static let trainingCommands: [Command] = [
    Command(
      name: "train", usage: "train [EPOCHS] [LR]",
      summary: "train on the loaded data set with §3.1's loop (default 20,000 epochs, lr 0.001)",
      details: """
        Each epoch runs every sample in order: forward, backward, update, zero.
        EPOCHS is 0 to 1,000,000,000; Ctrl-C stops after the sample step in progress.
        A NaN or infinite weight or loss stops it with the last finite weights.
        """,
      example: "train 20000 0.001", section: "§3.1"
    ) { session, args, hooks throws(CommandError) in
      let command = lookup("train")!
      guard args.count <= 2 else { throw command.usageError("expected at most EPOCHS and LR") }
      let epochs =
        try args.first.map { text throws(CommandError) in
          try Parse.count(text, "train epochs", in: 0...Limits.epochs)
        } ?? MiniRnn.defaultEpochs
      let lr = try (args.count > 1 ? Parse.learningRate(args[1], "train lr") : session.state.learningRate)
      guard session.state.model.architecture == .part2 else {
        throw .notReady("train: Part 1's model is never trained; type 'model part2' first")
      }
      guard let data = session.state.dataset else {
        throw .notReady("train: no data set loaded; type 'data slopes' or 'data zigzag'")
      }
      return session.train(on: data, epochs: epochs, learningRate: lr, hooks: hooks)
    },
    Command(
      name: "gradcheck", usage: "gradcheck",
      summary: "compare BPTT's gradients with central finite differences of Eq. 1",
      details:
        "Uses the current input and target and a fresh backward pass; the model is unchanged.",
      example: "gradcheck", section: "§2.6", takesNoArguments: true
    ) { session, args, _ throws(CommandError) in
      guard session.state.model.architecture == .part2 else {
        throw .notReady("gradcheck: Part 1's model has no gradients here; type 'model part2'")
      }
      guard let y = session.state.target else {
        throw .notReady("gradcheck: no target y; set one with 'target Y'")
      }
      return session.renderGradientCheck(
        session.state.model.gradientCheck(inputs: session.state.inputs, target: y))
    },
  ]
}

extension Session {
  mutating func train(on data: Dataset, epochs: Int, learningRate lr: Double, hooks: Hooks)
    -> String
  {
    let interactive = traits.isInteractive
    let width = traits.width
    let unicode = traits.unicode
    let clock = ContinuousClock()
    let started = clock.now
    var lastShown = started
    let report = state.model.train(on: data, epochs: epochs, learningRate: lr) { progress in
      if hooks.shouldStop() { return false }
      if interactive {
        let now = clock.now
        if now - lastShown >= .milliseconds(100) {
          lastShown = now
          let line = Self.progressLine(progress, elapsed: now - started, width: width)
          hooks.showProgress(unicode ? line : asciiFallback(line))
        }
      }
      return true
    }
    state.lastTraining = report
    state.clearPasses()
    let elapsed = clock.now - started
    let seconds =
      Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    let n = notation
    var text: String
    var why = ""
    switch report.outcome {
    case .finished:
      text = "trained \(Parse.grouped(report.epochsCompleted)) epochs on \(data.name), lr \(lr)"
    case .stopped(let epoch, let sample):
      text =
        "stopped by Ctrl-C at epoch \(Parse.grouped(epoch)), after sample \(sample) of \(data.samples.count)"
      why = "(the weights are from that whole sample step)\n"
    case .diverged(let epoch, let sample):
      text = "diverged at epoch \(Parse.grouped(epoch)), sample \(sample)"
      why =
        "(a weight or the loss became NaN or infinite;\n the weights are the last finite ones: try a smaller lr)\n"
    }
    text +=
      " — \(Parse.grouped(report.sampleSteps)) sample steps in \(formatNumber(seconds, significantDigits: 3)) s\n"
      + why
    if report.finalLoss.isFinite {
      text += "loss (mean over the last epoch): \(n.number(report.finalLoss))\n"
    }
    let s = report.start
    let e = report.end
    text += "w1 = \(n.number(s.w1)) → \(n.number(e.w1))\n".replacingIfASCII(n.unicode, "→", "->")
    text += "w2 = \(n.number(s.w2)) → \(n.number(e.w2))\n".replacingIfASCII(n.unicode, "→", "->")
    text += "w3 = \(n.number(s.w3)) → \(n.number(e.w3))".replacingIfASCII(n.unicode, "→", "->")
    text += state.model.mode == .article ? "   (article mode: w3 never trains, erratum 1)\n" : "\n"
    return text
  }

  /// `epoch 1,234/20,000 [#####     ] loss 0.0123  45,000 epochs/s  ETA 3s`, cut to fit
  /// `width` columns.
  static func progressLine(_ p: TrainingProgress, elapsed: Duration, width: Int) -> String {
    let seconds =
      max(1e-9, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
    let done = Double(p.epoch - 1)
    let fraction = p.epochs == 0 ? 1 : done / Double(p.epochs)
    let rate = done / seconds
    let eta = rate > 0 ? (Double(p.epochs) - done) / rate : .nan
    let barWidth = max(10, min(30, width - 70))
    let filled = min(barWidth, Int(fraction * Double(barWidth)))
    let bar =
      String(repeating: "#", count: filled) + String(repeating: " ", count: barWidth - filled)
    let loss = p.loss.isFinite ? formatNumber(p.loss, significantDigits: 4) : "…"
    let line =
      "epoch \(Parse.grouped(p.epoch))/\(Parse.grouped(p.epochs)) [\(bar)] loss \(loss)  \(Parse.grouped(Int(rate))) epochs/s  ETA \(duration(eta))  Ctrl-C stops"
    return String(line.prefix(max(20, width - 1)))
  }

  /// 75 → `1m15s`, 4000 → `1h06m`, 3 → `3s`.
  static func duration(_ seconds: Double) -> String {
    guard seconds.isFinite, seconds >= 0 else { return "…" }
    if seconds >= 360_000 { return "> 100h" }
    let s = Int(seconds.rounded())
    if s < 60 { return "\(s)s" }
    if s < 3600 { return "\(s / 60)m\(leftPad(String(s % 60), 2).replacing(" ", with: "0"))s" }
    return "\(s / 3600)h\(leftPad(String(s % 3600 / 60), 2).replacing(" ", with: "0"))m"
  }

  func renderGradientCheck(_ check: GradientCheck) -> String {
    let n = notation
    var rows: [[String]] = []
    var unsure = false
    for row in check.rows {
      let ok = row.relativeError < 1e-5 || abs(row.backpropagated - row.numeric) < 1e-9
      // With huge weights or inputs the loss overflows or its rounding swamps the
      // difference: then the check says nothing either way, and must not cry MISMATCH.
      let scale = max(abs(row.backpropagated), abs(row.numeric))
      let checkable =
        row.backpropagated.isFinite && row.numeric.isFinite && row.roundoff < 1e-6 * scale
      unsure = unsure || !ok && !checkable
      rows.append([
        row.weight.rawValue,
        formatNumber(row.backpropagated, significantDigits: max(8, state.precision)),
        formatNumber(row.numeric, significantDigits: max(8, state.precision)),
        formatNumber(row.relativeError, significantDigits: 2),
        ok ? "ok" : checkable ? "MISMATCH" : "unsure",
      ])
    }
    var text = renderTable(
      ["weight", "BPTT", "finite diff.", "rel. error", ""], rows, unicode: n.unicode)
    text += "finite differences: (L(w+ε) − L(w−ε))/2ε with L = ½(y − ŷ)², ε = 1e-6·max(1, |w|)\n"
      .replacingIfASCII(n.unicode, "ε", "eps").replacingIfASCII(n.unicode, "−", "-")
      .replacingIfASCII(n.unicode, "½", "1/2").replacingIfASCII(n.unicode, "ŷ", "yhat")
      .replacingIfASCII(n.unicode, "²", "^2")
    if unsure {
      text +=
        "unsure: the loss is too large here (it overflows, or rounding in it is larger than the difference), so finite differences cannot check BPTT; try smaller weights or inputs\n"
    }
    if check.nearKink {
      text +=
        "warning: some a_t is close to 0, ReLU's kink: finite differences may disagree there\n"
    }
    if state.model.mode == .article {
      text += "article mode: BPTT's w3 gradient is lost in w3g (erratum 1), so w3 cannot match\n"
    }
    return text
  }
}
