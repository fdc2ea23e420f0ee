import RNN

/// `export torch FILE [--train [EPOCHS]] [--force]`: the session as one standalone PyTorch
/// script that recomputes its numbers with autograd (or, in article mode, with the printed
/// code) and prints them as minirnn's `print` does.
enum TorchScript {
  static let file = ExportedFile(
    command: "export torch", usage: "export torch FILE [--train [EPOCHS]] [--force]",
    example: "export torch session.py", written: "a Python script", endings: ["py"],
    isOurs: { text in text.hasPrefix(header) })

  /// The first words of every script, which mark it as minirnn's.
  static let header = "# Written by minirnn"

  /// Runs `export torch` with the words after `torch`.
  static func export(_ args: [String], session: Session) throws(CommandError) -> String {
    let arguments = try file.parse(args, allowsTraining: true)
    let state = session.state
    // The printed code (article mode) and Part 1 have no place for settings beyond the article.
    if state.model.truncation != nil || state.model.clipNorm != nil,
      state.model.architecture == .part1 || state.model.mode == .article
    {
      throw .notReady(
        "export torch: truncate and clip are exported with mode exact only (the article's printed code has no place for them); type 'mode exact', or 'truncate off' and 'clip off'"
      )
    }
    var training: TorchTraining?
    if let epochs = arguments.trainingEpochs {
      guard state.model.architecture == .part2 else {
        throw .notReady(
          "export torch --train: Part 1's model is never trained; type 'model part2' first, or leave out --train"
        )
      }
      let data = try trainingData(state)
      try session.requireTargetsPerStep(state.model.loss, in: data, command: "export torch --train")
      training = TorchTraining(
        weights: state.model.weights, gradients: state.model.gradients, data: data,
        epochs: epochs, learningRate: state.learningRate)
    }
    return try write(
      script(state, training: training), arguments, session,
      model: "model \(state.model.architecture.rawValue), mode \(state.model.mode.rawValue)",
      training: training.map { ($0.data, $0.epochs) }, RNNState.self)
  }

  /// Writes a model's script to the file `arguments` name and says what it wrote: the
  /// model and training run (`model`), and how long PyTorch will take to train it.
  static func write(
    _ text: String, _ arguments: ExportedFile.Arguments, _ session: Session, model: String,
    training: (data: Dataset, epochs: Int)?, _ type: any SessionModel.Type
  ) throws(CommandError) -> String {
    let replaced = try file.write(
      text, to: arguments.path, force: arguments.force, files: session.files)
    let what =
      "a PyTorch script of this session (\(model)\(training.map { ", training \(epochs($0.epochs))" } ?? ""))"
    let time =
      training.map { TorchTrainingTime(data: $0.data, epochs: $0.epochs, model: type).note() }
      ?? ""
    return
      "\(replaced ? "replaced" : "wrote") \(shown(arguments.path)) with \(what); run it with: python3 \(shown(arguments.path))\(time)\n"
  }

  /// The comment every script starts with: the session it came from, what it rebuilds (the
  /// lines before "minirnn's 'print NAME' does, …"), the minirnn commands whose numbers it
  /// prints, the training run if any, and how to run it.
  static func headerComment(summary: String, rebuilds: [String], names: String, training: String?)
    -> String
  {
    var text = "\(header) \(minirnnVersion) with 'export torch', from a session with\n"
    text += "# \(summary).\n#\n"
    text += rebuilds.map { "# \($0)\n" }.joined()
    text += "# minirnn's 'print NAME' does, so the two can be compared line by line. In minirnn:\n"
    text += "#   \(names)\n"
    text += training.map { "#   \($0)\n" } ?? ""
    return text
      + "#\n# Run it with: python3 this-file.py   (it needs PyTorch: python3 -m pip install torch)\n"
  }

  /// The comment and the first line of a script's training loop: the data set, learning
  /// rate and epochs, what else it starts from (`from`), and PyTorch's time for it.
  static func trainingPreamble(
    _ data: Dataset, epochs count: Int, learningRate lr: Double, from: String? = nil,
    _ type: any SessionModel.Type
  ) -> String {
    let steps = Parse.grouped(count * data.samples.count)
    var text =
      "\n# The session's training loop: its data set, learning rate and epochs (\(steps) sample steps)"
    text += (from.map { ",\n# \($0)" } ?? "") + ".\n"
    text += TorchTrainingTime(data: data, epochs: count, model: type).comment
    return text
      + "print(\"training \(epochs(count)) on \(data.name), lr \(python(lr)):\")\n"
  }

  /// The minirnn commands whose numbers a script prints, for its header: `zero; forward;
  /// backward; print VALUES, GRADIENTS` after a backward pass, `forward; print VALUES` without.
  static func printedNames(backward: Bool, values: String, gradients: String) -> String {
    (backward ? "zero; forward; backward; " : "forward; ") + "print " + values
      + (backward ? ", " + gradients : "")
  }

  /// The line a script prints before the numbers of its pass.
  static func passBanner(backward: Bool) -> String {
    "print(\"\(backward ? "forward and backward pass, from zero gradients" : "forward pass"):\")\n"
  }

  /// What a model's training loop starts from, besides its data set: `trainingPreamble`'s
  /// `from` for a model whose `train` uses the gradients it holds.
  static let fromHeldGradients =
    "from its parameters and the gradients it holds now (train's first update uses them)"

  /// A model's `export torch` arguments (the words after `torch`) and, with `--train`, the
  /// run they ask for: the loaded data set and the epochs.
  static func arguments(_ args: [String], _ state: SessionState) throws(CommandError) -> (
    ExportedFile.Arguments, training: (data: Dataset, epochs: Int)?
  ) {
    let arguments = try file.parse(args, allowsTraining: true)
    guard let epochs = arguments.trainingEpochs else { return (arguments, nil) }
    return (arguments, (try trainingData(state), epochs))
  }

  /// The data set `export torch --train` trains on, or why there is none.
  static func trainingData(_ state: SessionState) throws(CommandError) -> Dataset {
    guard let data = state.dataset else {
      throw .notReady(
        "export torch --train: no data set loaded; type 'data slopes' or 'data zigzag' first")
    }
    return data
  }

  /// The script for `state`, training as `training` says when it is given.
  static func script(_ state: SessionState, training: TorchTraining?) -> String {
    let model = state.model
    let code = model.torchCode
    let targets = everyStepTargets(state, model.loss)
    let backward =
      model.architecture == .part2 && state.target != nil
      && (!model.loss.readsEveryStep || targets != nil)
    let names = printedNames(backward: backward, values: "h[1], yhat", gradients: "loss, w1.g, …")
    var text = headerComment(
      summary: sessionSummary(state),
      rebuilds: [
        "It rebuilds that model in PyTorch (float64, on the CPU) and prints each value as"
      ],
      names: names,
      training: training.map {
        "train \($0.epochs); print w1, w2, w3   (from the session as exported, not after the line above)"
      })
    text += torchPrelude + code.definitions + "\n\n"
    let pass = TorchPass(
      weights: model.weights, gradients: .zero, inputs: state.inputs, target: state.target,
      backward: backward, targets: targets)
    text +=
      "# The session's weights, input x_1..x_n\(state.target == nil ? "" : " and target y").\n"
    text += passBanner(backward: backward)
    text += code.pass(pass)
    if let training, let loop = code.training(training) {
      text += trainingPreamble(
        training.data, epochs: training.epochs, learningRate: training.learningRate,
        RNNState.self)
      text += loop
    }
    return text
  }

  /// y_1…y_n when the loss reads every step and the session has them, else nil.
  static func everyStepTargets(_ state: SessionState, _ loss: LossReadout) -> [Double]? {
    guard loss.readsEveryStep, case .success(let ys) = state.lossTargets(loss, command: "export")
    else { return nil }
    return ys
  }

  /// `1 epoch`, `20,000 epochs`.
  static func epochs(_ n: Int) -> String { n == 1 ? "1 epoch" : "\(Parse.grouped(n)) epochs" }

  /// `model part2, mode exact, seed 0, data set slopes, lr 0.001`.
  static func sessionSummary(_ state: SessionState) -> String {
    let model = state.model
    return
      "model \(model.architecture.rawValue), mode \(model.mode.rawValue), seed \(state.seed), data set \(state.dataset?.name ?? "none"), lr \(python(state.learningRate))"
  }
}
