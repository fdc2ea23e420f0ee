import RNN

extension CommandTable {
  static let modelCommands: [Command] = [
    Command(
      name: "model", usage: "model part1|part2",
      summary: "switch between Part 1's fixed model and Part 2's trainable MiniRnn",
      details: """
        part1 loads Part 1's pretrained weights (1.8, -0.5, 1.1) and runs its code as
        printed: abs as the activation and the output rounded to one decimal. It is never
        trained. part2 is the MiniRnn of Eq. 1-3; it keeps the current weights.
        """,
      example: "model part1", section: "Part 1 recap, §1", arguments: .words(["part1", "part2"]),
      quietInScripts: true
    ) { session, args, _ throws(CommandError) in
      let command = lookup("model")!
      guard args.count == 1 else { throw command.usageError("expected one of part1, part2") }
      guard let architecture = Architecture(rawValue: args[0]) else {
        throw .unknownName(args[0], what: "model", accepted: ["part1", "part2"])
      }
      session.state.model.architecture = architecture
      session.state.model.zeroGradients()
      session.state.clearPasses()
      switch architecture {
      case .part1:
        session.state.model.weights = .part1
        return """
          model part1: Part 1's code as printed, with abs as the activation and ŷ rounded
          to 1 decimal; weights fixed at w1 = 1.8, w2 = -0.5, w3 = 1.1

          """
      case .part2:
        return "model part2: the MiniRnn of Eq. 1–3 (ReLU), trainable; weights kept\n"
      }
    },
    Command(
      name: "mode", usage: "mode exact|article",
      summary: "correct math (exact) or the article's code exactly as printed, bugs included",
      details: """
        In article mode backward stores dL/dw3 in a stray attribute (erratum 1), so w3 never
        trains, and the loss shown is the printed mse, (yhat - y)²/4 (erratum 2).
        Type 'errata' for the full list.
        """,
      example: "mode article", section: "§3", arguments: .words(["exact", "article"]),
      quietInScripts: true
    ) { session, args, _ throws(CommandError) in
      let command = lookup("mode")!
      guard args.count == 1 else { throw command.usageError("expected one of exact, article") }
      guard let mode = Mode(rawValue: args[0]) else {
        throw .unknownName(args[0], what: "mode", accepted: ["exact", "article"])
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
      }
    },
    Command(
      name: "errata", usage: "errata",
      summary: "list where the article's text or code differs from the math",
      example: "errata", section: "§2–§3", takesNoArguments: true
    ) { session, args, _ throws(CommandError) in
      return session.renderErrata()
    },
    Command(
      name: "set", usage: "set w1|w2|w3|lr VALUE",
      summary: "set a weight or the learning rate by hand",
      details: """
        Changing a weight clears the forward and backward states (they used the old one).
        'set w1.g VALUE' sets an accumulated gradient (saved sessions use it).
        """,
      example: "set w2 -0.5", section: "§1.2", arguments: .words(["w1", "w2", "w3", "lr"]),
      quietInScripts: true
    ) { session, args, _ throws(CommandError) in
      let command = lookup("set")!
      guard args.count == 2 else {
        throw command.usageError(
          args.isEmpty ? "missing a name and a value" : "expected a name and one value")
      }
      if args[0] == "lr" {
        let value = try Parse.learningRate(args[1], "set lr")
        session.state.learningRate = value
        return "lr = \(value)\n"
      }
      let value = try Parse.number(
        args[1], "set \(args[0])", nonFinite: session.isLoadingState)
      if args[0].hasSuffix(".g"), let weight = Weight(rawValue: String(args[0].dropLast(2))) {
        // Saved sessions restore accumulated gradients this way.
        session.state.model.gradients[weight] = value
        return "\(args[0]) = \(value)\n"
      }
      guard let weight = Weight(rawValue: args[0]) else {
        throw .unknownName(args[0], what: "name for set", accepted: ["w1", "w2", "w3", "lr"])
      }
      session.state.model.weights[weight] = value
      let cleared = session.state.forward != nil
      session.state.clearPasses()
      return "\(weight.rawValue) = \(value)\n"
        + (cleared ? "(forward and backward states cleared: they used the old weights)\n" : "")
    },
    Command(
      name: "weights", usage: "weights",
      summary: "show w1, w2, w3 and their accumulated gradients",
      example: "weights", section: "§1.2", takesNoArguments: true
    ) { session, args, _ throws(CommandError) in
      return session.renderWeights()
    },
    Command(
      name: "seed", usage: "seed N",
      summary: "seed the random generator used by randomize (a whole number 0…2^64−1)",
      details: "A saved session writes 'seed N after K': the generator as it was after K draws.",
      example: "seed 42", section: "§3", quietInScripts: true
    ) { session, args, _ throws(CommandError) in
      let command = lookup("seed")!
      guard args.count == 1 || args.count == 3 && args[1] == "after" else {
        throw command.usageError("expected one whole number")
      }
      func whole(_ text: String) throws(CommandError) -> UInt64 {
        guard let n = UInt64(text.replacingUnderscores()) else {
          throw .other("seed: '\(shown(text))' is not a whole number from 0 to 18446744073709551615")
        }
        return n
      }
      let seed = try whole(args[0])
      let draws = try args.count == 3 ? whole(args[2]) : 0
      session.state.seed = seed
      session.state.generator = SplitMix64(seed: seed, draws: draws)
      return "seed = \(seed)\n"
    },
    Command(
      name: "randomize", usage: "randomize",
      summary: "draw w1, w2, w3 uniformly from [0, 1), like torch.rand(1)",
      example: "seed 1; randomize", section: "§3", quietInScripts: true, takesNoArguments: true
    ) { session, args, _ throws(CommandError) in
      guard session.state.model.architecture == .part2 else {
        throw .notReady("randomize: Part 1's weights are fixed; type 'model part2' first")
      }
      session.state.model.randomize(using: &session.state.generator)
      session.state.clearPasses()
      let w = session.state.model.weights
      return "w1 = \(w.w1)\nw2 = \(w.w2)\nw3 = \(w.w3)\n"
    },
  ]
}

extension Session {
  var notation: Notation {
    Notation(unicode: traits.unicode, precision: state.precision, color: traits.color)
  }

  func renderWeights() -> String {
    let n = notation
    let m = state.model
    let rows = Weight.allCases.map { w in
      [w.rawValue, n.number(m.weights[w]), n.number(m.gradients[w])]
    }
    var text = renderTable(["weight", "value", "gradient (.g)"], rows, unicode: n.unicode)
    text += "model \(m.architecture.rawValue), mode \(m.mode.rawValue), lr \(state.learningRate)\n"
    if m.mode == .article && m.architecture == .part2 {
      text += "article mode: w3.g stays 0, so w3 never trains (erratum 1)\n"
    }
    return text
  }

  func renderErrata() -> String {
    let current = state.model
    var text = ""
    for e in Erratum.all {
      let running: String
      switch e.reproducedBy {
      case .articleMode:
        running =
          current.mode == .article && current.architecture == .part2
          ? "reproduced now (mode article)" : "reproduced by 'mode article'"
      case .part1Model:
        running =
          current.architecture == .part1
          ? "reproduced now (model part1)" : "reproduced by 'model part1'"
      case .textOnly: running = "in the text only; the code is right"
      case .explainedOnly: running = "explained, not emulated"
      }
      text += "\(e.id). \(e.title) (\(e.location)) — \(running)\n"
      text += "   printed: \(e.printed)\n"
      text += "   correct: \(e.correct)\n"
    }
    return text
  }
}
