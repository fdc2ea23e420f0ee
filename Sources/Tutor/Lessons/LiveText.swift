/// A lesson's words that follow the learner's session (`Lessons/README.md`, "Live text").
///
/// Prose, questions, hints, `Why:` and `Mistake:` texts are Markdown that may hold three
/// kinds of HTML comment, which GitHub hides, so the file still reads as the lesson's own
/// numbers and wording there:
///
/// - `0.4575<!-- =yhat -->`: a live value. The number just before the comment is the
///   lesson's own value; the shell shows the expression's value in the learner's session in
///   its place. `check-lessons` checks that the written number is the lesson's own value.
/// - `<!-- if yhat < y -->below<!-- else: above -->`: a live wording. The text after `if` is
///   the lesson's own wording (shown on GitHub) and is shown when the condition holds; else
///   the comment's text is shown, where `{yhat}` is a live value. Several `<!-- else if
///   COND: … -->` may come before the closing `<!-- else: … -->`; `check-lessons` checks that
///   the condition holds in the lesson's own session.
/// - `<!-- lesson numbers -->`: the block argues from the lesson's own numbers and cannot
///   follow the learner; when their session differs, the step says so in one line.
///
/// Every other comment is for teachers and is dropped.
struct LiveText: Equatable, Sendable {
  indirect enum Piece: Equatable, Sendable {
    case text(String)
    /// A live value: what the file writes (the lesson's own value) and what computes it.
    case value(written: String, LessonExpression)
    /// A live wording: the first branch whose conditions hold; a branch without conditions
    /// is the `else`.
    case choice([Branch])
  }

  struct Branch: Equatable, Sendable {
    /// Empty for `else`.
    let conditions: [LessonPredicate]
    let pieces: [Piece]
  }

  let pieces: [Piece]
  /// The text had `<!-- lesson numbers -->`.
  var arguesFromLessonNumbers = false

  private init(pieces: [Piece]) { self.pieces = pieces }

  /// Whether the text has anything live in it (values, wordings or the marker).
  var isLive: Bool {
    arguesFromLessonNumbers || pieces.contains { if case .text = $0 { false } else { true } }
  }

  /// The marker comment, without `<!--` and `-->`.
  static let lessonNumbersMarker = "lesson numbers"

  // MARK: Reading

  /// Reads `markdown`; the error says which comment is wrong and how to write it.
  init(parsing markdown: String) throws(LessonSyntaxError) {
    var pieces: [Piece] = []
    var marker = false
    var text = ""
    var rest = Substring(markdown)
    func flushText() {
      if !text.isEmpty { pieces.append(.text(text)) }
      text = ""
    }
    while let open = rest.firstRange(of: "<!--") {
      text += rest[..<open.lowerBound]
      guard let close = rest[open.upperBound...].firstRange(of: "-->") else {
        throw LessonSyntaxError("an HTML comment (<!--) is never closed")
      }
      let comment = rest[open.upperBound..<close.lowerBound].trimmingWhitespace()
      rest = rest[close.upperBound...]
      if comment.hasPrefix("=") {
        let (before, written) = Self.splitWrittenNumber(text)
        guard !written.isEmpty else {
          throw LessonSyntaxError(
            "the live value '<!-- \(shown(comment)) -->' must follow the number it replaces, the lesson's own value: 0.4575<!-- =yhat -->"
          )
        }
        text = before
        flushText()
        pieces.append(.value(written: written, try Self.expression(String(comment.dropFirst()))))
      } else if comment.hasPrefix("if ") {
        flushText()
        pieces.append(.choice(try Self.choice(condition: String(comment.dropFirst(3)), &rest)))
      } else if comment.hasPrefix("else") {
        throw LessonSyntaxError(
          "'<!-- \(shown(comment)) -->' has no '<!-- if … -->' before it")
      } else if comment == Self.lessonNumbersMarker {
        marker = true
      }
      // Any other comment is a note for teachers.
    }
    text += rest
    flushText()
    self.pieces = pieces
    self.arguesFromLessonNumbers = marker
  }

  /// Reads a live wording from the text after `<!-- if COND -->`: the lesson's own wording up
  /// to the first `<!-- else`, then the `else if` comments and the closing `else:`.
  private static func choice(condition: String, _ rest: inout Substring)
    throws(LessonSyntaxError) -> [Branch]
  {
    guard let elseStart = rest.firstRange(of: "<!-- else") ?? rest.firstRange(of: "<!--else") else {
      throw LessonSyntaxError(
        "'<!-- if \(shown(condition)) -->' needs a closing '<!-- else: … -->' (the wording when the condition does not hold; it may be empty)"
      )
    }
    let own = String(rest[..<elseStart.lowerBound])
    if own.contains("<!-- if") || own.contains("<!--if") {
      throw LessonSyntaxError("a live wording cannot hold another '<!-- if … -->'")
    }
    var branches = [
      Branch(conditions: try predicates(condition), pieces: try LiveText(parsing: own).pieces)
    ]
    rest = rest[elseStart.lowerBound...]
    while true {
      // At `<!-- else…`, possibly after spaces or a line break.
      let trimmed = rest.drop { $0 == " " || $0 == "\n" }
      // The `-->` is searched for after the `<!--`: in `<!-->` the two overlap.
      guard trimmed.hasPrefix("<!--"), let close = trimmed.dropFirst(4).firstRange(of: "-->")
      else {
        throw LessonSyntaxError(
          "'<!-- if \(shown(condition)) -->' needs a closing '<!-- else: … -->'")
      }
      let comment = trimmed[trimmed.index(trimmed.startIndex, offsetBy: 4)..<close.lowerBound]
        .trimmingWhitespace()
      guard comment.hasPrefix("else"), let colon = comment.firstIndex(of: ":") else {
        throw LessonSyntaxError(
          "'<!-- if \(shown(condition)) -->' needs a closing '<!-- else: … -->'")
      }
      rest = trimmed[close.upperBound...]
      let head = comment[..<colon].trimmingWhitespace()
      let body = String(comment[comment.index(after: colon)...]).trimmingWhitespace()
      let pieces = try bracedPieces(body)
      if head == "else" {
        branches.append(Branch(conditions: [], pieces: pieces))
        return branches
      }
      guard head.hasPrefix("else if ") else {
        throw LessonSyntaxError(
          "cannot read '<!-- \(shown(comment)) -->'; write '<!-- else if CONDITION: … -->' or '<!-- else: … -->'"
        )
      }
      branches.append(
        Branch(conditions: try predicates(String(head.dropFirst("else if ".count))), pieces: pieces)
      )
    }
  }

  /// The text of an `else` branch, where `{EXPR}` is a live value (a comment cannot hold
  /// another comment).
  private static func bracedPieces(_ text: String) throws(LessonSyntaxError) -> [Piece] {
    var pieces: [Piece] = []
    var rest = Substring(text)
    while let open = rest.firstIndex(of: "{") {
      if open > rest.startIndex { pieces.append(.text(String(rest[..<open]))) }
      guard let close = rest[open...].firstIndex(of: "}") else {
        throw LessonSyntaxError("a '{' without its '}' in '\(shown(text))'")
      }
      let expression = String(rest[rest.index(after: open)..<close])
      pieces.append(.value(written: "", try Self.expression(expression)))
      rest = rest[rest.index(after: close)...]
    }
    if !rest.isEmpty { pieces.append(.text(String(rest))) }
    return pieces
  }

  private static func expression(_ text: String) throws(LessonSyntaxError) -> LessonExpression {
    do { return try LessonExpression(parsing: text.trimmingWhitespace()) } catch {
      throw LessonSyntaxError("in a live value: \(error.message)")
    }
  }

  private static func predicates(_ text: String) throws(LessonSyntaxError) -> [LessonPredicate] {
    do { return try LessonPredicate.parseAll(text) } catch {
      throw LessonSyntaxError("in a live wording's condition: \(error.message)")
    }
  }

  /// `("ŷ = ", "0.4575")` from `"ŷ = 0.4575"`: the number that ends `text`, as a lesson writes
  /// it (a sign, `−` included, digits, a point, an exponent such as `e−9`).
  static func splitWrittenNumber(_ text: String) -> (before: String, number: String) {
    let allowed: Set<Character> = [
      "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", ".", "e", "-", "+", "−",
    ]
    var start = text.endIndex
    while start > text.startIndex, allowed.contains(text[text.index(before: start)]) {
      start = text.index(before: start)
    }
    // It starts at a sign or a digit: `e` or a sign glued to a word before it is not ours.
    while start < text.endIndex,
      !(text[start].isNumber
        || "-−+".contains(text[start]) && text[start...].dropFirst().first?.isNumber == true)
    {
      start = text.index(after: start)
    }
    return (String(text[..<start]), String(text[start...]))
  }

  // MARK: Checking

  /// What is not true of the lesson's own session (`session`, or `fallback` for what it has
  /// not computed yet): one message per written number that is not the lesson's value and
  /// per own wording whose condition does not hold there.
  func problems(in session: Session, fallback: Session, entry: SessionState) -> [String] {
    var problems: [String] = []
    func check(_ pieces: [Piece]) {
      for piece in pieces {
        switch piece {
        case .text: break
        case .value(let written, let expression):
          let value = (try? expression.value(in: session)) ?? (try? expression.value(in: fallback))
          guard let value else {
            problems.append(
              "the live value '\(written)<!-- =\(expression.text) -->' cannot be computed in the lesson's own session"
            )
            continue
          }
          let shown = session.notation.value(value).replacing("-", with: "−")
          if shown != written.replacing("-", with: "−") {
            problems.append(
              "the live value '\(written)<!-- =\(expression.text) -->' is \(shown) in the lesson's own session; write \(shown)"
            )
          }
        case .choice(let branches):
          let own = branches[0]
          let probe = LiveText(pieces: [.choice([own, Branch(conditions: [], pieces: [])])])
          if probe.markdown(in: session, fallback: fallback, entry: entry).isEmpty
            && !own.pieces.isEmpty
          {
            problems.append(
              "the live wording '<!-- if \(own.conditions.map(\.text).joined(separator: " and ")) -->' does not hold in the lesson's own session, so GitHub shows a wording the lesson does not"
            )
          }
          check(own.pieces)
        }
      }
    }
    check(pieces)
    return problems
  }

  /// The lesson's own wording, as GitHub shows it (values as written, the `if` branches).
  var ownMarkdown: String {
    func own(_ pieces: [Piece]) -> String {
      pieces.map { piece -> String in
        switch piece {
        case .text(let text): text
        case .value(let written, _): written
        case .choice(let branches): own(branches[0].pieces)
        }
      }.joined()
    }
    return own(pieces)
  }

  /// Every live value's written number, for tests that scan a rendered step.
  var writtenValues: [String] {
    func walk(_ pieces: [Piece]) -> [String] {
      pieces.flatMap { piece -> [String] in
        switch piece {
        case .text: []
        case .value(let written, _): written.isEmpty ? [] : [written]
        case .choice(let branches): branches.flatMap { walk($0.pieces) }
        }
      }
    }
    return walk(pieces)
  }
}
