import Foundation
import RNN
import TestSupport
import XCTest

@testable import Tutor

/// `model rnn K` in the shell: every number a command shows is the engine's, K = 1 is the
/// article's cell through the REPL, bad input changes nothing, and a save mid-BPTT loads
/// back bit for bit.
final class VectorSessionTests: XCTestCase {
  /// The value `print NAME` shows, read back as a Double.
  static func printed(_ session: inout Session, _ name: String) -> Double {
    let line = session.must("print \(name)")
    return Double(line.dropFirst("\(name) = ".count).dropLast())!
  }

  /// The article's settings as a vector RNN of one unit: `model rnn 1` with ReLU, no biases
  /// trained and W_xh, W_hh, w_y set to w₁, w₂, w₃. Every value `print` shows after forward,
  /// BPTT and a training run is the article's RNN's, to the bit.
  func testOneUnitReproducesTheArticlesDigits() {
    for (w1, w2, w3) in [(0.5, 0.3, 0.8), (1.8, -0.5, 1.1)] {
      var article = Session()
      article.must("set w1 \(w1); set w2 \(w2); set w3 \(w3); forward; backward")
      var vector = Session()
      vector.must(
        "model rnn 1; activation relu; train bias off; set c 0; set b 0; set W_xh \(w1); set W_hh \(w2); set w_y \(w3); forward; backward"
      )
      for (a, v) in [
        ("h[1]", "h[1][1]"), ("h[2]", "h[2][1]"), ("yhat", "yhat"), ("loss", "loss"),
        ("w1.g", "W_xh[1].g"), ("w2.g", "W_hh[1,1].g"), ("w3.g", "w_y[1].g"),
      ] {
        XCTAssertEqual(
          Self.printed(&article, a).bitPattern, Self.printed(&vector, v).bitPattern, "\(a)")
      }
      article.must("data slopes; train 300 0.01")
      vector.must("data slopes; train 300 0.01")
      for (a, v) in [("w1", "W_xh[1]"), ("w2", "W_hh[1,1]"), ("w3", "w_y[1]")] {
        XCTAssertEqual(
          Self.printed(&article, a).bitPattern, Self.printed(&vector, v).bitPattern, "\(a)")
      }
    }
  }

  /// What `step` and `back` show are the engine's records: a_t, h_t, ŷ_t, and every
  /// gradient, for a loss at every step on echo data.
  func testPrintedValuesAreTheEngines() {
    var session = Session()
    session.must("model rnn 3; seed 9; randomize; loss every; data echo 1; forward; backward")
    let m = session.state.activeVector
    var engine = m.model
    engine.zeroGradients()
    let x = session.state.inputs
    let ys = session.state.targets!
    let pass = engine.forward(x)
    var back = engine.startBackward(pass, targets: ys)
    back.run(accumulatingInto: &engine.gradients)
    for s in pass.steps {
      for i in 1...3 {
        XCTAssertEqual(Self.printed(&session, "h[\(s.t)][\(i)]"), s.h[i - 1])
        XCTAssertEqual(Self.printed(&session, "a[\(s.t)][\(i)]"), s.a[i - 1])
      }
      XCTAssertEqual(Self.printed(&session, "yhat[\(s.t)]"), s.output)
    }
    for p in engine.weights.names {
      XCTAssertEqual(Self.printed(&session, p.name + ".g"), engine.gradients[p], p.name)
    }
    XCTAssertEqual(Self.printed(&session, "loss"), back.lossValue)
    // A whole matrix prints one line per entry.
    let lines = session.must("print W_hh.g").split(separator: "\n")
    XCTAssertEqual(lines.count, 9)
    XCTAssertEqual(lines[5], "W_hh[2,3].g = \(plainNumber(engine.gradients[.whh(1, 2)]))")
  }

  /// Each bad line gives one error and leaves the session as it was.
  func testBadInputChangesNothing() {
    var session = Session()
    session.must("model rnn 2; forward")
    let before = session.state
    for line in [
      "model rnn 0", "model rnn 9", "model rnn x", "model lstm 2", "model part2 3",
      "set W_hh 1 2 3", "set W_hh 1 2 / 3", "set W_hh[3,1] 1", "set W_hh[0,1] 1",
      "set W_xh 1", "set w_y 1 2 3", "set b / 1 2", "set W_hh identity", "set W_hh rotation 1",
      "set W_hh spin 1", "set W_hh 1 2 / 3 x", "set c nan", "set q 1", "set h[1][1] 2",
      "loss some", "loss every median", "activation abs", "print W_hh[3,3]",
      "print h[9][1]", "print y[1]", "target 1 2 3", "train bias maybe",
    ] {
      var copy = session
      _ = copy.mustFail(line)
      XCTAssertEqual(copy.state, before, line)
    }
  }

  /// `set` takes a whole block and the named starts, and says what it set.
  func testSetBlocksAndNamedStarts() {
    var session = Session()
    session.must("model rnn 2; set W_hh 0.9 0.1 / -0.2 0.8")
    XCTAssertEqual(session.state.activeVector.model.weights.whh, [0.9, 0.1, -0.2, 0.8])
    session.must("set W_hh identity 1.5")
    XCTAssertEqual(session.state.activeVector.model.weights.whh, [1.5, 0, 0, 1.5])
    session.must("set W_hh rotation 0.5 2")
    let w = session.state.activeVector.model.weights
    // 2·[[cos 0.5, −sin 0.5], [sin 0.5, cos 0.5]], computed here.
    XCTAssertEqual(w.whh[0], 2 * cos(0.5), accuracy: 1e-15)
    XCTAssertEqual(w.whh[1], -2 * sin(0.5), accuracy: 1e-15)
    XCTAssertEqual(w.whh[2], 2 * sin(0.5), accuracy: 1e-15)
    session.must("seed 3; set W_hh orthogonal 0.5")
    let q = session.state.activeVector.model.weights.recurrentRows
    // (Q/0.5)ᵀ(Q/0.5) = I.
    for i in 0..<2 {
      for j in 0..<2 {
        let dot = (0..<2).map { q[$0][i] * q[$0][j] }.reduce(0, +) / 0.25
        XCTAssertEqual(dot, i == j ? 1 : 0, accuracy: 1e-13)
      }
    }
    session.must("set w_y 0.25 -1; set W_xh[2] 3")
    XCTAssertEqual(session.state.activeVector.model.weights.wy, [0.25, -1])
    XCTAssertEqual(session.state.activeVector.model.weights.wxh[1], 3)
  }

  /// A save in the middle of BPTT, with a loss at every step, loads back to an equal state,
  /// and the rest of the pass gives the same gradients to the bit.
  func testSaveMidBPTTLoadsBackBitForBit() throws {
    var session = Session()
    session.must(
      "model rnn 3; seed 4; randomize; loss every mean; data echo 2; sample 2; activation relu; forward; back 4; set W_xh[1].g 0.25"
    )
    let text = StateFile.text(for: session.state)
    var loaded = Session()
    _ = try loaded.loadStateScript(text, file: "v.sav")
    XCTAssertEqual(loaded.state.activeVector, session.state.activeVector)
    XCTAssertEqual(loaded.state.targets, session.state.targets)
    session.must("backward")
    loaded.must("backward")
    XCTAssertEqual(
      loaded.state.activeVector.model.gradients.values.map(\.bitPattern),
      session.state.activeVector.model.gradients.values.map(\.bitPattern))
  }

  /// `model part2` returns to the article's RNN as it was; `model rnn 3` after `model rnn 2`
  /// starts a new model.
  func testSwitchingKeepsTheRNN() {
    var session = Session()
    session.must("set w2 0.7; model rnn 2; set W_hh[1,1] 3")
    session.must("model rnn 3")
    XCTAssertEqual(session.state.activeVector.size, 3)
    XCTAssertEqual(session.state.activeVector.model.weights.whh[0], 0.9)
    let out = session.must("model part2")
    XCTAssertTrue(out.contains("the vector RNN is gone"), out)
    XCTAssertEqual(Self.printed(&session, "w2"), 0.7)
  }

  /// `derive NAME`'s last number is what `zero; backward` leaves in NAME.g, for an entry of
  /// each block, under each loss; `eq` names every equation and shows each after a pass.
  func testDeriveEndsAtTheGradientAndEqShowsEachEquation() {
    for loss in ["last", "every", "every mean"] {
      var session = Session()
      session.must("model rnn 3; seed 2; randomize; loss \(loss); data echo 1; forward")
      var copy = session
      copy.must("zero; backward")
      for name in ["W_xh[2]", "W_hh[3,1]", "b[1]", "w_y[3]", "c"] {
        let text = session.must("derive \(name)")
        // The sum's last line (it may wrap) ends with "= VALUE", before the closing note.
        let lines = text.split(separator: "\n")
        let note = lines.firstIndex { $0.hasPrefix("(BPTT order") }!
        let sum = lines[note - 1].split(separator: " = ").last!
        XCTAssertEqual(
          String(sum), copy.notation.value(Self.printed(&copy, name + ".g")), "\(loss) \(name)")
      }
      session.must("back 3")
      for word in VectorEquationName.words { session.must("eq \(word)") }
    }
  }

  /// The step and back screens fit 80 columns for K ≤ 4.
  func testScreensFitEightyColumnsUpToFourUnits() {
    for k in 1...4 {
      // At a terminal, as a learner sees them: prose is wrapped, tables and drawings are not.
      var session = Session(
        traits: TerminalTraits(isInteractive: true, color: false, unicode: true, width: 80))
      let start = "model rnn \(k); seed \(k); randomize; loss every; data echo 1"
      session.must(start)
      var text = session.must("forward; backward; states; grads; weights; spectrum; gradcheck")
      session.must(start)
      text += session.must("step; step; forward; back; back; back")
      for line in text.split(separator: "\n") {
        XCTAssertLessThanOrEqual(TextLayout.columns(line), 80, "K = \(k): \(line)")
      }
    }
  }
}
