import RNN

extension CommandTable {
  static let backwardCommands: [Command] = [
    Command(
      name: "back", aliases: ["b"], usage: "back",
      summary: "one BPTT step: the first does ∂L/∂ŷ and w3, then t = n…1 one at a time",
      details: """
        Each step shows its factors, the term it adds to each gradient and the running sums.
        Gradients accumulate across backward passes until 'zero'. An empty line repeats it.
        """,
      example: "back", section: "§2.5–2.6", repeatsOnEnter: true, quietInScripts: true,
      takesNoArguments: true
    ) { session, args, _ throws(CommandError) in
      var pass = try session.backwardPassToContinue("back")
      let note = session.accumulationNote(starting: pass)
      guard let record = pass.step(accumulatingInto: &session.state.model.gradients) else {
        throw .notReady(
          "back: the backward pass is complete; 'grads' shows the sums, 'update' applies them, 'forward' starts a new pass"
        )
      }
      session.state.backward = pass
      return note + session.renderBackwardStep(record, in: pass)
    },
    Command(
      name: "backward", usage: "backward",
      summary: "run the rest of BPTT, then show the gradients",
      example: "backward", section: "§2.6, §3", quietInScripts: true, takesNoArguments: true
    ) { session, args, _ throws(CommandError) in
      var pass = try session.backwardPassToContinue("backward")
      var text = session.accumulationNote(starting: pass)
      var shown = 0
      while let record = pass.step(accumulatingInto: &session.state.model.gradients) {
        if shown < 12 || pass.isComplete {
          text += session.renderBackwardStep(record, in: pass)
        } else if shown == 12 {
          text += "… ('grads all' lists every timestep) …\n"
        }
        shown += 1
      }
      session.state.backward = pass
      return text + session.renderGradientSummary()
    },
    Command(
      name: "grads", usage: "grads [all]",
      summary: "table of each timestep's gradient terms and the sums so far",
      details: "At a terminal, over 100 timesteps show the first and last 5; 'grads all' shows all.",
      example: "grads", section: "§2.6"
    ) { session, args, _ throws(CommandError) in
      return session.renderGrads(elide: try session.elidesLongTables("grads", args))
    },
    Command(
      name: "zero", usage: "zero",
      summary: "set every gradient to 0 (the article's zero_grads)",
      example: "zero", section: "§3", quietInScripts: true, takesNoArguments: true
    ) { session, args, _ throws(CommandError) in
      session.state.model.zeroGradients()
      return "w1.g = w2.g = w3.g = 0\n"
    },
    Command(
      name: "update", usage: "update [LR]",
      summary: "one gradient-descent step: w -= lr·w.g for each weight",
      example: "update 0.1", section: "§3.1", quietInScripts: true
    ) { session, args, _ throws(CommandError) in
      let command = lookup("update")!
      guard args.count <= 1 else { throw command.usageError("expected at most one learning rate") }
      let lr =
        try args.first.map { text throws(CommandError) in try Parse.learningRate(text, "update") }
        ?? session.state.learningRate
      guard session.state.model.architecture == .part2 else {
        throw .notReady("update: Part 1's weights are fixed; type 'model part2' to train")
      }
      let before = session.state.model.weights
      session.state.model.update(learningRate: lr)
      let after = session.state.model.weights
      guard after.isFinite else {
        throw .other("update: a weight would become infinite with lr \(lr); nothing changed")
      }
      let g = session.state.model.gradients
      session.state.clearPasses()
      var text = ""
      for w in Weight.allCases {
        // To the session's precision, as every other screen: 'print' gives all the digits.
        let n = session.notation
        text +=
          "\(w.rawValue) = \(n.value(before[w])) \(n.minus) \(n.value(lr))\(n.times)\(n.value(g[w], parenthesized: true)) = \(n.value(after[w]))\n"
      }
      text += "(the gradients are kept: 'zero' clears them, as the training loop does)\n"
      return text
    },
  ]
}

