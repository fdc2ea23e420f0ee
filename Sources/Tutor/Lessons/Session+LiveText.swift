/// Live text in the running step: each block's words computed from the learner's session at
/// that point of the step (`LiveText`).
extension Session {
  /// The learner's session at block `index` of the running step: the step's commands that
  /// stand before that block and that the learner has not typed yet, run on a copy. With
  /// `index` nil, at the step's question (or its end when it asks none). A question that
  /// comes before all of the step's commands stands after its first transcript block: it
  /// asks the learner to predict what those commands will show.
  ///
  /// `ahead` is for what the session has not computed yet there (a question asked before
  /// the commands that answer it): the same copy after the next transcript block too, with
  /// the forward and backward passes completed. Nothing the learner sees changes. Ctrl-C
  /// (`hooks`) stops the replay where it is, and then nothing is shown from it: the words
  /// of a half-replayed step could be false, so an interrupted replay throws.
  func liveSessions(atBlock index: Int?, hooks: Hooks = .none) throws(CommandError) -> (
    here: Session, ahead: Session
  ) {
    guard let run = lessonBook.run else { return (self, self) }
    let step = run.current
    let block = min(
      index
        ?? step.blocks.firstIndex(where: { if case .question = $0 { true } else { false } })
        ?? step.blocks.count, step.blocks.count)
    func commands(in blocks: ArraySlice<LessonBlock>) -> Int {
      blocks.reduce(0) { count, block in
        if case .transcript(let commands) = block { count + commands.count } else { count }
      }
    }
    var before = commands(in: step.blocks[..<block])
    let next = step.blocks[block...].firstIndex { if case .transcript = $0 { true } else { false } }
    let through = before + (next.map { commands(in: step.blocks[$0...$0]) } ?? 0)
    // A question asked before any of the step's commands predicts what the first of them
    // show: it stands where they end.
    if before == 0, block < step.blocks.count, case .question = step.blocks[block] {
      before = through
    }
    var player = LessonPlayer(state: state)
    func play(_ range: Range<Int>) {
      guard range.lowerBound < range.upperBound else { return }
      for command in step.commands[range] where !hooks.shouldStop() {
        _ = player.run(command.command, hooks: hooks)
      }
    }
    let typed = min(run.typed, step.commands.count)
    play(typed..<max(typed, before))
    var here = player.session
    here.traits = traits
    play(max(typed, before)..<max(typed, before, through))
    if hooks.shouldStop() { throw .interruptedLessonReplay(step: run.step + 1) }
    player.completePasses(backward: true)
    var ahead = player.session
    ahead.traits = traits
    return (before > typed ? here : self, ahead)
  }

  /// The state the running step started from (for conditions such as `loss is lower`).
  var liveEntry: SessionState {
    guard let run = lessonBook.run else { return state }
    return run.entries[run.step] ?? state
  }

  /// `markdown` (a block, a question, a hint, `Why:`) with its live values and wordings
  /// taken at block `index` of the running step (nil: where its question stands).
  func liveMarkdown(_ markdown: String, atBlock index: Int?, hooks: Hooks = .none)
    throws(CommandError) -> String
  {
    guard markdown.contains("<!--"), let live = try? LiveText(parsing: markdown), live.isLive
    else { return markdown }
    let (here, ahead) = try liveSessions(atBlock: index, hooks: hooks)
    return live.markdown(in: here, fallback: ahead, entry: liveEntry)
  }

  /// `markdown` with its live values and wordings taken from `session` (where an answer was
  /// computed), or after the passes it is heading for.
  func liveMarkdown(_ markdown: String, in session: Session) -> String {
    guard markdown.contains("<!--"), let live = try? LiveText(parsing: markdown), live.isLive
    else { return markdown }
    var completed = LessonPlayer(state: session.state)
    completed.completePasses(backward: true)
    var fallback = completed.session
    fallback.traits = session.traits
    return live.markdown(in: session, fallback: fallback, entry: liveEntry)
  }

  /// One line when the running step argues from the lesson's own numbers
  /// (`<!-- lesson numbers -->`) and the learner's session has left them: which changes its
  /// words do not follow, and how to get the lesson's numbers back.
  func lessonNumbersNote() -> String? {
    guard let run = lessonBook.run else { return nil }
    let step = run.current
    var texts = step.blocks.compactMap { block -> String? in
      if case .prose(let markdown) = block { markdown } else { nil }
    }
    texts += step.hints
    if let q = step.question { texts += [q.text] + (q.why.map { [$0] } ?? []) }
    guard texts.contains(where: { $0.contains(LiveText.lessonNumbersMarker) }),
      texts.contains(where: { (try? LiveText(parsing: $0))?.arguesFromLessonNumbers == true })
    else { return nil }
    var point = LessonPlayer(state: liveEntry)
    point.run(Array(step.commands[..<min(run.typed, step.commands.count)]))
    let changes = describeChanges(from: point.state, to: state, notation)
    guard !changes.isEmpty else { return nil }
    return wrapMarkdown(
      "(this step argues from the lesson's own numbers, so its words do not follow your \(changes.joined(separator: ", ")); 'goto \(run.step + 1)' starts the step again from them)"
    )
  }

  /// After a command that changed the model or the data inside a lesson: the paragraphs of
  /// the step whose words changed with it, shown again as they now read, so that no sentence
  /// on the screen is left describing a model the learner no longer has. Ctrl-C (`hooks`)
  /// while they are recomputed leaves them out, and says so.
  func liveTextChanges(since before: Session, hooks: Hooks = .none) -> String {
    guard let run = lessonBook.run, let old = before.lessonBook.run,
      old.lesson.id == run.lesson.id, old.step == run.step
    else { return "" }
    let step = run.current
    guard
      step.blocks.contains(where: { block in
        if case .prose(let m) = block { m.contains("<!--") } else { false }
      }) || step.question?.text.contains("<!--") == true
    else { return "" }
    guard !describeChanges(from: before.state, to: state, notation).isEmpty else { return "" }
    var changed: [String] = []
    for (i, block) in step.blocks.enumerated() {
      let markdown: String
      switch block {
      case .prose(let m): markdown = m
      case .question: markdown = step.question?.text ?? ""
      default: continue
      }
      guard markdown.contains("<!--") else { continue }
      let now: String
      let then: String
      do {
        now = try liveMarkdown(markdown, atBlock: i, hooks: hooks)
        then = try before.liveMarkdown(markdown, atBlock: i, hooks: hooks)
      } catch {
        return wrapMarkdown(
          "(interrupted: the step's words were not recomputed for your change; 'where' shows the step as it now reads)"
        )
      }
      if now != then {
        if case .question = block {
          changed.append(wrapMarkdown(now, prefix: "Question: "))
        } else {
          changed.append(wrapMarkdown(now))
        }
      }
    }
    var text = ""
    if !changed.isEmpty {
      text +=
        notation.styled("The step, as it reads for your model now:", .note) + "\n"
        + changed.joined(separator: "\n")
    }
    if let note = lessonNumbersNote(), before.lessonNumbersNote() == nil { text += note }
    return text
  }
}

extension LiveText {
  /// As `markdown(in:entry:)`, with `fallback` for the values and comparisons `session`
  /// cannot compute yet.
  func markdown(in session: Session, fallback: Session, entry: SessionState) -> String {
    func value(_ e: LessonExpression) -> Double? {
      (try? e.value(in: session)) ?? (try? e.value(in: fallback))
    }
    func holds(_ p: LessonPredicate) -> Bool {
      if case .compare(let l, let op, let r) = p {
        guard let a = value(l), let b = value(r) else { return false }
        return op.holds(a, b)
      }
      return p.holds(in: session.state, entry: entry)
    }
    func render(_ pieces: [Piece]) -> String {
      var out = ""
      for piece in pieces {
        switch piece {
        case .text(let text): out += text
        case .value(_, let e):
          out += value(e).map { session.notation.value($0) } ?? "(not computed)"
        case .choice(let branches):
          out += branches.first { $0.conditions.allSatisfy(holds) }.map { render($0.pieces) } ?? ""
        }
      }
      return out
    }
    return render(pieces)
  }
}
