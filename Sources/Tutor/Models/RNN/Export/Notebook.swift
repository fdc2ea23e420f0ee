import RNN

/// `export notebook FILE.ipynb [--force]`: the session so far, or the lesson running now, as
/// a Jupyter notebook (nbformat 4): screens and lesson prose as Markdown, and after each
/// forward pass, backward pass and training run a code cell that recomputes it in PyTorch, so
/// "Run all" prints the same numbers.
///
/// The code cells come from replaying the commands in a scratch session, which knows the
/// weights, inputs and gradients each command started from. A session's transcript is
/// replayed from a fresh state; a lesson's steps from the states the lesson itself gives
/// them. A session the replay cannot rebuild (one that loaded a file, ran a lesson, was
/// stopped by Ctrl-C, or is longer than the transcript keeps) gets its screens, and one code
/// cell for its state as it is now.
struct Notebook {
  /// A cell of the notebook.
  struct Cell: Equatable {
    enum Kind: String { case markdown, code }
    var kind: Kind
    var source: String
    /// For a code cell that recomputes a command: the command.
    var command: String?
    /// For a lesson's code cell: the minirnn line that reaches the same numbers
    /// (`lesson 3; goto 2; forward`).
    var minirnnLine: String?
  }

  private(set) var cells: [Cell] = []
  /// What the notebook holds, for the message: "this session (12 commands)".
  private(set) var contents = ""
  /// Screens waiting to go into the next Markdown cell.
  private var screens: [String] = []
  /// Model definitions already in a cell.
  private var defined: Set<String> = []
  /// The accumulated gradients when the backward pass in progress started.
  private var passStart = Gradients.zero
  /// The longest training cell, when one would keep PyTorch busy for more than a minute.
  private var longestTraining: TorchTrainingTime?

  static let file = ExportedFile(
    command: "export notebook", usage: "export notebook FILE.ipynb [--force]",
    example: "export notebook session.ipynb",
    isOurs: { text in text.contains("\"\(metadataKey)\"") })

  /// The notebook metadata key that marks a notebook as minirnn's.
  static let metadataKey = "minirnn_export"

  /// Commands the replay leaves out: they change nothing a code cell needs.
  static let notReplayed: Set<String> = ["export", "save", "quit", "help", "h", "?"]
  /// Commands that bring in state the transcript does not hold.
  static let breaksReplay: Set<String> = ["load"]

  /// Runs `export notebook` with the words after `notebook`.
  ///
  /// Ctrl-C (`hooks`) stops the replay (a `train` in it may take long) and writes nothing.
  static func export(_ args: [String], session: Session, hooks: Hooks = .none)
    throws(CommandError) -> String
  {
    let arguments = try Self.arguments(args)
    let notebook: Notebook
    if let run = session.lessonBook.run {
      notebook = try Notebook(lesson: run, hooks: hooks)
    } else {
      notebook = try Notebook(session: session, hooks: hooks)
    }
    return try write(
      notebook.json(session.state), arguments, session, contents: notebook.contents,
      pythonCells: notebook.cells.filter { $0.command != nil }.count,
      note: notebook.longestTraining?.note("its longest training cell") ?? "")
  }

  /// Every model's `export notebook` arguments (the words after `notebook`): a file whose
  /// name ends in `.ipynb`, and `--force`.
  static func arguments(_ args: [String]) throws(CommandError) -> ExportedFile.Arguments {
    let arguments = try file.parse(args, allowsTraining: false)
    guard arguments.path.hasSuffix(".ipynb") else {
      throw .usage(
        command: file.command, usage: file.usage,
        problem: .wrongEnding(
          arguments.path, ending: ".ipynb", opener: "Jupyter",
          example: "export notebook session.ipynb"))
    }
    return arguments
  }

  /// Writes a notebook's JSON to the file `arguments` name and says what it wrote: what the
  /// notebook holds (`contents`), how many PyTorch cells recompute minirnn's numbers, and
  /// `note` (how long its training takes).
  static func write(
    _ json: String, _ arguments: ExportedFile.Arguments, _ session: Session, contents: String,
    pythonCells count: Int, note: String = ""
  ) throws(CommandError) -> String {
    let replaced = try file.write(
      json, to: arguments.path, force: arguments.force, files: session.files)
    return
      "\(replaced ? "replaced" : "wrote") \(shown(arguments.path)) with a notebook of \(contents), \(Parse.counted(count, "PyTorch cell")); open it in Jupyter and choose Run All\(note)\n"
  }

  /// The introduction: what the notebook is, where it came from, what it needs.
  private mutating func begin(title: String, from: String) {
    cells.append(
      Cell(
        kind: .markdown,
        source: """
          # \(title)

          Written by minirnn \(minirnnVersion) with `export notebook`, from \(from).

          Each minirnn screen appears as text; after each forward pass, backward pass and \
          training run comes a code cell that recomputes it with PyTorch (float64, on the CPU) \
          and prints its values as minirnn's `print NAME` does. It needs PyTorch \
          (`python3 -m pip install torch`).
          """))
    cells.append(Cell(kind: .code, source: torchPrelude))
  }

  /// The session's transcript, replayed from a fresh session.
  init(session: Session, hooks: Hooks = .none) throws(CommandError) {
    let state = session.state
    contents = "this session (\(Parse.counted(session.transcript.count, "command")))"
    begin(
      title: "A minirnn session, recomputed in PyTorch",
      from: "a session with \(TorchScript.sessionSummary(state))")
    var replay = Session(traits: .script, files: NoFileAccess())
    var replaying = true
    for entry in session.transcript {
      screens.append(transcriptBlock(entry))
      guard replaying, entry.error == nil else { continue }
      let name = CommandTable.lookup(replay.tokenize(entry.command).first ?? "")?.name ?? ""
      if Self.notReplayed.contains(name) { continue }
      if Self.breaksReplay.contains(name) || entry.output.contains("stopped by Ctrl-C") {
        replaying = false
        continue
      }
      let before = replay.state
      let result = replay.execute(entry.command, hooks: hooks)
      if hooks.shouldStop() { throw .interruptedExport }
      guard result.error == nil else {
        replaying = false
        continue
      }
      recompute(entry.command, before: before, after: replay.state)
    }
    flushScreens()
    if !replaying || replay.state != state || !cells.contains(where: { $0.command != nil }) {
      cells.append(
        Cell(
          kind: .markdown,
          source: replaying && replay.state == state
            ? "The session as it is now, recomputed:"
            : "This session could not be replayed command by command (it loaded a file, ran a lesson, was stopped by Ctrl-C, or is longer than minirnn keeps), so the cell below starts from its state as it is now."
        ))
      let backward = state.model.architecture == .part2 && state.target != nil
      addPass(
        TorchPass(
          weights: state.model.weights, gradients: .zero, inputs: state.inputs,
          target: state.target, backward: backward,
          targets: TorchScript.everyStepTargets(state, state.model.loss)),
        model: state.model, command: backward ? "zero; forward; backward" : "forward")
    }
  }

  /// Every step of a lesson: its prose, and its commands replayed from the state the
  /// lesson gives the step, as `lesson`, `prev` and `goto` do.
  init(lesson run: LessonRun, hooks: Hooks = .none) throws(CommandError) {
    var run = run
    let lesson = run.lesson
    contents = "lesson \(lesson.number) (\(lesson.stepCount) steps)"
    begin(title: lesson.title, from: "minirnn's lesson \(lesson.id)")
    screens += lesson.intro.compactMap(Self.markdown)
    for (k, step) in lesson.steps.enumerated() {
      screens.append("## \(step.title)")
      let entry: SessionState
      do { entry = try run.entryState(k, hooks: hooks) } catch { throw .interruptedExport }
      var player = LessonPlayer(state: entry)
      var line = "lesson \(lesson.number); goto \(k + 1)"
      for block in step.blocks {
        switch block {
        case .transcript(let commands):
          for command in commands {
            let before = player.state
            let output = player.run(command.command, hooks: hooks)
            if hooks.shouldStop() { throw .interruptedExport }
            screens.append(
              transcriptBlock(TranscriptEntry(command: command.command, output: output, error: nil))
            )
            line += "; " + command.command
            let count = cells.count
            recompute(command.command, before: before, after: player.state)
            if cells.count > count { cells[cells.count - 1].minirnnLine = line }
          }
        case .question:
          if let question = step.question { screens.append("**Question:** \(question.text)") }
        default:
          if let text = Self.markdown(block) { screens.append(text) }
        }
      }
    }
    flushScreens()
  }

  /// A lesson's prose or shown code as Markdown; nil for what runs or grades.
  private static func markdown(_ block: LessonBlock) -> String? {
    switch block {
    case .prose(let text): text
    case .code(let text): "```text\n\(text)\n```"
    default: nil
    }
  }

  /// Adds the code cell for `command`, if it completed a forward pass, a backward pass or a
  /// training run.
  private mutating func recompute(_ command: String, before: SessionState, after: SessionState) {
    if before.backward?.isComplete ?? true { passStart = before.model.gradients }
    let words = command.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
    let name = CommandTable.lookup(words.first ?? "")?.name ?? ""
    addCode(
      for: command, name: name, arguments: Array(words.dropFirst()), before: before,
      after: after, passStart: passStart)
  }

  /// The code cell for a command that completed a forward pass, a backward pass or a
  /// training run, if it did.
  private mutating func addCode(
    for command: String, name: String, arguments: [String], before: SessionState,
    after: SessionState, passStart: Gradients
  ) {
    switch name {
    case "step", "forward":
      guard let pass = after.forward,
        Self.completes(name, pass.isComplete, wasComplete: before.forward?.isComplete)
      else { return }
      let torch = TorchPass(
        weights: pass.weights, gradients: .zero, inputs: pass.inputs, target: after.target,
        backward: false, targets: TorchScript.everyStepTargets(after, after.model.loss))
      addPass(torch, model: after.model, command: command)
    case "back", "backward":
      guard let back = after.backward,
        Self.completes(name, back.isComplete, wasComplete: before.backward?.isComplete)
      else { return }
      let torch = TorchPass(
        weights: back.forward.weights, gradients: passStart, inputs: back.forward.inputs,
        target: back.target, backward: true, targets: back.loss.readsEveryStep ? back.targets : nil)
      addPass(torch, model: after.model, command: command)
    case "train":
      guard let data = before.dataset, after.lastTraining != before.lastTraining else { return }
      let epochs =
        (try? Parse.count(arguments.first ?? "", "train", in: 0...Limits.epochs))
        ?? MiniRnn.defaultEpochs
      let lr =
        arguments.count > 1
        ? ((try? Parse.number(arguments[1], "train")) ?? before.learningRate)
        : before.learningRate
      let run = TorchTraining(
        weights: before.model.weights, gradients: before.model.gradients, data: data,
        epochs: epochs, learningRate: lr)
      guard let code = before.model.torchCode.training(run) else { return }
      let time = TorchTrainingTime(data: data, epochs: epochs, model: RNNState.self)
      if time.isLong { longestTraining = max(longestTraining ?? time, time) }
      addCode(
        time.comment + code, definitions: before.model.torchCode.definitions, command: command)
    default: return
    }
  }

  /// Whether `name` completed a pass that is now complete if `isComplete`: `forward` and
  /// `backward` run a whole pass each time, `step` and `back` complete one only with the step
  /// that ends it.
  private static func completes(_ name: String, _ isComplete: Bool, wasComplete: Bool?) -> Bool {
    isComplete && (name == "forward" || name == "backward" || wasComplete != true)
  }

  private mutating func addPass(_ pass: TorchPass, model: MiniRnn, command: String) {
    addCode(model.torchCode.pass(pass), definitions: model.torchCode.definitions, command: command)
  }

  /// The pending screens, then the model's definitions if no cell has them yet, then `code`.
  private mutating func addCode(_ code: String, definitions: String, command: String) {
    flushScreens()
    if defined.insert(definitions).inserted {
      cells.append(Cell(kind: .code, source: definitions))
    }
    cells.append(Cell(kind: .code, source: "# minirnn> \(command)\n" + code, command: command))
  }

  private mutating func flushScreens() {
    guard !screens.isEmpty else { return }
    cells.append(Cell(kind: .markdown, source: screens.joined(separator: "\n\n")))
    screens = []
  }

  /// The notebook as nbformat 4.5 JSON.
  func json(_ state: SessionState) -> String {
    let model = state.model
    return Self.json(
      cells,
      metadata: [
        ("model", model.architecture.rawValue), ("mode", model.mode.rawValue),
        ("seed", String(state.seed)),
      ])
  }

  /// `cells` as nbformat 4.5 JSON, marked as minirnn's (`metadataKey`: which minirnn wrote
  /// it, then each of `metadata`'s fields in order, as strings).
  static func json(_ cells: [Cell], metadata: [(key: String, value: String)]) -> String {
    var text = "{\n \"metadata\": {\n"
    text += "  \"\(metadataKey)\": {\n"
    text +=
      ([("written_by", "minirnn \(minirnnVersion)")] + metadata).map {
        "   \(jsonString($0.key)): \(jsonString($0.value))"
      }.joined(separator: ",\n") + "\n  },\n"
    text +=
      "  \"kernelspec\": {\"display_name\": \"Python 3\", \"language\": \"python\", \"name\": \"python3\"},\n"
    text += "  \"language_info\": {\"name\": \"python\"}\n },\n"
    text += " \"nbformat\": 4,\n \"nbformat_minor\": 5,\n \"cells\": [\n"
    text += cells.enumerated().map { index, cell in
      var fields = [
        "\"cell_type\": \"\(cell.kind.rawValue)\"", "\"id\": \"cell-\(index + 1)\"",
      ]
      var metadata: [String] = []
      if let command = cell.command {
        metadata.append("\"minirnn_command\": \(jsonString(command))")
      }
      if let line = cell.minirnnLine { metadata.append("\"minirnn_line\": \(jsonString(line))") }
      fields.append("\"metadata\": {" + metadata.joined(separator: ", ") + "}")
      if cell.kind == .code { fields += ["\"execution_count\": null", "\"outputs\": []"] }
      fields.append("\"source\": \(jsonString(cell.source))")
      return "  {\n   " + fields.joined(separator: ",\n   ") + "\n  }"
    }.joined(separator: ",\n")
    return text + "\n ]\n}\n"
  }
}

/// `text` as a JSON string literal.
func jsonString(_ text: String) -> String {
  let escaped = text.escaped { scalar in
    switch scalar {
    case "\"": return "\\\""
    case "\\": return "\\\\"
    case "\n": return "\\n"
    case "\r": return "\\r"
    case "\t": return "\\t"
    case _ where scalar.value < 0x20 || scalar.value == 0x7F:
      let hex = String(scalar.value, radix: 16)
      return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
    default: return nil
    }
  }
  return "\"" + escaped + "\""
}
