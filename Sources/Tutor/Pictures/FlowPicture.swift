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
    let logs = series.flatMap(\.flow.steps).map { abs($0.hiddenGradient) }
      .filter { $0 > 0 && $0.isFinite }.map(log10)
    guard let low = logs.min(), let high = logs.max() else { return nil }
    return high - low < 1 ? (low - 0.5, high + 0.5) : (low, high)
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
      "\(leftPad("t", 5))  \(leftPad(n.dL(n.h("t")), 10))  \(rightPad("|" + n.dL(n.h("t")) + "|", barWidth))  \(leftPad("factor", 8))  \(leftPad(n.w(1) + " share", 9))  \(leftPad(n.w(2) + " share", 9))"
    text += header.trimmingTrailingSpaces() + "\n"
    let block = n.unicode ? "█" : "#"
    func row(_ s: GradientFlow.Step) -> String {
      var bar = ""
      let g = abs(s.hiddenGradient)
      if let range, g > 0, g.isFinite {
        let f = range.high > range.low ? (log10(g) - range.low) / (range.high - range.low) : 1
        bar = String(repeating: block, count: 1 + cellIndex(f, count: barWidth))
      } else if g == 0 {
        bar = n.text("0: ReLU′ cut it")
      }
      let painted =
        color && !bar.isEmpty ? PictureColor.gradient.ansi + bar + PictureColor.reset : bar
      let padding = String(repeating: " ", count: max(0, barWidth - bar.count))
      func share(_ v: Double?) -> String { v.map { formatPercent($0) } ?? "" }
      let line =
        "\(leftPad(String(s.t), 5))  \(leftPad(n.compact(s.hiddenGradient, limit: 10), 10))  \(painted)\(padding)  \(leftPad(n.compact(s.factor), 8))  \(leftPad(share(s.w1Share), 9))  \(leftPad(share(s.w2Share), 9))"
      return line.trimmingTrailingSpaces() + "\n"
    }
    var footer = ""
    if let last = flow.steps.last, last.t > 1 {
      footer += "BPTT has reached t = \(last.t); 'back' or 'backward' continues\n"
    }
    footer += verdict(flow, n)
    // In a lesson at a terminal, as many rows as fit the screen, and how to see them all.
    if let limit = rowLimit(text + footer), flow.steps.count > limit {
      text += elidedLines(
        flow.steps, keep: max(2, limit / 2), notation: n, hint: " ('flow all' lists every row)",
        row)
    } else {
      text += elidedLines(
        flow.steps, keep: 25, notation: n, hint: " ('grads all' lists every term)", row)
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
    if flow.product == 0 {
      text += ": ReLU′ = 0 at some step cut it off"
    } else if abs(flow.product) < 1e-3 {
      text += ": it vanishes, so early inputs barely change \(n.w(1)) and \(n.w(2))"
    } else if abs(flow.product) > 1e3 {
      text += ": it explodes, so the early timesteps dominate and updates overshoot"
    }
    return text + "\n"
  }

  private func renderChart(_ n: Notation, width: Int, color: Bool) -> String {
    let g = Glyphs.forUnicode(n.unicode)
    var text = n.text(
      "Gradient flow: |∂L/∂hₜ| against t, log scale, one line per value (beyond the article)\n")
    guard let range else { return text + "every gradient is 0: nothing to draw\n" }
    let height = 12
    let labels = [range.high, (range.high + range.low) / 2, range.low].map {
      n.compact(pow(10, $0))
    }
    let axis = (labels.map(\.count).max() ?? 1) + 1
    let chartWidth = max(10, width - axis - 2)
    let longest = series.map(\.flow.length).max() ?? 1
    var canvas = Canvas(width: axis + 1 + chartWidth, height: height + 2)
    for (i, label) in labels.enumerated() {
      canvas.put(leftPad(label, axis - 1), row: [0, height / 2, height - 1][i], column: 0)
    }
    for r in 0..<height { canvas.set(g.vertical, row: r, column: axis) }
    canvas.set(g.axisCorner, row: height, column: axis)
    for c in 1...chartWidth { canvas.set(g.horizontal, row: height, column: axis + c) }
    canvas.put("t = 1", row: height + 1, column: axis + 1)
    let end = "t = \(longest)"
    canvas.put(end, row: height + 1, column: axis + 1 + chartWidth - end.count)
    let marks = Array("123456")
    for (i, s) in series.enumerated() {
      for step in s.flow.steps {
        let v = abs(step.hiddenGradient)
        guard v > 0, v.isFinite else { continue }
        let fx = longest > 1 ? Double(step.t - 1) / Double(longest - 1) : 0
        let fy = (range.high - log10(v)) / (range.high - range.low)
        canvas.set(
          marks[i], row: cellIndex(fy, count: height),
          column: axis + 1 + cellIndex(fx, count: chartWidth),
          color: [PictureColor.gradient, .prediction, .input, .target, .weight, .path][i])
      }
    }
    text += canvas.render(color: color)
    for (i, s) in series.enumerated() {
      text +=
        "\(marks[i]) \(s.label): \(n.h(s.flow.length))\(n.text("→"))\(n.h(1)) multiplied by \(n.compact(s.flow.product))\n"
    }
    return text
  }

  func svg(_ n: Notation) -> String {
    let left = 80.0
    let top = 40.0
    let plotWidth = 540.0
    let plotHeight = 260.0
    var svg = SVGDocument(
      width: left + plotWidth + 200, height: top + plotHeight + 60, title: "minirnn flow")
    svg.text("|∂L/∂hₜ| back through time, log scale", x: left, y: 24, size: 14)
    svg.rect(x: left, y: top, width: plotWidth, height: plotHeight, fill: "none", stroke: "#bbbbbb")
    guard let range else { return svg.document }
    let longest = Double(max(2, series.map(\.flow.length).max() ?? 2))
    func x(_ t: Int) -> Double { left + Double(t - 1) / (longest - 1) * plotWidth }
    func y(_ v: Double) -> Double {
      top + (range.high - log10(v)) / max(1e-12, range.high - range.low) * plotHeight
    }
    for v in [range.low, (range.low + range.high) / 2, range.high] {
      let yy = top + (range.high - v) / max(1e-12, range.high - range.low) * plotHeight
      svg.text(
        n.compact(pow(10, v)), x: left - 6, y: yy + 4, anchor: "end", size: 11, fill: "#555555")
    }
    let colors = [PictureColor.gradient, .prediction, .input, .target, .weight, .path]
    for (i, s) in series.enumerated() {
      let points = s.flow.steps.filter { $0.hiddenGradient != 0 && $0.hiddenGradient.isFinite }
        .map { (x: x($0.t), y: y(abs($0.hiddenGradient))) }
      svg.polyline(points, stroke: colors[i].svg)
      svg.text(
        s.label, x: left + plotWidth + 10, y: top + 16 + Double(i) * 18, size: 12,
        fill: colors[i].svg)
    }
    svg.text("t = 1", x: left, y: top + plotHeight + 16, size: 11)
    svg.text(
      "t = \(Int(longest))", x: left + plotWidth, y: top + plotHeight + 16, anchor: "end", size: 11)
    return svg.document
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

/// `50%`, `0.3%`, `-12%`: a share for a column.
private func formatPercent(_ v: Double) -> String {
  let p = v * 100
  if !p.isFinite { return "" }
  return formatNumber(p, significantDigits: abs(p) >= 10 ? 3 : 2) + "%"
}

extension Session {
  /// The flow of the session's backward pass, or why there is none.
  func flowPicture(sweep words: [String]) throws(CommandError) -> FlowPicture {
    guard state.model.architecture == .part2 else { throw .partOneModel(command: "flow") }
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
