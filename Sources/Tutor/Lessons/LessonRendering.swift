/// Lessons as the shell shows them: Markdown made plain and wrapped to the terminal.
extension Session {
  /// `Lesson 03 · Backpropagation through time` and the lesson's introduction.
  func renderLessonHeader(_ lesson: Lesson) -> String {
    var text =
      wrapMarkdown(
        "Lesson \(Lesson.twoDigits(lesson.number)) \(traits.unicode ? "·" : "-") \(lesson.title)")
    for block in lesson.intro { text += "\n" + render(block, of: nil) }
    return text
  }

  /// The running step: its heading, then its blocks in file order.
  func renderStep() -> String {
    guard let run = lessonBook.run else { return "" }
    let step = run.current
    let rule = traits.unicode ? "──" : "--"
    var heading =
      "\(rule) step \(run.step + 1) of \(run.lesson.steps.count): \(plainMarkdown(step.title))"
    if run.announcedDone { heading += traits.unicode ? "  ✓" : "  (done)" }
    var text = wrapMarkdown(heading + " \(rule)")
    for block in step.blocks { text += "\n" + render(block, of: step) }
    return text
  }

  private func render(_ block: LessonBlock, of step: LessonStep?) -> String {
    switch block {
    case .prose(let markdown):
      return wrapMarkdown(markdown)
    case .code(let code):
      return code.split(separator: "\n", omittingEmptySubsequences: false).map { "    \($0)\n" }
        .joined()
    case .setup(let commands):
      return wrapMarkdown(
        "(the lesson ran: " + commands.map(\.command).joined(separator: "; ") + ")")
    case .transcript(let commands):
      return "  type:\n" + commands.map { "    \(prompt)\($0.command)\n" }.joined()
    case .question:
      guard let q = step?.question else { return "" }
      var text = wrapMarkdown(q.text, prefix: "Question: ")
      let how =
        q.choices.isEmpty
        ? "answer NUMBER" : "answer \(q.choices.joined(separator: "|"))"
      text += "  ('\(how)' to answer; 'hint' for a hint)\n"
      return text
    case .doneWhen:
      guard let step else { return "" }
      return wrapMarkdown(
        "This step is done when: " + step.doneWhen.map(\.text).joined(separator: " and "))
    }
  }

  /// The next hint: those the lesson wrote, then one that gives the answer (or says what
  /// to type).
  mutating func nextHint(hooks: Hooks = .none) throws(CommandError) -> String {
    guard let run = lessonBook.run else {
      throw .notReady("hint: no lesson is running; 'lessons' lists them")
    }
    let step = run.current
    let total = step.hints.count + 1
    let index = min(run.hintsShown, step.hints.count)
    lessonBook.run!.hintsShown = index + 1
    let prefix = "hint \(index + 1) of \(total): "
    if index < step.hints.count { return wrapMarkdown(step.hints[index], prefix: prefix) }
    if step.question != nil {
      let answer = try computedAnswer(hooks: hooks)
      return wrapMarkdown("the answer is \(answer.summary)", prefix: prefix) + answer.explanation
    }
    let tasks = remainingTasks(run)
    if tasks.isEmpty { return prefix + "nothing is left to do here; 'next' goes on\n" }
    var text = wrapMarkdown(tasks.joined(separator: "; "), prefix: prefix)
    if !step.commands.isEmpty {
      text += "  the step's commands, in order:\n"
      text += step.commands.map { "    \(prompt)\($0.command)\n" }.joined()
    }
    return text
  }

  /// `lessons`: every installed lesson with a mark for the learner's progress.
  func renderLessonList() -> String {
    guard !lessonBook.lessons.isEmpty else {
      return "no lessons are installed (minirnn reads them from its Lessons folder)\n"
    }
    let u = traits.unicode
    var text =
      "Lessons ('lesson N' starts or resumes one; \(u ? "✓" : "+") finished, \(u ? "▸" : ">") running, \(u ? "•" : "-") started):\n"
    let width = lessonBook.lessons.map(\.title.count).max() ?? 0
    for lesson in lessonBook.lessons {
      let record = lessonBook.progress.records[lesson.id]
      let running = lessonBook.run?.lesson.id == lesson.id
      let mark =
        running
        ? (u ? "▸" : ">")
        : record?.completed == true ? (u ? "✓" : "+") : record != nil ? (u ? "•" : "-") : " "
      var status = "\(lesson.steps.count) steps"
      if let record {
        status =
          running || !record.completed ? "step \(record.step) of \(lesson.steps.count)" : status
        status += ", \(record.done.count) done"
      }
      text +=
        "\(mark) \(Lesson.twoDigits(lesson.number))  \(rightPad(plainMarkdown(lesson.title), min(width, 48)))  \(status)\n"
    }
    return text
  }

  /// Markdown made plain: `**` dropped, `[text](url)` as `text (url)`, `### ` dropped.
  func plainMarkdown(_ text: String) -> String {
    var out = text.replacing("**", with: "")
    while let open = out.firstIndex(of: "["),
      let middle = out[open...].firstRange(of: "]("),
      let close = out[middle.upperBound...].firstIndex(of: ")")
    {
      let label = out[out.index(after: open)..<middle.lowerBound]
      let url = out[middle.upperBound..<close]
      out.replaceSubrange(open...close, with: "\(label) (\(url))")
    }
    return out
  }

  /// A Markdown paragraph wrapped to the terminal's width: a line that starts a list item,
  /// a quote or a table row starts a new line, other lines continue the one before.
  func wrapMarkdown(_ markdown: String, prefix: String = "") -> String {
    let width = max(40, min(traits.width, 100))
    var logical: [String] = []
    for raw in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
      var line = String(raw)
      while line.hasPrefix("#") { line.removeFirst() }
      let trimmed = line.trimmingWhitespace()
      let startsNew =
        logical.isEmpty || trimmed.isEmpty || trimmed.hasPrefix(">") || trimmed.hasPrefix("|")
        || Self.listIndent(trimmed) > 0
      if startsNew {
        logical.append(plainMarkdown(line.hasPrefix(" ") ? line.trimmingTrailingSpaces() : trimmed))
      } else {
        logical[logical.count - 1] += " " + plainMarkdown(trimmed)
      }
    }
    var text = ""
    for (i, line) in logical.enumerated() {
      let lead = i == 0 ? prefix : ""
      // A list item's continuation lines hang under its text.
      let hang = String(repeating: " ", count: Self.listIndent(line) + (i == 0 ? prefix.count : 0))
      text += wrap(lead + line, width: width, hangingIndent: hang)
    }
    return text
  }

  private static func listIndent(_ line: String) -> Int {
    let leading = line.prefix { $0 == " " }.count
    let rest = line.dropFirst(leading)
    if rest.hasPrefix("- ") || rest.hasPrefix("* ") || rest.hasPrefix("> ") { return leading + 2 }
    let digits = rest.prefix { $0.isNumber }.count
    if digits > 0, rest.dropFirst(digits).hasPrefix(". ") { return leading + digits + 2 }
    return leading
  }

  /// Breaks `line` at spaces so no line is longer than `width` (a longer word stays whole).
  private func wrap(_ line: String, width: Int, hangingIndent: String) -> String {
    guard line.count > width else { return line + "\n" }
    var out = ""
    var current = ""
    for word in line.split(separator: " ", omittingEmptySubsequences: false) {
      if current.isEmpty {
        current = String(word)
      } else if current.count + 1 + word.count <= width {
        current += " " + word
      } else {
        out += current.trimmingTrailingSpaces() + "\n"
        current = hangingIndent + word
      }
    }
    return out + current + "\n"
  }
}
