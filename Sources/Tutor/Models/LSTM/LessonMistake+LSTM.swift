import RNN

extension LessonMistake {
  /// The wrong paths of the LSTM: the sign of Eq. 4, σ forgotten, c_t for h_t, a gate's
  /// pre-activation for the gate, h_n for ŷ, another parameter's gradient.
  static func lstmPaths(
    to q: LessonQuantity, right: Double, in session: Session, _ lstm: LSTMState
  ) -> [(LessonMistake, Double)] {
    var paths: [(LessonMistake, Double)] = []
    // Every LSTM gradient is ∂L/∂ŷ times a factor that does not depend on it: y − ŷ flips
    // this pass's share of it.
    if let parameter = q.lstmGradientParameter, let pass = lstm.backward, pass.output != nil {
      let own = pass.passGradients[parameter]
      if own != 0 { paths.append((.lossSignFlipped, right - 2 * own)) }
      for other in LSTMParameter.allCases where other != parameter {
        paths.append(
          (.otherGradient(.printable("\(other.rawValue).g")), lstm.model.gradients[other]))
      }
    }
    // The quiz's BPTT numbers: each is this pass's ∂L/∂ŷ times a factor free of it.
    if case .lstm(let l) = q {
      switch l {
      case .lossGradient:
        paths.append((.lossSignFlipped, -right))
        paths.append((.halfForgotten, 2 * right))
      case .hiddenGradient, .cellGradient, .gateTerm: paths.append((.lossSignFlipped, -right))
      case .gate, .cell, .hidden, .prediction, .loss: break
      }
      if let t = l.timestep {
        for neighbour in [t - 1, t + 1] {
          let other = LessonQuantity.lstm(l.at(neighbour))
          guard let v = try? other.value(in: session) else { continue }
          paths.append((.offByOne(other), v))
        }
      }
    }
    guard let pass = lstm.forward else { return paths }
    if q == .printable("loss") || q == .lstm(.loss), let yhat = pass.prediction,
      let y = session.state.target
    {
      paths.append((.halfForgotten, 2 * Cell.loss(prediction: yhat, target: y)))
    }
    if q == .printable("yhat") || q == .lstm(.prediction), pass.isComplete {
      paths.append((.hiddenForOutput(pass.count), pass.h))
    }
    guard let (letter, t) = q.lstmTimestep, t >= 1, t <= pass.t else { return paths }
    let r = pass.steps[t - 1]
    let z = r.preactivation
    // σ left out: each sigmoid gate replaced by its pre-activation.
    let raw = LSTMGateValues(i: z.i, f: z.f, g: r.gates.g, o: z.o)
    switch letter {
    case "c":
      paths.append((.sigmoidForgotten, LSTMCell.cellState(raw, cPrevious: r.cPrevious)))
      paths.append((.cellForHidden(.lstm(.hidden(t))), r.h))
    case "h":
      paths.append((.sigmoidForgotten, LSTMCell.hidden(o: z.o, tanhC: r.tanhC)))
      paths.append((.cellForHidden(.lstm(.cell(t))), r.c))
    default:
      if let gate = LSTMGate(rawValue: String(letter)) {
        paths.append((.gatePreactivation(gate), z[gate]))
      }
    }
    return paths
  }
}

extension LSTMQuantity {
  /// The timestep of an indexed quantity; nil for ŷ, L and ∂L/∂ŷ.
  var timestep: Int? {
    switch self {
    case .gate(_, let t), .cell(let t), .hidden(let t), .hiddenGradient(let t),
      .cellGradient(let t), .gateTerm(_, let t):
      return t
    case .prediction, .loss, .lossGradient: return nil
    }
  }

  /// The same quantity at timestep `t` (an indexed quantity; the others are returned as
  /// they are).
  func at(_ t: Int) -> LSTMQuantity {
    switch self {
    case .gate(let g, _): .gate(g, t)
    case .cell: .cell(t)
    case .hidden: .hidden(t)
    case .hiddenGradient: .hiddenGradient(t)
    case .cellGradient: .cellGradient(t)
    case .gateTerm(let g, _): .gateTerm(g, t)
    case .prediction, .loss, .lossGradient: self
    }
  }
}
