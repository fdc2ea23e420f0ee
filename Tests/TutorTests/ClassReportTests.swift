import Foundation
import RNN
import XCTest

@testable import Tutor

/// Issue 25, item 3: learners' reports merged into a teacher's tables. The expected tables
/// are computed here from the generated reports, never by the merging code.
final class ClassReportTests: XCTestCase {
  static let hashA = "fnv1a64:00000000000000aa"
  static let hashB = "fnv1a64:00000000000000bb"
  static let oldHash = "fnv1a64:0000000000000001"

  /// A report as JSON, written with JSONSerialization (not the encoder minirnn uses).
  func json(_ object: [String: Any]) -> String {
    String(decoding: try! JSONSerialization.data(withJSONObject: object), as: UTF8.self)
  }

  func report(learner: String?, lessons: [[String: Any]]) -> [String: Any] {
    var object: [String: Any] = ["format": "minirnn-report", "version": 1, "minirnn": "0.1.0"]
    object["lessons"] = lessons
    if let learner { object["learner"] = learner }
    return object
  }

  func lesson(
    _ id: String, hash: String, completed: Bool = false, questions: [[String: Any]]
  ) -> [String: Any] {
    [
      "id": id, "hash": hash, "stepsDone": completed ? 5 : 2, "completed": completed,
      "questions": questions,
    ]
  }

  func question(
    _ step: Int, firstTry: Bool, tries: Int, hints: Int = 0, mistakes: [String] = [],
    seconds: Int = 0
  ) -> [String: Any] {
    [
      "step": step, "firstTry": firstTry, "tries": tries, "hints": hints, "mistakes": mistakes,
      "seconds": seconds, "settled": true,
    ]
  }

  // MARK: Thirty learners

  struct Expected {
    var answered = 0, firstTry = 0, tries = 0, hints = 0, seconds = 0
    var mistakeLearners: [String: Int] = [:]
  }

  /// `p/q` rounded half up to `digits` decimals, through Double and printf.
  func rounded(_ p: Int, _ q: Int, _ digits: Int) -> String {
    let scale = pow(10.0, Double(digits))
    let x = (Double(p) / Double(q) * scale).rounded(.toNearestOrAwayFromZero) / scale
    return String(format: "%.\(digits)f", x)
  }

  func testThirtyGeneratedReportsMergeIntoTheTableComputedHere() throws {
    let seed = testSeed(60)
    var rng = SplitMix64(seed: seed)
    let names = ["lossSignFlipped", "offByOne", "reluForgotten", "written:h[3]"]
    var reports = ClassReport()
    var expected: [String: [Int: Expected]] = [:]
    var learnerRows: [(String, String, Int, Int, Int)] = []
    var minority: [String] = []
    for i in 0..<30 {
      var lessons: [[String: Any]] = []
      var done = 0
      var answered = 0
      var first = 0
      for id in ["01-forward", "03-bptt"] where Bool.random(using: &rng) || i == 0 {
        // Every fifth learner had an older 03-bptt: 6 of at most 30, never the majority.
        let old = id == "03-bptt" && i % 5 == 4
        let completed = Bool.random(using: &rng)
        var questions: [[String: Any]] = []
        for step in [2, 3, 5] where Bool.random(using: &rng) || i == 0 {
          let tries = Int.random(in: 0...4, using: &rng)
          let firstTry = tries == 1 && Bool.random(using: &rng)
          let hints = Int.random(in: 0...2, using: &rng)
          let seconds = Int.random(in: 0...600, using: &rng)
          let mistakes = (0..<Int.random(in: 0...3, using: &rng)).map { _ in
            names.randomElement(using: &rng)!
          }
          questions.append(
            question(
              step, firstTry: firstTry, tries: tries, hints: hints, mistakes: mistakes,
              seconds: seconds))
          if old { continue }
          var e = expected[id, default: [:]][step, default: Expected()]
          e.answered += 1
          e.firstTry += firstTry ? 1 : 0
          e.tries += tries
          e.hints += hints
          e.seconds += seconds
          for name in Set(mistakes) { e.mistakeLearners[name, default: 0] += 1 }
          expected[id, default: [:]][step] = e
          answered += 1
          first += firstTry ? 1 : 0
        }
        let hash = id == "01-forward" ? Self.hashA : old ? Self.oldHash : Self.hashB
        lessons.append(lesson(id, hash: hash, completed: completed, questions: questions))
        if old { minority.append("learner\(i).json") } else if completed { done += 1 }
      }
      let name = "Learner \(i)"
      reports.add(file: "learner\(i).json", text: json(report(learner: name, lessons: lessons)))
      learnerRows.append((name, "learner\(i).json", done, answered, first))
    }
    XCTAssertEqual(reports.refused, [], "seed \(seed)")
    let merged = reports.merged()

    // The questions' rows, in lesson and step order.
    var rows: [String] = []
    for id in expected.keys.sorted() {
      for step in expected[id]!.keys.sorted() {
        let e = expected[id]![step]!
        let common = e.mistakeLearners.sorted {
          $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key
        }.prefix(3).map { "\($0.key) (\($0.value))" }.joined(separator: ", ")
        rows.append(
          "| \(id) | \(step) | \(e.answered) | \(e.firstTry) (\(rounded(e.firstTry * 100, e.answered, 0)) %) | \(rounded(e.tries, e.answered, 2)) | \(rounded(e.hints, e.answered, 2)) | \(rounded(e.seconds, e.answered, 0)) s | \(common) |"
        )
      }
    }
    let learners = learnerRows.map { name, file, done, answered, first in
      let score =
        answered == 0 ? "—" : "\(first)/\(answered) (\(rounded(first * 100, answered, 0)) %)"
      return "| \(name) | \(file) | \(done) | \(score) |"
    }
    let lines = merged.markdown.split(separator: "\n").map(String.init)
    let questionRows = lines.filter { $0.hasPrefix("| 0") }
    let learnerLines = lines.filter { $0.hasPrefix("| Learner") }
    XCTAssertEqual(questionRows, rows, "seed \(seed)")
    XCTAssertEqual(learnerLines, learners, "seed \(seed)")
    XCTAssertEqual(merged.leftOut.count, minority.count, "seed \(seed)")
    for (message, file) in zip(merged.leftOut, minority) {
      XCTAssertTrue(
        message.hasPrefix(file + ": lesson 03-bptt is another version"), "seed \(seed): \(message)")
      XCTAssertTrue(
        message.contains(Self.oldHash) && message.contains(Self.hashB), "seed \(seed): \(message)")
    }
  }

  // MARK: The tables' form

  func twoReports() -> ClassReport {
    var reports = ClassReport()
    reports.add(
      file: "ada.json",
      text: json(
        report(
          learner: "Ada L.",
          lessons: [
            lesson(
              "03-bptt", hash: Self.hashB, completed: true,
              questions: [
                question(2, firstTry: true, tries: 1, seconds: 30),
                question(
                  4, firstTry: false, tries: 2, hints: 1, mistakes: ["lossSignFlipped"],
                  seconds: 95),
              ])
          ])))
    reports.add(
      file: "bob.json",
      text: json(
        report(
          learner: "=Bob, \"the\" | builder\u{1B}[2J",
          lessons: [
            lesson(
              "03-bptt", hash: Self.hashB,
              questions: [
                question(
                  2, firstTry: false, tries: 3, hints: 2,
                  mistakes: ["offByOne", "lossSignFlipped", "offByOne"], seconds: 200)
              ])
          ])))
    reports.add(file: "carol.json", text: json(report(learner: nil, lessons: [])))
    return reports
  }

  func testTheMarkdownTables() {
    let reports = twoReports()
    XCTAssertEqual(reports.refused, [])
    XCTAssertEqual(
      reports.merged().markdown,
      """
      # minirnn class report

      3 reports merged.

      ## Questions

      Per question, over the learners who answered it: how many got it right on the
      first try, the mean tries, hints and time until it was settled, and the named
      mistakes most learners made (how many made each).

      | lesson | step | answered | right first try | mean tries | mean hints | mean time | common mistakes |
      |---|--:|--:|--:|--:|--:|--:|---|
      | 03-bptt | 2 | 2 | 1 (50 %) | 2.00 | 1.00 | 115 s | lossSignFlipped (1), offByOne (1) |
      | 03-bptt | 4 | 1 | 0 (0 %) | 2.00 | 1.00 | 95 s | lossSignFlipped (1) |

      ## Learners

      Score: questions right on the first try / questions answered.

      | learner | report | lessons done | score |
      |---|---|--:|--:|
      | Ada L. | ada.json | 1 | 1/2 (50 %) |
      | =Bob, "the" \\| builder^[[2J | bob.json | 0 | 0/1 (0 %) |
      | (no name) | carol.json | 0 | — |

      """)
  }

  func testTheCSVTables() {
    XCTAssertEqual(
      twoReports().merged().csv,
      [
        "lesson,step,answered,right_first_try,first_try_percent,mean_tries,mean_hints,mean_seconds,common_mistakes",
        "03-bptt,2,2,1,50,2.00,1.00,115,lossSignFlipped (1); offByOne (1)",
        "03-bptt,4,1,0,0,2.00,1.00,95,lossSignFlipped (1)",
        "",
        "learner,report,lessons_done,questions_answered,right_first_try,score_percent",
        "Ada L.,ada.json,1,2,1,50",
        "\"'=Bob, \"\"the\"\" | builder^[[2J\",bob.json,0,1,0,0",
        ",carol.json,0,0,0,",
      ].map { $0 + "\r\n" }.joined())
  }

  // MARK: Hostile reports

  /// Every report here is refused whole, with one sentence that names the file and says
  /// what is wrong; none crashes the merge, and the good report still merges.
  func testHostileReportsAreRefusedCleanly() {
    let good = report(
      learner: "Ada",
      lessons: [
        lesson("03-bptt", hash: Self.hashB, questions: [question(2, firstTry: true, tries: 1)])
      ])
    func with(_ change: (inout [String: Any]) -> Void) -> String {
      var object = good
      change(&object)
      return json(object)
    }
    func withQuestion(_ key: String, _ value: Any) -> String {
      with { object in
        var lessons = object["lessons"] as! [[String: Any]]
        var questions = lessons[0]["questions"] as! [[String: Any]]
        questions[0][key] = value
        lessons[0]["questions"] = questions
        object["lessons"] = lessons
      }
    }
    let cases: [(String, String, String)] = [
      ("huge", String(repeating: " ", count: LearnerReport.maxBytes + 1), "too large"),
      ("text", "hello", "not valid JSON"),
      ("empty", "", "not valid JSON"),
      ("array", "[1, 2]", "not an object"),
      ("nested", String(repeating: "[", count: 100_000), "JSON"),
      ("nested-object", String(repeating: "{\"a\":", count: 100_000), "JSON"),
      ("other", "{\"format\": \"something-else\"}", "not a minirnn report"),
      ("newer", with { $0["version"] = 2 }, "report format 2, and this minirnn reads format 1"),
      ("no-version", with { $0["version"] = nil }, "no report format version"),
      (
        "string-tries", withQuestion("tries", "many"),
        "'lessons[0].questions[0].tries' of the wrong type: it should be a whole number"
      ),
      ("bool-tries", withQuestion("tries", true), "lessons[0].questions[0].tries"),
      ("fraction", withQuestion("seconds", 1.5), "lessons[0].questions[0].seconds"),
      ("huge-number", withQuestion("tries", 1e300), "lessons[0].questions[0].tries"),
      (
        "negative", withQuestion("seconds", -5),
        "'lessons[0].questions[0].seconds' = -5, outside 0…10000000"
      ),
      ("absurd", withQuestion("hints", 1_000_000_000), "outside 0…10000"),
      ("step-zero", withQuestion("step", 0), "'lessons[0].questions[0].step' = 0"),
      (
        "first-without-try", withQuestion("tries", 0),
        "'lessons[0].questions[0].tries' = 0, outside 1…10000"
      ),
      (
        "bad-mistake", withQuestion("mistakes", ["ok", "bad\u{1B}[31m"]),
        "lessons[0].questions[0].mistakes[1]"
      ),
      ("string-mistakes", withQuestion("mistakes", "offByOne"), "should be a list"),
      ("missing", withQuestion("firstTry", NSNull()), "lessons[0].questions[0].firstTry"),
      ("no-lessons", with { $0["lessons"] = nil }, "has no 'lessons'"),
      (
        "lessons-object", with { $0["lessons"] = ["a": 1] },
        "'lessons' of the wrong type: it should be a list"
      ),
      (
        "bad-id",
        with { o in o["lessons"] = [self.lesson("../../etc", hash: Self.hashB, questions: [])] },
        "lesson id"
      ),
      (
        "bad-hash",
        with { o in o["lessons"] = [self.lesson("03-bptt", hash: "md5:1", questions: [])] },
        "16 hex digits"
      ),
      (
        "twice",
        with { o in
          o["lessons"] = [
            self.lesson("03-bptt", hash: Self.hashB, questions: []),
            self.lesson("03-bptt", hash: Self.hashB, questions: []),
          ]
        }, "'lessons[1].id' = '03-bptt' twice"
      ),
      (
        "long-name", with { $0["learner"] = String(repeating: "x", count: 101) },
        "'learner' longer than 100"
      ),
      (
        "name-type", with { $0["learner"] = 7 },
        "'learner' of the wrong type: it should be a string"
      ),
    ]
    var reports = ClassReport()
    reports.add(file: "good.json", text: json(good))
    for (name, text, _) in cases { reports.add(file: "\(name).json", text: text) }
    reports.add(file: "evil\u{1B}]0;title\u{7}.json", text: "nope")
    XCTAssertEqual(reports.refused.count, cases.count + 1, reports.refused.joined(separator: "\n"))
    for ((name, _, phrase), message) in zip(cases, reports.refused) {
      XCTAssertTrue(message.hasPrefix("\(name).json "), message)
      XCTAssertTrue(message.contains(phrase), "\(name): \(message)")
      XCTAssertTrue(message.hasSuffix("; it is left out"), message)
    }
    XCTAssertFalse(reports.refused.last!.contains("\u{1B}"), reports.refused.last!)
    let merged = reports.merged()
    XCTAssertEqual(merged.learners.map(\.file), ["good.json"])
    XCTAssertEqual(merged.questions.map(\.answered), [1])
  }

  /// A valid report cut short, or with characters replaced, inserted or dropped, is
  /// either still a valid report or refused with a sentence naming the file; it never
  /// crashes the merge, and whatever merges renders.
  func testMutatedReportsAreReadOrRefusedNeverCrash() {
    let seed = testSeed(338)
    var rng = SplitMix64(seed: seed)
    let good = Array(
      json(
        report(
          learner: "Ada",
          lessons: [
            lesson(
              "03-bptt", hash: Self.hashB, completed: true,
              questions: [
                question(2, firstTry: true, tries: 1, seconds: 30),
                question(4, firstTry: false, tries: 2, mistakes: ["offByOne"]),
              ])
          ])))
    let alphabet = Array("{}[]\":,0123456789-.eE truefalsn\\u001b\u{0}\u{7f}é")
    var reports = ClassReport()
    for i in 0..<2_000 {
      var text = good
      switch Int.random(in: 0..<4, using: &rng) {
      case 0: text = Array(text.prefix(Int.random(in: 0..<text.count, using: &rng)))
      case 1:
        text[Int.random(in: 0..<text.count, using: &rng)] = alphabet.randomElement(using: &rng)!
      case 2:
        text.insert(
          alphabet.randomElement(using: &rng)!, at: Int.random(in: 0...text.count, using: &rng))
      default: text.remove(at: Int.random(in: 0..<text.count, using: &rng))
      }
      let before = reports.refused.count
      reports.add(file: "m\(i).json", text: String(text))
      if reports.refused.count > before {
        XCTAssertTrue(
          reports.refused.last!.hasPrefix("m\(i).json "), "seed \(seed): \(reports.refused.last!)")
      }
    }
    let merged = reports.merged()
    XCTAssertFalse(merged.markdown.isEmpty || merged.csv.isEmpty, "seed \(seed)")
    XCTAssertGreaterThan(reports.refused.count, 0, "seed \(seed)")
  }

  func testANameWithEscapesIsShownMadeVisible() {
    var reports = ClassReport()
    reports.add(
      file: "x.json",
      text: json(report(learner: "Eve\u{1B}]52;c;ZXZpbA==\u{7}\u{202E}", lessons: [])))
    let text = reports.merged().markdown + reports.merged().csv
    XCTAssertFalse(text.contains("\u{1B}") || text.contains("\u{7}") || text.contains("\u{202E}"))
    XCTAssertTrue(text.contains("Eve^[]52;c;ZXZpbA==^G<U+202E>"), text)
  }

  /// Rendered, the Markdown table keeps its shape: a name's `|`, `<`, backquote and
  /// backslash are escaped there (and left as they are in the CSV).
  func testANameCannotBreakTheMarkdownTable() {
    var reports = ClassReport()
    reports.add(file: "m.json", text: json(report(learner: #"A|B <b>`c` \"#, lessons: [])))
    let merged = reports.merged()
    XCTAssertTrue(merged.markdown.contains(#"| A\|B \<b>\`c\` \\ | m.json |"#), merged.markdown)
    XCTAssertTrue(merged.csv.contains(#"A|B <b>`c` \"#), merged.csv)
  }

  func testAtMostTenThousandReportsAreRead() {
    var reports = ClassReport()
    for i in 0..<ClassReport.maxReports { reports.add(file: "\(i)", text: "") }
    reports.add(file: "one-more.json", text: json(report(learner: nil, lessons: [])))
    XCTAssertEqual(reports.refused.count, ClassReport.maxReports + 1)
    XCTAssertTrue(reports.refused.last!.contains("more than 10000 reports"), reports.refused.last!)
  }

  /// On a tie, the version whose first report came first is the one compared.
  func testATieKeepsTheVersionSeenFirst() {
    var reports = ClassReport()
    for (file, hash) in [("a.json", Self.oldHash), ("b.json", Self.hashB)] {
      reports.add(
        file: file,
        text: json(
          report(
            learner: nil,
            lessons: [
              lesson("03-bptt", hash: hash, questions: [question(2, firstTry: true, tries: 1)])
            ])))
    }
    let merged = reports.merged()
    XCTAssertEqual(merged.leftOut.count, 1)
    XCTAssertTrue(merged.leftOut[0].hasPrefix("b.json: lesson 03-bptt is another version"))
    XCTAssertEqual(merged.learners.map(\.answered), [1, 0])
  }
}
