/// BPTT's gradient for one LSTM parameter beside a central finite difference of Eq. 1.
public typealias LSTMGradientCheckRow = CheckedGradient<LSTMWeights>

extension MiniLSTM {
  /// Compares BPTT with central finite differences of the loss L = ½(y − ŷ)² (Eq. 1) for
  /// each of the 14 parameters, on one sample, leaving the model unchanged.
  ///
  /// The LSTM is smooth everywhere (σ and tanh have no kink), so unlike the RNN's check
  /// there is no region where the comparison is ill-posed. The default ε = 1e−5 (scaled by
  /// |p| past 1) balances the difference's ε² truncation against its ~1e−16/ε rounding; on
  /// the 1,000 cases of LSTMGradientCheckTests it is ten times closer than 1e−6.
  public func gradientCheck(inputs: [Double], target: Double, epsilon: Double = 1e-5)
    -> [LSTMGradientCheckRow]
  {
    var fresh = self
    fresh.gradients = .zero
    fresh.backward(fresh.forward(inputs), target: target)
    return LSTMParameter.allCases.map { name in
      LSTMGradientCheckRow(
        name, at: weights, backpropagated: fresh.gradients[name], epsilon: epsilon
      ) { probe in
        Cell.loss(prediction: MiniLSTM(weights: probe).predict(inputs), target: target)
      }
    }
  }

  /// The gradient check with this model's loss towards `targets`: y_1…y_n for a loss at every
  /// step (the finite differences of L = ∑ₜ ½(y_t − ŷ_t)², divided by n for the mean); for
  /// Eq. 1, `gradientCheck(inputs:target:)` towards the last.
  public func gradientCheck(inputs: [Double], targets: [Double], epsilon: Double = 1e-5)
    -> [LSTMGradientCheckRow]
  {
    guard loss.readsEveryStep else {
      return gradientCheck(inputs: inputs, target: targets[targets.count - 1], epsilon: epsilon)
    }
    var fresh = self
    fresh.gradients = .zero
    var back = fresh.startBackward(fresh.forward(inputs), targets: targets)
    back.run(accumulatingInto: &fresh.gradients)
    return LSTMParameter.allCases.map { name in
      LSTMGradientCheckRow(
        name, at: weights, backpropagated: fresh.gradients[name], epsilon: epsilon
      ) { probe in
        var m = fresh
        m.weights = probe
        return m.loss(inputs: inputs, targets: targets)
      }
    }
  }
}
