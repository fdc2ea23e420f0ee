/// Gradient-norm clipping, as `torch.nn.utils.clip_grad_norm_` does it (PyTorch's
/// documentation of that function): the gradients of all trained weights are one vector; when
/// its 2-norm exceeds `maxNorm`, each is multiplied by maxNorm / (norm + 1e−6). Beyond the
/// article (which never clips).
public struct Clipping: Equatable, Sendable {
  /// The 2-norm of the gradients before clipping, √(w₁.g² + w₂.g² + w₃.g²) (+ b.g² + c.g²
  /// when the biases are trained).
  public let norm: Double
  /// The limit.
  public let maxNorm: Double
  /// maxNorm / (norm + 1e−6), < 1.
  public let factor: Double
  /// The gradients after scaling.
  public let clipped: Gradients

  /// The clipping of `gradients` at `maxNorm`, or nil when their norm is within it (PyTorch
  /// then multiplies by 1, which changes nothing). With `includingBiases` (the biases are
  /// trained), b.g and c.g are part of the vector too.
  public init?(_ gradients: Gradients, maxNorm: Double, includingBiases: Bool = false) {
    let norm = includingBiases ? Self.normIncludingBiases(gradients) : Self.norm(gradients)
    let factor = maxNorm / (norm + 1e-6)
    guard factor < 1 else { return nil }
    self.norm = norm
    self.maxNorm = maxNorm
    self.factor = factor
    clipped = Gradients(
      w1: gradients.w1 * factor, w2: gradients.w2 * factor, w3: gradients.w3 * factor,
      b: includingBiases ? gradients.b * factor : gradients.b,
      c: includingBiases ? gradients.c * factor : gradients.c)
  }

  /// √(w₁.g² + w₂.g² + w₃.g²).
  @inlinable
  public static func norm(_ g: Gradients) -> Double {
    (g.w1 * g.w1 + g.w2 * g.w2 + g.w3 * g.w3).squareRoot()
  }

  /// √(w₁.g² + w₂.g² + w₃.g² + b.g² + c.g²), when the biases are trained.
  @inlinable
  public static func normIncludingBiases(_ g: Gradients) -> Double {
    (g.w1 * g.w1 + g.w2 * g.w2 + g.w3 * g.w3 + g.b * g.b + g.c * g.c).squareRoot()
  }
}
