import RNN

extension LSTMState: SessionModel {
  static let word = "lstm"
  static let displayName = "the LSTM"

  func introduction(_ n: Notation) -> String {
    n.text(
      """
      model lstm (beyond the article): a scalar LSTM, one input and hidden size 1:
      Hochreiter & Schmidhuber 1997, with the forget gate of Gers, Schmidhuber &
      Cummins 2000, as PyTorch's nn.LSTM documents it (one bias per gate).
      Four gates per step:
        i, f, o = σ(wx·xₜ + wh·hₜ₋₁ + b), g = tanh(…)
        cₜ = fₜ·cₜ₋₁ + iₜ·gₜ,  hₜ = oₜ·tanh(cₜ)
        ŷ = wy·hₙ + by,  L = ½(y − ŷ)² (Eq. 1)
      14 parameters, round ones to start ('randomize' draws them as PyTorch does);
      \(learningRateText(learningRate)). 'model part2' returns to the RNN's weights.

      """)
  }

  static let commands = CommandTable.table(CommandTable.lstmCommands)
  var refusals: [String: String] { CommandTable.notForLSTM }

  func printableNames(in session: Session) -> [String] { session.lstmPrintableNames }

  func value(of name: String, in session: Session) throws(CommandError) -> Double {
    try session.lstmValue(of: name, in: self)
  }

  var parameters: [(name: String, value: Double)] {
    LSTMParameter.allCases.map { ($0.rawValue, model.weights[$0]) }
  }

  func saveLines(in state: SessionState) -> [String] { StateFile.lstmCommands(for: self) }

  func estimatedBytes(beyond previous: LSTMState?, inputs: [Double]) -> Int {
    var total = MemoryLayout<LSTMState>.stride
    let p = previous
    if let f = forward {
      total += bufferBytes(f.inputs, unless: inputs, p?.forward?.inputs)
      total += bufferBytes(f.steps, unless: p?.forward?.steps)
    }
    if let b = backward {
      total += bufferBytes(b.steps, unless: p?.backward?.steps)
      total += bufferBytes(b.handovers.entries, unless: p?.backward?.handovers.entries)
      total += bufferBytes(b.forward.inputs, unless: inputs, forward?.inputs)
      total += bufferBytes(b.forward.steps, unless: forward?.steps, p?.backward?.forward.steps)
    }
    if let run = lastTraining {
      let q = p?.lastTraining
      total += bufferBytes(run.history.points, unless: q?.history.points)
      total += bufferBytes(run.path.points, unless: q?.path.points)
    }
    return total
  }

  func statusRows(in session: Session) -> [(String, String)] {
    [
      ("model", "lstm (beyond the article): a scalar LSTM, 14 parameters"),
      (
        "weights",
        "see 'weights'; gradients " + (model.gradients == .zero ? "all 0" : "accumulated")
      ),
      ("data", ""),
      ("forward", session.passText(forwardProgress, "step")),
      ("backward", session.backText(backwardProgress)),
      (
        "training",
        session.trainingText(lr: learningRate, epochs: lastTraining?.epochsCompleted)
      ),
      ("RNN", "waits for 'model part2', as it was"),
    ]
      // A loss at every step; Eq. 1's loss is the status as it was.
      + (model.loss.readsEveryStep
        ? [("loss", "\(model.loss.words): \(model.loss.formula), a loss at every step")] : [])
  }

  func changes(from previous: LSTMState?, in session: Session) -> [String] {
    var parts: [String] = []
    // Switching to the LSTM: where its passes stand is enough to say.
    let from = previous ?? LSTMState(model: model)
    if from.model.weights != model.weights {
      parts.append("the LSTM's parameters as they were")
    }
    if from.model.gradients != model.gradients {
      parts.append(
        model.gradients == .zero ? "the LSTM's gradients 0" : "the LSTM's gradients as they were")
    }
    if from.forward?.t != forward?.t || (from.forward == nil) != (forward == nil) {
      parts.append(
        forward.map { "the LSTM's forward pass at t = \($0.t) of \($0.count)" }
          ?? "no LSTM forward pass")
    }
    if from.backward?.steps.count != backward?.steps.count {
      parts.append(
        backward.map { "the LSTM's BPTT after step \($0.steps.count) of \($0.count)" }
          ?? "no LSTM backward pass")
    }
    if from.model.loss != model.loss { parts.append("the LSTM's loss \(model.loss.words)") }
    if from.learningRate != learningRate {
      parts.append("LSTM " + learningRateText(learningRate))
    }
    if from.lastTraining != lastTraining {
      parts.append(
        lastTraining.map { "the LSTM's run of \(Parse.grouped($0.epochsCompleted)) epochs" }
          ?? "no LSTM training run")
    }
    return parts
  }

  func differences(from lesson: LSTMState, _ n: Notation) -> [(String, String, String)] {
    var rows: [(String, String, String)] = []
    for p in LSTMParameter.allCases where lesson.model.weights[p] != model.weights[p] {
      rows.append(("\(p.rawValue) = ", n.value(lesson.model.weights[p]), n.value(model.weights[p])))
    }
    if lesson.model.loss != model.loss {
      rows.append(("loss ", lesson.model.loss.words, model.loss.words))
    }
    if lesson.learningRate != learningRate {
      rows.append(("lr = ", n.value(lesson.learningRate), n.value(learningRate)))
    }
    return rows
  }

  func lossPicture() throws(CommandError) -> LossPicture { try .of(lastTraining) }

  func svgPicture(_ kind: PictureKind, in session: Session, _ n: Notation, hooks: Hooks)
    throws(CommandError) -> String
  {
    switch kind {
    case .unroll: return LSTMUnrollPicture(state: session.state).svg(n)
    case .landscape:
      let last = session.lastPicture
      let named = last?.first == "landscape" ? Array(last?.dropFirst() ?? []) : []
      return try session.lstmLandscapePicture(named, columns: 96, rows: 72, hooks: hooks).svg(n)
    case .flow: return try session.lstmFlowSVG(n)
    case .plot, .loss: preconditionFailure("plot and plot loss are drawn for every model alike")
    }
  }

  static let torchSecondsPerTimestep = 300e-6

  func quizQuestions(after command: String, in session: Session) -> [LessonQuantity] {
    session.lstmQuizQuestions(after: command, self)
  }

  func mistakePaths(to q: LessonQuantity, right: Double, in session: Session)
    -> [(LessonMistake, Double)]
  {
    LessonMistake.lstmPaths(to: q, right: right, in: session, self)
  }

  func value(of q: LessonQuantity, in session: Session) throws(CommandError) -> Double? {
    // ∂L/∂ŷ and ∂L/∂hₜ are the LSTM's own.
    switch q {
    case .lossGradient: return try LSTMQuantity.lossGradient.value(in: session)
    case .hiddenGradient(let t): return try LSTMQuantity.hiddenGradient(t).value(in: session)
    default: return nil
    }
  }

  func readOut(_ n: Notation, t: Int) -> String {
    "that is \(n.h(t)) alone; \(n.yhat) = wy\(n.times)\(n.h(t)) + by"
  }
}

extension LSTMForwardPass: SteppedForward {}

extension LSTMState: PassModel {
  /// A step is a dozen lines: past three, the first and the last.
  static let forwardShown = StepsShown(allUpTo: 3, head: 1, tail: 1)
  /// The output step and the last timestep handled; 'grads' tables every one.
  static let backwardShown = StepsShown(allUpTo: 2, head: 1, tail: 1)
  static func render(_ record: LSTMForwardStep, in pass: LSTMForwardPass, _ session: Session)
    -> String
  {
    session.renderLSTMForwardStep(record, in: pass)
  }
  static func renderOutput(_ pass: LSTMForwardPass, _ session: Session) -> String {
    session.renderLSTMOutputIfComplete(pass)
  }
  static func render(_ record: LSTMBackwardStep, in pass: LSTMBackwardPass, _ session: Session)
    -> String
  {
    session.renderLSTMBackwardStep(record, in: pass)
  }
  static func renderGradientSummary(_ session: Session) -> String {
    session.renderLSTMGradientSummary()
  }
}

extension LSTMBackwardPass: PassGradients {}
