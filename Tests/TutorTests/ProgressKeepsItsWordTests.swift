import RNN
import XCTest

@testable import Tutor

/// Issue 19 item 5: tries and hints survive a restart, a lesson ends with its recap and its
/// first-try score, the welcome knows when every lesson is done, and the quiz asks for the
/// LSTM's numbers.
final class ProgressKeepsItsWordTests: XCTestCase {
  // MARK: Tries and hints survive a restart

  /// A learner who used a hint and a wrong try, quit and came back, goes on exactly as one
  /// who never left: the next hint is the next one, and the next wrong answer is the second.
  func testARestartedSessionGoesOnAsOneThatNeverLeft() throws {
    var stayed = try ShippedLessons.session()
    stayed.must("lesson 1; goto 3; hint")
    let wrong = stayed.must("answer 7")
    XCTAssertTrue(wrong.contains("not"), wrong)
    let saved = stayed.lessonProgressText()
    XCTAssertTrue(saved.contains("lesson 01-forward step 3 tried 3 hints 2 tries 1\n"), saved)

    var restarted = try ShippedLessons.session()
    XCTAssertEqual(restarted.restoreLessonProgress(saved), [])
    let resumed = restarted.must("lesson")
    XCTAssertTrue(resumed.contains("resuming at step 3"), resumed)
    XCTAssertEqual(restarted.lessonProgressText(), saved)
    XCTAssertEqual(restarted.must("hint"), stayed.must("hint"))
    // The second wrong answer gives the worked answer in both.
    let second = restarted.must("answer 8")
    XCTAssertEqual(second, stayed.must("answer 8"))
    XCTAssertEqual(restarted.lessonProgressText(), stayed.lessonProgressText())
    XCTAssertTrue(
      restarted.lessonProgressText().contains(" answered"), restarted.lessonProgressText())
  }

  /// Files written before `hints`, `tries` and `answered` existed read as they did; the new
  /// words read back to the same progress.
  func testOldAndNewProgressFilesLoad() {
    let old = """
      # minirnn lesson progress, version 1 (written by minirnn)
      current 03-bptt
      lesson 00-part1-recap step 6 done 1 2 3 4 5 6 tried 2 3 first 3 completed
      lesson 03-bptt step 4 done 1 2 3

      """
    var problems: [String] = []
    let progress = LessonProgress(text: old, problems: &problems)
    XCTAssertEqual(problems, [])
    XCTAssertEqual(progress.text, old)
    XCTAssertEqual(progress.records["03-bptt"]?.hints, 0)
    var changed = progress
    changed.records["03-bptt"]!.hints = 2
    changed.records["03-bptt"]!.tries = 1
    changed.records["03-bptt"]!.answered = true
    XCTAssertTrue(
      changed.text.contains("lesson 03-bptt step 4 done 1 2 3 hints 2 tries 1 answered\n"))
    XCTAssertEqual(LessonProgress(text: changed.text, problems: &problems), changed)
    XCTAssertEqual(problems, [])
    _ = LessonProgress(text: "lesson 03-bptt step 4 hints x\n", problems: &problems)
    XCTAssertEqual(problems.count, 1, "a damaged count is skipped, as any damaged line")
  }

  // MARK: The recap and the score

  func testEveryShippedLessonHasARecapOfTwoToFiveLines() throws {
    let session = try ShippedLessons.session()
    XCTAssertEqual(session.installedLessons.count, 13)
    for lesson in session.installedLessons {
      XCTAssertTrue((2...5).contains(lesson.recap.count), "\(lesson.id): \(lesson.recap)")
      // A recap is not a step: the steps are the same as without it.
      XCTAssertFalse(lesson.steps.contains { $0.title.hasPrefix("Recap") }, lesson.id)
    }
  }

  func testTheRecapFormatIsChecked() {
    func parse(_ tail: String) -> String? {
      let text = "# T\n\n## Step (§1)\n\nProse.\n\n" + tail
      do {
        let lesson = try Lesson(path: "Lessons/42-t.md", text: text)
        return "ok \(lesson.recap)"
      } catch {
        return error.description
      }
    }
    XCTAssertEqual(
      parse("## Recap\n\n- one\n  goes on\n- two\n"), "ok [\"one goes on\", \"two\"]")
    XCTAssertEqual(
      parse("## Recap\n\n- only one\n"),
      "Lessons/42-t.md:7: a recap says what the lesson established in two to five list items; this one has 1"
    )
    XCTAssertEqual(
      parse("## Recap\n\n" + (1...6).map { "- \($0)\n" }.joined()),
      "Lessons/42-t.md:7: a recap says what the lesson established in two to five list items; this one has 6"
    )
    XCTAssertEqual(
      parse("## Recap\n\n- a\n- b\n\n## Later (§2)\n"),
      "Lessons/42-t.md:12: the '## Recap' is the lesson's last section and holds only a list ('- …') of two to five lines"
    )
    XCTAssertEqual(
      parse("## Recap\n\nA paragraph.\n"),
      "Lessons/42-t.md:9: the '## Recap' is the lesson's last section and holds only a list ('- …') of two to five lines"
    )
    XCTAssertEqual(parse(""), "ok []", "a lesson without a recap is still a lesson")
  }

  func testTheEndOfALessonShowsTheRecapAndTheFirstTryScore() throws {
    var session = try ShippedLessons.session()
    // Lesson 01: the first question right, the second wrong first, the rest revealed.
    session.must("lesson 1; skip")
    var probe = session
    probe.must("step")
    let rightH1 = probe.state.forward!.steps[0].h
    XCTAssertTrue(session.must("answer \(rightH1)").contains("right"))
    session.must("step; skip")
    XCTAssertTrue(session.must("answer 123").contains("not"))
    var text = ""
    for _ in 0..<20 {
      text = session.must("skip")
      if text.contains("finished") { break }
    }
    let lesson = session.installedLessons.first { $0.number == 1 }!
    let questions = lesson.steps.filter { $0.question != nil }.count
    let first = session.lessonProgressText().split(separator: "\n")
      .first { $0.hasPrefix("lesson 01-forward") }!
    let firstTry = first.components(separatedBy: " first ").last!.split(separator: " ")
      .prefix { Int($0) != nil }.count
    XCTAssertEqual(firstTry, 1, String(first))
    XCTAssertTrue(
      text.contains("; \(firstTry) of \(questions) questions right on the first try.\n"), text)
    for item in lesson.recap {
      let firstWords = item.split(separator: " ").prefix(3).joined(separator: " ")
      XCTAssertTrue(text.contains("- " + firstWords), "\(firstWords) not in\n\(text)")
    }
  }

  // MARK: The welcome after the last lesson

  func testTheWelcomeSaysWhenEveryLessonIsDone() throws {
    let lessons = try ShippedLessons.session().installedLessons.map(\.id)
    var session = Session()
    let some = lessons.dropLast().map { "lesson \($0) step 1 completed\n" }.joined()
    session.restoreLessonProgress(some)
    XCTAssertFalse(session.welcome(version: "1", lessons: lessons).contains("finished all"))
    session.restoreLessonProgress(some + "lesson \(lessons.last!) step 1 completed\n")
    let welcome = session.welcome(version: "1", lessons: lessons)
    XCTAssertTrue(welcome.contains("You have finished all \(lessons.count) lessons."), welcome)
    XCTAssertTrue(welcome.contains("'quiz on'"), welcome)
    XCTAssertFalse(welcome.contains("new here?"), welcome)
    // Without the list of lessons it cannot tell, and says what it always said.
    XCTAssertTrue(session.welcome(version: "1").contains("new here?"))
  }

  // MARK: The quiz under the LSTM

  /// `quiz on` with `model lstm`: `step` asks for each gate, c_t and h_t (then ŷ and L),
  /// `back` for ∂L/∂ŷ and ∂L/∂h_n, then at each timestep ∂L/∂c_t, each gate's ∂L/∂z and
  /// ∂L/∂h_{t−1}; every value is the engine's record, and a right answer is taken.
  func testTheQuizAsksForTheLSTMsNumbersFromItsRecords() {
    var session = Session()
    session.must("model lstm; input 1 0.5; target 1; quiz on")
    func answerAll(_ values: [Double], line: UInt = #line) {
      for value in values {
        let out = session.must("answer \(value)")
        XCTAssertTrue(out.hasPrefix("✓ right: "), "\(value): \(out)", line: line)
      }
    }
    // Forward: t = 1, then t = 2 with ŷ and L.
    var out = session.must("step")
    XCTAssertEqual(out, "quiz: what is i₁?  ('answer NUMBER'; Enter skips)\n")
    var pass = LSTMForwardPass(inputs: [1, 0.5], weights: session.state.lstm!.model.weights)
    _ = pass.step()
    let r1 = pass.steps[0]
    answerAll([r1.gates.i, r1.gates.f, r1.gates.g, r1.gates.o, r1.c, r1.h])
    out = session.must("step")
    XCTAssertEqual(out, "quiz: what is i₂?  ('answer NUMBER'; Enter skips)\n")
    _ = pass.step()
    let r2 = pass.steps[1]
    let yhat = pass.prediction!
    answerAll([
      r2.gates.i, r2.gates.f, r2.gates.g, r2.gates.o, r2.c, r2.h, yhat,
      Cell.loss(prediction: yhat, target: 1),
    ])
    // Backward, from the engine's own pass.
    var backward = LSTMBackwardPass(forward: pass, target: 1)
    var model = session.state.lstm!.model
    model.gradients = .zero
    out = session.must("back")
    XCTAssertEqual(out, "quiz: what is ∂L/∂ŷ?  ('answer NUMBER'; Enter skips)\n")
    _ = backward.step(accumulatingInto: &model.gradients)
    let o = backward.output!
    answerAll([o.lossGradient, o.dhn])
    for t in [2, 1] {
      session.must("back")
      _ = backward.step(accumulatingInto: &model.gradients)
      let r = backward.timestep(t)!
      answerAll(
        [r.dc] + LSTMGate.allCases.map { r.dz[$0] } + (t > 1 ? [r.dhPrevious] : []))
    }
    // A wrong answer is told the true value, the record's.
    session.must("zero; forward; back")
    let wrong = session.must("answer 123")
    XCTAssertTrue(wrong.contains("not quite"), wrong)
    XCTAssertTrue(wrong.contains("∂L/∂ŷ = \(session.notation.value(o.lossGradient))"), wrong)
  }

  /// A change of model keeps the quiz on; questions waiting about the model left are
  /// skipped, and the output they held back is shown.
  func testChangingTheModelKeepsTheQuizAndSkipsTheOtherModelsQuestions() {
    var session = Session()
    session.must("input 1 0.5; target 1; quiz on")
    let asked = session.must("step")
    XCTAssertEqual(asked, "quiz: what is h₁?  ('answer NUMBER'; Enter skips)\n")
    var plain = Session()
    plain.must("input 1 0.5; target 1")
    let withheld = plain.must("step")
    let switched = session.must("model lstm")
    XCTAssertTrue(switched.contains(withheld + "(quiz: 1 waiting question about the model left skipped)\n"), switched)
    XCTAssertEqual(session.must("quiz"), "quiz: 0 right of 0 answered, 1 skipped\n")
    XCTAssertEqual(session.must("step"), "quiz: what is i₁?  ('answer NUMBER'; Enter skips)\n")
    let back = session.must("model part2")
    XCTAssertTrue(back.contains("(quiz: 6 waiting questions about the model left skipped)\n"), back)
    XCTAssertEqual(session.must("step"), "quiz: what is h₁?  ('answer NUMBER'; Enter skips)\n")
  }
}
