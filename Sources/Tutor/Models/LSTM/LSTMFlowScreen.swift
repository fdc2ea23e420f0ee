import RNN

extension Session {
  /// `flow` with `model lstm`: ∂L/∂cₜ and the product of forget gates that carries it back,
  /// beside the RNN's ∂L/∂hₜ and its product of φ′(aₜ)·w₂ on the same input and target
  /// (the session's RNN weights and cell, Part 2's exact math, on a copy).
  func renderLSTMFlow(all: Bool = false) throws(CommandError) -> String {
    let n = notation
    let (flow, other, rnn) = try lstmFlowBesideTheRNN()
    let w = rnn.weights
    // The RNN's own cell: its activation's slope is the factor (ReLU′ for the article's), and
    // a generalised cell (beyond the article) is named with its biases.
    let phi = rnn.cellActivation.symbol
    var cell = ""
    if !rnn.isArticleCell {
      cell = ", \(phi), b = \(n.value(w.b))"
    }
    var text = n.text(
      "Gradient flow back through time (beyond the article): the LSTM beside the RNN\n")
    text += layoutEquation(
      "LSTM: \(n.dL(n.c("t-1"))) = \(n.dL(n.c("t")))\(n.times)\(n.gate(.f, "t")) + what \(n.h("t-1")) sends",
      indent: "")
    text += layoutEquation(
      "RNN (\(n.w(1)) = \(n.value(w.w1)), \(n.w(2)) = \(n.value(w.w2)), \(n.w(3)) = \(n.value(w.w3))\(cell)): \(n.dL(n.h("t-1"))) = \(n.dL(n.h("t")))\(n.times)\(phi)\(n.prime)(\(n.a("t")))\(n.times)\(n.w(2))",
      indent: "")
    let products = other.products
    // Up to 10 characters, so every value keeps the 4 significant digits the RNN's table shows.
    func digits(_ v: Double) -> String { n.compact(v, limit: 10) }
    var rows: [[String]] = []
    for (k, step) in flow.steps.enumerated() {
      var row = [
        String(step.t), digits(step.cellGradient), digits(step.forget), digits(step.forgetProduct),
      ]
      if k < other.steps.count {
        let r = other.steps[k]
        row += [digits(r.hiddenGradient), digits(r.factor), digits(products[k])]
      }
      rows.append(row)
    }
    let header = [
      "t", n.dL(n.c("t")), n.gate(.f, "t"), "∏ f after t", "RNN " + n.dL(n.h("t")),
      "\(phi)\(n.prime)\(n.times)\(n.w(2))", "∏ after t",
    ].map(n.text)
    var footer = ""
    if let last = flow.steps.last, let first = flow.steps.first, flow.steps.count > 1 {
      let rnnLast = products.last ?? 1
      footer = n.text(
        "from t = \(first.t) back to t = \(last.t): the forget gates multiply ∂L/∂c by \(digits(last.forgetProduct)), the RNN's factors ∂L/∂h by \(digits(rnnLast))\n"
      )
    }
    // In a lesson at a terminal, as many rows as fit the screen (the table's header and
    // rule are two more lines), and how to see them all.
    if !all, let limit = pictureRowLimit(around: text + "\n\n" + footer), rows.count > limit {
      text += renderElidedTable(header, rows, keep: max(2, limit / 2)) { skipped in
        elidedLine(skipped, shownBy: "flow all")
      }
    } else {
      text += renderLongTable(header, rows, elide: traits.isInteractive && !all, command: "flow")
    }
    return text + footer
  }

  /// The LSTM's flow of its backward pass and, beside it, the RNN's on the same input and
  /// target: the session's RNN weights and cell with Part 2's exact math, on a copy.
  func lstmFlowBesideTheRNN() throws(CommandError) -> (LSTMGradientFlow, GradientFlow, MiniRnn) {
    guard let back = state.activeLSTM.backward, !back.timesteps.isEmpty, let y = state.target else {
      throw .notReady(
        "flow: no backward pass yet; type 'forward' and 'backward' (or 'back' twice) first")
    }
    var rnn = state.model
    rnn.architecture = .part2
    rnn.mode = .exact
    rnn.truncation = nil
    let other = GradientFlow(model: rnn, inputs: back.forward.inputs, target: y)
    return (LSTMGradientFlow(back), other, rnn)
  }
}
