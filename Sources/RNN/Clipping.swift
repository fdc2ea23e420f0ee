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
    let included = { (p: Parameter) in includingBiases || !p.isBias }
    let norm = gradients.norm(where: included)
    let factor = maxNorm / (norm + 1e-6)
    guard factor < 1 else { return nil }
    self.norm = norm
    self.maxNorm = maxNorm
    self.factor = factor
    var clipped = gradients
    clipped.scale(by: factor, where: included)
    self.clipped = clipped
  }

  /// √(w₁.g² + w₂.g² + w₃.g²).
  public static func norm(_ g: Gradients) -> Double { g.norm(where: { !$0.isBias }) }

  /// √(w₁.g² + w₂.g² + w₃.g² + b.g² + c.g²), when the biases are trained.
  public static func normIncludingBiases(_ g: Gradients) -> Double { g.norm() }
}
