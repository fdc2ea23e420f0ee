import RNN

/// Arithmetic over lesson quantities: a `Mistake:` line's wrong path (`` `w1 + lr*w1.g` ``),
/// a live value (`<!-- =w1*w3 -->`), a formula question's formula, and a learner's
/// `answer w3*(yhat - y)`.
///
/// Numbers, names in the `Answer:` line's syntax, `+ - * / ^`, parentheses and the functions
/// `relu`, `relu'`, `tanh`, `sigmoid` and `exp`, with the usual precedence (`^` binds
/// tightest and takes a whole-number power; `-x^2` is `-(x^2)`). The screens' Unicode
/// spellings read as the ASCII ones: `ŷ`, `w₃`, `h₃`, `∂L/∂h₃`, `·`, `×`, `−`, `σ`, `ReLU′`, `²`.
/// A name is read as one of the known name forms, so `/` belongs to a name only in
/// `dL/d…` (`dL/dh[3]`); `yhat/2` divides.
indirect enum LessonExpression: Equatable, Sendable {
  case number(Double)
  case quantity(LessonQuantity)
  case negated(LessonExpression)
  /// `+`, `-`, `*` or `/`.
  case binary(Character, LessonExpression, LessonExpression)
  /// A whole-number power: `w2^29`, `(yhat - y)^2`.
  case power(LessonExpression, Int)
  case function(LessonFunction, LessonExpression)

  /// How deeply parentheses and functions may nest: far more than any formula needs, and
  /// shallow enough that the recursive parser and evaluator never run out of stack.
  static let maximumDepth = 40
  /// How many operators and functions one expression may hold: the evaluator recurses once
  /// per operator, and a lesson file's expressions have no other length limit.
  static let maximumOperators = 1000
  /// The largest power `^` takes.
  static let maximumPower = 1000

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
    case .power(let base, let k): return Self.power(try base.value(in: session), k)
    case .function(let f, let e): return f.apply(try e.value(in: session))
    }
  }

  /// x^k by repeated squaring (the engine brings no `pow`).
  static func power(_ x: Double, _ k: Int) -> Double {
    var (result, base, n) = (1.0, x, k.magnitude)
    while n > 0 {
      if n & 1 == 1 { result *= base }
      base *= base
      n >>= 1
    }
    return k < 0 ? 1 / result : result
  }

  /// Every quantity it names, in order, each once.
  var quantities: [LessonQuantity] {
    var found: [LessonQuantity] = []
    func collect(_ e: LessonExpression) {
      switch e {
      case .number: break
      case .quantity(let q): if !found.contains(q) { found.append(q) }
      case .negated(let e), .power(let e, _), .function(_, let e): collect(e)
      case .binary(_, let l, let r):
        collect(l)
        collect(r)
      }
    }
    collect(self)
    return found
  }

  /// The expression as a lesson writes it.
  var text: String { render(ascii: true, n: nil) }

  /// The expression as the screens write it: `w₃·(ŷ − y)`, `ReLU′(a₂)`, `w₂²⁹`.
  func symbol(_ n: Notation) -> String { render(ascii: false, n: n) }

  /// Binding strength: a sum 1, a product 2, a negation 3, a power 4, the rest 5.
  private var level: Int {
    switch self {
    case .number(let v): v < 0 ? 3 : 5
    case .quantity, .function: 5
    case .negated: 3
    case .binary(let op, _, _): op == "+" || op == "-" ? 1 : 2
    case .power: 4
    }
  }

  private func render(ascii: Bool, n: Notation?) -> String {
    let unicode = !ascii && n?.unicode == true
    func inner(_ e: LessonExpression, atLeast level: Int) -> String {
      let text = e.render(ascii: ascii, n: n)
      return e.level < level ? "(" + text + ")" : text
    }
    switch self {
    case .number(let v): return n.map { $0.value(v) } ?? plainNumber(v)
    case .quantity(let q): return n.map { q.symbol($0) } ?? q.name
    case .negated(let e): return (unicode ? "−" : "-") + inner(e, atLeast: 4)
    case .binary(let op, let l, let r):
      let right = inner(r, atLeast: op == "-" || op == "/" ? level + 1 : level)
      let left = inner(l, atLeast: level)
      switch op {
      case "+", "-":
        let sign = op == "-" ? (unicode ? "−" : "-") : "+"
        return "\(left) \(sign) \(right)"
      case "*": return ascii ? "\(left) * \(right)" : left + (n?.times ?? "*") + right
      default: return ascii ? "\(left) / \(right)" : "\(left)/\(right)"
      }
    case .power(let base, let k):
      let b = inner(base, atLeast: 5)
      guard unicode else { return "\(b)^\(k)" }
      let digits: [Character: Character] = [
        "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸",
        "9": "⁹", "-": "⁻",
      ]
      return b + String(String(k).map { digits[$0]! })
    case .function(let f, let e):
      return (ascii ? f.rawValue : f.symbol(unicode: unicode)) + "(" + e.render(ascii: ascii, n: n)
        + ")"
    }
  }

  /// Reads `text`; the error says what is wrong and at which column.
  init(parsing text: String) throws(LessonExpressionError) {
    let (characters, columns) = Self.normalized(text)
    var parser = Parser(characters: characters, columns: columns, text: text)
    let e = try parser.sum(depth: 0)
    parser.skipSpaces()
    guard parser.index == characters.count else {
      throw parser.error("unexpected '\(parser.originalCharacter)'")
    }
    self = e
  }

  /// The screens' spellings rewritten as the ASCII ones, with the column (from 1) of the
  /// character of `text` each resulting character came from.
  static func normalized(_ text: String) -> ([Character], [Int]) {
    var out: [Character] = []
    var columns: [Int] = []
    var subscriptDigits = ""
    var subscriptColumn = 0
    // A power as the screens write it, w₂²⁹: `^29`.
    var superscriptDigits = ""
    var superscriptColumn = 0
    func append(_ s: String, _ column: Int) {
      for c in s {
        out.append(c)
        columns.append(column)
      }
    }
    func flushSubscript() {
      guard !subscriptDigits.isEmpty else { return }
      // w₃ is `w3`; every other subscript is a timestep: h₃ is `h[3]`, tmp₂ is `tmp[2]`.
      let lone = out.count < 2 || !out[out.count - 2].isLetter || out.suffix(3) == ["/", "d", "w"]
      if out.last == "w" && lone {
        append(subscriptDigits, subscriptColumn)
      } else {
        append("[" + subscriptDigits + "]", subscriptColumn)
      }
      subscriptDigits = ""
    }
    func flushSuperscript() {
      guard !superscriptDigits.isEmpty else { return }
      append("^" + superscriptDigits, superscriptColumn)
      superscriptDigits = ""
    }
    let superscripts: [Character: Character] = [
      "⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7", "⁸": "8",
      "⁹": "9", "⁻": "-",
    ]
    let subscripts: [Character: Character] = [
      "₀": "0", "₁": "1", "₂": "2", "₃": "3", "₄": "4", "₅": "5", "₆": "6", "₇": "7", "₈": "8",
      "₉": "9",
    ]
    for (i, c) in text.enumerated() {
      let column = i + 1
      if let digit = subscripts[c] {
        flushSuperscript()
        if subscriptDigits.isEmpty { subscriptColumn = column }
        subscriptDigits.append(digit)
        continue
      }
      flushSubscript()
      if let digit = superscripts[c] {
        if superscriptDigits.isEmpty { superscriptColumn = column }
        superscriptDigits.append(digit)
        continue
      }
      flushSuperscript()
      switch c {
      case "·", "×", "⋅", "∙": append("*", column)
      case "−", "–": append("-", column)
      case "ŷ": append("yhat", column)
      case "∂": append("d", column)
      case "′": append("'", column)
      case "σ": append("sigmoid", column)
      case "\t": append(" ", column)
      default: append(String(c), column)
      }
    }
    flushSubscript()
    flushSuperscript()
    return (out, columns)
  }

  private struct Parser {
    let characters: [Character]
    let columns: [Int]
    let text: String
    var index = 0
    var operators = 0

    /// Counts one more operator or function, refusing past `maximumOperators`.
    mutating func countOperator() throws(LessonExpressionError) {
      operators += 1
      guard operators <= LessonExpression.maximumOperators else {
        throw error("more than \(LessonExpression.maximumOperators) operators")
      }
    }

    /// The column of the character at `index` in the text as written (one past its end when
    /// the text is used up).
    var column: Int { index < columns.count ? columns[index] : text.count + 1 }

    /// The character at `index` as the learner wrote it.
    var originalCharacter: Character {
      let c = column - 1
      guard c >= 0, c < text.count else { return characters[index] }
      return text[text.index(text.startIndex, offsetBy: c)]
    }

    func error(_ problem: String, at column: Int? = nil, detail: String? = nil)
      -> LessonExpressionError
    {
      LessonExpressionError(
        problem: problem, column: column ?? self.column, text: text, detail: detail)
    }

    mutating func skipSpaces() {
      while index < characters.count, characters[index] == " " { index += 1 }
    }

    /// The binary operators, the loosest first: a sum of products of factors.
    static let operatorLevels = ["+-", "*/"]

    /// A sum: products joined by `+` and `-`, left to right (`a - b + c` is `(a - b) + c`).
    mutating func sum(depth: Int) throws(LessonExpressionError) -> LessonExpression {
      try operands(level: 0, depth: depth)
    }

    /// Operands joined left to right by the operators of `operatorLevels[level]`, each
    /// operand the next level's (a factor after the last level).
    mutating func operands(level: Int, depth: Int) throws(LessonExpressionError)
      -> LessonExpression
    {
      guard level < Self.operatorLevels.count else { return try factor(depth: depth) }
      let operators = Self.operatorLevels[level]
      var e = try operands(level: level + 1, depth: depth)
      while true {
        skipSpaces()
        guard index < characters.count, operators.contains(characters[index]) else { return e }
        let op = characters[index]
        index += 1
        try countOperator()
        e = .binary(op, e, try operands(level: level + 1, depth: depth))
      }
    }

    /// A negation, or an atom with an optional `^ WHOLE NUMBER`.
    mutating func factor(depth: Int) throws(LessonExpressionError) -> LessonExpression {
      guard depth < LessonExpression.maximumDepth else {
        throw error("more than \(LessonExpression.maximumDepth) levels of nesting")
      }
      skipSpaces()
      if index < characters.count, characters[index] == "-" {
        index += 1
        try countOperator()
        return .negated(try factor(depth: depth + 1))
      }
      if index < characters.count, characters[index] == "+" {
        index += 1
        return try factor(depth: depth + 1)
      }
      let base = try atom(depth: depth)
      skipSpaces()
      guard index < characters.count, characters[index] == "^" else { return base }
      index += 1
      skipSpaces()
      let start = column
      var negative = false
      if index < characters.count, characters[index] == "-" {
        negative = true
        index += 1
      }
      var digits = ""
      while index < characters.count, characters[index].isASCII, characters[index].isNumber {
        digits.append(characters[index])
        index += 1
      }
      guard let k = Int(digits), k <= LessonExpression.maximumPower,
        index >= characters.count || !(characters[index] == "." || characters[index].isLetter)
      else {
        throw error(
          "'^' takes a whole-number power up to \(LessonExpression.maximumPower), like ^2",
          at: start)
      }
      return .power(base, negative ? -k : k)
    }

    mutating func atom(depth: Int) throws(LessonExpressionError) -> LessonExpression {
      skipSpaces()
      guard index < characters.count else { throw error("the expression ends too early") }
      let c = characters[index]
      if c == "(" {
        return try parenthesized(depth: depth, unclosed: "a '(' without its ')'", at: column)
      }
      if c.isASCII && c.isNumber || c == "." {
        let start = index
        let startColumn = column
        while index < characters.count,
          characters[index].isASCII && characters[index].isNumber || characters[index] == "."
            || (characters[index] == "e" && index + 1 < characters.count
              && (characters[index + 1].isNumber || "+-".contains(characters[index + 1])))
            || ((characters[index] == "-" || characters[index] == "+")
              && characters[index - 1] == "e")
        {
          index += 1
        }
        let digits = String(characters[start..<index])
        guard let v = Double(digits), v.isFinite else {
          throw error("'\(digits)' is not a number", at: startColumn)
        }
        return .number(v)
      }
      let start = index
      let startColumn = column
      // `dL/d…` is the one name form with a '/' in it; everywhere else '/' divides.
      if characters[index...].starts(with: Array("dL/d")) { index += 4 }
      // A ',' belongs to a name inside its brackets only: `W_hh[1,2]`.
      var open = 0
      while index < characters.count,
        Self.isNameCharacter(characters[index]) || (characters[index] == "," && open > 0)
      {
        if characters[index] == "[" { open += 1 } else if characters[index] == "]" { open -= 1 }
        index += 1
      }
      let name = String(characters[start..<index])
      guard !name.isEmpty else { throw error("unexpected '\(originalCharacter)'") }
      let afterName = index
      skipSpaces()
      if let f = LessonFunction(name), index < characters.count, characters[index] == "(" {
        let argument = try parenthesized(
          depth: depth, unclosed: "\(name)( without its ')'", at: startColumn)
        return .function(f, argument)
      }
      index = afterName
      if let q = LessonQuantity(reading: name) { return .quantity(q) }
      if LessonFunction(name) != nil {
        throw error(
          "\(name) needs its argument in parentheses, like \(name)(a[1])", at: startColumn)
      }
      if let letter = name.first, "xha".contains(letter), name.count > 1,
        name.dropFirst().allSatisfy({ $0.isASCII && $0.isNumber })
      {
        throw error(
          "unknown name '\(name)': a timestep goes in brackets, \(letter)[\(name.dropFirst())]",
          at: startColumn)
      }
      throw error(
        "unknown name '\(name)'", at: startColumn,
        detail: "accepted: \(LessonQuantity.accepted.joined(separator: ", "))")
    }

    /// The sum between the '(' at `index` and its ')'; `unclosed`, said at `column`, when the
    /// text ends before the ')'.
    mutating func parenthesized(depth: Int, unclosed: String, at column: Int)
      throws(LessonExpressionError) -> LessonExpression
    {
      index += 1
      let e = try sum(depth: depth + 1)
      skipSpaces()
      guard index < characters.count, characters[index] == ")" else {
        if index < characters.count { throw error("unexpected '\(originalCharacter)'") }
        throw error(unclosed, at: column)
      }
      index += 1
      return e
    }

    static func isNameCharacter(_ c: Character) -> Bool {
      c.isASCII && (c.isLetter || c.isNumber || "._'[]".contains(c))
    }
  }
}

/// A function a formula may apply: ReLU and its slope (Eq. 3, §2.4), the LSTM's tanh and σ,
/// and e^x.
enum LessonFunction: String, CaseIterable, Sendable {
  case relu
  case reluPrime = "relu'"
  case tanh
  case sigmoid
  case exp

  /// Reads a function's name in any case (`ReLU`, `relu`); nil for other names.
  init?(_ name: String) {
    self.init(rawValue: name.lowercased())
  }

  func apply(_ x: Double) -> Double {
    switch self {
    case .relu: Cell.relu(x)
    case .reluPrime: Cell.reluPrime(x)
    case .tanh: Elementary.tanh(x)
    case .sigmoid: Elementary.sigmoid(x)
    case .exp: Elementary.exp(x)
    }
  }

  func symbol(unicode: Bool) -> String {
    switch self {
    case .relu: "ReLU"
    case .reluPrime: unicode ? "ReLU′" : "ReLU'"
    case .tanh: "tanh"
    case .sigmoid: unicode ? "σ" : "sigmoid"
    case .exp: "exp"
    }
  }
}

/// Why an expression could not be read: the problem, and the column (from 1) of the
/// character it was found at in `text`.
struct LessonExpressionError: Error, Equatable {
  let problem: String
  let column: Int
  let text: String
  /// What is accepted there, when that helps: the names, for an unknown one.
  var detail: String? = nil

  /// `unexpected ')' at column 12 of `w3*(yhat-y))``.
  var message: String {
    "\(problem) at column \(column) of `\(text)`" + (detail.map { "; " + $0 } ?? "")
  }
}
