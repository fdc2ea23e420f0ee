import RNN

/// The article's RNN as one conformance of `SessionModel`: Part 1 (fixed, never trained)
/// and Part 2 (the MiniRnn of Eq. 1–3, with the generalised cell as its settings).
extension RNNState: SessionModel {
  /// The word of Part 2; `model part1` chooses Part 1 of the same model.
  static let word = "part2"
  static let displayName = "the RNN"

  func introduction(_ n: Notation) -> String { "" }

  /// The RNN's own commands: those another model runs its own way or refuses.
  static let commands = CommandTable.table(CommandTable.rnnCommands)

  /// Part 1's model is the article's pretrained network: never trained, so nothing that
  /// trains it or computes its gradients runs.
  var refusals: [String: String] {
    guard model.architecture == .part1 else { return [:] }
    let why = "the article never trains it"
    return Dictionary(
      uniqueKeysWithValues: [
        "back", "backward", "update", "train", "gradcheck", "derive", "flow", "randomize",
      ].map {
        ($0, why)
      })
  }

  var word: String { model.architecture.rawValue }
  var name: String { model.architecture == .part1 ? "Part 1's model" : Self.displayName }

  func printableNames(in session: Session) -> [String] { session.rnnPrintableNames }

  func value(of name: String, in session: Session) throws(CommandError) -> Double {
    try session.rnnValue(of: name)
  }

  /// The weights, and the biases where the cell has them (an article cell keeps b = c = 0).
  var parameters: [(name: String, value: Double)] {
    Weight.allCases.map { ($0.rawValue, model.weights[$0]) }
      + Bias.allCases.filter { model.weights[$0] != 0 }.map { ($0.rawValue, model.weights[$0]) }
  }

  func saveLines(in state: SessionState) -> [String] { StateFile.rnnCommands(for: state) }

  func estimatedBytes(beyond previous: RNNState?, inputs: [Double]) -> Int {
    var total = 0
    if let f = forward {
      let p = previous?.forward
      total += bufferBytes(f.inputs, unless: inputs, p?.inputs)
      total += bufferBytes(f.hidden, unless: p?.hidden) + bufferBytes(f.steps, unless: p?.steps)
    }
    if let b = backward {
      let p = previous?.backward
      total += bufferBytes(b.steps, unless: p?.steps)
      total += bufferBytes(b.handovers.entries, unless: p?.handovers.entries)
      total += bufferBytes(b.forward.inputs, unless: inputs, forward?.inputs, p?.forward.inputs)
      total += bufferBytes(b.forward.hidden, unless: forward?.hidden, p?.forward.hidden)
      total += bufferBytes(b.forward.steps, unless: forward?.steps, p?.forward.steps)
    }
    if let run = lastTraining {
      let p = previous?.lastTraining
      total += bufferBytes(run.history.points, unless: p?.history.points)
      total += bufferBytes(run.path.points, unless: p?.path.points)
    }
    return total
  }

  func statusRows(in session: Session) -> [(String, String)] {
    let n = session.notation
    let s = session.state
    let m = model
    var rows: [(String, String)] = []
    let article =
      m.architecture == .part1
      ? "Part 1's code as printed (abs, ŷ rounded)" : "the MiniRnn of Eq. 1–3"
    rows.append(("model", "\(m.architecture.rawValue): \(article)"))
    let mode: [Mode: String] = [
      .exact: "the correct math", .article: "the code as printed (errata 1 and 2)",
      .text: "BPTT as the equations print it (errata 3–5)",
    ]
    rows.append(("mode", "\(m.mode.rawValue): \(mode[m.mode] ?? "")"))
    rows.append(
      (
        "cell",
        session.cellBeyondTheArticle.map { "beyond the article: \($0)" }
          ?? "the article's: ReLU, no biases"
      ))
    var names: [Parameter] = [.w1, .w2, .w3]
    if n.cell.hasBiases { names += [.b, .c] }
    rows.append(
      (
        "weights",
        names.map { "\($0.rawValue) = \(n.value(m.weights[$0]))" }.joined(separator: ", ")
      ))
    rows.append(
      (
        "gradients",
        names.map { "\($0.rawValue).g = \(n.value(m.gradients[$0]))" }.joined(separator: ", ")
      ))
    rows.append(("forward", session.passText(s.forward.map { ($0.t, $0.count) }, "step")))
    rows.append(("backward", session.backText(s.backward.map { ($0.steps.count, $0.count) })))
    rows.append(
      (
        "training",
        session.trainingText(lr: s.learningRate, epochs: s.lastTraining?.epochsCompleted)
      ))
    var beyond: [String] = []
    beyond.append("truncate " + (m.truncation.map(String.init) ?? "off"))
    beyond.append("clip " + (m.clipNorm.map(plainNumber) ?? "off"))
    // A loss at every step (beyond the article); Eq. 1's loss is the status as it was.
    if m.loss.readsEveryStep { beyond.append("loss \(m.loss.words) (a loss at every step)") }
    rows.append(("BPTT", beyond.joined(separator: ", ")))
    rows.insert(("data", ""), at: min(rows.count, 5))
    return rows
  }

  func changes(from previous: RNNState?, in session: Session) -> [String] {
    let from = previous ?? self
    let n = session.notation
    var parts: [String] = []
    let a = from.model
    let b = model
    if a.architecture != b.architecture { parts.append("model \(b.architecture.rawValue)") }
    if a.mode != b.mode { parts.append("mode \(b.mode.rawValue)") }
    if a.activation != b.activation { parts.append("activation \(b.activation.word)") }
    if a.trainsBiases != b.trainsBiases {
      parts.append("bias training \(b.trainsBiases ? "on" : "off")")
    }
    if a.truncation != b.truncation {
      parts.append("truncate \(b.truncation.map(String.init) ?? "off")")
    }
    if a.clipNorm != b.clipNorm { parts.append("clip \(b.clipNorm.map(plainNumber) ?? "off")") }
    if a.loss != b.loss { parts.append("loss \(b.loss.words)") }
    let weights = Weight.allCases.filter { a.weights[$0] != b.weights[$0] }.map {
      "\($0.rawValue) = \(n.value(b.weights[$0]))"
    }
    let biases = Bias.allCases.filter { a.weights[$0] != b.weights[$0] }.map {
      "\($0.rawValue) = \(n.value(b.weights[$0]))"
    }
    if !(weights + biases).isEmpty { parts.append((weights + biases).joined(separator: ", ")) }
    let passes = passChanges(from: from, n)
    parts += passes
    if passes.isEmpty || backward == nil {
      let grads = Parameter.allCases.filter { a.gradients[$0] != b.gradients[$0] }.map {
        "\($0.rawValue).g = \(n.value(b.gradients[$0]))"
      }
      if !grads.isEmpty { parts.append(grads.joined(separator: ", ")) }
    }

    if from.learningRate != learningRate { parts.append(learningRateText(learningRate)) }
    if from.lastTraining != lastTraining {
      parts.append(
        lastTraining.map { "the training run of \(Parse.grouped($0.epochsCompleted)) epochs" }
          ?? "no training run")
    }

    return parts
  }

  /// The forward and backward passes where they differ from `from`'s.
  private func passChanges(from: RNNState, _ n: Notation) -> [String] {
    var parts: [String] = []
    let backwardSame = from.backward == backward
    switch (from.forward, forward) {
    case (let f?, let g?) where f.steps.sharesBuffer(with: g.steps) && f.t != g.t:
      parts.append(
        "forward \(stepRange(f.t, g.t, of: g.count, "t = ")); the pass is at t = \(g.t)"
          + (g.t > 0 ? " (\(n.h(g.t)) = \(n.value(g.hidden[g.t])))" : ", \(n.h(0)) = 0"))
    case (_, let g?) where from.forward != forward:
      parts.append("the forward pass at t = \(g.t) of \(g.count)")
    case (_?, nil):
      parts.append("no forward pass")
    default: break
    }
    guard !backwardSame else { return parts }
    switch (from.backward, backward) {
    case (let p, let q?) where p.map { $0.steps.sharesBuffer(with: q.steps) } ?? !q.steps.isEmpty:
      let s = q.steps.count
      let stand =
        s == 0
        ? "BPTT is at its start"
        : "\(n.dL(n.h(q.forward.count - (s - 1)))) and the sums are as after step \(s)"
      parts.append("BPTT \(stepRange(p?.steps.count ?? 0, s, of: q.count, "")); \(stand)")
    case (_, let q?):
      parts.append("BPTT after step \(q.steps.count) of \(q.count)")
    case (_?, nil):
      parts.append("no backward pass")
    default: break
    }
    return parts
  }

  /// `step 3 of 4` or `steps 2–4 of 4`: the steps between two positions of a pass.
  func stepRange(_ a: Int, _ b: Int, of count: Int, _ prefix: String) -> String {
    let low = min(a, b) + 1
    let high = max(a, b)
    return low == high
      ? "step \(prefix)\(low) of \(count)" : "steps \(prefix)\(low)–\(high) of \(count)"
  }

  /// Its weights, the generalised cell's settings, Part, mode and learning rate.
  func differences(from lesson: RNNState, _ n: Notation) -> [(String, String, String)] {
    var rows: [(String, String, String)] = []
    let (a, b) = (lesson.model, model)
    for w in Weight.allCases where a.weights[w] != b.weights[w] {
      rows.append(("\(n.w(w.index)) = ", n.value(a.weights[w]), n.value(b.weights[w])))
    }
    // The generalised cell (beyond the article): its biases, φ and whether b and c train.
    for bias in Bias.allCases where a.weights[bias] != b.weights[bias] {
      rows.append(("\(bias.rawValue) = ", n.value(a.weights[bias]), n.value(b.weights[bias])))
    }
    if a.activation != b.activation {
      func name(_ a: Activation) -> String { a == .absoluteValue ? "abs" : a.rawValue }
      rows.append(("activation ", name(a.activation), name(b.activation)))
    }
    if a.trainsBiases != b.trainsBiases {
      rows.append(("train bias ", a.trainsBiases ? "on" : "off", b.trainsBiases ? "on" : "off"))
    }
    if a.architecture != b.architecture {
      rows.append(("model ", a.architecture.rawValue, b.architecture.rawValue))
    }
    if a.mode != b.mode { rows.append(("mode ", a.mode.rawValue, b.mode.rawValue)) }
    if a.loss != b.loss { rows.append(("loss ", a.loss.words, b.loss.words)) }
    if lesson.learningRate != learningRate {
      rows.append(("lr = ", n.value(lesson.learningRate), n.value(learningRate)))
    }
    return rows
  }

  func lossPicture() throws(CommandError) -> LossPicture {
    guard let report = lastTraining else { throw .noTraining }
    return LossPicture(report: report, printedLoss: model.mode == .article)
  }

  func svgPicture(_ kind: PictureKind, in session: Session, _ n: Notation, hooks: Hooks)
    throws(CommandError) -> String
  {
    switch kind {
    case .unroll: return UnrollPicture(state: session.state).svg(n)
    case .landscape: return try session.landscapePicture(columns: 96, rows: 72, hooks: hooks).svg(n)
    case .flow: return try session.flowSVG(n)
    case .plot, .loss: preconditionFailure("plot and plot loss are drawn for every model alike")
    }
  }

  static let torchSecondsPerTimestep = 50e-6

  func quizQuestions(after command: String, in session: Session) -> [LessonQuantity] {
    session.rnnQuizQuestions(after: command)
  }

  func mistakePaths(to q: LessonQuantity, right: Double, in session: Session)
    -> [(LessonMistake, Double)]
  {
    LessonMistake.rnnPaths(to: q, right: right, in: session)
  }

  func readOut(_ n: Notation, t: Int) -> String {
    "that is \(n.h(t)) alone; Eq. 2 multiplies it by \(n.w(3))"
  }
}

extension Session {
  /// The RNN's numbers the last `step` or `back` computed, in the order its screen shows them.
  func rnnQuizQuestions(after name: String) -> [LessonQuantity] {
    if name == "step" {
      guard let pass = state.forward, pass.t >= 1 else { return [] }
      var questions: [LessonQuantity] = [.hidden(pass.t)]
      if pass.isComplete, pass.architecture == .part2 {
        questions.append(.printable("yhat"))
        if state.target != nil { questions.append(.printable("loss")) }
      }
      return questions
    }
    switch state.backward?.steps.last {
    case .output(let r)?:
      return [.lossGradient] + (r.w3TermApplied ? [.w3Term] : []) + [
        .hiddenGradient(state.inputs.count)
      ]
    case .timestep(let r)?:
      return [.tmp(r.t), .w2Term(r.t), .w1Term(r.t), .hiddenGradient(r.t - 1)]
    case nil:
      return []
    }
  }
}

extension ForwardPass: SteppedForward {}

extension RNNState: PassModel {
  /// A step is three lines: a dozen fit, past that the first and last five.
  static let forwardShown = StepsShown()
  /// The output step and the first eleven timesteps, then the last.
  static let backwardShown = StepsShown(allUpTo: 13, head: 12, tail: 1)
  static func render(_ record: ForwardStep, in pass: ForwardPass, _ session: Session) -> String {
    session.renderForwardStep(record, in: pass)
  }
  static func renderOutput(_ pass: ForwardPass, _ session: Session) -> String {
    session.renderOutputIfComplete(pass)
  }
  static func render(_ record: BackwardStep, in pass: BackwardPass, _ session: Session) -> String {
    session.renderBackwardStep(record, in: pass)
  }
  static func renderGradientSummary(_ session: Session) -> String {
    session.renderGradientSummary()
  }
}

extension BackwardPass: PassGradients {}
