import RNN

extension CommandTable {
  static let trainingCommands: [Command] = [
    Command(
      name: "train", usage: "train [EPOCHS] [LR] | train bias on|off",
      summary: "train on the loaded data set with §3.1's loop (default 20,000 epochs, lr 0.001)",
      details: """
        Each epoch runs every sample in order: forward, backward, update, zero.
        EPOCHS is 0 to 1,000,000,000; Ctrl-C stops after the sample step in progress.
        A NaN or infinite weight or loss stops it with the last finite weights.
        'train bias on' (beyond the article) makes backward accumulate b.g and c.g and the
        updates move b and c; off (the default) they stay as 'set b' and 'set c' left them.
        """,
      example: "train 20000 0.001", section: "§3.1",
      arguments: .between(
        0, 2, "at most EPOCHS and LR, or 'bias on|off'",
        completion: .branches([.init("bias", [.words(["on", "off"])])]))
    ) { session, args, hooks throws(CommandError) in
      if args.first == "bias" {
        guard args.count == 2 else { throw .badArguments(.expected("'bias on' or 'bias off'")) }
        return try session.setBiasTraining(args[1])
      }
      let run = try session.trainingRun(args, learningRate: session.state.learningRate)
      try session.requireTargetsPerStep(session.state.model.loss, in: run.data)
      return session.train(
        on: run.data, epochs: run.epochs, learningRate: run.learningRate, hooks: hooks)
    },
    Command(
      name: "gradcheck", usage: "gradcheck",
      summary: "compare BPTT's gradients with central finite differences of the loss",
      details:
        "Uses the current input and target (a target per step under 'loss every') and a fresh backward pass; the model is unchanged.",
      example: "gradcheck", section: "§2.6"
    ) { session, _, _ throws(CommandError) in
      let model = session.state.model
      let ys = try session.state.lossTargets(model.loss, command: "gradcheck").get()
      return session.renderGradientCheck(
        model.gradientCheck(inputs: session.state.inputs, targets: ys))
    },
  ]
}
