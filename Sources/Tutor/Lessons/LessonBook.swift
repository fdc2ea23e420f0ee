/// The lessons a session knows, the learner's progress, and the lesson running now.
struct LessonBook: Sendable {
  /// Installed lessons, by number.
  var lessons: [Lesson] = []
  var progress = LessonProgress()
  /// Bumped whenever `progress` changes, so the executable knows when to save it.
  var revision = 0
  var run: LessonRun?
  /// The learner's own state from before the first lesson they started, which
  /// `lesson end` brings back.
  var stateBeforeLesson: SessionState?

  /// The installed lesson `text` names: its number (`3`, `03`), name (`bptt`) or id.
  func lesson(named text: String) -> Lesson? {
    if let n = Int(text) { return lessons.first { $0.number == n } }
    return lessons.first { $0.name == text || $0.id == text }
  }

  mutating func updateProgress(of id: String, _ change: (inout LessonProgress.Record) -> Void) {
    var record = progress.records[id] ?? LessonProgress.Record()
    change(&record)
    let current = progress.current
    progress.current = id
    guard progress.records[id] != record || current != id else { return }
    progress.records[id] = record
    revision += 1
  }
}

/// A lesson in progress: which step, and what the learner has done in it.
///
/// Every step starts from a known state: the lesson's own replay of the steps before it
/// (their setups and commands, in a fresh session) plus the step's setup. That state is
/// kept as the step's entry snapshot, so `prev` and `goto` can return to it exactly.
struct LessonRun: Sendable {
  let lesson: Lesson
  /// 0-based.
  var step = 0
  /// The state each step starts from, once computed.
  var entries: [SessionState?]
  /// How many of the step's commands the learner has typed, in order.
  var typed = 0
  var hintsShown = 0
  /// Wrong answers so far; the first gets a hint, the second the worked answer.
  var wrongTries = 0
  /// The question is settled: answered right, or its answer was shown.
  var answered = false
  /// "done" was said for this step, or it was done on an earlier visit.
  var announcedDone = false
  /// The learner's session just before each command that ticked one of the step's
  /// commands, with how many were typed then: where a parameter the step updates started
  /// from, and what a question is graded on once the learner has typed past it.
  var typedStates: [(typed: Int, state: SessionState)] = []
  /// Per step, where its question is graded (`LessonStep.questionPoint`) and the lesson's
  /// own state there, once computed.
  var questionStates: [Int: (point: Int, state: SessionState)] = [:]
  /// When the step was shown (or the lesson resumed at it), by the session's clock
  /// (`Hooks.now`): a question's time in a report counts from here.
  var shownAt: Duration?

  init(lesson: Lesson) {
    self.lesson = lesson
    entries = Array(repeating: nil, count: lesson.steps.count)
  }

  var current: LessonStep { lesson.steps[step] }

  /// The state step `k` starts from: the end of step k−1 (or a fresh session) and k's setup.
  ///
  /// Computed forward from the nearest step whose entry state is known, one step at a time
  /// (a loop, not a recursion: a lesson of thousands of steps must not exhaust the stack).
  /// `hooks.shouldStop` is asked after every command (and by `train` inside one); when it says stop, nothing is cached for
  /// the unfinished step and `interrupted` is thrown.
  mutating func entryState(_ k: Int, hooks: Hooks = .none) throws(Interrupted)
    -> SessionState
  {
    var first = k
    while first > 0 && entries[first] == nil { first -= 1 }
    var state = entries[first] ?? SessionState()
    if entries[first] == nil {
      state = try play(lesson.steps[first].setup, from: state, hooks: hooks)
      entries[first] = state
    }
    for j in stride(from: first + 1, through: k, by: 1) {
      state = try play(lesson.steps[j - 1].commands, from: state, hooks: hooks)
      state = try play(lesson.steps[j].setup, from: state, hooks: hooks)
      entries[j] = state
    }
    return state
  }

  /// The state after step `k`'s commands, typed as the lesson shows them: where its
  /// question's answer is computed.
  mutating func endState(_ k: Int, hooks: Hooks = .none) throws(Interrupted)
    -> SessionState
  {
    try play(lesson.steps[k].commands, from: entryState(k, hooks: hooks), hooks: hooks)
  }

  /// Runs `commands` in a lesson player starting from `state`.
  private func play(
    _ commands: [TranscriptCommand], from state: SessionState, hooks: Hooks
  ) throws(Interrupted) -> SessionState {
    var player = LessonPlayer(state: state)
    for command in commands {
      _ = player.run(command.command, hooks: hooks)
      if hooks.shouldStop() { throw Interrupted() }
    }
    return player.state
  }

  /// A lesson's own replay was stopped (Ctrl-C) before it reached the step.
  struct Interrupted: Error {}
}
