import RNN

/// A lesson file that cannot be used, with the file and line to fix.
public struct LessonParseError: Error, Equatable, Sendable, CustomStringConvertible {
  public let path: String
  /// 1-based; 0 when the problem is the file as a whole (its name, its size).
  public let line: Int
  public let message: String

  public init(path: String, line: Int, message: String) {
    self.path = path
    self.line = line
    self.message = message
  }

  /// `Lessons/03-bptt.md:42: message`.
  public var description: String {
    let path = visible(path, keepingLines: false)
    let message = visible(message, keepingLines: false)
    return line > 0 ? "\(path):\(line): \(message)" : "\(path): \(message)"
  }
}

extension Lesson {
  /// Parses a set of lesson files: a file named `README.md` is skipped, and a lesson whose
  /// number another file already has is refused.
  ///
  /// - Returns: the lessons that parsed, by number, and one error per file that did not; the
  ///   files after the one where `hooks` said stop are left out.
  static func parse(_ files: [(path: String, text: String)], hooks: Hooks = .none)
    -> ([Lesson], [LessonParseError])
  {
    var lessons: [Lesson] = []
    var errors: [LessonParseError] = []
    for file in files where file.path.split(separator: "/").last != "README.md" {
      if hooks.shouldStop() { break }
      do {
        let lesson = try Lesson(path: file.path, text: file.text, hooks: hooks)
        if let other = lessons.first(where: { $0.number == lesson.number }) {
          errors.append(
            LessonParseError(
              path: file.path, line: 0,
              message: "lesson number \(twoDigits(lesson.number)) is already used by \(other.path)")
          )
        } else {
          lessons.append(lesson)
        }
      } catch {
        errors.append(error)
      }
    }
    return (lessons.sorted { $0.number < $1.number }, errors)
  }

  /// The file names lessons have: two digits, a dash, lower-case words joined by dashes.
  static func numberAndName(ofFile path: String) -> (Int, String)? {
    let file = path.split(separator: "/").last.map(String.init) ?? path
    guard file.hasSuffix(".md") else { return nil }
    let stem = file.dropLast(3)
    guard stem.count >= 4, let dash = stem.firstIndex(of: "-"),
      stem.distance(from: stem.startIndex, to: dash) == 2,
      let number = Int(stem[..<dash]), stem[..<dash].allSatisfy(\.isASCII)
    else { return nil }
    let name = stem[stem.index(after: dash)...]
    guard !name.isEmpty, !name.hasPrefix("-"), !name.hasSuffix("-"),
      name.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") })
    else { return nil }
    return (number, String(name))
  }

  /// Parses a lesson file. Every command in it is checked to be one a lesson may run.
  ///
  /// - Parameters:
  ///   - path: the file's path, used in errors and for its number and name (`03-bptt.md`).
  ///   - text: its contents.
  ///   - hooks: asked before every line; when they say stop (Ctrl-C while a folder of large
  ///     lessons is read), parsing ends with an error.
  public init(path: String, text: String, hooks: Hooks = .none) throws(LessonParseError) {
    guard let (number, name) = Lesson.numberAndName(ofFile: path) else {
      throw LessonParseError(
        path: path, line: 0,
        message:
          "a lesson file is named NN-name.md (two digits, a dash, lower-case words joined by dashes), e.g. 03-bptt.md"
      )
    }
    guard text.utf8.count <= Limits.lessonFileSize else {
      throw LessonParseError(
        path: path, line: 0, message: "the file is larger than \(Limits.lessonFileSize >> 20) MiB")
    }
    var parser = LessonParser(path: path, hooks: hooks)
    try parser.parse(text)
    guard let title = parser.title else {
      throw LessonParseError(path: path, line: 1, message: "a lesson starts with a '# Title' line")
    }
    guard !parser.steps.isEmpty else {
      throw LessonParseError(
        path: path, line: parser.lineCount,
        message: "the lesson has no steps; each step is a '## Title (§N)' heading")
    }
    self.path = path
    self.number = number
    self.name = name
    self.title = title
    self.intro = parser.intro
    self.steps = parser.steps
    self.recap = try parser.finishedRecap()
    self.contentHash = Lesson.contentHash(of: text)
  }
}

/// Reads a lesson's Markdown line by line; see `Lessons/README.md` for the format.
private struct LessonParser {
  let path: String
  let hooks: Hooks
  var title: String?
  var intro: [LessonBlock] = []
  var steps: [LessonStep] = []
  var lineCount = 0
  /// The `## Recap` section's items as read so far, and the heading's line; nil before it.
  private var recap: (line: Int, items: [String])?

  private var step: StepDraft?
  private var paragraph: [String] = []
  private var paragraphLine = 0
  /// The field being read in a `> **Key:** …` quote, and the line it started on.
  private var field: (key: FieldKey, line: Int, text: String)?

  init(path: String, hooks: Hooks) {
    self.path = path
    self.hooks = hooks
  }

  /// The `> **Key:**` fields a step understands.
  enum FieldKey: String, CaseIterable {
    case question = "Question"
    case choices = "Choices"
    case answer = "Answer"
    case hint = "Hint"
    case
      why = "Why"
    case doneWhen = "Done when"
    case mistake = "Mistake"
  }

  /// A step being read.
  struct StepDraft {
    let title: String
    let line: Int
    let citations: [String]
    var blocks: [LessonBlock] = []
    var proseLines: [Int: Int] = [:]
    var question: (line: Int, text: String)?
    var choices: (line: Int, text: String)?
    var answer: (line: Int, text: String)?
    var why: String?
    var hints: [String] = []
    var doneWhen: (line: Int, predicates: [LessonPredicate])?
    var mistakes: [WrittenMistake] = []
    var mistakeLine: Int?
  }

  func error(_ line: Int, _ message: String) -> LessonParseError {
    LessonParseError(path: path, line: line, message: message)
  }

  mutating func parse(_ text: String) throws(LessonParseError) {
    // A lesson is untrusted: its control characters are made visible as it is read, so no
    // title, prose, hint or transcript of it can drive the terminal.
    let lines = splitLines(droppingByteOrderMark(text)).map { line in
      visible(line.hasSuffix("\r") ? line.dropLast() : line)
    }
    lineCount = lines.count
    var i = 0
    var inComment = false
    while i < lines.count {
      let line = lines[i]
      let number = i + 1
      i += 1
      if hooks.shouldStop() { throw error(number, "interrupted by Ctrl-C") }
      if inComment {
        if line.contains("-->") { inComment = false }
        continue
      }
      let trimmed = line.trimmingWhitespace()
      // A comment of live text (`<!-- if … -->`, `<!-- else: … -->`) belongs to the paragraph
      // or field it stands in; any other comment line is a note for teachers.
      // On GitHub a line that starts with `<!--` starts an HTML block, which would show the
      // rest of the line as raw HTML and split the paragraph around it.
      let quoted = trimmed.hasPrefix(">") ? trimmed.dropFirst().trimmingWhitespace() : trimmed
      if quoted.hasPrefix("<!--"), Self.isLiveComment(quoted),
        !quoted.dropFirst(4).trimmingWhitespace().hasPrefix(LiveText.lessonNumbersMarker)
      {
        throw error(
          number,
          "a line may not start with a live-text comment (GitHub would start an HTML block there); move a word of the sentence before it"
        )
      }
      if trimmed.hasPrefix("<!--"), !Self.isLiveComment(trimmed) {
        try flush()
        inComment = !trimmed.contains("-->")
        continue
      }
      if recap != nil {
        try readRecapLine(trimmed, number)
        continue
      }
      if let fence = Self.fence(line) {
        try flush()
        var body: [(Int, String)] = []
        var closed = false
        while i < lines.count {
          let inner = lines[i]
          i += 1
          if let close = Self.fence(inner), close.marker.first == fence.marker.first,
            close.marker.count >= fence.marker.count, close.info.isEmpty
          {
            closed = true
            break
          }
          body.append((i, inner))
        }
        guard closed else { throw error(number, "this ``` block is never closed") }
        try addFencedBlock(info: fence.info, body: body, line: number)
        continue
      }
      if trimmed.isEmpty {
        try flush()
        continue
      }
      if line.hasPrefix("# ") {
        try flush()
        guard title == nil else {
          throw error(number, "a lesson has one '# Title'; steps are '## Title (§N)' headings")
        }
        guard steps.isEmpty, step == nil, intro.isEmpty else {
          throw error(number, "the '# Title' comes first in a lesson")
        }
        title = line.dropFirst(2).trimmingWhitespace()
        continue
      }
      if line.hasPrefix("## ") {
        try flush()
        try finishStep()
        if line.dropFirst(3).trimmingWhitespace() == "Recap" {
          guard !steps.isEmpty else { throw error(number, "the '## Recap' comes after the steps") }
          recap = (number, [])
          continue
        }
        guard title != nil else {
          throw error(number, "a lesson starts with a '# Title' line, before its first step")
        }
        guard steps.count < Limits.lessonSteps else {
          throw error(
            number,
            "a lesson has at most \(Parse.grouped(Limits.lessonSteps)) steps; split it into several lessons"
          )
        }
        let heading = line.dropFirst(3).trimmingWhitespace()
        let citations = Self.citations(in: heading)
        guard !citations.isEmpty else {
          throw error(
            number,
            "the step '\(shown(heading))' cites no part of the article; put a section (§2.5) or an equation (Eq. 3) in its heading"
          )
        }
        step = StepDraft(title: heading, line: number, citations: citations)
        continue
      }
      if line.hasPrefix(">") {
        var content = line.dropFirst()
        if content.hasPrefix(" ") { content = content.dropFirst() }
        if let (key, rest) = Self.fieldKey(content) {
          try flush()
          field = (key, number, rest)
          continue
        }
        if field != nil {
          field!.text += "\n" + content.trimmingWhitespace()
          continue
        }
      } else if field != nil {
        // Markdown's lazy continuation: a plain line right after a quote still belongs to it.
        field!.text += "\n" + trimmed
        continue
      }
      if title == nil { throw error(number, "a lesson starts with a '# Title' line") }
      if paragraph.isEmpty { paragraphLine = number }
      paragraph.append(line)
    }
    if inComment { throw error(lines.count, "an HTML comment (<!--) is never closed") }
    try flush()
    try finishStep()
  }

  /// A line of the `## Recap` section: a list item (`- …`), or a line that continues one.
  private mutating func readRecapLine(_ line: String, _ number: Int) throws(LessonParseError) {
    if line.isEmpty { return }
    if line.hasPrefix("- ") || line.hasPrefix("* ") {
      recap!.items.append(line.dropFirst(2).trimmingWhitespace())
    } else if !recap!.items.isEmpty, !line.hasPrefix("#"), !line.hasPrefix("```"),
      !line.hasPrefix(">")
    {
      recap!.items[recap!.items.count - 1] += " " + line
    } else {
      throw error(
        number,
        "the '## Recap' is the lesson's last section and holds only a list ('- …') of two to five lines"
      )
    }
  }

  /// The recap's items, checked: two to five, or none when the lesson has no recap.
  func finishedRecap() throws(LessonParseError) -> [String] {
    guard let recap else { return [] }
    guard (2...5).contains(recap.items.count) else {
      throw error(
        recap.line,
        "a recap says what the lesson established in two to five list items; this one has \(recap.items.count)"
      )
    }
    return recap.items
  }

  /// Ends the paragraph or field being read.
  private mutating func flush() throws(LessonParseError) {
    if !paragraph.isEmpty {
      let text = paragraph.joined(separator: "\n")
      try checkLiveText(text, line: paragraphLine)
      if let index = step?.blocks.count { step!.proseLines[index] = paragraphLine }
      append(.prose(text))
      paragraph = []
    }
    if let (key, line, text) = field {
      field = nil
      if key != .answer && key != .choices && key != .doneWhen {
        try checkLiveText(text, line: line)
      }
      try addField(key, line: line, text: text.trimmingWhitespace())
    }
  }

  /// Live text (`LiveText`) that cannot be read is an error at its line.
  private func checkLiveText(_ text: String, line: Int) throws(LessonParseError) {
    guard text.contains("<!--") else { return }
    do { _ = try LiveText(parsing: text) } catch { throw self.error(line, error.message) }
  }

  /// `<!-- =… -->`, `<!-- if … -->`, `<!-- else… -->` and `<!-- lesson numbers -->`.
  static func isLiveComment(_ line: String) -> Bool {
    let content = line.dropFirst(4).drop { $0 == " " }
    return content.hasPrefix("=") || content.hasPrefix("if ") || content.hasPrefix("else")
      || content.hasPrefix(LiveText.lessonNumbersMarker)
  }

  private mutating func append(_ block: LessonBlock) {
    if step != nil { step!.blocks.append(block) } else { intro.append(block) }
  }

  private mutating func addField(_ key: FieldKey, line: Int, text: String) throws(LessonParseError)
  {
    guard step != nil else {
      throw error(line, "'\(key.rawValue):' belongs in a step (after a '## Title (§N)' heading)")
    }
    guard !text.isEmpty else { throw error(line, "'\(key.rawValue):' is empty") }
    func once<T>(_ existing: T?) throws(LessonParseError) {
      if existing != nil {
        throw error(line, "a step has at most one '\(key.rawValue):'; split the step in two")
      }
    }
    switch key {
    case .question:
      try once(step!.question)
      step!.question = (line, text)
      step!.blocks.append(.question)
    case .choices:
      try once(step!.choices)
      step!.choices = (line, text)
    case .answer:
      try once(step!.answer)
      step!.answer = (line, text)
    case .why:
      try once(step!.why)
      step!.why = text
    case .hint:
      step!.hints.append(text)
    case .mistake:
      step!.mistakes.append(try parseMistake(text, line: line))
      step!.mistakeLine = step!.mistakeLine ?? line
    case .doneWhen:
      try once(step!.doneWhen)
      do {
        step!.doneWhen = (line, try LessonPredicate.parseAll(text))
      } catch let e {
        throw error(line, "Done when: \(e.message)")
      }
      step!.blocks.append(.doneWhen)
    }
  }

  private mutating func addFencedBlock(info: String, body: [(Int, String)], line: Int)
    throws(LessonParseError)
  {
    let words = info.split(separator: " ")
    guard words.first == "minirnn" else {
      append(.code(body.map(\.1).joined(separator: "\n")))
      return
    }
    guard words.count == 1 || (words.count == 2 && words[1] == "setup") else {
      throw error(
        line,
        "unknown block '```\(shown(info))'; a transcript is '```minirnn', a setup '```minirnn setup'"
      )
    }
    guard step != nil else {
      throw error(line, "transcripts belong in a step (after a '## Title (§N)' heading)")
    }
    var commands: [TranscriptCommand] = []
    var current: (line: Int, command: String, expected: [String])?
    for (number, text) in body {
      if text.hasPrefix(Self.prompt.trimmingWhitespace()) {
        if let c = current {
          commands.append(TranscriptCommand(line: c.line, command: c.command, expected: c.expected))
        }
        let command = text.dropFirst(Self.prompt.trimmingWhitespace().count).trimmingWhitespace()
        try checkCommand(command, line: number)
        current = (number, command, [])
      } else if current != nil {
        current!.expected.append(text)
      } else {
        throw error(number, "a transcript starts with a '\(Self.prompt)COMMAND' line")
      }
    }
    if let c = current {
      commands.append(TranscriptCommand(line: c.line, command: c.command, expected: c.expected))
    }
    guard !commands.isEmpty else {
      throw error(line, "this transcript has no '\(Self.prompt)' line")
    }
    step!.blocks.append(words.count == 2 ? .setup(commands) : .transcript(commands))
  }

  static let prompt = "minirnn> "

  /// Refuses what a lesson may not run: unknown commands, files, leaving the shell, lessons.
  private func checkCommand(_ command: String, line: Int) throws(LessonParseError) {
    guard !command.isEmpty else { throw error(line, "'\(Self.prompt)' with no command") }
    if let problem = LessonPlayer.problem(with: command) { throw error(line, problem) }
  }

  private mutating func finishStep() throws(LessonParseError) {
    guard let draft = step else { return }
    step = nil
    var question: LessonQuestion?
    switch (draft.question, draft.answer) {
    case (nil, nil):
      if let choices = draft.choices {
        throw error(choices.line, "'Choices:' without a 'Question:'")
      }
      if draft.why != nil { throw error(draft.line, "'Why:' without a 'Question:' in this step") }
      if let line = draft.mistakeLine {
        throw error(line, "'Mistake:' without a 'Question:' in this step")
      }
    case (let q?, nil): throw error(q.line, "this question has no 'Answer:'")
    case (nil, let a?): throw error(a.line, "'Answer:' without a 'Question:'")
    case (let q?, let a?):
      let formula = try parseFormula(a)
      let answer: LessonAnswer
      let choices: [String]
      if let formula {
        if let c = draft.choices { throw error(c.line, "a formula question has no 'Choices:'") }
        (answer, choices) = (
          .number(formula.quantity ?? .formula(formula.expression), .standard), []
        )
      } else {
        (answer, choices) = try parseAnswer(a, choices: draft.choices)
      }
      if let line = draft.mistakeLine {
        guard case .number = answer else {
          throw error(line, "'Mistake:' names a wrong number, so it needs a number question")
        }
      }
      question = LessonQuestion(
        line: q.line, text: q.text, answer: answer, choices: choices, why: draft.why,
        mistakes: draft.mistakes, formula: formula?.expression)
    }
    steps.append(
      LessonStep(
        title: draft.title, line: draft.line, citations: draft.citations, blocks: draft.blocks,
        question: question, hints: draft.hints, doneWhen: draft.doneWhen?.predicates ?? [],
        doneWhenLine: draft.doneWhen?.line, proseLines: draft.proseLines))
  }

  /// `` `h[2]` within 0.001 ``, `` `h[2]` within 1% ``, `` sign of `w1.g` ``,
  /// `` `w3 is unchanged` `` (yes/no), or a choice word.
  private func parseAnswer(_ a: (line: Int, text: String), choices: (line: Int, text: String)?)
    throws(LessonParseError) -> (LessonAnswer, [String])
  {
    let listed = choices.map { c in
      c.text.split(separator: "|").map { $0.trimmingWhitespace().lowercased() }
    }
    if let listed, let line = choices?.line {
      guard listed.count >= 2, !listed.contains(where: \.isEmpty),
        Set(listed).count == listed.count,
        !listed.contains(where: { $0.contains(" ") })
      else {
        throw error(
          line,
          "'Choices:' lists two or more different one-word answers separated by |, e.g. yes | no")
      }
    }
    func requireChoices(_ implied: [String]) throws(LessonParseError) -> [String] {
      guard let listed else { return implied }
      guard listed == implied else {
        throw error(
          choices!.line,
          "this answer is one of \(implied.joined(separator: " | ")); list those or leave 'Choices:' out"
        )
      }
      return listed
    }
    let text = a.text
    if text.hasPrefix("sign of ") {
      let name = text.dropFirst("sign of ".count).trimmingWhitespace().replacing("`", with: "")
      guard let q = LessonQuantity(name) else { throw unknownName(name, a.line) }
      return (.sign(q), try requireChoices(["positive", "negative", "zero"]))
    }
    if text.hasPrefix("`") {
      let afterTick = text.dropFirst()
      guard let close = afterTick.firstIndex(of: "`") else {
        throw error(a.line, "the answer's name has no closing `")
      }
      let code = String(afterTick[..<close])
      let rest = afterTick[afterTick.index(after: close)...].trimmingWhitespace()
      if rest.isEmpty {
        if let q = LessonQuantity(code) {
          guard listed == nil else {
            throw error(choices!.line, "a number question has no 'Choices:'")
          }
          return (.number(q, .standard), [])
        }
        let predicates: [LessonPredicate]
        do {
          predicates = try LessonPredicate.parseAll(code)
        } catch let e {
          throw error(a.line, "Answer: \(e.message)")
        }
        return (.condition(predicates), try requireChoices(["yes", "no"]))
      }
      guard let q = LessonQuantity(code) else { throw unknownName(code, a.line) }
      guard rest.hasPrefix("within ") else {
        throw error(
          a.line, "after the name comes its tolerance: `\(code)` within 0.001 (or within 1%)")
      }
      var amount = rest.dropFirst("within ".count).trimmingWhitespace()
      let relative = amount.hasSuffix("%")
      if relative { amount.removeLast() }
      guard let d = Double(amount), d.isFinite, d > 0 else {
        throw error(
          a.line, "the tolerance '\(shown(rest))' is not a positive number like 0.001 or 1%")
      }
      guard listed == nil else { throw error(choices!.line, "a number question has no 'Choices:'") }
      return (.number(q, relative ? .relative(d / 100) : .absolute(d)), [])
    }
    let word = text.lowercased()
    guard let listed else {
      throw error(
        a.line,
        "'\(shown(text))' is not a computed answer (`NAME` within 0.001, sign of `NAME`, `CONDITION`), so the step needs 'Choices:'"
      )
    }
    guard listed.contains(word) else {
      throw error(
        a.line,
        "the answer '\(shown(text))' is not one of the choices \(listed.joined(separator: " | "))")
    }
    return (.fixed(word), listed)
  }

  /// `` formula `w3*(yhat - y)` ``, optionally `` for `dL/dh[3]` ``: the question asks for a
  /// formula, graded by equivalence (`FormulaGrading`) with the quantity named after `for`,
  /// or with the formula itself. Nil when the answer is not a formula.
  private func parseFormula(_ a: (line: Int, text: String)) throws(LessonParseError)
    -> (expression: LessonExpression, quantity: LessonQuantity?)?
  {
    guard a.text.hasPrefix("formula ") else { return nil }
    let rest = a.text.dropFirst("formula ".count).trimmingWhitespace()
    let usage = "a formula answer is formula `EXPRESSION`, or formula `EXPRESSION` for `NAME`"
    guard rest.hasPrefix("`"), let close = rest.dropFirst().firstIndex(of: "`") else {
      throw error(a.line, usage)
    }
    let code = String(rest[rest.index(after: rest.startIndex)..<close])
    let expression: LessonExpression
    do {
      expression = try LessonExpression(parsing: code)
    } catch let e {
      throw error(a.line, "Answer: \(e.message)")
    }
    guard !expression.quantities.isEmpty else {
      throw error(
        a.line, "the formula `\(shown(code))` names no quantity: ask for a number instead")
    }
    let tail = rest[rest.index(after: close)...].trimmingWhitespace()
    if tail.isEmpty { return (expression, nil) }
    guard tail.hasPrefix("for `"), tail.hasSuffix("`"), tail.count > "for ``".count else {
      throw error(a.line, usage)
    }
    let name = String(tail.dropFirst("for `".count).dropLast())
    guard let q = LessonQuantity(name) else { throw unknownName(name, a.line) }
    return (expression, q)
  }

  /// `` `EXPRESSION` `` then what the learner is told: `` `h[3]`: w₃ is left out ``.
  private func parseMistake(_ text: String, line: Int) throws(LessonParseError) -> WrittenMistake {
    guard text.hasPrefix("`"), let close = text.dropFirst().firstIndex(of: "`") else {
      throw error(
        line,
        "a mistake is `EXPRESSION` and then what it tells the learner, e.g. `h[3]`: w₃ is left out")
    }
    let code = String(text[text.index(after: text.startIndex)..<close])
    var rest = text[text.index(after: close)...].trimmingWhitespace()
    if rest.hasPrefix(":") || rest.hasPrefix("—") { rest = rest.dropFirst().trimmingWhitespace() }
    guard !rest.isEmpty else {
      throw error(line, "after `\(shown(code))` comes what the mistake tells the learner")
    }
    do {
      return WrittenMistake(expression: try LessonExpression(parsing: code), explanation: rest)
    } catch let e {
      throw error(line, "Mistake: \(e.message)")
    }
  }

  private func unknownName(_ name: String, _ line: Int) -> LessonParseError {
    error(
      line,
      "unknown name '\(shown(name))'; accepted: \(LessonQuantity.accepted.joined(separator: ", "))")
  }

  /// ```` ```info ```` or `~~~info`, indented by at most three spaces.
  static func fence(_ line: String) -> (marker: String, info: String)? {
    let indent = line.prefix { $0 == " " }.count
    guard indent <= 3 else { return nil }
    let rest = line.dropFirst(indent)
    guard let first = rest.first, first == "`" || first == "~" else { return nil }
    let marker = rest.prefix { $0 == first }
    guard marker.count >= 3 else { return nil }
    return (String(marker), rest.dropFirst(marker.count).trimmingWhitespace())
  }

  /// `**Key:** rest` → (key, rest).
  static func fieldKey(_ content: Substring) -> (FieldKey, String)? {
    for key in FieldKey.allCases {
      let marker = "**\(key.rawValue):**"
      if content.hasPrefix(marker) {
        return (key, content.dropFirst(marker.count).trimmingWhitespace())
      }
    }
    return nil
  }

  /// The sections (`1.3`, `2`) and equations (`Eq. 3`) a heading cites; a range such as
  /// `§2.1–2.4` or `Eq. 1–3` cites everything in it.
  static func citations(in heading: String) -> [String] {
    var found: [String] = []
    let chars = Array(heading)
    var i = 0
    func number(at start: Int) -> (String, Int)? {
      var j = start
      var text = ""
      while j < chars.count, chars[j].isASCII,
        chars[j].isNumber || (chars[j] == "." && j + 1 < chars.count && chars[j + 1].isNumber)
      {
        text.append(chars[j])
        j += 1
      }
      return text.isEmpty ? nil : (text, j)
    }
    func range(from first: String, at index: Int, prefix: String) -> (String, Int)? {
      // "–" or "-", optionally followed by the same prefix again ("§2.1–§2.4").
      guard index < chars.count, chars[index] == "–" || chars[index] == "-" else { return nil }
      var j = index + 1
      if chars[j...].starts(with: prefix) { j += prefix.count }
      return number(at: j)
    }
    // A range is spelled out only when it is short: "§1-375000000001" in a hostile lesson
    // must not ask for an array of 375 billion citations (the lesson fuzzer's find).
    func expand(_ a: String, _ b: String) -> [String] {
      let pa = a.split(separator: ".")
      let pb = b.split(separator: ".")
      if pa.count == 2, pb.count == 2, pa[0] == pb[0], let x = Int(pa[1]), let y = Int(pb[1]),
        x <= y, y - x < 100
      {
        return (x...y).map { "\(pa[0]).\($0)" }
      }
      if pa.count == 1, pb.count == 1, let x = Int(a), let y = Int(b), x <= y, y - x < 100 {
        return (x...y).map(String.init)
      }
      return [a, b]
    }
    while i < chars.count {
      if chars[i] == "§", let (first, end) = number(at: i + 1) {
        if let (last, after) = range(from: first, at: end, prefix: "§") {
          found += expand(first, last)
          i = after
        } else {
          found.append(first)
          i = end
        }
        continue
      }
      if chars[i...].starts(with: "Eq. "), let (first, end) = number(at: i + 4) {
        if let (last, after) = range(from: first, at: end, prefix: "") {
          found += expand(first, last).map { "Eq. " + $0 }
          i = after
        } else {
          found.append("Eq. " + first)
          i = end
        }
        continue
      }
      i += 1
    }
    return found
  }
}
