import RNN

/// Everything a session knows, as one value: a command that fails leaves it equal to what it
/// was (commands run on a copy that is kept only on success).
public struct SessionState: Equatable, Sendable {
  /// The network: weights, gradients, mode, Part 1 or Part 2.
  public var model = MiniRnn(weights: .part1)
  /// The sequence x_1…x_n the next forward pass reads.
  public var inputs: [Double] = Dataset.slopes.samples[0].inputs
  /// The label y, if one is set.
  public var target: Double? = Dataset.slopes.samples[0].target
  /// The data set `train` uses, and which of its samples `inputs`/`target` came from.
  public var dataset: Dataset? = .slopes
  public var sampleIndex: Int? = 0
  /// The learning rate `update` and `train` use by default.
  public var learningRate = MiniRnn.defaultLearningRate
  /// The forward pass in progress or done, if any.
  public var forward: ForwardPass?
  /// The backward pass in progress or done, if any.
  public var backward: BackwardPass?
  /// The seed last given, and the generator `randomize` draws from.
  public var seed: UInt64 = 0
  public var generator = SplitMix64(seed: 0)
  /// Significant digits in tables and equations (0: shortest round-trip form).
  public var precision = 6
  /// Expressions shown after every command.
  public var displays: [String] = []
  /// The last training run, for `plot loss`.
  public var lastTraining: TrainingReport?
  /// The LSTM while `model lstm` is on (issue 14); nil while the model is the RNN.
  public var lstm: LSTMState?

  public init() {}

  /// Forgets the forward and backward passes (they were computed with other weights or data).
  mutating func clearPasses() {
    forward = nil
    backward = nil
    lstm?.clearPasses()
  }
}
