import RNN

extension CommandTable {
  static let backwardCommands: [Command] = [
    Command(
      name: "back", aliases: ["b"], usage: "back [N]",
      summary: "one BPTT step: the first does ∂L/∂ŷ and w3, then t = n…1 one at a time",
      details: """
        Each step shows its factors, the term it adds to each gradient and the running sums.
        Gradients accumulate across backward passes until 'zero'. An empty line repeats it.
        'back N' takes N steps at once (fewer if the pass ends first).
        """,
      example: "back", section: "§2.5–2.6",
      arguments: .atMost(1, "nothing or a number of steps"), repeatsOnEnter: true
    ) { session, args, _ throws(CommandError) in
      let count = try session.stepCount(args, "back")
      var pass = try session.backwardPassToContinue("back")
      let note = session.accumulationNote(starting: pass)
      let total = min(count, pass.count - pass.steps.count)
      guard total > 0 else { throw .backwardComplete }
      // Each step is shown in the pass as it stood then, as 'backward' does.
      let text = renderSteps(total, "grads all", session.notation) { shown in
        let record = pass.step(accumulatingInto: &session.state.model.gradients)!
        return shown ? session.renderBackwardStep(record, in: pass) : ""
      }
      session.state.backward = pass
      return note + text
    },
    Command(
      name: "backward", usage: "backward",
      summary: "run the rest of BPTT, then show the gradients",
      example: "backward", section: "§2.6, §3"
    ) { session, _, _ throws(CommandError) in
      var pass = try session.backwardPassToContinue("backward")
      var text = session.accumulationNote(starting: pass)
      var shown = 0
      while let record = pass.step(accumulatingInto: &session.state.model.gradients) {
        if shown < 12 || pass.isComplete {
          text += session.renderBackwardStep(record, in: pass)
        } else if shown == 12 {
          text += session.notation.text("… ('grads all' lists every timestep) …\n")
        }
        shown += 1
      }
      session.state.backward = pass
      return text + session.renderGradientSummary()
    },
    Command(
      name: "grads", usage: "grads [all]",
      summary: "table of each timestep's gradient terms and the sums so far",
      details:
        "At a terminal, over 100 timesteps show the first and last 5; 'grads all' shows all.",
      example: "grads", section: "§2.6",
      arguments: .atMost(1, "nothing or 'all'", completion: .words(["all"]))
    ) { session, args, _ throws(CommandError) in
      session.renderGrads(elide: try session.elidesLongTables(args))
    },
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
      let lr =
        try args.first.map { text throws(CommandError) in try Parse.learningRate(text, "update") }
        ?? session.state.learningRate
      try session.requireFiniteParameters("update")
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
