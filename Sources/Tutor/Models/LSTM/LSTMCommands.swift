import RNN

extension CommandTable {
  /// Commands that belong to the article's RNN alone, and why, for their one error.
  static let notForLSTM: [String: String] = [
    "mode": "its modes run the article's printed RNN code, errata included",
    "errata": "the errata are the article's, about its RNN",
    "truncate": "truncated BPTT is implemented for the RNN only",
    "clip": "gradient clipping is implemented for the RNN only",
    "activation": "the activation and the biases b and c belong to the RNN's generalised cell",
    "spectrum":
      "its recurrence runs through four gates, not one matrix W_hh; its cell line is scaled by fₜ ('flow')",
  ]

  /// The LSTM's versions: the same names, arguments and screen layouts as the RNN's
  /// commands, over the LSTM's records and equations.
  static let lstmCommands: [Command] = [
    lossCommand(
      summary: "which outputs the loss reads: ŷₙ alone (Eq. 1) or every ŷₜ = wy·hₜ + by",
      details: """
        'loss last' is L = ½(y − ŷₙ)² (Eq. 1). 'loss every' is L = ∑ₜ ½(yₜ − ŷₜ)² with
        ŷₜ = wy·hₜ + by at every step, so ∂L/∂hₜ has two roads in: from ŷₜ and from the
        gates of step t+1, and BPTT adds them. 'loss every mean' divides by n. A loss at
        every step needs a target per step: 'target' with n values, 'data echo', 'data next'.
        """,
      example: "loss every"
    ) { session, readout throws(CommandError) in
      if let readout {
        if readout != session.state.activeLSTM.model.loss {
          session.state.activeLSTM.backward = nil
        }
        session.state.activeLSTM.model.loss = readout
      }
      let loss = session.state.activeLSTM.model.loss
      guard loss.readsEveryStep else {
        return session.notation.text("loss last: L = ½(y − ŷₙ)², Eq. 1: only ŷₙ enters the loss\n")
      }
      return session.lossEveryText(loss)
    },
    Command(
      name: "set", usage: "set i.wx|…|o.b|wy|by|lr VALUE",
      summary: "set one of the LSTM's 14 parameters or the learning rate by hand",
      details: """
        Gate parameters are i, f, g or o followed by .wx, .wh or .b; the read-out is wy, by.
        Changing a parameter clears the forward and backward states (they used the old one).
        'set f.wh.g VALUE' sets an accumulated gradient (saved sessions use it).
        """,
      example: "set f.b 1", section: "",
      arguments: .exactly(
        2, "a name and one value", missing: "a name and a value",
        completion: .branches((LSTMParameter.allCases.map(\.rawValue) + ["lr"]).map { .init($0) })),
      quietInScripts: true
    ) { session, args, _ throws(CommandError) in
      try session.setLSTM(session.canonicalName(args[0]), args[1])
    },
    Command(
      name: "weights", usage: "weights",
      summary: "show the LSTM's 14 parameters and their accumulated gradients, by gate",
      example: "weights", section: ""
    ) { session, _, _ throws(CommandError) in
      session.renderLSTMWeights()
    },
    Command(
      name: "randomize", usage: "randomize",
      summary: "draw the 14 parameters uniformly from [−1, 1), as PyTorch's nn.LSTM does",
      details: """
        PyTorch draws each of nn.LSTM's parameters from U(−1/√hidden, 1/√hidden), which is
        U(−1, 1) for hidden size 1; the read-out (nn.Linear(1, 1)) likewise. The draws come
        in the order 'weights' lists them, from the generator 'seed N' sets.
        """,
      example: "seed 1; randomize", section: "", quietInScripts: true
    ) { session, _, _ throws(CommandError) in
      var generator = session.state.generator
      session.state.activeLSTM.model.randomize(using: &generator)
      session.state.generator = generator
      session.state.clearPasses()
      let w = session.state.activeLSTM.model.weights
      return LSTMParameter.allCases.map { "\($0.rawValue) = \(w[$0])\n" }.joined()
    },
    stepCommand(
      LSTMState.self,
      summary: "compute the next timestep: the four gates, c_t and h_t (live numbers)",
      afterLast: "ŷ = wy·hₙ + by and L (Eq. 1)", section: ""),
    forwardCommand(LSTMState.self, section: ""),
    tableCommand(
      "states", summary: "table of t, x_t, the four gates, c_t and h_t so far", section: ""
    ) { session, elide in session.renderLSTMStates(elide: elide) },
    backCommand(
      LSTMState.self,
      summary: "one BPTT step: the first does ∂L/∂ŷ, wy and by, then t = n…1 one at a time",
      eachStep: """
        Each timestep shows ∂L/∂h_t and ∂L/∂c_t arriving, each gate's gradient and local
        derivative, the term it adds to each parameter's gradient and the running sums.
        """, section: ""),
    backwardCommand(LSTMState.self, section: ""),
    tableCommand(
      "grads", summary: "table of each timestep's gradient terms and the sums so far",
      section: ""
    ) { session, elide in session.renderLSTMGrads(elide: elide) },
    Command(
      name: "zero", usage: "zero",
      summary: "set every gradient to 0 (the article's zero_grads)",
      example: "zero", section: "§3", quietInScripts: true
    ) { session, _, _ throws(CommandError) in
      session.state.activeLSTM.model.zeroGradients()
      return "all 14 gradients = 0\n"
    },
    Command(
      name: "update", usage: "update [LR]",
      summary: "one gradient-descent step: p -= lr·p.g for each of the 14 parameters",
      example: "update 0.1", section: "§3.1", arguments: .atMost(1, "at most one learning rate"),
      quietInScripts: true
    ) { session, args, _ throws(CommandError) in
      let lr = try session.updateLearningRate(
        args, default: session.state.activeLSTM.learningRate)
      let before = session.state.activeLSTM.model.weights
      session.state.activeLSTM.model.update(learningRate: lr)
      let after = session.state.activeLSTM.model.weights
      if let bad = session.nonFiniteParameter {
        throw .weightWouldOverflow(name: bad.name, value: bad.value, learningRate: lr)
      }
      let g = session.state.activeLSTM.model.gradients
      session.state.clearPasses()
      let n = session.notation
      var text = ""
      for p in LSTMParameter.allCases {
        text +=
          "\(p.rawValue) = \(n.value(before[p])) \(n.minus) \(n.value(lr))\(n.times)\(n.value(g[p], parenthesized: true)) = \(n.value(after[p]))\n"
      }
      text += "(the gradients are kept: 'zero' clears them, as the training loop does)\n"
      return text
    },
    Command(
      name: "train", usage: "train [EPOCHS] [LR]",
      summary: "train the LSTM on the loaded data set with §3.1's loop (default lr 0.1)",
      details: """
        Each epoch runs every sample in order: forward, backward, update, zero.
        EPOCHS is 0 to 1,000,000,000; Ctrl-C stops after the sample step in progress.
        A NaN or infinite parameter or loss stops it with the last finite parameters.
        """,
      example: "train 2000 0.1", section: "§3.1", arguments: .atMost(2, "at most EPOCHS and LR")
    ) { session, args, hooks throws(CommandError) in
      if args.first == "bias" {
        throw .notForModel(
          command: "train bias", model: LSTMState.displayName,
          why: "the biases b and c belong to the generalised RNN cell; every LSTM parameter trains")
      }
      let run = try session.trainingRun(args, learningRate: session.state.activeLSTM.learningRate)
      try session.requireTargetsPerStep(session.state.activeLSTM.model.loss, in: run.data)
      return session.trainLSTM(
        on: run.data, epochs: run.epochs, learningRate: run.learningRate, hooks: hooks)
    },
    Command(
      name: "gradcheck", usage: "gradcheck",
      summary: "compare BPTT's 14 gradients with central finite differences of the loss",
      details:
        "Uses the current input and target (a target per step under 'loss every') and a fresh backward pass; the model is unchanged.",
      example: "gradcheck", section: "§2.6"
    ) { session, _, _ throws(CommandError) in
      let model = session.state.activeLSTM.model
      let ys = try session.state.lossTargets(model.loss, command: "gradcheck").get()
      return session.renderLSTMGradientCheck(
        model.gradientCheck(inputs: session.state.inputs, targets: ys))
    },
    Command(
      name: "unroll", usage: "unroll",
      summary: "draw the LSTM unrolled over time: c_t and h_t in boxes, f_t on the links",
      details: """
        The cell state c runs along the top, each link marked with the forget gate that
        scales it; h_t = o_t·tanh(c_t) sits under it and x_t below. Once BPTT has started
        ('back'), ∂L/∂c_t and ∂L/∂h_t appear under the boxes.
        """,
      example: "forward; unroll", section: "Fig. 1-4, beyond the article"
    ) { session, _, _ throws(CommandError) in
      session.lastPicture = ["unroll"]
      return LSTMUnrollPicture(state: session.state).render(
        session.notation, width: session.traits.width, color: session.traits.color)
    },
    Command(
      name: "landscape", usage: "landscape [P Q]",
      summary: "shade the loss over two of the LSTM's parameters (f.b and wy if none named)",
      details: """
        The loss is the mean of Eq. 1 over the loaded data set's samples with the other 12
        parameters held at their values; darker is higher, on a log scale. X marks the
        current values, S and E the start and end of the last 'train'. P goes across, Q up.
        """,
      example: "landscape f.b wy", section: "Eq. 1, §3.1",
      arguments: .atMost(
        2, "nothing or two parameter names",
        completion: .words(LSTMParameter.allCases.map(\.rawValue)))
    ) { session, args, hooks throws(CommandError) in
      try session.refuseUnderEveryStepLoss("landscape", session.state.activeLSTM.model.loss)
      let text = try session.renderLSTMLandscape(args, hooks: hooks)
      session.lastPicture = ["landscape"] + args
      return text
    },
    Command(
      name: "flow", usage: "flow",
      summary: "∂L/∂cₜ and its product of forget gates beside the RNN's ∂L/∂hₜ, same input",
      details: """
        After a backward pass: for each t, ∂L/∂cₜ, the forget gate fₜ that carries it to
        c(t−1) and the product of the forget gates after t; beside them, the RNN's ∂L/∂hₜ
        with its factor ReLU′(aₜ)·w2 and their product, for the session's RNN weights on
        the same input and target (computed on a copy). 'flow sweep' is the RNN's only.
        In a lesson at a terminal, a flow taller than the screen shows its first and last
        rows; 'flow all' shows every row.
        """,
      example: "forward; backward; flow", section: "§2.5, beyond the article",
      arguments: .atMost(1, "nothing or 'all'", completion: .words(["all"]))
    ) { session, args, _ throws(CommandError) in
      if let first = args.first, first != "all" {
        throw .unknownName(first, what: "flow option", accepted: ["all"])
      }
      try session.refuseUnderEveryStepLoss("flow", session.state.activeLSTM.model.loss)
      let text = try session.renderLSTMFlow(all: args == ["all"])
      session.lastPicture = ["flow"]
      return text
    },
    Command(
      name: "eq", usage: "eq gates|cell|hidden|output|loss|cellgrad|gategrad|through|list",
      summary: "one of the LSTM's equations with the session's numbers (eq list names them)",
      details: """
        Each shows the equation in symbols, then with the numbers of the last step or BPTT
        step that computed it. The equations are Hochreiter & Schmidhuber 1997's LSTM with
        the forget gate of Gers, Schmidhuber & Cummins 2000, as PyTorch's nn.LSTM
        documentation writes them.
        """,
      example: "eq cell", section: "",
      arguments: .exactly(
        1, "one of \(LSTMEquationName.words.joined(separator: ", "))",
        completion: .words(LSTMEquationName.words))
    ) { session, args, _ throws(CommandError) in
      if args[0] == "list" { return session.renderLSTMEquationList() }
      guard let equation = LSTMEquationName(rawValue: args[0]) else {
        throw .unknownName(args[0], what: "LSTM equation", accepted: LSTMEquationName.words)
      }
      return session.renderLSTMEquation(equation)
    },
    Command(
      name: "derive", usage: "derive i.wx|…|o.b|wy|by",
      summary: "the chain rule for one parameter: every timestep's factors, term and running sum",
      details: """
        Works on a copy from zero gradients, so the last line is what 'print f.wh.g' shows
        after 'zero' and 'backward', however many passes the session has accumulated.
        """,
      example: "derive f.wh", section: "§2.6",
      arguments: .oneOf(LSTMParameter.allCases.map(\.rawValue), what: "LSTM parameter")
    ) { session, args, _ throws(CommandError) in
      try session.refuseUnderEveryStepLoss("derive", session.state.activeLSTM.model.loss)
      return try session.renderLSTMDerivation(LSTMParameter(rawValue: args[0])!)
    },
    modelExport(
      LSTMState.self,
      summary:
        "write a picture as SVG, the session as Markdown, or the LSTM as a PyTorch script",
      details: """
        export torch FILE [--train [EPOCHS]] writes a Python script that rebuilds the LSTM as
        torch.nn.LSTM(1, 1) in float64 and prints the gates, c_t, h_t, yhat, the loss and the
        14 gradients as 'print' does; --train adds the training loop and its final parameters.
        export svg FILE [PICTURE] draws unroll, flow, landscape, plot or plot loss (PICTURE:
        unroll, flow, landscape, plot or loss) for the LSTM. The notebook is the RNN's only.
        """,
      example: "export torch lstm.py", pictures: PictureKind.allCases,
      notebook: .refused(because: "notebooks are written for the RNN only"),
      torch: LSTMTorchScript.export),
  ]
}

extension Session {
  /// `set NAME VALUE` for the LSTM.
  mutating func setLSTM(_ name: String, _ text: String) throws(CommandError) -> String {
    if name == "lr" {
      let value = try Parse.learningRate(text, "set lr")
      state.activeLSTM.learningRate = value
      return "lr = \(plainNumber(value))\n"
    }
    let accepted = LSTMParameter.allCases.map(\.rawValue) + ["lr"]
    if name.hasSuffix(".g"), let p = LSTMParameter(rawValue: String(name.dropLast(2))) {
      let value = try Parse.number(text, "set \(name)", nonFinite: isLoadingState)
      state.activeLSTM.model.gradients[p] = value
      return "\(name) = \(plainNumber(value))\n"
    }
    guard let p = LSTMParameter(rawValue: name) else {
      throw .unknownName(name, what: "name for set", accepted: accepted)
    }
    let value = try Parse.number(text, "set \(name)", nonFinite: isLoadingState)
    state.activeLSTM.model.weights[p] = value
    let cleared = state.activeLSTM.forward != nil
    state.clearPasses()
    return "\(name) = \(plainNumber(value))\n"
      + (cleared ? "(forward and backward states cleared: they used the old parameters)\n" : "")
  }

}
