import RNN

/// The article's RNN as the session holds it: `MiniRnn` (Part 1 or Part 2, the generalised
/// cell as its settings), its passes in progress or done, its learning rate and its last
/// training run. `SessionState.rnn` keeps it while another model is active.
public struct RNNState: Equatable, Sendable {
  /// The network: weights, gradients, mode, Part 1 or Part 2.
  public var model = MiniRnn(weights: .part1)
  /// The forward pass in progress or done, if any.
  public var forward: ForwardPass?
  /// The backward pass in progress or done, if any.
  public var backward: BackwardPass?
  /// The learning rate `update` and `train` use by default.
  public var learningRate = MiniRnn.defaultLearningRate
  /// The last training run, for `plot loss`.
  public var lastTraining: TrainingReport?

  public init() {}

}

extension SessionState {
  // The RNN's parts by their names, for the RNN's own code (its commands, screens and
  // pictures), which read them as the state's.

  /// The article's network.
  public var model: MiniRnn {
    get { rnn.model }
    _modify { yield &rnn.model }
    set { rnn.model = newValue }
  }
  /// The RNN's forward pass.
  public var forward: ForwardPass? {
    get { rnn.forward }
    _modify { yield &rnn.forward }
    set { rnn.forward = newValue }
  }
  /// The RNN's backward pass.
  public var backward: BackwardPass? {
    get { rnn.backward }
    _modify { yield &rnn.backward }
    set { rnn.backward = newValue }
  }
  /// The RNN's learning rate.
  public var learningRate: Double {
    get { rnn.learningRate }
    set { rnn.learningRate = newValue }
  }
  /// The RNN's last training run.
  public var lastTraining: TrainingReport? {
    get { rnn.lastTraining }
    _modify { yield &rnn.lastTraining }
    set { rnn.lastTraining = newValue }
  }
}
