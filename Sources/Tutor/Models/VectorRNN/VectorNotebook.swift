import RNN

/// `export notebook FILE.ipynb [--force]` while `model rnn K` is on: `VectorTorchScript`'s
/// script as a Jupyter notebook (nbformat 4, written by `Notebook.json`), one code cell for
/// each of its parts with a few words before it, and minirnn's own values at the end.
///
/// Unlike the article's RNN's notebook it does not replay the session: it recomputes the
/// session as it is now, a forward pass and, when the loss has its targets, the loss and a
/// backward pass from zero gradients, as `export torch` does.
enum VectorNotebook {
  /// Runs `export notebook` with the words after `notebook`.
  static func export(_ args: [String], session: Session) throws(CommandError) -> String {
    let arguments = try Notebook.arguments(args)
    let state = session.state
    let cells = cells(state)
    let vector = state.activeVector
    return try Notebook.write(
      Notebook.json(
        cells,
        metadata: [
          ("model", vector.word), ("activation", vector.model.activation.word),
          ("loss", vector.model.loss.words), ("seed", String(state.seed)),
        ]), arguments, session,
      contents: "the vector RNN (model rnn \(vector.size), loss \(vector.model.loss.words))",
      pythonCells: cells.filter { $0.command != nil }.count)
  }

  /// The notebook's cells for `state` (whose model is the vector RNN): what it is, the
  /// script's parts, each after a Markdown cell that says what it does, and minirnn's values.
  static func cells(_ state: SessionState) -> [Notebook.Cell] {
    let vector = state.activeVector
    let targets = vector.targets(in: state)
    let found = try? targets.get()
    var cells = [Notebook.Cell(kind: .markdown, source: introduction(state, targets: targets))]
    func add(_ words: String, _ code: String, command: String? = nil) {
      cells.append(Notebook.Cell(kind: .markdown, source: words))
      cells.append(Notebook.Cell(kind: .code, source: code, command: command))
    }
    add(
      """
      ## The imports and the functions

      `show` prints a value the way minirnn's `print NAME` does. `vector_model` puts the \
      session's parameters into `nn.RNN(1, K)` and `nn.Linear(K, 1)`; `vector_forward` runs \
      the recurrence over the input and `vector_loss` measures the outputs against the \
      targets.
      """, torchPrelude + VectorTorchScript.definitions)
    add(
      """
      ## The session's parameters

      W_xh, W_hh, b, w_y and c as minirnn holds them (each number reads back as the same \
      double), the input\(found == nil ? "" : " and the targets"), and the model built \
      from them.
      """, VectorTorchScript.parameterCode(state, targets: found))
    add(
      """
      ## The forward pass

      Each hₜ from hₜ₋₁, starting at h₀ = 0, and the output ŷₜ read from it; \
      `yhat` is the last output, ŷₙ.
      """, VectorTorchScript.forwardCode, command: "forward")
    if let found {
      add(
        """
        ## The loss and the backward pass

        The loss, then autograd's backward pass from zero gradients: the gradient of the \
        loss with respect to every parameter, which minirnn's BPTT accumulates in `.g`.
        """, VectorTorchScript.backwardCode(found), command: "zero; forward; backward")
    }
    cells.append(Notebook.Cell(kind: .markdown, source: comparison(state, targets: found)))
    return cells
  }

  /// The first cell: the model, φ, the loss, the data, and PyTorch's part in it.
  private static func introduction(
    _ state: SessionState, targets: Result<[Double], CommandError>
  ) -> String {
    let vector = state.activeVector
    let m = vector.model
    let k = vector.size
    let n = state.inputs.count
    let sample =
      state.dataset.flatMap { data in
        state.sampleIndex.map { " (sample \($0 + 1) of the data set \(data.name))" }
      } ?? ""
    let reads: String
    switch targets {
    case .success(let ys):
      reads = "the loss reads \(Parse.counted(ys.count, "target"))"
    case .failure(let why):
      reads =
        "the loss has no targets to read (\(why)), so the notebook runs the forward pass alone"
    }
    return """
      # The vector RNN of a minirnn session, in PyTorch

      Written by minirnn \(minirnnVersion) with `export notebook`, from a session with \
      \(VectorTorchScript.sessionSummary(state)).

      The model (beyond the article) is an RNN whose memory is a vector of K = \(k) \
      unit\(k == 1 ? "" : "s"), with one input and one output:

      - \(VectorEquationName.preactivation.summary)
      - \(VectorEquationName.hidden.summary), with φ = \(m.activation.word)
      - \(VectorEquationName.output.summary)
      - the loss (`loss \(m.loss.words)`): \(m.loss.formula)

      The data: the input x₁…xₙ has n = \(n) value\(n == 1 ? "" : "s")\(sample); \(reads).

      PyTorch's `torch.nn.RNN` runs the same recurrence: its documentation (the page \
      "RNN" of PyTorch's `torch.nn` reference) writes it hₜ = tanh(W_ih xₜ + b_ih + W_hh hₜ₋₁ + \
      b_hh), with ReLU in place of tanh for `nonlinearity='relu'`. Here W_ih is W_xh, b_ih is \
      b, b_hh stays 0, and `nn.Linear(K, 1)` is the read-out w_y, c. The cells below run it \
      in float64 on the CPU and print each value as minirnn's `print NAME` does; the last \
      cell lists minirnn's own values to compare them with. It needs PyTorch \
      (`python3 -m pip install torch`).
      """
  }

  /// The last cell: minirnn's values for the same pass, as `print` writes them.
  private static func comparison(_ state: SessionState, targets: [Double]?) -> String {
    let commands = TorchScript.printedNames(
      backward: targets != nil, values: "h[1][1], …, yhat", gradients: "loss, W_xh[1].g, …")
    let lines = values(state, targets: targets).map { "\($0.name) = \(plainNumber($0.value))" }
    return """
      ## What minirnn gives

      For the same session, `\(commands)` in minirnn gives these values. PyTorch adds the \
      terms of each sum in another order, so the printed values above may differ from \
      them in the last digit or two (about 1e-12 of the largest term).

      ```text
      \(lines.joined(separator: "\n"))
      ```
      """
  }

  /// minirnn's values for the pass the notebook recomputes, named as `print` names them:
  /// every hₜ's units and ŷₜ, ŷₙ, and with `targets` the loss and every gradient of a
  /// backward pass from zero.
  static func values(_ state: SessionState, targets: [Double]?) -> [(
    name: String, value: Double
  )] {
    let m = state.activeVector.model
    let pass = m.forward(state.inputs)
    var found: [(name: String, value: Double)] = []
    for step in pass.steps {
      found += step.h.indices.map { ("h[\(step.t)][\($0 + 1)]", step.h[$0]) }
      found.append(("yhat[\(step.t)]", step.output))
    }
    if let yhat = pass.prediction { found.append(("yhat", yhat)) }
    guard let targets else { return found }
    var gradients = m.weights.zeroed
    var back = m.startBackward(pass, targets: targets)
    back.run(accumulatingInto: &gradients)
    found.append(("loss", back.lossValue))
    return found + m.weights.names.map { ("\($0.name).g", gradients[$0]) }
  }
}
