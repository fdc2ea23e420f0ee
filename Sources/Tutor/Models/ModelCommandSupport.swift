import RNN

// What every model's commands share: the count of `step N` and `back N`, the screens of
// many steps, and the finiteness check before `train` and `update`.

extension Session {
  /// The N of `step N` or `back N`: 1 when not given. With the quiz on, one at a time, since
  /// the quiz asks for each step's numbers before it shows them.
  func stepCount(_ args: [String], _ command: String) throws(CommandError) -> Int {
    guard let text = args.first else { return 1 }
    let count = try Parse.count(text, command, in: 1...Limits.epochs)
    if count > 1 && quiz != nil && lessonBook.run == nil {
      throw .notReady(
        "\(command) \(text): with the quiz on, \(command) takes one step at a time; 'quiz off' first"
      )
    }
    return count
  }
}

/// Which of a run of step screens are shown: all of them up to `allUpTo`, else the first
/// `head` and the last `tail`, with one line between saying how many were left out.
struct StepsShown: Sendable {
  var allUpTo = 12
  var head = 5
  var tail = 5

  /// True when step `i` (from 0) of `total` is shown.
  func shows(_ i: Int, of total: Int) -> Bool {
    total <= allUpTo || i < head || i >= total - tail
  }
}

/// The screens of `total` steps, each made by `step` in turn, as `policy` shows them, with
/// the line that says how many were left out and which command (`all`) lists them all.
/// `step` is told whether its screen is shown.
func renderSteps(
  _ total: Int, _ all: String, _ notation: Notation, policy: StepsShown = StepsShown(),
  _ step: (_ shown: Bool) -> String
) -> String {
  var text = ""
  for i in 0..<total {
    let shown = policy.shows(i, of: total)
    text += step(shown)
    if !shown && i == policy.head {
      let skipped = total - policy.head - policy.tail
      text += notation.text(elidedLine(skipped, shownBy: all) + "\n")
    }
  }
  return text
}

extension Session {
  /// What `train [EPOCHS] [LR]` runs, for every model: the epochs (§3.1's 20,000 unless
  /// given), the learning rate (the model's own unless given) and the loaded data set, once
  /// the model's parameters are known to be finite.
  func trainingRun(_ args: [String], learningRate: Double) throws(CommandError) -> (
    epochs: Int, learningRate: Double, data: Dataset
  ) {
    let epochs =
      try args.first.map { text throws(CommandError) in
        try Parse.count(text, "train epochs", in: 0...Limits.epochs)
      } ?? MiniRnn.defaultEpochs
    let lr = try args.count > 1 ? Parse.learningRate(args[1], "train lr") : learningRate
    guard let data = state.dataset else { throw .noDataset(command: "train") }
    try requireFiniteParameters("train")
    return (epochs, lr, data)
  }

  /// The learning rate `update [LR]` steps with, for every model: the one given, or the
  /// model's own.
  /// Before `train`: a note when the gradients a model holds are not zero, since the
  /// training loop's first update includes them (the RNN's own note names each one).
  func leftoverGradientsNote<P: ParameterValues>(_ gradients: P) -> String {
    guard gradients != gradients.zeroed else { return "" }
    return notation.styled(
      "note: the gradients are not zero: train's first update includes them; 'zero' first to start clean",
      .note) + "\n"
  }

  func updateLearningRate(_ args: [String], default lr: Double) throws(CommandError) -> Double {
    let given = try args.first.map { text throws(CommandError) in
      try Parse.learningRate(text, "update")
    }
    try requireFiniteParameters("update")
    return given ?? lr
  }

  /// Refuses `command` (train, update) when a parameter of the active model is NaN or
  /// infinite, as only a loaded save can leave one, naming it: the step would otherwise fail
  /// or call that value the last finite one.
  func requireFiniteParameters(_ command: String) throws(CommandError) {
    guard let bad = nonFiniteParameter else { return }
    throw .notReady(
      "\(command): \(bad.name) is \(plainNumber(bad.value)); 'set \(bad.name) VALUE' a finite value first"
    )
  }

  /// The first parameter of the active model that is NaN or infinite, with its value.
  var nonFiniteParameter: (name: String, value: Double)? {
    state.active.parameters.first { !$0.value.isFinite }
  }
}
