/// A teacher's view of a class: learners' reports (`lessons report`) merged into one table
/// per question and one per learner. `minirnn report` reads the files and prints it.
///
/// Reports are untrusted: each is checked whole by `LearnerReport.read`, and one that fails
/// is left out with a sentence naming the file. For each lesson, the version most reports
/// answered (by content hash; on a tie, the one whose first report came first) is the one
/// compared; a report of another version is left out for that lesson only, with a sentence
/// naming the file, the lesson and both hashes.
public struct ClassReport: Sendable {
  /// The most reports one merge reads.
  public static let maxReports = 10_000
  /// Mistakes named per question in the table.
  static let commonMistakes = 3

  /// The reports read, in the order given, with the name each file was given by.
  private var reports: [(file: String, report: LearnerReport)] = []
  /// One sentence per report left out as a whole.
  public private(set) var refused: [String] = []

  public init() {}

  /// How many reports were read (refused ones included).
  public var count: Int { reports.count + refused.count }

  /// Reads one report; a report that cannot be read is left out, and `refused` says why.
  public mutating func add(file: String, text: String) {
    guard count < Self.maxReports else {
      refused.append(
        "\(visible(file, keepingLines: false)): left out: more than \(Self.maxReports) reports; merge them in groups"
      )
      return
    }
    do {
      reports.append((file, try LearnerReport.read(text)))
    } catch {
      refused.append("\(visible(file, keepingLines: false)) \(error); it is left out")
    }
  }

  /// One row of the questions' table.
  public struct QuestionRow: Equatable, Sendable {
    public let lesson: String
    public let step: Int
    /// Learners with an answer (or a shown answer) to the question.
    public let answered: Int
    public let firstTry: Int
    public let tries: Int
    public let hints: Int
    public let seconds: Int
    /// The mistakes most learners made, with how many learners made each.
    public let mistakes: [CommonMistake]
  }

  /// A mistake's stable name and how many learners made it.
  public struct CommonMistake: Equatable, Sendable {
    public let name: String
    public let learners: Int
  }

  /// One row of the learners' table.
  public struct LearnerRow: Equatable, Sendable {
    /// The learner's name, control characters made visible; nil when the report has none.
    public let name: String?
    public let file: String
    /// Lessons finished, among those compared.
    public let lessonsDone: Int
    /// Questions answered and right on the first try, among those compared.
    public let answered: Int
    public let firstTry: Int
  }

  /// The merge: both tables, and a sentence per lesson of a report left out.
  public struct Merged: Sendable {
    public let questions: [QuestionRow]
    public let learners: [LearnerRow]
    public let leftOut: [String]
  }

  /// Merges the reports read.
  public func merged() -> Merged {
    // The version compared, per lesson: the hash most reports have, the first seen on a tie.
    var counts: [String: [String: Int]] = [:]
    var order: [String: [String]] = [:]
    for (_, report) in reports {
      for lesson in report.lessons {
        if counts[lesson.id]?[lesson.hash] == nil {
          order[lesson.id, default: []].append(lesson.hash)
        }
        counts[lesson.id, default: [:]][lesson.hash, default: 0] += 1
      }
    }
    var chosen: [String: String] = [:]
    for (id, hashes) in order {
      var best = hashes[0]
      for hash in hashes.dropFirst() where counts[id]![hash]! > counts[id]![best]! { best = hash }
      chosen[id] = best
    }
    struct Tally {
      var answered = 0, firstTry = 0, tries = 0, hints = 0, seconds = 0
      var mistakes: [String: Int] = [:]
    }
    var tallies: [String: [Int: Tally]] = [:]
    var learners: [LearnerRow] = []
    var leftOut: [String] = []
    for (file, report) in reports {
      var done = 0
      var answered = 0
      var firstTry = 0
      for lesson in report.lessons {
        let hash = chosen[lesson.id]!
        guard lesson.hash == hash else {
          leftOut.append(
            "\(visible(file, keepingLines: false)): lesson \(lesson.id) is another version (\(lesson.hash), where \(counts[lesson.id]![hash]!) of \(counts[lesson.id]!.values.reduce(0, +)) reports have \(hash)); its answers to it are left out: the learner should update minirnn's lessons and answer again"
          )
          continue
        }
        if lesson.completed { done += 1 }
        for q in lesson.questions {
          var t = tallies[lesson.id, default: [:]][q.step, default: Tally()]
          t.answered += 1
          t.tries += q.tries
          t.hints += q.hints
          t.seconds += q.seconds
          if q.firstTry {
            t.firstTry += 1
            firstTry += 1
          }
          for name in Set(q.mistakes) { t.mistakes[name, default: 0] += 1 }
          tallies[lesson.id, default: [:]][q.step] = t
          answered += 1
        }
      }
      learners.append(
        LearnerRow(
          name: report.learner.map { visible($0, keepingLines: false) }, file: file,
          lessonsDone: done, answered: answered, firstTry: firstTry))
    }
    var rows: [QuestionRow] = []
    for id in tallies.keys.sorted() {
      for step in tallies[id]!.keys.sorted() {
        let t = tallies[id]![step]!
        let common = t.mistakes.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
          .prefix(Self.commonMistakes).map { CommonMistake(name: $0.key, learners: $0.value) }
        rows.append(
          QuestionRow(
            lesson: id, step: step, answered: t.answered, firstTry: t.firstTry, tries: t.tries,
            hints: t.hints, seconds: t.seconds, mistakes: common))
      }
    }
    return Merged(questions: rows, learners: learners, leftOut: leftOut)
  }
}

// MARK: The tables

extension ClassReport.Merged {
  /// `p/q` to `digits` decimals, halves rounded up: exact, from whole numbers.
  static func ratio(_ p: Int, _ q: Int, digits: Int) -> String {
    var scale = 1
    for _ in 0..<digits { scale *= 10 }
    let rounded = (2 * p * scale + q) / (2 * q)
    guard digits > 0 else { return "\(rounded)" }
    let fraction = String(rounded % scale)
    return "\(rounded / scale)." + String(repeating: "0", count: digits - fraction.count) + fraction
  }

  /// `lossSignFlipped (5), offByOne (2)`.
  static func mistakes(_ row: ClassReport.QuestionRow, separator: String) -> String {
    row.mistakes.map { "\($0.name) (\($0.learners))" }.joined(separator: separator)
  }

  /// The tables as Markdown.
  public var markdown: String {
    // A learner's name is shown as typed: the characters that would change the table's
    // shape when it is rendered are escaped, so that `|` is no column and `<b>` no HTML.
    func cell(_ text: String) -> String {
      var escaped = ""
      for c in visible(text, keepingLines: false) {
        if "\\`<|".contains(c) { escaped.append("\\") }
        escaped.append(c)
      }
      return escaped
    }
    var text = "# minirnn class report\n\n"
    text += "\(learners.count) report\(learners.count == 1 ? "" : "s") merged.\n\n"
    text += "## Questions\n\n"
    text += "Per question, over the learners who answered it: how many got it right on the\n"
    text += "first try, the mean tries, hints and time until it was settled, and the named\n"
    text += "mistakes most learners made (how many made each).\n\n"
    text +=
      "| lesson | step | answered | right first try | mean tries | mean hints | mean time | common mistakes |\n"
    text += "|---|--:|--:|--:|--:|--:|--:|---|\n"
    for row in questions {
      let n = row.answered
      text +=
        "| \(row.lesson) | \(row.step) | \(n) | \(row.firstTry) (\(Self.ratio(100 * row.firstTry, n, digits: 0)) %) | \(Self.ratio(row.tries, n, digits: 2)) | \(Self.ratio(row.hints, n, digits: 2)) | \(Self.ratio(row.seconds, n, digits: 0)) s | \(cell(Self.mistakes(row, separator: ", "))) |\n"
    }
    text += "\n## Learners\n\n"
    text += "Score: questions right on the first try / questions answered.\n\n"
    text += "| learner | report | lessons done | score |\n"
    text += "|---|---|--:|--:|\n"
    for row in learners {
      let score =
        row.answered == 0
        ? "—"
        : "\(row.firstTry)/\(row.answered) (\(Self.ratio(100 * row.firstTry, row.answered, digits: 0)) %)"
      text +=
        "| \(row.name.map(cell) ?? "(no name)") | \(cell(row.file)) | \(row.lessonsDone) | \(score) |\n"
    }
    return text
  }

  /// The tables as CSV (RFC 4180): the questions' table, an empty line, the learners'.
  /// Rates are percentages; a cell that a spreadsheet would take for a formula (it starts
  /// with `=`, `+`, `-` or `@`) starts with `'`.
  public var csv: String {
    func cell(_ text: String) -> String {
      var text = visible(text, keepingLines: false)
      if let first = text.first, "=+-@".contains(first) { text = "'" + text }
      guard text.contains(where: { $0 == "," || $0 == "\"" }) else { return text }
      return "\"" + text.replacing("\"", with: "\"\"") + "\""
    }
    var text =
      "lesson,step,answered,right_first_try,first_try_percent,mean_tries,mean_hints,mean_seconds,common_mistakes\r\n"
    for row in questions {
      let n = row.answered
      let fields = [
        row.lesson, "\(row.step)", "\(n)", "\(row.firstTry)",
        Self.ratio(100 * row.firstTry, n, digits: 0), Self.ratio(row.tries, n, digits: 2),
        Self.ratio(row.hints, n, digits: 2), Self.ratio(row.seconds, n, digits: 0),
        Self.mistakes(row, separator: "; "),
      ]
      text += fields.map(cell).joined(separator: ",") + "\r\n"
    }
    text += "\r\nlearner,report,lessons_done,questions_answered,right_first_try,score_percent\r\n"
    for row in learners {
      let score = row.answered == 0 ? "" : Self.ratio(100 * row.firstTry, row.answered, digits: 0)
      let fields = [
        row.name ?? "", row.file, "\(row.lessonsDone)", "\(row.answered)", "\(row.firstTry)",
        score,
      ]
      text += fields.map(cell).joined(separator: ",") + "\r\n"
    }
    return text
  }
}
