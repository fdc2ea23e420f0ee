import RNN
import XCTest

@testable import Tutor

/// `loss every [mean]` in the shell for the article's RNN and the LSTM: what it refuses,
/// what the screens show, `print`'s names, save and load mid-BPTT, and `train`.
final class LossEverySessionTests: XCTestCase {
  /// The RNN refuses a loss at every step where the printed code runs, with truncation and
  /// in Part 1, and refuses those settings while it is on: one error each.
  func testTheRNNRefusesWhatHasOneLoss() {
    var session = Session()
    session.must("model part2; mode article")
    XCTAssertEqual(
      session.mustFail("loss every"),
      "loss every: mode article runs the printed code, which has one loss, Eq. 1 on ŷₙ; 'mode exact' first"
    )
    session.must("mode text")
    XCTAssertTrue(session.mustFail("loss every mean").hasPrefix("loss every mean: mode text"))
    session.must("mode exact; truncate 3")
    XCTAssertEqual(
      session.mustFail("loss every"),
      "loss every: truncate 3 is defined here for Eq. 1's loss alone (the roads from ŷₜ would each need their own cut); 'truncate off' first"
    )
    session.must("truncate off; loss every")
    XCTAssertEqual(
      session.mustFail("mode article"),
      "mode article: the printed code has one loss, Eq. 1 on ŷₙ, and loss every is on; 'loss last' first"
    )
    XCTAssertEqual(
      session.mustFail("truncate 2"),
      "truncate 2: truncation is defined here for Eq. 1's loss alone, and loss every is on; 'loss last' first"
    )
    // The screens that work from Eq. 1's loss on ŷₙ say so rather than show another loss.
    for command in ["derive w1", "flow", "landscape"] {
      XCTAssertEqual(
        session.mustFail(command),
        "\(command.split(separator: " ")[0]): it works from Eq. 1's loss on ŷₙ, and loss every is on; 'loss last' first ('back' shows each ŷₜ's terms)"
      )
    }
    session.must("model part1")
    XCTAssertEqual(session.state.model.loss, .last, "Part 1's fixed cell keeps Eq. 1")
    XCTAssertEqual(
      session.mustFail("loss every"),
      "loss every: Part 1's model is never trained; 'model part2' first")
  }

  /// forward's loss line, back's two roads and their sum, and grads' per-step w₃ terms.
  func testTheRNNsScreensShowBothRoads() {
    var session = Session()
    session.must("model part2; input 1 2; target 1 3; set w1 1; set w2 0.5; set w3 2")
    let forward = session.must("loss every; forward")
    XCTAssertTrue(forward.contains("a loss at every step, beyond Eq. 1"), forward)
    XCTAssertTrue(forward.contains("= ½(1 − 2)² + ½(3 − 5)² = 2.5"), forward)
    let back = session.must("back 3")
    XCTAssertTrue(back.contains("∂L/∂ŷ₂ = ŷ₂ − y₂ = 5 − 3 = 2"), back)
    XCTAssertTrue(back.contains("timestep t = 1    §2.5–2.6   two roads into ∂L/∂h₁"), back)
    XCTAssertTrue(back.contains("∂L/∂h₁ = w₃·∂L/∂ŷ₁ + tmp₂·w₂ = 2 + 2 = 4"), back)
    XCTAssertTrue(back.contains("w₃ term = h₁·∂L/∂ŷ₁ = 1·1 = 1   w₃.g = 6"), back)
    let grads = session.must("grads")
    XCTAssertTrue(grads.contains("sum (.g)"), grads)
    XCTAssertEqual(Self.printed(&session, "w1.g"), 12)
    XCTAssertEqual(Self.printed(&session, "yhat[1]"), 2)
    XCTAssertEqual(Self.printed(&session, "y[2]"), 3)
    XCTAssertEqual(Self.printed(&session, "loss"), 2.5)
    XCTAssertTrue(session.must("status").contains("loss every (a loss at every step)"))
    session.must("loss every mean")
    XCTAssertNil(session.state.backward, "a new loss starts BPTT afresh")
    XCTAssertEqual(Self.printed(&session, "loss"), 1.25)
  }

  /// The screens a loss at every step changes fit 80 columns for the RNN and the LSTM (for
  /// `grads`, the outputs' own table: §2.3's table is as wide as its numbers make it, as under
  /// Eq. 1).
  func testTheScreensFitEightyColumns() {
    for model in ["part2", "lstm"] {
      var session = Session(
        traits: TerminalTraits(isInteractive: true, color: false, unicode: true, width: 80))
      session.must("model \(model); seed 3; randomize; data echo 1; loss every mean")
      for command in [
        "forward", "back", "back", "back", "backward", "grads", "gradcheck", "status",
      ] {
        var out = session.must(command)
        if command == "grads", model == "part2", let outputs = out.range(of: "the outputs' terms") {
          out = String(out[outputs.lowerBound...])
        }
        for line in out.split(separator: "\n")
        where !line.hasPrefix("§2.6") && !line.hasPrefix("      ∂L/∂w") {
          XCTAssertLessThanOrEqual(
            TextLayout.columns(line), 80, "model \(model), '\(command)': \(line)")
        }
      }
    }
  }

  /// A save mid-BPTT under a loss at every step loads back to an equal state, and the rest
  /// of the pass gives the same gradients to the bit: the RNN and the LSTM.
  func testSaveMidBPTTLoadsBackBitForBit() throws {
    for start in [
      "model part2; set w1 0.6; set w2 -0.7; set w3 1.3; data echo 1; loss every; forward; back 4; set w1.g 0.25",
      "model part2; activation tanh; set b 0.2; set c -0.1; train bias on; data next; loss every mean; forward; back 3",
      "model lstm; seed 5; randomize; data echo 2; loss every; forward; back 5; set wy.g 0.5",
    ] {
      var session = Session()
      session.must(start)
      let text = StateFile.text(for: session.state)
      XCTAssertTrue(text.contains("\nloss every"), text)
      var loaded = Session()
      _ = try loaded.loadStateScript(text, file: "l.sav")
      XCTAssertEqual(loaded.state, session.state, start)
      session.must("backward")
      loaded.must("backward")
      XCTAssertEqual(
        Self.printedGradients(&loaded).map(\.bitPattern),
        Self.printedGradients(&session).map(\.bitPattern), start)
    }
  }

  /// `train` needs a target per step under a loss at every step, and then trains as stepping.
  func testTrainNeedsATargetPerStep() {
    for model in ["part2", "lstm"] {
      var session = Session()
      session.must("model \(model); data slopes; loss every")
      XCTAssertEqual(
        session.mustFail("train 5"),
        "train: loss every needs a target at every step, and slopes has one per sample; 'data echo' or 'data next' has them, or 'loss last'"
      )
      XCTAssertTrue(
        session.mustFail("export torch x.py --train 5").hasPrefix(
          "export torch --train: loss every"))
      let out = session.must("data echo 1; train 5 0.01")
      XCTAssertTrue(out.contains("loss every at the final"), out)
    }
  }

  /// The LSTM runs `loss` as its own command now, with the same words.
  func testTheLSTMChoosesItsLoss() {
    var session = Session()
    session.must("model lstm; input 1 0.5; target 0 1")
    XCTAssertTrue(session.must("loss every").hasPrefix("loss every: L = ∑ₜ ½(yₜ − ŷₜ)²"))
    let forward = session.must("forward")
    XCTAssertTrue(forward.contains("a loss at every step, beyond Eq. 1"), forward)
    let back = session.must("back 3")
    XCTAssertTrue(back.contains("two roads into ∂L/∂h₁"), back)
    XCTAssertTrue(back.contains("∂L/∂h₁ = wy·∂L/∂ŷ₁ + ∑ ∂L/∂z₂·wh"), back)
    XCTAssertEqual(Self.printed(&session, "y[1]"), 0)
    XCTAssertEqual(Self.printed(&session, "yhat[2]"), Self.printed(&session, "yhat"))
    XCTAssertTrue(session.must("status").contains("every: L = ∑ₜ ½(yₜ − ŷₜ)²"))
    XCTAssertTrue(session.mustFail("derive f.wh").hasPrefix("derive: it works from Eq. 1's loss"))
    XCTAssertTrue(session.must("loss last").hasPrefix("loss last"))
    XCTAssertEqual(session.state.activeLSTM.model.loss, .last)
  }

  static func printed(_ session: inout Session, _ name: String) -> Double? {
    let out = session.must("print \(name)")
    return out.split(separator: "=").last.flatMap {
      Double($0.trimmingCharacters(in: .whitespacesAndNewlines))
    }
  }

  static func printedGradients(_ session: inout Session) -> [Double] {
    let names =
      session.state.other == nil
      ? Parameter.allCases.map { $0.rawValue + ".g" }
      : LSTMParameter.allCases.map { $0.rawValue + ".g" }
    return names.compactMap { printed(&session, $0) }
  }
}
