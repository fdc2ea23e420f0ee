import RNN

/// What `model lstm` adds to the session: the scalar LSTM (issue 14), its passes in progress
/// or done, its learning rate and its last training run.
///
/// `SessionState.other` holds one while the LSTM is the model, so the RNN's state
/// (`SessionState.rnn`) is kept as it was while the LSTM runs and is there again after
/// `model part2`. It is one conformance of `SessionModel` (`LSTMState+SessionModel.swift`).
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
  public init() {
    self.init(model: MiniLSTM(weights: .worked))
  }

  /// An LSTM with the given parameters and no passes.
  public init(model: MiniLSTM) {
    self.model = model
  }

}

extension SessionState {
  /// The LSTM while it is the model, for the LSTM's own commands and screens.
  var lstm: LSTMState? { active as? LSTMState }

  /// The LSTM, which an LSTM command knows is the model (the dispatcher chose the command
  /// because it is).
  var activeLSTM: LSTMState {
    get { self[active: LSTMState.self] }
    set { self[active: LSTMState.self] = newValue }
  }
}

extension StateFile {
  /// The LSTM's part of a save, after the RNN's (which it leaves as it was) and `model lstm`:
  /// its 14 parameters, the gradients that are not 0, and its learning rate.
  static func lstmCommands(for lstm: LSTMState) -> [String] {
    let m = lstm.model
    var lines: [String] = []
    for p in LSTMParameter.allCases {
      lines.append("set \(p.rawValue) \(m.weights[p].description)")
    }
    // With a backward pass under way, its replay below sets the gradients.
    for p in LSTMParameter.allCases where m.gradients[p] != 0 && lstm.backward == nil {
      lines.append("set \(p.rawValue).g \(m.gradients[p].description)")
    }
    lines.append("set lr \(lstm.learningRate.description)")
    // A loss at every step, before the passes that read it.
    if m.loss.readsEveryStep { lines.append("loss \(m.loss.words)") }
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
