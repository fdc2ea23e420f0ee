import RNN

/// A forward pass as the shared `step` and `forward` drive it: one timestep at a time to
/// `count`.
protocol SteppedForward: StepwiseForwardPass {
  var t: Int { get }
  var count: Int { get }
  var isComplete: Bool { get }
}

/// A model whose passes step one timestep at a time and record each step (the RNN, the
/// LSTM, each a `StepwiseModel` of the engine): `step`, `forward`, `back`, `backward`,
/// `states` and `grads` are written once for all of them, over the model's own screens for
/// one step.
protocol PassModel: SessionModel {
  associatedtype Engine: StepwiseModel where Engine.Forward: SteppedForward
  typealias Forward = Engine.Forward
  typealias Backward = Engine.Backward
  /// The engine's model: parameters and accumulated gradients.
  var model: Engine { get set }
  var forward: Forward? { get set }
  var backward: Backward? { get set }

  /// Which steps `forward` and `backward` show when they run many (one step's screen is a
  /// few lines for the RNN, a dozen for the LSTM).
  static var forwardShown: StepsShown { get }
  static var backwardShown: StepsShown { get }
  /// One forward step's screen, in the pass as it stands after it.
  static func render(_ record: Forward.Step, in pass: Forward, _ session: Session) -> String
  /// ŷ and the loss once the pass is complete; "" before.
  static func renderOutput(_ pass: Forward, _ session: Session) -> String
  /// One BPTT step's screen, in the pass as it stands after it.
  static func render(
    _ record: BackwardRecord<Backward.Output, Backward.Timestep>, in pass: Backward,
    _ session: Session
  ) -> String
  /// The gradients after `backward`.
  static func renderGradientSummary(_ session: Session) -> String
  /// A backward pass through the complete `forward` towards the session's targets, or the
  /// error `command` gives when they are missing.
  func startBackward(_ forward: Forward, _ command: String, in state: SessionState)
    throws(CommandError) -> Backward
}

extension PassModel {
  /// The loss reads ŷ_n alone: towards the label y.
  func startBackward(_ forward: Forward, _ command: String, in state: SessionState)
    throws(CommandError) -> Backward
  {
    guard let y = state.target else { throw .noTarget(command: command) }
    return model.startBackward(forward, target: y)
  }
}

extension PassModel where Engine: LossReadingModel {
  /// Towards the targets the model's loss reads: y alone for Eq. 1, y_1…y_n for a loss at
  /// every step.
  func startBackward(_ forward: Forward, _ command: String, in state: SessionState)
    throws(CommandError) -> Backward
  {
    model.startBackward(forward, targets: try state.lossTargets(model.loss, command: command).get())
  }
}

extension Session {
  /// `step [N]` for any pass model: N timesteps (fewer if the pass ends first), all shown up
  /// to 12, else the first and last 5; then ŷ and L once the pass is complete.
  mutating func stepForward<M: PassModel>(_: M.Type, _ args: [String]) throws(CommandError)
    -> String
  {
    let count = try stepCount(args, "step")
    let m = state[active: M.self]
    let pass = m.forward ?? m.model.startForward(state.inputs)
    guard !pass.isComplete else { throw .forwardComplete(t: pass.count) }
    return advanceForward(M.self, from: pass, steps: count, policy: StepsShown())
  }

  /// `forward` for any pass model: the rest of the pass (a new one if it was complete), the
  /// steps `M.forwardShown` shows, then ŷ and L.
  mutating func runForward<M: PassModel>(_: M.Type) -> String {
    let pass = state[active: M.self].forward
    return advanceForward(
      M.self, from: pass?.isComplete == true ? nil : pass, steps: .max, policy: M.forwardShown)
  }

  /// Steps the forward pass `pass` (a new one when nil) by up to `steps` timesteps, showing
  /// them as `policy` says; a new forward pass ends the backward pass.
  private mutating func advanceForward<M: PassModel>(
    _: M.Type, from pass: M.Forward?, steps: Int, policy: StepsShown
  ) -> String {
    var m = state[active: M.self]
    var pass = pass ?? m.model.startForward(state.inputs)
    let view = self
    let total = min(steps, pass.count - pass.t)
    let text = renderSteps(total, "states all", notation, policy: policy) { shown in
      let record = pass.step()!
      return shown ? M.render(record, in: pass, view) : ""
    }
    m.forward = pass
    m.backward = nil
    state[active: M.self] = m
    return text + M.renderOutput(pass, self)
  }

  /// The backward pass in progress, or a new one if the forward pass is complete and the
  /// target is set.
  func backwardPassToContinue<M: PassModel>(_ m: M, _ command: String) throws(CommandError)
    -> M.Backward
  {
    if let back = m.backward, !back.isComplete { return back }
    guard let forward = m.forward else {
      throw .notReady("\(command): no forward pass yet; type 'forward' (or 'step') first")
    }
    guard forward.isComplete else {
      throw .notReady(
        "\(command): the forward pass is at t = \(forward.t) of \(forward.count); finish it with 'forward'"
      )
    }
    return try m.startBackward(forward, command, in: state)
  }

  /// A warning when a new backward pass starts on top of gradients that are not zero.
  func accumulationNote<M: PassModel>(_ m: M, starting pass: M.Backward) -> String {
    guard pass.steps.isEmpty, m.model.gradients != m.model.gradients.zeroed else { return "" }
    return notation.styled(
      "note: the gradients are not zero, so this pass adds to them (they accumulate until 'zero', like the article's .g)",
      .note) + "\n"
  }

  /// `back [N]` for any pass model: N BPTT steps (fewer if the pass ends first), each shown
  /// in the pass as it stood then.
  mutating func stepBackward<M: PassModel>(_: M.Type, _ args: [String]) throws(CommandError)
    -> String
  {
    let count = try stepCount(args, "back")
    return try advanceBackward(M.self, "back", steps: count, policy: StepsShown())
  }

  /// `backward` for any pass model: the rest of BPTT, the steps `M.backwardShown` shows,
  /// then the gradients.
  mutating func runBackward<M: PassModel>(_: M.Type) throws(CommandError) -> String {
    try advanceBackward(M.self, "backward", steps: .max, policy: M.backwardShown)
      + M.renderGradientSummary(self)
  }

  /// Takes up to `steps` BPTT steps of the pass in progress (a new one after a complete
  /// forward pass), each shown in the pass as it stood then, as `policy` says; the note
  /// first when a new pass adds to gradients that are not zero.
  private mutating func advanceBackward<M: PassModel>(
    _: M.Type, _ command: String, steps: Int, policy: StepsShown
  ) throws(CommandError) -> String {
    var m = state[active: M.self]
    var pass = try backwardPassToContinue(m, command)
    let note = accumulationNote(m, starting: pass)
    let total = min(steps, pass.count - pass.steps.count)
    guard total > 0 else { throw .backwardComplete }
    let view = self
    let text = renderSteps(total, "grads all", notation, policy: policy) { shown in
      let record = pass.step(accumulatingInto: &m.model.gradients)!
      return shown ? M.render(record, in: pass, view) : ""
    }
    m.backward = pass
    state[active: M.self] = m
    return note + text
  }
}

/// A backward pass that keeps what it has added to the gradients itself.
protocol PassGradients: StepwiseBackwardPass {
  var passGradients: Gradients { get }
}

extension PassModel where Backward: PassGradients, Engine.Parameters: ParameterSet {
  /// Each parameter's gradient before the backward pass started: what it holds now less
  /// what the pass added.
  var gradientsBeforeBackward: [(name: String, value: Double)] {
    guard let pass = backward else { return [] }
    return Engine.Parameters.Name.allCases.map {
      ($0.rawValue, model.gradients[$0] - pass.passGradients[$0])
    }
  }
}

extension PassModel {
  func predict(_ inputs: [Double]) -> Double { model.predict(inputs) }
  var forwardProgress: (t: Int, count: Int)? { forward.map { ($0.t, $0.count) } }
  var backwardProgress: (steps: Int, count: Int)? { backward.map { ($0.steps.count, $0.count) } }
  mutating func clearPasses() {
    forward = nil
    backward = nil
  }
  mutating func clearBackward() { backward = nil }
}

extension CommandTable {
  // The pass commands every pass model runs, declared once; a model gives the words its
  // help says about one of its steps.

  /// `step [N]`.
  static func stepCommand<M: PassModel>(
    _: M.Type, summary: String, afterLast: String, section: String
  ) -> Command {
    repeatingCommand(
      "step", alias: "s", summary: summary,
      details: """
        An empty line at the prompt repeats it. After the last step, \(afterLast).
        'step N' takes N timesteps at once (fewer if the pass ends first), as gdb's does.
        """, section: section
    ) { session, args throws(CommandError) in try session.stepForward(M.self, args) }
  }

  /// `step [N]` or `back [N]`: a command an empty line repeats, taking a number of steps.
  private static func repeatingCommand(
    _ name: String, alias: String, summary: String, details: String, section: String,
    _ run: @escaping @Sendable (inout Session, [String]) throws(CommandError) -> String
  ) -> Command {
    Command(
      name: name, aliases: [alias], usage: "\(name) [N]", summary: summary, details: details,
      example: name, section: section, arguments: .atMost(1, "nothing or a number of steps"),
      repeatsOnEnter: true
    ) { session, args, _ throws(CommandError) in try run(&session, args) }
  }

  /// `forward`.
  static func forwardCommand<M: PassModel>(_: M.Type, section: String) -> Command {
    Command(
      name: "forward", usage: "forward",
      summary: "run the rest of the forward pass, then show ŷ and the loss",
      example: "forward", section: section
    ) { session, _, _ throws(CommandError) in
      session.runForward(M.self)
    }
  }

  /// `back [N]`.
  static func backCommand<M: PassModel>(
    _: M.Type, summary: String, eachStep: String, section: String
  ) -> Command {
    repeatingCommand(
      "back", alias: "b", summary: summary,
      details: eachStep + """

        Gradients accumulate across backward passes until 'zero'. An empty line repeats it.
        'back N' takes N steps at once (fewer if the pass ends first).
        """, section: section
    ) { session, args throws(CommandError) in try session.stepBackward(M.self, args) }
  }

  /// `backward`.
  static func backwardCommand<M: PassModel>(_: M.Type, section: String) -> Command {
    Command(
      name: "backward", usage: "backward",
      summary: "run the rest of BPTT, then show the gradients",
      example: "backward", section: section
    ) { session, _, _ throws(CommandError) in
      try session.runBackward(M.self)
    }
  }

  /// `states [all]` or `grads [all]`: a table per timestep, elided at a terminal past 100.
  static func tableCommand(
    _ name: String, summary: String, section: String,
    _ render: @escaping @Sendable (Session, _ elide: Bool) -> String
  ) -> Command {
    Command(
      name: name, usage: "\(name) [all]", summary: summary,
      details:
        "At a terminal, over 100 timesteps show the first and last 5; '\(name) all' shows all.",
      example: name, section: section,
      arguments: .atMost(1, "nothing or 'all'", completion: .words(["all"]))
    ) { session, args, _ throws(CommandError) in
      render(session, try session.elidesLongTables(args))
    }
  }
}
