import RNN

extension CommandTable {
  /// The RNN's settings: mode, errata, set, weights, randomize.
  static let rnnModelCommands: [Command] = [
    Command(
      name: "mode", usage: "mode " + Mode.allCases.map(\.rawValue).joined(separator: "|"),
      summary: "correct math (exact) or the article's code exactly as printed, bugs included",
      details: """
        In article mode backward stores dL/dw3 in a stray attribute (erratum 1), so w3 never
        trains, and the loss shown is the printed mse, (yhat - y)²/4 (erratum 2).
        Type 'errata' for the full list.
        """,
      example: "mode article", section: "§3",
      arguments: .oneOf(Mode.allCases.map(\.rawValue), what: "mode"), quietInScripts: true
    ) { session, args, _ throws(CommandError) in
      let mode = Mode(rawValue: args[0])!
      if mode != .exact, session.state.model.loss.readsEveryStep {
        throw .notReady(
          "mode \(mode.rawValue): the printed code has one loss, Eq. 1 on ŷₙ, and loss \(session.state.model.loss.words) is on; 'loss last' first"
        )
      }
      if mode != .exact, let cell = session.cellBeyondTheArticle {
        throw .cellBeyondPrintedMode(mode: mode.rawValue, cell: cell)
      }
      let model = session.state.model
      if mode == .article, model.truncation != nil || model.clipNorm != nil {
        let on = [
          model.truncation.map { "truncate \($0)" },
          model.clipNorm.map { "clip \(plainNumber($0))" },
        ]
        .compactMap { $0 }.joined(separator: " and ")
        let off = [
          model.truncation.map { _ in "'truncate off'" }, model.clipNorm.map { _ in "'clip off'" },
        ]
        .compactMap { $0 }.joined(separator: " and ")
        let both = model.truncation != nil && model.clipNorm != nil
        throw .notReady(
          "mode article: the code as printed has no truncation or clipping, but \(on) \(both ? "are" : "is") on; type \(off) first (both are beyond the article)"
        )
      }
      let hadGradients = session.state.model.gradients != .zero
      session.state.model.mode = mode
      // Gradients from the other mode would let w3 move in article mode, which the printed
      // code never does, so a mode change starts from zero.
      session.state.model.zeroGradients()
      session.state.backward = nil
      let note = hadGradients ? "(gradients zeroed: they came from the other mode)\n" : ""
      switch mode {
      case .exact:
        return "mode exact: the correct math; every weight trains\n" + note
      case .article:
        return """
          mode article: the code as printed; w3's gradient goes to w3g (erratum 1), so w3
          never trains, and the loss shown is the printed mse (erratum 2)

          """ + note
      case .text:
        return session.notation.text(
          """
          mode text (beyond the article): BPTT as the equations print it: ∂L/∂ŷ = y − ŷ
          (erratum 3), ∂ŷ/∂hₙ = w₂ (erratum 4), ReLU′(hₜ₋₁)·w₂ back through time (erratum 5);
          'train' then climbs the loss instead of descending it

          """) + note
      }
    },
    Command(
      name: "errata", usage: "errata",
      summary: "list where the article's text or code differs from the math",
      example: "errata", section: "§2–§3"
    ) { session, _, _ throws(CommandError) in
      session.renderErrata()
    },
    Command(
      name: "set", usage: "set w1|w2|w3|b|c|lr VALUE",
      summary: "set a weight or the learning rate by hand",
      details: """
        Changing a weight clears the forward and backward states (they used the old one).
        'set w1.g VALUE' sets an accumulated gradient (saved sessions use it).
        b and c are the generalised cell's biases (beyond the article): b inside Eq. 3,
        aₜ = w1·xₜ + w2·hₜ₋₁ + b, and c in Eq. 2, ŷ = w3·hₙ + c; both 0 by default.
        """,
      example: "set w2 -0.5", section: "§1.2",
      arguments: .exactly(
        2, "a name and one value", missing: "a name and a value",
        completion: .branches(["w1", "w2", "w3", "b", "c", "lr"].map { .init($0) })),
      quietInScripts: true
    ) { session, words, _ throws(CommandError) in
      let args = [session.canonicalName(words[0]), words[1]]
      let names = ["w1", "w2", "w3", "b", "c", "lr"]
      // The name first: `set pagination off` is about 'pagination', not 'off'.
      guard names.contains(args[0]) || session.isSettable(args[0]) else {
        throw .unknownName(args[0], what: "name for set", accepted: names)
      }
      if args[0] == "lr" {
        let value = try Parse.learningRate(args[1], "set lr")
        session.state.learningRate = value
        return "lr = \(plainNumber(value))\n"
      }
      let value = try Parse.number(
        args[1], "set \(args[0])", nonFinite: session.isLoadingState)
      if args[0].hasSuffix(".g"), let name = Parameter(rawValue: String(args[0].dropLast(2))) {
        // Saved sessions restore accumulated gradients this way.
        session.state.model.gradients[name] = value
        return "\(args[0]) = \(plainNumber(value))\n"
      }
      if let bias = Bias(rawValue: args[0]) { return try session.setBias(bias, to: value) }
      guard let weight = Weight(rawValue: args[0]) else {
        throw .unknownName(args[0], what: "name for set", accepted: names)
      }
      session.state.model.weights[weight] = value
      let cleared = session.state.forward != nil
      session.state.clearPasses()
      return "\(weight.rawValue) = \(plainNumber(value))\n"
        + (cleared ? "(forward and backward states cleared: they used the old weights)\n" : "")
    },
    Command(
      name: "weights", usage: "weights",
      summary: "show w1, w2, w3 and their accumulated gradients",
      example: "weights", section: "§1.2"
    ) { session, _, _ throws(CommandError) in
      session.renderWeights()
    },
    Command(
      name: "randomize", usage: "randomize",
      summary: "draw w1, w2, w3 uniformly from [0, 1), like torch.rand(1)",
      example: "seed 1; randomize", section: "§3", quietInScripts: true
    ) { session, _, _ throws(CommandError) in
      session.state.rnn.model.randomize(using: &session.state.generator)
      session.state.clearPasses()
      let w = session.state.model.weights
      return "w1 = \(w.w1)\nw2 = \(w.w2)\nw3 = \(w.w3)\n"
    },
  ]
}
