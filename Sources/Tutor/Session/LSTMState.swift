import RNN

/// What `model lstm` adds to the session: the scalar LSTM (issue 14), its passes in progress
/// or done, its learning rate and its last training run.
///
/// `SessionState.lstm` holds one while the LSTM is the model and is nil for the RNN, so the
/// RNN's state (`model`, `forward`, `backward`) is kept as it was while the LSTM runs and is
/// there again after `model part2`. The dispatcher reads this one optional to pick the LSTM's
/// version of a command (`CommandTable.lstmCommands`), in one place.
public struct LSTMState: Equatable, Sendable {
  /// The 14 parameters and their accumulated gradients.
  public var model: MiniLSTM
  /// The forward pass in progress or done, if any.
  public var forward: LSTMForwardPass?
  /// The backward pass in progress or done, if any.
  public var backward: LSTMBackwardPass?
  /// The learning rate `update` and `train` use by default (the RNN keeps its own).
  public var learningRate = MiniLSTM.defaultLearningRate
  /// The last training run, for `plot loss`.
  public var lastTraining: LSTMTrainingReport?

  /// The LSTM `model lstm` starts with: the worked example's round parameters, whose
  /// two-step pass is derived by hand in LSTMHandDerivedTests.
  public init(model: MiniLSTM = MiniLSTM(weights: .worked)) {
    self.model = model
  }

  /// Forgets the passes (they were computed with other parameters or data).
  mutating func clearPasses() {
    forward = nil
    backward = nil
  }
}

extension Session {
  /// `model lstm`: the LSTM becomes the model; the RNN waits, unchanged, for `model part2`.
  mutating func switchToLSTM() -> String {
    let n = notation
    guard state.lstm == nil else {
      return "model lstm: already the model; 'weights' shows its parameters\n"
    }
    var note = skipQuizQuestionsOfTheModelLeft()
    state.lstm = LSTMState()
    // The RNN's passes end here, as at any change of model ('model part2' starts it afresh).
    state.clearPasses()
    note += dropDisplaysTheModelLacks()
    return n.text(
      """
      model lstm (beyond the article): a scalar LSTM, one input and hidden size 1:
      Hochreiter & Schmidhuber 1997, with the forget gate of Gers, Schmidhuber &
      Cummins 2000, as PyTorch's nn.LSTM documents it (one bias per gate).
      Four gates per step:
        i, f, o = σ(wx·xₜ + wh·hₜ₋₁ + b), g = tanh(…)
        cₜ = fₜ·cₜ₋₁ + iₜ·gₜ,  hₜ = oₜ·tanh(cₜ)
        ŷ = wy·hₙ + by,  L = ½(y − ŷ)² (Eq. 1)
      14 parameters, round ones to start ('randomize' draws them as PyTorch does);
      \(learningRateText(state.lstm!.learningRate)). 'model part2' returns to the RNN's weights.

      """) + note
  }

  /// Before `model part1` or `model part2`: drops the LSTM, saying so, if it was the model.
  mutating func leaveLSTM() -> String {
    guard state.lstm != nil else { return "" }
    let skipped = skipQuizQuestionsOfTheModelLeft()
    state.lstm = nil
    return skipped + "(the LSTM is gone; 'model lstm' starts a new one)\n"
      + dropDisplaysTheModelLacks()
  }

  /// After a model switch: the displayed names the new model has no value for are dropped
  /// (`display w1.g` means nothing to the LSTM), saying which.
  private mutating func dropDisplaysTheModelLacks() -> String {
    let dropped = state.displays.filter { name in
      do throws(CommandError) {
        try validateName(name)
        return false
      } catch {
        if case .outOfRange = error { return false }
        return true
      }
    }
    guard !dropped.isEmpty else { return "" }
    state.displays.removeAll { dropped.contains($0) }
    return
      "(no longer displayed, as this model has no such value: \(dropped.joined(separator: " ")))\n"
  }
}

extension StateFile {
  /// The LSTM's part of a save, after the RNN's (which it leaves as it was): `model lstm`,
  /// its 14 parameters, the gradients that are not 0, and its learning rate.
  static func lstmCommands(for state: SessionState) -> [String] {
    guard let lstm = state.lstm else { return [] }
    let m = lstm.model
    var lines = ["model lstm"]
    for p in LSTMParameter.allCases {
      lines.append("set \(p.rawValue) \(m.weights[p].description)")
    }
    // With a backward pass under way, its replay below sets the gradients.
    for p in LSTMParameter.allCases where m.gradients[p] != 0 && lstm.backward == nil {
      lines.append("set \(p.rawValue).g \(m.gradients[p].description)")
    }
    lines.append("set lr \(lstm.learningRate.description)")
    // How far the passes have stepped, as for the RNN (StateFile.passCommands).
    guard let forward = lstm.forward, forward.t > 0 else { return lines }
    lines.append(forward.isComplete ? "forward" : "step \(forward.t)")
    guard let backward = lstm.backward else { return lines }
    let names = LSTMParameter.allCases
    lines += backCommands(
      backward.handovers, steps: backward.steps.count, now: m.gradients,
      names: names.map(\.rawValue)
    ) { g, i in g[names[i]] }
    return lines
  }
}
