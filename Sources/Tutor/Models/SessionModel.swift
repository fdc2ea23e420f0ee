import RNN

/// A model the shell can run: the article's RNN (Part 1 or Part 2), the LSTM, or any other
/// recurrent model. The shared shell (dispatcher, `print`, `save`, `undo`, `status`, the
/// pictures every model has, lessons and the quiz) speaks to the active model through this
/// protocol alone; what a model shows for `step`, `back`, `grads`, … are its own commands.
///
/// A conformance is a value holding the model's parameters, its passes in progress or done,
/// its learning rate and its last training run. `SessionState.rnn` holds the article's RNN
/// (kept while another model is active, so `model part2` returns to it as it was);
/// `SessionState.other` holds another model while it is the active one.
///
/// To add a model: its math in `Sources/RNN`; a conformance in `Models/NAME/` with its
/// commands (`commands`: the same names and arguments as the RNN's, over its own screens)
/// and the requirements below; register it in `Session.modelCatalog` (or pass it to
/// `Session.init`). Nothing outside its folder changes.
protocol SessionModel: Sendable, Equatable {
  /// The word `model WORD` chooses it by (`lstm`).
  static var word: String { get }
  /// How a refusal names it: `the LSTM`.
  static var displayName: String { get }
  /// The model as `model WORD` starts it.
  init()
  /// The model as `model WORD ARGS…` starts it (`model rnn 3`); `init()` when a model takes
  /// no words after its own.
  static func make(_ args: [String]) throws(CommandError) -> Self
  /// What `model WORD` prints: the model in a few lines, with its sources.
  func introduction(_ n: Notation) -> String

  /// Its versions of the model commands (`step`, `back`, `train`, …), by name: the same
  /// names and arguments as the RNN's, over its own records and screens. Built once.
  static var commands: [String: Command] { get }
  /// The capability table's rows for the RNN's commands it has no version of: why it
  /// refuses each (`mode` → "its modes run the article's printed RNN code"). A command of
  /// the RNN's it neither runs nor names here is refused with a general reason.
  var refusals: [String: String] { get }

  /// The word `model is WORD` (a lesson's condition) and `status` name it by now.
  var word: String { get }
  /// How a refusal names it now (`Part 1's model`); `displayName` unless it says otherwise.
  var name: String { get }

  /// The names `print` and `display` accept, for Tab.
  func printableNames(in session: Session) -> [String]
  /// The entries a name of a whole vector or matrix stands for (`print W_hh` lists them one
  /// `NAME = VALUE` line each), or nil for a name of one value.
  func entries(of name: String) -> [String]?
  /// The value `print NAME` shows, or the error that says why there is none.
  func value(of name: String, in session: Session) throws(CommandError) -> Double
  /// Its parameters, by the names `set` takes, with their values: for the finiteness check
  /// before `train` and `update`, and the points a formula answer is graded at.
  var parameters: [(name: String, value: Double)] { get }
  /// Each parameter's gradient as it was before the backward pass in progress or done
  /// started (empty without one), so a graded copy can start its pass from the same sums.
  var gradientsBeforeBackward: [(name: String, value: Double)] { get }

  /// How far the forward pass has stepped (t of count), if one was started.
  var forwardProgress: (t: Int, count: Int)? { get }
  /// How many BPTT steps the backward pass has taken (of count), if one was started.
  var backwardProgress: (steps: Int, count: Int)? { get }
  /// Forgets both passes: they were computed with other parameters or data.
  mutating func clearPasses()
  /// Forgets the backward pass: the target changed.
  mutating func clearBackward()

  /// The state commands that rebuild it, after `model WORD` (which `save` writes first).
  func saveLines(in state: SessionState) -> [String]
  /// Bytes its buffers hold beyond those `previous` (the moment before) shares.
  func estimatedBytes(beyond previous: Self?, inputs: [Double]) -> Int
  /// `status`'s rows for the model, its passes and its training.
  func statusRows(in session: Session) -> [(String, String)]
  /// What differs from `previous`, for `undo` (nil: it was not the model before).
  func changes(from previous: Self?, in session: Session) -> [String]
  /// The lesson's state and the learner's differ: the differences of this model's own
  /// settings, as (what, the lesson's, the learner's).
  func differences(from lesson: Self, _ n: Notation) -> [(String, String, String)]

  /// The prediction for an input sequence, for `plot`.
  func predict(_ inputs: [Double]) -> Double
  /// The curve of the last training run, for `plot loss`.
  func lossPicture() throws(CommandError) -> LossPicture
  /// One of its pictures as SVG (unroll, flow, landscape; `plot` and `plot loss` are shared).
  func svgPicture(_ kind: PictureKind, in session: Session, _ n: Notation, hooks: Hooks)
    throws(CommandError) -> String
  /// PyTorch's time per timestep of training, for the estimate `export torch --train` prints.
  static var torchSecondsPerTimestep: Double { get }

  /// The numbers the last `step` or `back` computed, in the order its screen shows them.
  func quizQuestions(after command: String, in session: Session) -> [LessonQuantity]
  /// The wrong paths to a lesson quantity this model knows (its catalogue of mistakes).
  func mistakePaths(to q: LessonQuantity, right: Double, in session: Session)
    -> [(LessonMistake, Double)]
  /// A lesson quantity whose value this model computes its own way (∂L/∂ŷ, ∂L/∂hₜ), or nil.
  func value(of q: LessonQuantity, in session: Session) throws(CommandError) -> Double?
  /// How the read-out makes ŷ from hₜ, for the mistake "that is hₜ alone".
  func readOut(_ n: Notation, t: Int) -> String
  /// The φ of hₜ = φ(aₜ) that `activation` sets, for a lesson's `activation is …`; nil for a
  /// model without one (the LSTM's gates are fixed).
  var cellActivation: Activation? { get }
}

/// What a model does with a command: runs its own version, refuses it (a row of its
/// capability table), or leaves it to the shared shell.
enum Capability {
  case own(Command)
  case refused(model: String, why: String)
  case shared
}

extension SessionModel {
  /// What this model does with the command `name` (a command's name, not an alias).
  func capability(_ name: String) -> Capability {
    if let why = refusals[name] { return .refused(model: self.name, why: why) }
    if let own = Self.commands[name] { return .own(own) }
    // A model command (one the RNN runs its own way) with no version and no row: refused,
    // saying whose it is.
    if RNNState.commands[name] != nil {
      return .refused(model: self.name, why: "it is one of the article's RNN's commands")
    }
    return .shared
  }

  /// Equality across conformances: false when `other` is another model.
  func isEqual(to other: any SessionModel) -> Bool {
    (other as? Self) == self
  }

  static func make(_ args: [String]) throws(CommandError) -> Self {
    guard args.isEmpty else {
      throw .badArguments(.expected("nothing after 'model \(word)'"))
    }
    return Self()
  }
  var refusals: [String: String] { [:] }
  func entries(of name: String) -> [String]? { nil }
  var word: String { Self.word }
  var name: String { Self.displayName }
  var gradientsBeforeBackward: [(name: String, value: Double)] { [] }
  func estimatedBytes(beyond previous: Self?, inputs: [Double]) -> Int {
    MemoryLayout<Self>.stride
  }
  func differences(from lesson: Self, _ n: Notation) -> [(String, String, String)] {
    lesson.parameters.indices.compactMap { i in
      let (theirs, ours) = (lesson.parameters[i], parameters[i])
      return theirs.value == ours.value
        ? nil : ("\(theirs.name) = ", n.value(theirs.value), n.value(ours.value))
    }
  }
  func changes(from previous: Self?, in session: Session) -> [String] { [] }
  static var torchSecondsPerTimestep: Double { 100e-6 }
  func quizQuestions(after command: String, in session: Session) -> [LessonQuantity] {
    []
  }
  func mistakePaths(to q: LessonQuantity, right: Double, in session: Session)
    -> [(LessonMistake, Double)]
  { [] }
  func value(of q: LessonQuantity, in session: Session) throws(CommandError) -> Double? {
    nil
  }
  func readOut(_ n: Notation, t: Int) -> String {
    "\(n.yhat) is read out from \(n.h(t))"
  }
  var cellActivation: Activation? { nil }
}

/// A model other than the article's RNN, as the state holds it: one value of any
/// conformance, compared through the protocol.
struct OtherModel: Equatable, Sendable {
  var model: any SessionModel
  init(_ model: any SessionModel) { self.model = model }
  static func == (a: OtherModel, b: OtherModel) -> Bool { a.model.isEqual(to: b.model) }
}

extension SessionState {
  /// The active model: the one in `other` while there is one, the article's RNN otherwise.
  var active: any SessionModel { other?.model ?? rnn }

  /// The active model, which the caller knows is an `M` (a command of `M`'s own runs only
  /// while `M` is active: the dispatcher chose it). The RNN when no other model is active.
  subscript<M: SessionModel>(active _: M.Type) -> M {
    get {
      guard let m = active as? M else {
        preconditionFailure("a command of \(M.word) ran while \(M.word) was not the model")
      }
      return m
    }
    set {
      if other == nil, let rnn = newValue as? RNNState {
        self.rnn = rnn
      } else {
        other = OtherModel(newValue)
      }
    }
  }

  /// Forgets the forward and backward passes of every model (they were computed with
  /// other weights or data).
  mutating func clearPasses() {
    rnn.clearPasses()
    other?.model.clearPasses()
  }

  /// Forgets the backward passes: the target changed.
  mutating func clearBackward() {
    rnn.clearBackward()
    other?.model.clearBackward()
  }
}

extension CommandTable {
  /// The command `name` runs with `model`: its own version where it has one, a refusal from
  /// its capability table for a model command it does not run, the shared command otherwise.
  /// The one place the dispatcher, `load`, help and Tab ask which model it is.
  static func lookup(_ name: String, model: any SessionModel) -> Command? {
    guard let command = lookup(name) else { return nil }
    return version(of: command, for: model)
  }

  /// `command` as `model` runs it.
  static func version(of command: Command, for model: any SessionModel) -> Command {
    switch model.capability(command.name) {
    case .own(let own): return own
    case .shared: return command
    case .refused(let name, let why): return refusal(of: command, by: name, why: why)
    }
  }

  /// `command` refused by `model`, with its row of the capability table.
  private static func refusal(of command: Command, by model: String, why: String) -> Command {
    Command(
      name: command.name, aliases: command.aliases, usage: command.usage,
      summary: "(\(model) refuses it) " + command.summary,
      details: command.details, example: command.example, section: command.section,
      arguments: .any(completion: command.arguments.completion),
      allowedInLessons: command.allowedInLessons
    ) { _, _, _ throws(CommandError) -> String in
      throw .notForModel(command: command.name, model: model, why: why)
    }
  }

  /// A help group as `model` runs it: each command's version for it.
  static func helpGroup(
    _ group: (title: String, commands: [Command]), for model: any SessionModel
  ) -> (title: String, commands: [Command]) {
    (group.title, group.commands.map { version(of: $0, for: model) })
  }

  /// Builds a model's `commands` table from its list.
  static func table(_ commands: [Command]) -> [String: Command] {
    Dictionary(commands.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
  }
}

extension SessionModel {
  /// `estimatedBytes(beyond:inputs:)` with the moment before's model, whatever it was.
  func estimatedBytes(beyondAny previous: (any SessionModel)?, inputs: [Double]) -> Int {
    estimatedBytes(beyond: previous as? Self, inputs: inputs)
  }

  /// `changes(from:in:)` with the model the state before had, whatever it was.
  func changes(fromAny previous: (any SessionModel)?, in session: Session) -> [String] {
    changes(from: previous as? Self, in: session)
  }

  /// `differences(from:_:)` when the lesson's model is this one too, else none.
  func differences(fromAny lesson: any SessionModel, _ n: Notation) -> [(String, String, String)] {
    guard let lesson = lesson as? Self else { return [] }
    return differences(from: lesson, n)
  }
}
