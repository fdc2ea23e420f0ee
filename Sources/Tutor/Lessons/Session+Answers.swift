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
  /// The learner's session after the step's remaining commands: where it was computed.
  let session: Session
}

extension Session {
  /// The answer to the running step's question: the quantity after the step's commands the
  /// learner has not typed yet ran on a copy of the learner's session.
  ///
  /// So an answer follows whatever the learner set (a weight, the input, the mode); nothing
  /// the learner sees changes.
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
    let lessonEnd: SessionState
    do {
      entry = try run.entryState(run.step, hooks: hooks)
      lessonEnd = try run.endState(run.step, hooks: hooks)
    } catch {
      throw .interruptedLessonAnswer
    }
    lessonBook.run = run
    var player = LessonPlayer(state: state)
    for command in step.commands[typed...] {
      _ = player.run(command.command, hooks: hooks)
      if hooks.shouldStop() { throw .interruptedLessonAnswer }
    }
    switch question.answer {
    case .number(let q, _), .sign(let q):
      if (try? q.value(in: player.session)) == nil {
        player.completePasses(backward: q.isComputedByBackpropagation)
      }
    case .condition, .fixed: break
    }
    var live = player.session
    live.traits = traits
    var own = Session(state: lessonEnd)
    own.traits = traits
    let n = live.notation
    let mine = self
    func explanation(_ q: LessonQuantity) -> String {
      // Before the step's commands ran, only the equation: its numbers would give away what
      // they print. Unless the learner has computed the same number their own way.
      let seen = (try? q.value(in: mine)).map { v in (try? q.value(in: live)) == v } ?? false
      let before = typed < step.commands.count && !seen
      return before ? q.symbolicEquation(in: live) : q.equation(in: live)
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
    /// What the learner changed, compared with the lesson's own session at the same point.
    func note(_ q: LessonQuantity, _ v: Double, tolerance: LessonTolerance) -> String? {
      guard let theirs = try? q.value(in: own), !tolerance.accepts(v, for: theirs) else {
        return nil
      }
      var point = LessonPlayer(state: entry)
      point.run(Array(step.commands[..<typed]))
      let changes = describeChanges(from: point.state, to: state, n)
      let what = changes.isEmpty ? "what you typed" : "you set " + changes.joined(separator: ", ")
      return
        "(\(what), so \(q.symbol(n)) = \(n.value(v)), not the lesson's \(n.value(theirs)))"
    }
    switch question.answer {
    case .number(let q, let tolerance):
      let v = try value(q)
      return ComputedAnswer(
        value: v, word: nil, explanation: explanation(q),
        summary: "\(q.symbol(n)) = \(n.value(v)) (\(tolerance.text))",
        note: note(q, v, tolerance: tolerance), session: live)
    case .sign(let q):
      let v = try value(q)
      let word = v > 0 ? "positive" : v < 0 ? "negative" : "zero"
      return ComputedAnswer(
        value: nil, word: word, explanation: explanation(q),
        summary: "\(word): \(q.symbol(n)) = \(n.value(v))",
        note: note(q, v, tolerance: .standard), session: live)
    case .condition(let predicates):
      let holds = predicates.allSatisfy { $0.holds(in: live.state, entry: entry) }
      var explanation = ""
      for p in predicates {
        explanation +=
          "\(p.learnerText(n)): \(p.holds(in: live.state, entry: entry) ? "yes" : "no")"
        if case .quantity(let q, let test) = p, test.comparesWithStart {
          let start =
            (try? q.value(in: Session(state: entry))).map { n.value($0) } ?? "not computed"
          let after = (try? q.value(in: live)).map { n.value($0) } ?? "not computed"
          explanation += " (\(q.symbol(n)): \(start) \(n.arrow) \(after))"
        }
        explanation += "\n"
      }
      return ComputedAnswer(
        value: nil, word: holds ? "yes" : "no", explanation: explanation,
        summary: holds ? "yes" : "no", note: nil, session: live)
    case .fixed(let word):
      return ComputedAnswer(
        value: nil, word: word, explanation: "", summary: word, note: nil, session: live)
    }
  }

  /// `w₃ = 2`, `x = [1, 0.5]`, `mode article`: where `mine` differs from `lesson` in what
  /// decides the answer.
  func describeChanges(from lesson: SessionState, to mine: SessionState, _ n: Notation)
    -> [String]
  {
    var changes: [String] = []
    for w in Weight.allCases where lesson.model.weights[w] != mine.model.weights[w] {
      changes.append("\(n.w(w.index)) = \(n.value(mine.model.weights[w]))")
    }
    // The generalised cell (beyond the article): its biases, φ and whether b and c train.
    for b in Bias.allCases where lesson.model.weights[b] != mine.model.weights[b] {
      changes.append("\(b.rawValue) = \(n.value(mine.model.weights[b]))")
    }
    if lesson.model.activation != mine.model.activation {
      let a = mine.model.activation
      changes.append("activation \(a == .absoluteValue ? "abs" : a.rawValue)")
    }
    if lesson.model.trainsBiases != mine.model.trainsBiases {
      changes.append("train bias \(mine.model.trainsBiases ? "on" : "off")")
    }
    // The LSTM's 14 parameters and its own learning rate, while both sessions run it.
    if let theirs = lesson.lstm, let ours = mine.lstm {
      for p in LSTMParameter.allCases where theirs.model.weights[p] != ours.model.weights[p] {
        changes.append("\(p.rawValue) = \(n.value(ours.model.weights[p]))")
      }
      if theirs.learningRate != ours.learningRate {
        changes.append("lr = \(n.value(ours.learningRate))")
      }
    }
    if lesson.inputs != mine.inputs {
      changes.append("x = [\(mine.inputs.map { n.value($0) }.joined(separator: ", "))]")
    }
    if lesson.target != mine.target {
      changes.append("y = \(mine.target.map { n.value($0) } ?? "nothing")")
    }
    if lesson.model.architecture != mine.model.architecture {
      changes.append("model \(mine.model.architecture.rawValue)")
    }
    if (lesson.lstm == nil) != (mine.lstm == nil) {
      changes.append(mine.lstm == nil ? "model \(mine.model.architecture.rawValue)" : "model lstm")
    }
    if lesson.model.mode != mine.model.mode { changes.append("mode \(mine.model.mode.rawValue)") }
    if lesson.learningRate != mine.learningRate {
      changes.append("lr = \(n.value(mine.learningRate))")
    }
    return changes
  }

  /// Judges the learner's answer. Right: the value and where it came from. Wrong the first
  /// time: "not yet", what the wrong number is if it is a known wrong path, and the next
  /// hint. Wrong again, or with no hint left: the worked answer.
  mutating func answer(_ words: [String], hooks: Hooks = .none) throws(CommandError) -> String {
    guard let run = lessonBook.run, let question = run.current.question else {
      throw lessonBook.run == nil ? .noLesson(command: "answer") : .noQuestion
    }
    guard !words.isEmpty else {
      throw .badArguments(
        .expected(
          question.choices.isEmpty
            ? "a number" : "one of \(question.choices.joined(separator: ", "))"))
    }
    let given = words.joined(separator: " ")
    let expected = try computedAnswer(hooks: hooks)
    let right: Bool
    var diagnosis: String?
    if let value = expected.value, case .number(let q, let tolerance) = question.answer {
      guard words.count == 1 else { throw .badArguments(.expected("one number")) }
      let number = try Parse.number(words[0], "answer")
      right = tolerance.accepts(number, for: value)
      if !right {
        let paths = LessonMistake.paths(
          to: q, in: expected.session, written: question.mistakes)
        // A path that gives the right number too is no mistake here.
        diagnosis =
          paths.first {
            tolerance.accepts(number, for: $0.value) && !tolerance.accepts($0.value, for: value)
          }
          .map { $0.mistake.explanation(for: q, in: expected.session) }
      }
    } else {
      let word = given.lowercased()
      let matches = question.choices.filter { $0.hasPrefix(word) }
      let choice = question.choices.contains(word) ? word : matches.count == 1 ? matches[0] : nil
      guard let choice else {
        throw .unknownName(given, what: "answer", accepted: question.choices)
      }
      right = choice == expected.word
      // A sign question has one wrong path worth naming: Eq. 4's printed sign.
      if !right, case .sign(let q) = question.answer {
        diagnosis = LessonMistake.paths(to: q, in: expected.session, written: [])
          .first { path in
            path.mistake == .lossSignFlipped
              && (path.value > 0 ? "positive" : path.value < 0 ? "negative" : "zero") == choice
          }
          .map { $0.mistake.explanation(for: q, in: expected.session) }
      }
    }
    noteFirstTry(right: right)
    let u = traits.unicode
    let cross = u ? "✗ " : ""
    if right {
      lessonBook.run!.answered = true
      return "\(u ? "✓ " : "")right: \(expected.summary)\n" + workedAnswer(expected, question)
    }
    var text =
      "\(cross)\(run.answered || run.wrongTries > 0 ? "not quite" : "not yet"): you answered \(visible(given))"
    text = wrapMarkdown(text + (diagnosis.map { "; " + $0 } ?? ""))
    let step = run.current
    if !run.answered && run.wrongTries == 0 && run.hintsShown < step.hints.count {
      lessonBook.run!.wrongTries += 1
      return text + (try nextHint(hooks: hooks))
        + notation.text("  (one more try: 'answer …' again; 'reveal' shows the answer)\n")
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
    if session.state.forward == nil { _ = run("step") }
    for _ in 0..<limit where session.state.forward?.isComplete == false { _ = run("step") }
    guard session.state.backward != nil || backward else { return }
    if session.state.backward == nil { _ = run("back") }
    for _ in 0..<limit where session.state.backward?.isComplete == false { _ = run("back") }
  }
}
