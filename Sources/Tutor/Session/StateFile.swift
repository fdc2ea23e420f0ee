import RNN

/// The file `save` writes and `load` reads: the session state as a script of state commands,
/// between a header and an end line, so that a save loads back whole or not at all.
///
///     # minirnn-state 2: a minirnn session written by 'save'; 'load' reads it back
///     model part2
///     …
///     set lr 0.001
///     # end 12 lines, checksum fnv1a64 6f0c3b2a91d4e857
///
/// The header names the format and its version. The end line counts the lines before it and
/// gives their FNV-1a checksum (over the lines joined with LF, so a copy with CRLF line ends
/// still checks): a truncated file has no end line, and any change to a single byte changes
/// the checksum. Both are comments, so the file also runs as a script. A file without the
/// header is taken as a hand-written script of state commands, and `load` says it could not
/// be checked.
///
/// The forward and backward passes are kept as the commands that step them again (`step N`,
/// `forward`, `back N`), with the gradients each backward step was handed set before it, so
/// that the replay gives the same records bit for bit. Left out: the last training run
/// (`plot loss` needs a new `train`) and the quiz's score and waiting question.
public enum StateFile {
  static let format = "minirnn-state"
  static let version = 2
  static let header =
    "# \(format) \(version): a minirnn session written by 'save'; 'load' reads it back"

  /// The commands a state file may contain.
  static let commandNames = [
    "model", "mode", "set", "seed", "data", "sample", "input", "target", "precision", "display",
    "truncate", "clip", "activation", "train bias", "loss", "step", "forward", "back", "quiz",
    "lesson",
  ]

  /// The end line for `count` lines with checksum `sum`.
  static func endLine(count: Int, checksum sum: UInt64) -> String {
    let hex = String(sum, radix: 16)
    return
      "# end \(count) lines, checksum fnv1a64 \(String(repeating: "0", count: 16 - hex.count))\(hex)"
  }

  /// FNV-1a, 64 bits, over `lines`, each followed by LF.
  static func checksum<S: StringProtocol>(_ lines: some Sequence<S>) -> UInt64 {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for line in lines {
      // Through the contiguous bytes: a save of a large custom set is megabytes long.
      var text = String(line)
      text.withUTF8 { bytes in
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
      }
      hash = (hash ^ 0x0A) &* 0x100_0000_01B3
    }
    return hash
  }

  /// The state as the commands that rebuild it, in an order where each finds what it needs.
  static func commands(for state: SessionState) -> [String] {
    var lines = rnnHeader(for: state.rnn)
    let draws = state.generator.draws(since: state.seed)
    lines.append(draws == 0 ? "seed \(state.seed)" : "seed \(state.seed) after \(draws)")
    // What the data commands below leave as the current input and target.
    var input = SessionState().inputs
    var target = SessionState().target
    var targets = SessionState().targets
    var index: Int? = SessionState().sampleIndex
    /// `target Y` or `target Y1 … Yn`.
    func targetLine(_ s: Sample) -> String {
      "target " + (s.targets ?? [s.target]).map(\.description).joined(separator: " ")
    }
    if let d = state.dataset, d.name == "custom" {
      for (i, s) in d.samples.enumerated() {
        lines.append("input " + s.inputs.map(\.description).joined(separator: " "))
        lines.append(targetLine(s))
        lines.append(i == 0 ? "data custom" : "data add")
      }
      let last = d.samples[d.samples.count - 1]
      (input, target, targets, index) = (last.inputs, last.target, last.targets, d.samples.count - 1)
    } else if let d = state.dataset {
      lines.append("data \(d.dataWords)")
      let first = d.samples[0]
      (input, target, targets, index) = (first.inputs, first.target, first.targets, 0)
    }
    if let k = state.sampleIndex, let d = state.dataset, d.samples.indices.contains(k) {
      if k != index { lines.append("sample \(k + 1)") }
      let s = d.samples[k]
      (input, target, targets, index) = (s.inputs, s.target, s.targets, k)
    }
    // `input` and `target` also say the session no longer stands on a sample.
    var onSample = index != nil
    if state.inputs != input || state.sampleIndex == nil && onSample {
      lines.append("input " + state.inputs.map(\.description).joined(separator: " "))
      onSample = false
    }
    if let ys = state.targets, ys != targets || state.sampleIndex == nil && onSample {
      lines.append("target " + ys.map(\.description).joined(separator: " "))
    } else if let y = state.target,
      y != target || state.targets != targets || state.sampleIndex == nil && onSample
    {
      lines.append("target \(y.description)")
    }
    // The RNN's weights, cell, settings and passes, then the active model if it is another.
    lines += state.rnn.saveLines(in: state)
    if let other = state.other {
      lines.append("model \(other.model.word)")
      lines += other.model.saveLines(in: state)
    }
    lines.append("precision \(state.precision)")
    if !state.displays.isEmpty { lines.append("display " + state.displays.joined(separator: " ")) }
    return lines
  }

  /// `back N` for a backward pass of `steps` steps, each run of steps after the `set NAME.g`
  /// lines of the gradients it was handed (the first run's only where they are not 0, as
  /// after `load`'s fresh start), and last the gradients as they are `now` where they differ
  /// from what the last step left.
  static func backCommands<G>(
    _ log: Handovers<G>, steps: Int, now: G, names: [String], _ value: (G, Int) -> Double
  ) -> [String] {
    guard steps > 0 else { return [] }
    func values(_ g: G) -> [Double] { names.indices.map { value(g, $0) } }
    /// `set NAME.g` for each of `g`'s values whose bits differ from `left`'s.
    func setting(_ g: [Double], unless left: [Double]) -> [String] {
      names.indices.filter { left[$0].bitPattern != g[$0].bitPattern }
        .map { "set \(names[$0]).g \(g[$0].description)" }
    }
    var lines: [String] = []
    for (i, handover) in log.entries.enumerated() {
      let end = i + 1 < log.entries.count ? log.entries[i + 1].step : steps
      // Before the first step, `load`'s fresh gradients are 0; before a later run, what the
      // step before left.
      let before = handover.replaced.map(values) ?? Array(repeating: 0, count: names.count)
      lines += setting(values(handover.gradients), unless: before)
      lines.append("back \(end - handover.step)")
    }
    if let left = log.left { lines += setting(values(now), unless: values(left)) }
    return lines
  }

  /// The whole file for `state`: header, commands, end line.
  static func text(for state: SessionState) -> String { file(holding: commands(for: state)) }

  /// A state file holding these lines, as `save` writes one: header, the lines, end line.
  public static func file(holding lines: [String]) -> String {
    let lines = [header] + lines
    return (lines + [endLine(count: lines.count, checksum: checksum(lines))])
      .joined(separator: "\n") + "\n"
  }

  /// What a file holds: its commands, and a note when they could not be checked.
  struct Contents {
    var commands: [NumberedCommand]
    var note: String?
  }

  /// Checks `text`, read from `file`, and returns its commands; throws, saying what is
  /// wrong, for an empty file, a damaged header, a missing or wrong end line, or a command
  /// that is not a state command.
  static func contents(of text: String, file: String, hooks: Hooks = .none)
    throws(CommandError) -> Contents
  {
    let name = visible(file, keepingLines: false)
    func refused(_ problem: String) -> CommandError {
      .stateFileRefused(file: file, problem: problem)
    }
    var lines = splitLines(droppingByteOrderMark(text))
    while let last = lines.last, last.trimmingWhitespace().isEmpty { lines.removeLast() }
    guard !lines.isEmpty else { throw refused("is empty") }
    let endIndex = lines.lastIndex { $0.hasPrefix("# end ") }
    var note: String?
    if lines[0].hasPrefix("# \(format)") {
      let words = lines[0].dropFirst(2).split(separator: " ", maxSplits: 2)
      guard words.count >= 2, words[0] == format,
        let written = Int(words[1].hasSuffix(":") ? words[1].dropLast() : words[1])
      else { throw refused("has a damaged header (line 1)") }
      guard written <= version else {
        throw refused(
          "was written by a newer minirnn (format version \(written); this one reads version \(version))"
        )
      }
      guard written == version, lines[0] == header else {
        throw refused("has a damaged header (line 1)")
      }
      guard let endIndex else {
        throw refused("has no end line: it was cut short or is not a whole save")
      }
      guard endIndex == lines.count - 1 else {
        throw refused("has text after its end line (line \(endIndex + 2))")
      }
      let body = lines[..<endIndex]
      let words2 = lines[endIndex].split(separator: " ")
      guard words2.count == 7, let count = Int(words2[2]), count >= 0,
        let sum = UInt64(words2[6], radix: 16),
        lines[endIndex] == endLine(count: count, checksum: sum)
      else { throw refused("has a damaged end line (line \(endIndex + 1))") }
      guard count == body.count else {
        throw refused(
          "has \(body.count) lines before its end line, which says \(count): lines were lost or added"
        )
      }
      guard checksum(body) == sum else {
        throw refused("does not match its checksum: it was changed or damaged after it was saved")
      }
    } else if let endIndex {
      throw refused(
        "has an end line (line \(endIndex + 1)) but no '\(format)' header: its first line is damaged"
      )
    } else {
      note =
        "note: \(name) has no '\(format)' header, so it could not be checked for damage; it ran as a hand-written script of state commands, from a fresh session"
    }
    var commands: [NumberedCommand] = []
    for (index, line) in lines.enumerated() {
      // Polled on every line: a line may be a megabyte long.
      if hooks.shouldStop() { throw interrupted(at: index + 1, file) }
      for command in splitCommands(line) {
        // The first two words are all it needs; the bytes are split, as `tokenize` does.
        let words = command.utf8.split(maxSplits: 2, whereSeparator: { $0 == 0x20 || $0 == 0x09 })
          .map { String(Substring($0)) }
        var word = words.first ?? ""
        // Of `train`, a save holds only its setting `train bias on|off`, never a run.
        if word == "train" && words.count > 1 && words[1] == "bias" { word = "train bias" }
        guard commandNames.contains(word) else {
          throw .notAStateCommand(file: file, line: index + 1, name: word)
        }
        commands.append(NumberedCommand(number: index + 1, text: command))
      }
    }
    guard !commands.isEmpty else { throw refused("holds no commands") }
    return Contents(commands: commands, note: note)
  }

  /// Ctrl-C stopped `load` at line `line`.
  static func interrupted(at line: Int, _ file: String) -> CommandError {
    .interruptedLoad(file: file, line: line)
  }
}

extension Session {
  /// The session state as a state file (what `save` writes): the state, then the quiz and
  /// the lesson step if either is on.
  public func stateScript() -> String {
    var lines = StateFile.commands(for: state)
    if quiz != nil { lines.append("quiz on") }
    if let run = lessonBook.run {
      // Where in the step the learner is: commands typed, hints seen, wrong tries, and
      // whether its question is settled, so that 'next' and 'hint' go on as before.
      lines.append(
        "lesson \(run.lesson.id) step \(run.step + 1) typed \(run.typed) hints \(run.hintsShown)"
          + " tries \(run.wrongTries) \(run.answered ? "answered" : "open")")
    }
    return StateFile.file(holding: lines)
  }

  /// `load`: the state file `text` read from `file`, and what the command prints.
  mutating func load(_ text: String, file: String, hooks: Hooks) throws(CommandError) -> String {
    let (count, note) = try loadStateScript(text, file: file, hooks: hooks)
    let commands = Parse.counted(count, "command")
    return "loaded \(visible(file, keepingLines: false)) (\(commands))\n"
      + (note.map { $0 + "\n" } ?? "") + passProgress()
  }

  /// True when `source` starts with save's header (after a byte order mark, if any): a save,
  /// which a script runs as `load` does.
  public static func isSave(_ source: String) -> Bool {
    source.drop { $0 == "\u{FEFF}" }.hasPrefix("# \(StateFile.format) ")
  }

  /// A save given as a script (`minirnn FILE` where FILE starts with save's header): loaded as
  /// `load` loads it, checked whole and holding state commands only, or refused with a hint;
  /// a crafted save never runs `export` or `save` that way.
  public mutating func runSave(_ text: String, file: String, hooks: Hooks = .none)
    -> CommandResult
  {
    do throws(CommandError) {
      let output = try load(text, file: file, hooks: hooks)
      return CommandResult(output: traits.quiet ? "" : output)
    } catch {
      return CommandResult(
        error: visible(
          error.description
            + "; a file that starts with save's header runs only as 'load' runs it, so open it with 'load'",
          keepingLines: false))
    }
  }

  /// Loads a state file: runs its commands on a fresh state and keeps the result only if
  /// every one of them succeeded and Ctrl-C (`hooks`) did not stop it.
  ///
  /// - Returns: the number of commands, and the note for a file that could not be checked.
  mutating func loadStateScript(_ text: String, file: String, hooks: Hooks = .none)
    throws(CommandError) -> (count: Int, note: String?)
  {
    let contents = try StateFile.contents(of: text, file: file, hooks: hooks)
    var loader = self
    loader.state = SessionState()
    loader.quiz = nil
    loader.lessonBook.run = nil
    loader.isLoadingState = true
    var lessonStep: (lesson: Lesson, step: Int, progress: SavedStepProgress)?
    var notes = contents.note.map { [$0] } ?? []
    for command in contents.commands {
      // Polled before every command: one `input` of 10,000 values takes a large part of a
      // second, so a count of commands between polls is no bound on the time.
      if hooks.shouldStop() {
        throw StateFile.interrupted(at: command.number, file)
      }
      do throws(CommandError) {
        let words = tokenize(command.text)
        if words.first == "lesson" {
          // The lesson is entered once the state is whole, in the state the save kept.
          switch try savedLessonStep(Array(words.dropFirst())) {
          case .found(let lesson, let step, let progress): lessonStep = (lesson, step, progress)
          case .notInstalled(let name):
            notes.append(
              "note: the save was made in lesson \(visible(name, keepingLines: false)), which is not installed here; the session loaded without it"
            )
          }
        } else {
          try loader.applyStateCommand(command.text)
        }
      } catch {
        throw .loadFailed(file: file, line: command.number, error: error.description)
      }
    }
    state = loader.state
    quiz = loader.quiz
    lastRepeatable = nil
    if let (lesson, step, progress) = lessonStep {
      if lessonBook.run == nil && lessonBook.stateBeforeLesson == nil {
        lessonBook.stateBeforeLesson = state
      }
      var run = lessonBook.run?.lesson.id == lesson.id ? lessonBook.run! : LessonRun(lesson: lesson)
      run.step = step - 1
      run.typed = progress.typed
      run.hintsShown = progress.hints
      run.wrongTries = progress.tries
      run.answered = progress.answered
      run.announcedDone = lessonBook.progress.records[lesson.id]?.done.contains(step) ?? false
      lessonBook.run = run
      lessonBook.updateProgress(of: lesson.id) { $0.step = step }
      notes.append(
        "in lesson \(Lesson.twoDigits(lesson.number)) (\(visible(lesson.title, keepingLines: false))), step \(step) of \(lesson.steps.count), where the save was made; 'where' shows the step"
      )
    } else if let run = lessonBook.run {
      lessonBook.run = nil
      notes.append(
        "left lesson \(Lesson.twoDigits(run.lesson.number)): the save was made outside it; 'lesson' resumes it at step \(run.step + 1)"
      )
    }
    return (contents.commands.count, notes.isEmpty ? nil : notes.joined(separator: "\n"))
  }

  /// A save's `lesson ID step K typed T hints H tries W answered|open` line (the words after
  /// K are optional: a hand-written `lesson ID step K` starts the step afresh).
  private enum SavedLessonStep {
    case found(Lesson, step: Int, SavedStepProgress)
    case notInstalled(String)
  }

  private func savedLessonStep(_ words: [String]) throws(CommandError) -> SavedLessonStep {
    let usage = "'lesson ID step K [typed T hints H tries W answered|open]', as save writes it"
    guard words.count == 3 || words.count == 10, words[1] == "step" else {
      throw .badArguments(.expected(usage))
    }
    guard let lesson = lessonBook.lesson(named: words[0]) else { return .notInstalled(words[0]) }
    let step = try Parse.count(words[2], "lesson", in: 1...lesson.steps.count)
    var progress = SavedStepProgress()
    if words.count == 10 {
      guard words[3] == "typed", words[5] == "hints", words[7] == "tries",
        words[9] == "answered" || words[9] == "open"
      else { throw .badArguments(.expected(usage)) }
      let commands = lesson.steps[step - 1].commands.count
      progress.typed = try Parse.count(words[4], "lesson typed", in: 0...commands)
      progress.hints = try Parse.count(words[6], "lesson hints", in: 0...Limits.lessonSteps)
      progress.tries = try Parse.count(words[8], "lesson tries", in: 0...Limits.lessonSteps)
      progress.answered = words[9] == "answered"
    }
    return .found(lesson, step: step, progress)
  }

  /// How far into a lesson step a save was made.
  struct SavedStepProgress {
    var typed = 0
    var hints = 0
    var tries = 0
    var answered = false
  }

  /// Runs one state command on the session directly: no transcript, displays or lesson
  /// bookkeeping, which `load` does not want for each of its lines.
  private mutating func applyStateCommand(_ command: String) throws(CommandError) {
    let words = tokenize(command)
    guard let entry = CommandTable.lookup(words[0], model: state.active) else {
      throw .unknownCommand(words[0], suggestion: nil)
    }
    _ = try entry.run(&self, Array(words.dropFirst()), .none)
  }
}
