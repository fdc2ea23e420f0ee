import RNN

/// What one pass of an exported program computes: a forward pass over `inputs` and, when
/// there is a target, the loss and a backward pass that adds into `gradients`.
struct TorchPass: Equatable, Sendable {
  var weights: Weights
  /// The accumulated gradients before the pass (they accumulate until zeroed, as `.grad`
  /// does in PyTorch).
  var gradients: Gradients
  var inputs: [Double]
  var target: Double?
  /// False for a forward pass alone.
  var backward: Bool
  /// y_1…y_n for a loss at every step (nil for Eq. 1's, or when the session has none).
  var targets: [Double]? = nil
}

/// What an exported training run does: §3.1's loop from these weights and gradients.
struct TorchTraining: Equatable, Sendable {
  var weights: Weights
  var gradients: Gradients
  var data: Dataset
  var epochs: Int
  var learningRate: Double
}

/// The PyTorch code for one model: the definitions it needs once per program, then the code
/// for each thing a session does with it.
///
/// Each model minirnn runs has one conformance (`MiniRnn.torchCode` picks it), so a new cell
/// brings its export with it. Every value the code prints is a line `NAME = VALUE`, with the
/// names and the shortest round-trip form of minirnn's `print`.
protocol TorchModelCode: Sendable {
  /// Python defining this model's functions or classes; names differ between models, so one
  /// notebook can define several.
  var definitions: String { get }
  /// Python that sets up the weights of `pass` and runs its forward pass over the list `x`,
  /// leaving the hidden states in `h` (h[t] for t = 1…n) and ŷ in `y_hat`.
  func forward(_ pass: TorchPass) -> String
  /// Python that prints the loss of `y_hat` against `y`.
  var loss: String { get }
  /// Python that runs the backward pass of `pass` and prints the gradients; nil for a model
  /// without one.
  func backward(_ pass: TorchPass) -> String?
  /// Python that trains and prints the final weights; nil when the model never trains.
  func training(_ run: TorchTraining) -> String?
  /// Whether `loss` reads every ŷ_t (against the list `ys`), not ŷ_n alone.
  var readsEveryStep: Bool { get }
}

extension TorchModelCode {
  /// Python that runs `pass` and prints h_t, ŷ, the loss and (after a backward pass) the
  /// gradients.
  func pass(_ pass: TorchPass) -> String {
    var code = forward(pass)
    code += "for t in range(1, \(pass.inputs.count) + 1):\n    show(f\"h[{t}]\", h[t])\n"
    code += "show(\"yhat\", y_hat)\n"
    guard let y = pass.target, !readsEveryStep || pass.targets != nil else { return code }
    code += "y = \(python(y))\n"
    if readsEveryStep, let ys = pass.targets { code += "ys = \(pythonList(ys))\n" }
    code += loss
    guard pass.backward, let backward = backward(pass) else { return code }
    return code + backward
  }
}

extension TorchModelCode {
  var readsEveryStep: Bool { false }
}

extension MiniRnn {
  /// The PyTorch code that computes what this model computes.
  var torchCode: any TorchModelCode {
    switch (architecture, mode) {
    case (.part1, _): Part1Torch(mode: mode)
    case (.part2, .exact) where !isArticleCell:
      GeneralCellTorch(
        activation: activation, trainsBiases: trainsBiases, truncation: truncation,
        clipNorm: clipNorm, lossReadout: loss)
    case (.part2, .exact):
      Part2ExactTorch(truncation: truncation, clipNorm: clipNorm, lossReadout: loss)
    case (.part2, .article): Part2ArticleTorch()
    case (.part2, .text): Part2TextTorch(truncation: truncation, clipNorm: clipNorm)
    }
  }
}

/// Python that every exported program starts with: imports and the `show` helper.
let torchPrelude = """
  import math

  import torch


  def show(name, value):
      \"\"\"Prints one value as minirnn's 'print NAME' does: the shortest form that reads back.\"\"\"
      if isinstance(value, torch.Tensor):
          value = value.detach()
      print(f"{name} = {float(value)!r}")


  def scalar(value, requires_grad=False):
      \"\"\"A float64 tensor holding one number.\"\"\"
      return torch.tensor(value, dtype=torch.float64, requires_grad=requires_grad)


  """

// MARK: Part 2, exact mode

/// The Python that ends each sample's step in an exported training loop, over the tensors
/// the list `parameters` names: clip their gradients' norm when `clip` is given, update and
/// zero them, and stop at a non-finite loss or weight with the last finite weights kept, as
/// minirnn's `train` does. Indented for the body of `for sample …` inside `for epoch …`.
func torchUpdate(_ parameters: String) -> String {
  """
              if clip is not None:
                  torch.nn.utils.clip_grad_norm_(\(parameters), clip)
              with torch.no_grad():
                  before = [float(v) for v in \(parameters)]
                  for v in \(parameters):
                      v -= v.grad * lr
                      v.grad.zero_()
                  if not (math.isfinite(float(loss)) and all(math.isfinite(float(v)) for v in \(parameters))):
                      for v, old in zip(\(parameters), before):
                          v.fill_(old)
                      print(f"diverged at epoch {epoch}, sample {sample}")
                      return
  """
}

/// Part 2's MiniRnn with the correct math of Eq. 1–3: autograd computes every gradient.
struct Part2ExactTorch: TorchModelCode {
  /// Truncated BPTT's K and the clipping norm, beyond the article; nil when off.
  var truncation: Int? = nil
  var clipNorm: Double? = nil
  /// Which outputs the loss reads (every ŷ_t: beyond the article).
  var lossReadout: LossReadout = .last
  var readsEveryStep: Bool { lossReadout.readsEveryStep }

  var definitions: String {
    """
    def forward(w1, w2, w3, x, keep=None):
        \"\"\"Eq. 3 for t = 1..n, then Eq. 2. Returns the hidden states (h[0] = 0) and y_hat.

        keep=K is truncated BPTT (beyond the article): h at t = n - K is detached, so the
        gradient goes back only K timesteps, as minirnn's 'truncate K' does.
        \"\"\"
        h = [scalar(0.0)]
        for t, x_t in enumerate(x, start=1):
            a_t = w1 * x_t + w2 * h[-1]  # the pre-activation a_t = w1*x_t + w2*h_(t-1)
            h.append(torch.relu(a_t))  # Eq. 3: h_t = ReLU(a_t)
            if keep is not None and t == len(x) - keep:
                h[-1] = h[-1].detach()
        return h, w3 * h[-1]  # Eq. 2: y_hat = w3*h_n


    def half_squared_error(y_hat, y):
        \"\"\"Eq. 1: L = 1/2 * (y - y_hat)**2.\"\"\"
        d = y - y_hat
        return 0.5 * (d * d)


    def train(w, data, epochs, lr, keep=None, clip=None, gradients=None):
        \"\"\"Section 3.1's loop: every epoch, every sample in order: forward, backward, update, zero.

        Stops, as minirnn's 'train' does, when a weight or the loss stops being finite, and
        keeps the last finite weights. keep=K truncates BPTT and clip=C clips the gradients'
        norm before each update (both beyond the article, as 'truncate' and 'clip' do);
        gradients=f computes the gradients with f instead of autograd (mode text).
        \"\"\"
        for epoch in range(1, epochs + 1):
            for sample, (x, y) in enumerate(data, start=1):
                h, y_hat = forward(*w, x, keep=keep)
                loss = \(readsEveryStep ? everyStepLossCall("[w[2] * h_t for h_t in h[1:]]", "y", lossReadout) : "half_squared_error(y_hat, y)")
                if gradients is None:
                    loss.backward()  # autograd adds dL/dw into each w.grad
                else:
                    gradients(*w, x, h, y_hat, y, keep=keep)
    \(torchUpdate("w"))

    """ + (readsEveryStep ? everyStepLossDefinition : "")
  }

  func forward(_ pass: TorchPass) -> String {
    weightTensors(pass.weights, requiresGrad: pass.backward)
      + "x = \(pythonList(pass.inputs))\nh, y_hat = forward(w1, w2, w3, x\(keepArgument(truncation)))\n"
  }

  var loss: String {
    readsEveryStep
      ? "loss = \(everyStepLossCall("[w3 * h_t for h_t in h[1:]]", "ys", lossReadout))\nshow(\"loss\", loss)\n"
      : "loss = half_squared_error(y_hat, y)\nshow(\"loss\", loss)\n"
  }

  func backward(_ pass: TorchPass) -> String? {
    startingGradients(pass.gradients)
      + "loss.backward()  # autograd: dL/dw1, dL/dw2, dL/dw3 into .grad\n"
      + Weight.allCases.map { "show(\"\($0.rawValue).g\", \($0.rawValue).grad)\n" }.joined()
  }

  func training(_ run: TorchTraining) -> String? {
    var code = weightTensors(run.weights, requiresGrad: true)
    code += startingGradients(run.gradients)
    code += pythonData(run.data, perStep: readsEveryStep)
    let clip = clipArgument(clipNorm)
    code +=
      "train([w1, w2, w3], data, epochs=\(run.epochs), lr=\(python(run.learningRate))\(keepArgument(truncation))\(clip))\n"
    code += showWeights("w1", "w2", "w3")
    return code
  }

  /// `w1 = scalar(…)` for each weight.
  private func weightTensors(_ w: Weights, requiresGrad: Bool) -> String {
    Weight.allCases.map { name in
      "\(name.rawValue) = scalar(\(python(w[name]))\(requiresGrad ? ", requires_grad=True" : ""))\n"
    }.joined()
  }

  /// Seeds `.grad` with the session's accumulated gradients when any is non-zero.
  private func startingGradients(_ g: Gradients) -> String {
    guard g != .zero else { return "" }
    return "# minirnn had gradients accumulated already; .grad accumulates onto them the same way\n"
      + Weight.allCases.map { "\($0.rawValue).grad = scalar(\(python(g[$0])))\n" }.joined()
  }
}

// MARK: Part 2, article mode

/// Part 2's MiniRnn as the article prints it: its own backward, with the `w3g` slip
/// (erratum 1) and the ¼ `mse` (erratum 2). Autograd on Eq. 1 runs beside it for contrast.
struct Part2ArticleTorch: TorchModelCode {
  var definitions: String {
    """
    # The article's Part 2 code (sections 2.1, 2.4 and 3), bugs included, on float64 tensors.

    def mse(x, y):
        return ((x - y) / 2) ** 2  # erratum 2: a quarter of the squared error; Eq. 1 has 1/2


    def d_mse(x, y):
        return x - y  # dL/dy_hat = y_hat - y (Eq. 4 prints y - y_hat: erratum 3)


    def relu(x):
        return max(x, 0)  # Python's max: the int 0 when x <= 0


    def d_relu(x):
        return x > 0


    def article_rnn(start_w1, start_w2, start_w3):
        \"\"\"A fresh printed MiniRnn, with the session's weights where the article has torch.rand(1).\"\"\"

        class MiniRnn:
            # Erratum 6: the weights and h are class attributes, shared by every MiniRnn().
            w1 = torch.tensor([start_w1], dtype=torch.float64)  # W_xh
            w2 = torch.tensor([start_w2], dtype=torch.float64)  # W_hh
            w3 = torch.tensor([start_w3], dtype=torch.float64)  # W_hy
            w1.g, w2.g, w3.g = 0.0, 0.0, 0.0
            X = None
            h = {0: torch.tensor([0.0], dtype=torch.float64)}

            def forward(self, X):
                self.X = X
                for i, x in enumerate(X):
                    self.h[i + 1] = relu(self.w1 * x + self.w2 * self.h[i])
                    y = self.w3 * self.h[i + 1]
                return y

            def backward(self, loss_g):
                n = len(self.X)
                # Erratum 1: meant for self.w3.g; w3.g stays 0.0, so w3 never trains.
                self.w3g = self.h[n] * loss_g
                d_h = self.w3 * loss_g
                for i in reversed(range(n)):
                    tmp = d_h * d_relu(self.h[i + 1])
                    self.w2.g += tmp * self.h[i]
                    self.w1.g += tmp * self.X[i]
                    d_h = tmp * self.w2

            def zero_grads(self):
                self.w1.g, self.w2.g, self.w3.g = 0.0, 0.0, 0.0

        return MiniRnn()


    def train_as_printed(rnn, data, epochs, lr):
        \"\"\"Section 3.1's loop as printed, plus minirnn's stop when a weight or the loss is not finite.\"\"\"
        for epoch in range(1, epochs + 1):
            for sample, (x, y) in enumerate(data, start=1):
                y_hat = rnn.forward(x)
                d_loss = d_mse(y_hat, y)
                before = [float(rnn.w1), float(rnn.w2), float(rnn.w3)]
                rnn.backward(d_loss)
                rnn.w1 -= rnn.w1.g * lr
                rnn.w2 -= rnn.w2.g * lr
                rnn.w3 -= rnn.w3.g * lr
                rnn.zero_grads()
                weights = [float(rnn.w1), float(rnn.w2), float(rnn.w3)]
                if not (math.isfinite(float(mse(y_hat, y))) and all(math.isfinite(v) for v in weights)):
                    for w, old in zip([rnn.w1, rnn.w2, rnn.w3], before):
                        w.fill_(old)
                    print(f"diverged at epoch {epoch}, sample {sample}")
                    return

    """
  }

  func forward(_ pass: TorchPass) -> String {
    newRnn(pass.weights, gradients: pass.backward ? pass.gradients : .zero)
      + "x = \(pythonList(pass.inputs))\ny_hat = rnn.forward(x)\nh = rnn.h\n"
  }

  let loss =
    "show(\"loss\", mse(y_hat, y))  # erratum 2: the printed mse, 1/4 of the squared error\n"

  func backward(_ pass: TorchPass) -> String? {
    var code = "rnn.backward(d_mse(y_hat, y))\n"
    code += "show(\"w1.g\", rnn.w1.g)\n"
    code += "show(\"w2.g\", rnn.w2.g)\n"
    code += "show(\"w3.g\", rnn.w3.g)  # erratum 1: still 0.0; the term went to rnn.w3g\n"
    code += """

      # Beside it, PyTorch's autograd on Eq. 1 (1/2 of the squared error): the correct gradients,
      # what minirnn shows in 'mode exact'. Only w3's differs (erratum 1).
      print("autograd, for comparison:")
      v1, v2, v3 = (scalar(float(w), requires_grad=True) for w in (\(python(pass.weights.w1)), \(python(pass.weights.w2)), \(python(pass.weights.w3))))
      v_h = scalar(0.0)
      for x_t in x:
          v_h = torch.relu(v1 * x_t + v2 * v_h)
      v_d = y - v3 * v_h
      (0.5 * (v_d * v_d)).backward()
      show("autograd w1.g", v1.grad)
      show("autograd w2.g", v2.grad)
      show("autograd w3.g", v3.grad)

      """
    return code
  }

  func training(_ run: TorchTraining) -> String? {
    var code = newRnn(run.weights, gradients: run.gradients)
    code += pythonData(run.data)
    code +=
      "train_as_printed(rnn, data, epochs=\(run.epochs), lr=\(python(run.learningRate)))\n"
    code += showWeights("rnn.w1", "rnn.w2", "rnn.w3")
    return code
  }

  /// `rnn = article_rnn(…)`, with the accumulated gradients set when any is non-zero.
  private func newRnn(_ w: Weights, gradients g: Gradients) -> String {
    var code = "rnn = article_rnn(\(python(w.w1)), \(python(w.w2)), \(python(w.w3)))\n"
    if g != .zero {
      code += "# minirnn had gradients accumulated already; the printed backward adds onto them\n"
      code += "rnn.w1.g, rnn.w2.g, rnn.w3.g = \(python(g.w1)), \(python(g.w2)), \(python(g.w3))\n"
    }
    return code
  }
}

// MARK: Part 2, text mode

/// The equations as the article's text prints them (mode text, beyond the article): Eq. 4's
/// y − ŷ (erratum 3), §2.5's ∂ŷ/∂h_n = w₂ (erratum 4) and ∂h_t/∂h_{t−1} = ReLU′(h_{t−1})·w₂
/// (erratum 5), written out by hand: they are not the derivative of anything, so autograd
/// cannot compute them. The forward pass and the loss are Eq. 1–3, as in exact mode.
struct Part2TextTorch: TorchModelCode {
  var truncation: Int? = nil
  var clipNorm: Double? = nil

  var definitions: String {
    Part2ExactTorch().definitions + """
      def backward_as_printed(w1, w2, w3, x, h, y_hat, y, keep=None):
          \"\"\"Section 2's equations exactly as the text prints them, adding into w.grad.\"\"\"
          with torch.no_grad():
              d_y = y - y_hat  # Eq. 4 as printed (erratum 3): the math has y_hat - y
              w3.grad += h[-1] * d_y  # section 2.2
              d_h = w2 * d_y  # section 2.5 as printed (erratum 4): the math has w3
              n = len(x)
              lowest = 1 if keep is None else max(1, n - keep + 1)
              for t in range(n, lowest - 1, -1):
                  tmp = d_h * float(h[t] > 0)  # section 2.3's ReLU'(h_t): the same as at a_t
                  w2.grad += tmp * h[t - 1]
                  w1.grad += tmp * x[t - 1]
                  # section 2.5 as printed (erratum 5): ReLU'(h_(t-1))*w2; the math has ReLU'(a_t)*w2
                  d_h = d_h * float(h[t - 1] > 0) * w2

      """
  }

  private var exact: Part2ExactTorch { Part2ExactTorch() }

  func forward(_ pass: TorchPass) -> String { exact.forward(pass) }

  var loss: String { exact.loss }

  func backward(_ pass: TorchPass) -> String? {
    var code = Weight.allCases.map {
      "\($0.rawValue).grad = scalar(\(python(pass.gradients[$0])))\n"
    }.joined()
    code +=
      "backward_as_printed(w1, w2, w3, x, h, y_hat, y\(keepArgument(truncation)))\n"
    code += Weight.allCases.map { "show(\"\($0.rawValue).g\", \($0.rawValue).grad)\n" }.joined()
    return code
  }

  func training(_ run: TorchTraining) -> String? {
    var code = Weight.allCases.map { name in
      "\(name.rawValue) = scalar(\(python(run.weights[name])), requires_grad=True)\n"
    }.joined()
    code += Weight.allCases.map {
      "\($0.rawValue).grad = scalar(\(python(run.gradients[$0])))\n"
    }.joined()
    code += pythonData(run.data)
    let keep = keepArgument(truncation)
    let clip = clipArgument(clipNorm)
    code +=
      "train([w1, w2, w3], data, epochs=\(run.epochs), lr=\(python(run.learningRate))\(keep)\(clip), gradients=backward_as_printed)\n"
    code += showWeights("w1", "w2", "w3")
    return code
  }
}

// MARK: Part 1

/// Part 1's pretrained model as printed at the top of the article: abs as the activation
/// (erratum 7) and ŷ rounded to one decimal. Forward only: the article never trains it.
struct Part1Torch: TorchModelCode {
  /// Which loss minirnn reports for it (Part 1 itself has none).
  var mode: Mode

  var definitions: String {
    """
    # Part 1's model (the code at the top of the article), on float64 tensors.

    def lin(x, w, b=0):
        return x * w + b


    def part1_forward(w1, w2, w3, x, b=0.0):
        \"\"\"Part 1's recursive forward, written as a loop. Returns the hidden states and y_hat.\"\"\"
        h = [scalar(0.0)]
        f = 0.0  # the feedback, h_(t-1)*w2
        for x_t in x:
            l1 = lin(x_t, w1, b + f)
            h.append(abs(l1))  # erratum 7: its variable is called relu, but it is abs
            f = h[-1] * w2
        l2 = lin(h[-1], w3, b)
        return h, round(float(l2), 1)  # Python's round, to one decimal

    """
  }

  func forward(_ pass: TorchPass) -> String {
    let w = pass.weights
    return "w1, w2, w3 = \(python(w.w1)), \(python(w.w2)), \(python(w.w3))\n"
      + "x = \(pythonList(pass.inputs))\nh, y_hat = part1_forward(scalar(w1), scalar(w2), scalar(w3), x)\n"
  }

  var loss: String {
    switch mode {
    case .exact, .text:
      "d = y - y_hat\nshow(\"loss\", 0.5 * (d * d))  # Eq. 1 of Part 2; Part 1 has no loss of its own\n"
    case .article:
      "q = (y_hat - y) / 2\nshow(\"loss\", q * q)  # erratum 2: the printed mse, as 'mode article' shows it\n"
    }
  }

  func backward(_ pass: TorchPass) -> String? { nil }

  func training(_ run: TorchTraining) -> String? { nil }
}

// MARK: Python text

/// A Python float expression that reads back as exactly `v` (Swift's shortest form is valid
/// Python for every finite double).
func python(_ v: Double) -> String {
  // Accumulated gradients can overflow; weights, inputs and targets are always finite.
  if v.isNaN { return "math.nan" }
  if v.isInfinite { return v < 0 ? "-math.inf" : "math.inf" }
  return v.description
}

/// `[0.0, 0.5, …]`, ten numbers to a line.
func pythonList(_ values: [Double]) -> String {
  guard values.count > 10 else { return "[" + values.map(python).joined(separator: ", ") + "]" }
  var lines: [String] = []
  var index = 0
  while index < values.count {
    let chunk = values[index..<min(index + 10, values.count)]
    lines.append("    " + chunk.map(python).joined(separator: ", ") + ",")
    index += 10
  }
  return "[\n" + lines.joined(separator: "\n") + "\n]"
}

/// `data = [(x, y), …]  # slopes`: the samples an exported training loop reads; with
/// `perStep`, y is the sample's list of targets y_1…y_n (a loss at every step).
func pythonData(_ data: Dataset, perStep: Bool = false) -> String {
  "data = \(pythonSamples(data, perStep: perStep))  # \(data.name)\n"
}

/// Python defining `every_step_loss(outputs, ys, mean)`: a loss at every step, L = ∑ₜ
/// ½(y_t − ŷ_t)² summed in minirnn's order from t = 1 (`LossReadout.loss`), divided by n for
/// the mean.
let everyStepLossDefinition = """

  def every_step_loss(outputs, ys, mean=False):
      \"\"\"A loss at every step (beyond Eq. 1): L = sum over t of 1/2 * (y_t - y_hat_t)**2 for the
      outputs y_hat_1..y_hat_n, added from t = 1 as minirnn adds them; divided by n with mean=True.\"\"\"
      loss = 0.0
      for y_hat_t, y_t in zip(outputs, ys):
          d = y_t - y_hat_t
          loss = loss + 0.5 * (d * d)
      return loss / len(ys) if mean else loss

  """

/// `every_step_loss(OUTPUTS, YS, mean=True)`: the call of `everyStepLossDefinition`.
func everyStepLossCall(_ outputs: String, _ ys: String, _ loss: LossReadout) -> String {
  "every_step_loss(\(outputs), \(ys)\(loss == .everyMean ? ", mean=True" : ""))"
}

/// `, keep=K` when BPTT is truncated to K timesteps, else nothing.
func keepArgument(_ truncation: Int?) -> String { truncation.map { ", keep=\($0)" } ?? "" }

/// `, clip=C` when the gradients' norm is clipped to C, else nothing.
func clipArgument(_ norm: Double?) -> String { norm.map { ", clip=\(python($0))" } ?? "" }

/// `[(x, y), …]` for a data set; with `perStep`, `[(x, [y_1, …, y_n]), …]`.
func pythonSamples(_ data: Dataset, perStep: Bool = false) -> String {
  "["
    + data.samples.map { s in
      let y = perStep ? pythonList(s.targets ?? [s.target]) : python(s.target)
      return "(\(pythonList(s.inputs)), \(y))"
    }
    .joined(separator: ", ") + "]"
}

/// Prints w1, w2 and w3 from these Python expressions.
private func showWeights(_ w1: String, _ w2: String, _ w3: String) -> String {
  "show(\"w1\", \(w1))\nshow(\"w2\", \(w2))\nshow(\"w3\", \(w3))\n"
}
