/// A standalone SVG document, built element by element. Every piece of text is escaped for
/// XML, so the file is well formed whatever the labels hold.
struct SVGDocument {
  let width: Double
  /// Set again once the drawing knows how far down its notes go.
  var height: Double
  let title: String
  private var body: [String] = []
  /// Where each piece of text is estimated to sit, so new labels can be placed clear of it.
  private(set) var textBoxes: [SVGBox] = []

  init(width: Double, height: Double, title: String) {
    self.width = width
    self.height = height
    self.title = title
  }

  /// The comment that marks a picture as minirnn's, so `export svg` may replace it.
  static let mark = "<!-- Written by minirnn"

  /// The whole document.
  var document: String {
    var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    text += "\(Self.mark) \(minirnnVersion) -->\n"
    text +=
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(NumberFormat.hundredths(width))\" height=\"\(NumberFormat.hundredths(height))\" viewBox=\"0 0 \(NumberFormat.hundredths(width)) \(NumberFormat.hundredths(height))\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" font-size=\"12\">\n"
    text += "<title>\(Self.escape(title))</title>\n"
    text += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
    text += body.map { $0 + "\n" }.joined()
    return text + "</svg>\n"
  }

  mutating func rect(
    x: Double, y: Double, width: Double, height: Double, fill: String, stroke: String? = nil,
    strokeWidth: Double = 1, corner: Double = 0, dashed: Bool = false, crisp: Bool = false
  ) {
    var element =
      "<rect x=\"\(NumberFormat.hundredths(x))\" y=\"\(NumberFormat.hundredths(y))\" width=\"\(NumberFormat.hundredths(width))\" height=\"\(NumberFormat.hundredths(height))\" fill=\"\(fill)\""
    if let stroke {
      element += " stroke=\"\(stroke)\" stroke-width=\"\(NumberFormat.hundredths(strokeWidth))\""
    }
    if corner > 0 { element += " rx=\"\(NumberFormat.hundredths(corner))\"" }
    if dashed { element += " stroke-dasharray=\"4 3\"" }
    // Tiles of a filled picture: no anti-aliased seams between neighbours.
    if crisp { element += " shape-rendering=\"crispEdges\"" }
    body.append(element + "/>")
  }

  /// The area a renderer test looks into for ink: an invisible rectangle named `plot-area`,
  /// the first chart's when there are several.
  mutating func markPlotArea(x: Double, y: Double, width: Double, height: Double) {
    guard !body.contains(where: { $0.hasPrefix("<rect id=\"plot-area\"") }) else { return }
    body.append(
      "<rect id=\"plot-area\" x=\"\(NumberFormat.hundredths(x))\" y=\"\(NumberFormat.hundredths(y))\" width=\"\(NumberFormat.hundredths(width))\" height=\"\(NumberFormat.hundredths(height))\" fill=\"none\" stroke=\"none\"/>"
    )
  }

  /// Many short straight lines as one path.
  mutating func segments(
    _ segments: [[(x: Double, y: Double)]], stroke: String, width: Double, opacity: Double = 1
  ) {
    let data = segments.filter { $0.count == 2 }.map {
      "M\(NumberFormat.hundredths($0[0].x)) \(NumberFormat.hundredths($0[0].y))L\(NumberFormat.hundredths($0[1].x)) \(NumberFormat.hundredths($0[1].y))"
    }.joined()
    guard !data.isEmpty else { return }
    body.append(
      "<path d=\"\(data)\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(NumberFormat.hundredths(width))\" stroke-opacity=\"\(NumberFormat.hundredths(opacity))\"/>"
    )
  }

  /// A closed shape, filled.
  mutating func polygon(_ points: [(x: Double, y: Double)], fill: String) {
    guard points.count > 2 else { return }
    let list = points.map { "\(NumberFormat.hundredths($0.x)),\(NumberFormat.hundredths($0.y))" }
      .joined(separator: " ")
    body.append("<polygon points=\"\(list)\" fill=\"\(fill)\"/>")
  }

  /// A straight arrow from one point to another, its head at the end.
  mutating func arrow(
    from a: (x: Double, y: Double), to b: (x: Double, y: Double), stroke: String = "#333333",
    width: Double = 1.5, dashed: Bool = false
  ) {
    let dx = b.x - a.x
    let dy = b.y - a.y
    let length = (dx * dx + dy * dy).squareRoot()
    guard length > 0 else { return }
    let (ux, uy) = (dx / length, dy / length)
    let head = 8.0
    let base = (x: b.x - ux * head, y: b.y - uy * head)
    polyline([a, base], stroke: stroke, width: width, dashed: dashed)
    polygon(
      [
        b, (x: base.x - uy * head * 0.45, y: base.y + ux * head * 0.45),
        (x: base.x + uy * head * 0.45, y: base.y - ux * head * 0.45),
      ], fill: stroke)
  }

  mutating func line(
    x1: Double, y1: Double, x2: Double, y2: Double, stroke: String = "black",
    width: Double = 1, dashed: Bool = false
  ) {
    var element =
      "<line x1=\"\(NumberFormat.hundredths(x1))\" y1=\"\(NumberFormat.hundredths(y1))\" x2=\"\(NumberFormat.hundredths(x2))\" y2=\"\(NumberFormat.hundredths(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(NumberFormat.hundredths(width))\""
    if dashed { element += " stroke-dasharray=\"2 4\" stroke-linecap=\"round\"" }
    body.append(element + "/>")
  }

  mutating func polyline(
    _ points: [(x: Double, y: Double)], stroke: String, width: Double = 2, dashed: Bool = false
  ) {
    guard points.count > 1 else { return }
    let list = points.map { "\(NumberFormat.hundredths($0.x)),\(NumberFormat.hundredths($0.y))" }
      .joined(separator: " ")
    var element =
      "<polyline points=\"\(list)\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(NumberFormat.hundredths(width))\" stroke-linejoin=\"round\""
    if dashed { element += " stroke-dasharray=\"2 4\" stroke-linecap=\"round\"" }
    body.append(element + "/>")
  }

  mutating func circle(
    x: Double, y: Double, radius: Double, fill: String, stroke: String? = nil,
    strokeWidth: Double = 1.5
  ) {
    var element =
      "<circle cx=\"\(NumberFormat.hundredths(x))\" cy=\"\(NumberFormat.hundredths(y))\" r=\"\(NumberFormat.hundredths(radius))\" fill=\"\(fill)\""
    if let stroke {
      element += " stroke=\"\(stroke)\" stroke-width=\"\(NumberFormat.hundredths(strokeWidth))\""
    }
    body.append(element + "/>")
  }

  /// Text with its baseline at `y`; `anchor` is start, middle or end.
  mutating func text(
    _ text: String, x: Double, y: Double, anchor: String = "start", size: Double = 12,
    fill: String = "black", bold: Bool = false, halo: Bool = false
  ) {
    var weight = bold ? " font-weight=\"bold\"" : ""
    // A white outline under the letters keeps a label readable on any colour.
    if halo { weight += " stroke=\"white\" stroke-width=\"3\" paint-order=\"stroke\"" }
    body.append(
      "<text x=\"\(NumberFormat.hundredths(x))\" y=\"\(NumberFormat.hundredths(y))\" text-anchor=\"\(anchor)\" font-size=\"\(NumberFormat.hundredths(size))\" fill=\"\(fill)\"\(weight)>\(Self.escape(text))</text>"
    )
    textBoxes.append(SVGBox(text: text, x: x, y: y, anchor: anchor, size: size))
  }

  /// Puts `text` at the first of `candidates` (baseline points with their anchors) where it
  /// overlaps no text already drawn and none of `avoiding`; when none is free, at the first
  /// candidate, or nowhere if `optional`. Returns where it went.
  @discardableResult
  mutating func label(
    _ text: String, candidates: [(x: Double, y: Double, anchor: String)], size: Double = 12,
    fill: String = "black", halo: Bool = false, avoiding: [SVGBox] = [],
    within bounds: SVGBox? = nil, optional: Bool = false
  ) -> SVGBox? {
    guard let first = candidates.first else { return nil }
    let obstacles = textBoxes + avoiding
    let free = candidates.first { c in
      let box = SVGBox(text: text, x: c.x, y: c.y, anchor: c.anchor, size: size)
      return !obstacles.contains { $0.overlaps(box) } && (bounds.map { $0.contains(box) } ?? true)
    }
    if free == nil && optional { return nil }
    let spot = free ?? first
    self.text(text, x: spot.x, y: spot.y, anchor: spot.anchor, size: size, fill: fill, halo: halo)
    return textBoxes.last
  }

  /// Lines of notes under a drawing, from `y` down, wrapped to `width` pixels; returns the
  /// baseline after the last.
  @discardableResult
  mutating func notes(_ lines: [String], x: Double, y: Double, width: Double, size: Double = 12)
    -> Double
  {
    var y = y
    let perLine = max(20, Int(width / (size * SVGBox.advance)))
    for line in lines {
      // SVG collapses runs of spaces, so the terminal's column gaps become separators.
      for piece in TextLayout.wrap(line.replacing("   ", with: " · "), width: perLine) {
        text(piece, x: x, y: y, size: size, fill: "#333333")
        y += size * 1.4
      }
    }
    return y
  }

  /// `text` with XML's special characters escaped and the characters XML 1.0 forbids dropped.
  static func escape(_ text: String) -> String {
    text.escaped { scalar in
      switch scalar {
      case "&": return "&amp;"
      case "<": return "&lt;"
      case ">": return "&gt;"
      case "\"": return "&quot;"
      case "'": return "&apos;"
      case "\t", "\n", "\r": return nil
      // XML 1.0 allows no other control characters, nor U+FFFE and U+FFFF.
      case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF:
        return ""
      default: return nil
      }
    }
  }
}

/// The box a piece of SVG text is estimated to cover, from its character count: no font is
/// measured, so the advance is a generous average for DejaVu Sans.
struct SVGBox: Equatable {
  let x0: Double
  let y0: Double
  let x1: Double
  let y1: Double

  /// The average advance of a character, in ems.
  static let advance = 0.62

  init(x0: Double, y0: Double, x1: Double, y1: Double) {
    (self.x0, self.y0, self.x1, self.y1) = (x0, y0, x1, y1)
  }

  /// The box of `text` with its baseline at (x, y) and `anchor` start, middle or end.
  init(text: String, x: Double, y: Double, anchor: String, size: Double) {
    let width = Double(text.count) * size * Self.advance
    let left = anchor == "middle" ? x - width / 2 : anchor == "end" ? x - width : x
    self.init(x0: left, y0: y - size * 0.8, x1: left + width, y1: y + size * 0.25)
  }

  /// A box around a point, `radius` each way.
  init(around point: (x: Double, y: Double), radius: Double) {
    self.init(
      x0: point.x - radius, y0: point.y - radius, x1: point.x + radius, y1: point.y + radius)
  }

  func overlaps(_ other: SVGBox) -> Bool {
    x0 < other.x1 && other.x0 < x1 && y0 < other.y1 && other.y0 < y1
  }

  func contains(_ other: SVGBox) -> Bool {
    other.x0 >= x0 && other.x1 <= x1 && other.y0 >= y0 && other.y1 <= y1
  }
}
