extension CommandTable {
  /// Lessons drive the session, so no lesson may run these (`allowedInLessons: false`).
  static let lessonCommands: [Command] = [
    Command(
      name: "lessons", usage: "lessons [report FILE|name NAME]",
      summary: "list the lessons and your progress; 'lessons report FILE' for a teacher",
      details: """
        'lessons report FILE.json' writes what you did in each question (right first try,
        tries, hints, the mistakes minirnn named, time) for a teacher's 'minirnn report',
        and shows it; as 'save' does, it leaves a file minirnn did not write alone unless
        --force is given. 'lessons name Ada L.' sets the name your reports carry.
        """,
      example: "lessons report ada.json", section: "",
      arguments: .any(
        completion: .branches([
          ArgumentKind.Branch("report", [.path, .words(["--force"])]), ArgumentKind.Branch("name"),
        ])),
      allowedInLessons: false
    ) { session, args, _ throws(CommandError) in
      switch args.first {
      case nil: return session.renderLessonList()
      case "report": return try session.writeLearnerReport(Array(args.dropFirst()))
      case "name": return try session.setLearnerName(Array(args.dropFirst()))
      default:
        throw .unknownName(args[0], what: "lessons subcommand", accepted: ["report", "name"])
      }
    },
    Command(
      name: "lesson", usage: "lesson [N|NAME|end|new NAME]",
      summary: "start or resume lesson N (no argument: the last one); 'lesson end' leaves it",
      details: """
        A lesson walks through the article section by section. Each step starts from the
        lesson's own state; your commands work as usual in between. Progress is kept.
        'lesson new NAME [--force]' writes NAME.md, a lesson for you to write (11-my-topic,
        or my-topic to number it after the lessons installed), with a note at each part;
        'minirnn check-lessons NAME.md' checks it as CI checks minirnn's lessons.
        """,
      example: "lesson 3", section: "",
      arguments: .atMost(3, "one lesson number or name, or 'new NAME'", completion: .lessons),
      allowedInLessons: false
    ) { session, args, hooks throws(CommandError) in
      if args.first == "new" { return try session.writeLessonTemplate(Array(args.dropFirst())) }
      guard args.count <= 1 else {
        throw .badArguments(.expected("one lesson number or name, or 'new NAME'"))
      }
      let book = session.lessonBook
      guard !book.lessons.isEmpty else { throw .noLessons(tried: session.lessonPlaces) }
      if args.first == "end" {
        guard book.run != nil || book.stateBeforeLesson != nil else {
          throw .noLesson(command: "lesson end")
        }
        var text = ""
        if let run = book.run {
          session.lessonBook.run = nil
          text =
            "left lesson \(Lesson.twoDigits(run.lesson.number)) at step \(run.step + 1); 'lesson' resumes it there\n"
        }
        if let saved = book.stateBeforeLesson {
          session.state = saved
          session.lessonBook.stateBeforeLesson = nil
          text += "your session from before the lesson is back\n"
        }
        return text
      }
      let lesson: Lesson
      if let name = args.first {
        guard let found = book.lesson(named: name) else {
          throw .unknownName(
            name, what: "lesson",
            accepted: book.lessons.map { "\($0.number)" } + book.lessons.map(\.name))
        }
        lesson = found
      } else {
        lesson = book.progress.current.flatMap { book.lesson(named: $0) } ?? book.lessons[0]
      }
      if book.run?.lesson.id == lesson.id {
        return "(already in this lesson)\n" + (try session.renderStep(hooks: hooks))
      }
      return try session.startLesson(lesson, hooks: hooks)
    },
    lessonStep("next", summary: "go on to the lesson's next step once this one is done") {
      session, run, _, hooks throws(CommandError) in
      let tasks = session.remainingTasks(run)
      guard run.announcedDone || tasks.isEmpty else { throw .stepNotDone(remaining: tasks) }
      if run.step + 1 == run.lesson.steps.count { return session.finishLesson() }
      return try session.enterStep(run.step + 1, from: run.step, hooks: hooks)
    },
    lessonStep("prev", summary: "go back one step, to the state that step started from") {
      session, run, _, hooks throws(CommandError) in
      guard run.step > 0 else { throw .firstStep }
      return session.wrapMarkdown("(back to where step \(run.step) starts)")
        + (try session.enterStep(run.step - 1, from: nil, hooks: hooks))
    },
    lessonStep(
      "goto", usage: "goto K", summary: "go to step K of the lesson, in the state it starts from",
      example: "goto 3", arguments: .exactly(1, "one step number")
    ) { session, run, args, hooks throws(CommandError) in
      let k = try Parse.count(args[0], "goto", in: 1...run.lesson.steps.count)
      return try session.enterStep(k - 1, from: nil, hooks: hooks)
    },
    lessonStep("where", summary: "show the lesson step you are on again") {
      session, run, _, hooks throws(CommandError) in
      let lesson = run.lesson
      var text =
        "lesson \(Lesson.twoDigits(lesson.number)) (\(session.notation.text(lesson.title))), step \(run.step + 1) of \(lesson.steps.count)\n"
      let tasks = session.remainingTasks(run)
      if !tasks.isEmpty { text += "to do: \(tasks.joined(separator: "; "))\n" }
      return text + "\n" + (try session.renderStep(hooks: hooks))
    },
    lessonStep("hint", summary: "a hint for this step; the last hint gives the answer") {
      session, _, _, hooks throws(CommandError) in
      try session.nextHint(hooks: hooks)
    },
    lessonStep("skip", summary: "move on to the next step without finishing this one") {
      session, run, _, hooks throws(CommandError) in
      if run.step + 1 == run.lesson.steps.count { return session.finishLesson() }
      return
        session.wrapMarkdown(
          "(skipped step \(run.step + 1); the session goes on from where step \(run.step + 2) starts)"
        )
        + (try session.enterStep(run.step + 1, from: nil, hooks: hooks))
    },
    Command(
      name: "answer", usage: "answer NUMBER|FORMULA|CHOICE",
      summary: "answer the step's question; minirnn then shows the value it computes",
      details: """
        A number question takes a number (3 significant digits are enough) or a formula.
        A formula uses the names 'print' knows (w3, yhat, y, h[3], a[2], x[t], dL/dh[3],
        tmp[2], relu'[2], the LSTM's f.wh, c[2], dL/dc[2], …), numbers, + - * / ^ (a
        whole-number power), parentheses and relu, relu', tanh, sigmoid, exp; the screens'
        spellings work too: (ŷ − y)·w₃. It is right when it is the same formula: equal on
        your numbers and on 8 random moves of the weights, inputs and target, with every
        pass recomputed. A formula question asks for a formula; a number is not enough.
        """,
      example: "answer w3*(yhat - y)", section: "", arguments: .any(), allowedInLessons: false
    ) { session, args, hooks throws(CommandError) in
      if session.quizIsAsking { return try session.answerQuiz(args) }
      if session.quiz != nil && session.lessonBook.run == nil {
        throw .notReady("answer: no quiz question is waiting; 'step' or 'back' asks the next one")
      }
      return try session.answer(args, hooks: hooks)
    },
    Command(
      name: "quiz", usage: "quiz on|off|skip",
      summary: "'quiz on': step and back ask for each number before they show it",
      details: """
        Outside lessons, with the quiz on, 'step' asks for hₜ (then ŷ and L) and 'back'
        for ∂L/∂ŷ, tmp, each term and the gradient passed back, before showing the step.
        Under 'model lstm': each gate, cₜ and hₜ (then ŷ and L); ∂L/∂ŷ and ∂L/∂hₙ, then
        at each timestep ∂L/∂cₜ, each gate's ∂L/∂z and ∂L/∂hₜ₋₁.
        'answer NUMBER' answers (3 significant digits are enough; a known mistake is
        named), and so does a formula ('answer relu(w1*x[1])'), graded as in lessons;
        Enter or 'quiz skip' skips; 'quiz off' ends it with the score.
        """,
      example: "quiz on", section: "§1–§2",
      arguments: .atMost(1, "on, off or skip", completion: .words(["on", "off", "skip"])),
      allowedInLessons: false
    ) { session, args, _ throws(CommandError) in
      switch args.first {
      case nil:
        guard let quiz = session.quiz else { return "the quiz is off; 'quiz on' starts it\n" }
        return quiz.score + "\n"
      case "on":
        guard session.lessonBook.run == nil else {
          throw .notReady(
            "quiz: a lesson is running and asks its own questions; 'lesson end' leaves it")
        }
        if session.quiz != nil { return "the quiz is already on\n" }
        session.quiz = Quiz()
        return "quiz on: 'step' and 'back' now ask for each number first\n"
      case "off":
        guard let quiz = session.quiz else { return "the quiz is off\n" }
        session.quiz = nil
        return quiz.withheld + quiz.score + "; the quiz is off\n"
      case "skip":
        guard session.quizIsAsking else {
          throw .notReady("quiz skip: no quiz question is waiting")
        }
        return session.skipQuizQuestion()
      default:
        throw .unknownName(args[0], what: "quiz", accepted: ["on", "off", "skip"])
      }
    },
    lessonStep(
      "reveal", summary: "show the answer to the step's question, worked out, without another try"
    ) { session, _, _, hooks throws(CommandError) in
      try session.reveal(hooks: hooks)
    },
  ]

  /// A command that moves through the running lesson: it refuses outside a lesson, with the
  /// one error that says so, and hands its action the lesson's run. Usage and example are its
  /// name unless it takes arguments.
  private static func lessonStep(
    _ name: String, usage: String? = nil, summary: String, example: String? = nil,
    arguments: Arguments = .none,
    action:
      @escaping @Sendable (inout Session, LessonRun, [String], Hooks) throws(CommandError)
      -> String
  ) -> Command {
    Command(
      name: name, usage: usage ?? name, summary: summary, example: example ?? name, section: "",
      arguments: arguments, allowedInLessons: false
    ) { session, args, hooks throws(CommandError) in
      let run = try session.runningLesson(name)
      return try action(&session, run, args, hooks)
    }
  }
}
