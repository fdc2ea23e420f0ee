import RNN

/// The pieces the unrolled networks' SVG diagrams are drawn with: value boxes holding a
/// value (and, after BPTT, its gradient in the gradient colour), and the columns shown when
/// a sequence is too long for the page.
struct UnrollDiagram {
  /// The timesteps drawn: all of them up to `most`, else the first and last halves, and how
  /// many are left out between them.
  static func shownTimesteps(_ count: Int, most: Int) -> (head: [Int], tail: [Int], left: Int) {
    guard count > most else { return (Array(1...max(1, count)), [], 0) }
    let head = (most + 1) / 2
    let tail = most / 2
    return (Array(1...head), Array((count - tail + 1)...count), count - head - tail)
  }

  /// The shown timesteps laid out left to right: each column's left edge, starting at
  /// `margin + gap` with `gap` between columns and room for the elision between the halves;
  /// where the elision's dots go, how many timesteps they stand for, and `end`, where a column
  /// after the last would start.
  static func columns(
    _ count: Int, most: Int, width: Double, gap: Double, elisionWidth: Double, margin: Double
  ) -> (columns: [(t: Int, x: Double)], elisionX: Double, left: Int, end: Double) {
    let (head, tail, left) = shownTimesteps(count, most: most)
    var columns: [(t: Int, x: Double)] = []
    var cursor = margin + gap
    for t in head {
      columns.append((t, cursor))
      cursor += width + gap
    }
    let elisionX = cursor - gap / 2 + elisionWidth / 2
    if !tail.isEmpty { cursor += elisionWidth }
    for t in tail {
      columns.append((t, cursor))
      cursor += width + gap
    }
    return (columns, elisionX, left, cursor)
  }

  /// A box with its value on the first line and, when given, its gradient on the second.
  static func box(
    into svg: inout SVGDocument, x: Double, y: Double, width: Double, height: Double,
    fill: String, stroke: String, value: String, gradient: String?
  ) {
    svg.rect(
      x: x, y: y, width: width, height: height, fill: fill, stroke: stroke, strokeWidth: 1.5,
      corner: 6)
    let center = x + width / 2
    if let gradient {
      svg.text(value, x: center, y: y + height / 2 - 3, anchor: "middle", size: 13)
      svg.text(
        gradient, x: center, y: y + height / 2 + 14, anchor: "middle", size: 11,
        fill: PictureColor.gradient.svg)
    } else {
      svg.text(value, x: center, y: y + height / 2 + 5, anchor: "middle", size: 13)
    }
  }

  /// h_t's box: its value (`·` before the forward pass reaches t) and, once BPTT has started
  /// (`gradients` is not empty), ∂L/∂h_t.
  static func hiddenBox(
    into svg: inout SVGDocument, x: Double, y: Double, width: Double, height: Double, t: Int,
    hidden: [Double?], gradients: [Double?], _ n: Notation
  ) {
    func shown(_ v: Double?) -> String { v.map { n.compact($0) } ?? "·" }
    box(
      into: &svg, x: x, y: y, width: width, height: height, fill: hiddenFill,
      stroke: PictureColor.input.svg, value: "\(n.h(t)) = \(shown(hidden[t - 1]))",
      gradient: gradients.isEmpty ? nil : "\(n.dL(n.h(t))) = \(shown(gradients[t - 1]))")
  }

  /// x_t's box, one line high.
  static func inputBox(
    into svg: inout SVGDocument, x: Double, y: Double, width: Double, t: Int, inputs: [Double],
    _ n: Notation
  ) {
    box(
      into: &svg, x: x, y: y, width: width, height: 40, fill: inputFill, stroke: "#777777",
      value: "\(n.x(t)) = \(n.compact(inputs[t - 1]))", gradient: nil)
  }

  /// The link from h_{t−1} into the column whose left edge is `x`, along `y`: h₀ = 0 and its
  /// arrow before the first column; from the column before, an arrow carrying `label` (the
  /// recurrent weight) when that column is shown, else a short arrow in from the elision.
  static func recurrentLink(
    into svg: inout SVGDocument, t: Int, x: Double, y: Double, gap: Double, previousShown: Bool,
    label: String, _ n: Notation
  ) {
    let from = x - gap
    let weight = PictureColor.weight.svg
    if t == 1 {
      svg.text("\(n.h(0)) = 0", x: from + 4, y: y - 8, size: 12)
      svg.arrow(from: (from + 4, y), to: (x, y))
    } else if previousShown {
      svg.arrow(from: (from, y), to: (x, y), stroke: weight)
      svg.text(label, x: from + gap / 2, y: y - 8, anchor: "middle", size: 12, fill: weight)
    } else {
      svg.arrow(from: (x - 30, y), to: (x, y), stroke: weight)
    }
  }

  /// The gap where left-out timesteps would be: dots and how many.
  static func elision(into svg: inout SVGDocument, x: Double, y: Double, left: Int) {
    svg.text("…", x: x, y: y, anchor: "middle", size: 18, fill: "#666666")
    svg.text("\(left) more", x: x, y: y + 18, anchor: "middle", size: 11, fill: "#666666")
  }

  static let hiddenFill = "#eef3fb"
  static let inputFill = "#f3f3f3"
  static let outputFill = "#fbeeee"
  static let cellFill = "#f6effa"
}

extension UnrollPicture {
  /// Fig. 1–4 as a vector diagram: x_t, h_t and ŷ in boxes, each arrow with its weight and
  /// value, h_t's value in its box and, once BPTT has started, ∂L/∂h_t under it in the
  /// gradient colour with dashed arrows flowing back in time.
  func svg(_ n: Notation) -> String {
    let boxWidth = 132.0
    let gap = 92.0
    let margin = 30.0
    let hasGradients = !hiddenGradients.isEmpty
    let boxHeight = hasGradients ? 52.0 : 40.0
    let (yTop, hTop, xTop) = (70.0, 200.0, 340.0)
    let (columns, elisionX, left, end) = UnrollDiagram.columns(
      count, most: 6, width: boxWidth, gap: gap, elisionWidth: 70, margin: margin)
    let diagramRight = end - gap + boxWidth / 2
    let notes = draw(n, width: 80).1
    let width = max(diagramRight + 150, 640)
    let notesTop = xTop + 44 + 50
    var svg = SVGDocument(
      width: width, height: notesTop + Double(notes.count) * 17 * 1.6 + 20,
      title: "minirnn unroll")
    svg.text(
      "Fig. 1–4: the RNN unrolled over t = 1…\(count)", x: 20, y: 28, size: 15, bold: true)
    svg.markPlotArea(x: margin, y: yTop, width: diagramRight - margin, height: xTop + 40 - yTop)
    let dot = "·"
    func shown(_ v: Double?) -> String { v.map { n.compact($0) } ?? dot }
    let weight = PictureColor.weight.svg
    let gradient = PictureColor.gradient.svg
    let midline = hTop + (hasGradients ? 18 : 20)
    for (k, column) in columns.enumerated() {
      let t = column.t
      let center = column.x + boxWidth / 2
      UnrollDiagram.hiddenBox(
        into: &svg, x: column.x, y: hTop, width: boxWidth, height: boxHeight, t: t,
        hidden: hidden, gradients: hiddenGradients, n)
      UnrollDiagram.inputBox(
        into: &svg, x: column.x, y: xTop, width: boxWidth, t: t, inputs: inputs, n)
      // x_t → h_t, carrying w₁.
      svg.arrow(from: (center, xTop), to: (center, hTop + boxHeight), stroke: weight)
      svg.text(
        "\(n.w(1)) = \(n.compact(weights.w1))", x: center + 8,
        y: (xTop + hTop + boxHeight) / 2 + 4, size: 12, fill: weight)
      // h_{t−1} → h_t, carrying w₂ (h₀ = 0 before the first box).
      let from = column.x - gap
      let previousShown = k > 0 && columns[k - 1].t == t - 1
      UnrollDiagram.recurrentLink(
        into: &svg, t: t, x: column.x, y: midline, gap: gap, previousShown: previousShown,
        label: "\(n.w(2)) = \(n.compact(weights.w2))", n)
      if hasGradients, t > 1, previousShown, hiddenGradients[t - 2] != nil {
        // ∂L/∂h_{t−1} comes from ∂L/∂h_t: the gradient's way back in time.
        svg.arrow(
          from: (column.x, hTop + boxHeight - 10), to: (from, hTop + boxHeight - 10),
          stroke: gradient, width: 1.5, dashed: true)
      }
    }
    if left > 0 {
      UnrollDiagram.elision(into: &svg, x: elisionX, y: hTop + boxHeight / 2 + 4, left: left)
    }
    // h_n → ŷ, carrying w₃.
    if let last = columns.last {
      let center = last.x + boxWidth / 2
      UnrollDiagram.box(
        into: &svg, x: last.x, y: yTop, width: boxWidth, height: boxHeight,
        fill: UnrollDiagram.outputFill, stroke: PictureColor.prediction.svg,
        value: "\(n.yhat) = \(shown(prediction))",
        gradient: hasGradients
          ? "\(n.dL(n.yhat)) = \(lossGradient.map { n.compact($0) } ?? dot)" : nil)
      svg.arrow(from: (center, hTop), to: (center, yTop + boxHeight), stroke: weight)
      svg.text(
        "\(n.w(3)) = \(n.compact(weights.w3))", x: center + 8, y: (hTop + yTop + boxHeight) / 2 + 4,
        size: 12, fill: weight)
      if let y = target {
        svg.text(
          "target y = \(n.compact(y))", x: last.x + boxWidth + 12, y: yTop + 18, size: 12,
          fill: PictureColor.target.svg)
      }
    }
    // The terminal's note on where the gradients are, said for this drawing.
    var lines = notes.filter { !$0.hasPrefix("under the boxes") }
    if let progress = backwardProgress {
      lines.append(
        "in purple: ∂L/∂hₜ, flowing back through time along the dashed arrows (§2.5; BPTT step \(progress.done) of \(progress.count))"
      )
    }
    svg.height = svg.notes(lines, x: 20, y: notesTop, width: width - 40)
    return svg.document
  }
}

extension LSTMUnrollPicture {
  /// The LSTM unrolled, as a vector diagram: the cell line c along the top, each link
  /// scaled by its forget gate; under it each step's gates (i, f, g, o) fed by x_t and
  /// h_{t−1}; h_t = o_t·tanh(c_t) beside them, feeding the next step; ŷ after the last.
  /// Once BPTT has started, ∂L/∂c_t and ∂L/∂h_t sit in the boxes in the gradient colour.
  func svg(_ n: Notation) -> String {
    let hasGradients = !cellGradients.isEmpty
    let boxHeight = hasGradients ? 52.0 : 40.0
    let gatesWidth = 118.0
    let hiddenWidth = 132.0
    let inner = 24.0
    let columnWidth = gatesWidth + inner + hiddenWidth
    let gap = 96.0
    let margin = 30.0
    let (cTop, gTop, xTop) = (80.0, 196.0, 330.0)
    let hTop = gTop + 8
    let gatesHeight = 68.0
    let (columns, elisionX, left, end) = UnrollDiagram.columns(
      count, most: 4, width: columnWidth, gap: gap, elisionWidth: 70, margin: margin)
    let outputX = end - gap + columnWidth + 70
    let width = outputX + 150
    let notes = draw(n, width: 80).1.filter {
      !$0.hasPrefix("under the boxes") && !$0.hasPrefix("on the top arrows")
    }
    let notesTop = xTop + 40 + 50
    var svg = SVGDocument(
      width: width, height: notesTop + Double(notes.count + 3) * 17 * 1.6 + 20,
      title: "minirnn unroll")
    svg.text(
      "The LSTM unrolled over t = 1…\(count): the cell line c on top, the gates, h and x",
      x: 20, y: 28, size: 15, bold: true)
    svg.markPlotArea(x: margin, y: cTop, width: outputX - margin, height: xTop + 40 - cTop)
    let dot = "·"
    func shown(_ v: Double?, limit: Int = 7) -> String {
      v.map { n.compact($0, limit: limit) } ?? dot
    }
    let weight = PictureColor.weight.svg
    let gradient = PictureColor.gradient.svg
    let lineY = cTop + (hasGradients ? 18 : 20)
    let hLineY = hTop + (hasGradients ? 18 : 20)
    for (k, column) in columns.enumerated() {
      let t = column.t
      let gatesCenter = column.x + gatesWidth / 2
      let hiddenX = column.x + gatesWidth + inner
      let hiddenCenter = hiddenX + hiddenWidth / 2
      // c_t on the cell line.
      UnrollDiagram.box(
        into: &svg, x: column.x + 20, y: cTop, width: columnWidth - 40, height: boxHeight,
        fill: UnrollDiagram.cellFill, stroke: PictureColor.gradient.svg,
        value: "\(n.c(t)) = \(shown(cells[t - 1]))",
        gradient: hasGradients ? "\(n.dL(n.c(t))) = \(shown(cellGradients[t - 1]))" : nil)
      // The gates.
      svg.rect(
        x: column.x, y: gTop, width: gatesWidth, height: gatesHeight, fill: "#fff8e8",
        stroke: "#b7950b", strokeWidth: 1.5, corner: 6)
      let g = gates[t - 1]
      svg.text("gates", x: gatesCenter, y: gTop + 16, anchor: "middle", size: 11, fill: "#7d6608")
      svg.text(
        "i \(shown(g?.i, limit: 5))  f \(shown(g?.f, limit: 5))", x: gatesCenter, y: gTop + 36,
        anchor: "middle", size: 11)
      svg.text(
        "g \(shown(g?.g, limit: 5))  o \(shown(g?.o, limit: 5))", x: gatesCenter, y: gTop + 54,
        anchor: "middle", size: 11)
      // h_t.
      UnrollDiagram.hiddenBox(
        into: &svg, x: hiddenX, y: hTop, width: hiddenWidth, height: boxHeight, t: t,
        hidden: hidden, gradients: hiddenGradients, n)
      // x_t.
      UnrollDiagram.inputBox(
        into: &svg, x: column.x, y: xTop, width: gatesWidth, t: t, inputs: inputs, n)
      svg.arrow(from: (gatesCenter, xTop), to: (gatesCenter, gTop + gatesHeight), stroke: weight)
      svg.text(
        "wx", x: gatesCenter + 8, y: (xTop + gTop + gatesHeight) / 2 + 4, size: 11, fill: weight)
      // The gates write i·g into the cell; the cell gives h = o·tanh(c).
      svg.arrow(from: (gatesCenter, gTop), to: (gatesCenter, cTop + boxHeight), stroke: weight)
      svg.text(
        "+ i·g", x: gatesCenter + 8, y: (gTop + cTop + boxHeight) / 2 + 4, size: 11, fill: weight)
      svg.arrow(from: (hiddenCenter, cTop + boxHeight), to: (hiddenCenter, hTop), stroke: weight)
      svg.text(
        "o·tanh(c)", x: hiddenCenter + 8, y: (hTop + cTop + boxHeight) / 2 + 4, size: 11,
        fill: weight)
      // The links from step t − 1: c along the cell line (× f_t), h into the gates (wh).
      let from = column.x - gap
      let previousShown = k > 0 && columns[k - 1].t == t - 1
      if t == 1 {
        svg.text("\(n.c(0)) = 0", x: from + 10, y: lineY - 8, size: 12)
        svg.arrow(from: (from + 10, lineY), to: (column.x + 20, lineY))
        svg.text("\(n.h(0)) = 0", x: from + 10, y: gTop + 26, size: 12)
        svg.arrow(from: (from + 10, gTop + 34), to: (column.x, gTop + 34))
      } else if previousShown {
        svg.arrow(from: (from - 20, lineY), to: (column.x + 20, lineY), stroke: weight)
        svg.text(
          "× \(n.gate(.f, t)) = \(shown(forget[t - 1], limit: 5))", x: from + gap / 2 - 10,
          y: lineY - 8, anchor: "middle", size: 12, fill: weight)
        svg.arrow(from: (from, hLineY), to: (column.x, gTop + 34), stroke: weight)
        svg.text("wh", x: from + gap / 2, y: gTop + 54, anchor: "middle", size: 11, fill: weight)
        if hasGradients, cellGradients[t - 2] != nil {
          svg.arrow(
            from: (column.x + 20, cTop + boxHeight - 8), to: (from - 20, cTop + boxHeight - 8),
            stroke: gradient, dashed: true)
        }
      } else {
        svg.arrow(from: (column.x - 10, lineY), to: (column.x + 20, lineY), stroke: weight)
        svg.arrow(from: (column.x - 30, gTop + 34), to: (column.x, gTop + 34), stroke: weight)
      }
    }
    if left > 0 {
      UnrollDiagram.elision(into: &svg, x: elisionX, y: gTop + 30, left: left)
    }
    if let last = columns.last {
      let hiddenRight = last.x + columnWidth
      UnrollDiagram.box(
        into: &svg, x: outputX - 10, y: hTop, width: 120, height: boxHeight,
        fill: UnrollDiagram.outputFill, stroke: PictureColor.prediction.svg,
        value: "\(n.yhat) = \(shown(prediction))", gradient: nil)
      svg.arrow(from: (hiddenRight, hLineY), to: (outputX - 10, hLineY), stroke: weight)
      svg.text(
        "wy, by", x: (hiddenRight + outputX - 10) / 2, y: hLineY - 8, anchor: "middle", size: 11,
        fill: weight)
      if let y = target {
        svg.text(
          "target y = \(n.compact(y))", x: outputX - 10, y: hTop + boxHeight + 20, size: 12,
          fill: PictureColor.target.svg)
      }
    }
    var lines = notes
    lines.append(
      "the parameters: "
        + LSTMParameter.allCases.map { "\($0.rawValue) \(n.compact(weights[$0], limit: 6))" }
        .joined(separator: ", "))
    if let progress = backwardProgress {
      lines.append(
        "in purple: ∂L/∂cₜ in all and ∂L/∂hₜ arriving; dashed: ∂L/∂c flowing back along the cell line (BPTT step \(progress.done) of \(progress.count))"
      )
    }
    svg.height = svg.notes(lines, x: 20, y: notesTop, width: width - 40)
    return svg.document
  }
}
