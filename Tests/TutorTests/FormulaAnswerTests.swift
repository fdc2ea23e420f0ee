import RNN
import XCTest

@testable import Tutor

/// Issue 25, item 1: answers as expressions, graded by equivalence. Every expected value is
/// computed here from what `print` shows or from the engine's records, never copied from a
/// screen.
final class FormulaAnswerTests: XCTestCase, ReadsLessonSessions {
  /// Lesson 03, step 2 asks for ∂L/∂h₃ as a number, after the forward pass of step 1.
  func lesson3Step2() throws -> (Session, dh3: Double) {
    var s = try session(lesson: 3, step: 2)
    let dh3 = printed(&s, "w3") * (printed(&s, "yhat") - printed(&s, "y"))
    return (s, dh3)
  }

  // MARK: Equivalent forms

  func testEquivalentFormsOfTheFormulaAreRightForANumberQuestion() throws {
    let (start, dh3) = try lesson3Step2()
    for formula in ["w3*(yhat-y)", "(ŷ − y)·w₃", "-w3*(y-yhat)", "w3 * (yhat - y) / 1"] {
      var s = start
      let out = ok(&s, "answer \(formula)")
      XCTAssertTrue(out.hasPrefix("✓ right: "), "\(formula): \(out)")
      XCTAssertTrue(out.contains("= ∂L/∂h₃ = \(shown(dh3))\n"), "\(formula): \(out)")
      XCTAssertTrue(s.lessonBook.run!.answered, formula)
    }
  }

  func testTheGradingIsReproducible() throws {
    let (start, _) = try lesson3Step2()
    var a = start
    var b = start
    let formula = "answer w3*(yhat-y) + h[1] - 0.5"
    XCTAssertEqual(ok(&a, formula), ok(&b, formula))
  }

  // MARK: Agreement by chance

  func testAFormulaThatAgreesOnlyAtTheLivePointIsWrong() throws {
    var (s, dh3) = try lesson3Step2()
    let h1 = printed(&s, "h[1]")
    let formula = "w3*(yhat-y) + h[1] - \(h1)"
    // It is the right number where the question stands: only its form is wrong.
    let atLive = try LessonExpression(parsing: formula).value(in: s)
    XCTAssertEqual(atLive, dh3, accuracy: 1e-12 * abs(dh3))
    let out = ok(&s, "answer \(formula)").replacing("\n", with: " ")
    XCTAssertTrue(out.hasPrefix("✗ not yet"), out)
    XCTAssertTrue(out.contains("it agrees with your numbers only; it is not the same formula"), out)
    // The counter-example's numbers are true: its h₁ and ŷ give what it says.
    XCTAssertTrue(out.contains("h₁ = "), out)
    XCTAssertEqual(s.lessonBook.run!.wrongTries, 1, "a real wrong answer uses a try")
  }

  func testTheCounterExampleIsAPointWhereTheFormulasDiffer() throws {
    var (s, _) = try lesson3Step2()
    let expected = try s.computedAnswer()
    let sessions = PerturbedSessions(around: expected.session, backward: true)
    XCTAssertEqual(sessions.points.count, 1 + PerturbedSessions.count)
    let h1 = try LessonQuantity("h[1]")!.value(in: s)
    let formula = try LessonExpression(parsing: "w3*(yhat-y) + h[1] - \(h1)")
    let comparison = sessions.compare(formula) { p throws(CommandError) in
      try LessonQuantity("dL/dh[3]")!.value(in: p)
    }
    XCTAssertTrue(comparison.agreesLive)
    guard let mismatch = comparison.mismatch else { return XCTFail("no point differs") }
    // Recomputed by hand from the perturbed session's own numbers.
    let p = mismatch.point.session
    let w3 = try p.value(of: "w3")
    let byHand = w3 * (try p.value(of: "yhat") - p.value(of: "y"))
    XCTAssertEqual(mismatch.expected, byHand, accuracy: 1e-12 * abs(byHand))
    XCTAssertEqual(mismatch.given!, byHand + (try p.value(of: "h[1]")) - h1, accuracy: 1e-12)
    // Every perturbed copy moved the weights and recomputed its passes.
    for point in sessions.points.dropFirst() {
      XCTAssertNotEqual(try point.session.value(of: "w1"), try s.value(of: "w1"))
      let h1 = try point.session.value(of: "h[1]")
      let byHand = Cell.relu(
        (try point.session.value(of: "w1")) * (try point.session.value(of: "x[1]")))
      XCTAssertEqual(h1, byHand, accuracy: 1e-15)
    }
  }

  // MARK: The catalogue

  func testASignFlippedFormulaIsNamedAsEq4AsPrinted() throws {
    var (s, _) = try lesson3Step2()
    let out = ok(&s, "answer w3*(y - yhat)").replacing("\n", with: " ")
    XCTAssertTrue(out.contains("with Eq. 4 as printed"), out)
    XCTAssertFalse(out.contains("agrees with your numbers only"), out)
  }

  func testW2ForW3IsNamedAsErratum4() throws {
    var (s, _) = try lesson3Step2()
    let out = ok(&s, "answer w2*(yhat - y)").replacing("\n", with: " ")
    XCTAssertTrue(out.contains("as §2.5 prints it"), out)
  }

  // MARK: Formula questions

  /// Lesson 02, step 4: ∂L/∂w₃ as a formula in h₃, ŷ and y.
  func testANumberForAFormulaQuestionIsAskedToBeWrittenAsAFormula() throws {
    var s = try session(lesson: 2, step: 4)
    let value = printed(&s, "h[3]") * (printed(&s, "yhat") - printed(&s, "y"))
    let before = s
    let out = ok(&s, "answer \(plainNumber(value))")
    XCTAssertTrue(out.hasPrefix("that is the value; write it in terms of h₃, ŷ and y\n"), out)
    XCTAssertEqual(s.lessonBook.run!.wrongTries, 0, "no try used")
    XCTAssertFalse(s.lessonBook.run!.answered)
    XCTAssertEqual(s.state, before.state)
    let far = ok(&s, "answer 3")
    XCTAssertTrue(far.hasPrefix("this question asks for a formula, not a number"), far)
    // A word is read as a name there, not as a number.
    XCTAssertTrue(
      refused(&s, "answer yes").hasPrefix("answer: unknown name 'yes' at column 1 of `yes`;"))
  }

  func testAFormulaQuestionTakesTheFormulaInAnyForm() throws {
    for formula in ["h[3]*(yhat - y)", "h₃·(ŷ − y)", "-(y - yhat)*h[3]", "h[3]*dL/dyhat"] {
      var s = try session(lesson: 2, step: 4)
      let out = ok(&s, "answer \(formula)")
      XCTAssertTrue(out.hasPrefix("✓ right: "), "\(formula): \(out)")
    }
    var s = try session(lesson: 2, step: 4)
    let out = ok(&s, "answer h[3]").replacing("\n", with: " ")
    XCTAssertTrue(out.contains("that is ∂ŷ/∂w₃ alone"), "the lesson's Mistake: line: \(out)")
    let reveal = ok(&s, "reveal")
    XCTAssertTrue(reveal.contains("w₃ term = h₃·(ŷ − y) = "), reveal)
  }

  /// Lesson 05, step 4: ŷ unrolled; the trained weights' shortcut agrees at the live point.
  func testTheShortcutThatHoldsOnlyForTheTrainedWeightsIsNamed() throws {
    var s = try session(lesson: 5, step: 4)
    for c in s.lessonBook.run!.current.commands { ok(&s, c.command) }
    var slope = s
    let out = ok(&slope, "answer 2*x[2] - x[1]").replacing("\n", with: " ")
    XCTAssertTrue(out.contains("that is \"continue the slope\""), out)
    var right = s
    let yes = ok(&right, "answer w₃·ReLU(w₁·x₂ + w₂·ReLU(w₁·x₁))")
    XCTAssertTrue(yes.hasPrefix("✓ right: "), yes)
  }

  /// Lesson 08, step 2: ∂L/∂h₁ = ∂L/∂h₃₀·w₂²⁹ while every ReLU′ is 1.
  func testLesson8TakesThePowerOfW2() throws {
    var s = try session(lesson: 8, step: 2)
    for c in s.lessonBook.run!.current.commands { ok(&s, c.command) }
    var right = s
    XCTAssertTrue(ok(&right, "answer dL/dh[30]*w2^29").hasPrefix("✓ right: "))
    var more = s
    let out = ok(&more, "answer ∂L/∂h₃₀·w₂^30").replacing("\n", with: " ")
    XCTAssertTrue(out.contains("one factor too many"), out)
  }

  // MARK: The LSTM

  /// Lesson 10, step 5: ∂L/∂c₂ = ∂L/∂h₂·o₂·(1 − tanh(c₂)²).
  func testAnLSTMFormulaIsGradedOnTheLSTM() throws {
    var s = try session(lesson: 10, step: 5)
    for c in s.lessonBook.run!.current.commands { ok(&s, c.command) }
    let dh2 = try LessonQuantity("dL/dh[2]")!.value(in: s)
    let o2 = printed(&s, "o[2]")
    let c2 = printed(&s, "c[2]")
    let t = Elementary.tanh(c2)
    let dc2 = try LSTMQuantity.cellGradient(2).value(in: s)
    XCTAssertEqual(dh2 * o2 * (1 - t * t), dc2, accuracy: 1e-12)
    for formula in ["dL/dh[2]*o[2]*(1 - tanh(c[2])^2)", "∂L/∂h₂·o₂·(1 − tanh(c₂)²)"] {
      var a = s
      let out = ok(&a, "answer \(formula)")
      XCTAssertTrue(out.hasPrefix("✓ right: "), "\(formula): \(out)")
      XCTAssertTrue(out.contains("= ∂L/∂c₂ = \(shown(dc2))"), out)
    }
    var wrong = s
    let out = ok(&wrong, "answer dL/dh[2]*o[2]*tanh(c[2])").replacing("\n", with: " ")
    XCTAssertTrue(out.contains("needs its slope"), out)
  }

  func testTheLSTMsParametersArePerturbed() throws {
    var s = try session(lesson: 10, step: 5)
    for c in s.lessonBook.run!.current.commands { ok(&s, c.command) }
    let sessions = PerturbedSessions(around: s, backward: true)
    for point in sessions.points.dropFirst() {
      XCTAssertNotEqual(try point.session.value(of: "f.wh"), try s.value(of: "f.wh"))
      XCTAssertNotNil(try? LSTMQuantity.cellGradient(1).value(in: point.session))
    }
  }

  // MARK: The quiz

  func testTheQuizTakesFormulasForBothModels() {
    var s = Session()
    for command in ["input 1 0.5 0.25", "target 1", "quiz on", "step"] { ok(&s, command) }
    let h1 = Cell.relu((try? s.value(of: "w1"))! * 1)
    let right = ok(&s, "answer relu(w1*x[1] + w2*h[0])")
    XCTAssertTrue(right.hasPrefix("✓ right: ReLU(w₁·x₁ + w₂·h₀) = h₁ = \(shown(h1))\n"), right)
    XCTAssertEqual(s.quiz?.right, 1)

    var lstm = Session()
    for command in ["model lstm", "input 1 0.5", "target 1", "quiz on", "step"] {
      ok(&lstm, command)
    }
    let i1 = try? lstm.value(of: "i[1]")
    let out = ok(&lstm, "answer σ(i.wx·x₁ + i.wh·h₀ + i.b)")
    XCTAssertTrue(out.hasPrefix("✓ right: σ(i.wx·x₁ + i.wh·h₀ + i.b) = i₁ = \(shown(i1!))"), out)
    let z = ok(&lstm, "answer f.wx*x[1] + f.b").replacing("\n", with: " ")
    XCTAssertTrue(z.contains("the f gate's pre-activation"), z)
  }

  // MARK: Malformed input

  func testAMalformedFormulaGetsOneErrorWithItsColumnAndChangesNothing() throws {
    let (start, _) = try lesson3Step2()
    for (formula, error) in [
      ("w3*(yhat-y))", "answer: unexpected ')' at column 12 of `w3*(yhat-y))`"),
      ("w3*(yhat-y", "answer: a '(' without its ')' at column 4 of `w3*(yhat-y`"),
      ("w3*", "answer: the expression ends too early at column 4 of `w3*`"),
      ("w3*(ŷ − z)", "answer: unknown name 'z' at column 9 of `w3*(ŷ − z)`; accepted: w1, "),
      ("h1*w3", "answer: unknown name 'h1': a timestep goes in brackets, h[1] at column 1"),
      ("w2^0.5", "answer: '^' takes a whole-number power up to 1000, like ^2 at column 4"),
      ("relu*2", "answer: relu needs its argument in parentheses"),
    ] {
      var s = start
      let message = refused(&s, "answer \(formula)")
      XCTAssertTrue(message.hasPrefix(error), "\(formula): \(message)")
      XCTAssertEqual(s.lessonBook.run!.wrongTries, 0, formula)
      XCTAssertEqual(s.state, start.state, formula)
    }
    var s = start
    XCTAssertEqual(
      refused(&s, "answer lots"), "answer: 'lots' is not a number (write it like 0.5, -2 or 1e-3)")
  }

  func testHostileInputIsBounded() throws {
    let (start, _) = try lesson3Step2()
    var s = start
    let long = "answer " + String(repeating: "w3+", count: 200) + "w3"
    XCTAssertTrue(refused(&s, long).contains("minirnn reads up to 500"))
    let deep = String(repeating: "(", count: 200) + "w3" + String(repeating: ")", count: 200)
    XCTAssertTrue(refused(&s, "answer \(deep)").contains("levels of nesting"))
    let negations = String(repeating: "-", count: 300) + "w3"
    XCTAssertTrue(refused(&s, "answer \(negations)").contains("levels of nesting"))
    XCTAssertEqual(s.state, start.state)
    // A lesson's expression has no length limit of its own: its operators are counted.
    let chain = String(repeating: "1+", count: 5000) + "1"
    XCTAssertThrowsError(try LessonExpression(parsing: chain)) { error in
      XCTAssertTrue("\(error)".contains("more than 1000 operators"), "\(error)")
    }
  }

  // MARK: Parsing

  func testTheScreensSpellingsReadAsTheNames() throws {
    func parsed(_ text: String) throws -> LessonExpression { try LessonExpression(parsing: text) }
    XCTAssertEqual(try parsed("(ŷ − y)·w₃"), try parsed("(yhat - y)*w3"))
    XCTAssertEqual(try parsed("∂L/∂h₃"), .quantity(.hiddenGradient(3)))
    XCTAssertEqual(try parsed("∂L/∂ŷ"), .quantity(.lossGradient))
    XCTAssertEqual(try parsed("∂L/∂w₂"), .quantity(.printable("w2.g")))
    XCTAssertEqual(try parsed("h₃₀"), .quantity(.hidden(30)))
    XCTAssertEqual(try parsed("x₁ × 2"), .binary("*", .quantity(.printable("x[1]")), .number(2)))
    XCTAssertEqual(try parsed("ReLU′(a₂)"), .function(.reluPrime, .quantity(.preactivation(2))))
    XCTAssertEqual(try parsed("relu'[2]"), .quantity(.reluPrime(2)))
    XCTAssertEqual(try parsed("σ(f.wh)"), .function(.sigmoid, .quantity(.printable("f.wh"))))
    XCTAssertEqual(try parsed("w₂²"), .power(.quantity(.printable("w2")), 2))
    XCTAssertEqual(try parsed("w₂²⁹"), .power(.quantity(.printable("w2")), 29))
    XCTAssertEqual(try parsed("w₂⁻¹"), .power(.quantity(.printable("w2")), -1))
    XCTAssertEqual(try parsed("tmp₂"), .quantity(.tmp(2)))
    XCTAssertEqual(try parsed("∂L/∂c₂"), .quantity(.lstm(.cellGradient(2))))
    // '/' after a name divides; only `dL/d…` keeps it.
    XCTAssertEqual(try parsed("yhat/2"), .binary("/", .quantity(.printable("yhat")), .number(2)))
    XCTAssertEqual(
      try parsed("dL/dh[3] / w3"),
      .binary("/", .quantity(.hiddenGradient(3)), .quantity(.printable("w3"))))
    XCTAssertEqual(try parsed("-w1^2"), .negated(.power(.quantity(.printable("w1")), 2)))
  }

  func testPowersAndFunctionsEvaluate() throws {
    var product = 1.0
    for _ in 0..<29 { product *= 1.5 }
    XCTAssertEqual(LessonExpression.power(1.5, 29), product, accuracy: 1e-12 * product)
    XCTAssertEqual(LessonExpression.power(2, -3), 0.125)
    XCTAssertEqual(LessonFunction.relu.apply(-1), 0)
    XCTAssertEqual(LessonFunction.reluPrime.apply(0.3), 1)
    XCTAssertEqual(LessonFunction.reluPrime.apply(0), 0)
    XCTAssertEqual(LessonFunction.sigmoid.apply(0), 0.5)
  }

  func testTheFormulaIsWrittenAsTheScreensWriteIt() throws {
    let n = Notation(unicode: true, precision: 6)
    let e = try LessonExpression(parsing: "dL/dh[2]*relu'(a[2])*h[1] - (y - yhat)^2")
    XCTAssertEqual(e.symbol(n), "∂L/∂h₂·ReLU′(a₂)·h₁ − (y − ŷ)²")
    XCTAssertEqual(e.text, "dL/dh[2] * relu'(a[2]) * h[1] - (y - yhat)^2")
    XCTAssertEqual(try LessonExpression(parsing: e.text), e)
  }

  // MARK: check-lessons

  func testCheckLessonsVerifiesAFormulaQuestion() throws {
    // The transcripts' output is recorded, so the lesson is true except for its answer.
    func lesson(_ answer: String) throws -> String {
      try recordLessonTranscripts(
        path: "Lessons/09-f.md",
        text: """
          # Formulas

          ## The first step back (§2.5)

          ```minirnn setup
          minirnn> input 1 0.5 0.25
          minirnn> target 1
          ```

          ```minirnn
          minirnn> forward
          minirnn> back
          ```

          > **Question:** Write ∂L/∂h₃.
          > **Answer:** \(answer)
          > **Hint:** Eq. 2.
          > **Hint:** Eq. 4.

          """)
    }
    func failures(_ answer: String) throws -> [String] {
      checkLessons([("Lessons/09-f.md", try lesson(answer))]).failures.map(\.message)
    }
    XCTAssertEqual(try failures("formula `w3*(yhat - y)` for `dL/dh[3]`"), [])
    XCTAssertEqual(try failures("formula `w3*(yhat - y)`"), [])
    let wrong = try failures("formula `w2*(yhat - y)` for `dL/dh[3]`")
    XCTAssertEqual(wrong.count, 1)
    XCTAssertTrue(
      wrong.first?.hasPrefix("the formula `w2 * (yhat - y)` is not `dL/dh[3]`: with ") == true,
      "\(wrong)")
    let constant = try failures("formula `w3 - w3 + w1/w1`")
    XCTAssertTrue(
      constant.first?.contains("does not change when the weights") == true, "\(constant)")
    let text = try lesson("formula `w3*(yhat - y)`").replacing(
      "> **Hint:** Eq. 4.", with: "> **Hint:** Eq. 4: w₃·(ŷ − y).")
    let giveaway = checkLessons([("Lessons/09-f.md", text)]).failures.map(\.message)
    XCTAssertEqual(giveaway.count, 1)
    XCTAssertTrue(giveaway.first?.contains("gives the formula away") == true, "\(giveaway)")
    XCTAssertThrowsError(try lesson("formula `w3*(yhat`")) { error in
      XCTAssertTrue(
        "\(error)".contains("a '(' without its ')' at column 4 of `w3*(yhat`"), "\(error)")
    }
  }
}
