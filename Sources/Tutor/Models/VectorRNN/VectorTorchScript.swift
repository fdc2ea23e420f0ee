import RNN

/// `export torch FILE [--train [EPOCHS]] [--force]` while `model rnn K` is on: the session's
/// vector RNN as a standalone PyTorch script, built on `torch.nn.RNN(1, K)` and
/// `torch.nn.Linear(K, 1)` in float64, that prints every hₜ, ŷₜ, the loss and every gradient
/// as `print` names them and, with `--train`, §3.1's loop and the final parameters.
enum VectorTorchScript {
  /// Runs `export torch` with the words after `torch`.
  static func export(_ args: [String], session: Session) throws(CommandError) -> String {
    let state = session.state
    let (arguments, training) = try TorchScript.arguments(args, state)
    if let data = training?.data,
      let refusal = state.activeVector.trainingRefusal(data, command: "export torch --train")
    {
      throw refusal
    }
    return try TorchScript.write(
      script(state, training: training), arguments, session,
      model: "model rnn \(state.activeVector.size)", training: training, VectorState.self)
  }

  /// The script for `state` (whose model is the vector RNN): a forward pass over the
  /// session's input and, when the loss has its targets, the loss and a backward pass from
  /// zero gradients.
  static func script(_ state: SessionState, training: (data: Dataset, epochs: Int)?) -> String {
    let vector = state.activeVector
    let m = vector.model
    let k = vector.size
    let targets = try? vector.targets(in: state).get()
    let backward = targets != nil
    let names = TorchScript.printedNames(
      backward: backward, values: "h[1], yhat[1], …, yhat", gradients: "loss, W_xh.g, …")
    var text = TorchScript.headerComment(
      summary: sessionSummary(state),
      rebuilds: [
        "It rebuilds the vector RNN as torch.nn.RNN(1, \(k)) with a read-out torch.nn.Linear(\(k), 1),",
        "in float64 on the CPU, and prints each value as",
      ], names: names,
      training: training.map {
        "train \($0.epochs); print W_xh, W_hh, b, w_y, c   (from the session as exported)"
      })
    text += torchPrelude + definitions + "\n\n"
    text += parameterCode(state, targets: targets)
    text += TorchScript.passBanner(backward: backward)
    text += forwardCode
    if let targets { text += backwardCode(targets) }
    if let training {
      text += TorchScript.trainingPreamble(
        training.data, epochs: training.epochs, learningRate: vector.learningRate,
        from: TorchScript.fromHeldGradients, VectorState.self)
      text += "cell, readout = vector_model(w)\n"
      text += "set_gradients(cell, readout, \(parameterDictionary(m.gradients)))\n"
      text += "samples = \(samples(training.data, m))\n"
      text += "lr = \(python(vector.learningRate))\n"
      text +=
        "train_vector(cell, readout, samples, epochs=\(training.epochs), lr=lr, biases=\(m.trainsBiases ? "True" : "False"))\n"
      text += "show_parameters(cell, readout)\n"
    }
    return text
  }

  /// `model rnn 2, activation tanh, loss every, train bias on, seed 0, data set echo, lr
  /// 0.1`: the session a script or notebook comes from.
  static func sessionSummary(_ state: SessionState) -> String {
    let vector = state.activeVector
    let m = vector.model
    return
      "model rnn \(vector.size), activation \(m.activation.word), loss \(m.loss.words), train bias \(m.trainsBiases ? "on" : "off"), seed \(state.seed), data set \(state.dataset?.name ?? "none"), lr \(python(vector.learningRate))"
  }

  /// The script's settings, the session's parameters, input and (when the loss has them)
  /// targets, and the model built from them.
  static func parameterCode(_ state: SessionState, targets: [Double]?) -> String {
    let vector = state.activeVector
    let m = vector.model
    var text = "K = \(vector.size)\n"
    text += "ACTIVATION = \"\(m.activation.word)\"  # phi in h_t = phi(a_t)\n"
    text += "LOSS = \"\(lossWord(m.loss))\"  # \(lossComment(m.loss))\n"
    text += "\n# The session's parameters (minirnn's names), input x_1..x_n"
    text += targets != nil ? " and the targets the loss reads.\n" : ".\n"
    text += "w = \(parameterDictionary(m.weights))\n"
    text += "x = \(pythonList(state.inputs))\n"
    return text + "cell, readout = vector_model(w)\n"
  }

  /// The forward pass over x, printing every h_t and yhat_t.
  static let forwardCode = "h, y_hat = vector_forward(cell, readout, x)\nshow_steps(h, y_hat)\n"

  /// The loss against `targets` and the backward pass from zero gradients, printing the loss
  /// and every gradient.
  static func backwardCode(_ targets: [Double]) -> String {
    """
    y = \(pythonList(targets))
    loss = vector_loss(y_hat, y)
    show("loss", loss)
    loss.backward()
    show_parameters(cell, readout, suffix=".g")

    """
  }

  /// `{"W_xh": […], "W_hh": [[…], …], "b": […], "w_y": […], "c": …}`: minirnn's blocks as
  /// Python literals that read back as the very same doubles.
  static func parameterDictionary(_ w: VectorWeights) -> String {
    let rows = w.recurrentRows.map { "        \(pythonList($0)),\n" }.joined()
    return """
      {
          "W_xh": \(pythonList(w.wxh)),
          "W_hh": [
      \(rows)    ],
          "b": \(pythonList(w.b)),
          "w_y": \(pythonList(w.wy)),
          "c": \(python(w.c)),
      }
      """
  }

  /// `[(x_1..x_n, targets), …]`: each sample with the targets this model's loss reads (one
  /// per step for a loss at every step, y alone for the last).
  static func samples(_ data: Dataset, _ m: VectorRNN) -> String {
    "["
      + data.samples.map { sample in
        "(\(pythonList(sample.inputs)), \(pythonList(m.targets(of: sample) ?? [sample.target])))"
      }.joined(separator: ", ") + "]"
  }

  /// The script's word for the loss (a Python identifier-like string).
  static func lossWord(_ loss: LossReadout) -> String {
    switch loss {
    case .last: "last"
    case .every: "every"
    case .everyMean: "every_mean"
    }
  }

  /// What the loss is, for the comment beside `LOSS`.
  static func lossComment(_ loss: LossReadout) -> String {
    switch loss {
    case .last: "L = 1/2 (y - yhat_n)^2, Eq. 1 on the last output"
    case .every: "L = sum_t 1/2 (y_t - yhat_t)^2, a loss at every step"
    case .everyMean: "L = (1/n) sum_t 1/2 (y_t - yhat_t)^2, a loss at every step, its mean"
    }
  }

  /// The Python functions every vector RNN script defines; they read the globals `K`,
  /// `ACTIVATION` and `LOSS`.
  static let definitions = """
    def vector_model(w):
        \"\"\"nn.RNN(1, K) and nn.Linear(K, 1) holding minirnn's parameters.

        nn.RNN keeps two biases, bias_ih and bias_hh, which always add: bias_ih holds minirnn's
        b and bias_hh is fixed at 0, so bias_ih's gradient is b.g. nn.RNN knows tanh and
        relu; for the identity it only holds the tensors (vector_forward runs that by hand).
        \"\"\"
        nonlinearity = "tanh" if ACTIVATION == "identity" else ACTIVATION
        cell = torch.nn.RNN(1, K, nonlinearity=nonlinearity, bias=True, dtype=torch.float64)
        readout = torch.nn.Linear(K, 1, dtype=torch.float64)
        with torch.no_grad():
            cell.weight_ih_l0.copy_(torch.tensor(w["W_xh"], dtype=torch.float64).reshape(K, 1))
            cell.weight_hh_l0.copy_(torch.tensor(w["W_hh"], dtype=torch.float64))
            cell.bias_ih_l0.copy_(torch.tensor(w["b"], dtype=torch.float64))
            cell.bias_hh_l0.zero_()
            readout.weight.copy_(torch.tensor([w["w_y"]], dtype=torch.float64))
            readout.bias.fill_(w["c"])
        cell.bias_hh_l0.requires_grad_(False)
        return cell, readout


    def tensors(cell, readout):
        \"\"\"minirnn's five blocks: W_xh, W_hh, b, w_y, c.\"\"\"
        return [cell.weight_ih_l0, cell.weight_hh_l0, cell.bias_ih_l0, readout.weight, readout.bias]


    def parameters(cell, readout):
        \"\"\"(minirnn's name, tensor, index) for every parameter, in the order print lists them.\"\"\"
        found = [(f"W_xh[{i + 1}]", cell.weight_ih_l0, (i, 0)) for i in range(K)]
        found += [(f"W_hh[{i + 1},{j + 1}]", cell.weight_hh_l0, (i, j))
                  for i in range(K) for j in range(K)]
        found += [(f"b[{i + 1}]", cell.bias_ih_l0, (i,)) for i in range(K)]
        found += [(f"w_y[{i + 1}]", readout.weight, (0, i)) for i in range(K)]
        return found + [("c", readout.bias, (0,))]


    def vector_forward(cell, readout, x):
        \"\"\"h_1..h_n (the rows of an n x K tensor, from h_0 = 0) and yhat_1..yhat_n:
        a_t = W_xh x_t + W_hh h_(t-1) + b,  h_t = phi(a_t),  yhat_t = w_y . h_t + c.\"\"\"
        if ACTIVATION == "identity":
            # nn.RNN has no identity nonlinearity: the recurrence by hand, with its tensors,
            # each a_t summed in minirnn's order (input, units 1..K of h_(t-1), bias).
            h_t = torch.zeros(K, dtype=torch.float64)
            rows = []
            for x_t in x:
                a_t = cell.weight_ih_l0[:, 0] * x_t
                for j in range(K):
                    a_t = a_t + cell.weight_hh_l0[:, j] * h_t[j]
                h_t = a_t + cell.bias_ih_l0  # h_t = phi(a_t) = a_t; bias_hh is 0
                rows.append(h_t)
            h = torch.stack(rows)
        else:
            steps = torch.tensor(x, dtype=torch.float64).reshape(len(x), 1)
            h, _ = cell(steps)  # unbatched: steps is n x 1, h is n x K
        return h, readout(h).squeeze(1)


    def vector_loss(y_hat, y):
        \"\"\"The session's loss (LOSS) of the outputs yhat_1..yhat_n against its targets y.\"\"\"
        if LOSS == "last":
            d = y[-1] - y_hat[-1]  # Eq. 1 on yhat_n alone: L = 1/2 (y - yhat_n)^2
            return 0.5 * (d * d)
        d = torch.tensor(y, dtype=torch.float64) - y_hat
        total = (0.5 * (d * d)).sum()  # L = sum_t 1/2 (y_t - yhat_t)^2
        return total if LOSS == "every" else total / len(y)  # every mean: divided by n


    def set_gradients(cell, readout, g):
        \"\"\"Puts gradients already accumulated (minirnn's blocks, as in w) into .grad.\"\"\"
        for tensor, name in zip(tensors(cell, readout), ["W_xh", "W_hh", "b", "w_y", "c"]):
            tensor.grad = torch.tensor(g[name], dtype=torch.float64).reshape(tensor.shape)
        cell.bias_hh_l0.grad = None


    def train_vector(cell, readout, samples, epochs, lr, biases):
        \"\"\"Section 3.1's loop: every epoch, every sample (x, targets) in order: forward,
        backward, update, zero. b and c move only when biases is True ('train bias on').

        Stops, as minirnn's 'train' does, when a trained parameter or the loss stops being
        finite, and keeps the last finite parameters.
        \"\"\"
        every = tensors(cell, readout)
        trained = every if biases else [cell.weight_ih_l0, cell.weight_hh_l0, readout.weight]
        for epoch in range(1, epochs + 1):
            for sample, (x, y) in enumerate(samples, start=1):
                _, y_hat = vector_forward(cell, readout, x)
                loss = vector_loss(y_hat, y)
                loss.backward()
                with torch.no_grad():
                    before = [tensor.clone() for tensor in trained]
                    for tensor in trained:
                        tensor -= lr * tensor.grad
                    for tensor in every:
                        tensor.grad.zero_()
                    finite = all(bool(torch.isfinite(tensor).all()) for tensor in trained)
                    if not (math.isfinite(float(loss)) and finite):
                        for tensor, old in zip(trained, before):
                            tensor.copy_(old)
                        print(f"diverged at epoch {epoch}, sample {sample}")
                        return


    def show_steps(h, y_hat):
        \"\"\"Prints h[t][i] and yhat[t] for every timestep, then yhat = yhat_n.\"\"\"
        for t in range(1, len(y_hat) + 1):
            for i in range(1, K + 1):
                show(f"h[{t}][{i}]", h[t - 1, i - 1])
            show(f"yhat[{t}]", y_hat[t - 1])
        show("yhat", y_hat[-1])


    def show_parameters(cell, readout, suffix=""):
        \"\"\"Prints each parameter (or with suffix '.g' its gradient) as minirnn names it.\"\"\"
        for name, tensor, index in parameters(cell, readout):
            show(name + suffix, (tensor.grad if suffix else tensor)[index])
    """
}

extension CommandTable {
  /// `export` for the vector RNN: its PyTorch script and notebook, and every model's
  /// transcript and SVG.
  static let vectorExportCommand = modelExport(
    VectorState.self,
    summary:
      "write a picture as SVG, the session as Markdown, or the vector RNN as a PyTorch script or notebook",
    details: """
      export torch FILE [--train [EPOCHS]] writes a Python script that rebuilds the vector RNN
      as torch.nn.RNN(1, K) with torch.nn.Linear(K, 1) in float64 and prints h_t, yhat_t, the
      loss and every gradient as 'print' does; --train adds the training loop and its final
      parameters. export notebook FILE.ipynb writes the same script as a Jupyter notebook:
      what the model is, a cell each for its parameters, the forward pass and the backward
      pass, and the values minirnn gives for them. export svg FILE [PICTURE] draws unroll,
      flow, plot or plot loss (PICTURE: unroll, flow, plot or loss).
      """,
    example: "export torch vector.py",
    pictures: [.unroll, .flow, .plot, .loss],
    notebook: .written(by: VectorNotebook.export),
    torch: VectorTorchScript.export)
}
