import RNN

extension Session {
  /// `derive b|c` (beyond the article): the generalised cell's biases by the chain rule, worked
  /// out on a copy from zero gradients with the biases' terms added, so it ends at what
  /// `print b.g` shows after `zero` and `backward` with `train bias on`.
  ///
  /// ∂L/∂b = Σₜ ∂L/∂ŷ·∂ŷ/∂hₜ·φ′(aₜ)·∂aₜ/∂b with ∂aₜ/∂b = 1; ∂L/∂c = ∂L/∂ŷ·∂ŷ/∂c = ∂L/∂ŷ.
  func renderBiasDerivation(_ bias: Bias) -> String {
    let n = notation
    let dyh = n.derivative(n.yhat, n.h("t"))
    let phiPrime = HiddenWeightsEquation(n: n).reluPrime("t")
    var text: String
    switch bias {
    case .b:
      text =
        "derive b \(n.text("—")) beyond the article: \(n.dL("b")) = \(n.sum)\(n.sub("t")) \(n.dL(n.yhat))\(n.times)\(dyh)\(n.times)\(phiPrime)\(n.times)1, since \(n.derivative(n.a("t"), "b")) = 1\n"
    case .c:
      text =
        "derive c \(n.text("—")) beyond the article: \(n.dL("c")) = \(n.dL(n.yhat))\(n.times)\(n.derivative(n.yhat, "c")) = \(n.dL(n.yhat))\(n.times)1, one term, as for w3\n"
    }
    guard let pass = completeForward else {
      return text + "the sum needs the whole forward pass: " + pendingForward() + "\n"
    }
    guard let y = state.target else { return text + "no target y: 'target Y' sets it\n" }
    let derivation = BackwardPass.fromZero(
      forward: pass, target: y, mode: state.model.mode, truncation: state.model.truncation,
      trainsBiases: true)
    guard let out = derivation.output else { return text }
    text += "worked out on a copy from zero gradients; the session's gradients are not touched\n"
    text += "\(LossGradientEquation(n: n).substituted(out))    (Eq. 4, sign corrected)\n"
    let result: Double
    switch bias {
    case .c:
      text += "\(n.dL("c")) = \(n.value(out.cTerm))\n"
      result = out.cSum
    case .b:
      let records = derivation.timesteps
      text +=
        "each term is tmp\(n.sub("t")) = \(n.dL(n.yhat))\(n.times)\(dyh)\(n.times)\(phiPrime), added as BPTT does, t = \(pass.count) down to \(records.last?.t ?? 1)"
        + (derivation.droppedTimesteps.map {
          " (truncate \(derivation.truncation!): \(timestepRange($0)) dropped)"
        } ?? "") + ":\n"
      let rows = records.map { r in
        [
          String(r.t), n.value(r.outputSensitivity), n.value(r.reluPrime), n.value(r.bTerm),
          n.value(r.bSum),
        ]
      }
      text += elidedTable(
        ["t", dyh, phiPrime, "term", "running sum"], rows, keep: 10, notation: n)
      result = records.last?.bSum ?? 0
      text += "\(n.dL("b")) = \(n.value(result))\n"
    }
    if state.model.trainsBiases {
      text += "'zero' then 'backward' makes 'print \(bias.rawValue).g' show \(plainNumber(result))\n"
    } else {
      text +=
        "(b and c are not trained, so \(bias.rawValue).g stays 0: 'train bias on' makes backward add this)\n"
    }
    if let caption = CellEquation(n: n).caption { text += n.text(caption) + "\n" }
    return text
  }
}
