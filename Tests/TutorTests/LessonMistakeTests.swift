import RNN
import XCTest

@testable import Tutor

/// Issue 19, item 3: the catalogue of wrong paths. Each test feeds the value a wrong path
/// gives, worked out by hand or read with `print` after the test typed the step's commands,
/// and checks that the answer names that path. (The catalogue's first seven, Eq. 4's sign,
/// ReLU left out, w₂ for w₃, two passes, one pass, the printed mse and one timestep off,
/// are in `LessonTeachingTests`; the update's two in `LessonGradingTests`.)
final class LessonMistakeTests: XCTestCase, ReadsLessonSessions {
  typealias ByHand = LessonSessionTests.ByHand

  /// Lesson `lesson` at step `step`, with the step's commands typed.
  func typed(lesson: Int, step: Int) throws -> Session {
    var s = try session(lesson: lesson, step: step)
    for c in s.lessonBook.run!.current.commands { ok(&s, c.command) }
    return s
  }

  /// The first answer `wrong`, on one line.
  func answer(_ s: Session, _ wrong: Double) -> String {
    var s = s
    let out = ok(&s, "answer \(plainNumber(wrong))").replacing("\n", with: " ")
    XCTAssertTrue(out.contains("not yet"), out)
    return out
  }

  func testForgettingTheHalfOfEq1IsNamed() throws {
    // Lesson 1, step 5: y = 0.5 with ŷ = 0.4575.
    let s = try typed(lesson: 1, step: 5)
    let square = (0.5 - ByHand().yhat) * (0.5 - ByHand().yhat)
    XCTAssertTrue(answer(s, square).contains("without the ½ of Eq. 1"))
  }

  func testTheHalfForgottenInEq4IsNamedByTheQuiz() throws {
    var s = Session()
    ok(&s, "model part2")
    ok(&s, "forward")
    var plain = s
    ok(&s, "quiz on")
    ok(&s, "back")
    ok(&plain, "back")
    let g = try LessonQuantity.lossGradient.value(in: plain)
    let yhat = printed(&plain, "yhat")
    let y = printed(&plain, "y")
    XCTAssertEqual(g, yhat - y, accuracy: 1e-12)
    let out = ok(&s, "answer \(plainNumber(2 * (yhat - y)))").replacing("\n", with: " ")
    XCTAssertTrue(out.contains("not quite"), out)
    XCTAssertTrue(out.contains("the ½ of Eq. 1"), out)
  }

  func testAnotherTermOfTheSameStepIsNamed() throws {
    // Lesson 3, step 3 asks for w₁'s term at t = 3; w₂'s is tmp₃·h₂.
    let s = try typed(lesson: 3, step: 3)
    let out = answer(s, ByHand().w2Term(3))
    XCTAssertTrue(
      out.contains("that is w₂ term at t = 3, another number the same BPTT step computes"), out)
  }

  func testTheQuizNamesAnotherTermOfTheSameStepToo() throws {
    var s = Session()
    ok(&s, "model part2")
    ok(&s, "forward")
    ok(&s, "back")
    var plain = s
    ok(&s, "quiz on")
    ok(&s, "back")
    ok(&plain, "back")
    let t = plain.state.inputs.count
    let tmp = try LessonQuantity.tmp(t).value(in: plain)
    let w2 = try LessonQuantity.w2Term(t).value(in: plain)
    XCTAssertGreaterThan(abs(tmp - w2), 0.01 * abs(w2), "the two differ")
    ok(&s, "answer \(plainNumber(tmp))")  // tmp, right
    let out = ok(&s, "answer \(plainNumber(tmp))").replacing("\n", with: " ")
    XCTAssertTrue(out.contains("another number the same BPTT step computes"), out)
  }

  func testTheQuizSaysCloseForARoundingMatter() throws {
    var s = Session()
    ok(&s, "model part2")
    ok(&s, "input 1 0.5")
    var plain = s
    ok(&s, "quiz on")
    ok(&s, "step")
    ok(&plain, "step")
    let h1 = printed(&plain, "h[1]")
    XCTAssertGreaterThan(h1, 0)
    let out = ok(&s, "answer \(plainNumber(h1 * 1.03))").replacing("\n", with: " ")
    XCTAssertTrue(out.contains("not quite"), out)
    XCTAssertTrue(out.contains("(close: 3 significant digits count as right)"), out)
  }

  func testAnotherWeightsGradientIsNamed() throws {
    var s = try typed(lesson: 3, step: 5)
    let w2g = printed(&s, "w2.g")
    let out = answer(s, w2g)
    XCTAssertTrue(out.contains("that is w₂.g, another parameter's gradient"), out)
  }

  func testTheOutputForTheLastHiddenStateIsNamed() throws {
    let s = try typed(lesson: 3, step: 1)
    XCTAssertTrue(answer(s, ByHand().yhat).contains("that is ŷ = w₃·h₃ (Eq. 2)"))
  }

  func testTheLastHiddenStateForTheOutputIsNamed() throws {
    var s = try typed(lesson: 6, step: 2)
    let h5 = printed(&s, "h[5]")
    let out = answer(s, h5)
    XCTAssertTrue(out.contains("that is h₅ alone; Eq. 2 multiplies it by w₃"), out)
  }

  func testPart1sUnroundedOutputIsNamed() throws {
    // Lesson 00, step 4: ŷ = round(0.675·1.1, 1).
    let s = try typed(lesson: 0, step: 4)
    XCTAssertTrue(answer(s, 0.675 * 1.1).contains("before Part 1's rounding"))
  }

  func testTheLSTMsSignFlipIsNamed() throws {
    // Lesson 10, step 4: wy.g = h_n·(ŷ − y) after one backward pass; y − ŷ flips it.
    var s = try typed(lesson: 10, step: 4)
    let n = s.state.inputs.count
    let term = printed(&s, "h[\(n)]") * (printed(&s, "yhat") - printed(&s, "y"))
    XCTAssertEqual(printed(&s, "wy.g"), term, accuracy: 1e-5)
    XCTAssertTrue(answer(s, -term).contains("with Eq. 4 as printed"))
  }

  func testTheLSTMsSigmoidForgottenIsNamed() throws {
    // Lesson 10, step 1: c₁ = f₁·c₀ + i₁·g₁ with c₀ = 0; σ left out, i₁ is its z.
    var s = try typed(lesson: 10, step: 1)
    let zi = printed(&s, "i.wx") * printed(&s, "x[1]") + printed(&s, "i.b")
    let out = answer(s, zi * printed(&s, "g[1]"))
    XCTAssertTrue(out.contains("uses the gates' pre-activations"), out)
  }

  func testTheLSTMsHiddenStateForTheCellStateIsNamed() throws {
    var s = try typed(lesson: 10, step: 1)
    let out = answer(s, printed(&s, "h[1]"))
    XCTAssertTrue(out.contains("that is h₁, the hidden state o·tanh(c)"), out)
  }

  func testTheLSTMsCellStateForTheHiddenStateIsNamed() throws {
    var s = Session()
    ok(&s, "model lstm")
    ok(&s, "input 1 0.5")
    ok(&s, "forward")
    let c1 = printed(&s, "c[1]")
    let h1 = printed(&s, "h[1]")
    XCTAssertGreaterThan(abs(c1 - h1), 0.01 * abs(h1))
    let named = LessonMistake.named(
      c1, for: .hidden(1), right: h1, in: s, written: [], tolerance: .standard)
    XCTAssertEqual(named, .cellForHidden(.lstm(.cell(1))))
    XCTAssertTrue(
      named!.explanation(for: .hidden(1), in: s).contains("that is c₁, the cell state"))
    // h₁ = o₁·tanh(c₁); with σ left out, o₁ is its pre-activation o.wx·x₁ + o.b (h₀ = 0).
    let zo = printed(&s, "o.wx") * printed(&s, "x[1]") + printed(&s, "o.b")
    let raw = zo * tanh(c1)
    XCTAssertGreaterThan(abs(raw - h1), 0.01 * abs(h1))
    XCTAssertEqual(
      LessonMistake.named(
        raw, for: .hidden(1), right: h1, in: s, written: [], tolerance: .standard),
      .sigmoidForgotten)
  }

  /// The LSTM quiz asks the same catalogue: a gate's pre-activation for the gate, and
  /// Eq. 4's sign for ∂L/∂ŷ.
  func testTheLSTMQuizNamesTheLSTMsMistakes() throws {
    var s = Session()
    ok(&s, "model lstm")
    ok(&s, "input 1 0.5")
    var plain = s
    ok(&plain, "step")
    ok(&s, "quiz on")
    ok(&s, "step")
    // The first question is i₁ = σ(i.wx·x₁ + i.wh·h₀ + i.b), with h₀ = 0.
    let zi = printed(&plain, "i.wx") * 1 + printed(&plain, "i.b")
    let gate = ok(&s, "answer \(plainNumber(zi))").replacing("\n", with: " ")
    XCTAssertTrue(gate.contains("that is the i gate's pre-activation"), gate)
    ok(&s, "quiz off")
    ok(&s, "forward")
    ok(&plain, "forward")
    ok(&s, "quiz on")
    ok(&s, "back")
    let g = printed(&plain, "yhat") - printed(&plain, "y")
    XCTAssertGreaterThan(abs(g), 1e-6)
    let flipped = ok(&s, "answer \(plainNumber(-g))").replacing("\n", with: " ")
    XCTAssertTrue(flipped.contains("with Eq. 4 as printed"), flipped)
  }

  func testTheLSTMsGatePreactivationIsNamed() throws {
    // Lesson 10, step 2: f₂ = σ(f.wx·x₂ + f.wh·h₁ + f.b).
    var s = try typed(lesson: 10, step: 2)
    let z =
      printed(&s, "f.wx") * printed(&s, "x[2]") + printed(&s, "f.wh") * printed(&s, "h[1]")
      + printed(&s, "f.b")
    let out = answer(s, z)
    XCTAssertTrue(out.contains("that is the f gate's pre-activation"), out)
  }

  /// A wrong path whose number is the right one is never named: with ReLU′ = 1 everywhere
  /// in lesson 01 step 2, a₁ = h₁, so the right h₁ is simply right.
  func testAPathThatGivesTheRightNumberIsNoMistake() throws {
    var s = try typed(lesson: 1, step: 2)
    let h1 = printed(&s, "h[1]")
    XCTAssertEqual(h1, printed(&s, "a[1]"))
    let named = LessonMistake.named(
      h1, for: .hidden(1), right: h1, in: s, written: [], tolerance: .standard)
    XCTAssertNil(named)
  }
}
