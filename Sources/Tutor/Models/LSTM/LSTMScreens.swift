import RNN

// The LSTM's screens (issue 14): the RNN's step, back, grads, states, weights and train
// layouts, composed from the LSTM's equation types (Equations/LSTMEquations.swift) over the
// records `Sources/RNN` produced. Nothing here computes a number.

extension Session {
  /// An equation `a = b = c = d` laid out for the terminal: on one line when it fits,
  /// otherwise broken before an `=`, each continuation indented under the first `=`.
  /// Widths are columns on screen: colour's escape codes take none.
  func layoutEquation(_ equation: String, indent: String = "  ") -> String {
    let width = max(traits.width, 60)
    func columns(_ text: String) -> Int { TextLayout.columns(text[...]) }
    let parts = equation.split(separator: " = ", omittingEmptySubsequences: false).map(String.init)
    guard parts.count > 1 else { return indent + equation + "\n" }
    let hanging = String(repeating: " ", count: indent.count + columns(parts[0]) + 1)
    var lines: [String] = []
    var line = indent + parts[0]
    for part in parts.dropFirst() {
      if columns(line) + 3 + columns(part) > width && columns(line) > hanging.count + 2 {
        lines.append(line)
        line = hanging + "= " + part
      } else {
        line += " = " + part
      }
      // A sum too long for one line is broken before a `+`, under its first term.
      while columns(line) > width, let cut = lastPlus(in: line, before: width) {
        lines.append(String(line[..<cut]))
        line = hanging + "  " + line[line.index(after: cut)...]
      }
    }
    lines.append(line)
    return lines.joined(separator: "\n") + "\n"
  }

  /// The position of the last ` + ` that ends before column `width` (escape codes take no
  /// column), if it leaves more than an indent on the line.
  private func lastPlus(in line: String, before width: Int) -> String.Index? {
    var best: String.Index?
    var index = line.startIndex
    var column = 0
    var inEscape = false
    while index < line.endIndex, column < width - 1 {
      let c = line[index]
      if inEscape {
        if c == "m" { inEscape = false }
      } else if c == "\u{1B}" {
        inEscape = true
      } else {
        if line[index...].hasPrefix(" + "), column > 20 { best = index }
        column += 1
      }
      index = line.index(after: index)
    }
    return best
  }

  /// Pieces side by side, three spaces apart, on as few lines as the terminal allows.
  func layoutSideBySide(_ pieces: [String], indent: String = "  ") -> String {
    let width = max(traits.width, 60)
    var text = ""
    var line = ""
    for piece in pieces {
      if !line.isEmpty
        && indent.count + TextLayout.columns(line[...]) + 3 + TextLayout.columns(piece[...])
          <= width
      {
        line += "   " + piece
      } else {
        if !line.isEmpty { text += layoutEquation(line, indent: indent) }
        line = piece
      }
    }
    if !line.isEmpty { text += layoutEquation(line, indent: indent) }
    return text
  }

  // MARK: Model

  func renderLSTMWeights() -> String {
    let n = notation
    let m = state.activeLSTM.model
    let names = ["i (input)", "f (forget)", "g (candidate)", "o (output)"]
    func rows(_ w: LSTMWeights) -> [[String]] {
      var rows = zip(LSTMGate.allCases, names).map { gate, name in
        [name, n.number(w[gate].wx), n.number(w[gate].wh), n.number(w[gate].b)]
      }
      rows.append(["read-out", "wy " + n.number(w.wy), "", "by " + n.number(w.by)])
      return rows
    }
    var text = "parameters\n"
    text += renderTable(["gate", "wx", "wh", "b"], rows(m.weights), unicode: n.unicode)
    text += "gradients (.g)\n"
    text += renderTable(["gate", "wx.g", "wh.g", "b.g"], rows(m.gradients), unicode: n.unicode)
    text += "model lstm (beyond the article), \(learningRateText(state.activeLSTM.learningRate))\n"
    return text
  }

  // MARK: Forward

  /// One LSTM timestep with its numbers: the four gates, c_t and h_t.
  func renderLSTMForwardStep(_ r: LSTMForwardStep, in pass: LSTMForwardPass) -> String {
    let n = notation
    let gates = LSTMGateEquation(n: n)
    let t = r.t
    var text =
      n.styled("t=\(t)", .heading)
      + "  \(n.x(t)) = \(n.value(r.x)), \(n.h(t - 1)) = \(n.value(r.hPrevious)), \(n.c(t - 1)) = \(n.value(r.cPrevious))\n"
    for gate in LSTMGate.allCases {
      let symbols =
        "\(n.gate(gate, t)) = \(gates.activation(gate))(\(gates.preactivationSymbols(gate, at: t)))"
      text += layoutEquation(
        symbols + " = " + afterFirstEquals(gates.substituted(gate, r, weights: pass.weights)))
    }
    let cell = CellStateEquation(n: n).substituted(r)
    text += layoutEquation(cell)
    let hidden = LSTMHiddenStateEquation(n: n).substituted(r)
    let styledResult = n.styled(n.value(r.h), .result)
    text += layoutEquation(String(hidden.dropLast(n.value(r.h).count)) + styledResult)
    return text
  }

  /// ŷ = wy·hₙ + by and L (Eq. 1) once the pass is complete; nothing before.
  func renderLSTMOutputIfComplete(_ pass: LSTMForwardPass) -> String {
    let n = notation
    guard let yhat = pass.prediction, let output = LSTMOutputEquation(n: n).substituted(pass)
    else { return "" }
    var text = output + "\n"
    let loss = state.activeLSTM.model.loss
    if loss.readsEveryStep { return text + everyStepLossLines(outputs: pass.outputs, loss: loss) }
    guard let y = state.target else {
      return text + "(no target set: 'target Y' sets y, then the loss can be computed)\n"
    }
    text += LossEquation(n: n).substituted(prediction: yhat, target: y) + "    Eq. 1\n"
    return text
  }

  func renderLSTMStates(elide: Bool = false) -> String {
    let n = notation
    let inputs = state.inputs
    let pass = state.activeLSTM.forward
    var rows: [[String]] = [["0", "", "", "", "", "", "0", "0"]]
    for t in 1...inputs.count {
      if let pass, t <= pass.t {
        let r = pass.steps[t - 1]
        let g = r.gates
        rows.append(
          [String(t), n.number(r.x)] + [g.i, g.f, g.g, g.o, r.c, r.h].map { n.number($0) })
      } else {
        rows.append([String(t), n.number(inputs[t - 1])] + Array(repeating: n.times, count: 6))
      }
    }
    var text = renderLongTable(
      ["t", "x_t", "i_t", "f_t", "g_t", "o_t", "c_t", "h_t"], rows, fixedHead: 1, elide: elide,
      command: "states")
    if let pass, let yhat = pass.prediction {
      text += "\(n.yhat) = \(n.number(yhat))"
      if let y = state.target {
        text += ", y = \(n.number(y)), L = \(n.number(Cell.loss(prediction: yhat, target: y)))"
      }
      text += "\n"
    } else {
      let done = pass?.t ?? 0
      text += "forward pass at t = \(done) of \(inputs.count); 'step' computes the next\n"
    }
    return text
  }

  // MARK: Backward

  /// One LSTM BPTT step: the output step (∂L/∂ŷ, wy, by, ∂L/∂hₙ) or one timestep.
  func renderLSTMBackwardStep(
    _ record: LSTMBackwardStep, in pass: LSTMBackwardPass, number: Int? = nil
  ) -> String {
    let n = notation
    let number = number ?? pass.steps.count
    switch record {
    case .output(let r):
      let last = pass.forward.count
      let out = LSTMOutputGradientEquation(n: n)
      let every = pass.loss.readsEveryStep
      var text =
        n.styled(
          "BPTT step \(number) of \(pass.count): from L back to \(n.yhat)\(every ? n.sub(last) : ""), wy, by and \(n.h(last))",
          .heading) + "\n"
      text +=
        every
        ? "  \(outputLossGradientLine(t: last, length: last, prediction: r.prediction, target: r.target, gradient: r.lossGradient, loss: pass.loss))    \(n.text("a loss at every step, beyond Eq. 1"))\n"
        : "  \(n.dL(n.yhat)) = \(LossGradientEquation(n: n).substitution(prediction: r.prediction, target: r.target))    Eq. 4, sign corrected (erratum \(LossGradientEquation.printedErratum))\n"
      text += layoutSideBySide([
        out.wyTerm(r, length: last, every: every), out.byTerm(r, every: every),
      ])
      text += layoutEquation(out.hiddenGradient(r, length: last, every: every))
      if every && last > 1 {
        text += n.text(
          "  (a loss at every step: each timestep below adds the road from its own ŷₜ)\n")
      }
      return text
    case .timestep(let r):
      let t = r.t
      let cell = CellGradientEquation(n: n)
      let gate = GateGradientEquation(n: n)
      let forward = LSTMGateEquation(n: n)
      var text =
        n.styled(
          "BPTT step \(number) of \(pass.count): timestep t = \(t)"
            + (r.hasTwoRoads ? "   two roads into \(n.dL(n.h(t)))" : ""), .heading) + "\n"
      if let o = r.output {
        // A loss at every step: ŷ_t's own terms, then both roads into h_t.
        let out = LSTMOutputGradientEquation(n: n)
        text +=
          "  \(outputLossGradientLine(t: t, length: pass.length, prediction: o.prediction, target: o.target, gradient: o.lossGradient, loss: pass.loss))\n"
        text += layoutSideBySide([
          out.wyTerm(o, length: t, every: true), out.byTerm(o, every: true),
        ])
        text += layoutEquation(out.twoRoads(r))
      }
      let from =
        t == pass.forward.count
        ? "from \(n.yhat)"
        : r.hasTwoRoads
          ? "from \(n.yhat)\(n.sub(t)) and \(n.h(t + 1))'s gates" : "from \(n.h(t + 1))'s gates"
      let cFrom = t == pass.forward.count ? "nothing after \(n.c(t))" : "from \(n.c(t + 1))"
      text += layoutSideBySide([
        "arriving: \(n.dL(n.h(t))) = \(n.value(r.dh)) (\(from))",
        "\(n.dL(n.c(t))) = \(n.value(r.dcArriving)) (\(cFrom))",
      ])
      text += layoutEquation(cell.substituted(r))
      for g in LSTMGate.allCases {
        text += layoutSideBySide([
          gate.gateGradient(g, r), forward.localDerivative(g, r.forward),
        ])
        text += layoutEquation(gate.preactivationGradient(g, r), indent: "    ")
        for term in gate.terms(g, r) {
          // The term and the running sum after it, as two pieces: a sum is never split.
          let pieces = term.split(separator: "   ").map(String.init)
          text += layoutSideBySide(pieces, indent: "    ")
        }
      }
      text += layoutEquation(
        LSTMThroughTimeEquation(n: n).substituted(
          r, weights: pass.forward.weights, partial: pass.loss.readsEveryStep && t > 1))
      if t == 1 {
        text += "  (\(n.h(0)) and \(n.c(0)) are fixed: BPTT ends here)\n"
      } else {
        text += layoutEquation(cell.passedOn(r))
      }
      return text
    }
  }

  func renderLSTMGradientSummary() -> String {
    let g = state.activeLSTM.model.gradients
    let n = notation
    let parts = LSTMParameter.allCases.map { "\($0.rawValue).g = \(n.value(g[$0]))" }
    var text = "gradients:\n"
    for start in stride(from: 0, to: 12, by: 3) {
      text += "  " + parts[start..<start + 3].joined(separator: ", ") + "\n"
    }
    return text + "  " + parts[12...].joined(separator: ", ") + "\n"
  }

  func renderLSTMGrads(elide: Bool = false) -> String {
    let n = notation
    guard let pass = state.activeLSTM.backward else {
      return "no backward pass yet ('back' or 'backward')\n" + renderLSTMGradientSummary()
    }
    let g = state.activeLSTM.model.gradients
    var flow: [[String]] = []
    var terms: [[String]] = []
    for record in pass.steps {
      switch record {
      case .output(let r):
        flow.append(["out", n.number(r.dhn), "", ""])
      case .timestep(let r):
        flow.append([String(r.t), n.number(r.dh), n.number(r.dc), n.number(r.forward.gates.f)])
        for gate in LSTMGate.allCases {
          let p = gate.parameters
          terms.append(
            [String(r.t), gate.rawValue, n.number(r.dz[gate])]
              + [p.wx, p.wh, p.b].map { n.number(r.terms[$0]) })
        }
      }
    }
    var text =
      "what arrives at each timestep, and the forget gate that carries \(n.dL(n.c("t"))) back\n"
    text += renderLongTable(
      ["t", n.dL(n.h("t")), n.dL(n.c("t")), n.gate(.f, "t")], flow, fixedHead: 1, elide: elide,
      command: "grads")
    for gate in LSTMGate.allCases {
      let p = gate.parameters
      terms.append(["sum (.g)", gate.rawValue, ""] + [p.wx, p.wh, p.b].map { n.number(g[$0]) })
    }
    text +=
      "each gate's \(n.dL("z")) and the terms it adds (wx: \(n.times)\(n.x("t")), wh: \(n.times)\(n.h("t-1")), b: \(n.times)1)\n"
    text += renderLongTable(
      ["t", "gate", n.dL("z"), "wx term", "wh term", "b term"], terms, fixedFoot: 4,
      elide: elide, command: "grads")
    if let out = pass.output {
      text += layoutSideBySide(
        [
          "read-out ('out'): wy term = \(n.value(out.wyTerm))", "by term = \(n.value(out.byTerm))",
          "wy.g = \(n.value(g.wy))", "by.g = \(n.value(g.by))",
        ], indent: "")
    }
    text +=
      "'out' is the first step: its \(n.dL(n.h("t"))) column holds \(n.dL(n.h(pass.forward.count))) = wy\(n.times)\(n.dL(n.yhat)).\n"
    text += "The (.g) sums include every backward pass since the last 'zero'."
    text += pass.isComplete ? "\n" : "\nBPTT is not finished: 'back' or 'backward' continues.\n"
    return n.text(text)
  }

  // MARK: Training

  mutating func trainLSTM(on data: Dataset, epochs: Int, learningRate lr: Double, hooks: Hooks)
    -> String
  {
    let n = notation
    let leftover = leftoverGradientsNote(state.activeLSTM.model.gradients)
    let started = hooks.now()
    let report = state.activeLSTM.model.train(
      on: data, epochs: epochs, learningRate: lr, checkEvery: hooks.checkEvery,
      progress: trainingProgress(hooks, started: started))
    state.activeLSTM.lastTraining = report
    state.clearPasses()
    var text =
      leftover
      + trainingOutcome(
        report.outcome, epochs: report.epochsCompleted, sampleSteps: report.sampleSteps,
        finalLoss: report.finalLoss, since: started, data: data, learningRate: lr, hooks: hooks,
        trained: "trained the LSTM", parameters: "parameters")
    let model = state.activeLSTM.model
    let loss = meanLoss(over: data.samples) { s in
      model.loss.readsEveryStep
        ? s.targets.map { model.loss(inputs: s.inputs, targets: $0) } ?? .nan
        : Cell.loss(prediction: model.predict(s.inputs), target: s.target)
    }
    if loss.isFinite {
      let samples = data.samples.count == 1 ? "the 1 sample" : "the \(data.samples.count) samples"
      let which = model.loss.readsEveryStep ? "loss \(model.loss.words)" : "loss"
      text +=
        "\(which) at the final parameters (mean over \(samples) of \(data.name)): \(n.number(loss))\n"
    }
    let s = report.start
    let e = report.end
    let moves = LSTMParameter.allCases.map {
      "\($0.rawValue) \(n.number(s[$0])) \(n.arrow) \(n.number(e[$0]))"
    }
    text += layoutSideBySide(moves, indent: "")
    return text
  }

  func renderLSTMGradientCheck(_ check: [LSTMGradientCheckRow]) -> String {
    let n = notation
    var rows: [[String]] = []
    for row in check {
      rows.append(
        gradientCheckCells(
          row.parameter.rawValue, row.backpropagated, row.numeric, row.relativeError,
          roundoff: nil
        ).cells)
    }
    var text = renderTable(
      ["parameter", "BPTT", "finite diff.", "rel. error", ""], rows, unicode: n.unicode)
    let loss = state.activeLSTM.model.loss
    text += n.text(
      "finite differences: (L(p+ε) − L(p−ε))/2ε, \(loss.checkedFormula), ε = 1e-5·max(1, |p|)\n")
    return text
  }
}

/// The text after the first ` = ` of an equation: its numbers, once its left side is known.
func afterFirstEquals(_ equation: String) -> String {
  guard let range = equation.firstRange(of: " = ") else { return equation }
  return String(equation[range.upperBound...])
}
