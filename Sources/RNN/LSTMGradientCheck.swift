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
}
