/// How far the learner got in each lesson: what survives quitting minirnn.
///
/// Stored as a short text (see `text`), so the executable can keep it in a file without
/// knowing what is in it. Steps are 1-based, as the learner sees them.
struct LessonProgress: Equatable, Sendable {
  struct Record: Equatable, Sendable {
    /// The step the learner is on (or was on when they left).
    var step = 1
    /// Steps whose task was done.
    var done: Set<Int> = []
    /// True once the learner went past the last step.
    var completed = false
    /// Steps whose question was answered (or its answer shown) at least once.
    var tried: Set<Int> = []
    /// Steps whose question was answered right on the first try.
    var firstTry: Set<Int> = []
    /// On the step the learner is on: hints shown, wrong answers, and whether its question
    /// is settled, so that a restart goes on where they were (and a wrong try still counts).
    var hints = 0
    var tries = 0
    var answered = false
  }

  /// By lesson id (`03-bptt`).
  var records: [String: Record] = [:]
  /// The lesson running, or the last one that ran.
  var current: String?

  init() {}

  static let header = "# minirnn lesson progress, version 1 (written by minirnn)"

  /// One line per lesson, in a fixed order so the same progress gives the same text:
  ///
  ///     current 03-bptt
  ///     lesson 03-bptt step 4 done 1 2 3
  ///     lesson 00-part1-recap step 6 done 1 2 3 4 5 6 tried 2 3 first 3 completed
  ///     lesson 05-training step 2 done 1 tried 2 hints 1 tries 1
  ///
  /// `hints`, `tries` and `answered` (the step the learner is on) came later; a file
  /// without them reads as before.
  var text: String {
    var lines = [Self.header]
    if let current { lines.append("current \(current)") }
    for id in records.keys.sorted() {
      let r = records[id]!
      var line = "lesson \(id) step \(r.step)"
      if !r.done.isEmpty {
        line += " done " + r.done.sorted().map(String.init).joined(separator: " ")
      }
      for (word, steps) in [("tried", r.tried), ("first", r.firstTry)] where !steps.isEmpty {
        line += " \(word) " + steps.sorted().map(String.init).joined(separator: " ")
      }
      if r.hints > 0 { line += " hints \(r.hints)" }
      if r.tries > 0 { line += " tries \(r.tries)" }
      if r.answered { line += " answered" }
      if r.completed { line += " completed" }
      lines.append(line)
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// Reads `text`; lines it cannot read are skipped and described in `problems`, so a
  /// damaged file loses only what is damaged.
  init(text: String, problems: inout [String]) {
    for (index, raw) in splitLines(text).enumerated() {
      let line = raw.trimmingWhitespace()
      if line.isEmpty || line.hasPrefix("#") { continue }
      let words = line.split(separator: " ").map(String.init)
      func skip() {
        problems.append("lesson progress, line \(index + 1): cannot read '\(shown(line))'; skipped")
      }
      switch words.first {
      case "current" where words.count == 2 && Lesson.isID(words[1]):
        current = words[1]
      case "lesson" where words.count >= 4 && Lesson.isID(words[1]) && words[2] == "step":
        guard let step = Int(words[3]), step >= 1, step <= 10_000 else {
          skip()
          continue
        }
        var record = Record(step: step)
        var rest = words[4...]
        for word in ["done", "tried", "first"] where rest.first == word {
          rest = rest.dropFirst()
          var steps: Set<Int> = []
          while let first = rest.first, let k = Int(first), k >= 1, k <= 10_000 {
            steps.insert(k)
            rest = rest.dropFirst()
          }
          switch word {
          case "done": record.done = steps
          case "tried": record.tried = steps
          default: record.firstTry = steps
          }
        }
        for word in ["hints", "tries"] where rest.first == word {
          guard rest.count >= 2, let count = Int(rest[rest.startIndex + 1]), count >= 0,
            count <= 10_000
          else { break }
          if word == "hints" { record.hints = count } else { record.tries = count }
          rest = rest.dropFirst(2)
        }
        if rest.first == "answered" {
          record.answered = true
          rest = rest.dropFirst()
        }
        if rest.first == "completed" {
          record.completed = true
          rest = rest.dropFirst()
        }
        guard rest.isEmpty else {
          skip()
          continue
        }
        records[words[1]] = record
      default:
        skip()
      }
    }
  }
}

extension LessonProgress {
  /// This process's progress (`self`) merged with `theirs`, what another process saved
  /// since both started from `base`: a lesson only one side changed is taken from that
  /// side; one both changed keeps every step either did, is completed if either completed
  /// it, and keeps this side's place in it. A first try counts as right only where no side
  /// saw a wrong first answer.
  func merged(with theirs: LessonProgress, base: LessonProgress) -> LessonProgress {
    var merged = theirs
    for (id, ours) in records where ours != base.records[id] {
      guard let other = theirs.records[id], other != base.records[id] else {
        merged.records[id] = ours
        continue
      }
      var record = ours
      record.done.formUnion(other.done)
      record.tried.formUnion(other.tried)
      let wrongFirst = ours.tried.subtracting(ours.firstTry).union(
        other.tried.subtracting(other.firstTry))
      record.firstTry = ours.firstTry.union(other.firstTry).subtracting(wrongFirst)
      record.completed = ours.completed || other.completed
      merged.records[id] = record
    }
    if current != base.current { merged.current = current }
    return merged
  }
}

extension Lesson {
  /// True for `03-bptt`: what a lesson's id looks like.
  public static func isID(_ text: String) -> Bool {
    numberAndName(ofFile: text + ".md") != nil
  }
}
