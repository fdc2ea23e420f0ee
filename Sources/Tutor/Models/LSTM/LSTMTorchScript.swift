import RNN

/// `export torch FILE [--train [EPOCHS]] [--force]` while `model lstm` is on: the session's
/// LSTM as a standalone PyTorch script, built on `torch.nn.LSTM(1, 1)` in float64, that
/// prints every number `print` shows for it (the gates, c_t, h_t, ŷ, the loss and the 14
/// gradients) and, with `--train`, §3.1's loop and the final parameters.
enum LSTMTorchScript {
  /// Runs `export torch` with the words after `torch`.
  static func export(_ args: [String], session: Session) throws(CommandError) -> String {
    let (arguments, training) = try TorchScript.arguments(args, session.state)
    if let training {
      try session.requireTargetsPerStep(
        session.state.activeLSTM.model.loss, in: training.data, command: "export torch --train")
    }
    return try TorchScript.write(
      script(session.state, training: training), arguments, session, model: "model lstm",
      training: training, LSTMState.self)
  }

  /// The script for `state` (whose model is the LSTM).
  static func script(_ state: SessionState, training: (data: Dataset, epochs: Int)?) -> String {
    let lstm = state.activeLSTM
    let w = lstm.model.weights
    let loss = lstm.model.loss
    let targets = TorchScript.everyStepTargets(state, loss)
    let backward = state.target != nil && (!loss.readsEveryStep || targets != nil)
    let names = TorchScript.printedNames(
      backward: backward, values: "h[1], c[1], i[1], …, yhat", gradients: "loss, i.wx.g, …")
    var text = TorchScript.headerComment(
      summary:
        "model lstm, seed \(state.seed), data set \(state.dataset?.name ?? "none"), lr \(python(lstm.learningRate))",
      rebuilds: [
        "It rebuilds the scalar LSTM as torch.nn.LSTM(input_size=1, hidden_size=1) with a",
        "read-out torch.nn.Linear(1, 1), in float64 on the CPU, and prints each value as",
      ], names: names,
      training: training.map {
        "train \($0.epochs); print i.wx, …, by   (from the session as exported)"
      })
    text += torchPrelude + definitions + (loss.readsEveryStep ? everyStepLossDefinition : "")
    text += "\n\n"
    text += "# The session's 14 parameters (minirnn's names), input x_1..x_n"
    text += backward ? " and target y.\n" : ".\n"
    text += "w = {\n"
    for p in LSTMParameter.allCases { text += "    \"\(p.rawValue)\": \(python(w[p])),\n" }
    text += "}\n"
    text += "x = \(pythonList(state.inputs))\n"
    text += "cell, readout = lstm_model(w)\n"
    text += TorchScript.passBanner(backward: backward)
    if loss.readsEveryStep {
      // A loss at every step reads ŷ_t = wy·h_t + by at every t.
      text += "y_hats = lstm_forward(cell, readout, x, show_steps=True, every_step=True)\n"
      text += "y_hat = y_hats[-1]\n"
      text += "show(\"yhat\", y_hat)\n"
    } else {
      text += "y_hat = lstm_forward(cell, readout, x, show_steps=True)\n"
      text += "show(\"yhat\", y_hat)\n"
    }
    if let ys = targets {
      text += "ys = \(pythonList(ys))\n"
      text += "loss = \(everyStepLossCall("y_hats", "ys", loss))\n"
      text += "show(\"loss\", loss)\n"
      text += "loss.backward()\n"
      text += "show_parameters(cell, readout, suffix=\".g\")\n"
    } else if let y = state.target, !loss.readsEveryStep {
      text += "y = \(python(y))\n"
      text += "loss = 0.5 * (y - y_hat) ** 2   # Eq. 1\n"
      text += "show(\"loss\", loss)\n"
      text += "loss.backward()\n"
      text += "show_parameters(cell, readout, suffix=\".g\")\n"
    }
    if let training {
      let g = lstm.model.gradients
      text += TorchScript.trainingPreamble(
        training.data, epochs: training.epochs, learningRate: lstm.learningRate,
        from: TorchScript.fromHeldGradients, LSTMState.self)
      text += "cell, readout = lstm_model(w)\n"
      text += "held = {\n"
      for p in LSTMParameter.allCases { text += "    \"\(p.rawValue)\": \(python(g[p])),\n" }
      text += "}\n"
      text += "for name, parameter in parameters(cell, readout):\n"
      text += "    parameter.grad = torch.tensor(held[name], dtype=torch.float64)\n"
      text += "samples = \(pythonSamples(training.data, perStep: loss.readsEveryStep))\n"
      text += "lr = \(python(lstm.learningRate))\n"
      let every =
        loss.readsEveryStep ? ", every_step=\"\(loss == .everyMean ? "mean" : "sum")\"" : ""
      text += "train_lstm(cell, readout, samples, epochs=\(training.epochs), lr=lr\(every))\n"
      text += "show_parameters(cell, readout)\n"
    }
    return text
  }

  /// The Python functions every LSTM script defines.
  static let definitions = """
    GATES = ["i", "f", "g", "o"]  # nn.LSTM's row order in weight_ih_l0 and weight_hh_l0


    def lstm_model(w):
        \"\"\"nn.LSTM(1, 1) and nn.Linear(1, 1) holding minirnn's 14 parameters.

        PyTorch keeps two biases per gate, bias_ih and bias_hh, whose sum is minirnn's one
        bias: bias_ih holds it and bias_hh is fixed at 0, so each gradient is minirnn's.
        \"\"\"
        cell = torch.nn.LSTM(input_size=1, hidden_size=1, dtype=torch.float64)
        readout = torch.nn.Linear(1, 1, dtype=torch.float64)
        with torch.no_grad():
            for row, gate in enumerate(GATES):
                cell.weight_ih_l0[row, 0] = w[gate + ".wx"]
                cell.weight_hh_l0[row, 0] = w[gate + ".wh"]
                cell.bias_ih_l0[row] = w[gate + ".b"]
                cell.bias_hh_l0[row] = 0.0
            readout.weight[0, 0] = w["wy"]
            readout.bias[0] = w["by"]
        cell.bias_hh_l0.requires_grad_(False)
        return cell, readout


    def parameters(cell, readout):
        \"\"\"(minirnn's name, a view of the tensor entry holding it) for the 14 parameters.\"\"\"
        found = []
        for row, gate in enumerate(GATES):
            found += [(gate + ".wx", (cell.weight_ih_l0, (row, 0))),
                      (gate + ".wh", (cell.weight_hh_l0, (row, 0))),
                      (gate + ".b", (cell.bias_ih_l0, (row,)))]
        found += [("wy", (readout.weight, (0, 0))), ("by", (readout.bias, (0,)))]
        return [(name, Entry(tensor, index)) for name, (tensor, index) in found]


    class Entry:
        \"\"\"One number of a parameter tensor, with its gradient, as minirnn names it.\"\"\"

        def __init__(self, tensor, index):
            self.tensor, self.index = tensor, index

        @property
        def grad(self):
            return None if self.tensor.grad is None else self.tensor.grad[self.index]

        @grad.setter
        def grad(self, value):
            if value is None:
                self.tensor.grad = None
                return
            if self.tensor.grad is None:
                self.tensor.grad = torch.zeros_like(self.tensor)
            self.tensor.grad[self.index] = value

        def __isub__(self, step):
            self.tensor[self.index] -= step
            return self


    def lstm_forward(cell, readout, x, show_steps=False, every_step=False):
        \"\"\"Runs nn.LSTM one timestep at a time (h_0 = c_0 = 0) and returns yhat = wy*h_n + by.

        With show_steps, prints h[t] and c[t] from nn.LSTM and the four gates, recomputed
        from the cell's own weights as nn.LSTM's documentation defines them. With every_step
        (a loss at every step), returns the list yhat_t = wy*h_t + by for t = 1..n.
        \"\"\"
        outputs = []
        h = torch.zeros(1, 1, 1, dtype=torch.float64)
        c = torch.zeros(1, 1, 1, dtype=torch.float64)
        for t, value in enumerate(x, start=1):
            step = torch.tensor([[[value]]], dtype=torch.float64)
            if show_steps:
                with torch.no_grad():
                    z = (cell.weight_ih_l0[:, 0] * value + cell.bias_ih_l0
                         + cell.weight_hh_l0[:, 0] * h[0, 0, 0] + cell.bias_hh_l0)
                    for row, gate in enumerate(GATES):
                        act = torch.tanh(z[row]) if gate == "g" else torch.sigmoid(z[row])
                        show(f"{gate}[{t}]", act)
            _, (h, c) = cell(step, (h, c))
            if show_steps:
                show(f"h[{t}]", h[0, 0, 0])
                show(f"c[{t}]", c[0, 0, 0])
            if every_step:
                outputs.append(readout(h[0, 0]).squeeze())
        return outputs if every_step else readout(h[0, 0]).squeeze()


    def train_lstm(cell, readout, samples, epochs, lr, every_step=None):
        \"\"\"Section 3.1's loop: every epoch, every sample in order: forward, backward, update, zero.

        Stops, as minirnn's 'train' does, when a parameter or the loss stops being finite, and
        keeps the last finite parameters. every_step="sum" or "mean" is a loss at every step,
        each sample's target then a list y_1..y_n.
        \"\"\"
        for epoch in range(1, epochs + 1):
            for sample, (xs, target) in enumerate(samples, start=1):
                y_hat = lstm_forward(cell, readout, xs, every_step=every_step is not None)
                if every_step is None:
                    loss = 0.5 * (target - y_hat) ** 2
                else:
                    loss = every_step_loss(y_hat, target, mean=every_step == "mean")
                loss.backward()
                with torch.no_grad():
                    entries = parameters(cell, readout)
                    before = [float(entry.tensor[entry.index]) for _, entry in entries]
                    for _, entry in entries:
                        entry -= lr * entry.grad
                    for _, entry in entries:
                        entry.grad = None
                    after = [float(entry.tensor[entry.index]) for _, entry in entries]
                    if not (math.isfinite(float(loss)) and all(map(math.isfinite, after))):
                        for (_, entry), old in zip(entries, before):
                            entry.tensor[entry.index] = old
                        print(f"diverged at epoch {epoch}, sample {sample}")
                        return


    def show_parameters(cell, readout, suffix=""):
        \"\"\"Prints each parameter (or with suffix '.g' its gradient) as minirnn names it.\"\"\"
        for name, entry in parameters(cell, readout):
            show(name + suffix, entry.grad if suffix else entry.tensor[entry.index])
    """
}
