#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One axis of an SVG chart: a range of values, linear or on a log scale, with its ticks at
/// round numbers (1, 2 or 5 times a power of ten; powers of ten on a log scale).
struct ChartAxis {
  /// The ends of the axis, in plotted units (log₁₀ of the value on a log scale).
  let low: Double
  let high: Double
  let logScale: Bool
  /// Each tick's place, in plotted units, and its label.
  let ticks: [(value: Double, label: String)]

  /// A linear axis over `low…high`, widened to the round numbers around them (or kept as it
  /// is, its ticks at the round numbers inside, when `widen` is false), with about `count`
  /// ticks.
  static func linear(_ low: Double, _ high: Double, count: Int = 5, widen: Bool = true)
    -> ChartAxis
  {
    var (low, high) = (low.isFinite ? low : 0, high.isFinite ? high : 1)
    if high <= low {
      let pad = max(abs(low) * 0.1, 1e-12)
      (low, high) = (low - pad, high + pad)
    }
    let step = roundStep((high - low) / Double(max(1, count)))
    let first = (low / step).rounded(.down)
    let last = (high / step).rounded(.up)
    let values = stride(from: first, through: last, by: 1).map { $0 * step }
      .filter { widen || (low - step * 1e-9...high + step * 1e-9).contains($0) }
    return ChartAxis(
      low: widen ? first * step : low, high: widen ? last * step : high, logScale: false,
      ticks: values.map { ($0, label($0, step: step)) })
  }

  /// An axis of whole numbers from `low` to `high` exactly (timesteps, epochs): ticks at
  /// `low` and at round multiples after it.
  static func counting(_ low: Int, _ high: Int, count: Int = 6) -> ChartAxis {
    let high = max(high, low + 1)
    let step = max(1, roundStep(Double(high - low) / Double(max(1, count))))
    var values = [Double(low)]
    var v = ((Double(low) / step).rounded(.down) + 1) * step
    while v <= Double(high) {
      if v - Double(low) >= step / 2 { values.append(v) }
      v += step
    }
    return ChartAxis(
      low: Double(low), high: Double(high), logScale: false,
      ticks: values.map { ($0, Parse.grouped(Int($0))) })
  }

  /// A log axis spanning the positive values `low…high`, from the power of ten below to the
  /// one above.
  static func logarithmic(_ low: Double, _ high: Double) -> ChartAxis {
    var bottom = log10(low).rounded(.down)
    var top = log10(high).rounded(.up)
    if !bottom.isFinite || !top.isFinite { (bottom, top) = (-1, 0) }
    if top <= bottom { top = bottom + 1 }
    let every = max(1, ((top - bottom) / 6).rounded(.up))
    // Counted down from the top, so the largest power of ten is always labelled.
    var ticks = stride(from: top, through: bottom, by: -every).reversed().map {
      ($0, powerOfTen(Int($0)))
    }
    if top - bottom <= 2 && (-3...3).contains(bottom) {
      // One or two decades: 2 and 5 times each power of ten too.
      for k in stride(from: bottom, to: top, by: 1) {
        for m in [2.0, 5.0] {
          ticks.append((k + log10(m), NumberFormat.significant(m * pow(10, k), digits: 1)))
        }
      }
      ticks.sort { $0.0 < $1.0 }
    }
    return ChartAxis(low: bottom, high: top, logScale: true, ticks: ticks)
  }

  /// The axis the values call for: a log scale when the positive ones span more than two
  /// decades, a linear one otherwise.
  static func fitting(_ values: [Double], count: Int = 5) -> ChartAxis {
    let finite = values.filter(\.isFinite)
    let positive = finite.filter { $0 > 0 }
    if let small = positive.min(), let large = positive.max(), positive.count == finite.count,
      large / small > 100
    {
      return logarithmic(small, large)
    }
    return linear(finite.min() ?? 0, finite.max() ?? 1, count: count)
  }

  /// Where `value` falls along the axis, 0 at `low` and 1 at `high`, clamped; a value a log
  /// scale cannot show (0 or less) sits at the bottom.
  func fraction(_ value: Double) -> Double {
    let v = logScale ? (value > 0 ? log10(value) : -.infinity) : value
    guard !v.isNaN else { return 0 }
    return min(max((v - low) / (high - low), 0), 1)
  }

  /// 1, 2 or 5 times a power of ten, the smallest at least `rough`.
  static func roundStep(_ rough: Double) -> Double {
    guard rough > 0, rough.isFinite else { return 1 }
    let power = pow(10, log10(rough).rounded(.down))
    for m in [1.0, 2, 5, 10] where m * power >= rough * (1 - 1e-9) { return m * power }
    return 10 * power
  }

  /// A tick label with as many decimals as the step needs, and a Unicode minus.
  static func label(_ v: Double, step: Double) -> String {
    let magnitude = max(abs(v), step)
    if magnitude >= 1e6 || step < 1e-4 {
      // As many digits as tell one tick from the next, exponent written short (2.05e−5).
      let digits = max(1, Int(log10(magnitude).rounded(.down) - log10(step).rounded(.down)) + 1)
      // compact() keeps at most 4 digits; ticks closer than that need them all.
      guard digits <= 4 else {
        return NumberFormat.significant(v, digits: min(digits, 15)).replacing("-", with: "−")
      }
      return Notation(unicode: true, precision: digits).compact(v, limit: 20)
    }
    let decimals = max(0, Int(-log10(step).rounded(.down)))
    return NumberFormat.fixed(abs(v) < step * 1e-6 ? 0 : v, decimals: decimals)
      .replacing("-", with: "−")
  }

  /// 10^k as a learner reads it: 0.001 … 1000 written out, 10⁻⁵ and 10⁶ beyond.
  static func powerOfTen(_ k: Int) -> String {
    if (0...3).contains(k) { return "1" + String(repeating: "0", count: k) }
    if (-3 ... -1).contains(k) { return "0." + String(repeating: "0", count: -k - 1) + "1" }
    let superscripts: [Character: Character] = [
      "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸",
      "9": "⁹", "-": "⁻",
    ]
    return "10" + String(String(k).map { superscripts[$0] ?? $0 })
  }
}

/// A chart's frame in the SVG: where it sits, its two axes, and how values map into it.
struct ChartFrame {
  let x: Double
  let y: Double
  let width: Double
  let height: Double
  let horizontal: ChartAxis
  let vertical: ChartAxis

  /// The pixel of a point (horizontal value, vertical value).
  func point(_ a: Double, _ b: Double) -> (x: Double, y: Double) {
    (x + horizontal.fraction(a) * width, y + (1 - vertical.fraction(b)) * height)
  }

  /// Draws the frame, a light grid at the ticks, the tick labels and the axes' names: the
  /// horizontal one centred under the labels, the vertical one above its labels. The
  /// horizontal labels go `below` further down when something sits under the axis.
  func draw(
    into svg: inout SVGDocument, horizontalName: String, verticalName: String,
    below: Double = 0
  ) {
    svg.markPlotArea(x: x, y: y, width: width, height: height + below)
    svg.rect(x: x, y: y, width: width, height: height, fill: "none", stroke: "#999999")
    for tick in vertical.ticks {
      let yy = y + (1 - (tick.value - vertical.low) / (vertical.high - vertical.low)) * height
      svg.line(x1: x, y1: yy, x2: x + width, y2: yy, stroke: "#e6e6e6")
      svg.line(x1: x - 4, y1: yy, x2: x, y2: yy, stroke: "#666666")
      svg.text(tick.label, x: x - 7, y: yy + 4, anchor: "end", size: 11, fill: "#444444")
    }
    for tick in horizontal.ticks {
      let xx = x + (tick.value - horizontal.low) / (horizontal.high - horizontal.low) * width
      svg.line(x1: xx, y1: y, x2: xx, y2: y + height, stroke: "#e6e6e6")
      svg.line(x1: xx, y1: y + height, x2: xx, y2: y + height + 4, stroke: "#666666")
      // A label that would touch its neighbour is left out; its tick stays.
      let box = SVGBox(
        text: tick.label, x: xx, y: y + height + below + 17, anchor: "middle", size: 11)
      if !svg.textBoxes.contains(where: { $0.overlaps(box) }) {
        svg.text(
          tick.label, x: xx, y: y + height + below + 17, anchor: "middle", size: 11,
          fill: "#444444")
      }
    }
    if !horizontalName.isEmpty {
      svg.text(
        horizontalName, x: x + width / 2, y: y + height + below + 36, anchor: "middle", size: 12)
    }
    if !verticalName.isEmpty { svg.text(verticalName, x: x, y: y - 8, anchor: "middle", size: 12) }
  }
}

/// The colour scale of the filled pictures (heat map, landscape): viridis, dark purple for
/// the lowest values to yellow for the highest, readable in grey and by most colour-blind
/// readers.
enum ColorScale {
  private static let stops: [(Double, Double, Double)] = [
    (68, 1, 84), (59, 82, 139), (33, 145, 140), (94, 201, 98), (253, 231, 37),
  ]

  /// The colour at `fraction` (0…1, clamped) along the scale, as `#rrggbb`.
  static func color(_ fraction: Double) -> String {
    let f = fraction.isNaN ? 0 : min(max(fraction, 0), 1) * Double(stops.count - 1)
    let i = min(Int(f), stops.count - 2)
    let t = f - Double(i)
    let (a, b) = (stops[i], stops[i + 1])
    let channels = [a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t, a.2 + (b.2 - a.2) * t]
    return "#"
      + channels.map { c -> String in
        let text = String(Int(c.rounded()), radix: 16)
        return text.count == 1 ? "0" + text : text
      }.joined()
  }

  /// A vertical bar of the scale at (x, y), `height` tall, labelled with `axis`'s ticks on
  /// its right and `name` above it.
  static func drawBar(
    into svg: inout SVGDocument, x: Double, y: Double, height: Double, axis: ChartAxis,
    name: String
  ) {
    let bands = 40
    for k in 0..<bands {
      let f = (Double(k) + 0.5) / Double(bands)
      svg.rect(
        x: x, y: y + height * (1 - Double(k + 1) / Double(bands)), width: 14,
        height: height / Double(bands) + 0.5, fill: color(f))
    }
    svg.rect(x: x, y: y, width: 14, height: height, fill: "none", stroke: "#999999")
    for tick in axis.ticks {
      let yy = y + (1 - (tick.value - axis.low) / (axis.high - axis.low)) * height
      svg.line(x1: x + 14, y1: yy, x2: x + 18, y2: yy, stroke: "#666666")
      svg.text(tick.label, x: x + 21, y: yy + 4, size: 11, fill: "#444444")
    }
    svg.text(name, x: x, y: y - 8, size: 12)
  }
}
