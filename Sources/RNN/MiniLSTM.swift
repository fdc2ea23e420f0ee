/// A scalar LSTM (one input, hidden size 1) with a linear read-out: 14 parameters and their
/// accumulated gradients. The equations are in `LSTMCell`.
public struct MiniLSTM: LossReadingModel, Equatable, Sendable {
  /// The 14 parameters.
  public var weights: LSTMWeights
  /// Their accumulated gradients, until `zeroGradients`.
  public var gradients: LSTMGradients = .zero
  /// Which outputs the loss reads: ŷ_n alone (Eq. 1) or every ŷ_t.
  public var loss: LossReadout = .last

  public init(weights: LSTMWeights) {
    self.weights = weights
  }

  /// A forward pass over `inputs` with the current parameters, not yet stepped.
  public func startForward(_ inputs: [Double]) -> LSTMForwardPass {
    LSTMForwardPass(inputs: inputs, weights: weights)
  }

  /// A backward pass through `pass` towards `target`, not yet stepped.
  public func startBackward(_ pass: LSTMForwardPass, target: Double) -> LSTMBackwardPass {
    LSTMBackwardPass(forward: pass, target: target)
  }

  /// A backward pass with this model's loss: `targets` has one value per timestep for a loss
  /// at every step; for Eq. 1 only its last is read.
  public func startBackward(_ pass: LSTMForwardPass, targets: [Double]) -> LSTMBackwardPass {
    LSTMBackwardPass(forward: pass, targets: targets, loss: loss)
  }

  /// The loss of one sample with this model's loss.
  public func loss(inputs: [Double], targets: [Double]) -> Double {
    loss.loss(outputs: forward(inputs).outputs, targets: targets)
  }

  /// The targets a sample gives this model's loss: its target at every step, or y alone.
  public func targets(of sample: Sample) -> [Double]? {
    loss.readsEveryStep ? sample.targets : [sample.target]
  }

  /// One gradient-descent step: every parameter p −= lr·p.g.
  public mutating func update(learningRate lr: Double) {
    weights.update(by: gradients, learningRate: lr)
  }

  /// Draws the 14 parameters in `LSTMParameter.allCases` order, each uniform in [−1, 1):
  /// PyTorch's default for `nn.LSTM`, U(−1/√hidden, 1/√hidden), with hidden size 1 (and
  /// `nn.Linear(1, 1)`'s default for the read-out, U(−1/√1, 1/√1)).
  public mutating func randomize(using generator: inout SplitMix64) {
    var values: [Double] = []
    for _ in LSTMParameter.allCases { values.append(2 * generator.nextUnit() - 1) }
    weights = LSTMWeights(values)
  }
}
