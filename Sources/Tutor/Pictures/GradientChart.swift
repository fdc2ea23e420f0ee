import RNN

/// The SVG line chart of gradients against t that `flow` draws (and the LSTM's `flow`):
/// a log scale with a marker at every timestep, and exactly 0, which a log scale cannot
/// show, as a hollow marker on a strip of its own under the chart.
struct GradientChart {
  struct Line {
    let label: String
    /// (t, the gradient at t); the chart shows its magnitude.
    let points: [(t: Int, value: Double)]
  }

  let lines: [Line]
  /// The longest sequence, the end of the t axis.
  let length: Int
  /// The vertical axis's name, and the legend's words for a zero.
  let name: String
  let zero: String
  /// How a marker's value is written.
  let compactValue: (Double) -> String

  static let left = 90.0
  static let top = 70.0
  static let plotWidth = 520.0
  static let plotHeight = 220.0
  static let zeroStrip = 24.0
  static let colors = [PictureColor.gradient, .prediction, .input, .target, .weight, .path]

  var hasZeros: Bool { lines.contains { $0.points.contains { $0.value == 0 } } }

  /// Where the chart and its axis names end.
  var bottom: Double { Self.top + Self.plotHeight + (hasZeros ? Self.zeroStrip : 0) + 44 }

  func draw(into svg: inout SVGDocument) {
    let (left, top, plotWidth, plotHeight) = (Self.left, Self.top, Self.plotWidth, Self.plotHeight)
    let magnitudes = lines.flatMap(\.points).map { abs($0.value) }.filter {
      $0 > 0 && $0.isFinite
    }
    let frame = ChartFrame(
      x: left, y: top, width: plotWidth, height: plotHeight,
      // Every timestep gets its tick while there are at most 12.
      horizontal: .counting(1, max(2, length), count: min(max(1, length - 1), 11)),
      vertical: .logarithmic(magnitudes.min() ?? 0.1, magnitudes.max() ?? 1))
    frame.draw(
      into: &svg, horizontalName: "t", verticalName: name, below: hasZeros ? Self.zeroStrip : 0)
    if hasZeros {
      let y0 = top + plotHeight + 6
      svg.rect(x: left, y: y0, width: plotWidth, height: Self.zeroStrip - 8, fill: "#f4f4f4")
      svg.text("0", x: left - 7, y: y0 + 12, anchor: "end", size: 11, fill: "#444444")
    }
    func place(_ t: Int, _ value: Double) -> (x: Double, y: Double)? {
      let g = abs(value)
      guard g.isFinite else { return nil }
      let x = frame.point(Double(t), 1).x
      return g == 0 ? (x, top + plotHeight + 14) : frame.point(Double(t), g)
    }
    var marks: [(x: Double, y: Double, value: Double, color: String)] = []
    for (i, line) in lines.enumerated() {
      let color = Self.colors[i % Self.colors.count].svg
      let nonZero = line.points.sorted { $0.t < $1.t }.filter { $0.value != 0 }
      svg.polyline(nonZero.compactMap { place($0.t, $0.value) }, stroke: color, width: 2)
      for point in line.points {
        guard let p = place(point.t, point.value) else { continue }
        if point.value == 0 {
          svg.circle(x: p.x, y: p.y, radius: 4, fill: "white", stroke: color, strokeWidth: 2)
        } else {
          svg.circle(x: p.x, y: p.y, radius: 4, fill: color)
          marks.append((p.x, p.y, point.value, color))
        }
      }
    }
    // A short flow gets its values (signed, as 'flow' lists them) beside the markers, where
    // they fit.
    if marks.count <= 16 {
      let bounds = SVGBox(x0: left, y0: top, x1: left + plotWidth, y1: top + plotHeight)
      let dots = marks.map { SVGBox(around: ($0.x, $0.y), radius: 5) }
      for mark in marks {
        let candidates = [
          (mark.x + 7, mark.y - 7, "start"), (mark.x - 7, mark.y - 7, "end"),
          (mark.x + 7, mark.y + 16, "start"), (mark.x - 7, mark.y + 16, "end"),
        ].map { (x: $0.0, y: $0.1, anchor: $0.2) }
        svg.label(
          compactValue(mark.value), candidates: candidates, size: 11, fill: mark.color,
          halo: true, avoiding: dots, within: bounds, optional: true)
      }
    }
    // The legend, right of the chart.
    var y = top + 12
    let entries =
      lines.enumerated().map { ($0.element.label, Self.colors[$0.offset % Self.colors.count].svg) }
      + (hasZeros ? [(zero, "#444444")] : [])
    for (entry, color) in entries {
      for piece in TextLayout.wrap(entry, width: 22) {
        svg.text(piece, x: left + plotWidth + 20, y: y, size: 12, fill: color)
        y += 16
      }
      y += 4
    }
  }
}
