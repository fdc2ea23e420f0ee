import RNN

extension Session {
  /// Eq. 3 with the numbers of one step: the symbols, the values, the pre-activation, h_t.
  func renderForwardStep(_ r: ForwardStep, in pass: ForwardPass) -> String {
    let n = notation
    let eq3 = HiddenStateEquation(n: n)
    let f = pass.activation
    let indent = String(repeating: " ", count: "t=\(r.t)  \(n.h(r.t)) ".count)
    var text = n.styled("t=\(r.t)", .heading) + "  \(eq3.symbolic(at: r.t, activation: f))"
    let tag = n.cell.isBeyondTheArticle ? "Eq. 3 generalised (beyond the article)" : "Eq. 3"
    text += r.t == 1 ? "    \(tag)\n" : "\n"
    text +=
      "\(indent)= \(eq3.values(r, weights: pass.weights, activation: f)) = \(f.symbol)(\(n.value(r.preactivation))) = \(n.styled(n.value(r.h), .result))"
    if let note = eq3.activationNote(r, activation: f) { text += "   (\(note))" }
    return text + "\n"
  }

  /// ŷ (Eq. 2) and L (Eq. 1) once the pass is complete; nothing before.
  func renderOutputIfComplete(_ pass: ForwardPass) -> String {
    let n = notation
    guard let yhat = pass.prediction, let prediction = OutputEquation(n: n).substituted(pass)
    else {
      return ""
    }
    var text = prediction
    text +=
      pass.architecture == .part1
      ? "    Part 1's output\n"
      : n.cell.hasBiases ? "    Eq. 2 + c (beyond the article)\n" : "    Eq. 2\n"
    let loss = state.model.loss
    if loss.readsEveryStep && pass.architecture == .part2 {
      // A loss at every step (beyond the article) reads Eq. 2 at every t.
      return text + everyStepLossLines(outputs: pass.outputs, loss: loss)
    }
    guard let y = state.target else {
      return text + "(no target set: 'target Y' sets y, then the loss can be computed)\n"
    }
    let eq1 = LossEquation(n: n)
    // Part 1 has no article mode of its own: its loss is always Eq. 1's.
    if state.model.mode == .exact || pass.architecture == .part1 {
      text += eq1.substituted(prediction: yhat, target: y) + "    Eq. 1\n"
    } else {
      text +=
        eq1.printedSubstituted(prediction: yhat, target: y)
        + "    printed mse, not Eq. 1 (erratum \(LossEquation.printedErratum))\n"
    }
    return text
  }

  func renderStates(elide: Bool = false) -> String {
    let n = notation
    let inputs = state.inputs
    let pass = state.forward
    var rows: [[String]] = [["0", "", "", "0"]]
    for t in 1...inputs.count {
      if let pass, t <= pass.t {
        let r = pass.steps[t - 1]
        rows.append([String(t), n.number(r.x), n.number(r.preactivation), n.number(r.h)])
      } else {
        rows.append([String(t), n.number(inputs[t - 1]), n.times, n.times])
      }
    }
    var text = renderLongTable(
      ["t", "x_t", "a_t", "h_t"], rows, fixedHead: 1, elide: elide, command: "states")
    if let pass, let yhat = pass.prediction {
      text += "\(n.yhat) = \(n.number(yhat))"
      let loss = state.model.loss
      if loss.readsEveryStep, case .success(let ys) = state.lossTargets(loss, command: "states") {
        text +=
          ", L = \(n.number(loss.loss(outputs: pass.outputs, targets: ys))) (loss \(loss.words))"
      } else if let y = state.target {
        text +=
          ", y = \(n.number(y)), L = \(n.number(state.model.loss(prediction: yhat, target: y)))"
      }
      text += "\n"
    } else {
      let done = pass?.t ?? 0
      text += "forward pass at t = \(done) of \(inputs.count); 'step' computes the next\n"
    }
    return text
  }
}
