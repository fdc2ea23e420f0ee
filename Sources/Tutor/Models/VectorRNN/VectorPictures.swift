import RNN

/// The vector RNN unrolled over time (the RNN's Fig. 1–4 layout, beyond the article): each
/// hidden state h_t a column of its K units, x_t below it, ŷ_t above it wherever the loss
/// reads ŷ_t, and once BPTT has started the column ∂L/∂h_t under the inputs.
///
/// Built from the session's records; steps not done yet show `·`.
struct VectorUnrollPicture {
  let inputs: [Double]
  /// K.
  let size: Int
  /// h_t and ŷ_t for t = 1…n, nil where the forward pass has not reached yet.
  let hidden: [[Double]?]
  let outputs: [Double?]
  /// Whether the loss reads ŷ_t at every step (else ŷ_n alone).
  let readsEveryStep: Bool
  /// The loss of the complete pass, when the session has its targets.
  let loss: Double?
  let lossWords: String
  /// ∂L/∂h_t, every road in, nil where BPTT has not reached; empty before BPTT starts.
  let hiddenGradients: [[Double]?]
  let backwardProgress: (done: Int, count: Int)?
  let forwardDone: Int

  init(state: SessionState) {
    let m = state.activeVector
    let pass = m.forward
    inputs = pass?.inputs ?? state.inputs
    size = m.size
    let n = inputs.count
    let done = pass?.t ?? 0
    forwardDone = done
    hidden = (1...n).map { $0 <= done ? pass!.steps[$0 - 1].h : nil }
    outputs = (1...n).map { $0 <= done ? pass!.steps[$0 - 1].output : nil }
    readsEveryStep = m.model.loss.readsEveryStep
    lossWords = m.model.loss.words
    if let pass, pass.isComplete, case .success(let ys) = m.targets(in: state) {
      loss = m.model.loss.loss(outputs: pass.outputs, targets: ys)
    } else {
      loss = nil
    }
    if let back = m.backward, !back.steps.isEmpty {
      var dh = [[Double]?](repeating: nil, count: n)
      // ∂L/∂h_n is known from the output step on: h_n has no later state to hear from.
      if let out = back.output { dh[n - 1] = out.dh }
      for r in back.timesteps { dh[r.t - 1] = r.dh }
      hiddenGradients = dh
      backwardProgress = (back.steps.count, back.count)
    } else {
      hiddenGradients = []
      backwardProgress = nil
    }
  }

  var count: Int { inputs.count }

  /// Whether the loss reads ŷ_t.
  func readsOutput(_ t: Int) -> Bool { readsEveryStep || t == count }

  /// The units drawn in a column: all K up to four, else the first four.
  var unitsShown: Int { min(size, vectorUnitsShown) }

  func render(_ n: Notation, width: Int, color: Bool) -> String {
    func wrapped(_ lines: [String]) -> String {
      lines.flatMap { TextLayout.wrap($0, width: max(width, 60)) }.map { $0 + "\n" }.joined()
    }
    let (canvas, notes) = draw(n, width: width)
    return wrapped([
      n.text(
        "The vector RNN unrolled over t = 1…\(count): each hₜ a column of its K = \(size) units")
    ]) + canvas.render(color: color) + wrapped(notes)
  }

  func draw(_ n: Notation, width: Int) -> (Canvas, [String]) {
    let g = Glyphs.forUnicode(n.unicode)
    let dot = n.unicode ? "·" : "."
    let hasGradients = !hiddenGradients.isEmpty
    let units = unitsShown
    let more = size > units ? 1 : 0
    // Every value is compact (at most 7 characters), so the boxes have one width.
    let box = 11
    let gap = 6
    let margin = 6  // room for `h₀ 0` and `∂L/∂h` before the first column
    let fits = max(2, (width - margin) / (gap + box))
    let most = count > fits ? max(2, fits - 1) : count
    let (head, tail, elided) = UnrollDiagram.shownTimesteps(count, most: most)
    let elisionWidth = elided > 0 ? n.text("… \(elided) more …").count + 2 : 0
    var boxStart: [Int: Int] = [:]
    var cursor = margin - gap
    var elisionStart: Int?
    for t in head + tail {
      if t == tail.first {
        elisionStart = cursor
        cursor += elisionWidth
      }
      boxStart[t] = cursor + gap
      cursor += gap + box
    }
    // Rows: 0 ŷ_t, 1 its arrow, 2 the box's top, then the units (and a row for those left
    // out), the box's bottom, the arrow from x_t, x_t, a blank row and ∂L/∂h_t's units.
    let top = 2
    let bottom = top + units + more + 1
    let xRow = bottom + 2
    let gradientRow = xRow + 2
    var canvas = Canvas(
      width: max(cursor, 1), height: hasGradients ? gradientRow + units + more : xRow + 1)
    func unitLines(_ values: [Double]?) -> [String] {
      guard let values else { return Array(repeating: dot, count: units) }
      return values.prefix(units).map { n.compact($0) }
        + (more > 0 ? [n.text("…\(size - units) more")] : [])
    }

    for t in head + tail {
      let left = boxStart[t]!
      let center = left + box / 2
      if readsOutput(t) {
        let label = "\(n.yhat)\(n.sub(t)) \(outputs[t - 1].map { n.compact($0) } ?? dot)"
        canvas.put(label, row: 0, centeredOn: center)
        canvas.set(g.arrowUp, row: 1, column: center)
        canvas.put("w_y", row: 1, column: center + 2, color: .weight)
      }
      canvas.set(g.topLeft, row: top, column: left)
      canvas.set(g.topRight, row: top, column: left + box - 1)
      canvas.set(g.bottomLeft, row: bottom, column: left)
      canvas.set(g.bottomRight, row: bottom, column: left + box - 1)
      for c in (left + 1)..<(left + box - 1) {
        canvas.set(g.horizontal, row: top, column: c)
        canvas.set(g.horizontal, row: bottom, column: c)
      }
      let label = n.h(t)
      canvas.put(label, row: top, column: left + 2)
      for (i, value) in unitLines(hidden[t - 1]).enumerated() {
        canvas.set(g.vertical, row: top + 1 + i, column: left)
        canvas.put(value, row: top + 1 + i, column: left + box - 2 - value.count)
        canvas.set(g.vertical, row: top + 1 + i, column: left + box - 1)
      }
      canvas.set(g.arrowUp, row: bottom + 1, column: center)
      canvas.put("W_xh", row: bottom + 1, column: center + 2, color: .weight)
      canvas.put("\(n.x(t)) \(n.compact(inputs[t - 1]))", row: xRow, centeredOn: center)
      // h_{t−1} → h_t through W_hh, into the first unit's row.
      let arrowRow = top + 1
      if t == 1 {
        let start = n.h(0) + " 0"
        canvas.put(start, row: arrowRow, column: 0)
        canvas.set(g.arrowRight, row: arrowRow, column: left - 1)
      } else if boxStart[t - 1] != nil {
        canvas.put("W_hh", row: top, column: left - gap + 1, color: .weight)
        for c in (left - gap)..<(left - 1) { canvas.set(g.horizontal, row: arrowRow, column: c) }
        canvas.set(g.arrowRight, row: arrowRow, column: left - 1)
      } else {
        canvas.set(g.horizontal, row: arrowRow, column: left - 2)
        canvas.set(g.arrowRight, row: arrowRow, column: left - 1)
      }
      if hasGradients {
        for (i, value) in unitLines(hiddenGradients[t - 1]).enumerated() {
          canvas.put(
            value, row: gradientRow + i, column: left + box - 2 - value.count, color: .gradient)
        }
      }
    }
    if hasGradients {
      canvas.put(n.text("∂L/∂h"), row: gradientRow, column: 0, color: .gradient)
    }
    if let start = elisionStart {
      canvas.put(n.text("… \(elided) more …"), row: top + 1, column: start + 1)
      canvas.put(n.text("…"), row: xRow, centeredOn: start + elisionWidth / 2)
    }

    var notes: [String] = []
    if let loss {
      notes.append(
        "L = \(n.value(loss)) (loss \(lossWords): "
          + (readsEveryStep ? "ŷₜ at every step" : "\(n.yhat)\(n.sub(count)) alone") + ")")
    }
    notes.append(
      size > units
        ? "in each column: units 1–\(units) of \(size), top to bottom; 'states' lists every unit"
        : "in each column: units 1–\(size), top to bottom")
    if forwardDone < count {
      notes.append("step \(forwardDone + 1) not computed yet: 'step' computes it")
    }
    if let progress = backwardProgress {
      var line =
        "under the inputs: ∂L/∂hₜ, every road in (BPTT step \(progress.done) of \(progress.count)"
      if progress.done < progress.count { line += "; 'back' continues" }
      notes.append(line + ")")
    }
    notes.append("numbers are rounded to fit; 'states' and 'grads' give them in full")
    return (canvas, notes.map(n.text))
  }
}

extension VectorUnrollPicture {
  /// The unrolled vector RNN as SVG: each h_t a column of K cells shaded by value (red
  /// positive, blue negative) with the first four printed, x_t below, ŷ_t above where the
  /// loss reads it, and after BPTT the column ∂L/∂h_t under the inputs with dashed arrows
  /// flowing back in time.
  func svg(_ n: Notation) -> String {
    let columnWidth = 110.0
    let gap = 76.0
    let margin = 30.0
    let cellHeight = size <= vectorUnitsShown ? 24.0 : 16.0
    let columnHeight = Double(size) * cellHeight
    let hasGradients = !hiddenGradients.isEmpty
    let yTop = 70.0
    let hTop = 170.0
    let xTop = hTop + columnHeight + 60
    let gTop = xTop + 40 + 50
    let diagramBottom = hasGradients ? gTop + columnHeight : xTop + 40
    let (columns, elisionX, left, end) = UnrollDiagram.columns(
      count, most: 6, width: columnWidth, gap: gap, elisionWidth: 70, margin: margin)
    let diagramRight = end - gap
    let notes = draw(n, width: 80).1.filter {
      !$0.hasPrefix("under the inputs") && !$0.hasPrefix("numbers are rounded")
        && !$0.hasPrefix("in each column")
    }
    let width = max(diagramRight + 160, 640)
    let notesTop = diagramBottom + 44
    var svg = SVGDocument(
      width: width, height: notesTop + Double(notes.count + 3) * 17 * 1.6 + 20,
      title: "minirnn unroll")
    svg.text(
      "The vector RNN unrolled over t = 1…\(count): each hₜ a column of its K = \(size) units",
      x: 20, y: 28, size: 15, bold: true)
    svg.markPlotArea(x: margin, y: yTop, width: diagramRight - margin, height: diagramBottom - yTop)
    let weight = PictureColor.weight.svg
    let gradient = PictureColor.gradient.svg
    let printed = size <= vectorUnitsShown
    let hiddenScale = Self.scale(hidden)
    let gradientScale = Self.scale(hiddenGradients)
    func column(_ values: [Double]?, x: Double, y: Double, scale: Double, ink: String) {
      for i in 0..<size {
        let v = values?[i]
        svg.rect(
          x: x, y: y + Double(i) * cellHeight, width: columnWidth, height: cellHeight,
          fill: v.map { Self.signedFill($0, scale: scale) } ?? "#ffffff", stroke: "#777777")
        if printed {
          svg.text(
            v.map { n.compact($0) } ?? "·", x: x + columnWidth / 2,
            y: y + Double(i) * cellHeight + cellHeight / 2 + 4, anchor: "middle", size: 12,
            fill: ink)
        }
      }
    }
    let midline = hTop + min(columnHeight, 2 * cellHeight) / 2
    for (k, c) in columns.enumerated() {
      let t = c.t
      let center = c.x + columnWidth / 2
      svg.text(n.h(t), x: c.x, y: hTop - 7, size: 12, fill: PictureColor.input.svg)
      column(hidden[t - 1], x: c.x, y: hTop, scale: hiddenScale, ink: "black")
      UnrollDiagram.inputBox(
        into: &svg, x: c.x, y: xTop, width: columnWidth, t: t, inputs: inputs, n)
      svg.arrow(from: (center, xTop), to: (center, hTop + columnHeight), stroke: weight)
      svg.text(
        "W_xh", x: center + 8, y: (xTop + hTop + columnHeight) / 2 + 4, size: 12, fill: weight)
      if readsOutput(t) {
        UnrollDiagram.box(
          into: &svg, x: c.x, y: yTop, width: columnWidth, height: 40,
          fill: UnrollDiagram.outputFill, stroke: PictureColor.prediction.svg,
          value: "\(n.yhat)\(n.sub(t)) = \(outputs[t - 1].map { n.compact($0) } ?? "·")",
          gradient: nil)
        svg.arrow(from: (center + 20, hTop - 2), to: (center + 20, yTop + 40), stroke: weight)
        svg.text("w_y", x: center + 28, y: (hTop + yTop + 40) / 2 + 4, size: 12, fill: weight)
      }
      let from = c.x - gap
      let previousShown = k > 0 && columns[k - 1].t == t - 1
      UnrollDiagram.recurrentLink(
        into: &svg, t: t, x: c.x, y: midline, gap: gap, previousShown: previousShown,
        label: "W_hh", n)
      if hasGradients {
        svg.text(n.dL(n.h(t)), x: c.x, y: gTop - 7, size: 12, fill: gradient)
        column(hiddenGradients[t - 1], x: c.x, y: gTop, scale: gradientScale, ink: gradient)
        if t > 1, previousShown, hiddenGradients[t - 2] != nil {
          // ∂L/∂h_{t−1} hears from ∂L/∂h_t through W_hhᵀ: the gradient's way back in time.
          let y = gTop + min(columnHeight, 2 * cellHeight) / 2
          svg.arrow(from: (c.x, y), to: (from, y), stroke: gradient, dashed: true)
        }
      }
    }
    if left > 0 {
      UnrollDiagram.elision(into: &svg, x: elisionX, y: midline + 4, left: left)
    }
    var lines = notes
    lines.append("in each column: units 1–\(size), top to bottom")
    lines.append(
      "cells shaded by value: red positive, blue negative, darker is larger (hₜ and ∂L/∂hₜ each on their own scale)"
    )
    if !printed {
      lines.append("K = \(size): the values are left out; 'states' and 'grads' list them")
    }
    if let progress = backwardProgress {
      lines.append(
        "in purple: ∂L/∂hₜ, flowing back through time along the dashed arrows (§2.5; BPTT step \(progress.done) of \(progress.count))"
      )
    }
    svg.height = svg.notes(lines, x: 20, y: notesTop, width: width - 40)
    return svg.document
  }

  /// The largest finite |value| of the columns, the scale their shading is on (1 if none).
  static func scale(_ columns: [[Double]?]) -> Double {
    let largest = columns.compactMap { $0 }.joined().map(abs).filter(\.isFinite).max() ?? 0
    return largest > 0 ? largest : 1
  }

  /// A light red for a positive value, a light blue for a negative one, deeper the larger
  /// |value|/scale; white for 0 (and for a value that is not finite).
  static func signedFill(_ v: Double, scale: Double) -> String {
    guard v.isFinite, v != 0 else { return "#ffffff" }
    let f = min(1, abs(v) / scale) * 0.6
    let target: (Double, Double, Double) = v > 0 ? (214, 96, 77) : (67, 147, 195)
    let channels = [target.0, target.1, target.2].map { 255 + (($0 - 255) * f) }
    return "#"
      + channels.map { c -> String in
        let text = String(Int(c.rounded()), radix: 16)
        return text.count == 1 ? "0" + text : text
      }.joined()
  }
}

extension Session {
  /// `flow` as SVG for the vector RNN: the last `flow sweep r`, or the flow of the session's
  /// backward pass (on a copy when it has none) with the singular values of Pₜ and the bound
  /// as lines beside ‖∂L/∂hₜ‖, each scaled by ‖∂L/∂hₙ‖.
  func vectorFlowSVG(_ n: Notation) throws(CommandError) -> String {
    // A sweep of another model's ('flow sweep w2' before 'model rnn K') is not this one's.
    let sweep = lastFlowSweep.first == "r" ? lastFlowSweep : []
    let lines: [GradientChart.Line]
    var notes: [String] = []
    let title: String
    let length: Int
    if sweep.isEmpty {
      let (table, onACopy) = try vectorFlowTable()
      let end = table.rows.first?.norm ?? 0
      func scaled(_ v: KeyPath<VectorFlowTable.Row, Double?>) -> [(t: Int, value: Double)] {
        table.rows.compactMap { row in row[keyPath: v].map { (row.t, $0 * end) } }
      }
      lines = [
        .init(label: "‖∂L/∂hₜ‖", points: table.rows.map { ($0.t, $0.norm) }),
        .init(label: "σ_max(Pₜ)·‖∂L/∂hₙ‖", points: scaled(\.sigmaMax)),
        .init(label: "σ_min(Pₜ)·‖∂L/∂hₙ‖", points: scaled(\.sigmaMin)),
        .init(label: "bound·‖∂L/∂hₙ‖", points: table.rows.map { ($0.t, $0.bound * end) }),
      ]
      title = "‖∂L/∂hₜ‖ on its way back through W_hh (§2.5, beyond the article)"
      length = table.flow.length
      notes.append(
        "Pₜ = Jₙ⋯Jₜ₊₁ = ∂hₙ/∂hₜ with Jₜ = diag(φ′(aₜ))·W_hh; bound = (γ·σ_max(W_hh))ⁿ⁻ᵗ ≥ σ_max(Pₜ) with γ = \(n.compact(table.gamma)) and σ_max(W_hh) = \(n.compact(table.recurrentSigmaMax)), after Pascanu, Mikolov & Bengio 2013"
      )
      notes.append(
        state.activeVector.model.loss.readsEveryStep
          ? "a loss at every step: ‖∂L/∂hₜ‖ includes the roads from ŷₜ…ŷₙ₋₁, the σ lines the road from hₙ alone"
          : "loss last: ∂L/∂hₜ = Pₜᵀ·∂L/∂hₙ, so ‖∂L/∂hₜ‖ lies between the σ_min and σ_max lines")
      if onACopy {
        notes.append("the session has no backward pass: this one is computed on a copy")
      }
    } else {
      let result = try vectorFlowSweep(sweep)
      lines = result.series.map { s in
        .init(label: "r = \(plainNumber(s.r))", points: s.flow.steps.map { ($0.t, $0.norm) })
      }
      title = "‖∂L/∂hₜ‖ with W_hh scaled to spectral radius r (beyond the article)"
      length = state.inputs.count
      notes.append(
        "W_hh·r/ρ with ρ(W_hh) = \(n.compact(result.rho)); the other parameters as they are, on copies"
      )
      notes += result.series.map { s in
        "r = \(plainNumber(s.r)): ‖∂L/∂h₁‖/‖∂L/∂hₙ‖ = \(s.flow.ratio.map { n.compact($0) } ?? "–")"
      }
    }
    let chart = GradientChart(
      lines: lines, length: length, name: "magnitude, log scale", zero: "○ exactly 0",
      compactValue: { n.compact($0) })
    let width = GradientChart.left + GradientChart.plotWidth + 190
    var svg = SVGDocument(
      width: width, height: chart.bottom + 30 + Double(notes.count) * 34, title: "minirnn flow")
    svg.text(title, x: 20, y: 26, size: 15, bold: true)
    chart.draw(into: &svg)
    svg.height = svg.notes(notes, x: 20, y: chart.bottom + 20, width: width - 40)
    return svg.document
  }
}
