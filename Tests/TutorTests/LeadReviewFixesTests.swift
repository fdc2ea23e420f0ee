import RNN
import Synchronization
import XCTest

@testable import Tutor

/// Small defects found by trying the merged LSTM and generalised-cell work at 80 columns.
final class LeadReviewFixesTests: XCTestCase {
  func testTheLSTMsWelcomeFitsEightyColumnsWithItsCitations() {
    var session = Session(
      traits: TerminalTraits(isInteractive: true, color: false, unicode: true, width: 80))
    let text = session.must("model lstm")
    for citation in ["Hochreiter & Schmidhuber 1997", "Gers, Schmidhuber &", "nn.LSTM"] {
      XCTAssertTrue(text.contains(citation), text)
    }
    for line in text.split(separator: "\n") {
      XCTAssertLessThanOrEqual(line.count, 80, String(line))
    }
  }

  func testResetCellUnderTheLSTMIsRefusedAndChangesNothing() {
    var session = Session()
    session.must("activation tanh; set b 0.25; model lstm")
    let before = session.state
    let result = session.execute("reset cell")
    XCTAssertEqual(result.error?.contains("does not apply to the LSTM"), true, "\(result)")
    XCTAssertEqual(session.state, before)
    session.must("model part2")
    XCTAssertEqual(session.state.model.activation, .tanh, "the RNN's cell was left as it was")
    XCTAssertEqual(session.state.model.weights.b, 0.25)
  }

  func testOneTimestepIsSingular() {
    for k in [1, 2, 3] {
      var session = Session()
      let shown = session.must("truncate \(k); weights")
      let expected = "goes back \(k) timestep\(k == 1 ? "" : "s")"
      XCTAssertTrue(shown.contains(expected + ")"), shown)
      XCTAssertTrue(session.must("truncate \(k)").contains(expected + " "))
    }
  }

  func testHelpPrintNamesTheLSTMsNamesToo() {
    var session = Session()
    let help = session.must("help print")
    for name in ["w1.g", "b.g", "i.wx", "wy", "c[t]"] {
      XCTAssertTrue(help.contains(name), "\(name) in \(help)")
    }
    // And every LSTM name it lists is one print accepts.
    session.must("model lstm; forward; backward")
    for name in ["i.wx", "i.wh", "i.b", "f.wx", "wy", "by", "wy.g", "i[1]", "c[1]", "h[1]", "yhat"] {
      XCTAssertNil(session.execute("print \(name)").error, name)
    }
  }
}

final class TrainingPollTests: XCTestCase {
  /// `train` stops on Ctrl-C within `hooks.checkEvery` sample steps, for the RNN and the LSTM
  /// alike (the fuzzers set it low so that a lesson's endless train ends quickly).
  func testBothModelsPollAsOftenAsTheHooksAsk() {
    for model in ["model part2", "model lstm"] {
      for every in [2, 8] {
        var session = Session()
        session.must("\(model); data zigzag")
        let polls = Atomic<Int>(0)
        let hooks = Hooks(
          shouldStop: { polls.add(1, ordering: .relaxed).newValue > 1 }, checkEvery: every)
        _ = session.execute("train 1000000", hooks: hooks)
        let epochs =
          model == "model lstm"
          ? session.state.lstm!.lastTraining!.epochsCompleted
          : session.state.lastTraining!.epochsCompleted
        // Two samples an epoch; stopped at the second poll, after 2·every sample steps.
        XCTAssertLessThanOrEqual(epochs, every + 1, "\(model), checkEvery \(every)")
      }
    }
  }
}

final class BiasTermWidthTests: XCTestCase {
  /// The bias terms of `back` and the output line of `forward` fit 80 columns with short
  /// numbers, trained or not (they ran to 99–101 characters).
  func testTheBiasLinesFitEightyColumns() {
    for training in ["off", "on"] {
      var session = Session()
      session.must("set b 0.1; set c 0.5; train bias \(training)")
      let text = session.must("forward; back; back; back")
      for line in text.split(separator: "\n") where line.contains("term = ") || line.contains("ŷ =") {
        if line.contains("b term") || line.contains("c term") || line.hasPrefix("ŷ") {
          XCTAssertLessThanOrEqual(line.count, 80, "\(training): \(line)")
        }
      }
      XCTAssertEqual(
        text.contains("not added to the gradient: 'train bias on' trains b and c"),
        training == "off", training)
    }
  }
}

final class LSTMHelpTests: XCTestCase {
  /// Under `model lstm`, a help group marks the commands the LSTM refuses, and only those.
  func testHelpMarksWhatTheLSTMRefuses() {
    var session = Session()
    session.must("model lstm")
    let help = session.must("help model")
    // Each command's entry: its usage line and the summary lines below it (a usage too
    // long for its column puts the summary on the next line).
    var entries: [String] = []
    for line in help.split(separator: "\n") where line.hasPrefix("  ") {
      if line.hasPrefix("   "), !entries.isEmpty {
        entries[entries.count - 1] += " " + line
      } else {
        entries.append(String(line))
      }
    }
    for entry in entries {
      let refused = entry.hasPrefix("  mode ") || entry.hasPrefix("  errata ")
      XCTAssertEqual(entry.contains("the LSTM refuses it"), refused, entry)
    }
    XCTAssertNotNil(session.execute("mode article").error)
  }
}

final class NonFiniteTrainTests: XCTestCase {
  /// A save may hold an infinite parameter (load restores what was saved); `train` from it
  /// says which parameter to set instead of "diverging" at its first step, and changes
  /// nothing.
  func testTrainRefusesToStartFromANonFiniteParameter() {
    for (setup, name) in [("", "w1"), ("model lstm; ", "f.b")] {
      var session = Session(files: MemoryFiles(["x": setup.replacingOccurrences(of: "; ", with: "\n") + "set \(name) inf\n"]))
      session.must("load x")
      let before = session.state
      let error = session.execute("train 3").error ?? ""
      XCTAssertTrue(error.contains("\(name) is inf"), error)
      XCTAssertTrue(error.contains("'set \(name) VALUE'"), error)
      XCTAssertEqual(session.state, before)
    }
  }

  func testOneSampleStepIsSingular() {
    var session = Session()
    session.must("data slopes")
    let polls = Atomic<Int>(0)
    let hooks = Hooks(shouldStop: { polls.add(1, ordering: .relaxed).newValue > 0 }, checkEvery: 1)
    let out = session.execute("train 5", hooks: hooks).output
    XCTAssertTrue(out.contains("— 1 sample step in"), out)
  }
}
