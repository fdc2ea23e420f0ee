import RNN

/// A number the LSTM's `step` or `back` computes, as the quiz asks for it: the gates, c_t,
/// h_t, ŷ and L forward; ∂L/∂ŷ, ∂L/∂h_t, ∂L/∂c_t and each gate's ∂L/∂z backward. Every value
/// is read from the engine's records (`LSTMForwardStep`, `LSTMBackwardPass`).
enum LSTMQuantity: Equatable, Sendable {
  /// i_t, f_t, g_t or o_t.
  case gate(LSTMGate, Int)
  /// c_t, the cell state.
  case cell(Int)
  /// h_t = o_t·tanh(c_t).
  case hidden(Int)
  /// ŷ = wy·h_n + by.
  case prediction
  /// L = ½(ŷ − y)².
  case loss
  /// ∂L/∂ŷ = ŷ − y.
  case lossGradient
  /// ∂L/∂h_t, the gradient arriving at h_t (from ŷ at t = n, else from step t+1's gates).
  case hiddenGradient(Int)
  /// ∂L/∂c_t in all: what arrives from c_{t+1} and what comes through h_t.
  case cellGradient(Int)
  /// ∂L/∂z for a gate at t: the gate's term, which times x_t, h_{t−1} and 1 gives its three
  /// parameters' terms.
  case gateTerm(LSTMGate, Int)

  /// The name as `print` or a lesson writes it.
  var name: String {
    switch self {
    case .gate(let g, let t): "\(g.rawValue)[\(t)]"
    case .cell(let t): "c[\(t)]"
    case .hidden(let t): "h[\(t)]"
    case .prediction: "yhat"
    case .loss: "loss"
    case .lossGradient: "dL/dyhat"
    case .hiddenGradient(let t): "dL/dh[\(t)]"
    case .cellGradient(let t): "dL/dc[\(t)]"
    case .gateTerm(let g, let t): "dL/dz\(g.rawValue)[\(t)]"
    }
  }

  /// As the LSTM's screens write it: `f₂`, `c₂`, `∂L/∂c₂`, `∂L/∂zᶠ₂`.
  func symbol(_ n: Notation) -> String {
    switch self {
    case .gate(let g, let t): n.gate(g, t)
    case .cell(let t): n.c(t)
    case .hidden(let t): n.h(t)
    case .prediction: n.yhat
    case .loss: "L"
    case .lossGradient: n.dL(n.yhat)
    case .hiddenGradient(let t): n.dL(n.h(t))
    case .cellGradient(let t): n.dL(n.c(t))
    case .gateTerm(let g, let t): n.dL(n.preactivation(g, t))
    }
  }

  /// The value in `session`'s LSTM, or why it is not computed yet.
  func value(in session: Session) throws(CommandError) -> Double {
    guard let lstm = session.state.lstm else {
      throw .notReady("\(name) belongs to the LSTM; 'model lstm' first")
    }
    func forward(_ t: Int) throws(CommandError) -> LSTMForwardStep {
      guard let pass = lstm.forward, t >= 1, t <= pass.t else {
        throw .timestepNotComputed(name, forwardAt: lstm.forward?.t ?? 0)
      }
      return pass.steps[t - 1]
    }
    func backward(_ t: Int) throws(CommandError) -> LSTMTimestepGradientStep {
      guard let r = lstm.backward?.timestep(t) else {
        throw .notReady("\(name) is not computed yet: BPTT has not reached t = \(t); type 'back'")
      }
      return r
    }
    func output() throws(CommandError) -> LSTMOutputGradientStep {
      guard let r = lstm.backward?.output else {
        throw .notReady("\(name) is not computed yet: type 'back' to start BPTT")
      }
      return r
    }
    switch self {
    case .gate(let g, let t): return try forward(t).gates[g]
    case .cell(let t): return t == 0 ? 0 : try forward(t).c
    case .hidden(let t): return t == 0 ? 0 : try forward(t).h
    case .prediction, .loss: return try session.lstmValue(of: name, in: lstm)
    case .lossGradient: return try output().lossGradient
    case .hiddenGradient(let t):
      if t == session.state.inputs.count { return try output().dhn }
      return try backward(t + 1).dhPrevious
    case .cellGradient(let t): return try backward(t).dc
    case .gateTerm(let g, let t): return try backward(t).dz[g]
    }
  }
}

extension Session {
  /// The LSTM's numbers the last `step` or `back` computed, in the order its screen shows
  /// them: what `quiz on` asks for while `model lstm` is on.
  func lstmQuizQuestions(after name: String, _ lstm: LSTMState) -> [LessonQuantity] {
    if name == "step" {
      guard let pass = lstm.forward, pass.t >= 1 else { return [] }
      let t = pass.t
      var questions = LSTMGate.allCases.map { LSTMQuantity.gate($0, t) } + [.cell(t), .hidden(t)]
      if pass.isComplete {
        questions.append(.prediction)
        if state.target != nil { questions.append(.loss) }
      }
      return questions.map { .lstm($0) }
    }
    switch lstm.backward?.steps.last {
    case .output?:
      return [.lstm(.lossGradient), .lstm(.hiddenGradient(state.inputs.count))]
    case .timestep(let r)?:
      let t = r.t
      var questions = [LSTMQuantity.cellGradient(t)] + LSTMGate.allCases.map { .gateTerm($0, t) }
      if t > 1 { questions.append(.hiddenGradient(t - 1)) }
      return questions.map { .lstm($0) }
    case nil:
      return []
    }
  }
}
