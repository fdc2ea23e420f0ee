import RNN

extension Session {
  /// How many moments `undo` (backwards) or `redo` can move: inside a lesson, only through the
  /// moments of the step the learner is in.
  func reach(backwards: Bool) -> Int {
    guard timeline.count > 0 else { return 0 }
    let cursor = timeline.cursor
    guard let place = lessonBook.run.map({ LessonPlace(id: $0.lesson.id, step: $0.step) }) else {
      return backwards ? cursor : timeline.count - 1 - cursor
    }
    guard timeline[cursor].place == place else { return 0 }
    var i = cursor
    if backwards {
      while i > 0 && timeline[i - 1].place == place { i -= 1 }
    } else {
      while i < timeline.count - 1 && timeline[i + 1].place == place { i += 1 }
    }
    return abs(cursor - i)
  }

  /// `undo N` (`steps` < 0) and `redo N`: brings back the state the session was in that many
  /// state-changing commands ago (or forward again), and says in one line what changed.
  mutating func travel(by steps: Int) throws(CommandError) -> String {
    let backwards = steps < 0
    let verb = backwards ? "undo" : "redo"
    let available = reach(backwards: backwards)
    let asked = abs(steps)
    guard asked <= available else {
      throw .notReady(travelRefusal(verb, asked: asked, available: available))
    }
    let from = timeline.cursor
    let to = from + steps
    let commands = (backwards ? Array((to + 1)...from).reversed() : Array((from + 1)...to))
      .map { timeline[$0].command }
    let before = moment(after: "")
    restore(timeline[to])
    timeline.cursor = to
    let what =
      commands.count == 1
      ? "'\(shortCommand(commands[0]))'"
      : "\(commands.count) commands (" + commands.map { shortCommand($0) }.joined(separator: ", ")
        + ")"
    var changes = describeChanges(from: before.state, to: state)
    let place = { (run: LessonRun?) in
      run.map { "lesson \(Lesson.twoDigits($0.lesson.number)), step \($0.step + 1)" }
        ?? "no lesson running"
    }
    if place(lessonBook.run) != place(before.run) { changes.insert(place(lessonBook.run), at: 0) }
    if (quiz == nil) != (before.quiz == nil) {
      changes.append(quiz == nil ? "quiz off" : "quiz on")
    }
    return notation.text(
      "\(backwards ? "undid" : "redid") \(what): "
        + (changes.isEmpty ? "the session is as it was" : changes.joined(separator: "; ")) + "\n")
  }

  /// Why `undo N` or `redo N` cannot go that far, with what can be done instead.
  private func travelRefusal(_ verb: String, asked: Int, available: Int) -> String {
    let inLesson = lessonBook.run.map {
      "step \($0.step + 1) of lesson \(Lesson.twoDigits($0.lesson.number))"
    }
    if available == 0 {
      if let inLesson, verb == "undo" {
        return
          "undo stays inside the lesson's step, and nothing in \(inLesson) can be undone yet; 'prev' goes to the step before"
      }
      if let inLesson {
        return "nothing in \(inLesson) to redo"
      }
      return verb == "undo"
        ? "nothing to undo yet: commands that change the session (set, step, back, train, load, …) can be undone"
        : "nothing to redo: redo replays what undo took back, until another command changes the session"
    }
    let limit = inLesson.map { " inside \($0)" } ?? ""
    return
      "\(verb) \(asked): only \(Parse.counted(available, "command")) can be \(verb == "undo" ? "undone" : "redone")\(limit)"
  }

  /// A command as `undo` and `history` name it: at most `limit` characters of it (an `input`
  /// can be a megabyte long), with no escapes.
  func shortCommand(_ command: String, limit: Int = 40) -> String {
    let text = visible(String(command.prefix(limit + 1)), keepingLines: false)
    return text.count <= limit ? text : notation.text(text.prefix(limit - 1) + "…")
  }

  /// `reset all` (a fresh session, as minirnn starts) and `reset article` (§3's start: the
  /// printed code's model and data). Undoable like any command; refused inside a lesson,
  /// whose step sets up its own state.
  mutating func resetAll(article: Bool) throws(CommandError) -> String {
    let word = article ? "reset article" : "reset all"
    if let run = lessonBook.run {
      throw .notReady(
        "\(word): lesson \(Lesson.twoDigits(run.lesson.number)) is running and sets up its own state; 'lesson end' leaves it first"
      )
    }
    let before = state
    var fresh = SessionState()
    if article {
      fresh.model.architecture = .part2
      fresh.model.mode = .article
      fresh.rnn.model.randomize(using: &fresh.generator)
    }
    state = fresh
    quiz = nil
    lastRepeatable = nil
    let discarded = describeChanges(from: fresh, to: before)
    let w = fresh.model.weights
    let weights = "w1 = \(plainNumber(w.w1)), w2 = \(plainNumber(w.w2)), w3 = \(plainNumber(w.w3))"
    let data = "data \(fresh.dataset?.name ?? "none"), \(learningRateText(fresh.learningRate))"
    let what =
      article
      ? "§3's start, the code as printed: model part2, mode article, \(data); \(weights), drawn uniformly from [0, 1) like torch.rand(1), by minirnn's generator from seed \(fresh.seed) (the article does not print its own draw, and PyTorch's generator gives other numbers)"
      : "a fresh session, as minirnn starts: model \(fresh.model.architecture.rawValue), mode \(fresh.model.mode.rawValue), \(weights), \(data)"
    return notation.text(
      "\(word): \(what)\n"
        + (discarded.isEmpty
          ? "(nothing was discarded: the session was already so)\n"
          : "discarded: " + discarded.joined(separator: "; ") + " ('undo' brings it back)\n"))
  }
}
