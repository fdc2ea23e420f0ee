import RNN

/// Fig. 5–7: each sample as a small line chart — its inputs, the value that should come next
/// (dotted, Fig. 5) and the model's prediction (Fig. 6–7) — side by side.
struct PlotPicture {
  /// One chart.
  struct Panel {
    let title: String
    let inputs: [Double]
    let target: Double?
    /// ŷ for these inputs, by the session's model.
    let prediction: Double
    /// True for the sample the session's input and target came from.
    let current: Bool
  }

  let panels: [Panel]
  /// The data set the panels come from, if any.
  let datasetName: String?
  /// The value range every panel shares: [0, 1] as in the article, widened to fit.
  let low: Double
  let high: Double

  init(panels: [Panel], datasetName: String?) {
    self.panels = panels
    self.datasetName = datasetName
    let values = panels.flatMap { $0.inputs + [$0.prediction] + ($0.target.map { [$0] } ?? []) }
      .filter(\.isFinite)
    low = min(0, values.min() ?? 0)
    high = max(1, values.max() ?? 1)
  }

  /// The marks of the three series.
  struct Marks {
    let inputLine: Character
    let inputPoint: Character
    let targetLine: Character
    let targetEnd: Character
    let predictionLine: Character
    let predictionEnd: Character
    let both: Character

    static let unicode = Marks(
      inputLine: "•", inputPoint: "●", targetLine: "·", targetEnd: "○", predictionLine: "+",
      predictionEnd: "×", both: "⊗")
    static let ascii = Marks(
      inputLine: "*", inputPoint: "O", targetLine: ".", targetEnd: "Y", predictionLine: "+",
      predictionEnd: "X", both: "#")
  }

  static let chartHeight = 9

  func render(_ n: Notation, width: Int, color: Bool) -> String {
    let g = Glyphs.forUnicode(n.unicode)
    let m = n.unicode ? Marks.unicode : Marks.ascii
    var text = n.text("Fig. 5–7: ")
    text += datasetName.map { "the samples of \($0)" } ?? "the current input"
    text += n.text(", the next value y (dotted) and the model's prediction ŷ\n")

    let ticks = [high, (high + low) / 2, low]
    let tickLabels = ticks.map { n.compact($0, limit: 6) }
    let axisWidth = (tickLabels.map(\.count).max() ?? 1) + 1
    let spacing = 3
    let longest = panels.map(\.inputs.count).max() ?? 1
    let minimumPanel = max(14, min(longest + 2, 30))
    let perRow = max(1, min(panels.count, (width - axisWidth + spacing) / (minimumPanel + spacing)))
    let panelWidth = max(minimumPanel, (width - axisWidth - (perRow - 1) * spacing) / perRow)
    let chartWidth = panelWidth - 1
    let h = Self.chartHeight

    for first in stride(from: 0, to: panels.count, by: perRow) {
      let group = Array(panels[first..<min(panels.count, first + perRow)])
      var canvas = Canvas(
        width: axisWidth + group.count * panelWidth + (group.count - 1) * spacing, height: h + 3)
      for (i, label) in tickLabels.enumerated() {
        canvas.put(TextLayout.leftPad(label, axisWidth - 1), row: 1 + [0, h / 2, h - 1][i], column: 0)
      }
      for (k, panel) in group.enumerated() {
        let left = axisWidth + k * (panelWidth + spacing)
        canvas.put(
          String((panel.title + (panel.current ? "*" : "")).prefix(panelWidth)), row: 0,
          column: left)
        for row in 1...h {
          let tick = [1, 1 + h / 2, h].contains(row)
          canvas.set(tick ? g.axisTick : g.vertical, row: row, column: left)
        }
        canvas.set(g.axisCorner, row: h + 1, column: left)
        for c in 1..<panelWidth { canvas.set(g.horizontal, row: h + 1, column: left + c) }
        drawSeries(panel, into: &canvas, left: left + 1, top: 1, width: chartWidth, marks: m)
        var caption = panel.target.map { "y \(n.compact($0))  " } ?? ""
        caption += "\(n.yhat) \(n.compact(panel.prediction))"
        canvas.put(String(caption.prefix(panelWidth)), row: h + 2, column: left)
      }
      text += canvas.render(color: color)
    }
    text +=
      "\(m.inputPoint) x, the input   \(m.targetLine)\(m.targetLine)\(m.targetEnd) y, the next value   "
    text +=
      "\(m.predictionLine)\(m.predictionLine)\(m.predictionEnd) \(n.yhat), the prediction   \(m.both) y and \(n.yhat) in one cell\n"
    if panels.contains(where: \.current) {
      text += "* the sample the session's input and target came from\n"
    }
    return text
  }

  /// The column of position `i` (0…n−1 the inputs, n the next value) in a chart `width` wide.
  private func column(_ i: Int, of count: Int, width: Int) -> Int {
    Int((Double(i) / Double(count) * Double(width - 1)).rounded())
  }

  private func row(_ v: Double, height: Int) -> Int {
    guard v.isFinite else { return v == -.infinity ? height - 1 : 0 }
    return cellIndex((high - v) / (high - low), count: height)
  }

  private func drawSeries(
    _ panel: Panel, into canvas: inout Canvas, left: Int, top: Int, width: Int, marks m: Marks
  ) {
    let count = panel.inputs.count
    let h = Self.chartHeight
    func segment(_ i: Int, _ a: Double, _ b: Double, _ mark: Character, _ color: PictureColor) {
      let c0 = column(i, of: count, width: width)
      let c1 = column(i + 1, of: count, width: width)
      var previousRow: Int?
      for c in c0...max(c0, c1) {
        let f = c1 == c0 ? 1 : Double(c - c0) / Double(c1 - c0)
        let r = row(a + (b - a) * f, height: h)
        if let p = previousRow, abs(r - p) > 1 {
          for between in (min(r, p) + 1)..<max(r, p) {
            canvas.set(mark, row: top + between, column: left + c, color: color)
          }
        }
        canvas.set(mark, row: top + r, column: left + c, color: color)
        previousRow = r
      }
    }
    for i in 0..<(count - 1) {
      segment(i, panel.inputs[i], panel.inputs[i + 1], m.inputLine, .input)
    }
    let last = panel.inputs[count - 1]
    if let y = panel.target { segment(count - 1, last, y, m.targetLine, .target) }
    segment(count - 1, last, panel.prediction, m.predictionLine, .prediction)
    for i in 0..<count {
      let c = column(i, of: count, width: width)
      canvas.set(
        m.inputPoint, row: top + row(panel.inputs[i], height: h), column: left + c, color: .input)
    }
    let end = left + column(count, of: count, width: width)
    let predictionRow = top + row(panel.prediction, height: h)
    if let y = panel.target {
      let targetRow = top + row(y, height: h)
      canvas.set(m.targetEnd, row: targetRow, column: end, color: .target)
      if targetRow == predictionRow {
        canvas.set(m.both, row: targetRow, column: end, color: .prediction)
        return
      }
    }
    canvas.set(m.predictionEnd, row: predictionRow, column: end, color: .prediction)
  }

  /// The same charts as SVG, one panel per sample, up to four in a row: round-number ticks
  /// shared by every panel, t along the bottom (t = n + 1 is the value that follows), the
  /// target as a ring and the prediction as a dot, so one never hides the other.
  func svg(_ n: Notation) -> String {
    let panelWidth = 190.0
    let panelHeight = 140.0
    let spacing = 70.0
    let margin = 60.0
    let perRow = min(4, max(1, panels.count))
    let rowsOfPanels = (panels.count + perRow - 1) / perRow
    let rowHeight = panelHeight + 110
    let width = max(660, margin + Double(perRow) * (panelWidth + spacing))
    var svg = SVGDocument(width: width, height: 0, title: "minirnn plot")
    var y = 26.0
    let heading = n.text(
      "Fig. 5–7: "
        + (datasetName.map { "the samples of \($0)" } ?? "the current input")
        + ", the next value y and the model's prediction ŷ")
    for line in TextLayout.wrap(heading, width: Int((width - 40) / (14 * SVGBox.advance))) {
      svg.text(line, x: 20, y: y, size: 14, bold: true)
      y += 20
    }
    let top = y + 40
    let vertical = ChartAxis.linear(low, high, count: 5)
    let (input, target, prediction) = (
      PictureColor.input.svg, PictureColor.target.svg, PictureColor.prediction.svg
    )
    for (k, panel) in panels.enumerated() {
      let count = panel.inputs.count
      let frame = ChartFrame(
        x: margin + Double(k % perRow) * (panelWidth + spacing),
        y: top + Double(k / perRow) * rowHeight, width: panelWidth, height: panelHeight,
        horizontal: .counting(1, count + 1, count: 4), vertical: vertical)
      frame.draw(into: &svg, horizontalName: "t", verticalName: "")
      svg.text(
        panel.title + (panel.current ? " (current)" : ""), x: frame.x, y: frame.y - 10,
        size: 12, bold: panel.current)
      let points = panel.inputs.enumerated().map { frame.point(Double($0.offset + 1), $0.element) }
      let last = points[count - 1]
      if let y = panel.target {
        let p = frame.point(Double(count + 1), y)
        svg.polyline([last, p], stroke: target, width: 2, dashed: true)
        svg.circle(x: p.x, y: p.y, radius: 6.5, fill: "none", stroke: target, strokeWidth: 2.5)
      }
      let p = frame.point(Double(count + 1), panel.prediction)
      svg.polyline([last, p], stroke: prediction, width: 1.5)
      svg.circle(x: p.x, y: p.y, radius: 3.5, fill: prediction)
      svg.polyline(points, stroke: input, width: 2)
      for point in points { svg.circle(x: point.x, y: point.y, radius: 3.5, fill: input) }
      var caption = panel.target.map { "y = \(n.compact($0)),  " } ?? ""
      caption += "\(n.yhat) = \(n.compact(panel.prediction))"
      svg.text(caption, x: frame.x, y: frame.y + panelHeight + 56, size: 12)
    }
    let legendY = top + Double(rowsOfPanels) * rowHeight - 20
    svg.text("● x, the input", x: margin, y: legendY, fill: input)
    svg.text(
      "○ y, the next value (dashed)", x: margin + 130, y: legendY, fill: target)
    svg.text(
      "● \(n.yhat), the model's prediction", x: margin + 340, y: legendY, fill: prediction)
    svg.height = legendY + 20
    return svg.document
  }
}

extension Session {
  /// The charts for `plot`: every sample of the loaded data set, and the current input when
  /// it is not one of them.
  func plotPicture() throws(CommandError) -> PlotPicture {
    // The session's model, whichever it is.
    let model = state.active
    let predict = model.predict
    var panels: [PlotPicture.Panel] = []
    if let dataset = state.dataset {
      for (i, sample) in dataset.samples.enumerated() {
        panels.append(
          PlotPicture.Panel(
            title: "sample \(i + 1)", inputs: sample.inputs, target: sample.target,
            prediction: predict(sample.inputs), current: state.sampleIndex == i))
      }
    }
    if state.sampleIndex == nil {
      panels.append(
        PlotPicture.Panel(
          title: "input", inputs: state.inputs, target: state.target,
          prediction: predict(state.inputs), current: false))
    }
    return PlotPicture(panels: panels, datasetName: state.dataset?.name)
  }
}
