import RNN

extension CommandTable {
  /// The article's RNN's commands the vector RNN has no version of, and why.
  static let notForVector: [String: String] = [
    "mode": "its modes run the article's printed RNN code, errata included",
    "errata": "the errata are the article's, about its scalar RNN",
    "truncate": "truncated BPTT is implemented for the article's RNN only",
    "clip": "gradient clipping is implemented for the article's RNN only",
    "landscape": "a landscape shades two parameters; 'spectrum' and 'flow' show W_hh",
  ]

  /// The vector RNN's versions: the same names and screen layouts as the RNN's commands,
  /// with vectors and matrices.
  static let vectorCommands: [Command] =
    vectorSpectrumLossCommands + vectorEquationCommands + vectorFlowCommands
    + [vectorExportCommand] + [
      Command(
        name: "set",
        usage: "set NAME VALUE | set W_hh ROWS | set W_hh identity|rotation|orthogonal …",
        summary: "set a parameter, a whole vector or W_hh, or W_hh from a named start",
        details: """
          Names: W_xh[i], W_hh[i,j], b[i], w_y[i], c (indices from 1), lr, each with .g for
          its gradient. A whole vector takes K numbers ('set w_y 0.5 0.5'); W_hh takes K rows
          separated by '/' ('set W_hh 0.9 0 / 0 0.9', since ';' separates commands).
          Named starts for W_hh: 'identity R' (R·I), 'rotation ANGLE R' (R times a rotation by
          ANGLE radians in the planes of units 1-2, 3-4, …), 'orthogonal R' (R times a random
          orthogonal matrix, as torch.nn.init.orthogonal_ draws one; 'seed N' first repeats it).
          A change clears the forward and backward passes (they used the old parameters).
          """,
        example: "set W_hh rotation 0.5 1.1", section: "beyond the article",
        arguments: .atLeast(2, "a name and a value", completion: .printable), quietInScripts: true
      ) { session, args, _ throws(CommandError) in
        try session.setVector(args)
      },
      Command(
        name: "weights", usage: "weights",
        summary: "show W_xh, W_hh, b, w_y, c and their accumulated gradients",
        example: "weights", section: ""
      ) { session, _, _ throws(CommandError) in
        session.renderVectorWeights()
      },
      Command(
        name: "randomize", usage: "randomize",
        summary: "draw every parameter as PyTorch's nn.RNN and nn.Linear do: U(−1/√K, 1/√K)",
        details: """
          PyTorch draws each weight and bias of nn.RNN(1, K) and nn.Linear(K, 1) uniformly from
          [−1/√K, 1/√K). nn.RNN has two hidden biases, b_ih and b_hh, which always add: b is
          their sum. The draws come from the generator 'seed N' sets.
          """,
        example: "seed 1; randomize", section: "", quietInScripts: true
      ) { session, _, _ throws(CommandError) in
        var generator = session.state.generator
        session.state.activeVector.model.randomize(using: &generator)
        session.state.generator = generator
        session.state.clearPasses()
        return session.renderVectorWeights()
      },
      stepCommand(
        VectorState.self,
        summary: "compute the next timestep: aₜ from its products, hₜ = φ(aₜ), ŷₜ (live numbers)",
        afterLast: "ŷ = ŷₙ and L", section: ""),
      forwardCommand(VectorState.self, section: ""),
      tableCommand("states", summary: "table of t, xₜ, hₜ (a row per step) and ŷₜ", section: "") {
        session, elide in session.renderVectorStates(elide: elide)
      },
      backCommand(
        VectorState.self,
        summary: "one BPTT step: the first does ∂L/∂ŷₙ, w_y and c, then t = n…1 one at a time",
        eachStep: """
          Each timestep shows ∂L/∂hₜ arriving (from ŷₜ and from hₜ₊₁ under a loss at every
          step), the Jacobian Jₜ = diag(φ′(aₜ))·W_hh, each parameter's term (W_hh's is an outer
          product) and the running sums.
          """, section: ""),
      backwardCommand(VectorState.self, section: ""),
      tableCommand(
        "grads", summary: "table of ∂L/∂hₜ's two roads and ∂L/∂aₜ per step, then the sums",
        section: ""
      ) { session, elide in session.renderVectorGrads(elide: elide) },
      Command(
        name: "zero", usage: "zero",
        summary: "set every gradient to 0 (the article's zero_grads)",
        example: "zero", section: "§3", quietInScripts: true
      ) { session, _, _ throws(CommandError) in
        session.state.activeVector.model.zeroGradients()
        let k = session.state.activeVector.size
        return "all \(VectorWeights.count(size: k)) gradients = 0\n"
      },
      Command(
        name: "update", usage: "update [LR]",
        summary: "one gradient-descent step: p -= lr·p.g for every trained parameter",
        example: "update 0.1", section: "§3.1", arguments: .atMost(1, "at most one learning rate"),
        quietInScripts: true
      ) { session, args, _ throws(CommandError) in
        let lr = try session.updateLearningRate(
          args, default: session.state.activeVector.learningRate)
        var m = session.state.activeVector
        m.model.update(learningRate: lr)
        guard m.model.weights.isFinite else {
          let bad = m.parameters.first { !$0.value.isFinite }!
          throw .weightWouldOverflow(name: bad.name, value: bad.value, learningRate: lr)
        }
        m.clearPasses()
        session.state.activeVector = m
        return
          "p -= \(plainNumber(lr))·p.g for every \(m.model.trainsBiases ? "" : "weight (biases off: 'train bias on') and every ")parameter\n"
          + session.renderVectorWeights()
          + "(the gradients are kept: 'zero' clears them, as the training loop does)\n"
      },
      Command(
        name: "train", usage: "train [EPOCHS] [LR] | train bias on|off",
        summary: "train on the loaded data set with §3.1's loop and this model's loss",
        details: """
          Each epoch runs every sample in order: forward, backward, update, zero. With 'loss
          every' the data needs a target at every step ('data echo', 'data next').
          EPOCHS is 0 to 1,000,000,000; Ctrl-C stops after the sample step in progress.
          'train bias off' keeps b and c where they are (the article's cell has none).
          """,
        example: "train 500 0.1", section: "§3.1", arguments: .atMost(2, "at most EPOCHS and LR")
      ) { session, args, hooks throws(CommandError) in
        if args.first == "bias" {
          guard args.count == 2, args[1] == "on" || args[1] == "off" else {
            throw .badArguments(.expected("'train bias on' or 'train bias off'"))
          }
          session.state.activeVector.model.trainsBiases = args[1] == "on"
          return
            "b and c \(args[1] == "on" ? "train" : "stay where they are") (train bias \(args[1]))\n"
        }
        let run = try session.trainingRun(
          args, learningRate: session.state.activeVector.learningRate)
        return try session.trainVector(
          on: run.data, epochs: run.epochs, learningRate: run.learningRate, hooks: hooks)
      },
      Command(
        name: "gradcheck", usage: "gradcheck",
        summary: "compare BPTT's gradients with central finite differences of the loss",
        details: "Uses the current input and targets; the model is unchanged.",
        example: "gradcheck", section: "§2.6"
      ) { session, _, _ throws(CommandError) in
        try session.renderVectorGradientCheck()
      },
      Command(
        name: "activation", usage: "activation [tanh|relu|identity]",
        summary: "φ in hₜ = φ(aₜ): tanh (nn.RNN's default), relu, or identity (a linear RNN)",
        example: "activation relu", section: "",
        arguments: .atMost(
          1, "one of tanh, relu, identity", completion: .words(["tanh", "relu", "identity"]))
      ) { session, args, _ throws(CommandError) in
        guard let word = args.first else {
          return "φ = \(session.state.activeVector.model.activation.symbol)\n"
        }
        guard let a = Activation(word: word), VectorRNN.activations.contains(a) else {
          throw .unknownName(word, what: "activation", accepted: ["tanh", "relu", "identity"])
        }
        session.state.activeVector.model.activation = a
        session.state.clearPasses()
        return "φ = \(a.symbol): hₜ = \(a.symbol)(aₜ)\n"
      },
    ]
}

extension VectorState {
  /// Why `command` cannot train on `data` with this model's loss, if it cannot: a loss at
  /// every step needs a target at every step.
  func trainingRefusal(_ data: Dataset, command: String) -> CommandError? {
    model.loss.refusal(toTrainOn: data, command: command)
  }
}

extension Session {
  /// `train` for the vector RNN.
  mutating func trainVector(on data: Dataset, epochs: Int, learningRate lr: Double, hooks: Hooks)
    throws(CommandError) -> String
  {
    let n = notation
    var m = state.activeVector
    if let refusal = m.trainingRefusal(data, command: "train") { throw refusal }
    let leftover = leftoverGradientsNote(m.model.gradients)
    let started = hooks.now()
    let report = m.model.train(
      on: data, epochs: epochs, learningRate: lr, checkEvery: hooks.checkEvery,
      progress: trainingProgress(hooks, started: started))
    m.lastTraining = report
    m.clearPasses()
    state.activeVector = m
    var text =
      leftover
      + trainingOutcome(
        report.outcome, epochs: report.epochsCompleted, sampleSteps: report.sampleSteps,
        finalLoss: report.finalLoss, since: started, data: data, learningRate: lr, hooks: hooks,
        trained: "trained the vector RNN", parameters: "parameters")
    let model = m.model
    let loss = meanLoss(over: data.samples) { s in
      model.loss(inputs: s.inputs, targets: model.targets(of: s) ?? [s.target])
    }
    if loss.isFinite {
      text +=
        "loss \(model.loss.words) at the final parameters (mean over the \(data.samples.count) samples of \(data.name)): \(n.number(loss))\n"
    }
    return text + "parameters\n" + renderVectorParameters(gradients: false)
  }

  /// `gradcheck` for the vector RNN: every gradient of a fresh pass against central
  /// differences of the loss.
  func renderVectorGradientCheck() throws(CommandError) -> String {
    let n = notation
    let m = state.activeVector
    let ys = try m.targets(in: state).get()
    var model = m.model
    model.zeroGradients()
    var back = model.startBackward(model.forward(state.inputs), targets: ys)
    back.run(accumulatingInto: &model.gradients)
    let h = 1e-6
    var rows: [[String]] = []
    var worst = 0.0
    for p in model.weights.names {
      var plus = model
      plus.weights[p] += h
      var minus = model
      minus.weights[p] -= h
      let numeric =
        (plus.loss(inputs: state.inputs, targets: ys)
          - minus.loss(inputs: state.inputs, targets: ys))
        / (2 * h)
      let bptt = model.gradients[p]
      let relative = abs(bptt - numeric) / max(1e-12, abs(bptt) + abs(numeric))
      worst = max(worst, bptt == numeric ? 0 : relative)
      rows.append([p.name, n.number(bptt), n.number(numeric), n.number(relative)])
    }
    var text = renderLongTable(
      ["parameter", "BPTT", "finite diff.", "rel. diff."], rows, elide: traits.isInteractive,
      command: "gradcheck")
    text +=
      "central differences with h = 1e-6 of loss \(m.model.loss.words); largest relative difference \(n.number(worst))\n"
    return text
  }
}
