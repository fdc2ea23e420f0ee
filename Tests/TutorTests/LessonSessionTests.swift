import RNN
import TestSupport
import XCTest

@testable import Tutor

/// Runs `command` and returns its output, failing the test if it errs.
@discardableResult
func ok(
  _ session: inout Session, _ command: String, file: StaticString = #filePath, line: UInt = #line
) -> String {
  let result = session.execute(command)
  XCTAssertNil(result.error, "'\(command)' failed", file: file, line: line)
  return result.output
}

/// What the lesson tests that read numbers off the session share: a test class adopts it.
protocol ReadsLessonSessions {}

extension ReadsLessonSessions {
  /// The number as the screens write it (precision 6, Unicode).
  func shown(_ v: Double) -> String { Notation(unicode: true, precision: 6).value(v) }

  /// The value `print NAME` shows now (the first line: a `display` the lesson set may
  /// follow it).
  func printed(_ s: inout Session, _ name: String) -> Double {
    let line = ok(&s, "print \(name)").split(separator: "\n")[0]
    return Double(line.split(separator: "=").last!.trimmingWhitespace().replacing("−", with: "-"))!
  }

  /// A session with the shipped lessons, at step `step` of lesson `lesson`.
  func session(lesson: Int, step: Int) throws -> Session {
    var s = try ShippedLessons.session()
    ok(&s, "lesson \(lesson)")
    ok(&s, "goto \(step)")
    return s
  }
}

/// Runs `command`, which must fail, and returns its error.
func refused(
  _ session: inout Session, _ command: String, file: StaticString = #filePath, line: UInt = #line
) -> String {
  let result = session.execute(command)
  XCTAssertNotNil(result.error, "'\(command)' should fail", file: file, line: line)
  return result.error ?? ""
}

/// The number after `name = ` on the last line that starts with it.
func shownValue(_ name: String, in output: String) -> Double? {
  output.split(separator: "\n").last { $0.hasPrefix(name + " = ") }
    .flatMap { Double($0.dropFirst(name.count + 3)) }
}

final class LessonSessionTests: XCTestCase {
  /// Lesson 3's example, computed here from the article's equations with the engine's
  /// `Cell`, not read from minirnn's output.
  struct ByHand {
    let w1 = 0.5, w2 = 0.4, w3 = 1.5
    let x = [1.0, 0.5, 0.25]
    let y = 1.0
    var a: [Double] = []
    var h: [Double] = [0]
    init() {
      for t in 0..<3 {
        a.append(Cell.preactivation(w1: w1, w2: w2, x: x[t], hPrevious: h[t]))
        h.append(Cell.relu(a[t]))
      }
    }
    var yhat: Double { Cell.output(w3: w3, h: h[3]) }
    var dLdyhat: Double { Cell.lossGradient(prediction: yhat, target: y) }
    /// ∂L/∂h_t for t = 3, 2, 1 (index t), by §2.5's recursion.
    var dh: [Double] {
      var dh = [0.0, 0, 0, w3 * dLdyhat]
      for t in stride(from: 3, to: 1, by: -1) { dh[t - 1] = dh[t] * Cell.reluPrime(a[t - 1]) * w2 }
      return dh
    }
    func tmp(_ t: Int) -> Double { dh[t] * Cell.reluPrime(a[t - 1]) }
    func w1Term(_ t: Int) -> Double { tmp(t) * x[t - 1] }
    func w2Term(_ t: Int) -> Double { tmp(t) * h[t - 1] }
    /// §2.6: the sums over t.
    var w1g: Double { (1...3).map(w1Term).reduce(0, +) }
    var w2g: Double { (1...3).map(w2Term).reduce(0, +) }
  }

  func testANewLearnerGoesThroughLesson3PredictingEveryValueAndTheSumsMatchGradcheck() throws {
    var s = try ShippedLessons.session()
    let hand = ByHand()
    // The learner's own session, kept through the lesson.
    ok(&s, "set w1 0.125")
    ok(&s, "data zigzag")
    let before = s.state
    var out = ok(&s, "lesson 3")
    XCTAssertTrue(out.hasPrefix("Lesson 03 · Backpropagation through time\n"), out)
    XCTAssertTrue(
      out.contains("── step 1 of 7: Forward first: BPTT needs every h_t (§2.5) ──"), out)
    XCTAssertTrue(
      out.contains(
        "(the lesson ran: set w1 0.5; set w2 0.4; set w3 1.5; input 1 0.5 0.25; target 1)"), out)
    XCTAssertTrue(out.contains("    minirnn> forward\n"), "the step shows the command to type")
    XCTAssertFalse(
      out.contains("ReLU(0.305)"), "the step does not show the output before it is typed")

    // Step 1: predict h₃, then compute it.
    XCTAssertEqual(
      refused(&s, "next"),
      "next: this step is not done yet: answer the question with 'answer …' ('hint' helps); type 'forward'; 'skip' moves on anyway"
    )
    out = ok(&s, "answer \(hand.h[3])")
    XCTAssertTrue(
      out.hasPrefix("✓ right: h₃ = 0.305 (3 significant digits count as right)\n"), out)
    // Answered before 'forward': the equation, not the output 'forward' will print.
    XCTAssertTrue(out.contains("h₃ = ReLU(w₁·x₃ + w₂·h₂)    Eq. 3\n"), out)
    XCTAssertFalse(out.contains("ReLU(0.305)"), out)
    out = ok(&s, "forward")
    XCTAssertTrue(out.hasSuffix("✓ done — type 'next'\n"), out)

    // Step 2: ∂L/∂h₃, the gradient entering the last hidden state.
    out = ok(&s, "next")
    XCTAssertTrue(out.contains("step 2 of 7: Where the gradient enters (§2.5)"), out)
    ok(&s, "display w1.g w2.g w3.g")
    ok(&s, "back")
    out = ok(&s, "answer \(hand.dh[3])")
    XCTAssertTrue(out.hasPrefix("✓ right: ∂L/∂h₃ = −0.81375"), out)
    XCTAssertTrue(out.contains("∂L/∂h₃ = w₃·∂L/∂ŷ = 1.5·(−0.5425) = −0.81375    §2.5\n"), out)
    XCTAssertTrue(out.hasSuffix("✓ done — type 'next'\n"), out)

    // Step 3: w₁'s term at t = 3; the displayed sums start filling in.
    ok(&s, "next")
    out = ok(&s, "answer \(hand.w1Term(3))")
    XCTAssertTrue(out.hasPrefix("✓ right: w₁ term at t = 3 = −0.203437"), out)
    out = ok(&s, "back")
    assertClose(
      try XCTUnwrap(shownValue("w1.g", in: out)), hand.w1Term(3), relative: 1e-15,
      "w1.g after t = 3")
    assertClose(
      try XCTUnwrap(shownValue("w2.g", in: out)), hand.w2Term(3), relative: 1e-15,
      "w2.g after t = 3")

    // Step 4: w₂'s term at t = 2, which needs ∂L/∂h₂ from step t = 3, asked as a formula:
    // the number is not enough, and uses no try.
    ok(&s, "next")
    out = ok(&s, "answer \(hand.w2Term(2))")
    XCTAssertTrue(out.hasPrefix("that is the value; write it in terms of ∂L/∂h₂, a₂ and h₁"), out)
    out = ok(&s, "answer ∂L/∂h₂·ReLU′(a₂)·h₁")
    XCTAssertTrue(out.hasPrefix("✓ right: ∂L/∂h₂·ReLU′(a₂)·h₁ = w₂ term at t = 2 = −0.16275"), out)
    ok(&s, "back")

    // Step 5: the whole sum for w₁.
    ok(&s, "next")
    out = ok(&s, "answer \(hand.w1g)")
    XCTAssertTrue(out.hasPrefix("✓ right: w₁.g = −0.496387"), out)
    out = ok(&s, "back")
    let watched = (
      try XCTUnwrap(shownValue("w1.g", in: out)), try XCTUnwrap(shownValue("w2.g", in: out)),
      try XCTUnwrap(shownValue("w3.g", in: out))
    )

    // Step 6: the sums watched equal finite differences of Eq. 1.
    ok(&s, "next")
    ok(&s, "grads")
    out = ok(&s, "gradcheck")
    XCTAssertEqual(out.components(separatedBy: " ok\n").count - 1, 3, out)
    let check = MiniRnn(weights: Weights(w1: hand.w1, w2: hand.w2, w3: hand.w3))
      .gradientCheck(inputs: hand.x, target: hand.y)
    assertClose(watched.0, check.rows[0].numeric, relative: 1e-8, "w1.g against finite differences")
    assertClose(watched.1, check.rows[1].numeric, relative: 1e-8, "w2.g against finite differences")
    assertClose(watched.2, check.rows[2].numeric, relative: 1e-8, "w3.g against finite differences")
    assertClose(watched.0, hand.w1g, relative: 1e-15, "w1.g against the sum by hand")
    assertClose(watched.1, hand.w2g, relative: 1e-15, "w2.g against the sum by hand")
    out = ok(&s, "answer neg")
    XCTAssertTrue(out.hasPrefix("✓ right: negative: w₂.g = −0.528938\n"), out)

    // Step 7: a cut step stops the gradient.
    ok(&s, "next")
    ok(&s, "set w2 -2")
    ok(&s, "forward")
    ok(&s, "backward")
    out = ok(&s, "answer 0")
    XCTAssertTrue(out.hasPrefix("✓ right: ∂L/∂h₁ = 0"), out)
    out = ok(&s, "next")
    // The score, the lesson's own recap (one item per `- `), then what comes next.
    let recap = s.installedLessons.first { $0.number == 3 }!.recap
    XCTAssertTrue((2...5).contains(recap.count), "\(recap)")
    XCTAssertTrue(
      out.hasPrefix(
        """
        Lesson 03 finished: 7 of 7 steps done; 7 of 7 questions right on the first try.
        What this lesson established:

        """), out)
    XCTAssertEqual(out.components(separatedBy: "\n- ").count - 1, recap.count, out)
    XCTAssertTrue(
      out.hasSuffix(
        """
        The session keeps the lesson's last state to play with; 'lesson end' brings back
        yours from before the lesson.
        Next: 'lesson 4' — The code: what the article's program really does

        """), out)
    // Nothing of the learner's own session is lost: 'lesson end' brings it back.
    let lessonState = s.state
    XCTAssertEqual(ok(&s, "lesson end"), "your session from before the lesson is back\n")
    XCTAssertNotEqual(s.state, lessonState)
    XCTAssertEqual(s.state, before)
    XCTAssertTrue(
      s.lessonProgressText().contains(
        "lesson 03-bptt step 7 done 1 2 3 4 5 6 7 tried 1 2 3 4 5 6 7 first 1 2 3 4 5 6 7 completed\n"
      ))
  }

  func testAWrongAnswerGetsAHintThenTheValueAndItsEquation() throws {
    var s = try ShippedLessons.session()
    ok(&s, "lesson 1")
    ok(&s, "states")
    ok(&s, "next")
    XCTAssertEqual(
      ok(&s, "answer 0.6"),
      """
      ✗ not yet: you answered 0.6
      hint 1 of 3: h₀ is 0, so the w₂ term adds nothing at t = 1.
        (one more try: 'answer …' again; 'reveal' shows the answer)

      """)
    // Asked before 'step' ran: the equation, not the step's output.
    XCTAssertEqual(
      ok(&s, "answer 0.6"),
      """
      ✗ not quite: you answered 0.6
      the answer is h₁ = 0.5 (3 significant digits count as right)
      h₁ = ReLU(w₁·x₁ + w₂·h₀)    Eq. 3

      """)
    XCTAssertEqual(
      s.state.forward?.t, nil, "answering computes on the lesson's copy, not the session")
    XCTAssertEqual(
      refused(&s, "answer lots"), "answer: 'lots' is not a number (write it like 0.5, -2 or 1e-3)")
  }

  func testHintsEscalateAndTheLastOneGivesTheComputedAnswer() throws {
    var s = try ShippedLessons.session()
    ok(&s, "lesson 1")
    ok(&s, "goto 3")
    XCTAssertEqual(
      ok(&s, "hint"), "hint 1 of 3: a₂ = w₁·x₂ + w₂·h₁; you know h₁ from the last step.\n")
    XCTAssertEqual(ok(&s, "hint"), "hint 2 of 3: 0.5·0.5 + 0.4·0.5, and the sum is positive.\n")
    let last = ok(&s, "hint")
    XCTAssertTrue(
      last.hasPrefix(
        "hint 3 of 3: the answer is h₂ = 0.45 (3 significant digits count as right)\n"), last)
    XCTAssertTrue(last.contains("h₂ = ReLU(w₁·x₂ + w₂·h₁)    Eq. 3"), last)
    XCTAssertEqual(ok(&s, "hint"), last, "the last hint stays the last")
  }

  func testPrevAndGotoRestoreTheStateEachStepStartedFrom() throws {
    var s = try ShippedLessons.session()
    ok(&s, "lesson 3")
    let step1 = s.state
    ok(&s, "answer 0.305")
    ok(&s, "forward")
    ok(&s, "next")
    let step2 = s.state
    XCTAssertNotEqual(step1, step2, "step 2 starts after the forward pass")
    XCTAssertEqual(step2.forward?.isComplete, true)
    ok(&s, "display w1.g w2.g w3.g")
    ok(&s, "back")
    ok(&s, "answer -0.814")
    ok(&s, "next")
    ok(&s, "back")
    ok(&s, "set w1 9")
    XCTAssertNotEqual(s.state, step2)
    let out = ok(&s, "prev")
    XCTAssertTrue(out.hasPrefix("(back to where step 2 starts)\n── step 2 of 7"), out)
    XCTAssertEqual(s.state, step2, "prev restores exactly the state step 2 started from")
    ok(&s, "goto 1")
    XCTAssertEqual(s.state, step1, "goto restores the state step 1 started from")
    ok(&s, "goto 2")
    XCTAssertEqual(s.state, step2)
    XCTAssertEqual(
      refused(&s, "goto 8"), "goto: 8 is out of range; accepted: a whole number from 1 to 7")
  }

  func testStepsAreReachedByTheLessonsOwnReplayEvenWhenJumpingAhead() throws {
    var a = try ShippedLessons.session()
    ok(&a, "lesson 3")
    ok(&a, "goto 6")
    var b = try ShippedLessons.session()
    ok(&b, "lesson 3")
    for _ in 1..<6 { ok(&b, "skip") }
    XCTAssertEqual(a.state, b.state)
    XCTAssertEqual(a.state.backward?.isComplete, true, "step 6 starts after the full backward pass")
    XCTAssertEqual(a.state.displays, ["w1.g", "w2.g", "w3.g"])
  }

  func testProgressSurvivesARestartThroughItsText() throws {
    var first = try ShippedLessons.session()
    let revision = first.lessonProgressRevision
    ok(&first, "lesson 3")
    XCTAssertNotEqual(
      first.lessonProgressRevision, revision, "starting a lesson is progress to save")
    ok(&first, "answer 0.305")
    ok(&first, "forward")
    ok(&first, "next")
    let stateAtStep2 = first.state
    let text = first.lessonProgressText()
    XCTAssertEqual(
      text,
      "# minirnn lesson progress, version 1 (written by minirnn)\ncurrent 03-bptt\nlesson 03-bptt step 2 done 1 tried 1 first 1\n"
        + "hash 03-bptt \(first.installedLessons[3].contentHash)\n"
        + "question 03-bptt 1 tries 1 hints 0 seconds 0 settled\n"
    )

    // Quit, start again: a fresh session with the same files and the saved text.
    var second = try ShippedLessons.session()
    XCTAssertEqual(second.restoreLessonProgress(text), [])
    XCTAssertEqual(second.lessonProgressText(), text)
    XCTAssertTrue(second.execute("lessons").output.contains("• 03  Backpropagation through time"))
    let out = ok(&second, "lesson")
    XCTAssertTrue(out.contains("(resuming at step 2, where you left)"), out)
    XCTAssertTrue(out.contains("── step 2 of 7: Where the gradient enters (§2.5) ──"), out)
    XCTAssertEqual(second.state, stateAtStep2, "the resumed step starts from the same state")
    XCTAssertTrue(second.execute("lessons").output.contains("▸ 03  Backpropagation through time"))
    ok(&second, "prev")
    XCTAssertTrue(ok(&second, "where").contains("step 1 of 7"))
    XCTAssertTrue(
      second.lessonProgressText().contains("lesson 03-bptt step 1 done 1 tried 1 first 1\n"))
  }

  func testDamagedProgressLosesOnlyTheDamagedLines() {
    var s = Session()
    let problems = s.restoreLessonProgress(
      "current 03-bptt\nlesson 03-bptt step 4 done 1 2\nlesson 01-forward step x\nnonsense\nlesson 07-errata step 2 completed\n"
    )
    XCTAssertEqual(
      problems,
      [
        "lesson progress, line 3: cannot read 'lesson 01-forward step x'; skipped",
        "lesson progress, line 4: cannot read 'nonsense'; skipped",
      ])
    XCTAssertEqual(
      s.lessonProgressText(),
      "# minirnn lesson progress, version 1 (written by minirnn)\ncurrent 03-bptt\nlesson 03-bptt step 4 done 1 2\nlesson 07-errata step 2 completed\n"
    )
  }

  func testFreeCommandsWorkMidStepAndTheStepNoticesWhenItsCommandsWereTyped() throws {
    var s = try ShippedLessons.session()
    ok(&s, "lesson 1")
    ok(&s, "states")
    ok(&s, "next")
    ok(&s, "answer 0.5")
    XCTAssertEqual(ok(&s, "weights").contains("✓ done"), false)
    XCTAssertEqual(ok(&s, "print w1"), "w1 = 0.5\n")
    let out = ok(&s, "s")
    XCTAssertTrue(out.hasSuffix("✓ done — type 'next'\n"), "'s' is 'step': \(out)")
    ok(&s, "set w1 2")
    let next = ok(&s, "next")
    XCTAssertTrue(
      next.hasPrefix(
        """
        note: step 3 starts from the lesson's own state; what you changed in step 2
        beyond its commands is not carried over

        """
      ),
      next)
    XCTAssertEqual(s.state.model.weights.w1, 0.5)
    XCTAssertEqual(s.state.forward?.t, 1)
  }

  func testADoneWhenStepWaitsForItsConditionNotForExactCommands() throws {
    var s = try ShippedLessons.session()
    ok(&s, "lesson 4")
    XCTAssertEqual(
      refused(&s, "next"),
      "next: this step is not done yet: the step waits for: mode is article; 'skip' moves on anyway"
    )
    XCTAssertTrue(ok(&s, "mode article").hasSuffix("✓ done — type 'next'\n"))
  }

  func testSkipEndAndCommandsOutsideALesson() throws {
    var s = try ShippedLessons.session()
    XCTAssertEqual(
      refused(&s, "next"), "next: no lesson is running; 'lessons' lists them, 'lesson N' starts one"
    )
    XCTAssertEqual(
      refused(&s, "answer 1"),
      "answer: no lesson is running; 'lessons' lists them, 'lesson N' starts one")
    XCTAssertEqual(
      refused(&s, "lesson 99"),
      "unknown lesson '99'; accepted: 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, part1-recap, forward, local-derivatives, bptt, the-code, training, zigzag, errata, vanishing, fixing-zigzag, lstm, spectrum, loss-every-step"
    )
    ok(&s, "lesson zigzag")
    let skipped = ok(&s, "skip")
    XCTAssertTrue(
      skipped.hasPrefix(
        "(skipped step 1; the session goes on from where step 2 starts)\n── step 2 of 4"), skipped)
    XCTAssertEqual(
      ok(&s, "lesson end"),
      "left lesson 06 at step 2; 'lesson' resumes it there\nyour session from before the lesson is back\n"
    )
    XCTAssertEqual(
      refused(&s, "where"),
      "where: no lesson is running; 'lessons' lists them, 'lesson N' starts one")
    XCTAssertTrue(
      s.lessonProgressText().contains("lesson 06-zigzag step 2\n"), "skipping marks nothing done")
  }

  func testAStepWithoutAQuestionRefusesAnswers() throws {
    var s = try ShippedLessons.session()
    ok(&s, "lesson 5")
    XCTAssertEqual(refused(&s, "answer 1"), "answer: this step asks no question; 'next' goes on")
  }

  func testNoLessonsInstalled() {
    var s = Session()
    XCTAssertEqual(
      ok(&s, "lessons"), "no lessons are installed (minirnn reads them from its Lessons folder)\n")
    XCTAssertEqual(
      refused(&s, "lesson 1"),
      "lesson: no lessons are installed (minirnn reads them from its Lessons folder)")
  }

  func testLessonCommandsAreListedInHelpAndRefusedInsideLessons() {
    var helpSession = Session()
    let help = helpSession.execute("help all").output
    XCTAssertTrue(help.contains("\nLessons\n  lessons "), help)
    for name in [
      "lessons", "lesson", "next", "prev", "goto", "where", "hint", "skip", "answer", "save",
      "load", "quit",
    ] {
      XCTAssertNotNil(LessonPlayer.problem(with: name), name)
    }
    XCTAssertNil(LessonPlayer.problem(with: "forward"))
    var player = LessonPlayer()
    XCTAssertEqual(
      player.run("save /tmp/x"),
      "error: 'save' cannot run in a lesson: lessons do not touch files, leave minirnn or start other lessons\n",
      "refused at run time too, not only when parsing")
  }

  func testAnASCIITerminalGetsASCIIMarksAndNarrowLinesAreWrapped() throws {
    var s = try ShippedLessons.session()
    s.traits = TerminalTraits(isInteractive: true, color: false, unicode: false, width: 50)
    let start = ok(&s, "lesson 0")
    XCTAssertTrue(start.hasPrefix("Lesson 00 - Part 1 recap"), start)
    XCTAssertTrue(start.contains("-- step 1 of 6: The model Part 1 left us (sec. 1)"), start)
    for line in start.split(separator: "\n") where !line.hasPrefix("    ") {
      XCTAssertLessThanOrEqual(line.count, 50, "wrapped to the width: \(line)")
    }
    XCTAssertEqual(ok(&s, "model part1").split(separator: "\n").last, "* done -- type 'next'")
    XCTAssertTrue(ok(&s, "lessons").contains("\n> 00  Part 1 recap"))
  }
}
