/// Lessons as the shell shows them: Markdown made plain and wrapped to the terminal.
extension Session {
  /// `Lesson 03 · Backpropagation through time` and the lesson's introduction.
  func renderLessonHeader(_ lesson: Lesson) throws(CommandError) -> String {
    var text =
      wrapMarkdown(
        "Lesson \(Lesson.twoDigits(lesson.number)) \(traits.unicode ? "·" : "-") \(lesson.title)")
    for block in lesson.intro {
      let shown = try render(block, of: nil)
      if !shown.isEmpty { text += "\n" + shown }
    }
    return text
  }

  /// The running step: its heading, then its blocks in file order. Its live words replay
  /// the step's commands, which Ctrl-C (`hooks`) interrupts: then it throws.
  func renderStep(hooks: Hooks = .none) throws(CommandError) -> String {
    guard let run = lessonBook.run else { return "" }
    let step = run.current
    let rule = traits.unicode ? "──" : "--"
    var heading =
      "\(rule) step \(run.step + 1) of \(run.lesson.steps.count): \(plainMarkdown(step.title))"
    if run.announcedDone { heading += traits.unicode ? "  ✓" : "  (done)" }
    var text = wrapMarkdown(heading + " \(rule)")
    for (i, block) in step.blocks.enumerated() {
      let shown = try render(block, of: step, at: i, hooks: hooks)
      // A block that was only a marker (`<!-- lesson numbers -->`) shows nothing.
      if !shown.isEmpty { text += "\n" + shown }
    }
    if let note = lessonNumbersNote() { text += note }
    // Taller than the terminal, the heading has scrolled away: say where this is again.
    if text.split(separator: "\n", omittingEmptySubsequences: false).count > traits.height - 2 {
      text +=
        "\n"
        + wrapMarkdown(
          "\(rule) end of step \(run.step + 1) of \(run.lesson.steps.count): \(plainMarkdown(step.title)) \(rule)"
        )
      // The screen the step ends on shows what to do: the question and the commands to
      // type, repeated here when they are further up than the terminal is tall.
      let lastScreen = text.split(separator: "\n", omittingEmptySubsequences: false)
        .suffix(traits.height).joined(separator: "\n")
      for (i, block) in step.blocks.enumerated() {
        switch block {
        case .question, .transcript:
          let shown = try render(block, of: step, at: i, hooks: hooks)
          if !lastScreen.contains(shown) { text += shown }
        default: break
        }
      }
    }
    return text
  }

  private func render(
    _ block: LessonBlock, of step: LessonStep?, at index: Int? = nil, hooks: Hooks = .none
  ) throws(CommandError) -> String {
    switch block {
    case .prose(let markdown):
      let live =
        try index.map { i throws(CommandError) in
          try liveMarkdown(markdown, atBlock: i, hooks: hooks)
        } ?? markdown
      return live.trimmingWhitespace().isEmpty ? "" : wrapMarkdown(live)
    case .code(let code):
      return notation.text(code).split(separator: "\n", omittingEmptySubsequences: false).map {
        "    \($0)\n"
      }
      .joined()
    case .setup(let commands):
      return wrapMarkdown(
        "(the lesson ran: " + commands.map(\.command).joined(separator: "; ") + ")")
    case .transcript(let commands):
      return "  type:\n" + commands.map { "    \(prompt)\($0.command)\n" }.joined()
    case .question:
      guard let q = step?.question else { return "" }
      let asked =
        try index.map { i throws(CommandError) in
          try liveMarkdown(q.text, atBlock: i, hooks: hooks)
        } ?? q.text
      var text = wrapMarkdown(asked, prefix: "Question: ")
      let how =
        q.formula != nil
        ? "answer FORMULA"
        : q.choices.isEmpty ? "answer NUMBER" : "answer \(q.choices.joined(separator: "|"))"
      text += "  ('\(how)' to answer; 'hint' for a hint)\n"
      return text
    case .doneWhen:
      guard let step else { return "" }
      return wrapMarkdown(
        "This step is done when: "
          + step.doneWhen.map { $0.learnerText(notation) }.joined(separator: " and "))
    }
  }

  /// The next hint: those the lesson wrote, then one that gives the answer (or says what
  /// to type).
  mutating func nextHint(hooks: Hooks = .none) throws(CommandError) -> String {
    guard let run = lessonBook.run else {
      throw .noLesson(command: "hint")
    }
    let step = run.current
    let total = step.hints.count + 1
    let index = min(run.hintsShown, step.hints.count)
    lessonBook.run!.hintsShown = index + 1
    let prefix = "hint \(index + 1) of \(total): "
    if index < step.hints.count {
      let hint = try liveMarkdown(step.hints[index], atBlock: nil, hooks: hooks)
      return wrapMarkdown(hint, prefix: prefix)
    }
    if let question = step.question {
      let answer = try computedAnswer(hooks: hooks)
      noteFirstTry(right: false)
      lessonBook.run!.answered = true
      return wrapMarkdown("the answer is \(answer.summary)", prefix: prefix)
        + workedAnswer(answer, question)
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
      return noLessonsSentence(tried: lessonPlaces) + "\n"
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
        "\(mark) \(Lesson.twoDigits(lesson.number))  \(TextLayout.rightPad(plainMarkdown(lesson.title), min(width, 48)))  \(status)\n"
      // On a line of its own: the row is already as wide as an 80-column terminal.
      let questions = lesson.steps.filter { $0.question != nil }.count
      if let record, questions > 0, !record.tried.isEmpty {
        text += "      right on the first try: \(record.firstTry.count) of \(questions) questions\n"
      }
    }
    return text
  }

  /// Markdown for the terminal: `[text](url)` as `text (url)`, and `` `code` ``,
  /// `**strong**` and `*emphasis*` as styles, or without their markers when there is no
  /// colour.
  func plainMarkdown(_ text: String) -> String {
    var out = text
    // Each link is the first `[` of the text, so nothing before the last one replaced holds
    // a `[`: the search goes on from there (from the start, a line of thousands of links
    // took seconds), and text without a `[` (most prose) is not searched at all. The offset
    // is in UTF-8, which a replacement does not move.
    var searched = out.utf8.contains(UInt8(ascii: "[")) ? 0 : out.utf8.count
    while let open = out[out.utf8.index(out.startIndex, offsetBy: searched)...].firstIndex(of: "["),
      let middle = out[open...].firstRange(of: "]("),
      let close = out[middle.upperBound...].firstIndex(of: ")")
    {
      let label = out[out.index(after: open)..<middle.lowerBound]
      let url = out[middle.upperBound..<close]
      searched = out.utf8.distance(from: out.startIndex, to: open)
      out.replaceSubrange(open...close, with: "\(label) (\(url))")
    }
    // Lessons are written in Unicode; the notation spells them for an ASCII terminal.
    return notation.text(styledMarkdown(Substring(out)))
  }

  /// Inline Markdown styles: a code span is taken as it is; `**` and `*` may nest inside each
  /// other. A `*` with a space after it (a list item, a product) is a plain star.
  private func styledMarkdown(_ text: Substring) -> String {
    // Most prose has no marker: then every character is copied as it is, all at once.
    guard text.utf8.contains(where: { $0 == UInt8(ascii: "`") || $0 == UInt8(ascii: "*") }) else {
      return String(text)
    }
    let n = notation
    var out = ""
    var i = text.startIndex
    // A star between two factors (`w1*x_1`, `(-0.5)*(2)` in ASCII) is a product, not a
    // marker.
    func isWordCharacter(_ index: String.Index) -> Bool {
      index >= text.startIndex && index < text.endIndex
        && (text[index].isLetter || text[index].isNumber || "()[]_".contains(text[index]))
    }
    // Whether a `*` closes emphasis depends on the text around it only, so once no closer
    // follows some index, none follows any later one: remembering that keeps a line of
    // thousands of unclosed `*a` linear (searched again for each, it took seconds).
    var noCloserFrom: String.Index?
    func emphasisCloser(from start: String.Index) -> String.Index? {
      if let none = noCloserFrom, start >= none { return nil }
      let found = text[start...].indices.first { j in
        text[j] == "*" && text[text.index(before: j)] != " "
          && !isWordCharacter(text.index(after: j))
      }
      if found == nil { noCloserFrom = start }
      return found
    }
    while i < text.endIndex {
      let rest = text[i...]
      let after = text.index(after: i)
      if text[i] == "`", let close = text[after...].firstIndex(of: "`") {
        // Without colour, quoted as minirnn's own messages quote commands: 'states'.
        let code = String(text[after..<close])
        out += n.color ? n.styled(code, .code) : "'\(code)'"
        i = text.index(after: close)
        continue
      }
      if rest.hasPrefix("**"), let close = text[text.index(i, offsetBy: 2)...].firstRange(of: "**"),
        close.lowerBound > text.index(i, offsetBy: 2)
      {
        out += n.styled(
          styledMarkdown(text[text.index(i, offsetBy: 2)..<close.lowerBound]), .strong)
        i = close.upperBound
        continue
      }
      if text[i] == "*", after < text.endIndex, text[after] != " ", text[after] != "*",
        i == text.startIndex || !isWordCharacter(text.index(before: i)),
        let close = emphasisCloser(from: after)
      {
        out += n.styled(styledMarkdown(text[after..<close]), .emphasis)
        i = text.index(after: close)
        continue
      }
      out.append(text[i])
      i = after
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
  ///
  /// A line never starts with a word that would read as a list item or a quote (`1.`, `-`,
  /// `>`): the word before it moves down with it.
  private func wrap(_ line: String, width: Int, hangingIndent: String) -> String {
    func length(_ s: String) -> Int { TextLayout.columns(Substring(s)) }
    guard length(line) > width else { return line + "\n" }
    var out = ""
    var current = ""
    // `current`'s length, kept as words join it rather than counted again for each word.
    var currentLength = 0
    for word in line.split(separator: " ", omittingEmptySubsequences: false) {
      let wordLength = TextLayout.columns(word)
      if current.isEmpty {
        current = String(word)
        currentLength = wordLength
      } else if currentLength + 1 + wordLength <= width {
        current += " " + word
        currentLength += 1 + wordLength
      } else {
        var carried = String(word)
        if Self.looksLikeAMarker(carried), let space = current.lastIndex(of: " "),
          current[..<space].contains(where: { $0 != " " })
        {
          carried = current[current.index(after: space)...] + " " + carried
          current = String(current[..<space])
        }
        out += current.trimmingTrailingSpaces() + "\n"
        current = hangingIndent + carried
        currentLength = length(current)
      }
    }
    return out + current + "\n"
  }

  /// `1.`, `12.`, `-`, `*`, `+`, `>`, `#`: what would start a list, quote or heading.
  private static func looksLikeAMarker(_ word: String) -> Bool {
    if ["-", "*", "+", ">", "#"].contains(word) || word.hasPrefix(">") || word.hasPrefix("#") {
      return true
    }
    let digits = word.prefix { $0.isASCII && $0.isNumber }
    return !digits.isEmpty
      && (word.dropFirst(digits.count) == "." || word.dropFirst(digits.count) == ")")
  }
}
