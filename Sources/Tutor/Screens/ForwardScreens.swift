import RNN

extension String {
  func replacingIfASCII(_ unicode: Bool, _ from: String, _ to: String) -> String {
    unicode ? self : replacing(from, with: to)
  }
}

extension Session {
  /// Eq. 3 with the numbers of one step: the symbols, the values, the pre-activation, h_t.
  func renderForwardStep(_ r: ForwardStep, in pass: ForwardPass) -> String {
    let n = notation
    let f = pass.architecture.activation.symbol
    let w = pass.weights
    let lhs =
      "\(n.h(r.t)) = \(f)(\(n.w(1))\(n.times)\(n.x(r.t)) + \(n.w(2))\(n.times)\(n.h(r.t - 1)))"
    let indent = String(repeating: " ", count: "t=\(r.t)  \(n.h(r.t)) ".count)
    var text = n.styled("t=\(r.t)", .heading) + "  \(lhs)"
    text += r.t == 1 ? "    Eq. 3\n" : "\n"
    let values = n.hiddenStateValues(r, weights: w, activation: pass.architecture.activation)
    text +=
      "\(indent)= \(values) = \(f)(\(n.value(r.preactivation))) = \(n.styled(n.value(r.h), .result))"
    if pass.architecture == .part2 && r.preactivation <= 0 {
      text += "   (\(n.a(r.t)) ≤ 0: ReLU cuts it to 0)".replacingIfASCII(n.unicode, "≤", "<=")
    } else if pass.architecture == .part1 && r.preactivation < 0 {
      text += "   (abs flips the sign)"
    }
    return text + "\n"
  }

  /// ŷ (Eq. 2) and L (Eq. 1) once the pass is complete; nothing before.
  func renderOutputIfComplete(_ pass: ForwardPass) -> String {
    guard let yhat = pass.prediction, let prediction = notation.predictionEquation(pass) else {
      return ""
    }
    let n = notation
    var text = prediction
    text += pass.architecture == .part2 ? "    Eq. 2\n" : "    Part 1's output\n"
    guard let y = state.target else {
      return text + "(no target set: 'target Y' sets y, then the loss can be computed)\n"
    }
    // Part 1 has no article mode of its own: its loss is always Eq. 1's.
    if state.model.mode == .exact || pass.architecture == .part1 {
      text += n.lossEquation(prediction: yhat, target: y) + "    Eq. 1\n"
    } else {
      text +=
        n.printedLossEquation(prediction: yhat, target: y)
        + "    printed mse, not Eq. 1 (erratum 2)\n"
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
        rows.append([String(t), n.number(inputs[t - 1]), "·", "·"])
      }
    }
    var text = renderLongTable(
      ["t", "x_t", "a_t", "h_t"], rows, fixedHead: 1, elide: elide, command: "states")
    if let pass, let yhat = pass.prediction {
      text += "\(n.yhat) = \(n.number(yhat))"
      if let y = state.target {
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
