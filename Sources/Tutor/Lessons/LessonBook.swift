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

  init(lesson: Lesson) {
    self.lesson = lesson
    entries = Array(repeating: nil, count: lesson.steps.count)
  }

  var current: LessonStep { lesson.steps[step] }

  /// The state step `k` starts from: the end of step k−1 (or a fresh session) and k's setup.
  mutating func entryState(_ k: Int) -> SessionState {
    if let state = entries[k] { return state }
    var player = LessonPlayer(state: k == 0 ? SessionState() : endState(k - 1))
    player.run(lesson.steps[k].setup)
    entries[k] = player.state
    return player.state
  }

  /// The state after step `k`'s commands, typed as the lesson shows them: where its
  /// question's answer is computed.
  mutating func endState(_ k: Int) -> SessionState {
    var player = LessonPlayer(state: entryState(k))
    player.run(lesson.steps[k].commands)
    return player.state
  }
}
