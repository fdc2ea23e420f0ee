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

  /// What a training run ended with, for every model's `train`: how it ended and why, the
  /// sample steps and seconds it took, and the mean loss of its last epoch. A diverged run
  /// adds `divergence` (the RNN's account of its gradients' flow).
  func trainingOutcome(
    _ outcome: TrainingOutcome, epochs: Int, sampleSteps: Int, finalLoss: Double,
    since started: Duration, data: Dataset, learningRate lr: Double, hooks: Hooks,
    trained: String, parameters: String, divergence: String = ""
  ) -> String {
    let n = notation
    let elapsed = hooks.now() - started
    let seconds =
      Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    var text: String
    var why = ""
    switch outcome {
    case .finished:
      text =
        "\(trained) \(Parse.grouped(epochs)) epoch\(epochs == 1 ? "" : "s") on \(data.name), \(learningRateText(lr))"
    case .stopped(let epoch, let sample):
      text =
        "stopped by \(hooks.stopCause()) at epoch \(Parse.grouped(epoch)), after sample \(sample) of \(data.samples.count)"
      why = "(the \(parameters) are from that whole sample step)\n"
    case .diverged(let epoch, let sample):
      text = "diverged at epoch \(Parse.grouped(epoch)), sample \(sample)"
      let one = parameters == "weights" ? "weight" : "parameter"
      why =
        "(a \(one) or the loss became NaN or infinite;\n the \(parameters) are the last finite ones: try a smaller lr)\n"
        + divergence
    }
    text +=
      " \(n.text("—")) \(Parse.grouped(sampleSteps)) sample step\(sampleSteps == 1 ? "" : "s") in \(NumberFormat.significant(seconds, digits: 3)) s\n"
      + why
    if finalLoss.isFinite {
      text += "loss (mean over the last epoch): \(n.number(finalLoss))\n"
    }
    return text
  }

  /// 75 → `1m15s`, 4000 → `1h06m`, 3 → `3s`.
  static func duration(_ seconds: Double) -> String {
    guard seconds.isFinite, seconds >= 0 else { return "…" }
    if seconds >= 360_000 { return "> 100h" }
    let s = Int(seconds.rounded())
    if s < 60 { return "\(s)s" }
    if s < 3600 {
      return "\(s / 60)m\(TextLayout.leftPad(String(s % 60), 2).replacing(" ", with: "0"))s"
    }
    return "\(s / 3600)h\(TextLayout.leftPad(String(s % 3600 / 60), 2).replacing(" ", with: "0"))m"
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
