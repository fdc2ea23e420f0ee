import RNN

/// The LSTM's equations as `eq` names them while `model lstm` is on.
enum LSTMEquationName: String, CaseIterable {
  case gates, cell, hidden, output, loss, cellgrad, gategrad, through

  /// What `eq` takes: `list` or an equation's name.
  static let words = ["list"] + allCases.map(\.rawValue)

  var topic: String {
    switch self {
    case .gates: "the four gates"
    case .cell: "the cell state"
    case .hidden: "the hidden state"
    case .output: "the read-out"
    case .loss: "the loss (the article's Eq. 1)"
    case .cellgrad: "the cell state's gradient, through time along c"
    case .gategrad: "a gate's gradient and its parameters' terms"
    case .through: "the gradient to the previous hidden state"
    }
  }

  /// The equation in symbols.
  func formula(_ n: Notation) -> String {
    switch self {
    case .gates: LSTMGateEquation(n: n).symbolic
    case .cell: CellStateEquation(n: n).symbolic
    case .hidden: LSTMHiddenStateEquation(n: n).symbolic
    case .output: LSTMOutputEquation(n: n).symbolic
    case .loss: "L = \(n.half)(y \(n.minus) \(n.yhat))\(n.squared)"
    case .cellgrad: CellGradientEquation(n: n).symbolic
    case .gategrad: GateGradientEquation(n: n).symbolic
    case .through: LSTMThroughTimeEquation(n: n).symbolic
    }
  }
}

extension Session {
  /// An equation in symbols, several clauses long, wrapped at spaces to the terminal with
  /// its continuation lines indented two more.
  func layoutSymbols(_ formula: String, indent: String = "  ") -> String {
    let lines = TextLayout.wrap(formula, width: max(traits.width, 60) - indent.count - 2)
    return lines.enumerated().map { i, line in (i == 0 ? indent : indent + "  ") + line + "\n" }
      .joined()
  }

  func renderLSTMEquationList() -> String {
    let n = notation
    var text = TextLayout.wrap(n.text("The LSTM's equations (\(LSTMSource.citation)):"), width: 79)
      .map {
        $0 + "\n"
      }.joined()
    for e in LSTMEquationName.allCases {
      text += "  eq \(TextLayout.rightPad(e.rawValue, 9)) \(e.topic)\n"
      text += layoutSymbols(e.formula(n), indent: "     ")
    }
    return text + "'eq NAME' shows one with the session's numbers.\n"
  }

  /// One LSTM equation in symbols, then with the numbers of the last record that computed it.
  func renderLSTMEquation(_ e: LSTMEquationName) -> String {
    let n = notation
    let lstm = state.activeLSTM
    var text = n.text("LSTM: \(e.topic)\n")
    text += TextLayout.wrap(n.text("(\(LSTMSource.citation))"), width: max(traits.width, 60) - 2)
      .map {
        "  " + $0 + "\n"
      }.joined()
    text += layoutSymbols(e.formula(n))
    let forward = lstm.forward
    let step = forward?.steps.last
    let back = lstm.backward?.timesteps.last
    switch e {
    case .gates, .cell, .hidden:
      guard let step, let forward else {
        return text + "  no timestep computed yet; 'step' or 'forward' computes one\n"
      }
      text += "  at t = \(step.t), the last step computed:\n"
      switch e {
      case .gates:
        let eq = LSTMGateEquation(n: n)
        for gate in LSTMGate.allCases {
          text += layoutEquation(eq.preactivation(gate, step, weights: forward.weights))
          text += layoutEquation(eq.substituted(gate, step, weights: forward.weights))
        }
      case .cell: text += layoutEquation(CellStateEquation(n: n).substituted(step))
      default: text += layoutEquation(LSTMHiddenStateEquation(n: n).substituted(step))
      }
    case .output, .loss:
      guard let forward, let yhat = forward.prediction,
        let output = LSTMOutputEquation(n: n).substituted(forward)
      else {
        return text + "  the forward pass is not complete; 'forward' finishes it\n"
      }
      if e == .output {
        text += layoutEquation(output)
      } else {
        guard let y = state.target else { return text + "  no target y; 'target Y' sets it\n" }
        text += layoutEquation(LossEquation(n: n).substituted(prediction: yhat, target: y))
      }
    case .cellgrad, .gategrad, .through:
      guard let back, let pass = lstm.backward else {
        return text + "  no BPTT timestep done yet; 'back' (twice) or 'backward' computes one\n"
      }
      text += "  at t = \(back.t), the last BPTT timestep done:\n"
      switch e {
      case .cellgrad:
        text += layoutEquation(CellGradientEquation(n: n).substituted(back))
        if back.t > 1 { text += layoutEquation(CellGradientEquation(n: n).passedOn(back)) }
      case .gategrad:
        let eq = GateGradientEquation(n: n)
        for gate in LSTMGate.allCases {
          text += layoutEquation(eq.gateGradient(gate, back))
          text += layoutEquation(eq.preactivationGradient(gate, back), indent: "    ")
        }
      default:
        text += layoutEquation(
          LSTMThroughTimeEquation(n: n).substituted(back, weights: pass.forward.weights))
      }
    }
    return text
  }

  /// `derive p`: the chain rule for one LSTM parameter, timestep by timestep, on a fresh
  /// backward pass from zero gradients.
  func renderLSTMDerivation(_ p: LSTMParameter) throws(CommandError) -> String {
    let n = notation
    let lstm = state.activeLSTM
    guard let forward = lstm.forward, forward.isComplete else {
      throw .notReady("derive: the forward pass is not complete; type 'forward' first")
    }
    guard let y = state.target else { throw .noTarget(command: "derive") }
    var gradients = LSTMGradients.zero
    var pass = lstm.model.startBackward(forward, target: y)
    pass.run(accumulatingInto: &gradients)
    var text = n.styled("\(n.dL(p.rawValue)): the chain rule, from zero gradients", .heading) + "\n"
    let out = pass.output!
    text += layoutEquation(
      "\(n.dL(n.yhat)) = \(LossGradientEquation(n: n).substitution(prediction: out.prediction, target: out.target))"
    )
    guard let gate = p.gate else {
      let eq = LSTMOutputGradientEquation(n: n)
      text += layoutEquation(
        p == .wy ? eq.wyTerm(out, length: forward.count) : eq.byTerm(out))
      text +=
        "\(p.rawValue) has one term, from the read-out: \(p.rawValue).g = \(n.value(gradients[p]))\n"
      return text
    }
    text += layoutEquation(
      LSTMOutputGradientEquation(n: n).hiddenGradient(out, length: forward.count))
    let eq = GateGradientEquation(n: n)
    let index = [gate.parameters.wx, gate.parameters.wh, gate.parameters.b].firstIndex(of: p)!
    let timesteps = pass.timesteps
    let shown =
      timesteps.count <= 6 ? timesteps : Array(timesteps.prefix(3)) + Array(timesteps.suffix(3))
    for (k, r) in shown.enumerated() {
      if timesteps.count > 6 && k == 3 {
        text += n.text(elidedLine(timesteps.count - 6) + "\n")
      }
      text += n.styled("t=\(r.t)", .heading) + "\n"
      text += layoutEquation(CellGradientEquation(n: n).substituted(r))
      text += layoutEquation(eq.gateGradient(gate, r))
      text += layoutEquation(eq.preactivationGradient(gate, r))
      text += layoutEquation(eq.terms(gate, r)[index])
    }
    let terms = timesteps.map { $0.terms[p] }
    text += layoutEquation(
      "\(p.rawValue).g = "
        + renderLongSum(terms, sum: gradients[p], elide: traits.isInteractive), indent: "")
    text +=
      "(BPTT order, t = \(forward.count) first; the same sum 'zero; backward' leaves in \(p.rawValue).g)\n"
    return text
  }
}
