import RNN
import XCTest

@testable import Tutor

/// `truncate` and `clip` in the session: what the screens say matches the engine, the
/// settings survive save and load, and bad values change nothing.
final class ExperimentCommandTests: XCTestCase {
  /// The 3-step case of TruncationClippingTests, whose gradients are worked out by hand.
  private let setup = "set w1 1; set w2 0.5; set w3 2; input 1 1 1; target 0"

  func testGradsSetsTruncatedBesideFullBPTT() {
    var s = makeSession()
    runScript(&s, setup + "; truncate 1; forward; backward")
    let grads = runScript(&s, "grads")
    // By hand: truncated (7, 10.5, 6.125), full (12.25, 14, 6.125).
    var full = MiniRnn(weights: Weights(w1: 1, w2: 0.5, w3: 2))
    full.backward(full.forward([1, 1, 1]), target: 0)
    XCTAssertEqual(full.gradients, Weights(w1: 12.25, w2: 14, w3: 6.125))
    let difference = NumberFormat.significant(abs(7 - 12.25) / 12.25, digits: 2)
    XCTAssertTrue(grads.contains("2…1       dropped"), grads)
    XCTAssertTrue(
      grads.contains(
        "∂L/∂w₁          7  12.25             \(difference)"), grads)
    XCTAssertEqual(runScript(&s, "print w1.g"), "w1.g = 7\n")
  }

  func testBackSaysWhereTruncationStops() {
    var s = makeSession()
    s.traits.quiet = false
    runScript(&s, setup + "; truncate 2; forward")
    _ = runScript(&s, "back; back")
    let last = runScript(&s, "back")
    XCTAssertTrue(last.contains("BPTT step 3 of 3: timestep t = 2"), last)
    XCTAssertTrue(
      last.contains("truncate 2: h₁ is held constant, so BPTT ends here; t = 1 dropped"), last)
    XCTAssertEqual(
      s.execute("back").error, nil, "a complete pass starts a new one, as without truncation")
  }

  func testUpdateReportsTheClippingItApplied() {
    var s = makeSession()
    s.traits.quiet = false
    runScript(&s, setup + "; truncate 1; clip 1; forward; backward")
    let norm = (7.0 * 7 + 10.5 * 10.5 + 6.125 * 6.125).squareRoot()
    let text = runScript(&s, "update 0.1")
    XCTAssertTrue(
      text.contains(
        "clip 1: the gradients' norm \(NumberFormat.significant(norm, digits: 6)) exceeds 1, so each was multiplied by \(NumberFormat.significant(1 / (norm + 1e-6), digits: 6)) first"
      ), text)
    let w1 = 1 - 7 * (1 / (norm + 1e-6)) * 0.1
    XCTAssertEqual(runScript(&s, "print w1"), "w1 = \(w1)\n")
  }

  func testTrainReportsClippedSteps() {
    var s = makeSession()
    runScript(&s, setup + "; data zigzag; clip 0.01")
    var model = s.state.model
    let report = model.train(on: .zigzag, epochs: 50, learningRate: 0.001)
    XCTAssertGreaterThan(report.clippedSteps, 0)
    let text = runScript(&s, "train 50")
    XCTAssertTrue(
      text.contains(
        "beyond the article: clip 0.01 (scaled the gradients in \(report.clippedSteps) of 100 sample steps)"
      ), text)
    XCTAssertEqual(s.state.model.weights, model.weights)
  }

  func testSettingsSurviveSaveAndLoad() {
    let files = MemoryFiles()
    var s = makeSession(files: files)
    runScript(&s, setup + "; truncate 3; clip 0.25; save a.minirnn")
    var t = makeSession(files: files)
    runScript(&t, "load a.minirnn")
    XCTAssertEqual(t.state.model.truncation, 3)
    XCTAssertEqual(t.state.model.clipNorm, 0.25)
    runScript(&t, "truncate off; clip off")
    XCTAssertNil(t.state.model.truncation)
    XCTAssertNil(t.state.model.clipNorm)
  }

  func testBadValuesChangeNothing() {
    var s = makeSession()
    runScript(&s, setup + "; truncate 2; clip 1")
    let before = s.state
    for line in [
      "truncate 0", "truncate -1", "truncate 1.5", "truncate", "truncate 1 2", "clip 0",
      "clip -1", "clip nan", "clip inf", "clip", "clip x",
    ] {
      XCTAssertNotNil(s.execute(line).error, line)
      XCTAssertEqual(s.state, before, line)
    }
  }

  /// The printed code has no place for these settings: mode article refuses them (issue 21:
  /// it used to accept them, call itself the code as printed, and then refuse to export).
  func testArticleModeRefusesSettingsItCannotExpress() {
    let files = MemoryFiles()
    var s = makeSession(files: files)
    runScript(&s, setup + "; mode article")
    let before = s.state
    let error = s.execute("truncate 2").error ?? ""
    XCTAssertTrue(error.contains("mode article runs the code as printed"), error)
    XCTAssertEqual(s.state, before)
    runScript(&s, "mode exact; truncate 2; export torch run.py")
    XCTAssertTrue(files["run.py"]?.contains("keep=2") ?? false, "exact mode exports the truncation")
  }

  /// Mode text: every line of `back` that differs from the math names its erratum, and the
  /// numbers are the engine's printed-equation ones.
  func testModeTextNamesTheErratumAtEveryLine() {
    var s = makeSession()
    s.traits.quiet = false
    runScript(&s, "set w1 1.8; set w2 -0.5; set w3 1.1; input 0 0.5; target 1; mode text; forward")
    let first = runScript(&s, "back")
    XCTAssertTrue(
      first.contains(
        "∂L/∂ŷ = y − ŷ = 1 − 0.99 = 0.01    Eq. 4 as printed: the sign is wrong (erratum 3)"),
      first)
    XCTAssertTrue(
      first.contains(
        "∂L/∂h₂ = w₂·∂L/∂ŷ = (−0.5)·0.01 = −0.005    §2.5 as printed: Eq. 2 has w₃, not w₂ (erratum 4)"
      ),
      first)
    let second = runScript(&s, "back")
    XCTAssertTrue(
      second.contains(
        "∂L/∂h₁ = ∂L/∂h₂·ReLU′(h₁)·w₂ = (−0.005)·0·(−0.5) = 0    §2.5 as printed: ReLU′(h₁) where the math has ReLU′(a₂) (erratum 5)"
      ), second)
    _ = runScript(&s, "back")
    var model = MiniRnn(weights: Weights(w1: 1.8, w2: -0.5, w3: 1.1), mode: .text)
    model.backward(model.forward([0, 0.5]), target: 1)
    XCTAssertEqual(s.execute("print w1.g").output, "w1.g = \(model.gradients.w1)\n")
  }
}
