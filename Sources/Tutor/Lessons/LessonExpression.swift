/// Arithmetic over lesson quantities, as a `Mistake:` line writes a wrong path:
/// `` `w1 + lr*w1.g` `` (the update added instead of subtracted), `` `h[3]` `` (w₃ left out).
///
/// Numbers, names in the `Answer:` line's syntax, `+`, `-`, `*`, `/` and parentheses, with the
/// usual precedence. A `/` right after a name belongs to the name (`dL/dh[3]`), so division
/// is written with spaces around it.
indirect enum LessonExpression: Equatable, Sendable {
  case number(Double)
  case quantity(LessonQuantity)
  case negated(LessonExpression)
  case binary(Character, LessonExpression, LessonExpression)

  /// Its value in `session`'s state, or why one of its quantities has none.
  func value(in session: Session) throws(CommandError) -> Double {
    switch self {
    case .number(let v): return v
    case .quantity(let q): return try q.value(in: session)
    case .negated(let e): return -(try e.value(in: session))
    case .binary(let op, let l, let r):
      let (a, b) = (try l.value(in: session), try r.value(in: session))
      switch op {
      case "+": return a + b
      case "-": return a - b
      case "*": return a * b
      default: return a / b
      }
    }
  }

  /// The expression as a lesson writes it.
  var text: String {
    switch self {
    case .number(let v): plainNumber(v)
    case .quantity(let q): q.name
    case .negated(let e): "-" + e.factorText
    case .binary(let op, let l, let r):
      "\(l.text) \(op) \(op == "+" || op == "*" ? r.text : r.factorText)"
    }
  }

  /// In parentheses unless it is a number or a name.
  private var factorText: String {
    switch self {
    case .number, .quantity: text
    default: "(" + text + ")"
    }
  }

  /// Reads `text`; the message says what is wrong with it.
  init(parsing text: String) throws(LessonExpressionError) {
    var parser = Parser(characters: Array(text))
    let e = try parser.sum()
    parser.skipSpaces()
    guard parser.index == parser.characters.count else {
      throw LessonExpressionError(
        message: "unexpected '\(parser.characters[parser.index])' in `\(text)`")
    }
    self = e
  }

  private struct Parser {
    let characters: [Character]
    var index = 0

    mutating func skipSpaces() {
      while index < characters.count, characters[index] == " " { index += 1 }
    }

    mutating func sum() throws(LessonExpressionError) -> LessonExpression {
      var e = try product()
      while true {
        skipSpaces()
        guard index < characters.count, "+-".contains(characters[index]) else { return e }
        let op = characters[index]
        index += 1
        e = .binary(op, e, try product())
      }
    }

    mutating func product() throws(LessonExpressionError) -> LessonExpression {
      var e = try factor()
      while true {
        skipSpaces()
        guard index < characters.count, "*/".contains(characters[index]) else { return e }
        let op = characters[index]
        index += 1
        e = .binary(op, e, try factor())
      }
    }

    mutating func factor() throws(LessonExpressionError) -> LessonExpression {
      skipSpaces()
      guard index < characters.count else {
        throw LessonExpressionError(message: "the expression ends too early")
      }
      let c = characters[index]
      if c == "-" {
        index += 1
        return .negated(try factor())
      }
      if c == "(" {
        index += 1
        let e = try sum()
        skipSpaces()
        guard index < characters.count, characters[index] == ")" else {
          throw LessonExpressionError(message: "a '(' without its ')'")
        }
        index += 1
        return e
      }
      if c.isNumber || c == "." {
        let start = index
        while index < characters.count,
          characters[index].isNumber || characters[index] == "."
            || (characters[index] == "e" && index + 1 < characters.count)
            || ((characters[index] == "-" || characters[index] == "+")
              && characters[index - 1] == "e")
        {
          index += 1
        }
        let digits = String(characters[start..<index])
        guard let v = Double(digits), v.isFinite else {
          throw LessonExpressionError(message: "'\(digits)' is not a number")
        }
        return .number(v)
      }
      let start = index
      while index < characters.count, Self.isNameCharacter(characters[index]) { index += 1 }
      let name = String(characters[start..<index])
      guard !name.isEmpty else {
        throw LessonExpressionError(message: "unexpected '\(c)'")
      }
      guard let q = LessonQuantity(name) else {
        throw LessonExpressionError(
          message:
            "unknown name '\(name)'; accepted: \(LessonQuantity.accepted.joined(separator: ", "))")
      }
      return .quantity(q)
    }

    static func isNameCharacter(_ c: Character) -> Bool {
      c.isASCII && (c.isLetter || c.isNumber || "._'[]/".contains(c))
    }
  }
}

/// Why a `Mistake:` expression could not be read.
struct LessonExpressionError: Error, Equatable {
  let message: String
}
