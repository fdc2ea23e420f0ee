import RNN

/// BPTT worked out on the side, for `eq 2.5`, `eq 2.6` and `derive`: a backward pass over
/// the session's forward pass, replayed from zero gradients, plus §2.5's ∂ŷ/∂h_t.
///
/// Every number comes from the engine: the terms and running sums are the records of a
/// `BackwardPass`, and the derivatives that do not involve the loss are `Cell.backStep` and
/// `Cell.outputHiddenGradient` with ∂L/∂ŷ replaced by 1 (the chain rule with the loss left
/// out is exactly the article's ∂ŷ/∂h_t). The session's own gradients are never touched.
struct Derivation {
  /// The forward pass worked through; complete.
  let forward: ForwardPass
  /// The backward pass from zero gradients, stepped as far as asked.
  let backward: BackwardPass
  /// ∂ŷ/∂h_t for t = 1…n; index 0 is unused.
  let outputSensitivity: [Double]

  /// Replays BPTT over `forward` towards `target` from zero gradients, `steps` steps (all when
  /// nil).
  init(forward: ForwardPass, target: Double, mode: Mode, steps: Int? = nil) {
    precondition(forward.isComplete, "a derivation needs a complete forward pass")
    self.forward = forward
    var back = BackwardPass(forward: forward, target: target, mode: mode)
    var gradients = Gradients.zero
    for _ in 0..<(steps ?? back.count) {
      back.step(accumulatingInto: &gradients)
    }
    backward = back
    // §2.5: ∂ŷ/∂h_n = w₃, then ∂ŷ/∂h_{t−1} = ∂ŷ/∂h_t·ReLU′(a_t)·w₂ — the engine's backward
    // step with an incoming gradient of ∂ŷ/∂h_t instead of ∂L/∂h_t.
    var sensitivity = [Double](repeating: 0, count: forward.count + 1)
    var d = Cell.outputHiddenGradient(w3: forward.weights.w3, lossGradient: 1)
    for t in stride(from: forward.count, through: 1, by: -1) {
      sensitivity[t] = d
      d = Self.local(forward.steps[t - 1], weights: forward.weights, incoming: d).dhPrevious
    }
    outputSensitivity = sensitivity
  }

  /// The local derivatives of step t (§2.3, §2.5), from the engine's backward step with an
  /// incoming gradient of `incoming` (1 gives the bare derivatives).
  ///
  /// `reluPrime` is ReLU′(a_t); `w1` is ∂h_t/∂w₁ = ReLU′(a_t)·x_t; `w2` is ∂h_t/∂w₂ =
  /// ReLU′(a_t)·h_{t−1}; `dhPrevious` is ∂h_t/∂h_{t−1} = ReLU′(a_t)·w₂, each times `incoming`.
  static func local(_ step: ForwardStep, weights: Weights, incoming: Double = 1)
    -> (reluPrime: Double, w1: Double, w2: Double, dhPrevious: Double)
  {
    let back = Cell.backStep(
      dh: incoming, preactivation: step.preactivation, x: step.x, hPrevious: step.hPrevious,
      w2: weights.w2)
    return (back.tmp, back.w1Term, back.w2Term, back.dhPrevious)
  }

  /// §2.5's ∂h_{t+1}/∂h_t as the article prints it: ReLU′ taken at h_t, the state coming
  /// into step t+1, instead of at a_{t+1} (erratum 5). `next` is step t+1's record.
  static func reluPrimeAsPrinted(_ next: ForwardStep) -> Double {
    Cell.reluPrime(next.hPrevious)
  }

  /// The output step's record, once it is done.
  var output: OutputGradientStep? { Self.records(of: backward).output }

  /// The timestep records done, in BPTT order (t = n first).
  var timesteps: [TimestepGradientStep] { Self.records(of: backward).timesteps }

  /// A backward pass's records split by kind.
  static func records(of pass: BackwardPass) -> (
    output: OutputGradientStep?, timesteps: [TimestepGradientStep]
  ) {
    var output: OutputGradientStep?
    var timesteps: [TimestepGradientStep] = []
    for step in pass.steps {
      switch step {
      case .output(let r): output = r
      case .timestep(let r): timesteps.append(r)
      }
    }
    return (output, timesteps)
  }
}
