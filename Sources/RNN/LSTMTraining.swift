/// What an LSTM training run did; the LSTM's counterpart of `TrainingReport`.
public typealias LSTMTrainingReport = TrainingRun<LSTMWeights>

/// The LSTM's parameters at the start (epoch 0) and after each epoch.
public typealias LSTMWeightPath = EpochSeries<LSTMWeights>

extension MiniLSTM {
  /// A learning rate at which the LSTM learns `zigzag` (see LSTMTrainingTests).
  public static let defaultLearningRate = 0.1

  /// Trains on `data` with the article's §3.1 loop: for each epoch, for each sample in
  /// order — forward, backward, update, zero — the same loop as `MiniRnn.train`, with the
  /// same progress calls and the same stop at a NaN (see `train(_:on:…)`); `LSTMCell`'s
  /// equations run on scratch buffers allocated once, so a sample step allocates nothing.
  public mutating func train(
    on data: Dataset, epochs: Int = MiniRnn.defaultEpochs,
    learningRate lr: Double = defaultLearningRate,
    checkEvery: Int = 4096, progress: (TrainingProgress) -> Bool = { _ in true }
  ) -> LSTMTrainingReport {
    precondition(
      loss == .last || data.samples.allSatisfy { $0.targets != nil },
      "a loss at every step trains on data with a target per step")
    let step = LSTMSampleStep(longest: data.samples.map(\.inputs.count).max() ?? 1, loss: loss)
    return RNN.train(
      step, on: data, weights: &weights, gradients: &gradients, epochs: epochs,
      learningRate: lr, checkEvery: checkEvery, progress: progress)
  }
}

/// The LSTM's half of the training loop: one sample forward (the gates, c_t, h_t for
/// t = 1…n, then ŷ) and back (the output, then t = n…1) with `LSTMCell`'s equations, on
/// scratch buffers.
struct LSTMSampleStep: SampleStep {
  /// gates[t], tanhC[t] for step t+1; h[t], c[t] hold h_t, c_t with h_0 = c_0 = 0.
  let gates: UnsafeMutableBufferPointer<LSTMGateValues>
  let tanhC: UnsafeMutableBufferPointer<Double>
  let h: UnsafeMutableBufferPointer<Double>
  let c: UnsafeMutableBufferPointer<Double>
  /// Which outputs the loss reads.
  let loss: LossReadout

  init(longest: Int, loss: LossReadout = .last) {
    self.loss = loss
    gates = .allocate(capacity: longest)
    tanhC = .allocate(capacity: longest)
    h = .allocate(capacity: longest + 1)
    c = .allocate(capacity: longest + 1)
  }

  @inline(__always)
  func lossAddingGradients(
    x: UnsafeBufferPointer<Double>, y: Double, targets: [Double]?, weights w: LSTMWeights,
    into g: inout LSTMWeights
  ) -> Double {
    let n = x.count
    h[0] = 0
    c[0] = 0
    for t in 0..<n {
      let v = LSTMCell.gates(w, x: x[t], hPrevious: h[t]).value
      gates[t] = v
      c[t + 1] = LSTMCell.cellState(v, cPrevious: c[t])
      tanhC[t] = LSTMCell.tanh(c[t + 1])
      h[t + 1] = LSTMCell.hidden(o: v.o, tanhC: tanhC[t])
    }
    if self.loss.readsEveryStep {
      return backFromEveryStep(x: x, targets: targets!, weights: w, into: &g)
    }
    let yhat = LSTMCell.output(wy: w.wy, by: w.by, h: h[n])
    let loss = Cell.loss(prediction: yhat, target: y)
    let lossGradient = Cell.lossGradient(prediction: yhat, target: y)
    let out = LSTMCell.outputBackStep(wy: w.wy, h: h[n], lossGradient: lossGradient)
    g.wy += out.wyTerm
    g.by += out.byTerm
    var dh = out.dh
    var dc = 0.0
    var t = n - 1
    while t >= 0 {
      let back = LSTMCell.backStep(
        dh: dh, dcArriving: dc, gates: gates[t], tanhC: tanhC[t], cPrevious: c[t], weights: w)
      g.addGateTerms(dz: back.dz, x: x[t], hPrevious: h[t])
      dh = back.dhPrevious
      dc = back.dcPrevious
      t -= 1
    }
    return loss
  }

  /// A loss at every step, after the forward pass: the loss, then BPTT in
  /// `LSTMBackwardPass`'s order — at each t = n…1, ŷ_t's terms (wy's, by's), its road
  /// wy·∂L/∂ŷ_t added to the one from h_{t+1}, then the gates' terms — so that training and
  /// stepping give the same gradients to the bit.
  private func backFromEveryStep(
    x: UnsafeBufferPointer<Double>, targets ys: [Double], weights w: LSTMWeights,
    into g: inout LSTMWeights
  ) -> Double {
    let n = x.count
    var sum = 0.0
    for t in 0..<n {
      sum += Cell.loss(prediction: LSTMCell.output(wy: w.wy, by: w.by, h: h[t + 1]), target: ys[t])
    }
    let sampleLoss = loss == .every ? sum : sum / Double(n)
    var dh = 0.0
    var dc = 0.0
    var t = n - 1
    while t >= 0 {
      let gy = loss.outputGradient(
        t: t + 1, n: n, prediction: LSTMCell.output(wy: w.wy, by: w.by, h: h[t + 1]),
        target: ys[t])
      let out = LSTMCell.outputBackStep(wy: w.wy, h: h[t + 1], lossGradient: gy)
      g.wy += out.wyTerm
      g.by += out.byTerm
      let back = LSTMCell.backStep(
        dh: t == n - 1 ? out.dh : out.dh + dh, dcArriving: dc, gates: gates[t], tanhC: tanhC[t],
        cPrevious: c[t], weights: w)
      g.addGateTerms(dz: back.dz, x: x[t], hPrevious: h[t])
      dh = back.dhPrevious
      dc = back.dcPrevious
      t -= 1
    }
    return sampleLoss
  }

  func deallocate() {
    gates.deallocate()
    tanhC.deallocate()
    h.deallocate()
    c.deallocate()
  }
}
