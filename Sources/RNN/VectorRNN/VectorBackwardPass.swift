/// What ŷ_t's loss sends back: ∂L/∂ŷ_t, the read-out's terms, and ∂L/∂h_t's road from ŷ_t.
public struct VectorOutputStep: Equatable, Sendable {
  /// The timestep whose output this is.
  public let t: Int
  /// ŷ_t and its target y_t.
  public let prediction: Double
  public let target: Double
  /// ∂L/∂ŷ_t: ŷ_t − y_t (divided by n for a mean loss).
  public let lossGradient: Double
  /// h_t, the factor ∂ŷ_t/∂w_y.
  public let h: [Double]
  /// w_y's term h_t·∂L/∂ŷ_t and c's term ∂L/∂ŷ_t (∂ŷ_t/∂c = 1).
  public let wyTerm: [Double]
  public let cTerm: Double
  /// w_y's and c's gradients after the terms.
  public let wySum: [Double]
  public let cSum: Double
  /// w_y, the factor ∂ŷ_t/∂h_t.
  public let wy: [Double]
  /// ∂L/∂h_t's road from ŷ_t: w_y·∂L/∂ŷ_t.
  public let dh: [Double]
}

/// One BPTT timestep t = n…1 of the vector RNN: both roads into ∂L/∂h_t, the Jacobian's
/// factors, every term and sum.
public struct VectorTimestepStep: Equatable, Sendable {
  public let t: Int
  /// The forward record of this timestep.
  public let forward: VectorForwardStep
  /// ŷ_t's own terms when the loss reads ŷ_t at t < n (nil otherwise; the output step holds
  /// ŷ_n's).
  public let output: VectorOutputStep?
  /// ∂L/∂h_t from ŷ_t (w_y·∂L/∂ŷ_t; zeros when the loss does not read ŷ_t).
  public let fromOutput: [Double]
  /// ∂L/∂h_t from h_{t+1}: W_hhᵀ·∂L/∂a_{t+1} (zeros at t = n).
  public let fromNext: [Double]
  /// ∂L/∂h_t = fromOutput + fromNext.
  public let dh: [Double]
  /// ∂L/∂a_t = ∂L/∂h_t ⊙ φ′(a_t).
  public let da: [Double]
  /// W_xh's term ∂L/∂a_t·x_t, W_hh's term ∂L/∂a_t·h_{t−1}ᵀ (an outer product, row by row)
  /// and b's term ∂L/∂a_t.
  public let wxhTerm: [Double]
  public let whhTerm: [Double]
  public var bTerm: [Double] { da }
  /// The gradients after this step's terms were added (they may hold earlier passes too).
  public let sums: VectorWeights
  /// ∂L/∂h_{t−1}'s road from h_t: W_hhᵀ·∂L/∂a_t = J_tᵀ·∂L/∂h_t, passed on to step t−1.
  public let dhPrevious: [Double]
}

/// One record of a vector RNN's backward pass.
public typealias VectorBackwardStep = BackwardRecord<VectorOutputStep, VectorTimestepStep>

/// Backpropagation through time for the vector RNN, one step at a time.
///
/// The first step handles ŷ_n's loss: ∂L/∂ŷ_n, the read-out's terms and ∂L/∂h_n. Each later
/// step handles one timestep, t = n down to 1: under a loss at every step it first takes
/// ŷ_t's own terms and road, adds the road from h_{t+1}, then goes through φ′(a_t) to the
/// terms of W_xh, W_hh and b and on to h_{t−1}. It adds into the gradients it is handed, so
/// they accumulate across passes until zeroed.
public struct VectorBackwardPass: StepwiseBackwardPass, Equatable, Sendable {
  /// The forward pass it runs back through; complete.
  public let forward: VectorForwardPass
  /// y_1…y_n for a loss at every step; for `last`, the label y (one value or n, the last read).
  public let targets: [Double]
  /// Which outputs the loss reads.
  public let loss: LossReadout
  /// The records so far.
  public private(set) var steps: [VectorBackwardStep] = []
  /// ∂L/∂a_{t+1} for the next timestep to handle (nil before the first timestep).
  private var daNext: [Double]?
  /// The output step's road into h_n.
  private var dhn: [Double] = []
  /// The terms this pass alone has added.
  public private(set) var passGradients: VectorWeights
  /// The gradients each step was handed, where they differ from what the step before left.
  public private(set) var handovers = Handovers<VectorWeights>()

  public init(forward: VectorForwardPass, targets: [Double], loss: LossReadout) {
    precondition(forward.isComplete, "backward needs a complete forward pass")
    precondition(
      loss == .last ? !targets.isEmpty : targets.count == forward.count,
      "a loss at every step needs a target per step")
    self.forward = forward
    self.targets = targets
    self.loss = loss
    passGradients = forward.weights.zeroed
  }

  /// The sequence length n.
  public var length: Int { forward.count }
  /// Steps in all: one for ŷ_n, then one per timestep.
  public var count: Int { forward.count + 1 }
  /// The target of ŷ_t.
  public func target(_ t: Int) -> Double {
    loss == .last ? targets[targets.count - 1] : targets[t - 1]
  }
  /// The loss the pass runs back from.
  public var lossValue: Double { loss.loss(outputs: forward.outputs, targets: targets) }

  /// ŷ_t's terms: ∂L/∂ŷ_t, w_y's and c's, and the road w_y·∂L/∂ŷ_t into h_t.
  private mutating func outputStep(
    _ t: Int, accumulatingInto gradients: inout VectorWeights
  ) -> VectorOutputStep {
    let f = forward.steps[t - 1]
    let w = forward.weights
    let y = target(t)
    let g = loss.outputGradient(t: t, n: length, prediction: f.output, target: y)
    let wyTerm = f.h.map { $0 * g }
    for i in 0..<w.size {
      gradients.wy[i] += wyTerm[i]
      passGradients.wy[i] += wyTerm[i]
    }
    gradients.c += g
    passGradients.c += g
    return VectorOutputStep(
      t: t, prediction: f.output, target: y, lossGradient: g, h: f.h, wyTerm: wyTerm, cTerm: g,
      wySum: gradients.wy, cSum: gradients.c, wy: w.wy, dh: w.wy.map { $0 * g })
  }

  /// Performs the next BPTT step, adding its terms into `gradients`; nil when complete.
  @discardableResult
  public mutating func step(accumulatingInto gradients: inout VectorWeights)
    -> VectorBackwardStep?
  {
    guard !isComplete else { return nil }
    handovers.handing(gradients, to: steps.count)
    defer { handovers.leaving(gradients) }
    if steps.isEmpty {
      let record = outputStep(length, accumulatingInto: &gradients)
      dhn = record.dh
      steps.append(.output(record))
      return .output(record)
    }
    let w = forward.weights
    let k = w.size
    let t = length - (steps.count - 1)
    let f = forward.steps[t - 1]
    var output: VectorOutputStep? = nil
    let fromOutput: [Double]
    if t == length {
      fromOutput = dhn
    } else if loss.readsEveryStep {
      let o = outputStep(t, accumulatingInto: &gradients)
      output = o
      fromOutput = o.dh
    } else {
      fromOutput = Array(repeating: 0, count: k)
    }
    let fromNext = daNext.map { VectorCell.backThroughRecurrence(w, $0) }
    // With no road from ŷ_t, ∂L/∂h_t is the road from h_{t+1} as it is (0 + v would turn a
    // −0 into +0, and K = 1 must be the article's cell to the bit).
    let readsOutput = t == length || loss.readsEveryStep
    let dh =
      fromNext.map { next in readsOutput ? (0..<k).map { fromOutput[$0] + next[$0] } : next }
      ?? fromOutput
    let da = (0..<k).map { dh[$0] * f.derivative[$0] }
    let wxhTerm = da.map { $0 * f.x }
    var whhTerm = [Double](repeating: 0, count: k * k)
    for i in 0..<k {
      for j in 0..<k { whhTerm[i * k + j] = da[i] * f.hPrevious[j] }
    }
    for i in 0..<k {
      gradients.wxh[i] += wxhTerm[i]
      passGradients.wxh[i] += wxhTerm[i]
      for j in 0..<k {
        gradients.whh[i * k + j] += whhTerm[i * k + j]
        passGradients.whh[i * k + j] += whhTerm[i * k + j]
      }
      gradients.b[i] += da[i]
      passGradients.b[i] += da[i]
    }
    let record = VectorTimestepStep(
      t: t, forward: f, output: output, fromOutput: fromOutput,
      fromNext: fromNext ?? Array(repeating: 0, count: k), dh: dh, da: da, wxhTerm: wxhTerm,
      whhTerm: whhTerm, sums: gradients, dhPrevious: VectorCell.backThroughRecurrence(w, da))
    daNext = da
    steps.append(.timestep(record))
    return .timestep(record)
  }
}
