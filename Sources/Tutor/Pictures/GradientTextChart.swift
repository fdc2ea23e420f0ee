#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The terminal's chart of gradient magnitudes against t on a log scale, one digit per line
/// (1 for the first, 2 for the second, …): what `flow sweep` draws for the RNN and the vector
/// RNN alike. `GradientChart` draws the same lines as SVG.
struct GradientTextChart {
  let lines: [GradientChart.Line]
  /// The longest sequence, the end of the t axis.
  let length: Int

  /// The marks of the lines, in order: at most six lines.
  static let marks = Array("123456")
  static let colors = GradientChart.colors

  /// The decades the finite, non-zero magnitudes span, as log₁₀; a span under one decade
  /// is widened by half a decade each way. Nil when none is finite and non-zero.
  static func decades(_ magnitudes: [Double]) -> (low: Double, high: Double)? {
    let logs = magnitudes.map(abs).filter { $0 > 0 && $0.isFinite }.map(log10)
    guard let low = logs.min(), let high = logs.max() else { return nil }
    return high - low < 1 ? (low - 0.5, high + 0.5) : (low, high)
  }

  /// The decades this chart's lines span.
  var range: (low: Double, high: Double)? {
    Self.decades(lines.flatMap(\.points).map(\.value))
  }

  /// The chart, 12 rows high and `width` columns wide with its axis labels; nil when every
  /// magnitude is 0 or not finite (nothing to draw).
  func render(_ n: Notation, width: Int, color: Bool) -> String? {
    guard let range else { return nil }
    let g = Glyphs.forUnicode(n.unicode)
    let height = 12
    let labels = [range.high, (range.high + range.low) / 2, range.low].map {
      n.compact(pow(10, $0))
    }
    let axis = (labels.map(\.count).max() ?? 1) + 1
    let chartWidth = max(10, width - axis - 2)
    var canvas = Canvas(width: axis + 1 + chartWidth, height: height + 2)
    for (i, label) in labels.enumerated() {
      canvas.put(
        TextLayout.leftPad(label, axis - 1), row: [0, height / 2, height - 1][i], column: 0)
    }
    for r in 0..<height { canvas.set(g.vertical, row: r, column: axis) }
    canvas.set(g.axisCorner, row: height, column: axis)
    for c in 1...chartWidth { canvas.set(g.horizontal, row: height, column: axis + c) }
    canvas.put("t = 1", row: height + 1, column: axis + 1)
    let end = "t = \(length)"
    canvas.put(end, row: height + 1, column: axis + 1 + chartWidth - end.count)
    for (i, line) in lines.enumerated() {
      for point in line.points {
        let v = abs(point.value)
        guard v > 0, v.isFinite else { continue }
        let fx = length > 1 ? Double(point.t - 1) / Double(length - 1) : 0
        let fy = (range.high - log10(v)) / (range.high - range.low)
        canvas.set(
          Self.marks[i], row: cellIndex(fy, count: height),
          column: axis + 1 + cellIndex(fx, count: chartWidth), color: Self.colors[i])
      }
    }
    return canvas.render(color: color)
  }
}
