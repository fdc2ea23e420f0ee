import RNN

extension Session {
  /// The names `print` and `display` accept while the model is the RNN, for Tab.
  var rnnPrintableNames: [String] {
    var names = [
      "w1", "w2", "w3", "w1.g", "w2.g", "w3.g", "b", "c", "b.g", "c.g", "yhat", "loss", "y", "lr",
    ]
    names += (1...min(state.inputs.count, 9)).map { "x[\($0)]" }
    names += (0...min(state.inputs.count, 9)).map { "h[\($0)]" }
    // A loss at every step (beyond the article) reads ŷ_t and y_t.
    if state.model.loss.readsEveryStep {
      if let pass = state.forward { names += (1...min(pass.t, 9)).map { "yhat[\($0)]" } }
      if let ys = state.targets { names += ys.indices.prefix(9).map { "y[\($0 + 1)]" } }
    }
    return names
  }

  /// The value `print NAME` shows while the model is the RNN.
  func rnnValue(of name: String) throws(CommandError) -> Double {
    let m = state.model
    switch name {
    case "w1", "w2", "w3": return m.weights[Weight(rawValue: name)!]
    case "w1.g", "w2.g", "w3.g": return m.gradients[Weight(rawValue: String(name.prefix(2)))!]
    // The generalised cell's biases and their gradients (beyond the article; 0 by default).
    case "b", "c": return m.weights[Bias(rawValue: name)!]
    case "b.g", "c.g": return m.gradients[Bias(rawValue: String(name.prefix(1)))!]
    case "lr": return state.learningRate
    case "y":
      guard let y = state.target else { throw .targetNotSet }
      return y
    case "yhat":
      guard let yhat = state.forward?.prediction else {
        throw .valueNotComputed("yhat", hint: "type 'forward' first")
      }
      return yhat
    case "loss":
      guard let yhat = state.forward?.prediction else {
        throw .valueNotComputed("loss", hint: "type 'forward' first")
      }
      if m.loss.readsEveryStep, let pass = state.forward {
        return try m.loss.loss(
          outputs: pass.outputs, targets: state.lossTargets(m.loss, command: "print").get())
      }
      guard let y = state.target else { throw .lossNeedsTarget }
      return m.loss(prediction: yhat, target: y)
    default: break
    }
    // ŷ_t and y_t, what a loss at every step compares (beyond the article).
    let pass = state.forward
    if state.model.architecture == .part2,
      let value = try outputOrTarget(
        name, completedSteps: pass?.t ?? 0, output: { pass!.output(at: $0) })
    {
      return value
    }
    if let (letter, t) = indexed(name) {
      let n = state.inputs.count
      switch letter {
      case "x":
        guard (1...n).contains(t) else {
          throw .outOfRange(name, what: "print", range: "x[1] to x[\(n)]")
        }
        return state.inputs[t - 1]
      case "h", "a":
        let low = letter == "h" ? 0 : 1
        guard (low...n).contains(t) else {
          throw .outOfRange(name, what: "print", range: "\(letter)[\(low)] to \(letter)[\(n)]")
        }
        if letter == "h" && t == 0 { return 0 }
        guard let pass = state.forward, t <= pass.t else {
          throw .timestepNotComputed(name, forwardAt: state.forward?.t ?? 0)
        }
        return letter == "h" ? pass.hidden[t] : pass.steps[t - 1].preactivation
      default: break
      }
    }
    // The timesteps as they are now, not a placeholder `t` that `print h[t]` would refuse.
    let n = state.inputs.count
    var accepted = [
      "w1", "w2", "w3", "w1.g", "w2.g", "w3.g", "b", "c", "b.g", "c.g", "x[1]…x[\(n)]",
      "h[0]…h[\(n)]", "a[1]…a[\(n)]", "yhat", "loss", "y", "lr",
    ]
    if state.model.loss.readsEveryStep {
      accepted.insert(contentsOf: ["yhat[1]…yhat[\(n)]", "y[1]…y[\(n)]"], at: accepted.count - 1)
    }
    throw Self.unknownPrintName(name, indexedLetters: "xha", accepted: accepted)
  }

  /// `h[3]` → ("h", 3).
  private func indexed(_ name: String) -> (Character, Int)? {
    guard let (base, t) = Parse.indexedName(name), base.count == 1, let letter = base.first,
      "xha".contains(letter)
    else { return nil }
    return (letter, t)
  }
}
