import RNN

extension VectorState: SessionModel {
  static let word = "rnn"
  static let displayName = "the vector RNN"

  var word: String { "rnn \(size)" }

  /// `model rnn K`: K from 1 to 8, 2 if not given.
  static func make(_ args: [String]) throws(CommandError) -> VectorState {
    guard let text = args.first else { return VectorState() }
    return VectorState(size: try Parse.count(text, "model rnn", in: VectorWeights.sizes))
  }

  func introduction(_ n: Notation) -> String {
    let article =
      size == 1 ? "With K = 1, 'activation relu' and b = c = 0 it is the article's cell.\n" : ""
    return n.text(
      """
      model rnn \(size) (beyond the article): an RNN whose memory is a vector of K = \(size)
      unit\(size == 1 ? "" : "s"), one input and one output, as PyTorch's nn.RNN(1, \(size)) with nn.Linear(\(size), 1):
        aₜ = W_xh·xₜ + W_hh·hₜ₋₁ + b,  hₜ = φ(aₜ),  ŷₜ = w_y·hₜ + c
      Starts with W_hh = 0.9·I, W_xh = 1, w_y = 1/K, b = c = 0, φ = tanh and the
      article's loss on ŷₙ ('loss every' puts one at every step).
      'spectrum' shows W_hh's eigenvalues; 'set W_hh rotation 0.5 1.1' and
      'randomize' change W_hh.
      \(article)\(learningRateText(learningRate)). 'model part2' returns to the article's RNN.

      """)
  }

  static let commands = CommandTable.table(CommandTable.vectorCommands)
  var refusals: [String: String] { CommandTable.notForVector }

  func printableNames(in session: Session) -> [String] {
    printableNames(inputs: session.state.inputs, targets: session.state.targets)
  }

  var parameters: [(name: String, value: Double)] {
    model.weights.names.map { ($0.name, model.weights[$0]) }
  }

  var gradientsBeforeBackward: [(name: String, value: Double)] {
    guard let pass = backward else { return [] }
    return model.weights.names.map { ($0.name, model.gradients[$0] - pass.passGradients[$0]) }
  }

  func saveLines(in state: SessionState) -> [String] {
    let m = model
    var lines = [
      "activation \(m.activation.rawValue)",
      "loss \(m.loss.words)",
      "train bias \(m.trainsBiases ? "on" : "off")",
    ]
    for p in m.weights.names { lines.append("set \(p.name) \(m.weights[p].description)") }
    for p in m.weights.names where m.gradients[p] != 0 && backward == nil {
      lines.append("set \(p.name).g \(m.gradients[p].description)")
    }
    lines.append("set lr \(learningRate.description)")
    guard let forward, forward.t > 0 else { return lines }
    lines.append(forward.isComplete ? "forward" : "step \(forward.t)")
    guard let backward else { return lines }
    let names = m.weights.names
    lines += StateFile.backCommands(
      backward.handovers, steps: backward.steps.count, now: m.gradients,
      names: names.map(\.name)
    ) { g, i in g[names[i]] }
    return lines
  }

  func estimatedBytes(beyond previous: VectorState?, inputs: [Double]) -> Int {
    let k = size
    let perStep = MemoryLayout<VectorForwardStep>.stride + 6 * k * 8
    var total = MemoryLayout<VectorState>.stride + 2 * VectorWeights.count(size: k) * 8
    if let f = forward, f != previous?.forward { total += f.steps.count * perStep }
    if let b = backward, b != previous?.backward {
      total += b.steps.count * (perStep + (8 * k + k * k + VectorWeights.count(size: k)) * 8)
    }
    if let run = lastTraining, run != previous?.lastTraining {
      total +=
        run.history.points.count * 16 + run.path.points.count * VectorWeights.count(size: k) * 8
    }
    return total
  }

  func statusRows(in session: Session) -> [(String, String)] {
    [
      (
        "model",
        "rnn \(size) (beyond the article): K = \(size), \(model.activation.symbol), loss \(model.loss.words)"
      ),
      (
        "weights",
        "see 'weights'; gradients "
          + (model.gradients == model.gradients.zeroed ? "all 0" : "accumulated")
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
  }

  func changes(from previous: VectorState?, in session: Session) -> [String] {
    var parts: [String] = []
    let from = previous ?? VectorState(size: size)
    if from.model.weights != model.weights {
      parts.append("the vector RNN's parameters as they were")
    }
    if from.model.gradients != model.gradients {
      parts.append(
        model.gradients == model.gradients.zeroed
          ? "the vector RNN's gradients 0" : "the vector RNN's gradients as they were")
    }
    if from.model.activation != model.activation || from.model.loss != model.loss {
      parts.append("φ = \(model.activation.symbol), loss \(model.loss.words)")
    }
    if from.forward?.t != forward?.t || (from.forward == nil) != (forward == nil) {
      parts.append(
        forward.map { "the vector RNN's forward pass at t = \($0.t) of \($0.count)" }
          ?? "no vector RNN forward pass")
    }
    if from.backward?.steps.count != backward?.steps.count {
      parts.append(
        backward.map { "the vector RNN's BPTT after step \($0.steps.count) of \($0.count)" }
          ?? "no vector RNN backward pass")
    }
    if from.learningRate != learningRate {
      parts.append("vector RNN " + learningRateText(learningRate))
    }
    return parts
  }

  func differences(from lesson: VectorState, _ n: Notation) -> [(String, String, String)] {
    guard lesson.size == size else {
      return [("K = ", String(lesson.size), String(size))]
    }
    var rows: [(String, String, String)] = []
    for p in model.weights.names where lesson.model.weights[p] != model.weights[p] {
      rows.append(("\(p.name) = ", n.value(lesson.model.weights[p]), n.value(model.weights[p])))
    }
    if lesson.model.activation != model.activation {
      rows.append(("φ = ", lesson.model.activation.symbol, model.activation.symbol))
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
    case .plot, .loss: preconditionFailure("plot and plot loss are drawn for every model alike")
    case .unroll: return VectorUnrollPicture(state: session.state).svg(n)
    case .flow: return try session.vectorFlowSVG(n)
    case .landscape:
      throw .notForModel(
        command: "export svg \(kind)", model: Self.displayName,
        why: "its pictures are 'unroll', 'flow', 'plot' and 'plot loss'")
    }
  }

  func predict(_ inputs: [Double]) -> Double { model.predict(inputs) }

  var cellActivation: Activation? { model.activation }

  /// After `step`: a_t and h_t unit by unit (the first two units), ŷ_t, and L once the pass
  /// is complete. After `back`: ∂L/∂ŷ and c's sum at the output step; at a timestep, the
  /// sums of b (∂L/∂a_t's units added in) and W_hh[1,1].
  func quizQuestions(after command: String, in session: Session) -> [LessonQuantity] {
    let units = 1...min(size, 2)
    if command == "step" {
      guard let pass = forward, pass.t >= 1 else { return [] }
      let t = pass.t
      var names = units.map { "a[\(t)][\($0)]" } + units.map { "h[\(t)][\($0)]" } + ["yhat[\(t)]"]
      if pass.isComplete, case .success = targets(in: session.state) { names.append("loss") }
      return names.map { .printable($0) }
    }
    switch backward?.steps.last {
    case .output?: return [.lossGradient, .printable("c.g")]
    case .timestep?:
      return (units.map { "b[\($0)].g" } + ["W_hh[1,1].g"]).map { .printable($0) }
    case nil: return []
    }
  }

  /// ∂L/∂ŷ is the vector RNN's own: the output step's.
  func value(of q: LessonQuantity, in session: Session) throws(CommandError) -> Double? {
    // A lesson's question about a gradient (`c.g`) means the sums of a backward pass: once
    // a change cleared the passes, the gradients left over are an old pass's, not an answer.
    if case .printable(let name) = q, name.hasSuffix(".g"),
      case .parameter(_, gradient: true)? = VectorName.parse(name), backward == nil
    {
      throw .notReady(
        "\(name): no backward pass since the last change cleared it; 'forward' then 'backward' computes the gradients again"
      )
    }
    guard case .lossGradient = q else { return nil }
    guard case .output(let o)? = backward?.steps.first else {
      throw .notReady("dL/dyhat: no backward pass yet; 'back' computes it")
    }
    return o.lossGradient
  }

  func readOut(_ n: Notation, t: Int) -> String {
    "that is \(n.h(t)) alone; \(n.yhat) = w_y\(n.times)\(n.h(t)) + c"
  }
}

extension VectorForwardPass: SteppedForward {}

extension VectorState: PassModel {
  /// A step is K lines or more: past four, the first two and the last two.
  static let forwardShown = StepsShown(allUpTo: 4, head: 2, tail: 2)
  /// The output step and the last timestep handled; 'grads' tables every one.
  static let backwardShown = StepsShown(allUpTo: 2, head: 1, tail: 1)

  static func render(_ record: VectorForwardStep, in pass: VectorForwardPass, _ session: Session)
    -> String
  {
    session.renderVectorForwardStep(record, in: pass)
  }

  static func renderOutput(_ pass: VectorForwardPass, _ session: Session) -> String {
    session.renderVectorOutputIfComplete(pass)
  }

  static func render(
    _ record: VectorBackwardStep, in pass: VectorBackwardPass, _ session: Session
  ) -> String {
    session.renderVectorBackwardStep(record, in: pass)
  }

  static func renderGradientSummary(_ session: Session) -> String {
    "gradients\n" + session.renderVectorGradientSummary()
  }

  func startBackward(_ forward: VectorForwardPass, _ command: String, in state: SessionState)
    throws(CommandError) -> VectorBackwardPass
  {
    switch targets(in: state) {
    case .success(let ys): return model.startBackward(forward, targets: ys)
    case .failure(let error):
      if case .noTarget = error { throw .noTarget(command: command) }
      throw error
    }
  }
}
