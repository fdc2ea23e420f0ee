import RNN

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One state the session has been in, as `undo` and `redo` bring it back: the state, where the
/// learner was in a lesson, and whether the quiz was on.
struct Moment: Sendable {
  var state: SessionState
  /// The lesson running then (its step and how many of the step's commands were typed).
  var run: LessonRun?
  /// The learner's own state from before their first lesson, which `lesson end` brings back.
  var stateBeforeLesson: SessionState?
  var quiz: Quiz?
  /// The command that led to this moment from the one before it, as typed.
  var command: String
  /// The bytes this moment holds that the moment before it in the timeline does not share
  /// (the whole of it for the oldest moment): see `Timeline.bytes`.
  var bytes = 0

  /// The lesson and step, if a lesson was running.
  var place: LessonPlace? { run.map { LessonPlace(id: $0.lesson.id, step: $0.step) } }

  /// True when `other` is a different moment as undo sees it: another state, lesson step,
  /// own state kept for `lesson end` or none, or the quiz switched on or off.
  ///
  /// A state no command touched is the same bytes (the same scalars and the same buffers),
  /// which is checked first: `==` alone would call a state holding NaN (a loaded save can
  /// hold a diverged gradient) different from itself.
  func differs(from other: Moment) -> Bool {
    let sameState = withUnsafeBytes(of: state) { a in
      withUnsafeBytes(of: other.state) { b in memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0 }
    }
    return place != other.place
      || (stateBeforeLesson == nil) != (other.stateBeforeLesson == nil)
      || (quiz == nil) != (other.quiz == nil) || !sameState && state != other.state
  }
}

/// A lesson and a step of it (0-based), the unit `undo` stays inside.
struct LessonPlace: Equatable, Sendable {
  let id: String
  let step: Int
}

/// The states the session has been in, oldest first, and which of them is now: what `undo`
/// and `redo` walk through.
///
/// A ring of at most `stateLimit` moments whose estimated memory stays under `byteLimit`; past
/// either, the oldest are dropped. Recording a command costs O(1) (amortised): the states share
/// their buffers (arrays, and the passes' `AppendOnlyLog`s), so keeping one is keeping a few
/// references, and its estimate looks only at which buffers changed since the moment before.
struct Timeline: Sendable {
  /// The most moments kept.
  static let stateLimit = 1_000
  /// The most bytes the moments may hold by `Moment.bytes`' estimate (64 MiB).
  static let byteLimit = 64 << 20

  private var slots: [Moment?] = []
  /// Where moment 0 (the oldest) sits in `slots`.
  private var head = 0
  /// How many moments are kept.
  private(set) var count = 0
  /// Which moment (0..<count) the session is in now; 0 while nothing is kept.
  var cursor = 0
  /// The estimated bytes all kept moments hold: each counts the buffers the one before it
  /// does not hold, so a buffer shared by a run of moments is counted once (or more, never
  /// less: buffers are compared field by field).
  private(set) var bytes = 0
  /// Moments dropped at the oldest end to stay within the limits.
  private(set) var dropped = 0

  /// Moment `i`, 0 the oldest.
  subscript(i: Int) -> Moment {
    precondition(i >= 0 && i < count, "moment \(i) out of 0..<\(count)")
    return slots[(head + i) % slots.count]!
  }

  /// Makes `moment` the newest, after the current one, which is `before` when nothing is kept
  /// yet. The moments after the current one (those `redo` would replay) are dropped first,
  /// then the oldest while either limit is passed.
  mutating func record(_ moment: Moment, after before: Moment) {
    if count == 0 {
      var first = before
      first.bytes = first.estimatedBytes(beyond: nil)
      append(first)
    }
    while count > cursor + 1 { removeLast() }
    var new = moment
    new.bytes = new.estimatedBytes(beyond: self[count - 1])
    append(new)
    cursor = count - 1
    while count > 1 && (count > Self.stateLimit || bytes > Self.byteLimit) { removeFirst() }
  }

  private mutating func append(_ moment: Moment) {
    if count < slots.count {
      slots[(head + count) % slots.count] = moment
    } else {
      // Every slot is taken: unwrap the ring (the byte budget may have moved its start) and
      // grow it by one. It grows at most `stateLimit` times in a session.
      precondition(
        slots.count <= Self.stateLimit, "the oldest moment goes before the ring overflows")
      if head != 0 {
        slots = Array(slots[head...] + slots[..<head])
        head = 0
      }
      slots.append(moment)
    }
    count += 1
    bytes += moment.bytes
  }

  private mutating func removeLast() {
    let index = (head + count - 1) % slots.count
    bytes -= slots[index]!.bytes
    slots[index] = nil
    count -= 1
  }

  /// Drops the oldest moment; the next becomes the oldest and now counts all it holds.
  private mutating func removeFirst() {
    bytes -= slots[head]!.bytes
    slots[head] = nil
    head = (head + 1) % slots.count
    count -= 1
    cursor -= 1
    dropped += 1
    let index = head
    let old = slots[index]!.bytes
    slots[index]!.bytes = slots[index]!.estimatedBytes(beyond: nil)
    bytes += slots[index]!.bytes - old
  }
}

// MARK: Memory estimates

/// The bytes of `array`'s buffer unless it is the buffer of `a`, `b` or `c`. (Fixed
/// arguments, not variadic ones: this runs a dozen times for every command.)
func bufferBytes<T>(_ array: [T], unless a: [T]?, _ b: [T]? = nil, _ c: [T]? = nil)
  -> Int
{
  guard array.capacity > 0 else { return 0 }
  let base = array.withUnsafeBufferPointer { $0.baseAddress }
  if let a, a.withUnsafeBufferPointer({ $0.baseAddress }) == base { return 0 }
  if let b, b.withUnsafeBufferPointer({ $0.baseAddress }) == base { return 0 }
  if let c, c.withUnsafeBufferPointer({ $0.baseAddress }) == base { return 0 }
  return array.capacity * MemoryLayout<T>.stride
}

/// The bytes of `log`'s buffer unless it is the buffer of `a` or `b`.
func bufferBytes<T>(
  _ log: AppendOnlyLog<T>, unless a: AppendOnlyLog<T>?, _ b: AppendOnlyLog<T>? = nil
) -> Int {
  if let a, log.sharesBuffer(with: a) { return 0 }
  if let b, log.sharesBuffer(with: b) { return 0 }
  return log.bufferCapacity * MemoryLayout<T>.stride
}

extension Moment {
  /// The bytes this moment holds beyond `previous`: its own size, and every buffer of its
  /// states that the same field of `previous` does not hold (all of them without
  /// `previous`). The lessons themselves are not counted: the lesson book holds them anyway.
  func estimatedBytes(beyond previous: Moment?) -> Int {
    var total = MemoryLayout<Moment>.stride + command.utf8.count
    total += state.estimatedBytes(beyond: previous?.state)
    if let own = stateBeforeLesson {
      total += own.estimatedBytes(beyond: previous?.stateBeforeLesson)
    }
    if let entries = run?.entries,
      bufferBytes(entries, unless: previous?.run?.entries) > 0
    {
      total += entries.capacity * MemoryLayout<SessionState?>.stride
      let before = previous?.run?.entries
      for (i, entry) in entries.enumerated() {
        let old = before.flatMap { i < $0.count ? $0[i] : nil }
        total += entry?.estimatedBytes(beyond: old) ?? 0
      }
    }
    return total
  }
}

extension SessionState {
  /// The bytes of this state's buffers (inputs, data set, passes, training run, displays, the
  /// LSTM's) that the same fields of `previous` do not hold; its inline size is the caller's.
  func estimatedBytes(beyond previous: SessionState?) -> Int {
    var total = bufferBytes(inputs, unless: previous?.inputs)
    if let samples = dataset?.samples,
      bufferBytes(samples, unless: previous?.dataset?.samples) > 0
    {
      total += samples.capacity * MemoryLayout<Sample>.stride
      let before = previous?.dataset?.samples
      for (i, sample) in samples.enumerated() {
        let old = before.flatMap { i < $0.count ? $0[i].inputs : nil }
        total += bufferBytes(sample.inputs, unless: old, inputs)
      }
    }
    total += rnn.estimatedBytes(beyond: previous?.rnn, inputs: inputs)
    if bufferBytes(displays, unless: previous?.displays) > 0 {
      total += displays.capacity * MemoryLayout<String>.stride
      total += displays.reduce(0) { $0 + $1.utf8.count }
    }
    if let other {
      total += other.model.estimatedBytes(beyondAny: previous?.other?.model, inputs: inputs)
    }
    return total
  }
}

// MARK: The session's side

extension Session {
  /// The session now, as the timeline keeps it; `command` is what led here.
  func moment(after command: String) -> Moment {
    Moment(
      state: state, run: lessonBook.run, stateBeforeLesson: lessonBook.stateBeforeLesson,
      quiz: quiz, command: command)
  }

  /// Makes the session `moment`'s again. Inside a lesson's step only the count of the step's
  /// commands typed goes back with the state: answers, hints and ticks stay as they are.
  /// A question the quiz was asking is dropped (it was about the state being left).
  mutating func restore(_ moment: Moment) {
    state = moment.state
    if var run = lessonBook.run, let saved = moment.run,
      run.lesson.id == saved.lesson.id && run.step == saved.step
    {
      run.typed = saved.typed
      lessonBook.run = run
    } else {
      lessonBook.run = moment.run
    }
    lessonBook.stateBeforeLesson = moment.stateBeforeLesson
    if var kept = moment.quiz.map({ _ in quiz ?? moment.quiz! }) {
      kept.pending = []
      kept.withheld = ""
      quiz = kept
    } else {
      quiz = nil
    }
  }

  /// After a command succeeded: keeps the state it left as the newest moment, when the
  /// command changed one and was not `undo` or `redo` itself. `before` is the session the
  /// command ran on, which lets go of its timeline here so that appending to this one
  /// copies nothing.
  mutating func recordMoment(_ command: String, before: inout Session) {
    let travelled =
      timeline.cursor != before.timeline.cursor
      || timeline.count != before.timeline.count
    before.timeline = Timeline()
    guard !travelled else { return }
    let old = before.moment(after: "")
    let new = moment(after: command)
    if new.differs(from: old) { timeline.record(new, after: old) }
  }
}
