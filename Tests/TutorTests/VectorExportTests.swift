import Foundation
import RNN
import XCTest

@testable import Tutor

/// `export torch` and `export notebook` for `model rnn K`: what the script and notebook hold,
/// read from the session, and what the export refuses. Running them with real PyTorch is
/// Tests/Torch/check_export.py's job.
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

  func testTheNotebookHoldsTheScriptsPartsInOrderAndMinirnnsValues() throws {
    let setup = "seed 4; model rnn 3; randomize; activation relu; loss every; data echo 1"
    let files = MemoryFiles()
    var s = makeSession(files: files)
    s.must(setup)
    s.must("export notebook v.ipynb")
    XCTAssertEqual(
      s.transcript.last?.output,
      "wrote v.ipynb with a notebook of the vector RNN (model rnn 3, loss every), 2 PyTorch cells; open it in Jupyter and choose Run All\n"
    )
    let text = try XCTUnwrap(files["v.ipynb"])
    let json = try XCTUnwrap(
      try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    XCTAssertEqual(json["nbformat"] as? Int, 4)
    let metadata = try XCTUnwrap(json["metadata"] as? [String: Any])
    let ours = try XCTUnwrap(metadata[Notebook.metadataKey] as? [String: String])
    XCTAssertEqual(ours["model"], "rnn 3")
    XCTAssertEqual(ours["activation"], "relu")
    XCTAssertEqual(ours["loss"], "every")
    let cells = try XCTUnwrap(json["cells"] as? [[String: Any]])
    let kinds = cells.map { $0["cell_type"] as? String ?? "" }
    XCTAssertEqual(
      kinds,
      [
        "markdown", "markdown", "code", "markdown", "code", "markdown", "code", "markdown", "code",
        "markdown",
      ])
    let sources = cells.map { $0["source"] as? String ?? "" }
    let commands = cells.map { ($0["metadata"] as? [String: String])?["minirnn_command"] }
    XCTAssertEqual(
      commands, [nil, nil, nil, nil, nil, nil, "forward", nil, "zero; forward; backward", nil])

    // What it is: the model, K, φ, the loss, the data, and PyTorch's nn.RNN by name.
    for words in [
      "vector of K = 3 units", "hₜ = φ(aₜ), with φ = relu", "(`loss every`): L = ∑ₜ ½(yₜ − ŷₜ)²",
      "n = 8 values (sample 1 of the data set echo); the loss reads 8 targets",
      "PyTorch's `torch.nn.RNN`", "the page \"RNN\" of PyTorch's `torch.nn` reference",
    ] {
      XCTAssertTrue(sources[0].contains(words), "the introduction lacks: \(words)")
    }
    // The script's parts, each a cell of its own, in the script's order.
    let state = s.state
    let targets = try state.activeVector.targets(in: state).get()
    XCTAssertEqual(sources[2], torchPrelude + VectorTorchScript.definitions)
    XCTAssertEqual(sources[4], VectorTorchScript.parameterCode(state, targets: targets))
    XCTAssertEqual(sources[6], VectorTorchScript.forwardCode)
    XCTAssertEqual(sources[8], VectorTorchScript.backwardCode(targets))
    let script = VectorTorchScript.script(state, training: nil)
    var position = script.startIndex
    for part in [4, 6, 8] {
      let found = try XCTUnwrap(
        script.range(of: sources[part], range: position..<script.endIndex),
        "cell \(part + 1) is the script's next part")
      position = found.upperBound
    }
    XCTAssertFalse(sources.joined().contains("\ntrain_vector(cell"), "no training loop")

    // The last cell: minirnn's own values, from a pass over a copy from zero gradients.
    var copy = s
    copy.must("zero; forward; backward")
    let m = copy.state.activeVector
    let pass = try XCTUnwrap(m.forward)
    let last = sources[9]
    for (t, step) in pass.steps.enumerated() {
      for i in 0..<3 {
        XCTAssertTrue(last.contains("\nh[\(t + 1)][\(i + 1)] = \(plainNumber(step.h[i]))\n"))
      }
      XCTAssertTrue(last.contains("\nyhat[\(t + 1)] = \(plainNumber(step.output))\n"))
    }
    let loss = try XCTUnwrap(m.backward?.lossValue)
    XCTAssertTrue(last.contains("\nloss = \(plainNumber(loss))\n"))
    for p in m.model.weights.names {
      XCTAssertTrue(
        last.contains("\n\(p.name).g = \(plainNumber(m.model.gradients[p]))\n"), p.name)
    }
    XCTAssertEqual(VectorNotebook.values(state, targets: targets).count, 8 * 4 + 1 + 1 + 3 * 6 + 1)
  }

  func testWithoutTargetsTheNotebookHasNoBackwardCell() throws {
    let files = MemoryFiles()
    var s = makeSession(files: files)
    s.must("model rnn 2; activation identity; loss every; input 0.5 -1 0.25")
    s.must("export notebook v.ipynb")
    let json = try XCTUnwrap(
      try JSONSerialization.jsonObject(with: Data(try XCTUnwrap(files["v.ipynb"]).utf8))
        as? [String: Any])
    let sources = try XCTUnwrap(json["cells"] as? [[String: Any]]).map {
      $0["source"] as? String ?? ""
    }
    XCTAssertEqual(sources.count, 8)
    XCTAssertTrue(sources[0].contains("so the notebook runs the forward pass alone"))
    XCTAssertFalse(sources.joined().contains("\nloss.backward()\n"), "no backward pass")
    XCTAssertTrue(sources[7].contains("`forward; print h[1][1], …, yhat`"))
    XCTAssertFalse(sources[7].contains("\nloss = "))
  }

  func testRefusalsSayWhyAndWriteNothing() {
    let files = MemoryFiles()
    var s = makeSession(files: files)
    s.must("model rnn 2")
    let before = s.state
    let failing: [(String, String)] = [
      (
        "export notebook n.py",
        "export notebook: 'n.py' does not end in .ipynb, the name Jupyter opens; e.g. export notebook session.ipynb; usage: export notebook FILE.ipynb [--force]"
      ),
      (
        "export pytorch x.py",
        "unknown export 'pytorch'; accepted: svg, transcript, torch, notebook"
      ),
      (
        "export",
        "export: expected svg, transcript, torch or notebook; usage: export svg|transcript|torch|notebook FILE [OPTIONS]"
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
    s.must("plot; export svg p.svg; export notebook n.ipynb")
    XCTAssertEqual(s.state.activeVector, before.activeVector)
    XCTAssertEqual(s.state.inputs, before.inputs)
    XCTAssertEqual(s.state.targets, before.targets)
    XCTAssertEqual(s.state.activeVector.forward?.t, 3, "the forward pass in progress is kept")
    XCTAssertEqual(Set(files.files.keys), ["a.py", "b.py", "t.md", "p.svg", "n.ipynb"])
  }
}
