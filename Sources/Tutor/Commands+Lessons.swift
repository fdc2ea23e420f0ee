extension CommandTable {
  /// Lessons drive the session, so no lesson may run these (`allowedInLessons: false`).
  static let lessonCommands: [Command] = [
    Command(
      name: "lessons", usage: "lessons",
      summary: "list the lessons, with your progress in each",
      example: "lessons", section: "", allowedInLessons: false, takesNoArguments: true
    ) { session, args, _ throws(CommandError) in
      return session.renderLessonList()
    },
    Command(
      name: "lesson", usage: "lesson [N|NAME|end]",
      summary: "start or resume lesson N (no argument: the last one); 'lesson end' leaves it",
      details: """
        A lesson walks through the article section by section. Each step starts from the
        lesson's own state; your commands work as usual in between. Progress is kept.
        """,
      example: "lesson 3", section: "", allowedInLessons: false
    ) { session, args, hooks throws(CommandError) in
      let command = lookup("lesson")!
      guard args.count <= 1 else { throw command.usageError("expected one lesson number or name") }
      let book = session.lessonBook
      guard !book.lessons.isEmpty else {
        throw .notReady(
          "lesson: no lessons are installed (minirnn reads them from its Lessons folder)")
      }
      if args.first == "end" {
        guard book.run != nil || book.stateBeforeLesson != nil else {
          throw .notReady("lesson end: no lesson is running")
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
        return "(already in this lesson)\n" + session.renderStep()
      }
      return try session.startLesson(lesson, hooks: hooks)
    },
    Command(
      name: "next", usage: "next",
      summary: "go on to the lesson's next step once this one is done",
      example: "next", section: "", allowedInLessons: false, takesNoArguments: true
    ) { session, args, hooks throws(CommandError) in
      let run = try session.runningLesson("next")
      let tasks = session.remainingTasks(run)
      guard run.announcedDone || tasks.isEmpty else {
        throw .notReady(
          "next: this step is not done yet: \(tasks.joined(separator: "; ")); 'skip' moves on anyway"
        )
      }
      if run.step + 1 == run.lesson.steps.count { return session.finishLesson() }
      return try session.enterStep(run.step + 1, from: run.step, hooks: hooks)
    },
    Command(
      name: "prev", usage: "prev",
      summary: "go back one step, to the state that step started from",
      example: "prev", section: "", allowedInLessons: false, takesNoArguments: true
    ) { session, args, hooks throws(CommandError) in
      let run = try session.runningLesson("prev")
      guard run.step > 0 else { throw .notReady("prev: this is the lesson's first step") }
      return session.wrapMarkdown("(back to where step \(run.step) starts)")
        + (try session.enterStep(run.step - 1, from: nil, hooks: hooks))
    },
    Command(
      name: "goto", usage: "goto K",
      summary: "go to step K of the lesson, in the state it starts from",
      example: "goto 3", section: "", allowedInLessons: false
    ) { session, args, hooks throws(CommandError) in
      let command = lookup("goto")!
      let run = try session.runningLesson("goto")
      guard args.count == 1 else { throw command.usageError("expected one step number") }
      let k = try Parse.count(args[0], "goto", in: 1...run.lesson.steps.count)
      return try session.enterStep(k - 1, from: nil, hooks: hooks)
    },
    Command(
      name: "where", usage: "where",
      summary: "show the lesson step you are on again",
      example: "where", section: "", allowedInLessons: false, takesNoArguments: true
    ) { session, args, _ throws(CommandError) in
      let run = try session.runningLesson("where")
      let lesson = run.lesson
      var text =
        "lesson \(Lesson.twoDigits(lesson.number)) (\(lesson.title)), step \(run.step + 1) of \(lesson.steps.count)\n"
      let tasks = session.remainingTasks(run)
      if !tasks.isEmpty { text += "to do: \(tasks.joined(separator: "; "))\n" }
      return text + "\n" + session.renderStep()
    },
    Command(
      name: "hint", usage: "hint",
      summary: "a hint for this step; the last hint gives the answer",
      example: "hint", section: "", allowedInLessons: false, takesNoArguments: true
    ) { session, args, hooks throws(CommandError) in
      return try session.nextHint(hooks: hooks)
    },
    Command(
      name: "skip", usage: "skip",
      summary: "move on to the next step without finishing this one",
      example: "skip", section: "", allowedInLessons: false, takesNoArguments: true
    ) { session, args, hooks throws(CommandError) in
      let run = try session.runningLesson("skip")
      if run.step + 1 == run.lesson.steps.count { return session.finishLesson() }
      return
        session.wrapMarkdown(
          "(skipped step \(run.step + 1); the session goes on from where step \(run.step + 2) starts)"
        )
        + (try session.enterStep(run.step + 1, from: nil, hooks: hooks))
    },
    Command(
      name: "answer", usage: "answer NUMBER|CHOICE",
      summary: "answer the step's question; minirnn then shows the value it computes",
      example: "answer 0.45", section: "", allowedInLessons: false
    ) { session, args, hooks throws(CommandError) in
      try session.answer(args, hooks: hooks)
    },
  ]
}

extension Session {
  /// The running lesson, or an error for `command` saying how to start one.
  func runningLesson(_ command: String) throws(CommandError) -> LessonRun {
    guard let run = lessonBook.run else {
      throw .notReady(
        "\(command): no lesson is running; 'lessons' lists them, 'lesson N' starts one")
    }
    return run
  }
}
