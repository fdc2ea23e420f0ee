import RNN

extension CommandTable {
  /// `reset`: the passes of the active model, the cell, or the whole session.
  static let resetCommand =
    Command(
      name: "reset", usage: "reset [cell|all|article]",
      summary: "clear the forward and backward states (the gradients stay; 'zero' clears them)",
      details: """
        'reset cell' also brings the article's cell back: ReLU, b = c = 0, bias training off.
        'reset all' starts a fresh session, as minirnn starts; 'reset article' starts from §3's
        code as printed (model part2, mode article, random weights, data slopes). Both say what
        they discarded, and 'undo' brings it back.
        """,
      example: "reset", section: "§3",
      arguments: .atMost(
        1, "nothing, 'cell', 'all' or 'article'", completion: .words(["cell", "all", "article"])),
      quietInScripts: true
    ) { session, args, _ throws(CommandError) in
      if let word = args.first, word == "all" || word == "article" {
        return try session.resetAll(article: word == "article")
      }
      if let word = args.first {
        guard word == "cell" else {
          throw .unknownName(word, what: "reset option", accepted: ["cell", "all", "article"])
        }
        // The cell is the RNN's: a model that refuses `activation` refuses this too.
        if case .refused(let model, let why) = session.state.active.capability("activation") {
          throw .notForModel(command: "reset cell", model: model, why: why)
        }
        return session.resetCell()
      }
      session.state.clearPasses()
      return session.notation.text("states cleared; h₀ = 0. 'step' starts a new forward pass.\n")
    }

  /// `plot`: every model's predictions on the data set, or its last training's loss.
  static let plotCommand =
    Command(
      name: "plot", usage: "plot [loss]",
      summary:
        "chart the samples, next values and predictions (Fig. 5-7); 'plot loss': the loss curve",
      details: """
        plot: every sample of the loaded data set side by side: the inputs, the value that
        should follow (dotted) and the model's prediction.
        plot loss: the mean loss per epoch of the last 'train', on a log scale when it spans
        more than two decades.
        """,
      example: "plot loss", section: "Fig. 5-7, §3.1-§4",
      arguments: .atMost(1, "nothing or 'loss'", completion: .words(["loss"]))
    ) { session, args, _ throws(CommandError) in
      let kind: PictureKind
      switch args.first {
      case nil: kind = .plot
      case "loss": kind = .loss
      case let other?: throw .unknownName(other, what: "plot", accepted: ["loss"])
      }
      return try session.drawPicture(kind)
    }

  /// `seed N`: the generator every model's `randomize` draws from.
  static let seedCommand =
    Command(
      name: "seed", usage: "seed N",
      summary: "seed the random generator used by randomize (a whole number 0…2^64−1)",
      details: "A saved session writes 'seed N after K': the generator as it was after K draws.",
      example: "seed 42", section: "§3",
      arguments: .between(1, 3, "one whole number", completion: .none), quietInScripts: true
    ) { session, args, _ throws(CommandError) in
      // `seed N after K` is what save writes; a learner types `seed N`.
      guard args.count == 1 || args.count == 3 && args[1] == "after" else {
        throw .badArguments(.expected("one whole number"))
      }
      guard let seed = UInt64(args[0].replacingUnderscores()) else { throw .notASeed(args[0]) }
      var draws: UInt64 = 0
      if args.count == 3 {
        guard let k = UInt64(args[2].replacingUnderscores()) else { throw .notASeed(args[2]) }
        draws = k
      }
      session.state.seed = seed
      session.state.generator = SplitMix64(seed: seed, draws: draws)
      return "seed = \(seed)\n"
    }
}
