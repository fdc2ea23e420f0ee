/// A place where the article's text or code differs from the correct math.
///
/// Each erratum says what is wrong, where in the article, what the printed code does and
/// what the math says, and whether article mode reproduces it.
public struct Erratum: Identifiable, Sendable, Equatable {
  /// 1-based number, stable: lessons and equations refer to errata by it.
  public let id: Int
  /// A short title.
  public let title: String
  /// Where in the article: a section or equation number.
  public let location: String
  /// What the article prints or its code does.
  public let printed: String
  /// What the math says instead.
  public let correct: String
  /// Where minirnn computes the printed behaviour, if anywhere.
  public let reproducedBy: Reproduction

  /// Where an erratum can be seen running.
  public enum Reproduction: String, Sendable, Equatable {
    /// `mode article` computes it; `mode exact` computes the correction.
    case articleMode = "mode article"
    /// `model part1` always runs Part 1's code as printed.
    case part1Model = "model part1"
    /// A slip in the text only: the printed code is right, so both modes agree.
    case textOnly = "text only"
    /// About Python's class attributes; minirnn explains it but does not emulate it.
    case explainedOnly = "explained, not emulated"
  }

  /// Every erratum, in order.
  public static let all: [Erratum] = [
    Erratum(
      id: 1, title: "w3 never trains", location: "§3, backward",
      printed:
        "backward stores ∂L/∂w₃ in self.w3g, a new attribute, not in self.w3.g; w3.g stays 0, so the update w3 -= w3.g·lr never moves w3",
      correct: "∂L/∂w₃ = h_n·∂L/∂ŷ is added to w₃'s gradient and w₃ trains like w₁ and w₂",
      reproducedBy: .articleMode),
    Erratum(
      id: 2, title: "mse is ¼ not ½", location: "§2.1, mse",
      printed:
        "mse(x, y) = ((x − y)/2)² = ¼·(ŷ − y)²; training never calls it (d_mse drives the updates), so only the loss shown is affected",
      correct: "Eq. 1: L = ½·(y − ŷ)²", reproducedBy: .articleMode),
    Erratum(
      id: 3, title: "Eq. 4 has the wrong sign", location: "Eq. 4",
      printed: "∂L/∂ŷ = y − ŷ",
      correct: "∂L/∂ŷ = ŷ − y, which is what d_mse(x, y) = x − y computes, so the code is right",
      reproducedBy: .textOnly),
    Erratum(
      id: 4, title: "∂ŷ/∂h_n is w₃, not w₂", location: "§2.5",
      printed: "∂ŷ/∂h_n = w₂",
      correct: "ŷ = h_n·w₃ (Eq. 2), so ∂ŷ/∂h_n = w₃; the code (d_h = w3·loss_g) is right",
      reproducedBy: .textOnly),
    Erratum(
      id: 5, title: "§2.5's indices", location: "§2.5",
      printed:
        "h_{t+1} = ReLU(h_t·w₂ + x_3·w₁) and ∂h_{t+1}/∂h_t = ReLU′(h_t)·w₂",
      correct:
        "h_{t+1} = ReLU(w₁·x_{t+1} + w₂·h_t) and ∂h_{t+1}/∂h_t = ReLU′(a_{t+1})·w₂; the code's d_relu(h[i+1]) is this",
      reproducedBy: .textOnly),
    Erratum(
      id: 6, title: "class attributes are shared", location: "§3, MiniRnn",
      printed:
        "weights and h are class attributes, so a second MiniRnn() starts from the first one's trained weights (the in-place -= changes the shared tensors)",
      correct: "each model owns its weights; in minirnn each session has its own model",
      reproducedBy: .explainedOnly),
    Erratum(
      id: 7, title: "Part 1's relu is abs", location: "Part 1 code (opening of the article)",
      printed: "relu = abs(l1): the activation is the absolute value",
      correct: "ReLU(x) = max(x, 0) (§2.4); `model part1` runs abs, as printed",
      reproducedBy: .part1Model),
  ]
}
