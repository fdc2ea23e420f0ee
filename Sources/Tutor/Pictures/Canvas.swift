/// A grid of characters, each one terminal column wide, with an optional colour per cell:
/// what the terminal pictures are drawn on.
///
/// Drawing outside the grid is clipped, so a picture never writes past its width.
struct Canvas {
  /// The rows of cells, all `width` long.
  private(set) var cells: [[Character]]
  private var colors: [[PictureColor?]]
  let width: Int

  init(width: Int, height: Int) {
    self.width = max(0, width)
    cells = Array(repeating: Array(repeating: " ", count: self.width), count: max(0, height))
    colors = Array(repeating: Array(repeating: nil, count: self.width), count: max(0, height))
  }

  var height: Int { cells.count }

  /// The character at a cell, or a space outside the grid.
  subscript(row: Int, column: Int) -> Character {
    guard cells.indices.contains(row), (0..<width).contains(column) else { return " " }
    return cells[row][column]
  }

  /// Writes one character.
  mutating func set(_ character: Character, row: Int, column: Int, color: PictureColor? = nil) {
    guard cells.indices.contains(row), (0..<width).contains(column) else { return }
    cells[row][column] = character
    colors[row][column] = color
  }

  /// Writes `text` from `column` on, one character per column.
  mutating func put(_ text: String, row: Int, column: Int, color: PictureColor? = nil) {
    for (i, character) in text.enumerated() {
      set(character, row: row, column: column + i, color: color)
    }
  }

  /// Writes `text` centred on `center`.
  mutating func put(_ text: String, row: Int, centeredOn center: Int, color: PictureColor? = nil) {
    put(text, row: row, column: center - text.count / 2, color: color)
  }

  /// Appends empty rows.
  mutating func addRows(_ count: Int) {
    for _ in 0..<max(0, count) {
      cells.append(Array(repeating: " ", count: width))
      colors.append(Array(repeating: nil, count: width))
    }
  }

  /// The rows as plain text, trailing spaces removed.
  var lines: [String] { cells.map { String($0).trimmingTrailingSpaces() } }

  /// One row as runs of characters of the same colour, trailing spaces removed.
  func runs(row: Int) -> [(text: String, color: PictureColor?)] {
    let cellsOfRow = cells[row]
    let end = (cellsOfRow.lastIndex { $0 != " " } ?? -1) + 1
    var runs: [(text: String, color: PictureColor?)] = []
    for column in 0..<end {
      let color = colors[row][column]
      if let lastRun = runs.last, lastRun.color == color {
        runs[runs.count - 1].text.append(cellsOfRow[column])
      } else {
        runs.append((String(cellsOfRow[column]), color))
      }
    }
    return runs
  }

  /// The picture as text, one line per row, with ANSI colours when `color` is true.
  func render(color: Bool) -> String {
    guard color else { return lines.map { $0 + "\n" }.joined() }
    var text = ""
    for row in cells.indices {
      for run in runs(row: row) {
        text += run.color.map { $0.ansi + run.text + PictureColor.reset } ?? run.text
      }
      text += "\n"
    }
    return text
  }
}

/// The few colours pictures use, on top of a picture that reads without them.
enum PictureColor: Sendable, Equatable {
  case input, target, prediction, gradient, weight, path

  /// The ANSI escape that starts it.
  var ansi: String {
    switch self {
    case .input: "\u{1B}[34m"
    case .target: "\u{1B}[32m"
    case .prediction: "\u{1B}[31m"
    case .gradient: "\u{1B}[35m"
    case .weight: "\u{1B}[36m"
    case .path: "\u{1B}[1;31m"
    }
  }

  /// The colour for SVG.
  var svg: String {
    switch self {
    case .input: "#1f5fbf"
    case .target: "#2e8b3a"
    case .prediction: "#c0392b"
    case .gradient: "#8e44ad"
    case .weight: "#16808a"
    case .path: "#d62728"
    }
  }

  static let reset = "\u{1B}[0m"
}

/// The box-drawing and marker characters of the pictures, Unicode or ASCII.
struct Glyphs {
  let horizontal: Character
  let vertical: Character
  let topLeft: Character
  let topRight: Character
  let bottomLeft: Character
  let bottomRight: Character
  let arrowRight: Character
  let arrowLeft: Character
  let arrowUp: Character
  /// The corner of a chart's axes, and the tick on its vertical axis.
  let axisCorner: Character
  let axisTick: Character

  static let unicode = Glyphs(
    horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐", bottomLeft: "└",
    bottomRight: "┘", arrowRight: "▶", arrowLeft: "◀", arrowUp: "▲", axisCorner: "└", axisTick: "┤")
  static let ascii = Glyphs(
    horizontal: "-", vertical: "|", topLeft: "+", topRight: "+", bottomLeft: "+",
    bottomRight: "+", arrowRight: ">", arrowLeft: "<", arrowUp: "^", axisCorner: "+", axisTick: "+")

  static func forUnicode(_ unicode: Bool) -> Glyphs { unicode ? .unicode : .ascii }
}

/// The cell 0…`count`−1 at `fraction` (0…1) along an axis; fractions outside are clamped
/// and NaN counts as 0, so extreme numbers never turn into an invalid index.
func cellIndex(_ fraction: Double, count: Int) -> Int {
  let f = fraction.isNaN ? 0 : min(max(fraction, 0), 1)
  return Int((f * Double(max(0, count - 1))).rounded())
}

extension Notation {
  /// A number short enough for a box or an axis label: at most `limit` characters, with the
  /// most significant digits that fit (never more than the session's precision), and
  /// exponents written short (`1.2e-5`).
  func compact(_ v: Double, limit: Int = 7) -> String {
    let text = NumberFormat.compact(
      v, mostDigits: precision == 0 ? 4 : min(precision, 4), limit: limit)
    return text.hasPrefix("-") ? minus + text.dropFirst() : text
  }
}
