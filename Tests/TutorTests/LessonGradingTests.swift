import RNN
import XCTest

@testable import Tutor

/// Issue 19, item 2: a question is graded where it stands in its step, with a tolerance
/// that fits what it asks, one try for yes/no and sign questions, "close" for a rounding
/// matter, and the lesson's own value named after the learner changed the model. Every
/// expected number is read with `print` (or from the records) after the test typed the
/// commands itself, or worked out with `Cell`, never taken from the grading code.
final class LessonGradingTests: XCTestCase, ReadsLessonSessions {
  /// How many of the step's commands stand above its question, and how many up to the end
  /// of the transcript right below it, counted from the file's blocks.
  static func place(of step: LessonStep) -> (above: Int, below: Int) {
    var count = 0
    var above: Int?
    for block in step.blocks {
      if case .question = block { above = count }
      if case .transcript(let commands) = block {
        count += commands.count
        if let above { return (above, count) }
      }
    }
    return (above ?? count, count)
  }

  /// The lesson's own state where `step`'s question is graded: after the commands above
  /// it if they computed its answer, else after the transcript below it too.
  static func questionState(_ step: LessonStep, from entry: SessionState) -> SessionState {
    let (above, below) = place(of: step)
    var player = LessonPlayer(state: entry)
    player.run(Array(step.commands[..<above]))
    if above > 0, answerExists(step.question!, in: player.session) { return player.state }
    player.run(Array(step.commands[above..<below]))
    return player.state
  }

  static func answerExists(_ question: LessonQuestion, in session: Session) -> Bool {
    switch question.answer {
    case .number(let q, _), .sign(let q): (try? q.value(in: session)) != nil
    case .condition, .fixed: true
    }
  }

  // MARK: The cases the issue quotes

  func testLesson9Step2IsGradedOnTheFirstZigzagNotTheSecond() throws {
    // What the learner sees: ŷ after `sample 1; forward`.
    var typed = try session(lesson: 9, step: 2)
    ok(&typed, "sample 1")
    ok(&typed, "forward")
    let yhat = printed(&typed, "yhat")
    XCTAssertEqual(shown(yhat), "1")
    var s = typed
    let out = ok(&s, "answer 1")
    XCTAssertTrue(out.hasPrefix("✓ right: ŷ = 1"), out)
    // The issue's line, whole.
    var line = try ShippedLessons.session()
    let results = line.run(line: "lesson 9; goto 2; sample 1; forward; answer 1")
    XCTAssertEqual(results.compactMap(\.error), [])
    XCTAssertTrue(results.last!.output.hasPrefix("✓ right: ŷ = 1"), results.last!.output)
    // Before typing anything, and after typing the step's later commands too.
    var early = try session(lesson: 9, step: 2)
    XCTAssertTrue(ok(&early, "answer 1").hasPrefix("✓ right"))
    var late = typed
    ok(&late, "sample 2")
    ok(&late, "forward")
    XCTAssertLessThan(abs(printed(&late, "yhat")), 1e-12, "the screen now shows the second zigzag")
    XCTAssertTrue(ok(&late, "answer 1").hasPrefix("✓ right"), "still the first zigzag's ŷ")
  }

  func testLesson8Step1AsksForAMagnitude() throws {
    var typed = try session(lesson: 8, step: 1)
    for c in typed.lessonBook.run!.current.commands { ok(&typed, c.command) }
    let dh1 = try LessonQuantity("dL/dh[1]")!.value(in: typed)
    // 0.5^29 from ∂L/∂h₃₀ = 1 (w₃ = 1, ŷ − y = 1), every ReLU′ = 1.
    XCTAssertEqual(dh1 / pow(0.5, 29), 1, accuracy: 1e-6)
    for wrong in ["9.3e-10", "0", "1e-12"] {
      var s = typed
      let out = ok(&s, "answer \(wrong)")
      XCTAssertTrue(out.contains("not yet"), "\(wrong): \(out)")
    }
    var zero = typed
    let small = ok(&zero, "answer 0").replacing("\n", with: " ")
    XCTAssertTrue(small.contains("it is small, but not 0"), small)
    var named = typed
    let half = ok(&named, "answer 9.3e-10").replacing("\n", with: " ")
    XCTAssertTrue(half.contains("that is ∂L/∂h₀, one timestep off"), half)
    var right = typed
    XCTAssertTrue(ok(&right, "answer 1.86e-9").hasPrefix("✓ right"))
  }

  func testLesson8Step5NoUpdateIsNotAnUpdate() throws {
    var s = try session(lesson: 8, step: 5)
    let before = printed(&s, "w2")
    var typed = s
    for c in typed.lessonBook.run!.current.commands { ok(&typed, c.command) }
    let after = printed(&typed, "w2")
    XCTAssertEqual(before, 1.5)
    XCTAssertLessThan(abs(after - before) / before, 0.005, "the update is inside 0.5 % of w₂")
    for var t in [s, typed] {
      let out = ok(&t, "answer 1.5").replacing("\n", with: " ")
      XCTAssertTrue(out.contains("not yet"), out)
      XCTAssertTrue(out.contains("that is w₂ as it was before"), out)
      XCTAssertFalse(out.contains("close"), out)
    }
    var flipped = s
    let up = ok(&flipped, "answer \(plainNumber(2 * before - after))").replacing("\n", with: " ")
    XCTAssertTrue(up.contains("moved up the slope"), up)
    var right = s
    let out = ok(&right, "answer \(plainNumber(after))")
    XCTAssertTrue(out.hasPrefix("✓ right: w₂ = 1.49904 (3 significant digits of the change"), out)
  }

  /// A hand calculation within 10 % but not to 3 significant digits is a rounding matter:
  /// "close", no hint, no try used.
  func testCloseAnswersAskForThreeDigits() throws {
    for (lesson, step, given) in [(1, 4, "0.46"), (5, 5, "0.8"), (5, 3, "0.99")] {
      var s = try session(lesson: lesson, step: step)
      let out = ok(&s, "answer \(given)")
      XCTAssertTrue(out.contains("close: you answered \(given); give 3 significant digits"), out)
      XCTAssertFalse(out.contains("hint"), out)
      XCTAssertFalse(out.contains("not yet"), out)
      XCTAssertEqual(s.lessonBook.run!.wrongTries, 0, "\(lesson).\(step): no try used")
      XCTAssertFalse(s.lessonBook.run!.answered)
    }
    // Lesson 08 step 5: the clipped update moves w₂ in its fourth digit, so four digits of
    // w₂ are close but not right; the feedback asks for those of the change.
    var update = try session(lesson: 8, step: 5)
    let w2Before = printed(&update, "w2")
    var updated = update
    for c in updated.lessonBook.run!.current.commands { ok(&updated, c.command) }
    let w2 = printed(&updated, "w2")
    let four = NumberFormat.significant(w2, digits: 4)
    XCTAssertGreaterThan(abs(Double(four)! - w2), 0.005 * abs(w2 - w2Before))
    let small = ok(&update, "answer \(four)").replacing("\n", with: " ")
    XCTAssertTrue(small.contains("give 3 significant digits of the change, since the step"), small)
    XCTAssertTrue(ok(&update, "answer \(plainNumber(w2))").hasPrefix("✓ right"))
    // 0.807 is w₃ after training; 0.8 is close to it, and the right one still counts first.
    var s = try session(lesson: 5, step: 5)
    ok(&s, "answer 0.8")
    var typed = s
    for c in typed.lessonBook.run!.current.commands { ok(&typed, c.command) }
    XCTAssertTrue(ok(&s, "answer \(plainNumber(printed(&typed, "w3")))").hasPrefix("✓ right"))
  }

  func testYesNoAndSignQuestionsHaveOneTry() throws {
    for (lesson, step, wrong) in [(6, 3, "yes"), (2, 3, "no"), (3, 6, "positive")] {
      var s = try session(lesson: lesson, step: step)
      let out = ok(&s, "answer \(wrong)")
      XCTAssertTrue(out.contains("not yet"), out)
      XCTAssertTrue(out.contains("the answer is"), out)
      XCTAssertFalse(out.contains("one more try"), out)
    }
    // A question with three choices about ideas keeps its second try.
    var s = try session(lesson: 6, step: 4)
    XCTAssertTrue(ok(&s, "answer w1").contains("one more try"))
  }

  /// A setting changed before `train` is what the learner changed, not every weight
  /// training moved from there.
  func testAChangeBeforeTrainingIsNamedAsTheLearnerMadeIt() throws {
    // Lesson 06 step 1 trains on the zigzags from seed 7, then asks for ŷ of the first.
    var lessons = try session(lesson: 6, step: 1)
    for c in lessons.lessonBook.run!.current.commands { ok(&lessons, c.command) }
    let theirs = printed(&lessons, "yhat")
    var s = try session(lesson: 6, step: 1)
    ok(&s, "set lr 0.01")
    for c in s.lessonBook.run!.current.commands { ok(&s, c.command) }
    XCTAssertGreaterThan(abs(printed(&s, "yhat") - theirs), 0.01 * abs(theirs))
    let out = ok(&s, "answer \(plainNumber(theirs))").replacing("\n", with: " ")
    XCTAssertTrue(out.contains("for the lesson's lr = 0.001; you set lr = 0.01"), out)
    XCTAssertFalse(out.contains("w₁ ="), out)
  }

  func testTheLessonsOwnValueAfterAChangeIsNamed() throws {
    var s = try session(lesson: 1, step: 4)
    ok(&s, "set w3 3")
    let out = ok(&s, "answer 0.4575").replacing("\n", with: " ")
    XCTAssertTrue(
      out.contains("that is the value for the lesson's w₃ = 1.5; you set w₃ = 3"), out)
    XCTAssertFalse(out.contains("close"), out)
  }

  /// Lesson 02 step 2 after `set w3 5`: ŷ is above y, so ∂L/∂ŷ is positive; "negative" is
  /// the lesson's own sign, not Eq. 4 as printed.
  func testLesson2Step2AfterSetW3IsNotCalledErratum3() throws {
    var s = try session(lesson: 2, step: 2)
    ok(&s, "set w3 5")
    var typed = s
    ok(&typed, "forward")
    XCTAssertGreaterThan(printed(&typed, "yhat"), printed(&typed, "y"))
    var wrong = s
    let out = ok(&wrong, "answer negative").replacing("\n", with: " ")
    XCTAssertFalse(out.contains("erratum 3"), out)
    XCTAssertFalse(out.contains("as printed"), out)
    XCTAssertTrue(out.contains("that is the sign for the lesson's w₃ = 1.5; you set w₃ = 5"), out)
    XCTAssertTrue(ok(&s, "answer positive").hasPrefix("✓ right"))
  }

  // MARK: Every shipped question on its own state and four perturbed ones

  /// Changes the test makes to the learner's session: a weight (two ways), the input, the
  /// target. Each is a command a learner could type.
  static func perturbations(_ s: inout Session) -> [String] {
    let state = s.state
    var commands: [String] = []
    if let lstm = state.lstm {
      commands.append("set f.wh \(plainNumber(lstm.model.weights[.fWh] * 1.1 + 0.05))")
      commands.append("set wy \(plainNumber(lstm.model.weights[.wy] * 0.8 - 0.1))")
    } else if let vector = state.active as? VectorState {
      let w = vector.model.weights
      commands.append("set W_xh[1] \(plainNumber(w.wxh[0] * 1.1 + 0.05))")
      commands.append("set w_y[1] \(plainNumber(w.wy[0] * 0.8 - 0.1))")
    } else {
      commands.append("set w1 \(plainNumber(state.model.weights.w1 * 1.1 + 0.05))")
      commands.append("set w3 \(plainNumber(state.model.weights.w3 * 0.8 - 0.1))")
    }
    commands.append(
      "input " + state.inputs.map { plainNumber($0 * 0.9 + 0.1) }.joined(separator: " "))
    // A target per step is changed as a whole, so a loss at every step keeps reading it.
    commands.append(
      state.targets.map { "target " + $0.map { plainNumber($0 + 0.3) }.joined(separator: " ") }
        ?? "target \(plainNumber((state.target ?? 0.4) + 0.3))")
    return commands
  }

  /// For every question of every shipped lesson: the lesson's own answer is right, and on
  /// four perturbed sessions the answer the test computes by typing the step's commands
  /// itself is right, typed or not, while a far number is not and the lesson's own value
  /// (where it differs) is named as the lesson's.
  func testEveryShippedQuestionIsGradedOnTheLiveState() throws {
    let base = try ShippedLessons.session()
    var checked = 0
    for lesson in base.installedLessons {
      var ls = base
      ok(&ls, "lesson \(lesson.number)")
      for (k, step) in lesson.steps.enumerated() {
        guard let question = step.question else { continue }
        ok(&ls, "goto \(k + 1)")
        let entry = try ls.lessonBook.run!.entryState(k)
        let own = Self.questionState(step, from: entry)
        let place = "\(lesson.id) step \(k + 1)"
        var variants: [(String?, Session)] = [(nil, ls)]
        var probe = ls
        for change in Self.perturbations(&probe) {
          var p = ls
          ok(&p, change)
          variants.append((change, p))
        }
        for (change, start) in variants {
          let label = "\(place) after \(change ?? "nothing")"
          // The test types the step's commands up to the question's place itself: those the
          // change did not already count for (`set w3 …` counts for the step's `set w3 …`).
          var typed = start
          let (above, below) = Self.place(of: step)
          var lessonAbove = LessonPlayer(state: entry)
          lessonAbove.run(Array(step.commands[..<above]))
          let point =
            above > 0 && Self.answerExists(question, in: lessonAbove.session) ? above : below
          let startTyped = start.lessonBook.run!.typed
          for c in step.commands[min(startTyped, point)..<point] { _ = typed.execute(c.command) }
          // The step started before the learner's first command of it.
          let stepStart = startTyped > 0 ? ls.state : start.state
          // A learner whose change cleared the passes types them again to see the number.
          if case .number(let q, _) = question.answer, (try? q.value(in: typed)) == nil {
            _ = typed.execute("forward")
            if (try? q.value(in: typed)) == nil { _ = typed.execute("backward") }
          }
          if case .sign(let q) = question.answer, (try? q.value(in: typed)) == nil {
            _ = typed.execute("forward")
            if (try? q.value(in: typed)) == nil { _ = typed.execute("backward") }
          }
          let answer: String
          var lessonsOwn: String?
          switch question.answer {
          case .number(let q, _):
            guard let v = try? q.value(in: typed) else {
              XCTFail("\(label): \(q.name) not computed after typing the commands")
              continue
            }
            // A formula question takes the lesson's formula, on the learner's numbers too.
            answer = question.formula?.text ?? plainNumber(v)
            let theirs = try q.value(in: Session(state: own))
            if change != nil, question.formula == nil, abs(theirs - v) > 0.02 * max(abs(v), 1e-300)
            {
              lessonsOwn = plainNumber(theirs)
            }
          case .sign(let q):
            let v = try q.value(in: typed)
            answer = v > 0 ? "positive" : v < 0 ? "negative" : "zero"
          case .condition(let predicates):
            answer =
              predicates.allSatisfy { $0.holds(in: typed.state, entry: stepStart) } ? "yes" : "no"
          case .fixed(let word):
            answer = word
          }
          var before = start
          let out = ok(&before, "answer \(answer)")
          XCTAssertTrue(out.hasPrefix("✓ right"), "\(label): answer \(answer): \(out)")
          var after = typed
          let outTyped = ok(&after, "answer \(answer)")
          XCTAssertTrue(outTyped.hasPrefix("✓ right"), "\(label), typed: \(answer): \(outTyped)")
          if case .number = question.answer, let v = Double(answer),
            abs(v * 0.5 + 0.1) > 0.01 * abs(v)
          {
            var wrong = typed
            let far = ok(&wrong, "answer \(plainNumber(v * 1.5 + 0.1))")
            XCTAssertFalse(far.hasPrefix("✓"), "\(label): \(v * 1.5 + 0.1) is not \(v): \(far)")
          }
          if let lessonsOwn {
            var wrong = typed
            let out = ok(&wrong, "answer \(lessonsOwn)").replacing("\n", with: " ")
            XCTAssertTrue(
              out.contains("for the lesson's"), "\(label): the lesson's \(lessonsOwn): \(out)")
          }
          checked += 1
        }
      }
    }
    XCTAssertGreaterThanOrEqual(checked, 5 * 50, "every question, five states each")
  }
}

extension LessonGradingTests {
  /// The new feedback, on an ASCII terminal, is ASCII.
  func testTheNewFeedbackIsASCIIOnAnASCIITerminal() throws {
    for (lesson, step, commands) in [
      (8, 5, ["answer 1.5", "answer 1.499"]), (1, 4, ["set w3 3", "answer 0.4575"]),
      (1, 4, ["answer 0.46"]), (2, 2, ["set w3 5", "answer negative"]),
      (8, 1, ["answer 0"]), (10, 1, ["step", "answer 0.1"]),
    ] {
      var s = try ShippedLessons.session()
      s.traits.unicode = false
      ok(&s, "lesson \(lesson)")
      ok(&s, "goto \(step)")
      for c in commands {
        let out = ok(&s, c)
        XCTAssertTrue(out.allSatisfy(\.isASCII), "\(lesson).\(step) \(c): \(out)")
      }
    }
    var s = try ShippedLessons.session()
    s.traits.unicode = false
    ok(&s, "lesson 10")
    ok(&s, "goto 2")
    ok(&s, "forward")
    let z =
      printed(&s, "f.wx") * printed(&s, "x[2]") + printed(&s, "f.wh") * printed(&s, "h[1]")
      + printed(&s, "f.b")
    let out = ok(&s, "answer \(plainNumber(z))")
    XCTAssertTrue(out.contains("pre-activation"), out)
    XCTAssertTrue(out.allSatisfy(\.isASCII), out)
  }
}
