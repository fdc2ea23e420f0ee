import Foundation
import RNN
import XCTest

@testable import Tutor

/// The generalised cell at the prompt (beyond the article): `activation`, `set b|c`,
/// `train bias on|off`, `reset cell`, the names `print` knows, the refusals of the printed
/// modes and Part 1, and the numbers the screens show, each taken from the engine's records.
final class CellCommandTests: XCTestCase {
  private let setup = "model part2; set w1 0.5; set w2 0.4; set w3 0.9; input 0 0.5; target 1"

  func testActivationWithoutAWordSaysWhichIsInUse() {
    var s = makeSession()
    s.must("model part2")
    XCTAssertEqual(
      s.must("activation"),
      "activation relu: hₜ = ReLU(w₁·xₜ + w₂·hₜ₋₁), ŷ = w₃·hₙ (Eq. 2 and 3, the article's cell)\n")
    s.must("activation tanh; set b 0.25")
    XCTAssertEqual(
      s.must("activation"),
      "activation tanh: hₜ = tanh(w₁·xₜ + w₂·hₜ₋₁ + b) with b = 0.25, ŷ = w₃·hₙ + c with c = 0 (beyond the article: tanh for ReLU, biases fixed ('train bias on' trains them))\n"
    )
    XCTAssertEqual(s.state.model.activation, .tanh)
    XCTAssertEqual(s.state.model.weights.b, 0.25)
  }

  /// A quiet script drops the echo of a change but answers the question.
  func testQuietScriptsAnswerTheQuestionOnly() {
    var s = Session(
      traits: TerminalTraits(isInteractive: false, color: false, unicode: true, width: 80, quiet: true))
    XCTAssertEqual(s.must("model part2; activation identity"), "")
    XCTAssertEqual(
      s.must("activation"),
      "activation identity: hₜ = id(w₁·xₜ + w₂·hₜ₋₁), ŷ = w₃·hₙ (beyond the article: identity for ReLU)\n")
  }

  func testBadInputChangesNothing() {
    var s = makeSession()
    s.must(setup + "; activation tanh")
    let before = s.state
    XCTAssertEqual(
      s.mustFail("activation sigmoid"),
      "unknown activation 'sigmoid'; accepted: relu, tanh, abs, identity")
    XCTAssertEqual(
      s.mustFail("train bias maybe"), "unknown train bias setting 'maybe'; accepted: on, off")
    XCTAssertEqual(
      s.mustFail("train bias"),
      "train: expected 'bias on' or 'bias off'; usage: train [EPOCHS] [LR] | train bias on|off")
    XCTAssertEqual(
      s.mustFail("reset everything"),
      "unknown reset option 'everything'; accepted: cell, all, article")
    XCTAssertTrue(s.mustFail("set b nan").contains("not a finite number"))
    XCTAssertEqual(s.state, before)
  }

  /// Modes article and text run the article's own cell: both ways round, one clear error.
  func testPrintedModesRefuseTheGeneralisedCell() {
    var s = makeSession()
    s.must(setup + "; mode article")
    let before = s.state
    XCTAssertEqual(
      s.mustFail("activation tanh"),
      "activation tanh: mode article runs the article's code as printed, which has only ReLU and no biases; type 'mode exact' first (the generalised cell is beyond the article)"
    )
    XCTAssertTrue(s.mustFail("set b 0.1").hasPrefix("set b: mode article runs"))
    XCTAssertTrue(s.mustFail("train bias on").hasPrefix("train bias on: mode article runs"))
    XCTAssertEqual(s.state, before)
    // What keeps the article's cell is accepted.
    s.must("activation relu; set b 0; train bias off")
    s.must("mode exact; activation identity; set c 0.5; train bias on")
    let exact = s.state
    XCTAssertEqual(
      s.mustFail("mode text"),
      "mode text: the article's equations as printed have only ReLU and no biases, but the cell has identity, c = 0.5 and bias training on; 'reset cell' brings the article's cell back"
    )
    XCTAssertEqual(s.state, exact)
    s.must("reset cell; mode text")
    XCTAssertTrue(s.state.model.isArticleCell)
  }

  func testPartOneKeepsItsFixedCell() {
    var s = makeSession()
    s.must("model part2; activation tanh; set b 0.3; train bias on; model part1")
    XCTAssertEqual(s.state.model.cellActivation, .absoluteValue)
    XCTAssertTrue(s.state.model.isArticleCell)
    XCTAssertEqual(s.state.model.weights, .part1)
    XCTAssertTrue(s.mustFail("activation tanh").hasPrefix("activation tanh: Part 1's model is fixed"))
    XCTAssertTrue(s.mustFail("set c 1").hasPrefix("set c: Part 1's model is fixed"))
    // Part 1 keeps its rounding and its abs.
    s.must("input 0.5 -1; forward")
    XCTAssertEqual(s.state.forward?.prediction, pythonRound(abs(1.8 * -1 + -0.5 * 0.9) * 1.1, digits: 1))
    s.must("model part2")
    XCTAssertEqual(s.state.model.activation, .relu)
  }

  func testPrintKnowsTheBiasesAndTheirGradients() {
    var s = makeSession()
    s.must(setup + "; activation tanh; set b 0.1; set c -0.2; train bias on; display b; forward; backward")
    let m = s.state.model
    XCTAssertEqual(s.must("print b"), "b = \(m.weights.b)\nb = 0.1\n", "display b follows")
    XCTAssertEqual(s.must("print c"), "c = -0.2\nb = 0.1\n")
    XCTAssertEqual(s.must("print b.g"), "b.g = \(m.gradients.b)\nb = 0.1\n")
    XCTAssertEqual(s.must("print c.g"), "c.g = \(m.gradients.c)\nb = 0.1\n")
    XCTAssertNotEqual(m.gradients.b, 0)
    // ∂L/∂c = ∂L/∂ŷ: recomputed from the forward record.
    XCTAssertEqual(m.gradients.c, s.state.forward!.prediction! - 1)
    s.must("train bias off")
    XCTAssertEqual(s.state.model.gradients.b, 0, "off, b.g is not kept")
  }

  func testTabCompletion() {
    let s = makeSession()
    XCTAssertEqual(
      s.completions(for: "activation "),
      .words(prefix: "", candidates: ["abs", "identity", "relu", "tanh"]))
    XCTAssertEqual(s.completions(for: "train b"), .words(prefix: "b", candidates: ["bias"]))
    XCTAssertEqual(
      s.completions(for: "train bias "), .words(prefix: "", candidates: ["off", "on"]))
    XCTAssertEqual(s.completions(for: "train 20 "), .words(prefix: "", candidates: []))
    XCTAssertEqual(s.completions(for: "print b."), .words(prefix: "b.", candidates: ["b.g"]))
    XCTAssertEqual(
      s.completions(for: "reset "), .words(prefix: "", candidates: ["all", "article", "cell"]))
  }

  /// The step, back, grads and weights screens of the generalised cell show its activation and
  /// biases with the numbers of the engine's records.
  func testScreensShowTheCellWithLiveNumbers() {
    var s = makeSession()
    s.must(setup + "; activation tanh; set b 0.1; set c -0.2; train bias on")
    let step = s.must("step")
    let n = s.notation
    let f = s.state.forward!.steps[0]
    XCTAssertTrue(step.contains("h₁ = tanh(w₁·x₁ + w₂·h₀ + b)    Eq. 3 generalised (beyond the article)"), step)
    XCTAssertTrue(step.contains("= tanh(0.5·0 + 0.4·0 + 0.1) = tanh(\(n.value(f.preactivation))) = \(n.value(f.h))"), step)
    let output = s.must("step")
    let yhat = s.state.forward!.prediction!
    XCTAssertTrue(output.contains("+ (−0.2) = \(n.value(yhat))    Eq. 2 + c (beyond the article)"), output)
    let back = s.must("back; back")
    let record = s.state.backward!.timestep(2)!
    XCTAssertTrue(back.contains("c term = ∂L/∂ŷ·1 = \(n.value(yhat - 1))   c.g = \(n.value(yhat - 1))"), back)
    XCTAssertTrue(back.contains("tmp = ∂L/∂h₂·tanh′(a₂)"), back)
    XCTAssertTrue(back.contains("b term = tmp·1 = \(n.value(record.tmp))   b.g = \(n.value(record.bSum))"), back)
    let grads = s.must("back; grads")
    XCTAssertTrue(grads.contains("b term"), grads)
    // One notation (STYLE 15): ∂L/∂b's sum is written with the same ∑ as §2.6's ∂L/∂w₁ line.
    XCTAssertTrue(grads.contains("∂L/∂w₁ = \(n.sum)ₜ tmpₜ·xₜ"), grads)
    XCTAssertTrue(grads.contains("∂L/∂b = \(n.sum)ₜ tmpₜ"), grads)
    XCTAssertFalse(grads.contains("Σ"), grads)
    let g = s.state.model.gradients
    XCTAssertTrue(grads.contains(n.number(g.b)) && grads.contains(n.number(g.c)), grads)
    let weights = s.must("weights")
    XCTAssertTrue(weights.contains("b         0.1  \(n.number(g.b))") || weights.contains(n.number(g.b)), weights)
    XCTAssertTrue(weights.contains("cell: hₜ = tanh(w₁·xₜ + w₂·hₜ₋₁ + b) with b = 0.1"), weights)
    for command in ["eq 3", "eq 2", "eq 2.4", "derive w1", "gradcheck", "unroll", "landscape"] {
      let text = s.must(command)
      XCTAssertTrue(text.contains("beyond the article"), "\(command):\n\(text)")
      XCTAssertTrue(text.contains("b = 0.1"), "\(command):\n\(text)")
    }
    XCTAssertTrue(s.must("eq 2.4").contains("tanh′(a) = 1 − tanh(a)² = 1 − hₜ²"))
    let check = s.must("gradcheck")
    XCTAssertTrue(check.contains("\nb  ") && check.contains("\nc  "), check)
    XCTAssertFalse(check.contains("MISMATCH"), check)
  }

  /// `update` moves b and c with the biases trained, by the engine's own step.
  func testUpdateMovesTheBiasesWhenTrained() {
    var s = makeSession()
    s.must(setup + "; activation tanh; set b 0.1; forward; backward")
    XCTAssertFalse(s.must("update 0.1").contains("b = "), "not trained: b stays")
    XCTAssertEqual(s.state.model.weights.b, 0.1)
    s.must("zero; train bias on; forward; backward")
    var engine = s.state.model
    engine.update(learningRate: 0.1)
    let text = s.must("update 0.1")
    let n = s.notation
    XCTAssertTrue(text.contains("= \(n.value(engine.weights.b))    (beyond the article)\n"), text)
    XCTAssertTrue(text.contains("c = 0 − 0.1·"), text)
    XCTAssertEqual(s.state.model.weights, engine.weights)
  }

  /// With a bias, grads puts the b and c terms in a table of their own under §2.3's, so both
  /// fit 80 columns (as two more columns they did not, even with the shortest numbers), and
  /// each row holds the engine's record: c term = ∂L/∂ŷ on 'out', b term = tmpₜ on t.
  func testBiasedGradsFitEightyColumnsWithTheRecordsTerms() {
    var s = Session(
      traits: TerminalTraits(isInteractive: true, color: false, unicode: true, width: 80))
    s.must("model part2; set w1 0.5; set w2 0.4; set w3 0.9; input 0.3 -0.7 1.1; target 0.4")
    s.must("set b 0.1; train bias on; forward; backward")
    let grads = s.must("grads")
    for line in grads.split(separator: "\n") where line.hasPrefix("t ") || line.hasPrefix("─") {
      XCTAssertLessThanOrEqual(line.count, 80, String(line))
    }
    let n = s.notation
    let pass = s.state.backward!
    let lines = grads.split(separator: "\n").map(String.init)
    guard let head = lines.firstIndex(where: { $0.hasPrefix("t ") && $0.contains("b term") }) else {
      return XCTFail(grads)
    }
    XCTAssertFalse(lines[head].contains("w₁ term"), lines[head])
    func cells(_ line: String) -> [String] { line.split(separator: " ").map(String.init) }
    guard case .output(let out) = pass.steps[0] else { return XCTFail("no output step") }
    XCTAssertEqual(cells(lines[head + 2]), ["out", n.number(out.cTerm)])
    XCTAssertEqual(out.cTerm, s.state.forward!.prediction! - 0.4)
    for t in [3, 2, 1] {
      let r = pass.timestep(t)!
      XCTAssertEqual(r.bTerm, r.tmp)
      XCTAssertEqual(cells(lines[head + 2 + (4 - t)]), [String(t), n.number(r.bTerm)])
    }
    let g = s.state.model.gradients
    XCTAssertEqual(cells(lines[head + 6]), ["sum", "(.g)", n.number(g.b), n.number(g.c)])
    // The article's cell has no such table.
    s.must("reset cell; forward; backward")
    XCTAssertFalse(s.must("grads").contains("b term"))
  }

  /// eq 2.4 is §2.4's ReLU: its rows give ReLU(aₜ) and ReLU′(aₜ) whatever the cell runs (with
  /// tanh they gave tanh′ as ReLU′, so ReLU′(0) = 1), and another activation's φ and φ′ follow
  /// in rows of their own. Here a₁ = 1.8·1 = 1.8, a₂ = 1.8·(−2) − 0.5·tanh(1.8) < 0.
  func testEq24GivesReLUsNumbersAndTheCellsOwnBeside() {
    var s = makeSession()
    s.must("model part2; input 1 -2 0.5; activation tanh; forward")
    let text = s.must("eq 2.4")
    let n = s.notation
    let h1 = Foundation.tanh(1.8)
    let a2 = 1.8 * -2 + -0.5 * h1
    XCTAssertTrue(text.contains("a₁ = 1.8 > 0:  ReLU(a₁) = 1.8,  ReLU′(a₁) = 1\n"), text)
    XCTAssertTrue(text.contains("a₂ = \(n.value(a2)) ≤ 0:  ReLU(a₂) = 0,  ReLU′(a₂) = 0\n"), text)
    XCTAssertTrue(text.contains("tanh(a₁) = \(n.value(h1)),  tanh′(a₁) = \(n.value(1 - h1 * h1))\n"), text)
    let h2 = Foundation.tanh(a2)
    XCTAssertTrue(text.contains("tanh(a₂) = \(n.value(h2)),  tanh′(a₂) = \(n.value(1 - h2 * h2))\n"), text)
    // The article's cell: no extra rows.
    s.must("reset cell; forward")
    XCTAssertFalse(s.must("eq 2.4").contains("beyond the article"))
  }

  /// abs in Part 2's generalised cell is not Part 1's model: eq 3 does not say "model part1
  /// runs Part 1's code"; and back writes abs′ = −1 as a factor in parentheses.
  func testAbsInPartTwoIsNotCalledPartOneAndItsNegativeSlopeIsParenthesised() {
    var s = makeSession()
    s.must("model part2; input 1 -2 0.5; target 0.7; activation abs; forward")
    XCTAssertFalse(s.must("eq 3").contains("model part1 runs"))
    s.must("back")
    let back = s.must("back")
    let r = s.state.backward!.timestep(3)!
    XCTAssertEqual(r.reluPrime, -1)  // a₃ = 0.9 − 0.5·4.5 < 0
    let n = s.notation
    XCTAssertTrue(
      back.contains("tmp = ∂L/∂h₃·abs′(a₃) = \(n.value(r.dh, parenthesized: true))·(−1) = \(n.value(r.tmp))"), back)
    // A lesson's worked answer for relu'[3] names the cell's φ′ and gives no ReLU reason.
    let worked = LessonQuantity.reluPrime(3).equation(in: s)
    XCTAssertTrue(worked.hasPrefix("abs′(a₃) = −1 at a₃ = \(n.value(r.preactivation))"), worked)
    var p1 = makeSession()
    p1.must("model part1; forward")
    XCTAssertTrue(p1.must("eq 3").contains("model part1 runs Part 1's code"))
  }

  /// `derive b` and `derive c` end at what `zero; backward` with the biases trained puts in
  /// b.g and c.g, truncation included.
  func testDeriveTheBiases() {
    var s = makeSession()
    s.must("model part2; set w1 0.5; set w2 0.4; set w3 0.9; input 0.3 -0.7 1.1; target 0.4")
    s.must("activation tanh; set b 0.1; truncate 2; forward")
    let notTrained = s.must("derive b")
    XCTAssertTrue(notTrained.contains("so b.g stays 0"), notTrained)
    s.must("train bias on")
    let b = s.must("derive b")
    let c = s.must("derive c")
    s.must("zero; forward; backward")
    let g = s.state.model.gradients
    XCTAssertTrue(b.contains("makes 'print b.g' show \(g.b.description)\n"), b)
    XCTAssertTrue(b.contains("(truncate 2: t = 1 dropped)"), b)
    XCTAssertTrue(c.contains("makes 'print c.g' show \(g.c.description)\n"), c)
    XCTAssertEqual(g.c, s.state.forward!.prediction! - 0.4)
    // derive b's chain rule writes its sum with the notation's ∑, as every other sum is.
    XCTAssertTrue(b.contains("∂L/∂b = \(Notation(unicode: true, precision: 6).sum)ₜ "), b)
    XCTAssertFalse(b.contains("Σ"), b)
  }

  /// After `reset cell`, every screen is the article's again, as if the cell had never changed.
  func testResetCellGivesTheArticlesScreensBack() {
    let commands = ["step", "step", "back", "back", "back", "grads", "weights", "eq 3", "gradcheck", "unroll"]
    var plain = makeSession()
    plain.must(setup)
    var changed = makeSession()
    changed.must(setup + "; activation tanh; set b 0.1; set c 0.3; train bias on; reset cell")
    for command in commands {
      XCTAssertEqual(changed.must(command), plain.must(command), command)
    }
  }

  /// The claim at the prompt: ReLU with the biases trained, lr 0.01, 20,000 epochs on
  /// zigzag from `seed 1; randomize`, gets the loss below 1e−6; without the bias it does not.
  func testBiasFixesZigzagAtThePrompt() {
    var s = makeSession()
    s.must("model part2; data zigzag; seed 1; randomize; set lr 0.01; train bias on; train 20000")
    let loss = s.state.lastTraining!.finalLoss
    XCTAssertLessThan(loss, 1e-6)
    XCTAssertEqual(s.state.model.meanLoss(on: .zigzag) < 1e-6, true)
    var plain = makeSession()
    plain.must("model part2; data zigzag; seed 1; randomize; set lr 0.01; train 20000")
    XCTAssertGreaterThan(plain.state.lastTraining!.finalLoss, 1e-3)
  }
}
