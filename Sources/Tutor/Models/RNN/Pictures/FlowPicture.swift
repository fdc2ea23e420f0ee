import RNN

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `flow`: the gradient on its way back through time, one row per timestep, |∂L/∂h_t| as a
/// bar on a log scale, the factor ReLU′(a_t)·w₂ that carries it one step further, and each
/// timestep's share of ∂L/∂w₁ and ∂L/∂w₂. `flow sweep` draws |∂L/∂h_t| against t for several
/// values of w₂ or of the length n. Beyond the article: it follows §2.5's recursion to
/// vanishing and exploding gradients.
struct FlowPicture {
  /// One line of a sweep: what was varied, and the flow it gave.
  struct Series {
    let label: String
    let flow: GradientFlow
  }

  let series: [Series]
  /// True for a single flow (the table with bars); false for a sweep (the chart).
  let single: Bool

  /// The decades the finite, non-zero |∂L/∂h_t| span, as log₁₀.
  var range: (low: Double, high: Double)? {
    GradientTextChart.decades(series.flatMap(\.flow.steps).map(\.hiddenGradient))
  }

  /// `rowLimit` (see `Session.pictureRowLimit`) is asked, given the lines around the table,
  /// how many of its rows fit the terminal; nil for all of them.
  func render(
    _ n: Notation, width: Int, color: Bool, rowLimit: (String) -> Int? = { _ in nil }
  ) -> String {
    single
      ? renderTable(n, width: width, color: color, rowLimit: rowLimit)
      : renderChart(n, width: width, color: color)
  }

  /// What ∂L/∂h_t is, in one line.
  private func formula(_ n: Notation) -> String {
    "\(n.dL(n.h("t"))) = \(n.w(3))\(n.times)\(n.dL(n.yhat))\(n.times)\(n.text("∏"))\(n.sub("k")) \(n.phi)\(n.prime)(\(n.a("k")))\(n.times)\(n.w(2)) over k = t+1\(n.text("…"))n: one factor per step back"
  }

  private func renderTable(
    _ n: Notation, width: Int, color: Bool, rowLimit: (String) -> Int?
  ) -> String {
    let flow = series[0].flow
    var text = n.text("Gradient flow back through time (§2.5, beyond the article)\n")
    text += formula(n) + "\n"
    let barWidth = max(10, min(30, width - 52))
    let range = self.range
    if let range {
      text +=
        "bars: |\(n.dL(n.h("t")))| on a log scale from \(n.compact(pow(10, range.low))) to \(n.compact(pow(10, range.high)))\n"
    }
    let header =
      "\(TextLayout.leftPad("t", 5))  \(TextLayout.leftPad(n.dL(n.h("t")), 10))  \(TextLayout.rightPad("|" + n.dL(n.h("t")) + "|", barWidth))  \(TextLayout.leftPad("factor", 8))  \(TextLayout.leftPad(n.w(1) + " share", 9))  \(TextLayout.leftPad(n.w(2) + " share", 9))"
    text += header.trimmingTrailingSpaces() + "\n"
    let block = n.unicode ? "█" : "#"
    func row(_ s: GradientFlow.Step) -> String {
      var bar = ""
      let g = abs(s.hiddenGradient)
      if let range, g > 0, g.isFinite {
        let f = range.high > range.low ? (log10(g) - range.low) / (range.high - range.low) : 1
        bar = String(repeating: block, count: 1 + cellIndex(f, count: barWidth))
      } else if g == 0 {
        bar = n.text(flow.cutByTheActivation ? "0: ReLU′ cut it" : "0: underflow")
      }
      let painted =
        color && !bar.isEmpty ? PictureColor.gradient.ansi + bar + PictureColor.reset : bar
      let padding = String(repeating: " ", count: max(0, barWidth - bar.count))
      func share(_ v: Double?) -> String { v.map { NumberFormat.percent($0) } ?? "" }
      let line =
        "\(TextLayout.leftPad(String(s.t), 5))  \(TextLayout.leftPad(n.compact(s.hiddenGradient, limit: 10), 10))  \(painted)\(padding)  \(TextLayout.leftPad(n.compact(s.factor), 8))  \(TextLayout.leftPad(share(s.w1Share), 9))  \(TextLayout.leftPad(share(s.w2Share), 9))"
      return line.trimmingTrailingSpaces() + "\n"
    }
    var footer = ""
    if let last = flow.steps.last, last.t > 1, !flow.isComplete {
      footer += "BPTT has reached t = \(last.t); 'back' or 'backward' continues\n"
    }
    footer += verdict(flow, n)
    // In a lesson at a terminal, as many rows as fit the screen, and how to see them all.
    if let limit = rowLimit(text + footer), flow.steps.count > limit {
      text += elidedLines(
        flow.steps, keep: max(2, limit / 2), notation: n, shownBy: "flow all", row)
    } else {
      text += elidedLines(
        flow.steps, keep: 25, notation: n, shownBy: "grads all", row)
    }
    return text + footer
  }

  /// One sentence on what the product of the factors did to the gradient.
  private func verdict(_ flow: GradientFlow, _ n: Notation) -> String {
    guard flow.steps.count >= 2, let first = flow.steps.first, let last = flow.steps.last else {
      return ""
    }
    let factors = flow.steps.count - 1
    var text =
      "from \(n.h(first.t)) back to \(n.h(last.t)) the gradient was multiplied by \(n.compact(flow.product)) (\(factors) factor\(factors == 1 ? "" : "s"))"
    if flow.product == 0 && flow.cutByTheActivation {
      text += ": ReLU′ = 0 at some step cut it off"
    } else if flow.product == 0 {
      text += ": it shrank below the smallest Double and underflowed to 0"
    } else if abs(flow.product) < 1e-3 {
      text += ": it vanishes, so early inputs barely change \(n.w(1)) and \(n.w(2))"
    } else if abs(flow.product) > 1e3 {
      text += ": it explodes, so the early timesteps dominate and updates overshoot"
    }
    return text + "\n"
  }

  private func renderChart(_ n: Notation, width: Int, color: Bool) -> String {
    var text = n.text(
      "Gradient flow: |∂L/∂hₜ| against t, log scale, one line per value (beyond the article)\n")
    let chart = GradientTextChart(
      lines: series.map { s in
        .init(label: s.label, points: s.flow.steps.map { ($0.t, $0.hiddenGradient) })
      }, length: series.map(\.flow.length).max() ?? 1)
    guard let drawn = chart.render(n, width: width, color: color) else {
      return text + "every gradient is 0: nothing to draw\n"
    }
    text += drawn
    for (i, s) in series.enumerated() {
      text +=
        "\(GradientTextChart.marks[i]) \(s.label): \(n.h(s.flow.length))\(n.text("→"))\(n.h(1)) multiplied by \(n.compact(s.flow.product))\n"
    }
    return text
  }

  /// The flow as an SVG line chart, |∂L/∂hₜ| against t on a log scale with a marker at
  /// every timestep (a gradient of exactly 0 on its own strip under the chart), and, when
  /// `history` is given, a heat map of |∂L/∂hₜ| over t and the epochs of the last training.
  func svg(_ n: Notation, history: GradientHistory? = nil, caption: String? = nil) -> String {
    let left = GradientChart.left
    let plotWidth = GradientChart.plotWidth
    let chart = GradientChart(
      lines: series.map { s in
        .init(
          label: single ? n.text("the last backward pass") : s.label,
          points: s.flow.steps.map { ($0.t, $0.hiddenGradient) })
      }, length: series.map(\.flow.length).max() ?? 2,
      name: n.text("|∂L/∂hₜ|, log scale"),
      zero: n.text(
        series.allSatisfy(\.flow.cutByTheActivation)
          ? "○ exactly 0: \(n.phi)′ cut it" : "○ exactly 0 (underflow or \(n.phi)′ = 0)"),
      compactValue: { n.compact($0) })
    let mapHeight = history.map { min(200, max(90, Double($0.length) * 14)) } ?? 0
    let noteLines = [caption, single ? verdictSentence(n) : nil].compactMap { $0 }
    let chartBottom = chart.bottom
    let notesHeight = Double(noteLines.count) * 2 * 17 + 10
    let mapTop = chartBottom + notesHeight + 60
    var svg = SVGDocument(
      width: left + plotWidth + 190,
      height: history == nil ? chartBottom + notesHeight + 10 : mapTop + mapHeight + 60,
      title: "minirnn flow")
    svg.text(
      n.text("|∂L/∂hₜ| on its way back through time (§2.5, beyond the article)"), x: 20, y: 26,
      size: 15, bold: true)
    chart.draw(into: &svg)
    svg.notes(noteLines, x: 20, y: chartBottom + 20, width: left + plotWidth + 150)

    if let history, let first = history.columns.first, let last = history.columns.last {
      let logs = history.columns.flatMap(\.hiddenGradients).map(abs).filter {
        $0 > 0 && $0.isFinite
      }
      let scale = ChartAxis.logarithmic(logs.min() ?? 0.1, logs.max() ?? 1)
      let map = ChartFrame(
        x: left, y: mapTop, width: plotWidth, height: mapHeight,
        horizontal: .counting(first.epoch, max(last.epoch, first.epoch + 1)),
        vertical: .counting(1, max(2, history.length), count: min(max(1, history.length - 1), 6)))
      svg.text(
        n.text(
          "|∂L/∂hₜ| for the current input at the weights after each epoch of the last 'train'"),
        x: 20, y: mapTop - 38, size: 13, bold: true)
      let rows = min(history.length, 60)
      let rowHeight = mapHeight / Double(rows)
      for (k, column) in history.columns.enumerated() {
        let x0 = map.point(Double(column.epoch), 1).x
        let next = k + 1 < history.columns.count ? history.columns[k + 1].epoch : column.epoch + 1
        let x1 = max(x0 + 1, map.point(Double(next), 1).x)
        for r in 0..<rows {
          // Long sequences are shown in bands of timesteps, each as its largest gradient.
          let from = r * history.length / rows
          let to = max(from + 1, (r + 1) * history.length / rows)
          let g = column.hiddenGradients[from..<to].map(abs).max() ?? 0
          let fill = g > 0 && g.isFinite ? ColorScale.color(scale.fraction(g)) : "#ffffff"
          svg.rect(
            x: x0, y: mapTop + mapHeight - Double(r + 1) * rowHeight, width: x1 - x0,
            height: rowHeight, fill: fill, crisp: true)
        }
      }
      svg.rect(
        x: left, y: mapTop, width: plotWidth, height: mapHeight, fill: "none", stroke: "#999999")
      for tick in map.vertical.ticks {
        let yy = mapTop + mapHeight - (tick.value - 0.5) / Double(history.length) * mapHeight
        svg.text(tick.label, x: left - 7, y: yy + 4, anchor: "end", size: 11, fill: "#444444")
      }
      for tick in map.horizontal.ticks {
        let xx = map.point(tick.value, 1).x
        svg.line(
          x1: xx, y1: mapTop + mapHeight, x2: xx, y2: mapTop + mapHeight + 4, stroke: "#666666")
        let box = SVGBox(
          text: tick.label, x: xx, y: mapTop + mapHeight + 17, anchor: "middle", size: 11)
        if !svg.textBoxes.contains(where: { $0.overlaps(box) }) {
          svg.text(
            tick.label, x: xx, y: mapTop + mapHeight + 17, anchor: "middle", size: 11,
            fill: "#444444")
        }
      }
      svg.text("epoch", x: left + plotWidth / 2, y: mapTop + mapHeight + 36, anchor: "middle")
      svg.text("t", x: left, y: mapTop - 8, anchor: "middle")
      ColorScale.drawBar(
        into: &svg, x: left + plotWidth + 24, y: mapTop, height: mapHeight, axis: scale,
        name: n.text("|∂L/∂hₜ|"))
      svg.text(
        "white: exactly 0", x: left + plotWidth + 24, y: mapTop + mapHeight + 17, size: 11,
        fill: "#444444")
    }
    return svg.document
  }

  /// The verdict of a single flow as one sentence, without its line break.
  private func verdictSentence(_ n: Notation) -> String? {
    let text = verdict(series[0].flow, n)
    return text.isEmpty ? nil : String(text.dropLast())
  }
}

extension FlowPicture {
  /// Why a run diverged, from the flow of the sample it diverged on: how much ∂L/∂h_t grew
  /// on its way back and how many factors ReLU′(a_t)·w₂ exceeded 1. Nil when none did.
  static func divergence(_ flow: GradientFlow, _ n: Notation) -> String? {
    let factors = flow.steps.dropLast()
    let above = factors.filter { abs($0.factor) > 1 }.count
    guard above > 0, let first = flow.steps.first, let last = flow.steps.last else { return nil }
    return
      "why: at the last finite weights the factor \(n.phi)\(n.prime)(aₜ)\(n.times)\(n.w(2)) exceeded 1 in \(above) of \(factors.count) steps back, so \(n.dL(n.h("t"))) grew by \(n.compact(flow.product)) from \(n.h(first.t)) to \(n.h(last.t)) ('flow' shows it; 'clip' or a smaller lr tames it)\n"
      .replacing("aₜ", with: n.a("t"))
  }
}

extension Session {
  /// The flow of the session's backward pass, or why there is none.
  func flowPicture(sweep words: [String]) throws(CommandError) -> FlowPicture {
    guard !words.isEmpty else {
      guard let pass = state.backward, !pass.timesteps.isEmpty else {
        throw .notReady("flow: no backward pass yet; type 'backward' (or 'back' twice) first")
      }
      return FlowPicture(series: [.init(label: "", flow: GradientFlow(pass))], single: true)
    }
    guard words.count >= 2, words[0] == "w2" || words[0] == "n" else {
      throw .badArguments(.expected("'sweep w2 A B …' or 'sweep n A B …' (2 to 6 values)"))
    }
    guard (2...7).contains(words.count) else {
      throw .badArguments(.expected("2 to 6 values after 'sweep \(words[0])'"))
    }
    guard let y = state.target else { throw .noTarget(command: "flow sweep") }
    var series: [FlowPicture.Series] = []
    let n = notation
    for word in words.dropFirst() {
      var model = state.model
      model.gradients = .zero
      var inputs = state.inputs
      if words[0] == "w2" {
        model.weights.w2 = try Parse.number(word, "flow sweep w2")
        series.append(
          .init(
            label: "\(n.w(2)) = \(plainNumber(model.weights.w2))",
            flow: GradientFlow(model: model, inputs: inputs, target: y)))
      } else {
        let length = try Parse.count(word, "flow sweep n", in: 1...Limits.sequenceLength)
        // The session's input, repeated to the length asked for.
        inputs = (0..<length).map { state.inputs[$0 % state.inputs.count] }
        series.append(
          .init(label: "n = \(length)", flow: GradientFlow(model: model, inputs: inputs, target: y))
        )
      }
    }
    return FlowPicture(series: series, single: false)
  }
}

extension Session {
  /// `flow` as SVG: the last `flow sweep`, or the session's backward pass (computed on a copy
  /// at the current weights when a training left none), with the heat map of the last
  /// training when there was one.
  func flowSVG(_ n: Notation) throws(CommandError) -> String {
    let sweep = lastFlowSweep
    guard sweep.isEmpty, state.model.architecture == .part2 else {
      return try flowPicture(sweep: sweep).svg(n)
    }
    var history: GradientHistory?
    if let report = state.lastTraining, let y = state.target {
      history = GradientHistory(
        model: state.model, path: report.path, inputs: state.inputs, target: y)
    }
    if let pass = state.backward, !pass.timesteps.isEmpty {
      return try flowPicture(sweep: []).svg(n, history: history)
    }
    guard history != nil, let y = state.target else { return try flowPicture(sweep: []).svg(n) }
    var model = state.model
    model.gradients = .zero
    let flow = GradientFlow(model: model, inputs: state.inputs, target: y)
    return FlowPicture(series: [.init(label: "", flow: flow)], single: true).svg(
      n, history: history,
      caption:
        "the session has no backward pass, so the one above is computed on a copy at the current weights"
    )
  }
}

extension GradientFlow {
  /// True when a factor φ′(aₜ)·w₂ is exactly 0, so a gradient of 0 was cut there rather than
  /// worn down to 0 by underflow.
  var cutByTheActivation: Bool { steps.contains { $0.factor == 0 } }
}
