import RNN

extension Session {
  /// `flow` as SVG with `model lstm`: |∂L/∂cₜ| of the LSTM's backward pass beside the RNN's
  /// |∂L/∂hₜ| on the same input and target (the session's RNN weights, on a copy), as
  /// `flow` lists them. The heat map over a training's epochs is drawn for the RNN only.
  func lstmFlowSVG(_ n: Notation) throws(CommandError) -> String {
    let (flow, other, _) = try lstmFlowBesideTheRNN()
    let chart = GradientChart(
      lines: [
        .init(
          label: n.text("LSTM |∂L/∂cₜ|"), points: flow.steps.map { ($0.t, $0.cellGradient) }),
        .init(
          label: n.text("RNN |∂L/∂hₜ|, same input"),
          points: other.steps.map { ($0.t, $0.hiddenGradient) }),
      ], length: flow.length, name: "magnitude, log scale", zero: n.text("○ exactly 0"),
      compactValue: { n.compact($0) })
    var notes = [
      n.text(
        "the LSTM carries ∂L/∂c back through the forget gates (∂L/∂cₜ₋₁ = ∂L/∂cₜ·fₜ + what hₜ₋₁ sends); the RNN multiplies ∂L/∂h by \(n.phi)′(aₜ)·w₂ at every step"
      )
    ]
    if state.activeLSTM.lastTraining != nil {
      notes.append("the heat map over the epochs of a training is drawn for the RNN only")
    }
    let width = GradientChart.left + GradientChart.plotWidth + 190
    var svg = SVGDocument(
      width: width, height: chart.bottom + 30 + Double(notes.count) * 34, title: "minirnn flow")
    svg.text(
      "Gradient flow back through time: the LSTM beside the RNN (beyond the article)", x: 20,
      y: 26, size: 15, bold: true)
    chart.draw(into: &svg)
    svg.height = svg.notes(notes, x: 20, y: chart.bottom + 20, width: width - 40)
    return svg.document
  }
}
