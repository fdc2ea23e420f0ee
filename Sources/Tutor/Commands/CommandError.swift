/// Everything a command can reject, written for the learner: what was wrong and what is
/// accepted. Each case carries the context its sentence needs; `description` renders them
/// all, so the wording of an error lives here and nowhere else.
public enum CommandError: Error, Equatable, Sendable, CustomStringConvertible {
  // The command line itself.
  case unknownCommand(String, suggestion: String?)
  /// The start of several commands' names.
  case ambiguousCommand(String, candidates: [String])
  case lineTooLong(bytes: Int)
  /// A command given the wrong words; the dispatcher fills in the command and its usage.
  case usage(command: String, usage: String, problem: UsageProblem)
  /// What an action throws when its words are wrong in a way its declared arguments cannot
  /// say (it depends on the state); the dispatcher turns it into `usage`.
  case badArguments(UsageProblem)

  // One argument.
  case notANumber(String, what: String)
  case notFinite(String, what: String)
  case notAWholeNumber(String, what: String, range: ClosedRange<Int>)
  case notASeed(String)
  case outOfRange(String, what: String, range: String)
  case unknownName(String, what: String, accepted: [String])
  /// `h1` for `h[1]`: a timestep name written as the article's subscripts read.
  case indexWithoutBrackets(String, meant: String, accepted: [String])
  /// A learning rate of 0 or less, which would not descend.
  case learningRateNotPositive(String, what: String)
  case notDisplayed(String, displayed: [String])

  // The state is not ready for the command.
  /// Part 1's cell (abs, no biases) is fixed; the generalised cell is Part 2's.
  case partOneCellFixed(command: String)
  /// Modes article and text run the article's own cell, which has only ReLU and no biases.
  case printedModeHasArticleCell(command: String, mode: String)
  /// `mode article|text` asked for while the generalised cell is in use; `cell` says how.
  case cellBeyondPrintedMode(mode: String, cell: String)
  case noTarget(command: String)
  case noDataset(command: String)
  case noCustomDataset
  case forwardComplete(t: Int)
  case backwardComplete
  case weightWouldOverflow(name: String, value: Double, learningRate: Double)
  case noPicture
  case noTraining
  case nothingToDraw
  /// A value `print` knows that has no value yet (`validateName` accepts these names).
  case valueNotComputed(String, hint: String)
  case targetNotSet
  case lossNeedsTarget
  case timestepNotComputed(String, forwardAt: Int)

  // Lessons.
  /// No lesson is installed; `tried` names every place the executable looked.
  case noLessons(tried: [String])
  case noLesson(command: String)
  case noQuestion
  case stepNotDone(remaining: [String])
  case firstStep
  indirect case brokenLesson(path: String, line: Int, reason: CommandError)

  // Files.
  case file(command: String, FileAccessError)
  case notAStateCommand(file: String, line: Int, name: String)
  case loadFailed(file: String, line: Int, error: String)
  /// A command of a `source`d file failed: `line` of `file`, the error it gave.
  case sourceFailed(file: String, line: Int, error: String)
  case sourceTooDeep(file: String)
  /// A state file `load` refuses as a whole (empty, damaged header, no end line, wrong
  /// count or checksum): `problem` says which, after the file's name.
  case stateFileRefused(file: String, problem: String)

  // Ctrl-C stopped a long command; nothing changed.
  case interruptedLoad(file: String, line: Int)
  case interruptedLandscape
  case interruptedExport
  /// Reaching step `step` (1-based) replays the lesson up to it.
  case interruptedLessonReplay(step: Int)
  case interruptedLessonAnswer

  /// Free text, for the throw sites not yet given a case of their own (the backward screens
  /// and lesson quantities).
  case notReady(String)
  /// A command the active model does not run, from its capability table.
  case notForModel(command: String, model: String, why: String)
  /// `answer` given a formula it cannot read: what is wrong, at which column of the text.
  case badFormula(problem: String, column: Int, text: String, detail: String?)
  /// `answer` given more text than a formula needs.
  case formulaTooLong(characters: Int, limit: Int)

  /// True for a name that exists but whose value is not computed yet.
  var isMissingValue: Bool {
    switch self {
    case .valueNotComputed, .targetNotSet, .lossNeedsTarget, .timestepNotComputed, .notReady:
      true
    default: false
    }
  }

  public var description: String {
    switch self {
    case .unknownCommand(let raw, let suggestion):
      let name = shown(raw)
      if let suggestion {
        return "unknown command '\(name)' — did you mean '\(suggestion)'? ('help' lists all)"
      }
      return "unknown command '\(name)' — type 'help' for the list of commands"
    case .ambiguousCommand(let raw, let candidates):
      return
        "ambiguous command '\(shown(raw))': the start of \(candidates.map { "'\($0)'" }.joined(separator: ", ")); type more of the name"
    case .lineTooLong(let bytes):
      return
        "the command is \(Parse.grouped(bytes)) bytes long; the limit is \(Parse.grouped(Limits.lineLength))"
    case .usage(let command, let usage, let problem):
      return "\(command): \(problem); usage: \(usage)"
    case .badArguments(let problem):
      return problem.description
    case .notANumber(let raw, let what):
      return "\(what): '\(shown(raw))' is not a number (write it like 0.5, -2 or 1e-3)"
    case .notFinite(let raw, let what):
      return "\(what): '\(shown(raw))' is not a finite number; give a finite value like 0.5"
    case .notAWholeNumber(let raw, let what, let range):
      return "\(what): '\(shown(raw))' is not a whole number; accepted: \(Parse.describe(range))"
    case .notASeed(let raw):
      return "seed: '\(shown(raw))' is not a whole number from 0 to \(UInt64.max)"
    case .outOfRange(let raw, let what, let range):
      return "\(what): \(shown(raw)) is out of range; accepted: \(range)"
    case .indexWithoutBrackets(let raw, let meant, let accepted):
      return
        "unknown name '\(shown(raw))' — did you mean '\(meant)'? accepted: \(accepted.joined(separator: ", "))"
    case .learningRateNotPositive(let raw, let what):
      let effect =
        Double(raw) == 0
        ? "leave the weights where they are" : "climb the loss instead of descending it"
      return "\(what): the learning rate must be greater than 0 (\(shown(raw)) would \(effect))"
    case .unknownName(let raw, let what, let accepted):
      return "unknown \(what) '\(shown(raw))'; accepted: \(accepted.joined(separator: ", "))"
    case .notDisplayed(let raw, let displayed):
      let list = displayed.isEmpty ? "nothing" : displayed.joined(separator: " ")
      return "undisplay: '\(shown(raw))' is not displayed; displayed: \(list)"
    case .partOneCellFixed(let command):
      return
        "\(command): Part 1's model is fixed (abs, no biases, ŷ rounded); the generalised cell is Part 2's: type 'model part2' first"
    case .printedModeHasArticleCell(let command, let mode):
      return
        "\(command): mode \(mode) runs the article's \(mode == "article" ? "code as printed, which has" : "equations as printed, which have") only ReLU and no biases; type 'mode exact' first (the generalised cell is beyond the article)"
    case .cellBeyondPrintedMode(let mode, let cell):
      return
        "mode \(mode): the article's \(mode == "article" ? "code as printed has" : "equations as printed have") only ReLU and no biases, but the cell has \(cell); 'reset cell' brings the article's cell back"
    case .noTarget(let command):
      return "\(command): no target y; set one with 'target Y'"
    case .noDataset(let command):
      return "\(command): no data set is loaded; type 'data slopes' or 'data zigzag'"
    case .noCustomDataset:
      return "data add: the loaded data set is not a custom one; 'data custom' starts one"
    case .forwardComplete(let t):
      return
        "step: the forward pass is complete (t = \(t)); type 'back' to start BPTT, or 'reset' to step again"
    case .backwardComplete:
      return
        "back: the backward pass is complete; 'grads' shows the sums, 'update' applies them, 'forward' starts a new pass"
    case .weightWouldOverflow(let name, let value, let lr):
      return
        "update: \(name) would become \(plainNumber(value)) with lr \(plainNumber(lr)) (its gradient is too large or not finite); nothing changed"
    case .noPicture:
      return
        "export: no picture drawn yet; draw one (unroll, plot, plot loss, landscape) or name it: export svg FILE plot"
    case .noTraining:
      return
        "plot loss: no training yet; 'train' runs one (e.g. 'train 2000'), then 'plot loss' draws its curve"
    case .nothingToDraw:
      return "landscape: no data set and no target; 'data slopes' loads one"
    case .valueNotComputed(let name, let hint):
      return "\(name) is not computed yet; \(hint)"
    case .targetNotSet:
      return "y is not set; 'target Y' sets it"
    case .lossNeedsTarget:
      return "loss needs a target; 'target Y' sets it"
    case .timestepNotComputed(let name, let t):
      return
        "\(name) is not computed yet: the forward pass is at t = \(t); type 'step' or 'forward'"
    case .noLessons(let tried):
      return "lesson: " + noLessonsSentence(tried: tried)
    case .noLesson(let command):
      return "\(command): no lesson is running; 'lessons' lists them, 'lesson N' starts one"
    case .noQuestion:
      return "answer: this step asks no question; 'next' goes on"
    case .stepNotDone(let remaining):
      return
        "next: this step is not done yet: \(remaining.joined(separator: "; ")); 'skip' moves on anyway"
    case .firstStep:
      return "prev: this is the lesson's first step"
    case .brokenLesson(let path, let line, let reason):
      return
        "\(path):\(line): this lesson's answer cannot be computed (\(reason.description)); 'check-lessons' reports it"
    case .file(let command, let error):
      return "\(command): \(visible(error.message, keepingLines: false))"
    case .notAStateCommand(let file, let line, let name):
      return
        "load: \(visible(file, keepingLines: false)), line \(line): '\(shown(name))' is not a state command; a saved file holds only \(StateFile.commandNames.joined(separator: ", "))"
    case .loadFailed(let file, let line, let error):
      return "load: \(visible(file, keepingLines: false)), line \(line): \(error)"
    case .sourceFailed(let file, let line, let error):
      return
        "source: \(visible(file, keepingLines: false)):\(line): \(error); nothing the file did was kept"
    case .sourceTooDeep(let file):
      return
        "source: \(visible(file, keepingLines: false)) would nest 'source' more than \(Limits.sourceDepth) deep (does it source itself?); nothing changed"
    case .stateFileRefused(let file, let problem):
      return "load: \(visible(file, keepingLines: false)) \(problem); nothing was loaded"
    case .interruptedLoad(let file, let line):
      return
        "load: interrupted at line \(line) of \(visible(file, keepingLines: false)); nothing was loaded"
    case .interruptedLandscape:
      return "landscape: interrupted; nothing was drawn"
    case .interruptedExport:
      return "export: interrupted; nothing was written"
    case .interruptedLessonReplay(let step):
      return "interrupted while the lesson replayed its steps up to step \(step); nothing changed"
    case .interruptedLessonAnswer:
      return "interrupted while the lesson computed its answer; nothing changed"
    case .notReady(let message):
      return message
    case .notForModel(let command, let model, let why):
      return
        "\(command) does not apply to \(model): \(why); type 'model part2' for Part 2's trainable RNN"
    case .badFormula(let problem, let column, let text, let detail):
      return "answer: \(problem) at column \(column) of `\(text)`"
        + (detail.map { "; " + $0 } ?? "")
    case .formulaTooLong(let characters, let limit):
      return
        "answer: \(characters) characters is longer than any formula; minirnn reads up to \(limit)"
    }
  }
}

/// What is wrong with a command's words, said after the command's name in a usage error.
public enum UsageProblem: Equatable, Sendable, CustomStringConvertible {
  /// Words given to a command that takes none.
  case takesNoArguments
  /// The words should be these (`one whole number`).
  case expected(String)
  /// No words at all where these were needed (`a name and a value`).
  case missing(String)
  /// A file name that must end in `ending`, which `opener` opens.
  case wrongEnding(String, ending: String, opener: String, example: String)
  /// A file name whose ending says another kind of file than the one `written`.
  case endingMismatch(String, written: String, ending: String, example: String)

  public var description: String {
    switch self {
    case .takesNoArguments: "takes no arguments"
    case .expected(let words): "expected \(words)"
    case .missing(let words): "missing \(words)"
    case .wrongEnding(let name, let ending, let opener, let example):
      "'\(shown(name))' does not end in \(ending), the name \(opener) opens; e.g. \(example)"
    case .endingMismatch(let name, let written, let ending, let example):
      "'\(shown(name))' would hold \(written), which is named \(ending); e.g. \(example)"
    }
  }
}
