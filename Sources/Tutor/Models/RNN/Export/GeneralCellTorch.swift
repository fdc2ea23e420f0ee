import RNN

/// The generalised scalar cell in PyTorch (beyond the article): h_t = φ(w1·x_t + w2·h_{t−1} + b),
/// ŷ = w3·h_n + c, with φ one of torch's relu, tanh, abs or the identity, and autograd for
/// every gradient. b and c require gradients, and train, only with `train bias on`.
struct GeneralCellTorch: TorchModelCode {
  var activation: Activation
  var trainsBiases: Bool
  var truncation: Int? = nil
  var clipNorm: Double? = nil
  /// Which outputs the loss reads (every ŷ_t = w3·h_t + c: beyond the article).
  var lossReadout: LossReadout = .last
  var readsEveryStep: Bool { lossReadout.readsEveryStep }

  var definitions: String {
    """
    CELL_ACTIVATIONS = {
        "relu": torch.relu,
        "tanh": torch.tanh,
        "abs": torch.abs,  # Part 1's activation; its gradient at 0 is 0, as minirnn's
        "identity": lambda a: a,
    }


    def cell_forward(w1, w2, w3, b, c, x, activation, keep=None):
        \"\"\"The generalised cell (beyond the article): h_t = phi(w1*x_t + w2*h_(t-1) + b) for
        t = 1..n, then y_hat = w3*h_n + c. keep=K detaches h at t = n - K ('truncate K').\"\"\"
        phi = CELL_ACTIVATIONS[activation]
        h = [scalar(0.0)]
        for t, x_t in enumerate(x, start=1):
            a_t = w1 * x_t + w2 * h[-1] + b
            h.append(phi(a_t))
            if keep is not None and t == len(x) - keep:
                h[-1] = h[-1].detach()
        return h, w3 * h[-1] + c


    def cell_loss(y_hat, y):
        \"\"\"Eq. 1: L = 1/2 * (y - y_hat)**2.\"\"\"
        d = y - y_hat
        return 0.5 * (d * d)


    def cell_train(w, trained, data, epochs, lr, activation, keep=None, clip=None):
        \"\"\"Section 3.1's loop for the generalised cell: w = [w1, w2, w3, b, c]; the tensors in
        `trained` are updated (b and c only with 'train bias on'), and clip=C clips their
        gradients' norm together. Stops, as minirnn does, at a non-finite loss or weight.\"\"\"
        for epoch in range(1, epochs + 1):
            for sample, (x, y) in enumerate(data, start=1):
                h, y_hat = cell_forward(*w, x, activation, keep=keep)
                loss = \(readsEveryStep ? everyStepLossCall("[w[2] * h_t + w[4] for h_t in h[1:]]", "y", lossReadout) : "cell_loss(y_hat, y)")
                loss.backward()
    \(torchUpdate("trained"))

    """ + (readsEveryStep ? everyStepLossDefinition : "")
  }

  /// The parameters that require gradients: w1, w2, w3, and b, c when they train.
  private var trainedNames: [String] {
    ["w1", "w2", "w3"] + (trainsBiases ? ["b", "c"] : [])
  }

  private func tensors(_ w: Weights, requiresGrad: Bool) -> String {
    Parameter.allCases.map { name in
      let grad = requiresGrad && trainedNames.contains(name.rawValue)
      return "\(name.rawValue) = scalar(\(python(w[name]))\(grad ? ", requires_grad=True" : ""))\n"
    }.joined()
  }

  private var arguments: String {
    ", activation=\"\(activation.word)\"" + keepArgument(truncation)
  }

  func forward(_ pass: TorchPass) -> String {
    tensors(pass.weights, requiresGrad: pass.backward)
      + "x = \(pythonList(pass.inputs))\nh, y_hat = cell_forward(w1, w2, w3, b, c, x\(arguments))\n"
  }

  var loss: String {
    readsEveryStep
      ? "loss = \(everyStepLossCall("[w3 * h_t + c for h_t in h[1:]]", "ys", lossReadout))\nshow(\"loss\", loss)\n"
      : "loss = cell_loss(y_hat, y)\nshow(\"loss\", loss)\n"
  }

  private func startingGradients(_ g: Gradients) -> String {
    guard g != .zero else { return "" }
    return "# minirnn had gradients accumulated already; .grad accumulates onto them the same way\n"
      + trainedNames.map { "\($0).grad = scalar(\(python(g[Parameter(rawValue: $0)!])))\n" }
      .joined()
  }

  func backward(_ pass: TorchPass) -> String? {
    startingGradients(pass.gradients)
      + "loss.backward()  # autograd: dL/dw1, dL/dw2, dL/dw3\(trainsBiases ? ", dL/db, dL/dc" : "") into .grad\n"
      + trainedNames.map { "show(\"\($0).g\", \($0).grad)\n" }.joined()
  }

  func training(_ run: TorchTraining) -> String? {
    var code = tensors(run.weights, requiresGrad: true)
    code += startingGradients(run.gradients)
    code += pythonData(run.data, perStep: readsEveryStep)
    let clip = clipArgument(clipNorm)
    code +=
      "cell_train([w1, w2, w3, b, c], [\(trainedNames.joined(separator: ", "))], data, epochs=\(run.epochs), lr=\(python(run.learningRate))\(arguments)\(clip))\n"
    code += Parameter.allCases.map { "show(\"\($0.rawValue)\", \($0.rawValue))\n" }.joined()
    return code
  }
}
