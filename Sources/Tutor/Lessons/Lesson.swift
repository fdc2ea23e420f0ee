import RNN

/// One lesson: a Markdown file `Lessons/NN-name.md`, parsed.
///
/// A lesson is data. Its steps hold prose, the commands the learner is asked to type with
/// the output they must give (transcripts), questions whose answers minirnn computes, and
/// conditions that say when a step is done. `Lessons/README.md` describes the format.
public struct Lesson: Equatable, Sendable {
  /// Where the text came from, as given to the parser (used in every error).
  public let path: String
  /// NN of the file name.
  public let number: Int
  /// The name after `NN-`, without `.md`.
  public let name: String
  /// The `#` heading.
  public let title: String
  /// What stands between the title and the first step.
  let intro: [LessonBlock]
  let steps: [LessonStep]
  /// The `## Recap` list: what the lesson established, shown when it is finished.
  let recap: [String]
  /// `fnv1a64:` and 16 hex digits: which version of the file this is (`contentHash(of:)`),
  /// so that a report of a changed lesson is not compared with one of the old.
  public let contentHash: String

  /// `03-bptt`: the file name without `.md`; progress is stored under it.
  public var id: String { Lesson.twoDigits(number) + "-" + name }

  /// The number of steps.
  public var stepCount: Int { steps.count }

  static func twoDigits(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
}

/// One `##` step of a lesson.
struct LessonStep: Equatable, Sendable {
  /// The heading text, citations included.
  let title: String
  /// The line of the heading.
  let line: Int
  /// The article sections the heading cites (`1.3`, `2.5`, `3`) and its equations (`Eq. 3`).
  let citations: [String]
  /// Everything in the step, in file order.
  let blocks: [LessonBlock]
  let question: LessonQuestion?
  /// The hints written in the file; minirnn adds a last one that gives the answer.
  let hints: [String]
  /// `Done when:` conditions, all of which must hold; empty means "typed the commands".
  let doneWhen: [LessonPredicate]
  let doneWhenLine: Int?
  /// The line each prose block starts on, by its index in `blocks`, for `check-lessons`.
  var proseLines: [Int: Int] = [:]

  /// Commands the lesson runs itself when the step is entered.
  var setup: [TranscriptCommand] {
    blocks.flatMap { block -> [TranscriptCommand] in
      if case .setup(let commands) = block { return commands }
      return []
    }
  }

  /// How many of `commands` come before the question in the file, and how many up to the
  /// end of the first transcript below it (the commands a prediction is about).
  var questionPlace: (above: Int, predicted: Int) {
    var count = 0
    var above: Int?
    for block in blocks {
      switch block {
      case .question: above = count
      case .transcript(let commands):
        count += commands.count
        if let above { return (above, count) }
      default: continue
      }
    }
    return (above ?? count, count)
  }

  /// How many of `commands` the question is graded after: those above it when they
  /// computed its answer (`answerAbove`, in the lesson's own replay: "what does the screen
  /// show"); otherwise it predicts, and the transcript right below it counts too. Commands
  /// further down never count.
  func questionPoint(answerAbove: Bool) -> Int {
    let place = questionPlace
    return place.above > 0 && answerAbove ? place.above : place.predicted
  }

  /// Commands the learner is asked to type, in order.
  var commands: [TranscriptCommand] {
    blocks.flatMap { block -> [TranscriptCommand] in
      if case .transcript(let commands) = block { return commands }
      return []
    }
  }
}

/// A piece of a lesson, in the order the file has it.
enum LessonBlock: Equatable, Sendable {
  /// A paragraph, list, heading below `##` or plain quote: Markdown text.
  case prose(String)
  /// A fenced block that is not a transcript: shown as it is.
  case code(String)
  /// ```` ```minirnn setup ````: run by the lesson when the step is entered.
  case setup([TranscriptCommand])
  /// ```` ```minirnn ````: the learner types these commands.
  case transcript([TranscriptCommand])
  /// Where the step's question stands.
  case question
  /// Where the step's `Done when:` stands.
  case doneWhen
}

/// One `minirnn> COMMAND` line of a transcript and the output it must give.
struct TranscriptCommand: Equatable, Sendable {
  /// The line of `minirnn> `; expected line i is on line `line + 1 + i`.
  let line: Int
  let command: String
  /// The output lines; `error: …` for a command that fails. `...` matches any text.
  let expected: [String]
}

/// A question the learner answers with `answer …` before or while seeing the result.
struct LessonQuestion: Equatable, Sendable {
  let line: Int
  let text: String
  let answer: LessonAnswer
  /// The words `answer` accepts for a choice question; empty for a number.
  let choices: [String]
  /// Shown after the answer, whatever it was.
  let why: String?
  /// Wrong paths the lesson names with `Mistake:` lines, on top of the ones minirnn knows
  /// (`LessonMistake`).
  var mistakes: [WrittenMistake] = []
  /// The formula a formula question asks for (`Answer: formula `…``): the answer is an
  /// expression, graded by equivalence, and a number is not enough. Nil for the others.
  var formula: LessonExpression? = nil

  /// True when the answer exists in `state`: its quantity is computed there (always, for
  /// a condition or a choice).
  func answerExists(in state: SessionState) -> Bool {
    switch answer {
    case .number(let q, _), .sign(let q): (try? q.value(in: Session(state: state))) != nil
    case .condition, .fixed: true
    }
  }
}

/// A `Mistake:` line: a wrong path to the answer, as a quantity expression, and what it
/// tells the learner when their answer is that path's value.
struct WrittenMistake: Equatable, Sendable {
  let expression: LessonExpression
  let explanation: String
}

/// How the right answer is found. Only `fixed` is written in the file; the others are
/// computed from the lesson's own session, so they cannot go stale.
enum LessonAnswer: Equatable, Sendable {
  /// The value of a quantity after the step's commands ran, within a tolerance.
  case number(LessonQuantity, LessonTolerance)
  /// positive, negative or zero: the sign of a quantity.
  case sign(LessonQuantity)
  /// yes or no: whether the conditions hold after the step's commands ran.
  case condition([LessonPredicate])
  /// One of the choices, as the file says (for questions about ideas, not numbers).
  case fixed(String)
}

/// How close a numeric answer must be.
///
/// Every answer may be a hand calculation rounded to three significant digits (`standard`);
/// a lesson may tighten that for one question with `within`, never loosen it. The three
/// digits are those of the value, however small it is: no absolute floor lets 0 stand for
/// 1.86e-9. For a quantity that is a small change of another (a parameter after an update
/// or a training run), they are the digits of the change, so the value before it is never
/// right.
enum LessonTolerance: Equatable, Sendable {
  /// Three significant digits of the value (or of its change).
  case standard
  /// |answer − value| ≤ this, as well as `standard`.
  case absolute(Double)
  /// |answer − value| ≤ this·|value| (written `within 1%`, stored as 0.01), as well as
  /// `standard`.
  case relative(Double)

  /// Rounding to three significant digits moves a number by at most half a unit of its
  /// third digit, which is at most 0.5% of it.
  static let standardRelative = 0.005
  /// An answer this close (10 %) but not within the tolerance is a rounding matter, not a
  /// wrong method.
  static let closeRelative = 0.1

  /// What the three digits are measured on: the value, or the change that made it when
  /// that is smaller.
  static func scale(of value: Double, change: Double?) -> Double {
    change.map { min(abs($0), abs(value)) } ?? abs(value)
  }

  /// True when `answer` is right for `value`; `change` is how far the value moved in the
  /// step (an update, a training run), when the question is about such a change.
  func accepts(_ answer: Double, for value: Double, change: Double? = nil) -> Bool {
    let distance = abs(answer - value)
    // A hair over 0.5%, so that a value rounded exactly at the half-way point still counts.
    let standard =
      distance <= Self.standardRelative * Self.scale(of: value, change: change) * (1 + 1e-9)
    switch self {
    case .standard: return standard
    case .absolute(let d): return standard && distance <= d
    case .relative(let r): return standard && distance <= r * abs(value)
    }
  }

  /// True when `answer` is within 10 % of `value` (of its change), right or not.
  static func isClose(_ answer: Double, to value: Double, change: Double? = nil) -> Bool {
    abs(answer - value) <= closeRelative * scale(of: value, change: change)
  }

  func text(change: Double? = nil) -> String {
    switch self {
    case .standard where change != nil: "3 significant digits of the change count as right"
    case .standard: "3 significant digits count as right"
    case .absolute(let d): "within \(plainNumber(d)) counts as right"
    case .relative(let r): "within \(plainNumber(r * 100))% counts as right"
    }
  }
}
