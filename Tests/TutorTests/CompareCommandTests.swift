import RNN
import Synchronization
import XCTest

@testable import Tutor

/// `compare rnn lstm` in the session: the numbers shown are the engine's, bad input changes
/// nothing, and a comparison leaves the session as it was.
final class CompareCommandTests: XCTestCase {
  /// The table holds what `MiniRnn.train` and `MiniLSTM.train` give from the session's seed,
  /// written as the session writes numbers; the RNN starts where `randomize` would.
  func testCompareShowsWhatTrainingEachModelGives() {
    var s = makeSession()
    runScript(&s, "seed 11; data zigzag; set lr 0.01")
    let before = s.state
    let text = runScript(&s, "compare rnn lstm 250")
    XCTAssertEqual(s.state, before, "compare changes nothing")

    var randomized = s
    runScript(&randomized, "randomize")
    XCTAssertEqual(ModelComparison.rnnStart(seed: 11).weights, randomized.state.model.weights)
    var rnn = ModelComparison.rnnStart(seed: 11)
    let r = rnn.train(on: .zigzag, epochs: 250, learningRate: 0.01)
    var biased = ModelComparison.rnnStart(seed: 11)
    biased.trainsBiases = true
    let rb = biased.train(on: .zigzag, epochs: 250, learningRate: 0.01)
    var lstm = ModelComparison.lstmStart(seed: 11)
    let l = lstm.train(on: .zigzag, epochs: 250, learningRate: MiniLSTM.defaultLearningRate)
    let n = s.notation
    XCTAssertTrue(text.hasPrefix("compare on zigzag: 250 epochs per model from seed 11\n"), text)
    func cells(_ prefix: String) -> [String]? {
      text.split(separator: "\n").first { $0.hasPrefix(prefix) }?.split(separator: " ")
        .map(String.init)
    }
    XCTAssertEqual(cells("RNN "), ["RNN", "0.01", n.number(r.finalLoss)], text)
    XCTAssertEqual(
      cells("RNN + bias "), ["RNN", "+", "bias", "0.01", n.number(rb.finalLoss)], text)
    XCTAssertEqual(cells("LSTM "), ["LSTM", "0.1", n.number(l.finalLoss)], text)
    for (k, sample) in Dataset.zigzag.samples.enumerated() {
      let row =
        "\(k + 1)       \(sequenceText(sample.inputs, n))  \(plainNumber(sample.target))  "
      let line = text.split(separator: "\n").first { $0.hasPrefix(row) }
      XCTAssertNotNil(line, text)
      let cells = line?.split(separator: " ").suffix(3).map(String.init)
      XCTAssertEqual(
        cells,
        [
          n.number(rnn.predict(sample.inputs)), n.number(biased.predict(sample.inputs)),
          n.number(lstm.predict(sample.inputs)),
        ], text)
    }
  }

  func testSeedsShowTheEnginesSummaryAndTheBestSeed() {
    var s = makeSession()
    runScript(&s, "seed 4; data recall 4")
    let text = runScript(&s, "compare rnn lstm 120 --seeds 3")
    let c = ModelComparison(
      on: .recall(steps: 4), seeds: [4, 5, 6], epochs: 120, rnnLearningRate: 0.001,
      lstmLearningRate: MiniLSTM.defaultLearningRate)
    let n = s.notation
    XCTAssertTrue(text.contains("from seeds 4 to 6\n"), text)
    for (model, name) in [(ComparedModel.rnn, "RNN"), (.rnnWithBias, "RNN + bias"), (.lstm, "LSTM")] {
      let m = c.summary(of: model)
      let figures = [m.mean, m.least, m.greatest].map(n.number)
      let line = text.split(separator: "\n").first {
        $0.hasPrefix(name + " ") && (name != "RNN" || !$0.hasPrefix("RNN +"))
      }
      XCTAssertEqual(
        line?.split(separator: " ").map(String.init),
        name.split(separator: " ").map(String.init) + [name == "LSTM" ? "0.1" : "0.001"] + figures
          + ["\(m.solved)", "of", "3"], text)
    }
    XCTAssertTrue(
      text.contains(
        "best seed (RNN seed \(c.best(of: .rnn)!.seed), RNN + bias seed \(c.best(of: .rnnWithBias)!.seed), LSTM seed \(c.best(of: .lstm)!.seed))"),
      text)
  }

  func testCtrlCStopsBothAndChangesNothing() {
    var s = makeSession()
    runScript(&s, "data zigzag")
    let before = s.state
    let result = s.execute("compare rnn lstm 100000", hooks: Hooks(shouldStop: { true }))
    XCTAssertNil(result.error)
    XCTAssertEqual(
      result.output,
      """
      compare on zigzag: 100,000 epochs per model from seed 0
      stopped by Ctrl-C before the RNN run from seed 0; 0 of 1 seeds done
      the session is unchanged

      """)
    XCTAssertEqual(s.state, before)
    // Ctrl-C pressed once the runs are under way: the first check inside the RNN's run.
    let pressed = Mutex(0)
    let later = Hooks(shouldStop: {
      pressed.withLock { calls in
        calls += 1
        return calls > 1
      }
    })
    XCTAssertTrue(
      s.execute("compare rnn lstm 100000", hooks: later).output.contains(
        "\nstopped by Ctrl-C in the RNN run from seed 0, epoch 2,048; 0 of 1 seeds done\n"))
  }

  /// The screen as a learner sees it, in Unicode and ASCII: one seed, then several.
  func testCompareScreen() {
    var text = ""
    for unicode in [true, false] {
      var s = makeSession(unicode: unicode)
      for line in [
        "data zigzag; compare rnn lstm 400", "data recall 8; compare rnn lstm 200 --seeds 3",
      ] {
        text += "minirnn> \(line)\n" + runScript(&s, line)
      }
    }
    assertGolden(text, "compare")
  }

  func testBadInputChangesNothing() {
    var s = makeSession()
    runScript(&s, "data zigzag; forward")
    let before = s.state
    let expected = [
      "compare rnn":
        "compare: expected rnn lstm [EPOCHS] [--seeds K]; usage: compare rnn lstm [EPOCHS] [--seeds K]",
      "compare x y": "unknown model to compare 'x'; accepted: rnn, lstm",
      "compare rnn lstm -5":
        "compare epochs: -5 is out of range; accepted: a whole number from 1 to 1,000,000,000",
      "compare lstm rnn":
        "compare: expected the two models in the order rnn lstm; usage: compare rnn lstm [EPOCHS] [--seeds K]",
      "compare rnn lstm 0":
        "compare epochs: 0 is out of range; accepted: a whole number from 1 to 1,000,000,000",
      "compare rnn lstm --seeds 0":
        "compare --seeds: 0 is out of range; accepted: a whole number from 1 to 100",
      "compare rnn lstm --seeds":
        "compare: expected a number of seeds after --seeds; usage: compare rnn lstm [EPOCHS] [--seeds K]",
      "compare rnn lstm 5 6":
        "compare: expected rnn lstm [EPOCHS] [--seeds K]; usage: compare rnn lstm [EPOCHS] [--seeds K]",
    ]
    for (line, error) in expected {
      XCTAssertEqual(s.mustFail(line), error, line)
      XCTAssertEqual(s.state, before, line)
    }
    var empty = makeSession()
    empty.state.dataset = nil
    XCTAssertEqual(
      empty.mustFail("compare rnn lstm 10"),
      "compare: no data set is loaded; type 'data slopes' or 'data zigzag'")
  }
}
