/// The article's network: three weights, their accumulated gradients, and which version
/// of the code runs.
///
/// A value type: copying a model copies its weights (unlike the printed class, whose
/// weights are shared class attributes — erratum 6).
public struct MiniRnn: LossReadingModel, Equatable, Sendable {
  /// w₁, w₂, w₃.
  public var weights: Weights
  /// The accumulated gradients, the article's `w1.g`, `w2.g`, `w3.g`.
  public var gradients: Gradients = .zero
  /// Exact math or the printed code (Part 2 only).
  public var mode: Mode
  /// Part 1's fixed model or Part 2's trainable one.
  public var architecture: Architecture
  /// Truncated BPTT: backward goes back this many timesteps (nil: all). Beyond the article.
  public var truncation: Int?
  /// Gradient-norm clipping before each update (nil: none). Beyond the article.
  public var clipNorm: Double?
  /// φ in h_t = φ(a_t) for Part 2: ReLU (Eq. 3) unless changed. Beyond the article when not
  /// ReLU. Part 1's model always applies abs, whatever this says.
  public var activation: Activation = .relu
  /// Whether backward accumulates ∂L/∂b and ∂L/∂c and updates move b and c (`train bias on`;
  /// beyond the article). Off, the biases stay as set, like a PyTorch tensor without
  /// `requires_grad`, and their gradients stay 0.
  public var trainsBiases = false
  /// Which outputs the loss reads: ŷ_n alone (Eq. 1, the article's) or every ŷ_t (beyond the
  /// article: mode exact, no truncation).
  public var loss: LossReadout = .last

  public init(weights: Weights, mode: Mode = .exact, architecture: Architecture = .part2) {
    self.weights = weights
    self.mode = mode
    self.architecture = architecture
  }

  /// Part 1's pretrained model, as printed at the top of the article.
  public static let part1 = MiniRnn(weights: .part1, architecture: .part1)

  /// The activation the forward pass applies: abs for Part 1, `activation` for Part 2.
  public var cellActivation: Activation {
    architecture == .part1 ? .absoluteValue : activation
  }

  /// True for the article's own cell: Part 1's, or Part 2 with ReLU, b = c = 0 and the biases
  /// not trained. Screens and training then run exactly as the article's model does.
  public var isArticleCell: Bool {
    architecture == .part1
      || activation == .relu && weights.b == 0 && weights.c == 0 && !trainsBiases
  }

  /// A forward pass over `inputs` with the current weights, not yet stepped.
  public func startForward(_ inputs: [Double]) -> ForwardPass {
    ForwardPass(
      inputs: inputs, weights: weights, architecture: architecture, activation: cellActivation)
  }

  /// The loss this model reports for a prediction (Eq. 1, or the printed `mse` in article mode).
  public func loss(prediction: Double, target: Double) -> Double {
    mode.loss(prediction: prediction, target: target)
  }

  /// The mean over `data`'s samples of the loss at the current weights: what `forward`
  /// shows sample by sample, and what training's last-epoch mean would be if no weight
  /// moved during the epoch.
  public func meanLoss(on data: Dataset) -> Double {
    RNN.meanLoss(over: data.samples) { s in
      guard self.loss.readsEveryStep else {
        return loss(prediction: predict(s.inputs), target: s.target)
      }
      // A loss at every step needs the sample's target at every step.
      return s.targets.map { loss(inputs: s.inputs, targets: $0) } ?? .nan
    }
  }

  /// A backward pass through `pass` towards `target`, not yet stepped.
  public func startBackward(_ pass: ForwardPass, target: Double) -> BackwardPass {
    BackwardPass(
      forward: pass, target: target, mode: mode, truncation: truncation,
      trainsBiases: trainsBiases)
  }

  /// A backward pass through `pass` with this model's loss: towards `targets`, y_1…y_n for a
  /// loss at every step; for the article's loss only the last is read.
  public func startBackward(_ pass: ForwardPass, targets: [Double]) -> BackwardPass {
    BackwardPass(
      forward: pass, target: targets[targets.count - 1], mode: mode, truncation: truncation,
      trainsBiases: trainsBiases, loss: loss, targets: loss == .last ? nil : targets)
  }

  /// The loss of one sample with this model's loss: Eq. 1 (as the mode computes it) on ŷ_n,
  /// or the sum (mean) over every step towards `targets`.
  public func loss(inputs: [Double], targets: [Double]) -> Double {
    let pass = forward(inputs)
    return self.loss == .last
      ? loss(prediction: pass.prediction!, target: targets[targets.count - 1])
      : self.loss.loss(outputs: pass.outputs, targets: targets)
  }

  /// The targets a sample gives this model's loss: its target at every step, or y alone
  /// (nil when the loss reads every step and the sample has one target).
  public func targets(of sample: Sample) -> [Double]? {
    self.loss.readsEveryStep ? sample.targets : [sample.target]
  }

  /// One gradient-descent step, w −= lr·w.g for each weight (w₃ too: in article mode its
  /// gradient is always 0, so it does not move), and b, c with `trainsBiases`. With
  /// `clipNorm`, the gradients of the trained parameters are first scaled as
  /// `torch.nn.utils.clip_grad_norm_` scales them; the scaling is returned when it changed them.
  @discardableResult
  public mutating func update(learningRate lr: Double) -> Clipping? {
    let clipping = clipNorm.flatMap {
      Clipping(gradients, maxNorm: $0, includingBiases: trainsBiases)
    }
    if let clipping { gradients = clipping.clipped }
    weights.update(by: gradients, learningRate: lr, where: trains)
    return clipping
  }

  /// Whether updates move `parameter`: the weights always, b and c with `trainsBiases`.
  public func trains(_ parameter: Parameter) -> Bool {
    trainsBiases || !parameter.isBias
  }

  /// Draws w₁, w₂, w₃ (in that order) uniformly from [0, 1), as `torch.rand(1)` does; the
  /// biases keep their values (0 unless set).
  public mutating func randomize(using generator: inout SplitMix64) {
    weights = Weights(
      w1: generator.nextUnit(), w2: generator.nextUnit(), w3: generator.nextUnit(),
      b: weights.b, c: weights.c)
  }
}
