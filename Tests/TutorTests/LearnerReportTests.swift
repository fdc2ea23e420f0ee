import Foundation
import RNN
import Synchronization
import XCTest

@testable import Tutor

/// Issue 25, item 2: what a learner did per question is kept with the progress (across a
/// restart), and `lessons report FILE` writes it as JSON that reads back the same.
final class LearnerReportTests: XCTestCase {
  /// A clock the test moves by hand.
  final class Clock: Sendable {
    let seconds = Mutex<Int64>(0)
    func set(_ s: Int64) { seconds.withLock { $0 = s } }
    var hooks: Hooks {
      Hooks(now: { [self] in .seconds(seconds.withLock { $0 }) })
    }
  }

  func session(files: MemoryFiles = MemoryFiles()) throws -> Session {
    var session = Session(
      traits: TerminalTraits(isInteractive: false, color: false, unicode: true, width: 80),
      files: files)
    XCTAssertEqual(session.installLessons(try ShippedLessons.files()), [])
    return session
  }

  @discardableResult
  func run(_ s: inout Session, _ command: String, at clock: Clock, _ time: Int64) -> String {
    clock.set(time)
    let result = s.execute(command, hooks: clock.hooks)
    XCTAssertNil(result.error, "'\(command)' failed: \(result.error ?? "")")
    return result.output
  }

  /// Lesson 01, step 4 asks for ŷ, and its file names `h[3]` as a mistake. The values are
  /// read with `print` after the step's own `step`, never from the grading code.
  func answersOfLesson1Step4() throws -> (h3: Double, yhat: Double) {
    var s = try session()
    ok(&s, "lesson 1")
    ok(&s, "goto 4")
    ok(&s, "step")
    func printed(_ name: String) -> Double {
      let line = ok(&s, "print \(name)").split(separator: "\n")[0]
      return Double(line.split(separator: "=").last!.trimmingWhitespace())!
    }
    return (printed("h[3]"), printed("yhat"))
  }

  /// A formula that is a named wrong path is kept in the report as a number answer's is:
  /// lesson 03's step 4 names tmp alone (`dL/dh[2]*relu'(a[2])`) as a mistake.
  func testAFormulaMistakeIsKeptForTheReport() throws {
    let clock = Clock()
    var s = try session()
    run(&s, "lesson 3", at: clock, 0)
    run(&s, "goto 4", at: clock, 1)
    let wrong = run(&s, "answer dL/dh[2]*relu'(a[2])", at: clock, 2)
    XCTAssertTrue(wrong.contains("that is tmp at t = 2"), wrong)
    let text = s.lessonProgressText()
    let line = text.split(separator: "\n").first { $0.hasPrefix("question 03-bptt 4 ") }
    XCTAssertNotNil(line, text)
    XCTAssertTrue(line?.hasSuffix("mistakes written:dL/dh[2]*relu'(a[2])") == true, text)
  }

  func testAQuestionsTriesHintsMistakesAndTimeAreKeptAndSurviveARestart() throws {
    let (h3, yhat) = try answersOfLesson1Step4()
    XCTAssertNotEqual(h3, yhat)
    let clock = Clock()
    var s = try session()
    run(&s, "lessons name Ada L.", at: clock, 0)
    run(&s, "lesson 1", at: clock, 5)
    run(&s, "goto 4", at: clock, 10)
    let wrong = run(&s, "answer \(h3)", at: clock, 25)
    XCTAssertTrue(wrong.contains("h₃ alone"), wrong)
    run(&s, "answer \(yhat)", at: clock, 70)
    let text = s.lessonProgressText()
    XCTAssertTrue(text.contains("learner Ada L.\n"), text)
    XCTAssertTrue(
      text.contains(
        "question 01-forward 4 tries 2 hints 1 seconds 60 settled mistakes written:h[3]\n"),
      text)
    let hash = s.installedLessons[1].contentHash
    XCTAssertTrue(text.contains("hash 01-forward \(hash)\n"), text)
    // Answering again after it is settled changes nothing the report keeps.
    let report = s.learnerReport()
    run(&s, "answer \(h3)", at: clock, 90)
    XCTAssertEqual(s.learnerReport(), report)

    // A restart reads it all back; the report is the same.
    var restarted = try session()
    XCTAssertEqual(restarted.restoreLessonProgress(text), [])
    XCTAssertEqual(restarted.lessonProgressText(), text)
    XCTAssertEqual(restarted.learnerReport(), report)
    XCTAssertEqual(report.learner, "Ada L.")
    XCTAssertEqual(report.minirnn, minirnnVersion)
    let lesson = try XCTUnwrap(report.lessons.first { $0.id == "01-forward" })
    XCTAssertEqual(lesson.hash, hash)
    XCTAssertEqual(lesson.steps, s.installedLessons[1].stepCount)
    XCTAssertEqual(
      lesson.questions,
      [
        .init(
          step: 4, firstTry: false, tries: 2, hints: 1, mistakes: ["written:h[3]"], seconds: 60,
          settled: true)
      ])
  }

  /// A "close" answer uses no try, in the report as in the lesson.
  func testACloseAnswerIsNoTry() throws {
    let (_, yhat) = try answersOfLesson1Step4()
    let clock = Clock()
    var s = try session()
    run(&s, "lesson 1", at: clock, 0)
    run(&s, "goto 4", at: clock, 0)
    let close = run(&s, "answer \(yhat * 1.05)", at: clock, 5)
    XCTAssertTrue(close.contains("close"), close)
    run(&s, "answer \(yhat)", at: clock, 9)
    let questions = s.learnerReport().lessons.first { $0.id == "01-forward" }!.questions
    XCTAssertEqual(
      questions,
      [.init(step: 4, firstTry: true, tries: 1, hints: 0, mistakes: [], seconds: 9, settled: true)]
    )
  }

  /// A learner who quits after a wrong try keeps its time: the next sitting adds to it.
  func testTimeAddsUpOverSittings() throws {
    let (h3, yhat) = try answersOfLesson1Step4()
    let clock = Clock()
    var first = try session()
    run(&first, "lesson 1", at: clock, 0)
    run(&first, "goto 4", at: clock, 10)
    run(&first, "answer \(h3)", at: clock, 25)
    run(&first, "where", at: clock, 500)
    var second = try session()
    second.restoreLessonProgress(first.lessonProgressText())
    run(&second, "lesson", at: clock, 1_000)
    run(&second, "hint", at: clock, 1_010)
    run(&second, "answer \(yhat)", at: clock, 1_040)
    let question = second.learnerReport().lessons.first { $0.id == "01-forward" }!.questions
    XCTAssertEqual(
      question,
      [
        .init(
          step: 4, firstTry: false, tries: 2, hints: 2, mistakes: ["written:h[3]"],
          seconds: 15 + 40, settled: true)
      ])
  }

  func testARightFirstAnswerAndARevealAreKept() throws {
    let (_, yhat) = try answersOfLesson1Step4()
    let clock = Clock()
    var s = try session()
    run(&s, "lesson 1", at: clock, 0)
    run(&s, "goto 4", at: clock, 100)
    run(&s, "answer \(yhat)", at: clock, 112)
    run(&s, "goto 5", at: clock, 120)
    run(&s, "hint", at: clock, 130)
    run(&s, "reveal", at: clock, 150)
    let questions = s.learnerReport().lessons.first { $0.id == "01-forward" }!.questions
    XCTAssertEqual(
      questions,
      [
        .init(
          step: 4, firstTry: true, tries: 1, hints: 0, mistakes: [], seconds: 12, settled: true),
        .init(
          step: 5, firstTry: false, tries: 0, hints: 1, mistakes: [], seconds: 30, settled: true),
      ])
  }

  /// A changed lesson drops the answers kept for its old version: a report never mixes two.
  func testAnswersOfAnOldVersionOfALessonAreDropped() {
    var record = LessonProgress.Record()
    record.adopt("fnv1a64:0000000000000001")
    record.questions[2] = LessonProgress.Question(tries: 1, settled: true)
    record.adopt("fnv1a64:0000000000000001")
    XCTAssertEqual(record.questions.count, 1)
    record.adopt("fnv1a64:0000000000000002")
    XCTAssertEqual(record.questions, [:])
    XCTAssertEqual(record.hash, "fnv1a64:0000000000000002")
  }

  func testTheContentHashIsFNV1aOfTheLinesAndIgnoresLineEnds() {
    // FNV-1a 64 of "a\n", worked from its definition.
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in Array("a\n".utf8) { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
    let hex = String(h, radix: 16)
    XCTAssertEqual(
      Lesson.contentHash(of: "a\n"),
      "fnv1a64:" + String(repeating: "0", count: 16 - hex.count) + hex)
    XCTAssertEqual(Lesson.contentHash(of: "a"), Lesson.contentHash(of: "a\n"))
    XCTAssertEqual(Lesson.contentHash(of: "a\r\nb\r\n"), Lesson.contentHash(of: "a\nb\n"))
    XCTAssertNotEqual(Lesson.contentHash(of: "a\nb\n"), Lesson.contentHash(of: "a\nc\n"))
    XCTAssertTrue(Lesson.isHash(Lesson.contentHash(of: "")))
    XCTAssertFalse(Lesson.isHash("fnv1a64:0123"))
    XCTAssertFalse(Lesson.isHash("fnv1a64:0123456789ABCDEF"))
  }

  // MARK: The progress format

  /// Random progress, written and read back, is the same progress; with the new lines
  /// left out it reads as the old format did.
  func testProgressWithQuestionsRoundTrips() {
    let seed = testSeed(203)
    var rng = SplitMix64(seed: seed)
    for _ in 0..<200 {
      var progress = LessonProgress()
      if Bool.random(using: &rng) {
        progress.learner = ["Ada L.", "Bo", "Zoë Ñ"].randomElement(using: &rng)
      }
      for id in ["00-part1-recap", "03-bptt", "10-lstm"] where Bool.random(using: &rng) {
        var record = LessonProgress.Record(step: Int.random(in: 1...9, using: &rng))
        record.done = Set((1...9).filter { _ in Bool.random(using: &rng) })
        record.tried = Set((1...9).filter { _ in Bool.random(using: &rng) })
        record.firstTry = record.tried.filter { _ in Bool.random(using: &rng) }
        record.completed = Bool.random(using: &rng)
        if Bool.random(using: &rng) {
          record.hash = Lesson.contentHash(of: "\(rng.next())")
          for k in record.tried {
            record.questions[k] = LessonProgress.Question(
              tries: Int.random(in: 0...5, using: &rng), hints: Int.random(in: 0...3, using: &rng),
              mistakes: (0..<Int.random(in: 0...3, using: &rng)).map { _ in
                ["lossSignFlipped", "offByOne", "written:h[3]"].randomElement(using: &rng)!
              },
              seconds: Int.random(in: 0...LessonProgress.maxSeconds, using: &rng),
              settled: Bool.random(using: &rng))
          }
        }
        progress.records[id] = record
      }
      var problems: [String] = []
      let read = LessonProgress(text: progress.text, problems: &problems)
      XCTAssertEqual(problems, [], "seed \(seed)")
      XCTAssertEqual(read, progress, "seed \(seed):\n\(progress.text)")
    }
  }

  func testDamagedQuestionLinesAreSkippedAndTheRestReads() {
    let text = """
      # minirnn lesson progress, version 1 (written by minirnn)
      learner Ada\u{1B}[2J
      lesson 03-bptt step 4 done 1 2 3
      hash 03-bptt fnv1a64:zz
      question 03-bptt 2 tries 1 hints 0 seconds 5 settled
      question 03-bptt 3 tries 99999999999999999999 hints 0 seconds 5
      question 03-bptt 4 tries 1 hints 0 seconds -1
      question 03-bptt 5 tries 1 hints 0 seconds 5 mistakes bad\u{7}name
      question 04-the-code 2 tries 1 hints 0 seconds 5
      question 03-bptt 0 tries 1 hints 0 seconds 5

      """
    var problems: [String] = []
    let progress = LessonProgress(text: text, problems: &problems)
    XCTAssertEqual(problems.count, 7, problems.joined(separator: "\n"))
    XCTAssertNil(progress.learner)
    XCTAssertEqual(progress.records["03-bptt"]?.questions.keys.sorted(), [2])
    XCTAssertEqual(progress.records["03-bptt"]?.done, [1, 2, 3])
    // What is shown of a damaged line has its escapes made visible.
    XCTAssertFalse(problems.joined().contains("\u{1B}"))
  }

  /// Two processes that answered different questions of the same lesson keep both.
  func testMergingProgressKeepsEveryonesQuestions() {
    var base = LessonProgress()
    base.records["03-bptt"] = LessonProgress.Record(step: 1)
    var ours = base
    ours.records["03-bptt"]!.questions[2] = LessonProgress.Question(tries: 1, settled: true)
    ours.learner = "Ada"
    var theirs = base
    theirs.records["03-bptt"]!.step = 5
    theirs.records["03-bptt"]!.questions[4] = LessonProgress.Question(tries: 2, settled: true)
    let merged = ours.merged(with: theirs, base: base)
    XCTAssertEqual(merged.records["03-bptt"]?.questions.keys.sorted(), [2, 4])
    XCTAssertEqual(merged.learner, "Ada")
  }

  // MARK: `lessons name` and `lessons report`

  func testTheLearnersNameIsCheckedAndKept() throws {
    var s = try session()
    XCTAssertTrue(ok(&s, "lessons name").contains("no name is set"))
    XCTAssertEqual(ok(&s, "lessons name \"Ada L.\""), "your reports carry the name Ada L.\n")
    XCTAssertTrue(s.lessonProgressText().contains("learner Ada L.\n"))
    let escape = refused(&s, "lessons name Ada\u{1B}]0;pwned\u{7}")
    XCTAssertTrue(escape.contains("control characters"), escape)
    XCTAssertFalse(escape.contains("\u{1B}"), escape)
    let long = refused(&s, "lessons name " + String(repeating: "a", count: 101))
    XCTAssertTrue(long.contains("at most 100 characters"), long)
    XCTAssertTrue(s.lessonProgressText().contains("learner Ada L.\n"), "refused: no change")
    let unknown = refused(&s, "lessons frobnicate")
    XCTAssertTrue(unknown.contains("report") && unknown.contains("name"), unknown)
  }

  func testLessonsReportWritesJSONThatReadsBackTheSame() throws {
    let (h3, yhat) = try answersOfLesson1Step4()
    let files = MemoryFiles(["notes.json": "{\"mine\": true}"])
    var s = try session(files: files)
    ok(&s, "lessons name Ada L.")
    ok(&s, "lesson 1")
    ok(&s, "goto 4")
    ok(&s, "answer \(h3)")
    ok(&s, "answer \(yhat)")
    let shown = ok(&s, "lessons report ada.json")
    XCTAssertTrue(shown.hasPrefix("wrote ada.json: your lesson report for Ada L."), shown)
    XCTAssertTrue(
      shown.contains("- step 4: settled; 2 tries, 1 hint, 0 s; mistakes: written:h[3]"), shown)
    let json = try XCTUnwrap(files["ada.json"])
    XCTAssertEqual(try LearnerReport.read(json), s.learnerReport())
    // Every field the documentation names is there, under its name.
    let object = try XCTUnwrap(
      JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    XCTAssertEqual(object["format"] as? String, "minirnn-report")
    XCTAssertEqual(object["version"] as? Int, 1)
    XCTAssertEqual(object["learner"] as? String, "Ada L.")
    let lessons = try XCTUnwrap(object["lessons"] as? [[String: Any]])
    XCTAssertEqual(
      Set(lessons[0].keys), ["id", "title", "hash", "steps", "stepsDone", "completed", "questions"])
    let question = try XCTUnwrap((lessons[0]["questions"] as? [[String: Any]])?.first)
    XCTAssertEqual(
      Set(question.keys),
      ["step", "firstTry", "tries", "hints", "mistakes", "seconds", "settled"])

    // The file rule of save and export: its own report is replaced, another file is not.
    ok(&s, "lessons report ada.json")
    let foreign = refused(&s, "lessons report notes.json")
    XCTAssertTrue(foreign.contains("was not written by minirnn"), foreign)
    XCTAssertEqual(files["notes.json"], "{\"mine\": true}")
    ok(&s, "lessons report notes.json --force")
    XCTAssertTrue(LearnerReport.isReport(files["notes.json"]!))
    let ending = refused(&s, "lessons report ada.csv")
    XCTAssertTrue(ending.contains(".json"), ending)
    let missing = refused(&s, "lessons report")
    XCTAssertTrue(missing.contains("lessons report ada.json"), missing)
  }

  func testAnEmptyReportSaysSo() throws {
    let files = MemoryFiles()
    var s = try session(files: files)
    let shown = ok(&s, "lessons report r.json")
    XCTAssertTrue(shown.contains("no lesson started yet"), shown)
    XCTAssertEqual(try LearnerReport.read(files["r.json"]!).lessons, [])
  }

  func testEveryMistakeHasADistinctStableName() {
    let mistakes: [LessonMistake] = [
      .lossSignFlipped, .reluForgotten(1), .outputWeightAsW2, .twoPasses(.w1), .onePass(.w1),
      .otherLoss(.exact), .halfForgotten, .offByOne(.hidden(1)), .otherTermOfStep(.tmp(1)),
      .otherGradient(.printable("w2.g")), .updateSignFlipped, .notUpdated,
      .outputForHidden(1), .hiddenForOutput(1), .unrounded, .sigmoidForgotten,
      .cellForHidden(.hidden(1)), .gatePreactivation(.f),
    ]
    let names = mistakes.map(\.stableName)
    XCTAssertEqual(Set(names).count, names.count, "\(names)")
    for name in names {
      XCTAssertTrue(LessonMistake.isStableName(name), name)
      XCTAssertTrue(name.allSatisfy { $0.isLetter || $0.isNumber }, name)
    }
    // The same wrong path at another timestep is the same mistake for a class.
    XCTAssertEqual(
      LessonMistake.reluForgotten(1).stableName, LessonMistake.reluForgotten(2).stableName)
  }
}
