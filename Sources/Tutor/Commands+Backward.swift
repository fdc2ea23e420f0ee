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
          text += "… ('grads' lists every timestep) …\n"
        }
        shown += 1
      }
      session.state.backward = pass
      return text + session.renderGradientSummary()
    },
    Command(
      name: "grads", usage: "grads",
      summary: "table of each timestep's gradient terms and the sums so far",
      example: "grads", section: "§2.6", takesNoArguments: true
    ) { session, args, _ throws(CommandError) in
      return session.renderGrads()
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
        text += "\(w.rawValue) = \(before[w]) - \(lr)·(\(g[w])) = \(after[w])\n"
      }
      text += "(the gradients are kept: 'zero' clears them, as the training loop does)\n"
      return text
    },
  ]
}

extension Session {
  /// The backward pass in progress, or a new one if the forward pass is complete and the
  /// target is set.
  func backwardPassToContinue(_ command: String) throws(CommandError) -> BackwardPass {
    guard state.model.architecture == .part2 else {
      throw .notReady(
        "\(command): Part 1's model is never trained in the article; type 'model part2' first")
    }
    if let back = state.backward, !back.isComplete { return back }
    guard let forward = state.forward else {
      throw .notReady("\(command): no forward pass yet; type 'forward' (or 'step') first")
    }
    guard forward.isComplete else {
      throw .notReady(
        "\(command): the forward pass is at t = \(forward.t) of \(forward.count); finish it with 'forward'"
      )
    }
    guard let y = state.target else {
      throw .notReady("\(command): no target y; set one with 'target Y'")
    }
    return state.model.startBackward(forward, target: y)
  }

  /// A warning when a new backward pass starts on top of gradients that are not zero.
  func accumulationNote(starting pass: BackwardPass) -> String {
    guard pass.steps.isEmpty, state.model.gradients != .zero else { return "" }
    return notation.styled(
      "note: the gradients are not zero, so this pass adds to them (they accumulate until 'zero', like the article's .g)",
      .note) + "\n"
  }

  func renderBackwardStep(_ record: BackwardStep, in pass: BackwardPass) -> String {
    let n = notation
    let number = pass.steps.count
    switch record {
    case .output(let r):
      let last = pass.forward.count
      var text =
        n.styled(
          "BPTT step \(number) of \(pass.count): from L back to \(n.yhat), \(n.w(3)) and \(n.h(last))",
          .heading) + "\n"
      text +=
        "  \(n.dL(n.yhat)) = \(n.yhat) \(n.minus) y = \(n.value(r.prediction)) \(n.minus) \(n.value(r.target, parenthesized: true)) = \(n.value(r.lossGradient))    Eq. 4, sign corrected (erratum 3)\n"
      let term =
        "\(n.h(last))\(n.times)\(n.dL(n.yhat)) = \(n.value(r.hn, parenthesized: true))\(n.times)\(n.value(r.lossGradient, parenthesized: true)) = \(n.value(r.w3Term))"
      if r.w3TermApplied {
        text += "  \(n.w(3)) term = \(term)   \(n.w(3)).g = \(n.value(r.w3Sum))    §2.2\n"
      } else {
        text +=
          "  \(n.w(3)) term = \(term)   stored in w3g, not w3.g (erratum 1): \(n.w(3)).g stays \(n.value(r.w3Sum))\n"
      }
      text +=
        "  \(n.dL(n.h(last))) = \(n.w(3))\(n.times)\(n.dL(n.yhat)) = \(n.value(r.w3, parenthesized: true))\(n.times)\(n.value(r.lossGradient, parenthesized: true)) = \(n.value(r.dhn))    §2.5 (the text prints \(n.w(2)): erratum 4)\n"
      return text
    case .timestep(let r):
      let t = r.t
      var text =
        n.styled("BPTT step \(number) of \(pass.count): timestep t = \(t)    §2.5–2.6", .heading)
        + "\n"
      text +=
        "  tmp = \(n.dL(n.h(t)))\(n.times)ReLU\(n.prime)(\(n.a(t))) = \(n.value(r.dh, parenthesized: true))\(n.times)\(n.value(r.reluPrime)) = \(n.value(r.tmp))"
      text +=
        r.reluPrime == 0
        ? "   (\(n.a(t)) = \(n.value(r.preactivation)): no gradient passes)\n" : "\n"
      text +=
        "  \(n.w(2)) term = tmp\(n.times)\(n.h(t - 1)) = \(n.value(r.tmp, parenthesized: true))\(n.times)\(n.value(r.hPrevious, parenthesized: true)) = \(n.value(r.w2Term))   \(n.w(2)).g = \(n.styled(n.value(r.w2Sum), .result))\n"
      text +=
        "  \(n.w(1)) term = tmp\(n.times)\(n.x(t)) = \(n.value(r.tmp, parenthesized: true))\(n.times)\(n.value(r.x, parenthesized: true)) = \(n.value(r.w1Term))   \(n.w(1)).g = \(n.styled(n.value(r.w1Sum), .result))\n"
      text +=
        "  \(n.dL(n.h(t - 1))) = tmp\(n.times)\(n.w(2)) = \(n.value(r.tmp, parenthesized: true))\(n.times)\(n.value(r.w2, parenthesized: true)) = \(n.value(r.dhPrevious))"
      text +=
        t == 1
        ? "   (h₀ is fixed: BPTT ends here)\n".replacingIfASCII(n.unicode, "h₀", "h_0") : "\n"
      return text
    }
  }

  func renderGradientSummary() -> String {
    let g = state.model.gradients
    let n = notation
    return
      "gradients: \(n.dL(n.w(1))) = \(n.value(g.w1)), \(n.dL(n.w(2))) = \(n.value(g.w2)), \(n.dL(n.w(3))) = \(n.value(g.w3))\n"
  }

  func renderGrads() -> String {
    let n = notation
    guard let pass = state.backward else {
      return "no backward pass yet ('back' or 'backward')\n" + renderGradientSummary()
    }
    var rows: [[String]] = []
    for record in pass.steps {
      switch record {
      case .output(let r):
        rows.append([
          "out", n.number(r.lossGradient), "", "", "", "",
          n.number(r.w3Term) + (r.w3TermApplied ? "" : " (lost)"),
        ])
      case .timestep(let r):
        rows.append([
          String(r.t), n.number(r.dh), n.number(r.reluPrime), n.number(r.tmp), n.number(r.w1Term),
          n.number(r.w2Term), "",
        ])
      }
    }
    let g = state.model.gradients
    rows.append(["sum (.g)", "", "", "", n.number(g.w1), n.number(g.w2), n.number(g.w3)])
    var text = renderTable(
      [
        "t", n.dL(n.h("t")), "ReLU\(n.prime)(\(n.a("t")))", "tmp",
        "\(n.w(1)) term", "\(n.w(2)) term", "\(n.w(3)) term",
      ], rows, unicode: n.unicode)
    let terms = pass.steps.compactMap { step -> TimestepGradientStep? in
      if case .timestep(let r) = step { return r }
      return nil
    }
    if !terms.isEmpty {
      // §2.6: each weight's gradient is the sum over timesteps of its terms.
      let w1Sum =
        terms.map { n.value($0.w1Term, parenthesized: true) }.joined(separator: " + ") + " = "
        + n.value(terms.reduce(0) { $0 + $1.w1Term })
      let w2Sum =
        terms.map { n.value($0.w2Term, parenthesized: true) }.joined(separator: " + ") + " = "
        + n.value(terms.reduce(0) { $0 + $1.w2Term })
      text +=
        "§2.6: \(n.dL(n.w(1))) = \(n.sum)ₜ tmpₜ\(n.times)\(n.x("t")) = \(w1Sum)\n"
        .replacingIfASCII(n.unicode, "ₜ", "_t")
      text +=
        "      \(n.dL(n.w(2))) = \(n.sum)ₜ tmpₜ\(n.times)\(n.h("t\(n.minus)1")) = \(w2Sum)\n"
        .replacingIfASCII(n.unicode, "ₜ", "_t")
    }
    text +=
      "'out' is the first step: its \(n.dL(n.h("t"))) column holds \(n.dL(n.yhat)).\n"
    text +=
      "The (.g) sums include every backward pass since the last 'zero'; §2.6's line is this pass alone."
    text += pass.isComplete ? "\n" : " BPTT is not finished: 'back' or 'backward' continues.\n"
    return text
  }
}
