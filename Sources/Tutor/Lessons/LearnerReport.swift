#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// What `lessons report FILE` writes: what one learner did in the lessons, as JSON for a
/// teacher's `minirnn report`. `docs/report-format.md` describes every field.
///
/// A report is untrusted input for the teacher: `read(_:)` checks every field against the
/// limits below and refuses the whole report, saying which field, when one is wrong.
public struct LearnerReport: Codable, Equatable, Sendable {
  /// Always `minirnn-report`.
  var format = LearnerReport.formatName
  /// The report format's version; a change a reader must know of gets a new one.
  var version = LearnerReport.formatVersion
  /// The version of minirnn that wrote it.
  var minirnn: String
  /// The name the learner chose (`lessons name`); absent when none.
  var learner: String?
  /// Every lesson the learner started, by id.
  var lessons: [LessonEntry]

  struct LessonEntry: Codable, Equatable, Sendable {
    /// `03-bptt`.
    var id: String
    /// The lesson's `#` title, when the lesson was installed.
    var title: String?
    /// `fnv1a64:…`: the version of the lesson the questions were answered in.
    var hash: String
    /// How many steps the lesson has, when it was installed.
    var steps: Int?
    /// How many of its steps the learner finished.
    var stepsDone: Int
    /// True once the learner went past its last step.
    var completed: Bool
    var questions: [QuestionEntry]

    init(
      id: String, title: String?, hash: String, steps: Int?, stepsDone: Int, completed: Bool,
      questions: [QuestionEntry]
    ) {
      (self.id, self.title, self.hash, self.steps) = (id, title, hash, steps)
      (self.stepsDone, self.completed, self.questions) = (stepsDone, completed, questions)
    }

    init(from decoder: any Decoder) throws {
      let c = try decoder.container(keyedBy: CodingKeys.self)
      id = try c.decode(String.self, forKey: .id)
      title = try c.decodeIfPresent(String.self, forKey: .title)
      hash = try c.decode(String.self, forKey: .hash)
      steps =
        try c.contains(.steps) && !c.decodeNil(forKey: .steps)
        ? c.wholeNumber(forKey: .steps) : nil
      stepsDone = try c.wholeNumber(forKey: .stepsDone)
      completed = try c.decode(Bool.self, forKey: .completed)
      questions = try c.decode([QuestionEntry].self, forKey: .questions)
    }
  }

  struct QuestionEntry: Codable, Equatable, Sendable {
    /// The step (1-based) whose question this is.
    var step: Int
    /// Answered right on the first try.
    var firstTry: Bool
    /// Answers graded (a "close" answer is not).
    var tries: Int
    /// Hints shown before the question was settled.
    var hints: Int
    /// Stable names of the wrong paths minirnn recognised (`lossSignFlipped`, …).
    var mistakes: [String]
    /// Seconds spent on the question until it was settled, over every sitting.
    var seconds: Int
    /// Answered right, or its answer shown.
    var settled: Bool

    init(
      step: Int, firstTry: Bool, tries: Int, hints: Int, mistakes: [String], seconds: Int,
      settled: Bool
    ) {
      (self.step, self.firstTry, self.tries, self.hints) = (step, firstTry, tries, hints)
      (self.mistakes, self.seconds, self.settled) = (mistakes, seconds, settled)
    }

    init(from decoder: any Decoder) throws {
      let c = try decoder.container(keyedBy: CodingKeys.self)
      step = try c.wholeNumber(forKey: .step)
      firstTry = try c.decode(Bool.self, forKey: .firstTry)
      tries = try c.wholeNumber(forKey: .tries)
      hints = try c.wholeNumber(forKey: .hints)
      mistakes = try c.decode([String].self, forKey: .mistakes)
      seconds = try c.wholeNumber(forKey: .seconds)
      settled = try c.decode(Bool.self, forKey: .settled)
    }
  }

  static let formatName = "minirnn-report"
  static let formatVersion = 1
  /// Largest report read, in bytes.
  public static let maxBytes = 1 << 20
  static let maxLessons = 1_000
  static let maxTitle = 200
  static let maxVersionText = 40

  /// The report as JSON: keys sorted, two-space indentation, one field a line.
  var json: String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    // Encoding plain strings, numbers and arrays cannot fail.
    let data = try! encoder.encode(self)
    return String(decoding: data, as: UTF8.self) + "\n"
  }

  /// True when an existing file's text is a report (so `lessons report` may replace it).
  static func isReport(_ text: String) -> Bool {
    text.contains("\"format\" : \"\(formatName)\"") || text.contains("\"format\":\"\(formatName)\"")
  }

  /// Reads and checks a report's text; throws why it cannot be one.
  static func read(_ text: String) throws(ReportProblem) -> LearnerReport {
    guard text.utf8.count <= maxBytes else { throw .tooLarge(bytes: text.utf8.count) }
    let data = Data(text.utf8)
    // The format and version first: a newer report should say so, not fail on a field.
    struct Header: Decodable {
      var format: String?
      var version: Int?
    }
    let header = try decode(Header.self, from: data, notAnObject: true)
    guard header.format == formatName else { throw .notAReport }
    guard header.version == formatVersion else { throw .unknownVersion(header.version) }
    let report = try decode(LearnerReport.self, from: data, notAnObject: false)
    try report.check()
    return report
  }

  /// Decodes `data` as `type`, saying why it cannot as a report problem; with `notAnObject`,
  /// a text that is JSON but no object is `.notAnObject` rather than a wrong type.
  private static func decode<T: Decodable>(_ type: T.Type, from data: Data, notAnObject: Bool)
    throws(ReportProblem) -> T
  {
    do {
      return try JSONDecoder().decode(type, from: data)
    } catch let error as DecodingError {
      throw ReportProblem(error, notAnObject: notAnObject)
    } catch {
      throw .notJSON
    }
  }

  /// Refuses numbers out of range, names that are no names, duplicates.
  private func check() throws(ReportProblem) {
    let count = LessonProgress.maxCount
    func within(_ value: Int, _ range: ClosedRange<Int>, _ field: String) throws(ReportProblem) {
      guard range.contains(value) else { throw .outOfRange(field, value, range) }
    }
    guard minirnn.unicodeScalars.count <= Self.maxVersionText else {
      throw .tooLong("minirnn", Self.maxVersionText)
    }
    if let learner, learner.unicodeScalars.count > LessonProgress.maxNameLength {
      throw .tooLong("learner", LessonProgress.maxNameLength)
    }
    guard lessons.count <= Self.maxLessons else { throw .tooMany("lessons", Self.maxLessons) }
    var ids: Set<String> = []
    for (i, lesson) in lessons.enumerated() {
      let at = "lessons[\(i)]"
      guard Lesson.isID(lesson.id) else { throw .badValue(at + ".id", "a lesson id like 03-bptt") }
      guard ids.insert(lesson.id).inserted else { throw .duplicate(at + ".id", lesson.id) }
      guard Lesson.isHash(lesson.hash) else {
        throw .badValue(at + ".hash", "'fnv1a64:' and 16 hex digits")
      }
      if let title = lesson.title, title.unicodeScalars.count > Self.maxTitle {
        throw .tooLong(at + ".title", Self.maxTitle)
      }
      if let steps = lesson.steps { try within(steps, 1...count, at + ".steps") }
      try within(lesson.stepsDone, 0...count, at + ".stepsDone")
      guard lesson.questions.count <= count else { throw .tooMany(at + ".questions", count) }
      var steps: Set<Int> = []
      for (j, q) in lesson.questions.enumerated() {
        let at = at + ".questions[\(j)]"
        try within(q.step, 1...count, at + ".step")
        guard steps.insert(q.step).inserted else { throw .duplicate(at + ".step", "\(q.step)") }
        try within(q.tries, (q.firstTry ? 1 : 0)...count, at + ".tries")
        try within(q.hints, 0...count, at + ".hints")
        try within(q.seconds, 0...LessonProgress.maxSeconds, at + ".seconds")
        guard q.mistakes.count <= LessonProgress.maxMistakes else {
          throw .tooMany(at + ".mistakes", LessonProgress.maxMistakes)
        }
        for (k, name) in q.mistakes.enumerated() where !LessonMistake.isStableName(name) {
          throw .badValue(at + ".mistakes[\(k)]", "a mistake's name, one word of printable ASCII")
        }
      }
    }
  }
}

extension KeyedDecodingContainer {
  /// A count: read as a JSON number, so that 1.5 or 1e300 is named as that field's problem
  /// (the decoder would call the whole file invalid JSON); a type error when it is no
  /// whole number of at most 15 digits.
  func wholeNumber(forKey key: Key) throws -> Int {
    let value = try decode(Double.self, forKey: key)
    guard value == value.rounded(), abs(value) < 1e15 else {
      throw DecodingError.typeMismatch(
        Int.self,
        DecodingError.Context(codingPath: codingPath + [key], debugDescription: "\(value)"))
    }
    return Int(value)
  }
}

/// Why a report was refused, in words for the teacher, after the file's name; the wording
/// of every refusal lives here.
public enum ReportProblem: Error, Equatable, Sendable, CustomStringConvertible {
  case tooLarge(bytes: Int)
  case notJSON
  case notAnObject
  case notAReport
  case unknownVersion(Int?)
  /// A field of the wrong type: where, and what it should be.
  case wrongType(String, expected: String)
  case missing(String)
  case outOfRange(String, Int, ClosedRange<Int>)
  case tooLong(String, Int)
  case tooMany(String, Int)
  case badValue(String, String)
  case duplicate(String, String)

  /// The problem a decoding error names, with the field's path (`lessons[2].tries`).
  init(_ error: DecodingError, notAnObject: Bool) {
    func path(_ keys: [any CodingKey], _ last: (any CodingKey)? = nil) -> String {
      var text = ""
      for key in keys + (last.map { [$0] } ?? []) {
        if let index = key.intValue {
          text += "[\(index)]"
        } else {
          text += (text.isEmpty ? "" : ".") + key.stringValue
        }
      }
      return text.isEmpty ? "the report" : text
    }
    switch error {
    case .typeMismatch(let type, let context):
      if context.codingPath.isEmpty {
        self = notAnObject ? .notAnObject : .wrongType("the report", expected: "an object")
        return
      }
      let expected: String
      switch type {
      case is String.Type: expected = "a string"
      case is Int.Type, is Double.Type: expected = "a whole number"
      case is Bool.Type: expected = "true or false"
      case is [Any].Type: expected = "a list"
      default: expected = "an object"
      }
      self = .wrongType(path(context.codingPath), expected: expected)
    case .valueNotFound(_, let context):
      self = .missing(path(context.codingPath))
    case .keyNotFound(let key, let context):
      self = .missing(path(context.codingPath, key))
    case .dataCorrupted(let context):
      // A number too large for an Int comes here too, with its field's path.
      self =
        context.codingPath.isEmpty
        ? .notJSON : .wrongType(path(context.codingPath), expected: "a whole number in range")
    @unknown default:
      self = .notJSON
    }
  }

  public var description: String {
    switch self {
    case .tooLarge(let bytes):
      return
        "is too large for a report (\(bytes) bytes; at most \(LearnerReport.maxBytes)); was it written by 'lessons report'?"
    case .notJSON:
      return "is not valid JSON; a report is the file minirnn's 'lessons report FILE' writes"
    case .notAnObject:
      return "is JSON but not a report (not an object); 'lessons report FILE' writes one"
    case .notAReport:
      return
        "is not a minirnn report (no \"format\": \"\(LearnerReport.formatName)\"); 'lessons report FILE' writes one"
    case .unknownVersion(let version):
      guard let version else {
        return "has no report format version; 'lessons report FILE' writes one with \"version\": 1"
      }
      return
        "is report format \(version), and this minirnn reads format \(LearnerReport.formatVersion); use the minirnn that wrote it, or have the learner write it again"
    case .wrongType(let field, let expected):
      return "has '\(shown(field))' of the wrong type: it should be \(expected)"
    case .missing(let field):
      return "has no '\(shown(field))', which every report has"
    case .outOfRange(let field, let value, let range):
      return
        "has '\(shown(field))' = \(value), outside \(range.lowerBound)…\(range.upperBound)"
    case .tooLong(let field, let limit):
      return "has '\(shown(field))' longer than \(limit) characters"
    case .tooMany(let field, let limit):
      return "has more than \(limit) entries in '\(shown(field))'"
    case .badValue(let field, let expected):
      return "has '\(shown(field))' that is not \(expected)"
    case .duplicate(let field, let value):
      return "has '\(shown(field))' = '\(shown(value))' twice"
    }
  }
}
