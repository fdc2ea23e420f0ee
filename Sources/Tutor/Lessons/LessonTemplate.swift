/// `lesson new NAME`: a lesson file for a teacher to start from, with a note at each part
/// saying what it is. It passes `check-lessons` as written: its transcripts are recorded from
/// what minirnn prints when it is made.
enum LessonTemplate {
  /// The first line of every template.
  static let mark = "<!-- Written by minirnn's 'lesson new'."

  /// How the file is written: the rule every file minirnn writes follows (whole or not at
  /// all, no other kind's ending), except that an existing file is only replaced with
  /// --force: it may hold an author's edits, under the mark.
  private static let file = ExportedFile(
    command: "lesson new", usage: "lesson new NAME [--force]", example: "lesson new 11-my-topic",
    written: "a lesson", endings: ["md"], isOurs: { _ in true })

  /// Writes the template to `path`; true when it replaced a file (`force`).
  static func write(to path: String, force: Bool, files: any FileAccess) throws(CommandError)
    -> Bool
  {
    let exists: Bool
    if case .success = files.read(path, limit: Limits.lessonFileSize) { exists = true } else {
      exists = false
    }
    if exists && !force {
      throw .file(
        command: "lesson new",
        FileAccessError(
          "'\(visible(path, keepingLines: false))' exists and may hold your writing, so it is left as it is; choose another name, or add --force to replace it"
        ))
    }
    _ = try file.write(text(path: path), to: path, force: true, files: files)
    return exists
  }

  /// The file name for `name`: `11-my-topic` (or `11-my-topic.md`, or a path ending in one)
  /// as it is; `my-topic` numbered after the highest lesson number in `numbers`.
  static func path(for name: String, after numbers: [Int]) throws(CommandError) -> String {
    var path = name.hasSuffix(".md") ? String(name.dropLast(3)) : name
    let slash = path.lastIndex(of: "/")
    let folder = slash.map { String(path[...$0]) } ?? ""
    let stem = slash.map { String(path[path.index(after: $0)...]) } ?? path
    if Lesson.numberAndName(ofFile: stem + ".md") == nil {
      let next = min((numbers.max() ?? -1) + 1, 99)
      path = folder + Lesson.twoDigits(next) + "-" + stem
    }
    guard Lesson.numberAndName(ofFile: path + ".md") != nil else {
      throw .badArguments(
        .expected(
          "a lesson name of lower-case words joined by dashes, optionally numbered (11-my-topic); '\(visible(stem, keepingLines: false))' is not one"
        ))
    }
    return path + ".md"
  }

  /// The template for the lesson at `path`, its transcripts as minirnn prints them now.
  static func text(path: String) -> String {
    let (_, name) = Lesson.numberAndName(ofFile: path)!
    let title = name.prefix(1).uppercased() + name.dropFirst().replacing("-", with: " ")
    let skeleton = """
      \(mark) A lesson is Markdown, read by minirnn and by GitHub alike.
      Lines like this one are notes for authors: minirnn does not show them. Lessons/README.md
      in minirnn's sources describes every part; 'minirnn check-lessons \(file(path))' checks
      this file as CI checks the lessons minirnn ships. -->

      # \(title)

      One or two sentences on what the learner will see: shown when the lesson starts.

      ## A first step (§1.3)

      <!-- A step is a '## ' heading; put the article's section in parentheses. The 'minirnn
      setup' block runs before the step is shown: the learner does not type it. -->

      ```minirnn setup
      minirnn> set w1 0.5
      minirnn> set w2 0.4
      minirnn> set w3 1.5
      minirnn> input 0 0.5 0.25
      minirnn> target 1
      ```

      Say what the learner is about to do and why. A number in the prose can follow the
      learner's model: here w₃ = 1.5<!-- =w3 -->, and it changes if they set w3.

      <!-- A 'minirnn' block is what the learner types, with what minirnn prints. check-lessons
      compares the output, so write the commands and record the output with minirnn. -->

      ```minirnn
      minirnn> forward
      ```

      <!-- The answer is a name 'print' knows: it is computed from the learner's session,
      never written here. To ask for a derivation instead, write formula `w3*h[3]` for `yhat`
      (see Lessons/README.md). The last hint should lead to the answer. -->

      > **Question:** What is ŷ after the forward pass?
      > **Answer:** `yhat`
      > **Hint:** Eq. 2 makes ŷ from the last hidden state.
      > **Hint:** Multiply w₃ by h₃.
      > **Why:** ŷ = w₃·h₃ (Eq. 2).

      ## Recap

      - One line per idea the learner should keep: two to five of them.
      - The recap is shown when the lesson ends; it is not a step.

      """
    // The transcripts' output, as minirnn prints it; a template that cannot be recorded is
    // a bug in minirnn, and its text is still a start.
    guard let recorded = try? recordLessonTranscripts(path: path, text: skeleton) else {
      return skeleton
    }
    return recorded.hasSuffix("\n") ? recorded : recorded + "\n"
  }

  /// The file name alone, for the note.
  private static func file(_ path: String) -> String {
    path.split(separator: "/").last.map(String.init) ?? path
  }
}

extension Session {
  /// `lesson new NAME [--force]`: writes the template, and says what to do with it.
  func writeLessonTemplate(_ args: [String]) throws(CommandError) -> String {
    let words = args.filter { $0 != "--force" }
    guard words.count == 1 else {
      throw .badArguments(.expected("'lesson new NAME', then optionally --force"))
    }
    let path = try LessonTemplate.path(for: words[0], after: lessonBook.lessons.map(\.number))
    let replaced = try LessonTemplate.write(
      to: path, force: args.contains("--force"), files: files)
    let shown = visible(path, keepingLines: false)
    return wrapMarkdown(
      "\(replaced ? "replaced" : "wrote") \(shown): a lesson to write, with a note at each part; 'minirnn check-lessons \(shown)' checks it, and MINIRNN_LESSONS=FOLDER makes minirnn read the lessons in FOLDER"
    )
  }
}
