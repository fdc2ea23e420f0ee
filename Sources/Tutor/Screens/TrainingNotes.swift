import RNN

extension Session {
  /// Before `train`: a note when gradients from an earlier `backward` are still there, since
  /// the first sample step adds its terms to them and updates with the sum.
  func leftoverGradientNote() -> String {
    let g = state.model.gradients
    guard g != .zero else { return "" }
    let n = notation
    // The generalised cell's b.g and c.g, when the biases train (beyond the article).
    let biases =
      state.model.trainsBiases ? ", b.g = \(n.value(g.b)), c.g = \(n.value(g.c))" : ""
    return n.styled(
      "note: the gradients are not zero (\(n.w(1)).g = \(n.value(g.w1)), \(n.w(2)).g = \(n.value(g.w2)), \(n.w(3)).g = \(n.value(g.w3))\(biases)): train's first update includes them; 'zero' first to start clean",
      .note) + "\n"
  }

  /// After `train`: the loss at the weights training ended with, the one `forward` and
  /// `landscape` show; the last epoch's mean was taken while the weights still moved.
  func finalWeightsLossLine(_ data: Dataset) -> String {
    let loss = state.model.meanLoss(on: data)
    guard loss.isFinite else { return "" }
    let samples = data.samples.count == 1 ? "the 1 sample" : "the \(data.samples.count) samples"
    let which = state.model.loss.readsEveryStep ? "loss \(state.model.loss.words)" : "loss"
    return
      "\(which) at the final weights (mean over \(samples) of \(data.name)): \(notation.number(loss))\n"
  }
}
