import Foundation
import LinearAlgebra
import RNN

extension LossReadout {
  /// The loss in symbols, as `loss` and the notebook write it (in Unicode; `Notation`
  /// spells it in ASCII).
  var formula: String {
    switch self {
    case .last: "L = ½(y − ŷₙ)²"
    case .every: "L = ∑ₜ ½(yₜ − ŷₜ)²"
    case .everyMean: "L = (1/n)·∑ₜ ½(yₜ − ŷₜ)²"
    }
  }
}

extension CommandTable {
  /// The vector RNN's `loss` and `spectrum`.
  static let vectorSpectrumLossCommands: [Command] = [
    Command(
      name: "loss", usage: "loss [last|every [mean]]",
      summary: "which outputs the loss reads: ŷₙ alone (Eq. 1) or every ŷₜ",
      details: """
        'loss last' is the article's L = ½(y − ŷₙ)² (Eq. 1). 'loss every' is L = ∑ₜ ½(yₜ − ŷₜ)²,
        so ∂L/∂hₜ has two roads in: from ŷₜ and from hₜ₊₁, and BPTT adds them. 'loss every
        mean' divides by n, as PyTorch's MSELoss does by default. A loss at every step needs
        a target per step: 'target' with n values, 'data echo D', 'data next'.
        """,
      example: "loss every", section: "Eq. 1, beyond the article",
      arguments: .atMost(
        2, "last, every or every mean",
        completion: .branches([.init("last"), .init("every", [.words(["mean"])])]))
    ) { session, args, _ throws(CommandError) in
      var m = session.state.activeVector
      let n = session.notation
      if let readout = try lossReadout(args) {
        m.model.loss = readout
        m.clearBackward()
        session.state.activeVector = m
      }
      var text: String
      switch m.model.loss {
      case .last: text = "loss last: \(m.model.loss.formula), Eq. 1: only ŷₙ enters the loss\n"
      case .every:
        text =
          "loss every: \(m.model.loss.formula), a loss at every step: ∂L/∂hₜ comes from ŷₜ and from hₜ₊₁\n"
      case .everyMean:
        text = "loss every mean: \(m.model.loss.formula), the mean over the n steps\n"
      }
      if m.model.loss.readsEveryStep, session.state.targets == nil, session.state.inputs.count > 1 {
        text +=
          "(no target per step yet: 'target' with \(session.state.inputs.count) values, or 'data echo 1' or 'data next')\n"
      }
      return n.text(text)
    },
    Command(
      name: "spectrum", usage: "spectrum",
      summary: "W_hh's eigenvalues, singular values and spectral radius ρ, and what they mean",
      details: """
        Each step back, BPTT multiplies ∂L/∂hₜ by Jₜᵀ = W_hhᵀ·diag(φ′(aₜ)). The eigenvalues
        of W_hh (complex pairs as a ± bi, with their modulus) and its singular values say
        whether that product vanishes or explodes over many steps: with γ the largest
        slope of φ (1 for tanh, ReLU and the identity), γ·σ_max < 1 makes every step
        shrink the gradient (Pascanu, Mikolov & Bengio 2013), and ρ > 1 is needed for it
        to grow. Computed by LAPACK (dgeev, dgesdd).
        """,
      example: "set W_hh rotation 0.5 1.1; spectrum", section: "§2.5, beyond the article"
    ) { session, _, _ throws(CommandError) in
      try session.renderSpectrum()
    },
  ]
}

extension Session {
  /// `spectrum` for the vector RNN.
  func renderSpectrum() throws(CommandError) -> String {
    let n = notation
    let m = state.activeVector
    let w = Matrix(m.model.weights.recurrentRows)
    guard let eigen = Spectrum.eigenvalues(of: w), let sigma = Spectrum.singularValues(of: w)
    else {
      throw .notReady("spectrum: W_hh has an entry that is not finite; 'set W_hh …' first")
    }
    var text =
      "W_hh (K = \(m.size))\n"
      + matrixBlock(m.model.weights.recurrentRows).lines.map { "  " + $0 + "\n" }.joined()
    text += "eigenvalues λ, largest |λ| first\n"
    var i = 0
    while i < eigen.count {
      let e = eigen[i]
      if e.im != 0, i + 1 < eigen.count {
        text +=
          "  λ\(n.sub(i + 1)),\(n.sub(i + 2)) = \(n.value(e.re)) ± \(n.number(abs(e.im)))i   |λ| = \(n.number(e.modulus))   (turns \(n.number(atan2(abs(e.im), e.re))) rad a step)\n"
        i += 2
      } else {
        text += "  λ\(n.sub(i + 1)) = \(n.value(e.re))   |λ| = \(n.number(e.modulus))\n"
        i += 1
      }
    }
    text +=
      "singular values σ: "
      + sigma.prefix(vectorUnitsShown * 2).map { n.number($0) }.joined(separator: ", ") + "\n"
    let rho = eigen.first?.modulus ?? 0
    let top = sigma.first ?? 0
    let gamma = m.model.activation.largestSlope
    text +=
      "spectral radius ρ = \(n.number(rho)),  σ_max = \(n.number(top)),  γ = max φ′ = \(n.number(gamma)) (\(m.model.activation.symbol))\n"
    if gamma * top < 1 {
      text +=
        "γ·σ_max < 1: every step back shrinks ∂L/∂hₜ by at least that factor: gradients vanish like (γ·σ_max)^(n−t)\n"
    } else if rho > 1 {
      text +=
        m.model.activation == .identity
        ? "ρ > 1 with φ = id: ∂L/∂hₜ grows like ρ^(n−t) along the largest eigenvalue's direction: gradients explode\n"
        : "ρ > 1: gradients can explode, unless φ′(aₜ) < 1 (saturation) holds them back; 'flow' shows which\n"
    } else {
      text +=
        "ρ ≤ 1 ≤ γ·σ_max: no guarantee either way: one step can stretch ∂L/∂hₜ (σ_max ≥ 1), yet W_hh's powers do not grow exponentially (ρ ≤ 1); 'flow' shows this input's case\n"
    }
    return n.text(text)
  }
}
