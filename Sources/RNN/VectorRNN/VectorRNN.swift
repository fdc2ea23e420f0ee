/// An RNN with a hidden vector of K units, one input and one output (beyond the article):
/// its parameters, their accumulated gradients, φ and the loss. The equations are in
/// `VectorCell` and `VectorWeights`.
public struct VectorRNN: StepwiseModel, Equatable, Sendable {
  /// W_xh, W_hh, b, w_y, c.
  public var weights: VectorWeights
  /// Their accumulated gradients, until `zeroGradients`.
  public var gradients: VectorWeights
  /// φ: tanh, ReLU or the identity.
  public var activation: Activation
  /// Which outputs the loss reads.
  public var loss: LossReadout
  /// Whether the update moves the biases b and c (their gradients are computed either way).
  /// True, as `nn.RNN` and `nn.Linear` train theirs; false with b = c = 0 is the article's
  /// cell, which has none.
  public var trainsBiases: Bool

  public init(
    weights: VectorWeights, activation: Activation = .tanh, loss: LossReadout = .last,
    trainsBiases: Bool = true
  ) {
    self.weights = weights
    self.gradients = weights.zeroed
    self.activation = activation
    self.loss = loss
    self.trainsBiases = trainsBiases
  }

  /// Whether the update moves `p`.
  public func trains(_ p: VectorParameter) -> Bool {
    switch p {
    case .b, .c: trainsBiases
    default: true
    }
  }

  /// K.
  public var size: Int { weights.size }

  /// The activations the vector RNN offers: PyTorch's `nn.RNN` has tanh and ReLU; the
  /// identity makes the recurrence linear, where the spectrum tells the whole story.
  public static let activations: [Activation] = [.tanh, .relu, .identity]

  public func startForward(_ inputs: [Double]) -> VectorForwardPass {
    VectorForwardPass(inputs: inputs, weights: weights, activation: activation)
  }

  /// A backward pass towards the label y alone: the loss reads ŷ_n (`startBackward(_:targets:)`
  /// takes a target per step).
  public func startBackward(_ pass: VectorForwardPass, target: Double) -> VectorBackwardPass {
    VectorBackwardPass(forward: pass, targets: [target], loss: .last)
  }

  /// A backward pass with this model's loss: `targets` has one value per timestep for a loss
  /// at every step; for `last`, its last value is y.
  public func startBackward(_ pass: VectorForwardPass, targets: [Double]) -> VectorBackwardPass {
    VectorBackwardPass(forward: pass, targets: targets, loss: loss)
  }

  /// The loss of one sample with the current parameters.
  public func loss(inputs: [Double], targets: [Double]) -> Double {
    loss.loss(outputs: forward(inputs).outputs, targets: targets)
  }

  /// The targets a sample gives this model's loss: its target at every step, or y alone.
  public func targets(of sample: Sample) -> [Double]? {
    if loss.readsEveryStep { return sample.targets }
    return [sample.target]
  }

  /// One gradient-descent step: every trained parameter p −= lr·p.g.
  public mutating func update(learningRate lr: Double) {
    let trainsBiases = trainsBiases
    weights.update(by: gradients, learningRate: lr) { p in
      switch p {
      case .b, .c: trainsBiases
      default: true
      }
    }
  }

  /// PyTorch's default initialisation of `nn.RNN(1, K)` and `nn.Linear(K, 1)`: every weight
  /// uniform in [−1/√K, 1/√K). `nn.RNN` has two hidden biases, b_ih and b_hh, each drawn so;
  /// here b is their sum (the two always add), and c is `nn.Linear`'s bias, drawn so too.
  /// Draws in the order W_xh, W_hh row by row, b_ih, b_hh, w_y, c.
  public mutating func randomize(using generator: inout SplitMix64) {
    let k = size
    let bound = 1 / Double(k).squareRoot()
    func draw() -> Double { (2 * generator.nextUnit() - 1) * bound }
    var w = VectorWeights(size: k)
    for i in 0..<k { w.wxh[i] = draw() }
    for i in 0..<(k * k) { w.whh[i] = draw() }
    let bih = (0..<k).map { _ in draw() }
    let bhh = (0..<k).map { _ in draw() }
    w.b = (0..<k).map { bih[$0] + bhh[$0] }
    for i in 0..<k { w.wy[i] = draw() }
    w.c = draw()
    weights = w
  }

  /// Trains on `data` as §3.1's loop does (every sample forward and back, update, zero), with
  /// this model's loss: a data set with a target at every step is needed for `every`.
  public mutating func train(
    on data: Dataset, epochs: Int, learningRate lr: Double, checkEvery: Int = 64,
    progress: (TrainingProgress) -> Bool = { _ in true }
  ) -> TrainingRun<VectorWeights> {
    precondition(
      !loss.readsEveryStep || data.samples.allSatisfy { $0.targets != nil },
      "a loss at every step trains on data with a target at every step")
    let longest = data.samples.map(\.inputs.count).max() ?? 1
    return RNN.train(
      VectorSampleStep(
        size: size, longest: longest, activation: activation, loss: loss,
        trainsBiases: trainsBiases),
      on: data, weights: &weights, gradients: &gradients, epochs: epochs, learningRate: lr,
      checkEvery: checkEvery, progress: progress)
  }
}

/// The vector RNN's half of the training loop, on scratch buffers it owns: h_t and φ′(a_t)
/// for every timestep, ∂L/∂a_t and ∂L/∂h_t. The same arithmetic as `VectorForwardPass` and
/// `VectorBackwardPass`, in the same order, without their records.
struct VectorSampleStep: SampleStep {
  typealias Parameters = VectorWeights
  let k: Int
  let activation: Activation
  let loss: LossReadout
  let trainsBiases: Bool
  /// h_0…h_n, K each.
  let h: UnsafeMutableBufferPointer<Double>
  /// φ′(a_1)…φ′(a_n), K each.
  let slope: UnsafeMutableBufferPointer<Double>
  /// ŷ_1…ŷ_n.
  let yhat: UnsafeMutableBufferPointer<Double>
  /// ∂L/∂h_t and ∂L/∂a_t for the timestep in hand.
  let dh: UnsafeMutableBufferPointer<Double>
  let da: UnsafeMutableBufferPointer<Double>

  init(
    size k: Int, longest n: Int, activation: Activation, loss: LossReadout, trainsBiases: Bool
  ) {
    self.k = k
    self.activation = activation
    self.loss = loss
    self.trainsBiases = trainsBiases
    h = .allocate(capacity: (n + 1) * k)
    slope = .allocate(capacity: n * k)
    yhat = .allocate(capacity: n)
    dh = .allocate(capacity: k)
    da = .allocate(capacity: k)
  }

  @inline(__always)
  func trains(_ p: VectorParameter) -> Bool {
    switch p {
    case .b, .c: trainsBiases
    default: true
    }
  }

  func deallocate() {
    h.deallocate()
    slope.deallocate()
    yhat.deallocate()
    dh.deallocate()
    da.deallocate()
  }

  @inline(__always)
  func lossAddingGradients(
    x: UnsafeBufferPointer<Double>, y: Double, targets: [Double]?, weights w: VectorWeights,
    into g: inout VectorWeights
  ) -> Double {
    // Raw buffers for every array the loops touch: with K = 4 the loops are so short that an
    // array's bounds and uniqueness checks cost as much as the arithmetic.
    let c = w.c
    var gc = g.c
    let loss = w.wxh.withUnsafeBufferPointer { wxh in
      w.whh.withUnsafeBufferPointer { whh in
        w.b.withUnsafeBufferPointer { b in
          w.wy.withUnsafeBufferPointer { wy in
            g.wxh.withUnsafeMutableBufferPointer { gwxh in
              g.whh.withUnsafeMutableBufferPointer { gwhh in
                g.b.withUnsafeMutableBufferPointer { gb in
                  g.wy.withUnsafeMutableBufferPointer { gwy in
                    (targets ?? []).withUnsafeBufferPointer { ys in
                      lossAddingGradients(
                        x: x, y: y, targets: ys, wxh: wxh, whh: whh, b: b, wy: wy, c: c,
                        gwxh: gwxh, gwhh: gwhh, gb: gb, gwy: gwy, gc: &gc)
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    g.c = gc
    return loss
  }

  /// The sample step on raw buffers: `ys` holds y_1…y_n under a loss at every step (empty
  /// for `last`, which reads `y`). Rows and timesteps are reached through pointers and the
  /// index arithmetic wraps (`&+`, `&*`: the indices are below (n + 1)·K), so the inner loops
  /// carry no overflow or range checks; the floating-point operations are those of
  /// `VectorForwardPass` and `VectorBackwardPass`, in their order.
  @inline(__always)
  private func lossAddingGradients(
    x: UnsafeBufferPointer<Double>, y: Double, targets ys: UnsafeBufferPointer<Double>,
    wxh: UnsafeBufferPointer<Double>, whh: UnsafeBufferPointer<Double>,
    b: UnsafeBufferPointer<Double>, wy: UnsafeBufferPointer<Double>, c: Double,
    gwxh: UnsafeMutableBufferPointer<Double>, gwhh: UnsafeMutableBufferPointer<Double>,
    gb: UnsafeMutableBufferPointer<Double>, gwy: UnsafeMutableBufferPointer<Double>,
    gc: inout Double
  ) -> Double {
    let n = x.count
    let k = self.k
    let every = loss.readsEveryStep
    let activation = self.activation
    let h = self.h.baseAddress!
    let slope = self.slope.baseAddress!
    let yhat = self.yhat.baseAddress!
    let dh = self.dh.baseAddress!
    let da = self.da.baseAddress!
    let whh = whh.baseAddress!
    let gwhh = gwhh.baseAddress!
    for i in 0..<k { h[i] = 0 }
    // Forward: a_t = W_xh·x_t + W_hh·h_{t−1} + b, h_t = φ(a_t), ŷ_t = w_y·h_t + c.
    var t = 1
    while t <= n {
      let xt = x[t &- 1]
      let hPrevious = h + (t &- 1) &* k
      let hNow = hPrevious + k
      let slopeNow = slope + (t &- 1) &* k
      var i = 0
      while i < k {
        let row = whh + i &* k
        var a = wxh[i] * xt + row[0] * hPrevious[0]
        var j = 1
        while j < k {
          a += row[j] * hPrevious[j]
          j &+= 1
        }
        a += b[i]
        let hi = activation(a)
        hNow[i] = hi
        slopeNow[i] = activation.derivative(preactivation: a, output: hi)
        i &+= 1
      }
      var out = wy[0] * hNow[0]
      i = 1
      while i < k {
        out += wy[i] * hNow[i]
        i &+= 1
      }
      yhat[t &- 1] = out + c
      t &+= 1
    }
    // The loss, and ŷ_n's terms.
    let sampleLoss: Double
    let yn = every ? ys[n - 1] : y
    if every {
      var sum = 0.0
      for t in 0..<n { sum += Cell.loss(prediction: yhat[t], target: ys[t]) }
      sampleLoss = loss == .every ? sum : sum / Double(n)
    } else {
      sampleLoss = Cell.loss(prediction: yhat[n - 1], target: y)
    }
    // BPTT, t = n…1.
    t = n
    while t >= 1 {
      let xt = x[t &- 1]
      let hNow = h + t &* k
      let hPrevious = hNow - k
      let slopeNow = slope + (t &- 1) &* k
      // The road from ŷ_t (ŷ_n always; the others under a loss at every step).
      let readsOutput = t == n || every
      let gy: Double
      if t == n {
        gy = loss.outputGradient(t: n, n: n, prediction: yhat[n &- 1], target: yn)
      } else if every {
        gy = loss.outputGradient(t: t, n: n, prediction: yhat[t &- 1], target: ys[t &- 1])
      } else {
        gy = 0
      }
      if readsOutput {
        var i = 0
        while i < k {
          gwy[i] += hNow[i] * gy
          i &+= 1
        }
        gc += gy
      }
      // ∂L/∂h_t = w_y·∂L/∂ŷ_t + W_hhᵀ·∂L/∂a_{t+1}.
      var j = 0
      while j < k {
        var fromOutput = 0.0
        if readsOutput { fromOutput = wy[j] * gy }
        if t < n {
          var back = whh[j] * da[0]
          var i = 1
          while i < k {
            back += whh[i &* k &+ j] * da[i]
            i &+= 1
          }
          dh[j] = readsOutput ? fromOutput + back : back
        } else {
          dh[j] = fromOutput
        }
        j &+= 1
      }
      var i = 0
      while i < k {
        let dai = dh[i] * slopeNow[i]
        da[i] = dai
        gwxh[i] += dai * xt
        let row = gwhh + i &* k
        var j = 0
        while j < k {
          row[j] += dai * hPrevious[j]
          j &+= 1
        }
        gb[i] += dai
        i &+= 1
      }
      t &-= 1
    }
    return sampleLoss
  }
}
