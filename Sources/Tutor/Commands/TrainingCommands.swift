import RNN

extension CommandTable {
  static let trainingCommands: [Command] = [
    Command(
      name: "train", usage: "train [EPOCHS] [LR]",
      summary: "train on the loaded data set with §3.1's loop (default 20,000 epochs, lr 0.001)",
      details: """
        Each epoch runs every sample in order: forward, backward, update, zero.
        EPOCHS is 0 to 1,000,000,000; Ctrl-C stops after the sample step in progress.
        A NaN or infinite weight or loss stops it with the last finite weights.
        """,
      example: "train 20000 0.001", section: "§3.1"
    ) { session, args, hooks throws(CommandError) in
      let command = lookup("train")!
      guard args.count <= 2 else { throw command.usageError("expected at most EPOCHS and LR") }
      let epochs =
        try args.first.map { text throws(CommandError) in
          try Parse.count(text, "train epochs", in: 0...Limits.epochs)
        } ?? MiniRnn.defaultEpochs
      let lr = try (args.count > 1 ? Parse.learningRate(args[1], "train lr") : session.state.learningRate)
      guard session.state.model.architecture == .part2 else {
        throw .notReady("train: Part 1's model is never trained; type 'model part2' first")
      }
      guard let data = session.state.dataset else {
        throw .notReady("train: no data set loaded; type 'data slopes' or 'data zigzag'")
      }
      return session.train(on: data, epochs: epochs, learningRate: lr, hooks: hooks)
    },
    Command(
      name: "gradcheck", usage: "gradcheck",
      summary: "compare BPTT's gradients with central finite differences of Eq. 1",
      details:
        "Uses the current input and target and a fresh backward pass; the model is unchanged.",
      example: "gradcheck", section: "§2.6", takesNoArguments: true
    ) { session, args, _ throws(CommandError) in
      guard session.state.model.architecture == .part2 else {
        throw .notReady("gradcheck: Part 1's model has no gradients here; type 'model part2'")
      }
      guard let y = session.state.target else {
        throw .notReady("gradcheck: no target y; set one with 'target Y'")
      }
      return session.renderGradientCheck(
        session.state.model.gradientCheck(inputs: session.state.inputs, target: y))
    },
  ]
}

