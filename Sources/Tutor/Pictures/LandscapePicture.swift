import RNN

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The loss over a grid of (w₁, w₂) around the current weights, w₃ held fixed: the mean of
/// Eq. 1 over the data set's samples, shaded, with the last training's path on top.
struct LandscapePicture {
  let w1Range: ClosedRange<Double>
  let w2Range: ClosedRange<Double>
  /// The loss of each cell, row 0 at the top (the largest w₂), column 0 at the left.
  let losses: [[Double]]
  let current: Weights
  /// The weights the last training passed through, oldest first; empty when none.
  let path: [Weights]
  /// What the loss is averaged over, for the title: `slopes' 3 samples`.
  let source: String
  /// The axes' names and what is held fixed when the grid is not over (w₁, w₂): the LSTM's
  /// two named parameters (`Pictures/LSTMLandscape.swift`), their values in `current.w1`
  /// and `current.w2`. Nil for the RNN.
  var axes: LandscapeAxes? = nil

  /// The shades, from the lowest loss to the highest.
  static let shades: [Character] = Array(" .:-=+*#%@")

  var rows: Int { losses.count }
  var columns: Int { losses.first?.count ?? 0 }

  /// Evaluates the loss on a `columns` × `rows` grid with `model`'s architecture and w₃.
  ///
  /// On a large data set that takes seconds, so `hooks.shouldStop` (Ctrl-C) is asked before
  /// each cell; when it says stop, the picture is abandoned with an error.
  init(
    model: MiniRnn, samples: [Sample], source: String, path: [Weights], columns: Int, rows: Int,
    hooks: Hooks = .none
  ) throws(CommandError) {
    let w = model.weights
    var probe = model
    try self.init(
      current: w, path: path, source: source, axes: nil, columns: columns, rows: rows,
      hooks: hooks
    ) { w1, w2 in
      probe.weights = Weights(w1: w1, w2: w2, w3: w.w3, b: w.b, c: w.c)
      return meanLoss(over: samples) {
        Cell.loss(prediction: probe.predict($0.inputs), target: $0.target)
      }
    }
  }

  /// The grid itself, for any two parameters: they sit where the RNN keeps w₁ and w₂
  /// (`current.w1` across, `current.w2` up, and the same in `path`); `loss(a, b)` is the
  /// mean loss with them at a and b. The grid spans the current point and the whole path.
  init(
    current: Weights, path: [Weights], source: String, axes: LandscapeAxes?, columns: Int,
    rows: Int, hooks: Hooks, loss: (Double, Double) -> Double
  ) throws(CommandError) {
    var half1 = max(1, 0.5 * max(abs(current.w1), abs(current.w2)))
    var half2 = half1
    for p in path {
      half1 = max(half1, 1.15 * abs(p.w1 - current.w1))
      half2 = max(half2, 1.15 * abs(p.w2 - current.w2))
    }
    w1Range = Self.range(around: current.w1, half: half1)
    w2Range = Self.range(around: current.w2, half: half2)
    self.current = current
    self.path = path
    self.source = source
    self.axes = axes
    var grid: [[Double]] = []
    for r in 0..<rows {
      let w2 =
        w2Range.upperBound - Double(r) / Double(max(1, rows - 1))
        * (w2Range.upperBound - w2Range.lowerBound)
      var line: [Double] = []
      for c in 0..<columns {
        let w1 =
          w1Range.lowerBound + Double(c) / Double(max(1, columns - 1))
          * (w1Range.upperBound - w1Range.lowerBound)
        if hooks.shouldStop() { throw .interruptedLandscape }
        line.append(loss(w1, w2))
      }
      grid.append(line)
    }
    losses = grid
    let finite = grid.joined().filter { $0.isFinite }
    let high = finite.max() ?? 1
    extremes = (finite.filter { $0 > 0 }.min() ?? high, high)
  }

  /// The middle of `range`, halved before adding so that a range near the largest Double
  /// does not overflow to infinity.
  static func middle(of range: ClosedRange<Double>) -> Double {
    range.lowerBound / 2 + range.upperBound / 2
  }

  /// `center` ± `half`, or ± 1 when that would overflow or collapse to a point.
  static func range(around center: Double, half: Double) -> ClosedRange<Double> {
    for h in [half, 1] {
      let low = center - h
      let high = center + h
      if low.isFinite && high.isFinite && low < high { return low...high }
    }
    return -1...1
  }

  /// The smallest positive and the largest finite loss on the grid.
  let extremes: (low: Double, high: Double)

  /// Where a loss falls between the extremes on a log scale, 0…1.
  func level(_ loss: Double) -> Double {
    let (low, high) = extremes
    guard loss.isFinite else { return 1 }
    guard high > low, loss > low else { return 0 }
    return min(1, (log10(loss) - log10(low)) / (log10(high) - log10(low)))
  }

  /// The grid cell of a pair of weights, or (−1, −1) when it lies outside the grid.
  func cell(_ w: Weights) -> (row: Int, column: Int) {
    let fx = (w.w1 - w1Range.lowerBound) / (w1Range.upperBound - w1Range.lowerBound)
    let fy = (w2Range.upperBound - w.w2) / (w2Range.upperBound - w2Range.lowerBound)
    guard (0...1).contains(fx), (0...1).contains(fy) else { return (-1, -1) }
    return (cellIndex(fy, count: rows), cellIndex(fx, count: columns))
  }

  /// The cells a straight line between two cells passes through.
  static func cells(from a: (row: Int, column: Int), to b: (row: Int, column: Int)) -> [(
    row: Int, column: Int
  )] {
    let steps = max(abs(b.row - a.row), abs(b.column - a.column))
    guard steps > 0 else { return [a] }
    return (0...steps).map { i in
      let f = Double(i) / Double(steps)
      return (
        a.row + Int((Double(b.row - a.row) * f).rounded()),
        a.column + Int((Double(b.column - a.column) * f).rounded())
      )
    }
  }

  var title: String {
    axes.map {
      "Loss landscape: mean Eq. 1 loss over \(source), by \($0.x) and \($0.y); \($0.held) fixed"
    }
      ?? "Loss landscape: mean Eq. 1 loss over \(source), by w₁ and w₂; w₃ fixed"
  }

  /// The legend's first entry, after the current point's mark: `X the current weights
  /// (w₃ = 1.1)`, or `X the current values` when the axes are not w₁ and w₂.
  private func currentLegend(_ mark: String, _ n: Notation) -> String {
    axes == nil
      ? "\(mark) the current weights (\(n.w(3)) = \(n.value(current.w3)))"
      : "\(mark) the current values"
  }

  /// A point of the grid in the legend, its two coordinates in short form: `0.5, 1.2`.
  private func compact(_ w: Weights, _ n: Notation) -> String {
    "\(n.compact(w.w1)), \(n.compact(w.w2))"
  }

  func render(_ n: Notation, width: Int, color: Bool) -> String {
    let g = Glyphs.forUnicode(n.unicode)
    let pathMark: Character = n.unicode ? "•" : "o"
    var text =
      n.text(title) + "\n"
    let labels = [w2Range.upperBound, Self.middle(of: w2Range), w2Range.lowerBound]
      .map { n.compact($0) }
    let xName = axes?.x ?? n.w(1)
    let yName = axes?.y ?? n.w(2)
    let axisWidth = max(labels.map(\.count).max() ?? 1, yName.count) + 1
    var canvas = Canvas(width: axisWidth + 1 + columns, height: rows + 3)
    canvas.put(yName, row: 0, column: 0)
    let tickRows = [0, rows / 2, rows - 1]
    for (i, label) in labels.enumerated() {
      canvas.put(TextLayout.leftPad(label, axisWidth - 1), row: 1 + tickRows[i], column: 0)
    }
    for r in 0..<rows {
      canvas.set(tickRows.contains(r) ? g.axisTick : g.vertical, row: 1 + r, column: axisWidth)
      for c in 0..<columns {
        let shade = Int(level(losses[r][c]) * Double(Self.shades.count - 1) + 0.5)
        canvas.set(Self.shades[shade], row: 1 + r, column: axisWidth + 1 + c)
      }
    }
    canvas.set(g.axisCorner, row: rows + 1, column: axisWidth)
    for c in 0..<columns { canvas.set(g.horizontal, row: rows + 1, column: axisWidth + 1 + c) }
    let bottom = [w1Range.lowerBound, Self.middle(of: w1Range), w1Range.upperBound]
      .map { n.compact($0) }
    canvas.put(bottom[0], row: rows + 2, column: axisWidth + 1)
    canvas.put(bottom[1], row: rows + 2, centeredOn: axisWidth + 1 + columns / 2)
    let axisName = " " + xName
    canvas.put(
      bottom[2] + axisName, row: rows + 2, column: axisWidth + 1 + columns - bottom[2].count)
    func mark(_ character: Character, _ at: (row: Int, column: Int)) {
      guard (0..<rows).contains(at.row), (0..<columns).contains(at.column) else { return }
      canvas.set(character, row: 1 + at.row, column: axisWidth + 1 + at.column, color: .path)
    }
    if let first = path.first, let last = path.last {
      for (a, b) in zip(path, path.dropFirst()) {
        let from = cell(a)
        let to = cell(b)
        guard from.row >= 0, to.row >= 0 else { continue }
        for c in Self.cells(from: from, to: to) { mark(pathMark, c) }
      }
      mark("S", cell(first))
      mark("E", cell(last))
    }
    mark("X", cell(current))
    text += canvas.render(color: color)

    let (low, high) = extremes
    if losses.joined().contains(where: \.isFinite) {
      text += n.text(
        "shades \"\(String(Self.shades))\": loss from \(n.compact(low)) (blank) to \(n.compact(high)) (@), log scale\n"
      )
    } else {
      text +=
        "shades: no loss on this grid is finite, so every cell is @\n"
    }
    var legend = currentLegend("X", n)
    if let first = path.first, let last = path.last {
      legend +=
        "   S\(pathMark)\(pathMark)E the last training, \(compact(first, n)) \(n.arrow) \(compact(last, n))"
      let here = cell(current)
      let under = [("S", first), ("E", last)].filter { cell($0.1) == here }.map(\.0)
      if !under.isEmpty { legend += " (\(under.joined(separator: " and ")) under X)" }
    } else {
      legend += "   ('train' draws its path here)"
    }
    text += legend + "\n"
    if let best = lowestCell {
      text += n.text(
        "lowest cell: \(xName) ≈ \(n.compact(best.w1)), \(yName) ≈ \(n.compact(best.w2)), L ≈ \(n.compact(best.loss))\n"
      )
    }
    if let caption = CellEquation(n: n).caption {
      text += n.text(caption + "; b and c fixed here") + "\n"
    }
    return text
  }

  /// The grid point with the smallest loss.
  var lowestCell: (w1: Double, w2: Double, loss: Double)? {
    var best: (row: Int, column: Int, loss: Double)?
    for (r, line) in losses.enumerated() {
      for (c, loss) in line.enumerated() where loss.isFinite && loss < (best?.loss ?? .infinity) {
        best = (r, c, loss)
      }
    }
    guard let best else { return nil }
    let w1 =
      w1Range.lowerBound + Double(best.column) / Double(max(1, columns - 1))
      * (w1Range.upperBound - w1Range.lowerBound)
    let w2 =
      w2Range.upperBound - Double(best.row) / Double(max(1, rows - 1))
      * (w2Range.upperBound - w2Range.lowerBound)
    return (w1, w2, best.loss)
  }

  /// The landscape as a filled contour map: the loss in ten coloured bands (on a log scale
  /// when it spans more than two decades), round-number ticks on both axes, the last
  /// training's path with its start and end, the current weights, and a note when the
  /// surface is flat.
  func svg(_ n: Notation) -> String {
    let left = 80.0
    let plotWidth = 480.0
    let plotHeight = 360.0
    let width = left + plotWidth + 150
    var svg = SVGDocument(width: width, height: 0, title: "minirnn landscape")
    var y = 26.0
    for line in TextLayout.wrap(n.text(title), width: Int((width - 40) / (14 * SVGBox.advance))) {
      svg.text(line, x: 20, y: y, size: 14, bold: true)
      y += 20
    }
    let top = y + 34
    let frame = ChartFrame(
      x: left, y: top, width: plotWidth, height: plotHeight,
      horizontal: .linear(w1Range.lowerBound, w1Range.upperBound, count: 6, widen: false),
      vertical: .linear(w2Range.lowerBound, w2Range.upperBound, count: 6, widen: false))
    let (low, high) = extremes
    let flat = !(high > low * (1 + 1e-6)) || !(high - low > 1e-300)
    let scale = ChartAxis.fitting([low, high])
    let bands = 10
    func band(_ loss: Double) -> Int {
      flat ? bands / 2 : min(bands - 1, Int(scale.fraction(loss) * Double(bands)))
    }
    // The bands: each grid point colours the rectangle around it (clipped to the plot), one
    // rectangle per run of equal bands in a row.
    let dx = plotWidth / Double(max(1, columns - 1))
    let dy = plotHeight / Double(max(1, rows - 1))
    func clippedX(_ x: Double) -> Double { min(max(x, left), left + plotWidth) }
    func clippedY(_ y: Double) -> Double { min(max(y, top), top + plotHeight) }
    for (r, line) in losses.enumerated() {
      let y0 = clippedY(top + (Double(r) - 0.5) * dy)
      let y1 = clippedY(top + (Double(r) + 0.5) * dy)
      var c = 0
      while c < line.count {
        let b = band(line[c])
        var end = c + 1
        while end < line.count && band(line[end]) == b { end += 1 }
        let x0 = clippedX(left + (Double(c) - 0.5) * dx)
        let x1 = clippedX(left + (Double(end) - 0.5) * dx)
        svg.rect(
          x: x0, y: y0, width: x1 - x0, height: y1 - y0,
          fill: ColorScale.color((Double(b) + 0.5) / Double(bands)), crisp: true)
        c = end
      }
    }
    if !flat {
      // The contour lines between the bands, by marching squares over the grid points.
      let levels = losses.map { $0.map { scale.fraction($0) * Double(bands) } }
      for k in 1..<bands {
        let level = Double(k)
        var segments: [[(x: Double, y: Double)]] = []
        for r in 0..<(rows - 1) {
          for c in 0..<(columns - 1) {
            let corners = [
              (levels[r][c], left + Double(c) * dx, top + Double(r) * dy),
              (levels[r][c + 1], left + Double(c + 1) * dx, top + Double(r) * dy),
              (levels[r + 1][c + 1], left + Double(c + 1) * dx, top + Double(r + 1) * dy),
              (levels[r + 1][c], left + Double(c) * dx, top + Double(r + 1) * dy),
            ]
            var crossings: [(x: Double, y: Double)] = []
            for i in 0..<4 {
              let (a, b) = (corners[i], corners[(i + 1) % 4])
              guard (a.0 < level) != (b.0 < level), a.0.isFinite, b.0.isFinite else { continue }
              let t = (level - a.0) / (b.0 - a.0)
              crossings.append((a.1 + t * (b.1 - a.1), a.2 + t * (b.2 - a.2)))
            }
            if crossings.count == 2 { segments.append(crossings) }
            if crossings.count == 4 {
              segments.append([crossings[0], crossings[1]])
              segments.append([crossings[2], crossings[3]])
            }
          }
        }
        svg.segments(segments, stroke: "#ffffff", width: 0.7, opacity: 0.55)
      }
    }
    frame.draw(
      into: &svg, horizontalName: axes?.x ?? n.w(1), verticalName: axes?.y ?? n.w(2))
    func point(_ w: Weights) -> (x: Double, y: Double) { frame.point(w.w1, w.w2) }
    let bounds = SVGBox(x0: left, y0: top, x1: left + plotWidth, y1: top + plotHeight)
    var marks: [SVGBox] = []
    var labelled: [(String, (x: Double, y: Double))] = []
    if let first = path.first, let last = path.last {
      let points = path.map(point)
      svg.polyline(points, stroke: "white", width: 4)
      svg.polyline(points, stroke: PictureColor.path.svg, width: 2)
      let s = point(first)
      let e = point(last)
      svg.circle(
        x: s.x, y: s.y, radius: 6, fill: "white", stroke: PictureColor.path.svg, strokeWidth: 2.5)
      svg.rect(
        x: e.x - 5, y: e.y - 5, width: 10, height: 10, fill: PictureColor.path.svg, stroke: "white")
      marks += [SVGBox(around: s, radius: 7), SVGBox(around: e, radius: 7)]
      labelled += [("start", s), ("end", e)]
    }
    let c = point(current)
    svg.circle(x: c.x, y: c.y, radius: 5, fill: "black", stroke: "white", strokeWidth: 2)
    marks.append(SVGBox(around: c, radius: 7))
    labelled.append(("current", c))
    // Each label goes to the first side of its mark where it touches no other label or mark.
    for (text, p) in labelled {
      let candidates = [
        (p.x + 10, p.y - 8, "start"), (p.x + 10, p.y + 18, "start"), (p.x - 10, p.y - 8, "end"),
        (p.x - 10, p.y + 18, "end"), (p.x, p.y - 14, "middle"), (p.x, p.y + 26, "middle"),
        (p.x + 12, p.y + 4, "start"), (p.x - 12, p.y + 4, "end"), (p.x + 10, p.y - 24, "start"),
        (p.x - 10, p.y + 34, "end"), (p.x + 10, p.y + 34, "start"), (p.x - 10, p.y - 24, "end"),
      ].map { (x: $0.0, y: $0.1, anchor: $0.2) }
      if let box = svg.label(
        text, candidates: candidates, size: 12, halo: true, avoiding: marks, within: bounds)
      {
        marks.append(box)
      }
    }
    if flat {
      svg.text(
        "flat", x: left + plotWidth / 2, y: top + plotHeight / 2 - 30, anchor: "middle", size: 16,
        bold: true, halo: true)
    } else {
      ColorScale.drawBar(
        into: &svg, x: left + plotWidth + 24, y: top, height: plotHeight, axis: scale,
        name: "loss")
    }
    var notes: [String] = []
    if flat {
      var note =
        "the surface is flat: the loss is \(n.value(high)) everywhere on this grid, so there is no valley to follow"
      if axes == nil, abs(current.w3) < 1e-6 {
        note += n.text(
          " (w₃ = \(n.value(current.w3)): ŷ = w₃·hₙ ≈ 0 whatever w₁ and w₂ are, so they get no gradient)"
        )
      }
      notes.append(note)
    } else {
      notes.append(
        "colour: the loss from \(n.compact(low)) (dark) to \(n.compact(high)) (light), \(scale.logScale ? "log" : "linear") scale, in ten bands"
      )
    }
    var legend = currentLegend("●", n)
    if let first = path.first, let last = path.last {
      legend +=
        "; ○ start and ■ end of the last training: (\(compact(first, n))) \(n.arrow) (\(compact(last, n)))"
    } else {
      legend += "; 'train' draws its path here"
    }
    notes.append(legend)
    if let best = lowestCell, !flat {
      notes.append(
        n.text(
          "lowest cell: \(axes?.x ?? n.w(1)) ≈ \(n.compact(best.w1)), \(axes?.y ?? n.w(2)) ≈ \(n.compact(best.w2)), L ≈ \(n.compact(best.loss))"
        ))
    }
    svg.height = svg.notes(notes, x: 20, y: top + plotHeight + 66, width: width - 40)
    return svg.document
  }
}

extension Session {
  /// The grid for `landscape`: the loaded data set's samples (or the current input and
  /// target when none is loaded), around the current weights.
  func landscapePicture(columns: Int? = nil, rows: Int = 21, hooks: Hooks = .none)
    throws(CommandError) -> LandscapePicture
  {
    let samples: [Sample]
    let source: String
    if let dataset = state.dataset {
      samples = dataset.samples
      source = "the \(dataset.samples.count) samples of \(dataset.name)"
    } else if let y = state.target {
      samples = [Sample(inputs: state.inputs, target: y)]
      source = "the current input"
    } else {
      throw .nothingToDraw
    }
    let path =
      state.lastTraining.map { report in
        report.path.points.map(\.weights)
          + (report.path.points.last?.weights == report.end ? [] : [report.end])
      } ?? []
    let width = columns ?? max(21, traits.width - 10)
    return try LandscapePicture(
      model: state.model, samples: samples, source: source, path: path, columns: width, rows: rows,
      hooks: hooks)
  }
}
