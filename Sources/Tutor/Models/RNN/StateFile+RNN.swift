import RNN

extension StateFile {
  /// The first lines of every save: the RNN's Part and mode, which what follows assumes.
  static func rnnHeader(for rnn: RNNState) -> [String] {
    ["model \(rnn.model.architecture.rawValue)", "mode \(rnn.model.mode.rawValue)"]
  }

  /// The RNN's part of a save after the data: its weights, the generalised cell where it is
  /// not the article's, gradients, learning rate, truncation and clipping, and its passes.
  /// (The RNN's passes end at any change of model, so a save with another model active
  /// has none.)
  static func rnnCommands(for state: SessionState) -> [String] {
    let m = state.model
    var lines: [String] = []
    for w in Weight.allCases { lines.append("set \(w.rawValue) \(m.weights[w].description)") }
    // The generalised cell (beyond the article), only when it is not the article's, so a save
    // of the article's cell reads as it always did. `mode` came first: it is exact here.
    if m.activation != .relu { lines.append("activation \(m.activation.word)") }
    for bias in Bias.allCases where m.weights[bias] != 0 || m.weights[bias].sign == .minus {
      lines.append("set \(bias.rawValue) \(m.weights[bias].description)")
    }
    if m.trainsBiases { lines.append("train bias on") }
    // With a backward pass under way, its replay (passCommands) sets the gradients.
    if state.backward == nil {
      for w in Weight.allCases where m.gradients[w] != 0 {
        lines.append("set \(w.rawValue).g \(m.gradients[w].description)")
      }
      for bias in Bias.allCases where m.gradients[bias] != 0 {
        lines.append("set \(bias.rawValue).g \(m.gradients[bias].description)")
      }
    }
    lines.append("set lr \(state.learningRate.description)")
    if let k = m.truncation { lines.append("truncate \(k)") }
    if let c = m.clipNorm { lines.append("clip \(c.description)") }
    // A loss at every step (beyond the article), before the passes that read it.
    if m.loss.readsEveryStep { lines.append("loss \(m.loss.words)") }
    lines += passCommands(for: state)
    return lines
  }

  /// The commands that step the passes to where they are: the forward pass's `step N` (or
  /// `forward`), then for the backward pass the gradients each run of steps was handed and
  /// `back N`, and last the gradients as they are now if something changed them since.
  static func passCommands(for state: SessionState) -> [String] {
    guard let forward = state.forward, forward.t > 0 else { return [] }
    var lines = [forward.isComplete ? "forward" : "step \(forward.t)"]
    guard let backward = state.backward else { return lines }
    let names = Parameter.allCases
    lines += backCommands(
      backward.handovers, steps: backward.steps.count, now: state.model.gradients,
      names: names.map(\.rawValue)
    ) { g, i in g[names[i]] }
    return lines
  }
}
