import RNN

// MARK: The executable's side: installing lessons and keeping progress

extension Session {
  /// Makes these lesson files the session's lessons, replacing any installed before.
  ///
  /// The executable reads the files (Tutor does no file I/O) and hands their paths and texts
  /// over at start-up. A file named `README.md` is skipped; every other file must be a
  /// lesson (`NN-name.md`). Files that do not parse are left out, and each comes back as an
  /// error naming the file and line. A lesson that was running is stopped.
  ///
  /// - Returns: one error per file that could not be installed; empty when all were.
  @discardableResult
  public mutating func installLessons(_ files: [(path: String, text: String)]) -> [LessonParseError]
  {
    let (lessons, errors) = Lesson.parse(files)
    lessonBook.lessons = lessons
    lessonBook.run = nil
    return errors
  }

  /// `installLessons`, stopped between two files when `hooks` says so (Ctrl-C while a folder
  /// of large lessons is parsed): then nothing is installed and the result is nil.
  public mutating func installLessons(
    _ files: [(path: String, text: String)], hooks: Hooks
  ) -> [LessonParseError]? {
    let (lessons, errors) = Lesson.parse(files, hooks: hooks)
    guard !hooks.shouldStop() else { return nil }
    lessonBook.lessons = lessons
    lessonBook.run = nil
    return errors
  }

  /// The installed lessons, by number.
  public var installedLessons: [Lesson] { lessonBook.lessons }

  /// The learner's lesson progress as text, for the executable to keep between runs.
  ///
  /// Save it whenever `lessonProgressRevision` changes (after any command); hand it back to
  /// `restoreLessonProgress` in the next run. The text is small and line-based, and
  /// includes progress for lessons that are not installed now.
  public func lessonProgressText() -> String { lessonBook.progress.text }

  /// Replaces the lesson progress with one read from `lessonProgressText()`'s text.
  ///
  /// It does not start a lesson: `lesson` (with no argument) resumes the last one, at the
  /// step the learner left. Lines that cannot be read are skipped.
  ///
  /// - Returns: a sentence per skipped line; empty when the whole text was read.
  @discardableResult
  public mutating func restoreLessonProgress(_ text: String) -> [String] {
    var problems: [String] = []
    lessonBook.progress = LessonProgress(text: text, problems: &problems)
    lessonBook.revision += 1
    return problems
  }

  /// Merges the progress another minirnn saved into this session's, for a save that must
  /// not lose it: `saved` is the progress file's text now, `base` the text this session
  /// last read from it or wrote to it. The session takes the merged progress (a lesson
  /// another process finished shows as finished here too); returns the text to write.
  public mutating func mergeLessonProgress(saved: String, base: String) -> String {
    var ignored: [String] = []
    let theirs = LessonProgress(text: saved, problems: &ignored)
    let merged = lessonBook.progress.merged(
      with: theirs, base: LessonProgress(text: base, problems: &ignored))
    if merged != lessonBook.progress {
      lessonBook.progress = merged
      lessonBook.revision += 1
    }
    return merged.text
  }

  /// A counter that changes whenever the lesson progress changes; compare it before and
  /// after a command to know whether to save `lessonProgressText()`.
  public var lessonProgressRevision: Int { lessonBook.revision }
}

// MARK: Running a lesson

extension Session {
  /// Starts `lesson` (or resumes it at the step the progress records).
  mutating func startLesson(_ lesson: Lesson, hooks: Hooks = .none) throws(CommandError) -> String {
    let record = lessonBook.progress.records[lesson.id]
    let resume = record.map { $0.completed ? 1 : min(max($0.step, 1), lesson.steps.count) } ?? 1
    if lessonBook.run == nil && lessonBook.stateBeforeLesson == nil {
      lessonBook.stateBeforeLesson = state
    }
    lessonBook.run = LessonRun(lesson: lesson)
    var text = try renderLessonHeader(lesson)
    if resume > 1 { text += wrapMarkdown("(resuming at step \(resume), where you left)") }
    text +=
      "\n"
      + wrapMarkdown(
        "(the lesson sets up its own model, data and settings; yours are kept, and 'lesson end' brings them back)"
      )
      + "\n"
    text += try enterStep(resume - 1, from: nil, hooks: hooks)
    // Back on the step they left: the hints they saw and the tries they used still count.
    if let record, !record.completed, record.step == resume {
      lessonBook.run!.hintsShown = record.hints
      lessonBook.run!.wrongTries = record.tries
      lessonBook.run!.answered = record.answered
    }
    return text
  }

  /// Moves the running lesson to step `k` (0-based), restoring the state it starts from.
  ///
  /// `previous` is the step being left when moving forward, so that the learner can be told
  /// when what they did there is not carried over. Reaching a step replays the lesson up to
  /// it, which Ctrl-C (`hooks`) can stop: then an error is thrown, and the caller's session
  /// is left as it was.
  mutating func enterStep(_ k: Int, from previous: Int?, hooks: Hooks = .none)
    throws(CommandError) -> String
  {
    var run = lessonBook.run!
    var note = ""
    let entry: SessionState
    let end: SessionState?
    do {
      entry = try run.entryState(k, hooks: hooks)
      end = try previous.map { previous throws(LessonRun.Interrupted) in
        try run.endState(previous, hooks: hooks)
      }
    } catch {
      throw .interruptedLessonReplay(step: k + 1)
    }
    if let previous, let end, state != end {
      note = wrapMarkdown(
        "note: step \(k + 1) starts from the lesson's own state; what you changed in step \(previous + 1) beyond its commands is not carried over"
      )
    }
    state = entry
    lastRepeatable = nil
    run.step = k
    run.typed = 0
    run.hintsShown = 0
    run.wrongTries = 0
    run.answered = false
    run.typedStates = []
    let id = run.lesson.id
    run.announcedDone = lessonBook.progress.records[id]?.done.contains(k + 1) ?? false
    lessonBook.run = run
    lessonBook.updateProgress(of: id) { $0.step = k + 1 }
    return note + (try renderStep(hooks: hooks))
  }

  /// Leaves the lesson after its last step.
  mutating func finishLesson() -> String {
    let run = lessonBook.run!
    let lesson = run.lesson
    lessonBook.updateProgress(of: lesson.id) {
      $0.completed = true
      // What was left on the last step does not follow a lesson taken again from step 1.
      ($0.hints, $0.tries, $0.answered) = (0, 0, false)
    }
    lessonBook.run = nil
    let record = lessonBook.progress.records[lesson.id]
    let done = record?.done.count ?? 0
    let questions = lesson.steps.filter { $0.question != nil }.count
    var score = ""
    if questions > 0 {
      score = "; \(record?.firstTry.count ?? 0) of \(questions) questions right on the first try"
    }
    var text = wrapMarkdown(
      "Lesson \(Lesson.twoDigits(lesson.number)) finished: \(done) of \(lesson.steps.count) steps done\(score)."
    )
    if !lesson.recap.isEmpty {
      text += "What this lesson established:\n"
      text += lesson.recap.map { wrapMarkdown("- " + $0) }.joined()
    }
    text += wrapMarkdown(
      "The session keeps the lesson's last state to play with; 'lesson end' brings back yours from before the lesson."
    )
    if let next = lessonBook.lessons.first(where: { $0.number > lesson.number }) {
      return text + wrapMarkdown("Next: 'lesson \(next.number)' — \(next.title)")
    }
    return text + wrapMarkdown("That was the last lesson; 'lessons' lists them all.")
  }

  /// What the current step still waits for, as instructions; empty once it is done.
  func remainingTasks(_ run: LessonRun) -> [String] {
    let step = run.current
    var tasks: [String] = []
    if step.question != nil && !run.answered {
      tasks.append(notation.text("answer the question with 'answer …' ('hint' helps)"))
    }
    if step.doneWhen.isEmpty {
      if run.typed < step.commands.count {
        tasks.append("type '\(step.commands[run.typed].command)'")
      }
    } else {
      let entry = run.entries[run.step] ?? SessionState()
      let missing = step.doneWhen.filter { !$0.holds(in: state, entry: entry) }
      if !missing.isEmpty {
        tasks.append(
          "the step waits for: "
            + missing.map { $0.learnerText(notation) }.joined(separator: " and "))
      }
    }
    return tasks
  }

  /// Called after every command: notices when the learner has done what the step asks.
  ///
  /// A command counts for what it did: a `step` that failed does not tick "type 'step'"
  /// (unless the transcript shows that very failure), `forward` ticks the `step`s that lead
  /// to the end of the pass, and a `step` that completes the pass ticks `forward` (the same
  /// for `backward` and `back`).
  ///
  /// `before` is the learner's state before the command, kept when the command ticks one of
  /// the step's (see `LessonRun.typedStates`).
  mutating func noticeLessonProgress(
    after command: String, name: String, failed: Bool = false, before: SessionState
  ) -> String {
    guard var run = lessonBook.run else { return "" }
    let step = run.current
    let typedBefore = run.typed
    defer {
      if run.typed > typedBefore { lessonBook.run?.typedStates.append((typedBefore, before)) }
    }
    if !CommandTable.lessonCommands.contains(where: { $0.name == name }),
      run.typed < step.commands.count
    {
      let expected = step.commands[run.typed]
      let expectsError = expected.expected.first?.hasPrefix("error:") == true
      if failed || expectsError {
        if failed && expectsError && sameCommand(command, expected.command) { run.typed += 1 }
      } else {
        run.typed += ticks(of: name, command, from: run.typed, in: step.commands)
      }
    }
    lessonBook.run = run
    lessonBook.updateProgress(of: run.lesson.id) {
      $0.hints = run.hintsShown
      $0.tries = run.wrongTries
      $0.answered = run.answered
    }
    guard !run.announcedDone, remainingTasks(run).isEmpty else { return "" }
    lessonBook.run!.announcedDone = true
    lessonBook.updateProgress(of: run.lesson.id) { $0.done.insert(run.step + 1) }
    let check = traits.unicode ? "✓" : "*"
    return notation.text(
      run.step + 1 == run.lesson.steps.count
        ? "\(check) done — type 'next' to finish the lesson\n"
        : "\(check) done — type 'next'\n")
  }

  /// True when `typed` is `expected` up to spacing and aliases (`s` is `step`).
  func sameCommand(_ typed: String, _ expected: String) -> Bool {
    func canonical(_ command: String) -> [String] {
      var words = tokenize(command)
      if let first = words.first, let entry = CommandTable.resolve(first, model: nil) {
        words[0] = entry.name
      }
      return words
    }
    return canonical(typed) == canonical(expected)
  }

  /// How many of `commands`, from index `next` on, the successful command `typed` (whose
  /// command name is `name`) did.
  private func ticks(
    of name: String, _ typed: String, from next: Int, in commands: [TranscriptCommand]
  )
    -> Int
  {
    let expected = commands[next].command
    if sameCommand(typed, expected) { return 1 }
    let expectedName = tokenize(expected).first.flatMap { CommandTable.lookup($0)?.name }
    // The step's command done the learner's own way (`train 100` for `train`, `input 1 1` for
    // `input 1 0`) counts: replaying the lesson's version on top of it would grade and word
    // the step for a model the learner does not have. `set` counts for the same name only.
    let (typedWords, expectedWords) = (tokenize(typed), tokenize(expected))
    if name == expectedName, typedWords.count > 1 || expectedWords.count > 1,
      !["step", "back", "forward", "backward"].contains(name),
      name != "set" || typedWords.dropFirst().first == expectedWords.dropFirst().first
    {
      return 1
    }
    let pairs = [("forward", "step"), ("backward", "back")]
    for (whole, one) in pairs {
      // The whole pass in one go: every `step` in a row from here on is done.
      if name == whole, expectedName == one, tokenize(typed).count == 1 {
        return commands[next...].prefix { sameCommand($0.command, one) }.count
      }
      // The pass stepped to its end: `forward` is done.
      if name == one, expectedName == whole, tokenize(expected).count == 1 {
        // The active model's passes.
        let model = state.active
        let complete =
          whole == "forward"
          ? model.forwardProgress.map { $0.t == $0.count } == true
          : model.backwardProgress.map { $0.steps == $0.count } == true
        if complete { return 1 }
      }
    }
    return 0
  }
}
