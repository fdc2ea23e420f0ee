import RNN

/// Everything a session knows, as one value: a command that fails leaves it equal to what it
/// was (commands run on a copy that is kept only on success).
public struct SessionState: Equatable, Sendable {
  /// The article's RNN (Part 1 or Part 2): weights, gradients, mode, passes, learning rate.
  /// It waits, as it was, while another model is active.
  public var rnn = RNNState()
  /// The active model when it is not the article's RNN (`model lstm`); nil otherwise.
  var other: OtherModel?
  /// The sequence x_1…x_n the next forward pass reads.
  public var inputs: [Double] = Dataset.slopes.samples[0].inputs
  /// The label y, if one is set.
  public var target: Double? = Dataset.slopes.samples[0].target
  /// y_1…y_n, a target for every timestep (a loss at every step reads them), when the data
  /// or `target` gave one per step; y is then the last of them.
  public var targets: [Double]?
  /// The data set `train` uses, and which of its samples `inputs`/`target` came from.
  public var dataset: Dataset? = .slopes
  public var sampleIndex: Int? = 0
  /// The seed last given, and the generator `randomize` draws from.
  public var seed: UInt64 = 0
  public var generator = SplitMix64(seed: 0)
  /// Significant digits in tables and equations (0: shortest round-trip form).
  public var precision = 6
  /// Expressions shown after every command.
  public var displays: [String] = []

  public init() {}
}
