import RNN

extension CommandTable {
  static let backwardCommands: [Command] = [
    backCommand(
      RNNState.self,
      summary: "one BPTT step: the first does ∂L/∂ŷ and w3, then t = n…1 one at a time",
      eachStep:
        "Each step shows its factors, the term it adds to each gradient and the running sums.",
      section: "§2.5–2.6"),
    backwardCommand(RNNState.self, section: "§2.6, §3"),
    tableCommand(
      "grads", summary: "table of each timestep's gradient terms and the sums so far",
      section: "§2.6"
    ) { session, elide in session.renderGrads(elide: elide) },
    Command(
      name: "zero", usage: "zero",
      summary: "set every gradient to 0 (the article's zero_grads)",
      example: "zero", section: "§3", quietInScripts: true
    ) { session, _, _ throws(CommandError) in
      session.state.model.zeroGradients()
      return "w1.g = w2.g = w3.g = 0\n"
    },
    Command(
      name: "update", usage: "update [LR]",
      summary: "one gradient-descent step: w -= lr·w.g for each weight",
      example: "update 0.1", section: "§3.1", arguments: .atMost(1, "at most one learning rate"),
      quietInScripts: true
    ) { session, args, _ throws(CommandError) in
      let lr = try session.updateLearningRate(args, default: session.state.learningRate)
      let before = session.state.model.weights
      let clipping = session.state.model.update(learningRate: lr)
      let after = session.state.model.weights
      if let bad = session.nonFiniteParameter {
        throw .weightWouldOverflow(name: bad.name, value: bad.value, learningRate: lr)
      }
      let g = session.state.model.gradients
      session.state.clearPasses()
      var text = ""
      if let clipping {
        // Beyond the article: torch.nn.utils.clip_grad_norm_'s scaling, before the step.
        let n = session.notation
        let limit = plainNumber(clipping.maxNorm)
        // PyTorch scales when norm + 1e−6 exceeds C, so also when the norm is just below C;
        // the factor is then so near 1 that the session's digits would round it to 1.
        let reason =
          clipping.norm > clipping.maxNorm
          ? "exceeds \(limit)" : "is within 1e−6 of \(limit) (the factor is C/(norm + 1e−6))"
        let rounded = n.number(clipping.factor)
        let factor = rounded == n.number(1) ? plainNumber(clipping.factor) : rounded
        text += n.text(
          "clip \(limit): the gradients' norm \(n.number(clipping.norm)) \(reason), so each was multiplied by \(factor) first\n"
        )
      }
      for w in Weight.allCases {
        // To the session's precision, as every other screen: 'print' gives all the digits.
        let n = session.notation
        text +=
          "\(w.rawValue) = \(n.value(before[w])) \(n.minus) \(n.value(lr))\(n.times)\(n.value(g[w], parenthesized: true)) = \(n.value(after[w]))\n"
      }
      // The generalised cell's biases move too with 'train bias on' (beyond the article).
      for b in Bias.allCases where session.state.model.trainsBiases {
        let n = session.notation
        text +=
          "\(b.rawValue) = \(n.value(before[b])) \(n.minus) \(n.value(lr))\(n.times)\(n.value(g[b], parenthesized: true)) = \(n.value(after[b]))    (beyond the article)\n"
      }
      text += "(the gradients are kept: 'zero' clears them, as the training loop does)\n"
      return text
    },
  ]
}
