// MARK: What a report keeps: each question's tries, hints, mistakes and time

extension LessonProgress.Record {
  /// Makes `hash` the lesson version the questions belong to; answers kept for another
  /// version are dropped, so a report never mixes two versions of a lesson.
  mutating func adopt(_ hash: String) {
    guard self.hash != hash else { return }
    if self.hash != nil { questions = [:] }
    self.hash = hash
  }
}

extension Session {
  /// Keeps the mistake minirnn named in a wrong answer to the running step's question, for
  /// the report; `answer` calls it. After the question is settled nothing changes.
  mutating func noteMistake(_ mistake: LessonMistake?) {
    guard let mistake, let run = lessonBook.run else { return }
    let k = run.step + 1
    lessonBook.updateProgress(of: run.lesson.id) { record in
      record.adopt(run.lesson.contentHash)
      var question = record.questions[k] ?? LessonProgress.Question()
      guard !question.settled, question.mistakes.count < LessonProgress.maxMistakes else {
        return
      }
      question.mistakes.append(mistake.stableName)
      record.questions[k] = question
    }
  }

  /// Called after every command `name` that succeeded, with the session from before it:
  /// starts the clock of a step just shown; counts a graded answer (an `answer` that used a
  /// try or settled the question: a "close" one does neither) and adds the time since the
  /// step was shown, or since the answer before; and when the command settled the question
  /// (a right answer, the worked answer, `reveal`, the last `hint`), keeps its hints.
  ///
  /// The time is added at each answer, not only at the end, so a learner who quits after a
  /// wrong try and comes back keeps the time of both sittings (the time after their last
  /// answer before quitting is not counted).
  mutating func noteQuestionProgress(since before: Session, command name: String, hooks: Hooks) {
    guard let run = lessonBook.run else { return }
    guard let old = before.lessonBook.run, old.lesson.id == run.lesson.id, old.step == run.step,
      let shownAt = run.shownAt
    else {
      lessonBook.run!.shownAt = hooks.now()
      return
    }
    // Once settled on this visit, later answers change nothing the report keeps.
    guard run.current.question != nil, !old.answered else { return }
    let settles = run.answered && !old.answered
    let graded = name == "answer" && (settles || run.wrongTries > old.wrongTries)
    guard settles || graded else { return }
    let now = hooks.now()
    lessonBook.run!.shownAt = now
    let seconds = Int(clamping: max(0, (now - shownAt).components.seconds))
    let k = run.step + 1
    lessonBook.updateProgress(of: run.lesson.id) { record in
      record.adopt(run.lesson.contentHash)
      var question = record.questions[k] ?? LessonProgress.Question()
      guard !question.settled else { return }
      if graded { question.tries = min(question.tries + 1, LessonProgress.maxCount) }
      question.seconds = min(question.seconds + seconds, LessonProgress.maxSeconds)
      if settles {
        question.hints = min(run.hintsShown, LessonProgress.maxCount)
        question.settled = true
      }
      record.questions[k] = question
    }
  }
}

// MARK: `lessons name` and `lessons report`

extension Session {
  /// `lessons name [NAME…]`: sets the name reports carry, or says what it is.
  mutating func setLearnerName(_ words: [String]) throws(CommandError) -> String {
    guard !words.isEmpty else {
      guard let name = lessonBook.progress.learner else {
        return "no name is set; 'lessons name Ada L.' sets the name your reports carry\n"
      }
      return "your reports carry the name \(name)\n"
    }
    var name = words.joined(separator: " ")
    // `lessons name "Ada L."`: the quotes a shell would have taken.
    if name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") {
      name = String(name.dropFirst().dropLast())
    }
    name = name.trimmingWhitespace()
    if let problem = LessonProgress.problem(withName: name) {
      throw .badArguments(.expected("a name for your reports; \(problem)"))
    }
    if lessonBook.progress.learner != name {
      lessonBook.progress.learner = name
      lessonBook.revision += 1
    }
    return "your reports carry the name \(name)\n"
  }

  /// The learner's report: every lesson with progress, its questions as progress keeps
  /// them, under the lesson version they were answered in.
  func learnerReport() -> LearnerReport {
    let progress = lessonBook.progress
    var lessons: [LearnerReport.LessonEntry] = []
    for id in progress.records.keys.sorted() {
      let record = progress.records[id]!
      let installed = lessonBook.lessons.first { $0.id == id }
      guard let hash = record.hash ?? installed?.contentHash else { continue }
      let questions = record.questions.keys.sorted().map { k in
        let q = record.questions[k]!
        return LearnerReport.QuestionEntry(
          step: k, firstTry: record.firstTry.contains(k), tries: q.tries, hints: q.hints,
          mistakes: q.mistakes, seconds: q.seconds, settled: q.settled)
      }
      // The title and length only when the installed lesson is the version answered.
      let same = installed?.contentHash == hash ? installed : nil
      lessons.append(
        LearnerReport.LessonEntry(
          id: id, title: same?.title, hash: hash, steps: same?.stepCount,
          stepsDone: record.done.count, completed: record.completed, questions: questions))
    }
    return LearnerReport(minirnn: minirnnVersion, learner: progress.learner, lessons: lessons)
  }

  /// `lessons report FILE [--force]`: writes the report and shows it as Markdown.
  mutating func writeLearnerReport(_ args: [String]) throws(CommandError) -> String {
    let file = ExportedFile.report
    let arguments = try file.parse(args, allowsTraining: false)
    let report = learnerReport()
    _ = try file.write(report.json, to: arguments.path, force: arguments.force, files: files)
    return renderReportSummary(report, path: arguments.path)
  }

  /// The report as a learner reads it: a Markdown list per lesson.
  func renderReportSummary(_ report: LearnerReport, path: String) -> String {
    let who =
      report.learner.map { "for \(visible($0, keepingLines: false))" }
      ?? "(no name: 'lessons name …' sets one)"
    var text =
      "wrote \(visible(path, keepingLines: false)): your lesson report \(who), minirnn \(report.minirnn)\n"
    guard !report.lessons.isEmpty else {
      return text + "(no lesson started yet: the report is empty; 'lesson 0' starts one)\n"
    }
    func plural(_ k: Int, _ word: String) -> String { "\(k) \(word)\(k == 1 ? "" : "s")" }
    for lesson in report.lessons {
      let steps =
        lesson.steps.map { "\(lesson.stepsDone) of \($0) steps done" }
        ?? plural(lesson.stepsDone, "step") + " done"
      let title = lesson.title.map { ": " + visible($0, keepingLines: false) } ?? ""
      text += "\n## \(lesson.id)\(title)\n"
      text += "\(steps)\(lesson.completed ? ", finished" : "")\n"
      for q in lesson.questions {
        var line = "- step \(q.step): "
        line += q.firstTry ? "right first try" : q.settled ? "settled" : "not settled yet"
        line += q.tries == 1 ? "; 1 try" : "; \(q.tries) tries"
        line += ", \(plural(q.hints, "hint")), \(q.seconds) s"
        if !q.mistakes.isEmpty { line += "; mistakes: " + q.mistakes.joined(separator: ", ") }
        text += line + "\n"
      }
    }
    return text
  }
}

extension ExportedFile {
  /// `lessons report`: a JSON report, marked by its `format` field.
  static let report = ExportedFile(
    command: "lessons report", usage: "lessons report FILE.json [--force]",
    example: "lessons report ada.json", written: "a JSON report", endings: ["json"],
    isOurs: { LearnerReport.isReport($0) })
}
