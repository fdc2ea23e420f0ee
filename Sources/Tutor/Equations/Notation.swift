/// How numbers and math symbols are written: Unicode math on a UTF-8 terminal, plain ASCII
/// otherwise, and numbers to the session's precision.
struct Notation {
  let unicode: Bool
  /// Significant digits; 0 means shortest round-trip form.
  let precision: Int
  /// ANSI colour allowed.
  let color: Bool
  /// The cell the equations are written for: the article's (ReLU, no biases) unless the
  /// generalised cell is in use (beyond the article).
  var cell = CellForm.article

  init(unicode: Bool, precision: Int, color: Bool = false, cell: CellForm = .article) {
    self.unicode = unicode
    self.precision = precision
    self.color = color
    self.cell = cell
  }

  /// φ's name in the backward equations: `ReLU` for the article's cell (as in `ReLU′(aₜ)`),
  /// the generalised cell's activation otherwise (`tanh′(aₜ)`).
  var phi: String { cell.isBeyondTheArticle ? cell.activation.symbol : "ReLU" }

  /// What a piece of text is, for colour; without colour every style is plain text.
  enum Style: String {
    case heading = "1;36"
    case result = "1;32"
    case note = "33"
    /// Lesson prose: `` `code` ``, `**strong**`, `*emphasis*`.
    case code = "36"
    case strong = "1"
    case emphasis = "3"
  }

  /// `text` in `style` when colour is allowed.
  func styled(_ text: String, _ style: Style) -> String {
    color ? "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m" : text
  }

  // MARK: Numbers

  /// A number to the session's precision, ASCII minus (tables).
  func number(_ v: Double) -> String {
    NumberFormat.significant(v, digits: precision)
  }

  /// A number as it appears inside an equation: Unicode minus, and in parentheses when
  /// negative and `parenthesized` (a factor or a term after a sign).
  func value(_ v: Double, parenthesized: Bool = false) -> String {
    var text = number(v)
    if text.hasPrefix("-") {
      if unicode { text = minus + text.dropFirst() }
      if parenthesized { text = "(" + text + ")" }
    }
    return text
  }

  // MARK: Symbols

  var minus: String { unicode ? "−" : "-" }
  var times: String { unicode ? "·" : "*" }
  var partial: String { unicode ? "∂" : "d" }
  var yhat: String { unicode ? "ŷ" : "yhat" }
  var half: String { unicode ? "½" : "1/2" }
  var squared: String { unicode ? "²" : "^2" }
  var sum: String { unicode ? "∑" : "sum" }
  var arrow: String { unicode ? "→" : "->" }
  var leftArrow: String { unicode ? "←" : "<-" }
  var prime: String { unicode ? "′" : "'" }
  var approx: String { unicode ? "≈" : "~" }

  /// A subscript: `₁₂` in Unicode, `_12` in ASCII (`_{t-1}` style for expressions).
  func sub(_ text: String) -> String {
    guard unicode else { return text.count == 1 ? "_" + text : "_{" + text + "}" }
    return String(text.map { Self.subscripts[$0] ?? $0 })
  }

  /// Built once: made on every call, this table was a quarter of a `step`'s cost.
  private static let subscripts: [Character: Character] = [
    "0": "₀", "1": "₁", "2": "₂", "3": "₃", "4": "₄", "5": "₅", "6": "₆", "7": "₇", "8": "₈",
    "9": "₉", "t": "ₜ", "n": "ₙ", "k": "ₖ", "+": "₊", "-": "₋", "−": "₋",
  ]

  func sub(_ n: Int) -> String { sub(String(n)) }

  /// `∂L/∂w₁` and friends.
  func derivative(_ of: String, _ by: String) -> String { "\(partial)\(of)/\(partial)\(by)" }

  /// `∂L/∂by`: the loss's derivative, the one BPTT carries.
  func dL(_ by: String) -> String { derivative("L", by) }

  func h(_ t: String) -> String { "h" + sub(t) }
  func a(_ t: String) -> String { "a" + sub(t) }
  func w(_ i: Int) -> String { unicode ? "w" + sub(i) : "w\(i)" }
  func h(_ t: Int) -> String { "h" + sub(t) }
  func x(_ t: Int) -> String { "x" + sub(t) }
  func x(_ t: String) -> String { "x" + sub(t) }
  func a(_ t: Int) -> String { "a" + sub(t) }
}

/// A plain table: a header row, a rule, then the rows, columns right-aligned except the
/// first.
func renderTable(_ header: [String], _ rows: [[String]], unicode: Bool) -> String {
  var widths = header.map(\.count)
  for row in rows {
    for (i, cell) in row.enumerated() where i < widths.count {
      widths[i] = max(widths[i], cell.count)
    }
  }
  func line(_ cells: [String]) -> String {
    cells.enumerated().map { i, cell in
      i == 0 ? TextLayout.rightPad(cell, widths[i]) : TextLayout.leftPad(cell, widths[i])
    }.joined(separator: "  ").trimmingTrailingSpaces() + "\n"
  }
  let rule = widths.map { String(repeating: unicode ? "─" : "-", count: $0) }.joined(
    separator: "  ")
  return line(header) + rule + "\n" + rows.map(line).joined()
}

extension String {
  func trimmingTrailingSpaces() -> String {
    var s = self
    while s.last == " " { s.removeLast() }
    return s
  }
}

/// The shortest round-trip form without a trailing `.0`: the name the screens call
/// `NumberFormat.shortest` by.
func plainNumber(_ v: Double) -> String { NumberFormat.shortest(v) }

/// `lr = 0.001`: the learning rate as `set` and `print` show it, wherever a screen names it.
func learningRateText(_ lr: Double) -> String { "lr = \(plainNumber(lr))" }

extension Notation {
  /// `text` as this notation writes it: unchanged in Unicode; in ASCII every non-ASCII
  /// character spelled the one way minirnn spells it (`ŷ` → `yhat`, `∂` → `d`, `§` → `sec. `,
  /// `—` → `--`), subscripts as `sub` writes them (`hₜ₋₁` → `h_{t-1}`, `w₂` → `w2`), box
  /// drawing as `-`, `|` and `+`, and `?` where there is no spelling.
  ///
  /// The symbol getters above agree with it: `text("∂")` is `partial`, `text("h₂")` is `h(2)`.
  func text(_ text: String) -> String {
    unicode ? text : asciiSpelling(text)
  }
}

/// `text` with every non-ASCII character spelled in ASCII (see `Notation.text`).
func asciiSpelling(_ text: String) -> String {
  guard text.utf8.contains(where: { $0 >= 0x80 }) else { return text }
  var out = ""
  out.reserveCapacity(text.utf8.count)
  var subscriptRun = ""
  func flushSubscripts() {
    guard !subscriptRun.isEmpty else { return }
    // `w₁` is the weight's name, typed as `w1`; other subscripts read `h_1`, `h_{t-1}`.
    if out.last == "w" && subscriptRun.count == 1 && subscriptRun.first!.isNumber {
      out += subscriptRun
    } else {
      out += subscriptRun.count == 1 ? "_" + subscriptRun : "_{" + subscriptRun + "}"
    }
    subscriptRun = ""
  }
  // An exponent such as `ⁿ⁻ᵗ` reads `^(n-t)`; one letter alone, `^n`.
  var exponentRun = ""
  func flushExponent() {
    guard !exponentRun.isEmpty else { return }
    out += exponentRun.count == 1 ? "^" + exponentRun : "^(" + exponentRun + ")"
    exponentRun = ""
  }
  for scalar in text.unicodeScalars {
    // ASCII first: no subscript is ASCII, and most of any text is.
    if scalar.isASCII {
      flushSubscripts()
      flushExponent()
      out.unicodeScalars.append(scalar)
      continue
    }
    if let plain = subscriptSpellings[scalar] {
      flushExponent()
      subscriptRun += plain
      continue
    }
    flushSubscripts()
    if let plain = exponentSpellings[scalar] {
      exponentRun += plain
      continue
    }
    flushExponent()
    if let spelled = asciiSpellings[scalar] {
      out += spelled
    } else if (0x2070...0x2079).contains(scalar.value) || scalar.value == 0xB9 {
      out += "^" + String(scalar.value == 0xB9 ? 1 : scalar.value - 0x2070)
    } else if (0x2500...0x257F).contains(scalar.value) {
      out += boxSpelling(scalar)
    } else {
      out += "?"
    }
  }
  flushSubscripts()
  flushExponent()
  return out
}

/// Subscript characters and what they stand for.
private let subscriptSpellings: [Unicode.Scalar: String] = [
  "₀": "0", "₁": "1", "₂": "2", "₃": "3", "₄": "4", "₅": "5", "₆": "6", "₇": "7", "₈": "8",
  "₉": "9", "ₜ": "t", "ₙ": "n", "ₖ": "k", "₊": "+", "₋": "-",
]

/// Superscript letters and signs of an exponent and what they stand for.
private let exponentSpellings: [Unicode.Scalar: String] = [
  "ⁿ": "n", "ᵗ": "t", "ᵏ": "k", "⁻": "-", "⁺": "+",
]

private let asciiSpellings: [Unicode.Scalar: String] = [
  "ŷ": "yhat", "∂": "d", "∑": "sum", "·": "*", "−": "-", "—": "--", "–": "-", "→": "->",
  "←": "<-", "↑": "^", "↓": "v", "▲": "^", "▼": "v", "▶": ">", "◀": "<", "▸": ">", "§": "sec. ", "′": "'",
  "½": "1/2", "¼": "1/4", "²": "^2", "³": "^3", "≤": "<=", "≥": ">=", "≈": "~", "≠": "!=",
  "…": "...", "✓": "ok", "✗": "x", "×": "x", "⊗": "X", "●": "o", "○": "o", "•": ".", "ε": "eps",
  "“": "\"", "”": "\"", "‘": "'", "’": "'", "\u{A0}": " ", "░": ".", "▒": ":", "▓": "#",
  "█": "@", "φ": "phi", "σ": "sigma", "√": "sqrt", "∏": "prod", "Σ": "sum",
  // The vector RNN's norms and products of Jacobians: ‖∂L/∂hₜ‖, Jₙ⋯Jₜ₊₁.
  "‖": "||", "⋯": "...",
  // The LSTM's gate marks (`zᶠ₂`), spelled as `Notation.preactivation` spells them in ASCII.
  "ⁱ": "^i", "ᶠ": "^f", "ᵍ": "^g", "ᵒ": "^o",
  // The vector RNN's linear algebra: W_hhᵀ, eigenvalues λ, radius ρ, slope γ, a ± bi.
  "ᵀ": "^T", "λ": "lambda", "ρ": "rho", "γ": "gamma", "±": "+/-", "⋮": ":", "⊙": "(.)",
  "θ": "theta",
]

private func boxSpelling(_ scalar: Unicode.Scalar) -> String {
  switch scalar {
  case "─", "━", "┄", "┈", "╌": "-"
  case "│", "┃", "┆", "┊", "╎": "|"
  default: "+"
  }
}
