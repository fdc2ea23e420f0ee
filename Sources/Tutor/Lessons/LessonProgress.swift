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
    /// What the learner did with each question, by step, for `lessons report`.
    var questions: [Int: Question] = [:]
    /// The lesson's content hash (`Lesson.contentHash`) when `questions` were answered.
    var hash: String?
  }

  /// What the learner did with one question, the first time through it: kept until it is
  /// settled (answered right, or its answer shown), then left as it was.
  struct Question: Equatable, Sendable {
    /// Answers graded: the right one and the wrong ones (a "close" answer is not graded).
    var tries = 0
    /// Hints shown before the question was settled.
    var hints = 0
    /// The stable names (`LessonMistake.stableName`) of the wrong answers minirnn
    /// recognised, in the order given.
    var mistakes: [String] = []
    /// Seconds from when the step was shown (or resumed) to each answer, until the question
    /// was settled: the time spent on it, over every sitting.
    var seconds = 0
    /// True once the question was answered right or its answer was shown.
    var settled = false
  }

  /// By lesson id (`03-bptt`).
  var records: [String: Record] = [:]
  /// The lesson running, or the last one that ran.
  var current: String?
  /// The name the learner chose for reports (`lessons name`), if any.
  var learner: String?

  /// Limits on what progress keeps, so that a damaged or hostile file stays small.
  static let maxCount = 10_000
  static let maxSeconds = 10_000_000
  static let maxMistakes = 100
  static let maxNameLength = 100

  /// Why `name` cannot be a learner's name, or nil: at most 100 characters, on one line,
  /// nothing that `visible` would have to show differently (control or format characters).
  static func problem(withName name: String) -> String? {
    if name.isEmpty { return "a name needs at least one character" }
    if name.unicodeScalars.count > maxNameLength {
      return "a name has at most \(maxNameLength) characters"
    }
    if visible(name, keepingLines: false) != name {
      return "a name cannot hold control characters ('\(shown(name))')"
    }
    return nil
  }

  init() {}

  static let header = "# minirnn lesson progress, version 1 (written by minirnn)"

  /// One line per lesson, in a fixed order so the same progress gives the same text:
  ///
  ///     current 03-bptt
  ///     lesson 03-bptt step 4 done 1 2 3
  ///     lesson 00-part1-recap step 6 done 1 2 3 4 5 6 tried 2 3 first 3 completed
  ///     lesson 05-training step 2 done 1 tried 2 hints 1 tries 1
  ///     hash 05-training fnv1a64:0123456789abcdef
  ///     question 05-training 2 tries 2 hints 1 seconds 40 settled mistakes offByOne
  ///     learner Ada L.
  ///
  /// `hints`, `tries` and `answered` (the step the learner is on) came later, and so did
  /// the `hash`, `question` and `learner` lines (for `lessons report`); a file without them
  /// reads as before.
  var text: String {
    var lines = [Self.header]
    if let current { lines.append("current \(current)") }
    if let learner { lines.append("learner \(learner)") }
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
      if let hash = r.hash { lines.append("hash \(id) \(hash)") }
      for k in r.questions.keys.sorted() {
        let q = r.questions[k]!
        var line = "question \(id) \(k) tries \(q.tries) hints \(q.hints) seconds \(q.seconds)"
        if q.settled { line += " settled" }
        if !q.mistakes.isEmpty { line += " mistakes " + q.mistakes.joined(separator: " ") }
        lines.append(line)
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// A `question` line's words after `question ID`, or nil when they are not one.
  private static func question(_ words: ArraySlice<String>) -> (Int, Question)? {
    func count(_ word: String, _ limit: Int) -> Int? {
      Int(word).flatMap { (0...limit).contains($0) ? $0 : nil }
    }
    guard words.count >= 7, let step = count(words[words.startIndex], maxCount), step >= 1
    else { return nil }
    let rest = Array(words.dropFirst())
    guard rest[0] == "tries", let tries = count(rest[1], maxCount), rest[2] == "hints",
      let hints = count(rest[3], maxCount), rest[4] == "seconds",
      let seconds = count(rest[5], maxSeconds)
    else { return nil }
    var question = Question(tries: tries, hints: hints, seconds: seconds)
    var tail = rest.dropFirst(6)
    if tail.first == "settled" {
      question.settled = true
      tail = tail.dropFirst()
    }
    if tail.first == "mistakes" {
      let names = tail.dropFirst()
      guard !names.isEmpty, names.count <= maxMistakes,
        names.allSatisfy({ LessonMistake.isStableName($0) })
      else { return nil }
      question.mistakes = Array(names)
      tail = []
    }
    return tail.isEmpty ? (step, question) : nil
  }

  /// Reads `text`; lines it cannot read are skipped and described in `problems`, so a
  /// damaged file loses only what is damaged.
  init(text: String, problems: inout [String]) {
    // `hash` and `question` lines belong to a `lesson` line, which may come later.
    var hashes: [String: (line: Int, hash: String)] = [:]
    var questions: [String: [(line: Int, step: Int, question: Question)]] = [:]
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
      case "learner":
        let name = String(line.dropFirst("learner".count)).trimmingWhitespace()
        guard Self.problem(withName: name) == nil else {
          skip()
          continue
        }
        learner = name
      case "hash" where words.count == 3 && Lesson.isID(words[1]) && Lesson.isHash(words[2]):
        hashes[words[1]] = (index + 1, words[2])
      case "question" where words.count >= 3 && Lesson.isID(words[1]):
        guard let (step, question) = Self.question(words[2...]) else {
          skip()
          continue
        }
        questions[words[1], default: []].append((index + 1, step, question))
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
    for (id, hash) in hashes {
      guard records[id] != nil else {
        problems.append("lesson progress, line \(hash.line): no 'lesson \(id)' line; skipped")
        continue
      }
      records[id]!.hash = hash.hash
    }
    for (id, lines) in questions {
      for line in lines {
        guard records[id] != nil else {
          problems.append("lesson progress, line \(line.line): no 'lesson \(id)' line; skipped")
          continue
        }
        records[id]!.questions[line.step] = line.question
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
      // Each question as the side that got further with it recorded it.
      for (k, q) in other.questions {
        guard let mine = record.questions[k] else {
          record.questions[k] = q
          continue
        }
        if !mine.settled && (q.settled || q.tries > mine.tries) { record.questions[k] = q }
      }
      record.hash = record.hash ?? other.hash
      merged.records[id] = record
    }
    if current != base.current { merged.current = current }
    if learner != base.learner { merged.learner = learner }
    return merged
  }
}

extension Lesson {
  /// True for `03-bptt`: what a lesson's id looks like.
  public static func isID(_ text: String) -> Bool {
    numberAndName(ofFile: text + ".md") != nil
  }
}
