import RNN
import XCTest

@testable import Tutor

/// `export torch` for `model rnn K`: what the script holds, read from the session, and what
/// the export refuses. Running it with real PyTorch is Tests/Torch/check_export.py's job.
final class VectorExportTests: XCTestCase {
  /// The script of a randomized K = 3 with φ = relu and a loss at every step.
  private func exported(_ setup: String, _ command: String = "export torch v.py") -> (
    Session, String
  ) {
    let files = MemoryFiles()
    var s = makeSession(files: files)
    s.must(setup)
    s.must(command)
    return (s, files["v.py"] ?? "")
  }

  func testTheScriptHoldsTheSessionsParametersInputAndTargets() throws {
    let (s, script) = exported(
      "seed 4; model rnn 3; randomize; activation relu; loss every; data echo 1")
    let vector = s.state.activeVector
    let w = vector.model.weights
    let lines = script.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    XCTAssertEqual(
      lines.dropFirst().first,
      "# model rnn 3, activation relu, loss every, train bias on, seed 4, data set echo, lr 0.1.")
    for line in [
      "K = 3", "ACTIVATION = \"relu\"  # phi in h_t = phi(a_t)",
      "LOSS = \"every\"  # L = sum_t 1/2 (y_t - yhat_t)^2, a loss at every step",
      "    \"W_xh\": [\(w.wxh.map(\.description).joined(separator: ", "))],",
      "    \"b\": [\(w.b.map(\.description).joined(separator: ", "))],",
      "    \"w_y\": [\(w.wy.map(\.description).joined(separator: ", "))],",
      "    \"c\": \(w.c.description),",
      "x = [\(s.state.inputs.map(\.description).joined(separator: ", "))]",
      "y = [\(try vector.targets(in: s.state).get().map(\.description).joined(separator: ", "))]",
    ] {
      XCTAssertTrue(lines.contains(line), "missing line: \(line)")
    }
    // W_hh row by row: row i is W_hh[i,1] … W_hh[i,K].
    for i in 0..<3 {
      let row = (0..<3).map { w.recurrent(i, $0).description }.joined(separator: ", ")
      XCTAssertTrue(lines.contains("        [\(row)],"), "row \(i + 1) of W_hh")
    }
    XCTAssertTrue(
      script.contains(
        "torch.nn.RNN(1, K, nonlinearity=nonlinearity, bias=True, dtype=torch.float64)"))
    XCTAssertTrue(script.contains("torch.nn.Linear(K, 1, dtype=torch.float64)"))
    XCTAssertTrue(script.contains("cell.bias_hh_l0.zero_()"))
    XCTAssertTrue(script.contains("loss.backward()\nshow_parameters(cell, readout, suffix=\".g\")"))
    XCTAssertFalse(script.contains("\ntrain_vector(cell"), "no training without --train")
  }

  func testEachLossAndTheIdentityAreSaidInTheScript() throws {
    let (s, last) = exported("model rnn 2; activation identity; input 0.5 -1; target 0.25")
    XCTAssertTrue(last.contains("ACTIVATION = \"identity\""))
    XCTAssertTrue(
      last.contains(
        "# nn.RNN has no identity nonlinearity: the recurrence by hand, with its tensors,"))
    XCTAssertTrue(
      last.contains("LOSS = \"last\"  # L = 1/2 (y - yhat_n)^2, Eq. 1 on the last output"))
    XCTAssertEqual(try s.state.activeVector.targets(in: s.state).get(), [0.25])
    XCTAssertTrue(last.contains("\ny = [0.25]\n"), "the last loss reads y alone")
    let (_, mean) = exported("model rnn 2; loss every mean; input 0.5 -1; target 0.25 0.75")
    XCTAssertTrue(mean.contains("LOSS = \"every_mean\"  # L = (1/n) sum_t"))
    XCTAssertTrue(mean.contains("\ny = [0.25, 0.75]\n"))
    XCTAssertTrue(mean.contains("return total if LOSS == \"every\" else total / len(y)"))
  }

  func testWithoutTargetsTheScriptRunsTheForwardPassAlone() {
    let (s, script) = exported("model rnn 2; loss every; input 0.5 -1 0.25")
    guard case .failure = s.state.activeVector.targets(in: s.state) else {
      return XCTFail("the session has no target per step")
    }
    XCTAssertTrue(script.contains("print(\"forward pass:\")"))
    XCTAssertTrue(script.contains("#   forward; print h[1], yhat[1], …, yhat\n"))
    XCTAssertFalse(script.contains("\nloss.backward()\n"), "no backward pass")
  }

  func testTrainWritesTheLoopWithHeldGradientsAndTheBiasSetting() {
    let setup =
      "seed 2; model rnn 2; randomize; loss every; data next; set lr 0.05; train bias off; forward; backward"
    let (s, script) = exported(setup, "export torch v.py --train 25")
    XCTAssertEqual(
      s.transcript.last?.output,
      "wrote v.py with a PyTorch script of this session (model rnn 2, training 25 epochs); run it with: python3 v.py\n"
    )
    XCTAssertTrue(
      script.contains(
        "train_vector(cell, readout, samples, epochs=25, lr=lr, biases=False)\nshow_parameters(cell, readout)\n"
      ))
    XCTAssertTrue(script.contains("print(\"training 25 epochs on next, lr 0.05:\")"))
    // The gradients the backward pass left: train's first update uses them.
    let g = s.state.activeVector.model.gradients
    XCTAssertNotEqual(g, g.zeroed)
    XCTAssertTrue(
      script.contains("    \"W_xh\": [\(g.wxh.map(\.description).joined(separator: ", "))],"))
    XCTAssertTrue(script.contains("    \"c\": \(g.c.description),\n})"))
    // Each sample with its target at every step.
    let data = s.state.dataset!
    let first = data.samples[0]
    let sample =
      "([\(first.inputs.map(\.description).joined(separator: ", "))], [\(first.targets!.map(\.description).joined(separator: ", "))])"
    XCTAssertTrue(script.contains("samples = [\(sample), "), sample)
  }

  func testRefusalsSayWhyAndWriteNothing() {
    let files = MemoryFiles()
    var s = makeSession(files: files)
    s.must("model rnn 2")
    let before = s.state
    let failing: [(String, String)] = [
      (
        "export notebook n.ipynb",
        "export notebook does not apply to the vector RNN: a notebook's PyTorch cells are written for the article's RNN only; 'export torch FILE' writes this model's script; type 'model part2' for Part 2's trainable RNN"
      ),
      ("export pytorch x.py", "unknown export 'pytorch'; accepted: svg, transcript, torch"),
      (
        "export",
        "export: expected svg, transcript or torch; usage: export svg|transcript|torch FILE [OPTIONS]"
      ),
      (
        "export torch",
        "export torch: expected a file name, e.g. export torch session.py; usage: export torch FILE [--train [EPOCHS]] [--force]"
      ),
      (
        "export svg u.svg landscape",
        "export svg landscape does not apply to the vector RNN: its pictures are 'unroll', 'flow', 'plot' and 'plot loss'; type 'model part2' for Part 2's trainable RNN"
      ),
    ]
    for (command, error) in failing {
      XCTAssertEqual(s.mustFail(command), error, command)
    }
    s.must("loss every; data slopes")
    let loaded = s.state
    XCTAssertEqual(
      s.mustFail("export torch t.py --train 10"),
      "export torch --train: loss every needs a target at every step, and slopes has one per sample; 'data echo' or 'data next' has them, or 'loss last'"
    )
    XCTAssertEqual(
      s.mustFail("train 10"),
      "train: loss every needs a target at every step, and slopes has one per sample; 'data echo' or 'data next' has them, or 'loss last'"
    )
    XCTAssertEqual(s.state, loaded)
    XCTAssertNotEqual(before, loaded)
    XCTAssertEqual(files.files, [:], "nothing was written")
  }

  func testExportLeavesTheSessionAsItWas() {
    let files = MemoryFiles()
    var s = makeSession(files: files)
    s.must("seed 3; model rnn 4; randomize; loss every; data echo 2; step 3; set lr 0.2")
    let before = s.state
    s.must("export torch a.py; export torch b.py --train 5; export transcript t.md")
    s.must("plot; export svg p.svg")
    XCTAssertEqual(s.state.activeVector, before.activeVector)
    XCTAssertEqual(s.state.inputs, before.inputs)
    XCTAssertEqual(s.state.targets, before.targets)
    XCTAssertEqual(s.state.activeVector.forward?.t, 3, "the forward pass in progress is kept")
    XCTAssertEqual(Set(files.files.keys), ["a.py", "b.py", "t.md", "p.svg"])
  }
}
