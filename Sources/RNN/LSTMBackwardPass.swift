/// The LSTM's first BPTT step: from the loss to ŷ, wy, by and h_n.
///
/// Under a loss at every step the same record holds ŷ_t's terms for a timestep t < n: then
/// `hn` is h_t and `dhn` is ∂L/∂h_t's road from ŷ_t, wy·∂L/∂ŷ_t.
public struct LSTMOutputGradientStep: Equatable, Sendable {
  /// The timestep whose output this is: n for the first step.
  public let t: Int
  /// ŷ and the label y.
  public let prediction: Double
  public let target: Double
  /// ∂L/∂ŷ = ŷ − y (Eq. 4 corrected).
  public let lossGradient: Double
  /// h_n, the factor ∂ŷ/∂wy, and wy's term h_n·∂L/∂ŷ.
  public let hn: Double
  public let wyTerm: Double
  /// wy's gradient after this step.
  public let wySum: Double
  /// by's term ∂L/∂ŷ (∂ŷ/∂by = 1) and by's gradient after it.
  public let byTerm: Double
  public let bySum: Double
  /// wy, the factor ∂ŷ/∂h_n, and ∂L/∂h_n = wy·∂L/∂ŷ.
  public let wy: Double
  public let dhn: Double
}

/// One LSTM BPTT timestep t = n…1: what arrives, each gate's factors, every term and sum.
public struct LSTMTimestepGradientStep: Equatable, Sendable {
  public let t: Int
  /// The forward record of this timestep (x_t, h_{t−1}, c_{t−1}, the gates, c_t, h_t).
  public let forward: LSTMForwardStep
  /// ŷ_t's own terms when the loss reads ŷ_t at t < n (nil otherwise: the output step holds
  /// ŷ_n's).
  public let output: LSTMOutputGradientStep?
  /// ∂L/∂h_t's road from ŷ_t, wy·∂L/∂ŷ_t (∂L/∂h_n at t = n; 0 when the loss does not read ŷ_t).
  public let fromOutput: Double
  /// ∂L/∂h_t's road from h_{t+1}, Σ ∂L/∂z_{t+1}·wh (0 at t = n).
  public let fromNext: Double
  /// ∂L/∂h_t, arriving from step t+1 (or from ŷ when t = n); under a loss at every step the
  /// sum fromOutput + fromNext.
  public let dh: Double
  /// Whether ∂L/∂h_t has two roads in: the loss reads ŷ_t and t < n.
  public var hasTwoRoads: Bool { output != nil }
  /// ∂L/∂c_t arriving from c_{t+1} = f_{t+1}·c_t + …, that is ∂L/∂c_{t+1}·f_{t+1} (0 at t = n).
  public let dcArriving: Double
  /// tanh′(c_t) = 1 − tanh²(c_t), and the share of ∂L/∂c_t that comes through h_t:
  /// ∂L/∂h_t·o_t·tanh′(c_t).
  public let tanhPrimeC: Double
  public let dcFromH: Double
  /// ∂L/∂c_t in all: dcArriving + dcFromH.
  public let dc: Double
  /// ∂L/∂(each gate's value).
  public let dGate: LSTMGateValues
  /// Each gate's local derivative ∂gate/∂z (σ′ or tanh′).
  public let localDerivatives: LSTMGateValues
  /// ∂L/∂z for each gate: dGate times the local derivative.
  public let dz: LSTMGateValues
  /// This timestep's term for each gate parameter (dz·x_t, dz·h_{t−1}, dz); wy and by are 0.
  public let terms: LSTMGradients
  /// The gradients after this step's terms were added (they may hold earlier passes too).
  public let sums: LSTMGradients
  /// ∂L/∂h_{t−1} = Σ dz·wh and ∂L/∂c_{t−1} = ∂L/∂c_t·f_t, passed on to step t−1.
  public let dhPrevious: Double
  public let dcPrevious: Double
}

/// One record of an LSTM backward pass.
public typealias LSTMBackwardStep = BackwardRecord<LSTMOutputGradientStep, LSTMTimestepGradientStep>

/// Backpropagation through time for the LSTM, one step at a time.
///
/// The first step handles ∂L/∂ŷ, the terms of wy and by, and ∂L/∂h_n; each later step
/// handles one timestep, t = n down to 1, adding the terms of the twelve gate parameters.
/// Like the RNN's `BackwardPass`, it adds into gradients it is given, so they accumulate
/// across passes until zeroed. Under a loss at every step a timestep t < n first takes ŷ_t's
/// terms (wy's h_t·∂L/∂ŷ_t, by's ∂L/∂ŷ_t) and adds its road wy·∂L/∂ŷ_t to the one from h_{t+1}.
public struct LSTMBackwardPass: StepwiseBackwardPass, Equatable, Sendable {
  /// The forward pass it runs back through; complete.
  public let forward: LSTMForwardPass
  /// The label y (y_n under a loss at every step).
  public let target: Double
  /// Which outputs the loss reads: ŷ_n alone (Eq. 1) or every ŷ_t.
  public let loss: LossReadout
  /// y_1…y_n under a loss at every step; [y] for Eq. 1.
  public let targets: [Double]
  /// The records so far.
  public private(set) var steps: [LSTMBackwardStep] = []
  /// ∂L/∂h_t and the arriving ∂L/∂c_t for the next timestep to handle.
  private var dh: Double = 0
  private var dc: Double = 0
  /// The terms this pass alone has added.
  public private(set) var passGradients = LSTMGradients.zero
  /// The gradients each step was handed, where they differ from what the step before left.
  public private(set) var handovers = Handovers<LSTMGradients>()

  public init(forward: LSTMForwardPass, target: Double) {
    precondition(forward.isComplete, "backward needs a complete forward pass")
    self.forward = forward
    self.target = target
    loss = .last
    targets = [target]
  }

  /// A pass with `loss`: towards `targets`, y_1…y_n for a loss at every step (the last alone
  /// is read for Eq. 1).
  public init(forward: LSTMForwardPass, targets: [Double], loss: LossReadout) {
    precondition(forward.isComplete, "backward needs a complete forward pass")
    precondition(
      loss == .last ? !targets.isEmpty : targets.count == forward.count,
      "a loss at every step needs a target per step")
    self.forward = forward
    target = targets[targets.count - 1]
    self.loss = loss
    self.targets = loss == .last ? [target] : targets
  }

  /// The loss the pass runs back from.
  public var lossValue: Double { loss.loss(outputs: forward.outputs, targets: targets) }

  /// The sequence length n.
  public var length: Int { forward.count }

  /// Steps in all: one for the output, then one per timestep.
  public var count: Int { forward.count + 1 }

  /// Performs the next BPTT step, adding its terms into `gradients`; nil when complete.
  @discardableResult
  public mutating func step(accumulatingInto gradients: inout LSTMGradients) -> LSTMBackwardStep? {
    guard !isComplete else { return nil }
    handovers.handing(gradients, to: steps.count)
    defer { handovers.leaving(gradients) }
    let w = forward.weights
    if steps.isEmpty {
      let yhat = forward.prediction!
      let hn = forward.h
      // Cell.lossGradient for Eq. 1 and `every`, (ŷ_n − y_n)/n for `every mean`.
      let g = loss.outputGradient(t: length, n: length, prediction: yhat, target: target)
      let out = LSTMCell.outputBackStep(wy: w.wy, h: hn, lossGradient: g)
      gradients.wy += out.wyTerm
      gradients.by += out.byTerm
      passGradients.wy += out.wyTerm
      passGradients.by += out.byTerm
      dh = out.dh
      dc = 0
      let record = LSTMBackwardStep.output(
        LSTMOutputGradientStep(
          t: length, prediction: yhat, target: target, lossGradient: g, hn: hn, wyTerm: out.wyTerm,
          wySum: gradients.wy, byTerm: out.byTerm, bySum: gradients.by, wy: w.wy, dhn: out.dh))
      steps.append(record)
      return record
    }
    let t = forward.count - (steps.count - 1)
    let f = forward.steps[t - 1]
    // Under a loss at every step ŷ_t's terms come first and its road joins the one from
    // h_{t+1}; otherwise ∂L/∂h_t is that road as it is (0 + v would turn −0 into +0).
    let arriving = dh
    var output: LSTMOutputGradientStep? = nil
    if t < length && loss.readsEveryStep {
      let o = outputTerms(t, accumulatingInto: &gradients)
      output = o
      dh = o.dhn + arriving
    }
    let back = LSTMCell.backStep(
      dh: dh, dcArriving: dc, gates: f.gates, tanhC: f.tanhC, cPrevious: f.cPrevious, weights: w)
    var terms = LSTMGradients.zero
    terms.addGateTerms(dz: back.dz, x: f.x, hPrevious: f.hPrevious)
    gradients.addGateTerms(dz: back.dz, x: f.x, hPrevious: f.hPrevious)
    passGradients.addGateTerms(dz: back.dz, x: f.x, hPrevious: f.hPrevious)
    let tanhPrimeC = LSTMCell.tanhPrime(value: f.tanhC)
    let record = LSTMBackwardStep.timestep(
      LSTMTimestepGradientStep(
        t: t, forward: f, output: output, fromOutput: t == length ? dh : output?.dhn ?? 0,
        fromNext: t == length ? 0 : arriving, dh: dh, dcArriving: dc, tanhPrimeC: tanhPrimeC,
        dcFromH: dh * f.gates.o * tanhPrimeC, dc: back.dc, dGate: back.dGate,
        localDerivatives: f.localDerivatives, dz: back.dz, terms: terms, sums: gradients,
        dhPrevious: back.dhPrevious, dcPrevious: back.dcPrevious))
    dh = back.dhPrevious
    dc = back.dcPrevious
    steps.append(record)
    return record
  }

  /// ŷ_t's terms for a timestep t < n under a loss at every step: ∂L/∂ŷ_t, wy's and by's
  /// terms and the road wy·∂L/∂ŷ_t into h_t.
  private mutating func outputTerms(_ t: Int, accumulatingInto gradients: inout LSTMGradients)
    -> LSTMOutputGradientStep
  {
    let w = forward.weights
    let yhat = forward.output(at: t)
    let h = forward.steps[t - 1].h
    let y = targets[t - 1]
    let g = loss.outputGradient(t: t, n: length, prediction: yhat, target: y)
    let out = LSTMCell.outputBackStep(wy: w.wy, h: h, lossGradient: g)
    gradients.wy += out.wyTerm
    gradients.by += out.byTerm
    passGradients.wy += out.wyTerm
    passGradients.by += out.byTerm
    return LSTMOutputGradientStep(
      t: t, prediction: yhat, target: y, lossGradient: g, hn: h, wyTerm: out.wyTerm,
      wySum: gradients.wy, byTerm: out.byTerm, bySum: gradients.by, wy: w.wy, dhn: out.dh)
  }
}
