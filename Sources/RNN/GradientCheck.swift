/// BPTT's gradient for one parameter beside a central finite difference of the loss: the
/// gradient check of every model (`MiniRnn.gradientCheck`, `MiniLSTM.gradientCheck`).
public struct CheckedGradient<Parameters: ParameterSet>: Equatable, Sendable {
  /// The parameter checked.
  public let parameter: Parameters.Name
  /// What one backward pass from zero gradients gives.
  public let backpropagated: Double
  /// (L(p + ε) − L(p − ε)) / 2ε.
  public let numeric: Double
  /// |bptt − numeric| / max(|bptt|, |numeric|), 0 when both are 0.
  public let relativeError: Double
  /// The step ε used.
  public let epsilon: Double
  /// How far rounding alone can move `numeric`: the two losses' last-place errors over 2ε;
  /// infinite when a loss overflowed. When it is not far below the gradient, the finite
  /// difference cannot check BPTT (huge weights or inputs), whatever the two say.
  public let roundoff: Double

  /// Checks `backpropagated`, BPTT's ∂L/∂p for p = `parameters[name]`, against the central
  /// difference of `loss` with ε = epsilon·max(1, |p|) (relative past 1, so a large p still
  /// moves).
  init(
    _ name: Parameters.Name, at parameters: Parameters, backpropagated: Double, epsilon: Double,
    loss: (Parameters) -> Double
  ) {
    let p = parameters[name]
    let step = epsilon * max(1, abs(p))
    func lossAt(_ value: Double) -> Double {
      var probe = parameters
      probe[name] = value
      return loss(probe)
    }
    let (above, below) = (lossAt(p + step), lossAt(p - step))
    numeric = (above - below) / (2 * step)
    roundoff = above.isFinite && below.isFinite ? (above.ulp + below.ulp) / (2 * step) : .infinity
    let scale = max(abs(backpropagated), abs(numeric))
    relativeError = scale == 0 ? 0 : abs(backpropagated - numeric) / scale
    parameter = name
    self.backpropagated = backpropagated
    self.epsilon = step
  }
}

/// BPTT's gradient for one of the RNN's weights (or, for the generalised cell, biases) beside
/// a central finite difference of Eq. 1.
public typealias GradientCheckRow = CheckedGradient<Weights>

extension CheckedGradient where Parameters == Weights {
  /// The weight or bias checked.
  public var weight: Parameter { parameter }
}

/// A gradient check of one sample.
public struct GradientCheck: Equatable, Sendable {
  public let rows: [GradientCheckRow]
  /// True when some a_t lies within ε-scale of 0, where ReLU (or abs) has its kink and finite
  /// differences straddle two slopes.
  public let nearKink: Bool
}

extension MiniRnn {
  /// Compares BPTT with central finite differences of the loss L = ½(y − ŷ)² (Eq. 1) for
  /// each weight, on one sample, leaving the model unchanged.
  ///
  /// In article mode BPTT gives 0 for w₃ (erratum 1), which the check shows as a mismatch.
  /// The generalised cell (beyond the article) checks b and c too, with their gradients
  /// accumulated whether or not they train: the check is of the derivative.
  /// With truncation K, the finite difference is of the loss with h_{n−K} held at its value,
  /// the objective truncated BPTT differentiates (what `detach()` does in PyTorch).
  public func gradientCheck(inputs: [Double], target: Double, epsilon: Double = 1e-6)
    -> GradientCheck
  {
    precondition(architecture == .part2, "only Part 2's model has gradients")
    var fresh = self
    fresh.gradients = .zero
    fresh.trainsBiases = true
    let pass = fresh.forward(inputs)
    fresh.backward(pass, target: target)
    let names: [Parameter] = isArticleCell ? [.w1, .w2, .w3] : Parameter.allCases
    let held = detachedAt(inputs.count)
    let rows = names.map { name in
      GradientCheckRow(
        name, at: weights, backpropagated: fresh.gradients[name], epsilon: epsilon
      ) { probe in
        Cell.loss(
          prediction: detachedPrediction(inputs, probe: probe, heldUpTo: held), target: target)
      }
    }
    return GradientCheck(rows: rows, nearKink: nearKink(pass, rows: rows, inputs: inputs))
  }

  /// The gradient check with this model's loss: towards `targets` (y_1…y_n) when it reads
  /// every ŷ_t (beyond the article; mode exact, no truncation), the finite differences of
  /// L = ∑ₜ ½(y_t − ŷ_t)² (divided by n for the mean); otherwise `gradientCheck(inputs:target:)`
  /// towards the last target.
  public func gradientCheck(inputs: [Double], targets: [Double], epsilon: Double = 1e-6)
    -> GradientCheck
  {
    guard loss.readsEveryStep else {
      return gradientCheck(inputs: inputs, target: targets[targets.count - 1], epsilon: epsilon)
    }
    precondition(architecture == .part2, "only Part 2's model has gradients")
    var fresh = self
    fresh.gradients = .zero
    fresh.trainsBiases = true
    let pass = fresh.forward(inputs)
    var back = fresh.startBackward(pass, targets: targets)
    back.run(accumulatingInto: &fresh.gradients)
    let names: [Parameter] = isArticleCell ? [.w1, .w2, .w3] : Parameter.allCases
    let rows = names.map { name in
      GradientCheckRow(
        name, at: weights, backpropagated: fresh.gradients[name], epsilon: epsilon
      ) { probe in
        var m = fresh
        m.weights = probe
        return m.loss(inputs: inputs, targets: targets)
      }
    }
    return GradientCheck(rows: rows, nearKink: nearKink(pass, rows: rows, inputs: inputs))
  }

  /// Whether some a_t lies within a few steps ε of φ's kink, where the two sides of a
  /// difference see two slopes.
  private func nearKink(_ pass: ForwardPass, rows: [GradientCheckRow], inputs: [Double]) -> Bool {
    let spread = max(1, inputs.map(abs).max() ?? 0, pass.hidden.map(abs).max() ?? 0)
    return cellActivation.hasKink
      && rows.contains { row in
        pass.steps.contains { abs($0.preactivation) <= row.epsilon * spread * 4 }
      }
  }

  /// The timestep whose hidden state truncation holds constant: n − K, or 0 (h₀ is constant
  /// anyway) without truncation or when K ≥ n.
  func detachedAt(_ n: Int) -> Int { max(0, n - (truncation ?? n)) }

  /// ŷ with steps 1…m computed with the model's own weights and steps m+1…n with `probe`:
  /// the prediction as a function of the weights when h_m is held constant.
  func detachedPrediction(_ inputs: [Double], probe: Weights, heldUpTo m: Int) -> Double {
    var h = 0.0
    let phi = cellActivation
    for (i, x) in inputs.enumerated() {
      let w = i < m ? weights : probe
      h = phi(Cell.preactivation(w1: w.w1, w2: w.w2, x: x, hPrevious: h, bias: w.b))
    }
    return Cell.output(w3: probe.w3, h: h, bias: probe.c)
  }
}
