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

  /// A counter that changes whenever the lesson progress changes; compare it before and
  /// after a command to know whether to save `lessonProgressText()`.
  public var lessonProgressRevision: Int { lessonBook.revision }
}

// MARK: Running a lesson

extension Session {
  /// Starts `lesson` (or resumes it at the step the progress records).
  mutating func startLesson(_ lesson: Lesson, hooks: Hooks = .none) throws(CommandError) -> String
  {
    let record = lessonBook.progress.records[lesson.id]
    let resume = record.map { $0.completed ? 1 : min(max($0.step, 1), lesson.steps.count) } ?? 1
    if lessonBook.run == nil && lessonBook.stateBeforeLesson == nil {
      lessonBook.stateBeforeLesson = state
    }
    lessonBook.run = LessonRun(lesson: lesson)
    var text = renderLessonHeader(lesson)
    if resume > 1 { text += wrapMarkdown("(resuming at step \(resume), where you left)") }
    text +=
      "\n"
      + wrapMarkdown(
        "(the lesson sets up its own model, data and settings; yours are kept, and 'lesson end' brings them back)"
      )
      + "\n"
    return text + (try enterStep(resume - 1, from: nil, hooks: hooks))
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
      throw .other(
        "interrupted while the lesson replayed its steps up to step \(k + 1); nothing changed")
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
    run.answered = false
    let id = run.lesson.id
    run.announcedDone = lessonBook.progress.records[id]?.done.contains(k + 1) ?? false
    lessonBook.run = run
    lessonBook.updateProgress(of: id) { $0.step = k + 1 }
    return note + renderStep()
  }

  /// Leaves the lesson after its last step.
  mutating func finishLesson() -> String {
    let run = lessonBook.run!
    let lesson = run.lesson
    lessonBook.updateProgress(of: lesson.id) { $0.completed = true }
    lessonBook.run = nil
    let done = lessonBook.progress.records[lesson.id]?.done.count ?? 0
    let text = wrapMarkdown(
      "Lesson \(Lesson.twoDigits(lesson.number)) finished: \(done) of \(lesson.steps.count) steps done. The session keeps the lesson's last state to play with; 'lesson end' brings back yours from before the lesson."
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
      tasks.append("answer the question with 'answer …' ('hint' helps)")
    }
    if step.doneWhen.isEmpty {
      if run.typed < step.commands.count {
        tasks.append("type '\(step.commands[run.typed].command)'")
      }
    } else {
      let entry = run.entries[run.step] ?? SessionState()
      let missing = step.doneWhen.filter { !$0.holds(in: state, entry: entry) }
      if !missing.isEmpty {
        tasks.append("the step waits for: " + missing.map(\.text).joined(separator: " and "))
      }
    }
    return tasks
  }

  /// Called after every command: notices when the learner has done what the step asks.
  mutating func noticeLessonProgress(after command: String, name: String) -> String {
    guard var run = lessonBook.run else { return "" }
    let step = run.current
    if !CommandTable.lessonCommands.contains(where: { $0.name == name }),
      run.typed < step.commands.count,
      sameCommand(command, step.commands[run.typed].command)
    {
      run.typed += 1
    }
    lessonBook.run = run
    guard !run.announcedDone, remainingTasks(run).isEmpty else { return "" }
    lessonBook.run!.announcedDone = true
    lessonBook.updateProgress(of: run.lesson.id) { $0.done.insert(run.step + 1) }
    let check = traits.unicode ? "✓" : "*"
    return run.step + 1 == run.lesson.steps.count
      ? "\(check) done — type 'next' to finish the lesson\n"
      : "\(check) done — type 'next'\n"
  }

  /// True when `typed` is `expected` up to spacing and aliases (`s` is `step`).
  func sameCommand(_ typed: String, _ expected: String) -> Bool {
    func canonical(_ command: String) -> [String] {
      var words = tokenize(command)
      if let first = words.first, let entry = CommandTable.lookup(first) { words[0] = entry.name }
      return words
    }
    return canonical(typed) == canonical(expected)
  }
}

// MARK: Questions

/// The right answer to a step's question, computed from the lesson's own state.
struct ComputedAnswer {
  /// The number, for a number question.
  let value: Double?
  /// The choice word, for every other question.
  let word: String?
  /// The lines that show where it came from: an equation with its numbers, or why.
  let explanation: String
  /// `h[2] = 0.45` or `no`.
  let summary: String
}

extension Session {
  /// The answer to the running step's question, from the state after the step's commands
  /// (replayed by the lesson, which Ctrl-C can stop through `hooks`).
  mutating func computedAnswer(hooks: Hooks = .none) throws(CommandError) -> ComputedAnswer {
    var run = lessonBook.run!
    guard let question = run.current.question else {
      throw .notReady("this step asks no question")
    }
    let entry: SessionState
    var end: Session
    do {
      entry = try run.entryState(run.step, hooks: hooks)
      end = Session(state: try run.endState(run.step, hooks: hooks))
    } catch {
      throw .other("interrupted while the lesson computed its answer; nothing changed")
    }
    end.traits = traits
    lessonBook.run = run
    let n = end.notation
    func broken(_ error: CommandError) -> CommandError {
      .other(
        "\(run.lesson.path):\(question.line): this lesson's answer cannot be computed (\(error.description)); 'check-lessons' reports it"
      )
    }
    switch question.answer {
    case .number(let q, let tolerance):
      let value: Double
      do { value = try q.value(in: end) } catch { throw broken(error) }
      return ComputedAnswer(
        value: value, word: nil, explanation: q.equation(in: end),
        summary: "\(q.name) = \(n.value(value)) (\(tolerance.text) counts as right)")
    case .sign(let q):
      let value: Double
      do { value = try q.value(in: end) } catch { throw broken(error) }
      let word = value > 0 ? "positive" : value < 0 ? "negative" : "zero"
      return ComputedAnswer(
        value: nil, word: word, explanation: q.equation(in: end),
        summary: "\(word): \(q.name) = \(n.value(value))")
    case .condition(let predicates):
      let holds = predicates.allSatisfy { $0.holds(in: end.state, entry: entry) }
      var explanation = ""
      for p in predicates {
        explanation += "\(p.text): \(p.holds(in: end.state, entry: entry) ? "yes" : "no")"
        if case .quantity(let q, let test) = p, test.comparesWithStart {
          let before =
            (try? q.value(in: Session(state: entry))).map { n.value($0) } ?? "not computed"
          let after = (try? q.value(in: end)).map { n.value($0) } ?? "not computed"
          explanation += " (\(q.name): \(before) \(n.arrow) \(after))"
        }
        explanation += "\n"
      }
      return ComputedAnswer(
        value: nil, word: holds ? "yes" : "no", explanation: explanation,
        summary: holds ? "yes" : "no")
    case .fixed(let word):
      return ComputedAnswer(value: nil, word: word, explanation: "", summary: word)
    }
  }

  /// Judges the learner's answer, then shows the computed one and where it came from.
  mutating func answer(_ words: [String], hooks: Hooks = .none) throws(CommandError) -> String {
    guard let run = lessonBook.run, let question = run.current.question else {
      throw .notReady(
        lessonBook.run == nil
          ? "answer: no lesson is running; 'lessons' lists them"
          : "answer: this step asks no question; 'next' goes on")
    }
    let command = CommandTable.lookup("answer")!
    guard !words.isEmpty else {
      throw command.usageError(
        question.choices.isEmpty
          ? "expected a number" : "expected one of \(question.choices.joined(separator: ", "))")
    }
    let given = words.joined(separator: " ")
    let expected = try computedAnswer(hooks: hooks)
    let right: Bool
    if let value = expected.value, case .number(_, let tolerance) = question.answer {
      guard words.count == 1 else { throw command.usageError("expected one number") }
      right = tolerance.accepts(try Parse.number(words[0], "answer"), for: value)
    } else {
      let word = given.lowercased()
      let matches = question.choices.filter { $0.hasPrefix(word) }
      let choice = question.choices.contains(word) ? word : matches.count == 1 ? matches[0] : nil
      guard let choice else {
        throw .unknownName(given, what: "answer", accepted: question.choices)
      }
      right = choice == expected.word
    }
    lessonBook.run!.answered = true
    let u = traits.unicode
    var text =
      right
      ? "\(u ? "✓ " : "")right: \(expected.summary)\n"
      : "\(u ? "✗ " : "")not quite: you answered \(visible(given)); the answer is \(expected.summary)\n"
    text += expected.explanation
    if let why = question.why { text += wrapMarkdown(why, prefix: "why: ") }
    return text
  }
}
