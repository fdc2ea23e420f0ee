/// A scalar LSTM (one input, hidden size 1) with a linear read-out: 14 parameters and their
/// accumulated gradients. The equations are in `LSTMCell`.
public struct MiniLSTM: Equatable, Sendable {
  /// The 14 parameters.
  public var weights: LSTMWeights
  /// Their accumulated gradients, until `zeroGradients`.
  public var gradients: LSTMGradients = .zero

  public init(weights: LSTMWeights) {
    self.weights = weights
  }

  /// A forward pass over `inputs` with the current parameters, not yet stepped.
  public func startForward(_ inputs: [Double]) -> LSTMForwardPass {
    LSTMForwardPass(inputs: inputs, weights: weights)
  }

  /// The whole forward pass over `inputs`.
  public func forward(_ inputs: [Double]) -> LSTMForwardPass {
    var pass = startForward(inputs)
    pass.run()
    return pass
  }

  /// ŷ = wy·h_n + by for `inputs`.
  public func predict(_ inputs: [Double]) -> Double {
    forward(inputs).prediction!
  }

  /// A backward pass through `pass` towards `target`, not yet stepped.
  public func startBackward(_ pass: LSTMForwardPass, target: Double) -> LSTMBackwardPass {
    LSTMBackwardPass(forward: pass, target: target)
  }

  /// The whole of BPTT through `pass`, adding into `gradients` (they accumulate until zeroed).
  @discardableResult
  public mutating func backward(_ pass: LSTMForwardPass, target: Double) -> LSTMBackwardPass {
    var back = startBackward(pass, target: target)
    back.run(accumulatingInto: &gradients)
    return back
  }

  /// One gradient-descent step: every parameter p −= lr·p.g.
  public mutating func update(learningRate lr: Double) {
    weights.update(by: gradients, learningRate: lr)
  }

  /// Sets every gradient to 0.
  public mutating func zeroGradients() {
    gradients = .zero
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
