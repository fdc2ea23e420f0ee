/// |∂L/∂h_t| for one sample at the weights a training run passed through: for each kept
/// epoch of the run's `WeightPath`, the whole backward pass of §2.5 from zero gradients,
/// recomputed on a copy of the model. It shows, epoch by epoch, how far back in time the
/// gradient still reaches (vanishing gradients, beyond the article).
///
/// Nothing is recorded while training runs, so `train` pays nothing for it.
public struct GradientHistory: Equatable, Sendable {
  /// One kept epoch: ∂L/∂h_1…∂L/∂h_n at the weights after it (index t − 1).
  public struct Column: Equatable, Sendable {
    public let epoch: Int
    public let hiddenGradients: [Double]
  }

  /// Oldest first; the start (epoch 0) and the last kept epoch are always among them.
  public let columns: [Column]
  /// The sequence length n.
  public let length: Int

  /// The gradients at up to `most` of `path`'s points, spread evenly over the run.
  public init(
    model: MiniRnn, path: WeightPath, inputs: [Double], target: Double, most: Int = 120
  ) {
    let points = path.points
    var picked: [Int] = []
    if points.count <= most {
      picked = Array(points.indices)
    } else if most >= 2 {
      let spacing = Double(points.count - 1) / Double(most - 1)
      picked = (0..<most).map { Int((Double($0) * spacing).rounded()) }
    }
    var probe = model
    columns = picked.map { i in
      probe.weights = points[i].weights
      probe.gradients = .zero
      let flow = GradientFlow(model: probe, inputs: inputs, target: target)
      var gradients = [Double](repeating: 0, count: inputs.count)
      for step in flow.steps { gradients[step.t - 1] = step.hiddenGradient }
      return Column(epoch: points[i].epoch, hiddenGradients: gradients)
    }
    length = inputs.count
  }
}
