import RNN

/// A value a timestep of the LSTM's forward pass holds, as `print` names it: `f[2]`.
enum LSTMTimestepName: String, CaseIterable {
  case x, h, c, i, f, g, o

  /// The first timestep it exists at: h₀ = c₀ = 0; inputs and gates start at 1.
  var first: Int { self == .h || self == .c ? 0 : 1 }
}

extension Session {
  /// The names `print` and `display` accept while the model is the LSTM, for Tab.
  var lstmPrintableNames: [String] {
    var names = LSTMParameter.allCases.map(\.rawValue)
    names += LSTMParameter.allCases.map { $0.rawValue + ".g" }
    names += ["yhat", "loss", "y", "lr"]
    let n = min(state.inputs.count, 9)
    for name in LSTMTimestepName.allCases {
      names += (name.first...n).map { "\(name.rawValue)[\($0)]" }
    }
    // A loss at every step reads ŷ_t and y_t.
    if state.activeLSTM.model.loss.readsEveryStep {
      if let pass = state.activeLSTM.forward { names += (1...min(pass.t, 9)).map { "yhat[\($0)]" } }
      if let ys = state.targets { names += ys.indices.prefix(9).map { "y[\($0 + 1)]" } }
    }
    return names
  }

  /// The names `print` accepts for the LSTM, for its error.
  static let lstmAccepted = [
    "i.wx … o.b", "wy", "by", "NAME.g", "x[t]", "h[t]", "c[t]", "i[t]", "f[t]", "g[t]", "o[t]",
    "yhat", "loss", "y", "lr",
  ]

  /// The value `print NAME` shows while the model is the LSTM.
  func lstmValue(of name: String, in lstm: LSTMState) throws(CommandError) -> Double {
    let m = lstm.model
    if let p = LSTMParameter(rawValue: name) { return m.weights[p] }
    if name.hasSuffix(".g"), let p = LSTMParameter(rawValue: String(name.dropLast(2))) {
      return m.gradients[p]
    }
    switch name {
    case "lr": return lstm.learningRate
    case "y":
      guard let y = state.target else { throw .targetNotSet }
      return y
    case "yhat", "loss":
      guard let yhat = lstm.forward?.prediction else {
        throw .valueNotComputed(name, hint: "type 'forward' first")
      }
      guard name == "loss" else { return yhat }
      if m.loss.readsEveryStep, let pass = lstm.forward {
        return try m.loss.loss(
          outputs: pass.outputs, targets: state.lossTargets(m.loss, command: "print").get())
      }
      guard let y = state.target else { throw .lossNeedsTarget }
      return Cell.loss(prediction: yhat, target: y)
    default: break
    }
    let pass = lstm.forward
    if let value = try outputOrTarget(
      name, completedSteps: pass?.t ?? 0, output: { pass!.output(at: $0) })
    {
      return value
    }
    if let (kind, t) = lstmIndexed(name) {
      let n = state.inputs.count
      guard (kind.first...n).contains(t) else {
        let letter = kind.rawValue
        throw .outOfRange(name, what: "print", range: "\(letter)[\(kind.first)] to \(letter)[\(n)]")
      }
      if kind == .x { return state.inputs[t - 1] }
      if t == 0 { return 0 }
      guard let pass = lstm.forward, t <= pass.t else {
        throw .timestepNotComputed(name, forwardAt: lstm.forward?.t ?? 0)
      }
      let r = pass.steps[t - 1]
      switch kind {
      case .x: return r.x
      case .h: return r.h
      case .c: return r.c
      case .i: return r.gates.i
      case .f: return r.gates.f
      case .g: return r.gates.g
      case .o: return r.gates.o
      }
    }
    throw Self.unknownPrintName(
      name, indexedLetters: LSTMTimestepName.allCases.map(\.rawValue).joined(),
      accepted: Self.lstmAccepted)
  }

  /// `f[3]` → (.f, 3).
  private func lstmIndexed(_ name: String) -> (LSTMTimestepName, Int)? {
    guard let (base, t) = Parse.indexedName(name),
      let kind = LSTMTimestepName(rawValue: String(base))
    else { return nil }
    return (kind, t)
  }
}
