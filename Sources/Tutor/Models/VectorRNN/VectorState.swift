import RNN

/// What `model rnn K` adds to the session: an RNN with a hidden vector of K units (beyond
/// the article), its passes in progress or done, its learning rate and its last training run.
///
/// `SessionState.other` holds one while it is the model; the article's RNN waits in
/// `SessionState.rnn` as it was. It is one conformance of `SessionModel`
/// (`VectorState+SessionModel.swift`); its math is `VectorRNN` in `Sources/RNN/VectorRNN`.
struct VectorState: Equatable, Sendable {
  /// The parameters, their accumulated gradients, φ and the loss.
  var model: VectorRNN
  /// The forward pass in progress or done, if any.
  var forward: VectorForwardPass?
  /// The backward pass in progress or done, if any.
  var backward: VectorBackwardPass?
  /// The learning rate `update` and `train` use by default.
  var learningRate = 0.1
  /// The last training run, for `plot loss`.
  var lastTraining: TrainingRun<VectorWeights>?

  /// The hidden size `model rnn` gives when none is named.
  static let defaultSize = 2

  /// The model `model rnn K` starts with: W_hh = 0.9·I (ρ = 0.9, a memory that fades
  /// slowly), W_xh = (1, …, 1), w_y = (1/K, …, 1/K), b = 0, c = 0, tanh and the article's
  /// loss. Round numbers a learner can follow by hand.
  init(size k: Int) {
    var w = VectorWeights(size: k)
    for i in 0..<k {
      w.wxh[i] = 1
      w[.whh(i, i)] = 0.9
      w.wy[i] = 1 / Double(k)
    }
    model = VectorRNN(weights: w, activation: .tanh, loss: .last)
  }

  init() { self.init(size: Self.defaultSize) }

  /// K.
  var size: Int { model.size }
}

extension SessionState {
  /// The vector RNN, which one of its commands knows is the model (the dispatcher chose the
  /// command because it is).
  var activeVector: VectorState {
    get { self[active: VectorState.self] }
    set { self[active: VectorState.self] = newValue }
  }
}

extension VectorState {
  /// The targets the loss compares with now: y_1…y_n for a loss at every step, the label y
  /// alone for the last; nil, with the reason, when the session lacks them.
  func targets(in state: SessionState) -> Result<[Double], CommandError> {
    state.lossTargets(model.loss, command: "back")
  }
}
