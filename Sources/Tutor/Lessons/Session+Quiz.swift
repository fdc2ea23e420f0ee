import RNN

/// `quiz on`: outside lessons, `step` and `back` ask for each number they compute before
/// they show it, graded like a lesson's answers (3 significant digits, known mistakes named).
struct Quiz: Equatable, Sendable {
  /// What the last `step` or `back` computed and the quiz has not asked yet.
  var pending: [LessonQuantity] = []
  /// That command's own output, shown once its questions are done.
  var withheld = ""
  var right = 0
  var answered = 0
  var skipped = 0

  /// `quiz: 3 right of 4 answered, 1 skipped`.
  var score: String {
    "quiz: \(right) right of \(answered) answered" + (skipped > 0 ? ", \(skipped) skipped" : "")
  }
}

extension Session {
  /// Called after every command that succeeded: with the quiz on and no lesson running, a
  /// `step` or `back` keeps its output back and asks for its numbers first.
  mutating func quizIntercept(_ name: String, output: String) -> String {
    guard var quiz, lessonBook.run == nil, name == "step" || name == "back" else { return output }
    var text = ""
    if !quiz.pending.isEmpty {
      quiz.skipped += quiz.pending.count
      text = quiz.withheld
    }
    quiz.pending = questions(after: name)
    quiz.withheld = output
    self.quiz = quiz
    guard !quiz.pending.isEmpty else {
      self.quiz!.withheld = ""
      return text + output
    }
    return text + askQuiz()
  }

  /// The numbers the last `step` or `back` computed, in the order its screen shows them.
  private func questions(after name: String) -> [LessonQuantity] {
    state.active.quizQuestions(after: name, in: self)
  }

  private func askQuiz() -> String {
    guard let q = quiz?.pending.first else { return "" }
    return notation.text(
      "quiz: what is \(q.symbol(notation))?  ('answer NUMBER'; Enter skips)\n")
  }

  /// `answer X` while the quiz waits: graded, the value shown, then the next question or the
  /// withheld output.
  mutating func answerQuiz(_ words: [String]) throws(CommandError) -> String {
    let given = words.joined(separator: " ")
    guard given.count <= Self.longestFormula else {
      throw .formulaTooLong(characters: given.count, limit: Self.longestFormula)
    }
    guard let q = quiz?.pending.first else { return "" }
    let n = notation
    let value = try q.value(in: self)
    let tolerance = LessonTolerance.standard
    let u = traits.unicode
    var text: String
    let number: Double
    switch try Self.readAnswer(words, given, in: self) {
    case .number(let v): number = v
    case .formula(let formula):
      // A formula is graded by equivalence, as in lessons.
      let graded = try gradeFormula(formula, for: q, in: self)
      quiz!.answered += 1
      if graded.right {
        quiz!.right += 1
        text =
          "\(u ? "✓ " : "")right: \(formula.symbol(n)) = \(q.symbol(n)) = \(n.value(value))\n"
      } else {
        text = wrapMarkdown(
          "\(u ? "✗ " : "")not quite: you answered \(visible(given)); \(q.symbol(n)) = \(n.value(value))"
            + (graded.diagnosis.map { " (\($0))" } ?? ""))
      }
      return text + nextQuizQuestion()
    }
    quiz!.answered += 1
    if tolerance.accepts(number, for: value) {
      quiz!.right += 1
      text = "\(u ? "✓ " : "")right: \(q.symbol(n)) = \(n.value(value))\n"
    } else {
      // The lessons' catalogue of wrong paths, on the same live session.
      let diagnosis = LessonMistake.named(
        number, for: q, right: value, in: self, written: [], tolerance: tolerance)
      text = wrapMarkdown(
        "\(u ? "✗ " : "")not quite: you answered \(words[0]); \(q.symbol(n)) = \(n.value(value))"
          + (diagnosis.map { " (\($0.explanation(for: q, in: self)))" }
            ?? (LessonTolerance.isClose(number, to: value)
              ? " (close: 3 significant digits count as right)" : ""))
      )
    }
    return text + nextQuizQuestion()
  }

  /// Enter with no number: the question is skipped.
  mutating func skipQuizQuestion() -> String {
    guard quiz?.pending.isEmpty == false else { return "" }
    quiz!.skipped += 1
    return nextQuizQuestion()
  }

  private mutating func nextQuizQuestion() -> String {
    quiz!.pending.removeFirst()
    if !quiz!.pending.isEmpty { return askQuiz() }
    let shown = quiz!.withheld
    quiz!.withheld = ""
    return shown + quiz!.score + "\n"
  }

  /// True when an empty line should skip a quiz question instead of repeating a command.
  var quizIsAsking: Bool { lessonBook.run == nil && quiz?.pending.isEmpty == false }
}
