/// BPTT's gradient for one LSTM parameter beside a central finite difference of Eq. 1.
public struct LSTMGradientCheckRow: Equatable, Sendable {
  public let parameter: LSTMParameter
  /// What one backward pass from zero gradients gives.
  public let backpropagated: Double
  /// (L(p + ε) − L(p − ε)) / 2ε with L = ½(y − ŷ)².
  public let numeric: Double
  /// |bptt − numeric| / max(|bptt|, |numeric|), 0 when both are 0.
  public let relativeError: Double
  /// The step ε used.
  public let epsilon: Double
}

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
      let step = epsilon * max(1, abs(weights[name]))
      func lossAt(_ value: Double) -> Double {
        var probe = self
        probe.weights[name] = value
        return Cell.loss(prediction: probe.predict(inputs), target: target)
      }
      let numeric = (lossAt(weights[name] + step) - lossAt(weights[name] - step)) / (2 * step)
      let bptt = fresh.gradients[name]
      let scale = max(abs(bptt), abs(numeric))
      return LSTMGradientCheckRow(
        parameter: name, backpropagated: bptt, numeric: numeric,
        relativeError: scale == 0 ? 0 : abs(bptt - numeric) / scale, epsilon: step)
    }
  }
}
