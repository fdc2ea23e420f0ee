import RNN

/// What `answer` was given for a number or formula question: a number (or arithmetic on
/// numbers alone, `3/4`), or a formula over the names `print` knows.
enum AnswerText {
  case number(Double)
  case formula(LessonExpression)
}

extension Session {
  /// The longest answer minirnn reads: far beyond any formula a lesson asks for, and short
  /// enough that grading one costs nothing.
  static let longestFormula = 500

  /// Reads the words after `answer`. A single word that is not a formula keeps the number's
  /// own error ("'lots' is not a number"), unless a formula is asked for; anything else that
  /// cannot be read gets one error with the column where reading stopped.
  static func readAnswer(
    _ words: [String], _ given: String, in session: Session, formulaAsked: Bool = false
  ) throws(CommandError) -> AnswerText {
    var numberError: CommandError?
    if words.count == 1 {
      do {
        return .number(try Parse.number(words[0], "answer"))
      } catch {
        if case .notFinite = error { throw error }
        numberError = error
      }
    }
    let expression: LessonExpression
    do {
      expression = try LessonExpression(parsing: given)
    } catch {
      let operators = "+-*/^()·×−"
      // A formula question explains a word as a name it does not know.
      if let numberError, !formulaAsked, !given.contains(where: { operators.contains($0) }),
        !given.contains(where: \.isLetter) || given.allSatisfy({ $0.isASCII && $0.isLetter })
      {
        throw numberError
      }
      throw .badFormula(
        problem: error.problem, column: error.column, text: given, detail: error.detail)
    }
    guard expression.quantities.isEmpty else { return .formula(expression) }
    return .number(try expression.value(in: session))
  }

  /// A number given for a formula question: used no try; say what is asked, in the names
  /// of the lesson's formula as the screens write them.
  func formulaNotNumber(
    _ number: Double, _ formula: LessonExpression, value: Double, tolerance: LessonTolerance
  ) -> String {
    let n = notation
    let names = formula.quantities.map { $0.symbol(n) }
    let list =
      names.count <= 1
      ? names.joined()
      : names.dropLast().joined(separator: ", ") + " and " + names.last!
    let what =
      tolerance.accepts(number, for: value)
      ? "that is the value; write it in terms of \(list)"
      : "this question asks for a formula, not a number: write it in terms of \(list)"
    return wrapMarkdown(what)
      + n.text("  (this used no try: 'answer …' again with a formula; 'reveal' shows it)\n")
  }

  /// Grades a formula for a number or formula question whose answer is `q`, by equivalence
  /// in the live session and its perturbed copies (`PerturbedSessions`), and says why it is
  /// wrong: a known mistake, or agreement with the learner's numbers only.
  ///
  /// A formula whose names have no value where the question stands (∂L/∂h₂ before BPTT
  /// reached it) is refused with that reason, as `print` would, and uses no try.
  func gradeFormula(
    _ formula: LessonExpression, for q: LessonQuantity, _ expected: ComputedAnswer,
    _ question: LessonQuestion
  ) throws(CommandError) -> (right: Bool, diagnosis: String?, mistake: LessonMistake?) {
    try gradeFormula(
      formula, for: q, in: expected.session, written: question.mistakes,
      before: expected.before, naming: question.formula?.quantities ?? [])
  }

  /// The same for `q` in `session` (the quiz's question, the live session): `written` are
  /// the lesson's `Mistake:` lines, `before` the session before the step's commands, and
  /// `naming` the names a counter-example shows besides the formula's own.
  func gradeFormula(
    _ formula: LessonExpression, for q: LessonQuantity, in session: Session,
    written: [WrittenMistake] = [], before: Session? = nil, naming: [LessonQuantity] = []
  ) throws(CommandError) -> (right: Bool, diagnosis: String?, mistake: LessonMistake?) {
    let n = notation
    let needsBackward =
      q.isComputedByBackpropagation
      || formula.quantities.contains { $0.isComputedByBackpropagation }
    let sessions = PerturbedSessions(around: session, backward: needsBackward)
    // Its value where the question stands, or why it has none.
    _ = try formula.value(in: sessions.points[0].session)
    let comparison = sessions.compare(formula) { s throws(CommandError) in try q.value(in: s) }
    if comparison.equivalent { return (true, nil, nil) }
    if let mistake = sessions.mistake(
      matching: formula, for: q, written: written, before: before)
    {
      return (false, mistake.explanation(for: q, in: session), mistake)
    }
    if comparison.agreesLive
      || comparison.live.map({ live in
        live.given.map { LessonTolerance.standard.accepts($0, for: live.expected) } ?? false
      }) ?? false,
      let example = comparison.counterExample(
        naming: formula.quantities + naming, n)
    {
      return (
        false,
        "it agrees with your numbers only; it is not the same formula: \(example)", nil
      )
    }
    return (false, nil, nil)
  }
}
