/// A standalone SVG document, built element by element. Every piece of text is escaped for
/// XML, so the file is well formed whatever the labels hold.
struct SVGDocument {
  let width: Double
  let height: Double
  let title: String
  private var body: [String] = []

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
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Self.number(width))\" height=\"\(Self.number(height))\" viewBox=\"0 0 \(Self.number(width)) \(Self.number(height))\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" font-size=\"12\">\n"
    text += "<title>\(Self.escape(title))</title>\n"
    text += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
    text += body.map { $0 + "\n" }.joined()
    return text + "</svg>\n"
  }

  mutating func rect(
    x: Double, y: Double, width: Double, height: Double, fill: String, stroke: String? = nil
  ) {
    var element =
      "<rect x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" width=\"\(Self.number(width))\" height=\"\(Self.number(height))\" fill=\"\(fill)\""
    if let stroke { element += " stroke=\"\(stroke)\"" }
    body.append(element + "/>")
  }

  mutating func line(
    x1: Double, y1: Double, x2: Double, y2: Double, stroke: String = "black",
    width: Double = 1, dashed: Bool = false
  ) {
    var element =
      "<line x1=\"\(Self.number(x1))\" y1=\"\(Self.number(y1))\" x2=\"\(Self.number(x2))\" y2=\"\(Self.number(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(Self.number(width))\""
    if dashed { element += " stroke-dasharray=\"2 4\" stroke-linecap=\"round\"" }
    body.append(element + "/>")
  }

  mutating func polyline(
    _ points: [(x: Double, y: Double)], stroke: String, width: Double = 2, dashed: Bool = false
  ) {
    guard points.count > 1 else { return }
    let list = points.map { "\(Self.number($0.x)),\(Self.number($0.y))" }.joined(separator: " ")
    var element =
      "<polyline points=\"\(list)\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"\(Self.number(width))\" stroke-linejoin=\"round\""
    if dashed { element += " stroke-dasharray=\"2 4\" stroke-linecap=\"round\"" }
    body.append(element + "/>")
  }

  mutating func circle(x: Double, y: Double, radius: Double, fill: String) {
    body.append(
      "<circle cx=\"\(Self.number(x))\" cy=\"\(Self.number(y))\" r=\"\(Self.number(radius))\" fill=\"\(fill)\"/>"
    )
  }

  /// Text with its baseline at `y`; `anchor` is start, middle or end.
  mutating func text(
    _ text: String, x: Double, y: Double, anchor: String = "start", size: Double = 12,
    fill: String = "black"
  ) {
    body.append(
      "<text x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" text-anchor=\"\(anchor)\" font-size=\"\(Self.number(size))\" fill=\"\(fill)\">\(Self.escape(text))</text>"
    )
  }

  /// A row of monospaced text made of coloured runs (a terminal picture's row).
  mutating func monospaceRow(
    _ runs: [(text: String, color: PictureColor?)], x: Double, y: Double, size: Double
  ) {
    guard !runs.isEmpty else { return }
    let spans = runs.map { run in
      run.color.map { "<tspan fill=\"\($0.svg)\">\(Self.escape(run.text))</tspan>" }
        ?? Self.escape(run.text)
    }.joined()
    body.append(
      "<text x=\"\(Self.number(x))\" y=\"\(Self.number(y))\" font-family=\"DejaVu Sans Mono, Menlo, Consolas, monospace\" font-size=\"\(Self.number(size))\" xml:space=\"preserve\">\(spans)</text>"
    )
  }

  /// A terminal picture as SVG: its heading, its rows in a monospaced font, then its notes.
  static func text(title: String, heading: String, canvas: Canvas, notes: [String]) -> String {
    let size = 14.0
    let advance = size * 0.6
    let lineHeight = size * 1.25
    let longestNote = notes.map(\.count).max() ?? 0
    let columns = max(canvas.width, longestNote, heading.count)
    let rows = canvas.height + notes.count + 2
    var svg = SVGDocument(
      width: 20 + Double(columns) * advance, height: 20 + Double(rows) * lineHeight, title: title)
    var y = 10 + lineHeight
    svg.text(heading, x: 10, y: y, size: size)
    y += lineHeight
    for row in 0..<canvas.height {
      svg.monospaceRow(canvas.runs(row: row), x: 10, y: y, size: size)
      y += lineHeight
    }
    for note in notes {
      svg.monospaceRow([(note, nil)], x: 10, y: y, size: size)
      y += lineHeight
    }
    return svg.document
  }

  /// `text` with XML's special characters escaped and the characters XML 1.0 forbids dropped.
  static func escape(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&apos;"
      case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
      default:
        // XML 1.0 allows no other control characters, nor U+FFFE and U+FFFF.
        if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
        out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  /// A coordinate to two decimals, without exponents.
  static func number(_ v: Double) -> String {
    guard v.isFinite else { return "0" }
    let hundredths = Int((min(max(v, -1e12), 1e12) * 100).rounded())
    let sign = hundredths < 0 ? "-" : ""
    let magnitude = hundredths.magnitude
    let fraction = magnitude % 100
    let whole = "\(sign)\(magnitude / 100)"
    if fraction == 0 { return whole }
    return fraction % 10 == 0
      ? "\(whole).\(fraction / 10)" : "\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
  }
}
