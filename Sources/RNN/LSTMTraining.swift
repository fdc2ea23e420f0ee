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
    let step = LSTMSampleStep(longest: data.samples.map(\.inputs.count).max() ?? 1)
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

  init(longest: Int) {
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

  func deallocate() {
    gates.deallocate()
    tanhC.deallocate()
    h.deallocate()
    c.deallocate()
  }
}
