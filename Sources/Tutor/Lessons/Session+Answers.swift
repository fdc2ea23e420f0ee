import RNN

// MARK: Questions: graded against the learner's own session

/// The right answer to a step's question, computed from the learner's live session.
struct ComputedAnswer {
  /// The number, for a number question.
  let value: Double?
  /// The choice word, for every other question.
  let word: String?
  /// The lines that show where it came from: an equation (with its numbers once the step's
  /// commands ran), or why.
  let explanation: String
  /// `h₂ = 0.45 (3 significant digits count as right)` or `no`.
  let summary: String
  /// One line when what the learner changed moved the answer off the lesson's own.
  let note: String?
  /// The learner's session at the question's place in the step: where it was computed.
  let session: Session
  /// How far a parameter moved in the step (an update, a training run), when the question
  /// asks for it: the three significant digits are those of this change.
  var change: Double? = nil
  /// The learner's session before the step's commands: what the update's mistakes start
  /// from.
  var before: Session? = nil
  /// The same answer for the lesson's own numbers, when the learner changed them and it
  /// differs: its value (number questions) or word, and what the learner changed.
  var lessons: (value: Double?, word: String?, changes: [Change])? = nil
}

extension LessonQuestion {
  /// A yes/no or sign question: a second try would be a guess among what is left, so the
  /// first wrong answer gets the worked answer.
  var hasOneTry: Bool {
    switch answer {
    case .sign, .condition: true
    case .fixed: Set(choices) == ["yes", "no"]
    case .number: false
    }
  }
}

/// One thing the learner set differently from the lesson: `w₃ = 1.5` there, `w₃ = 3` here.
struct Change {
  let lessons: String
  let mine: String
}

extension Session {
  /// The answer to the running step's question, graded at the question's place in the step
  /// (`LessonStep.questionPoint`): the learner's session, plus the commands up to there that
  /// the learner has not typed yet, run on a copy. Those are the commands above the
  /// question, and for a prediction the transcript right below it; later ones never count.
  ///
  /// So an answer follows whatever the learner set (a weight, the input, the mode); nothing
  /// the learner sees changes. Once the learner has typed past the question, it is graded
  /// on their session as it was there.
  ///
  /// Reaching the step replays the lesson, which Ctrl-C (`hooks`) can stop; then nothing
  /// changes and an error is thrown.
  mutating func computedAnswer(hooks: Hooks = .none) throws(CommandError) -> ComputedAnswer {
    var run = lessonBook.run!
    guard let question = run.current.question else {
      throw .notReady("this step asks no question")
    }
    let step = run.current
    let typed = min(run.typed, step.commands.count)
    let entry: SessionState
    do {
      entry = try run.entryState(run.step, hooks: hooks)
    } catch {
      throw .interruptedLessonAnswer
    }
    lessonBook.run = run
    /// The session after `commands` of the step, run from `state` in a lesson player.
    func play(_ commands: ArraySlice<TranscriptCommand>, from state: SessionState)
      throws(CommandError) -> SessionState
    {
      var player = LessonPlayer(state: state)
      for command in commands {
        _ = player.run(command.command, hooks: hooks)
        if hooks.shouldStop() { throw .interruptedLessonAnswer }
      }
      return player.state
    }
    // The lesson's own session where the question is graded, replayed once per step.
    let point: Int
    let lessonPoint: SessionState
    if let known = run.questionStates[run.step] {
      (point, lessonPoint) = known
    } else {
      let above = step.questionPlace.above
      let lessonAbove = try play(step.commands[..<above], from: entry)
      point = step.questionPoint(answerAbove: question.answerExists(in: lessonAbove))
      lessonPoint = try play(step.commands[above..<point], from: lessonAbove)
      lessonBook.run!.questionStates[run.step] = (point, lessonPoint)
    }
    // Where the learner's own session stands for the question's place: theirs now, or, once
    // they typed past it, as it was just before the command that did.
    let base: (typed: Int, state: SessionState) =
      typed <= point
      ? (typed, state) : run.typedStates.last { $0.typed <= point } ?? (point, lessonPoint)
    var player = LessonPlayer(state: try play(step.commands[base.typed..<point], from: base.state))
    switch question.answer {
    case .number(let q, _), .sign(let q):
      if (try? q.value(in: player.session)) == nil {
        player.completePasses(backward: q.isComputedByBackpropagation)
      }
    case .condition, .fixed: break
    }
    var live = player.session
    live.traits = traits
    var own = Session(state: lessonPoint)
    own.traits = traits
    // The learner's session before the step's commands, and the lesson's.
    var before = Session(state: typed > 0 ? run.typedStates.first?.state ?? entry : state)
    before.traits = traits
    let n = live.notation
    let mine = self
    let baseTyped = base.typed
    func explanation(_ q: LessonQuantity) -> String {
      // Before the step's commands ran, only the equation: its numbers would give away what
      // they print. Unless the learner has computed the same number their own way.
      let seen = (try? q.value(in: mine)).map { v in (try? q.value(in: live)) == v } ?? false
      let early = baseTyped < point && !seen
      return early ? q.symbolicEquation(in: live) : q.equation(in: live)
    }
    func value(_ q: LessonQuantity) throws(CommandError) -> Double {
      do { return try q.value(in: live) } catch {
        if (try? q.value(in: own)) == nil {
          throw .notReady(
            "\(run.lesson.path):\(question.line): this lesson's answer cannot be computed (\(error.description)); 'check-lessons' reports it"
          )
        }
        throw .notReady(
          "the answer cannot be computed from your session (\(error.description)); 'goto \(run.step + 1)' starts the step again"
        )
      }
    }
    /// How far `q` moved in the step, for a parameter an update or training moved.
    func change(_ q: LessonQuantity, _ v: Double) -> Double? {
      guard q.isParameter, let old = try? q.value(in: before), old != v else { return nil }
      return v - old
    }
    // What the learner changed: before their first command of the step, compared with the
    // step's start (so a weight set before `train` is named, not every weight it trained);
    // otherwise compared with the lesson's own session at the same point.
    let atStart = run.typedStates.first.map { self.changes(from: entry, to: $0.state, n) } ?? []
    let changes =
      atStart.isEmpty
      ? self.changes(from: try play(step.commands[..<baseTyped], from: entry), to: base.state, n)
      : atStart
    /// One line on the learner's changes, when they moved the answer off the lesson's own.
    func note(_ q: LessonQuantity, _ v: Double, tolerance: LessonTolerance) -> String? {
      guard let theirs = try? q.value(in: own),
        !tolerance.accepts(v, for: theirs, change: change(q, v))
      else {
        return nil
      }
      let what =
        changes.isEmpty
        ? "what you typed" : "you set " + changes.map(\.mine).joined(separator: ", ")
      return
        "(\(what), so \(q.symbol(n)) = \(n.value(v)), not the lesson's \(n.value(theirs)))"
    }
    switch question.answer {
    case .number(let q, let tolerance):
      let v = try value(q)
      let moved = change(q, v)
      // A formula question's answer is its formula: with the value, and no digits to count.
      let summary =
        question.formula.map { f in
          if case .formula = q { return "\(f.symbol(n)) = \(n.value(v))" }
          return "\(q.symbol(n)) = \(f.symbol(n)) = \(n.value(v))"
        } ?? "\(q.symbol(n)) = \(n.value(v)) (\(tolerance.text(change: moved)))"
      var answer = ComputedAnswer(
        value: v, word: nil, explanation: explanation(q),
        summary: summary,
        note: note(q, v, tolerance: tolerance), session: live, change: moved, before: before)
      if let theirs = try? q.value(in: own), !tolerance.accepts(theirs, for: v, change: moved) {
        answer.lessons = (theirs, nil, changes)
      }
      return answer
    case .sign(let q):
      let v = try value(q)
      let word = Self.signWord(v)
      var answer = ComputedAnswer(
        value: nil, word: word, explanation: explanation(q),
        summary: "\(word): \(q.symbol(n)) = \(n.value(v))",
        note: note(q, v, tolerance: .standard), session: live, before: before)
      if let theirs = try? q.value(in: own), Self.signWord(theirs) != word {
        answer.lessons = (nil, Self.signWord(theirs), changes)
      }
      return answer
    case .condition(let predicates):
      // "Changed", "lower": compared with the learner's session when the step started.
      let start = before.state
      let holds = predicates.allSatisfy { $0.holds(in: live.state, entry: start) }
      var explanation = ""
      for p in predicates {
        explanation +=
          "\(p.learnerText(n)): \(p.holds(in: live.state, entry: start) ? "yes" : "no")"
        if case .quantity(let q, let test) = p, test.comparesWithStart {
          let start =
            (try? q.value(in: before)).map { n.value($0) } ?? "not computed"
          let after = (try? q.value(in: live)).map { n.value($0) } ?? "not computed"
          explanation += " (\(q.symbol(n)): \(start) \(n.arrow) \(after))"
        }
        explanation += "\n"
      }
      var answer = ComputedAnswer(
        value: nil, word: holds ? "yes" : "no", explanation: explanation,
        summary: holds ? "yes" : "no", note: nil, session: live)
      let theirs = predicates.allSatisfy { $0.holds(in: lessonPoint, entry: entry) }
      if theirs != holds { answer.lessons = (nil, theirs ? "yes" : "no", changes) }
      return answer
    case .fixed(let word):
      return ComputedAnswer(
        value: nil, word: word, explanation: "", summary: word, note: nil, session: live)
    }
  }

  /// `positive`, `negative` or `zero`: a sign question's word for `v`.
  static func signWord(_ v: Double) -> String {
    v > 0 ? "positive" : v < 0 ? "negative" : "zero"
  }

  /// `w₃ = 2`, `x = [1, 0.5]`, `mode article`: where `mine` differs from `lesson` in what
  /// decides the answer, as the learner set them.
  func describeChanges(from lesson: SessionState, to mine: SessionState, _ n: Notation)
    -> [String]
  {
    changes(from: lesson, to: mine, n).map(\.mine)
  }

  /// The same, each with the lesson's own setting beside it.
  func changes(from lesson: SessionState, to mine: SessionState, _ n: Notation) -> [Change] {
    var changes: [Change] = []
    func add(_ name: String, _ theirs: String, _ ours: String) {
      changes.append(Change(lessons: name + theirs, mine: name + ours))
    }
    // The model's own settings (the RNN's, which waits while another model runs, then the
    // other model's when both sessions run the same one), then the data.
    for (name, theirs, ours) in mine.rnn.differences(from: lesson.rnn, n) {
      add(name, theirs, ours)
    }
    if let ours = mine.other, let theirs = lesson.other {
      for (name, a, b) in ours.model.differences(fromAny: theirs.model, n) { add(name, a, b) }
    }
    if type(of: lesson.active) != type(of: mine.active) {
      add("model ", lesson.active.word, mine.active.word)
    }
    if lesson.inputs != mine.inputs {
      func list(_ x: [Double]) -> String { "[\(x.map { n.value($0) }.joined(separator: ", "))]" }
      add("x = ", list(lesson.inputs), list(mine.inputs))
    }
    if lesson.target != mine.target {
      add(
        "y = ", lesson.target.map { n.value($0) } ?? "nothing",
        mine.target.map { n.value($0) } ?? "nothing")
    }
    return changes
  }

  /// Judges the learner's answer, in this order:
  ///
  /// - right: the value and where it came from;
  /// - the lesson's own answer, after the learner changed its numbers: named as such;
  /// - a known wrong path's value (`LessonMistake`): named;
  /// - within 10 % but not to 3 significant digits: "close", and no try is used;
  /// - otherwise "not yet" and the next hint, and the worked answer the second time (or when
  ///   no hint is left). A yes/no or sign question has one try: its worked answer comes at
  ///   once.
  ///
  /// A formula (`answer w3*(yhat - y)`) is graded by equivalence instead (`gradeFormula`):
  /// right, a named mistake, "agrees with your numbers only", or "not yet". A formula
  /// question given a number asks for the formula and uses no try.
  mutating func answer(_ words: [String], hooks: Hooks = .none) throws(CommandError) -> String {
    guard let run = lessonBook.run, let question = run.current.question else {
      throw lessonBook.run == nil ? .noLesson(command: "answer") : .noQuestion
    }
    guard !words.isEmpty else {
      throw .badArguments(
        .expected(
          question.formula != nil
            ? "a formula"
            : question.choices.isEmpty
              ? "a number or a formula" : "one of \(question.choices.joined(separator: ", "))"))
    }
    let given = words.joined(separator: " ")
    guard given.count <= Self.longestFormula else {
      throw .formulaTooLong(characters: given.count, limit: Self.longestFormula)
    }
    let expected = try computedAnswer(hooks: hooks)
    let u = traits.unicode
    let right: Bool
    var diagnosis: String?
    var close = false
    let n = notation
    /// "that is the value for the lesson's w₃ = 1.5; you set w₃ = 3".
    func lessonsOwn(_ what: String) -> String? {
      guard let changes = expected.lessons?.changes else { return nil }
      guard !changes.isEmpty else {
        return "that is \(what) for the lesson's own session; what you typed changed it"
      }
      return
        "that is \(what) for the lesson's \(changes.map(\.lessons).joined(separator: ", ")); you set \(changes.map(\.mine).joined(separator: ", "))"
    }
    if let value = expected.value, case .number(let q, let tolerance) = question.answer {
      let change = expected.change
      let number: Double
      switch try Self.readAnswer(
        words, given, in: expected.session, formulaAsked: question.formula != nil)
      {
      case .number(let v):
        if let formula = question.formula {
          return formulaNotNumber(v, formula, value: value, tolerance: tolerance)
        }
        number = v
      case .formula(let formula):
        let graded = try gradeFormula(formula, for: q, expected, question)
        noteMistake(graded.mistake)
        noteFirstTry(right: graded.right)
        if graded.right {
          lessonBook.run!.answered = true
          let mine = formula.symbol(n)
          let asked = q.symbol(n)
          return
            "\(u ? "✓ " : "")right: \(mine == asked ? "" : mine + " = ")\(asked) = \(n.value(value))\n"
            + workedAnswer(expected, question)
        }
        return try wrongAnswer(given, diagnosis: graded.diagnosis, expected, question, hooks: hooks)
      }
      right = tolerance.accepts(number, for: value, change: change)
      if !right {
        if let theirs = expected.lessons?.value, tolerance.accepts(number, for: theirs) {
          diagnosis = lessonsOwn("the value")
        } else if let mistake = LessonMistake.named(
          number, for: q, right: value, in: expected.session, written: question.mistakes,
          before: expected.before, tolerance: tolerance, change: change)
        {
          noteMistake(mistake)
          diagnosis = mistake.explanation(for: q, in: expected.session)
        } else if number == 0 && value != 0 && abs(value) < 1e-3 {
          // A magnitude is asked for, however small: 0 is no size.
          diagnosis =
            "it is small, but not 0: the question asks for its size, to 3 significant digits (written like 1.23e-9)"
        } else {
          close = LessonTolerance.isClose(number, to: value, change: change)
        }
      }
    } else {
      let word = given.lowercased()
      let matches = question.choices.filter { $0.hasPrefix(word) }
      let choice = question.choices.contains(word) ? word : matches.count == 1 ? matches[0] : nil
      guard let choice else {
        throw .unknownName(given, what: "answer", accepted: question.choices)
      }
      right = choice == expected.word
      if !right, choice == expected.lessons?.word {
        diagnosis = lessonsOwn(question.choices.contains("positive") ? "the sign" : "the answer")
      } else if !right, case .sign(let q) = question.answer {
        // A wrong path whose sign is the one given, and not the right one.
        let named = LessonMistake.paths(
          to: q, in: expected.session, written: question.mistakes, before: expected.before
        )
        .first { Self.signWord($0.value) == choice && Self.signWord($0.value) != expected.word }
        .map(\.mistake)
        noteMistake(named)
        diagnosis = named.map { $0.explanation(for: q, in: expected.session) }
      }
    }
    if close {
      // For a parameter the step moved a little, three digits of the value are not enough.
      var small = ""
      if let value = expected.value, let change = expected.change, abs(change) < abs(value),
        case .number(let q, _) = question.answer
      {
        small = " of the change, since the step moves \(q.symbol(n)) only a little"
      }
      return wrapMarkdown(
        "\(u ? "≈ " : "~ ")close: you answered \(visible(given)); give 3 significant digits\(small)"
      )
        + n.text("  (this used no try: 'answer …' again; 'reveal' shows the answer)\n")
    }
    noteFirstTry(right: right)
    if right {
      lessonBook.run!.answered = true
      return "\(u ? "✓ " : "")right: \(expected.summary)\n" + workedAnswer(expected, question)
    }
    return try wrongAnswer(given, diagnosis: diagnosis, expected, question, hooks: hooks)
  }

  /// A wrong answer: `not yet` with the diagnosis and the next hint, or the worked answer
  /// when the tries are used up.
  private mutating func wrongAnswer(
    _ given: String, diagnosis: String?, _ expected: ComputedAnswer, _ question: LessonQuestion,
    hooks: Hooks
  ) throws(CommandError) -> String {
    let run = lessonBook.run!
    let n = notation
    let cross = traits.unicode ? "✗ " : ""
    var text =
      "\(cross)\(run.answered || run.wrongTries > 0 ? "not quite" : "not yet"): you answered \(visible(given))"
    text = wrapMarkdown(text + (diagnosis.map { "; " + $0 } ?? ""))
    let step = run.current
    if !run.answered && run.wrongTries == 0 && run.hintsShown < step.hints.count
      && !question.hasOneTry
    {
      lessonBook.run!.wrongTries += 1
      return text + (try nextHint(hooks: hooks))
        + n.text("  (one more try: 'answer …' again; 'reveal' shows the answer)\n")
    }
    lessonBook.run!.wrongTries += 1
    lessonBook.run!.answered = true
    return text + wrapMarkdown("the answer is \(expected.summary)")
      + workedAnswer(expected, question)
  }

  /// `reveal`: the worked answer without another try.
  mutating func reveal(hooks: Hooks = .none) throws(CommandError) -> String {
    let run = try runningLesson("reveal")
    guard let question = run.current.question else {
      throw .notReady("reveal: this step asks no question; 'hint' says what to do")
    }
    let expected = try computedAnswer(hooks: hooks)
    noteFirstTry(right: false)
    lessonBook.run!.answered = true
    return wrapMarkdown("the answer is \(expected.summary)") + workedAnswer(expected, question)
  }

  /// The lines after the verdict: the note on the learner's changes, the equation, `Why:`.
  func workedAnswer(_ expected: ComputedAnswer, _ question: LessonQuestion) -> String {
    var text = expected.note.map { wrapMarkdown($0) } ?? ""
    text += expected.explanation
    if let why = question.why {
      text += wrapMarkdown(liveMarkdown(why, in: expected.session), prefix: "why: ")
    }
    return text
  }

  /// Counts the question's first answer (or reveal) once, ever: right on the first try or
  /// not, kept with the progress.
  mutating func noteFirstTry(right: Bool) {
    guard let run = lessonBook.run else { return }
    let k = run.step + 1
    guard lessonBook.progress.records[run.lesson.id]?.tried.contains(k) != true else { return }
    lessonBook.updateProgress(of: run.lesson.id) {
      $0.tried.insert(k)
      if right { $0.firstTry.insert(k) }
    }
  }
}

extension LessonPlayer {
  /// Finishes the forward pass and BPTT the learner's own commands left half done (after
  /// `set w1 1` cleared them, say), so that a question about ŷ or a gradient still has the
  /// answer the step's commands were heading for.
  mutating func completePasses(backward: Bool) {
    let limit = session.state.inputs.count + 1
    // The active model's passes.
    var forwardComplete: Bool? { session.state.active.forwardProgress.map { $0.t == $0.count } }
    var backwardComplete: Bool? {
      session.state.active.backwardProgress.map { $0.steps == $0.count }
    }
    if forwardComplete == nil { _ = run("step") }
    for _ in 0..<limit where forwardComplete == false { _ = run("step") }
    guard backwardComplete != nil || backward else { return }
    if backwardComplete == nil { _ = run("back") }
    for _ in 0..<limit where backwardComplete == false { _ = run("back") }
  }
}
