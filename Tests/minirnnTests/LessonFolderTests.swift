@preconcurrency import Glibc
import Testing

/// A two-step lesson for tests, with transcripts that hold whatever the article's defaults.
private let tinyLesson = """
  # Tiny lesson

  A lesson for tests.

  ## Set a weight (§1.1)

  ```minirnn
  minirnn> set w1 0.5
  w1 = 0.5
  ```

  ## Look at it (§1.2)

  ```minirnn
  minirnn> print w1
  w1 = 0.5
  ```

  """

/// Lessons as the executable finds them: `check-lessons`, `MINIRNN_LESSONS`, saved progress.
@Suite struct LessonFolderTests {
  @Test func shippedLessonsPassCheckLessons() throws {
    let result = try run([minirnnPath, "check-lessons"])
    #expect(result.status == 0, "stdout:\n\(result.stdout)\nstderr:\n\(result.stderr)")
    let last = try #require(result.stdoutLines.last)
    #expect(last.hasSuffix(" passed, 0 failed"))
    #expect((Int(last.prefix(while: \.isNumber)) ?? 0) > 0, "no check ran: \(last)")
  }

  @Test func checkLessonsReportsABrokenLesson() throws {
    let folder = try makeTemporaryFolder()
    defer { removeTree(folder) }
    try writeFile(folder + "/09-tiny.md", tinyLesson)
    let good = try run([minirnnPath, "check-lessons", folder])
    #expect(good.status == 0)
    #expect(good.stdout == "2 passed, 0 failed\n")

    try writeFile(folder + "/10-wrong.md", tinyLesson.replacing("w1 = 0.5", with: "w1 = 0.75"))
    let bad = try run([minirnnPath, "check-lessons"], environment: ["MINIRNN_LESSONS": folder])
    #expect(bad.status == 1)
    #expect(bad.stdout.contains("10-wrong.md:"), "stdout:\n\(bad.stdout)")
    #expect(bad.stdoutLines.last == "2 passed, 2 failed")

    let missing = try run([minirnnPath, "check-lessons", folder + "/missing"])
    #expect(missing.status == 1)
    #expect(missing.stderr.contains("cannot read the lessons folder"))
  }

  /// A teacher's round: `lesson new` writes a lesson that passes `check-lessons FILE` as it
  /// is; a mistake in it is reported at its file and line.
  @Test func aNewLessonPassesCheckLessonsAndAMistakeIsPlaced() throws {
    let folder = try makeTemporaryFolder()
    defer { removeTree(folder) }
    let made = try run([minirnnPath, "-e", "lesson new \(folder)/my-topic"])
    #expect(made.status == 0, "stderr:\n\(made.stderr)")
    // Numbered after the lessons minirnn ships (00 to 12).
    let file = folder + "/13-my-topic.md"
    let good = try run([minirnnPath, "check-lessons", file])
    #expect(good.status == 0, "stdout:\n\(good.stdout)\nstderr:\n\(good.stderr)")
    #expect(good.stdoutLines.last?.hasSuffix(" passed, 0 failed") == true, "\(good.stdout)")

    let text = String(decoding: try #require(readFile(file)), as: UTF8.self)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    let live = try #require(lines.firstIndex { $0.contains("1.5<!-- =w3 -->") })
    // The paragraph holding the live value starts on the line before it: 1-based, that is
    // the live line's 0-based index.
    let paragraph = live
    try writeFile(file, text.replacing("1.5<!-- =w3 -->", with: "2<!-- =w3 -->"))
    let bad = try run([minirnnPath, "check-lessons", file])
    #expect(bad.status == 1)
    #expect(
      bad.stdout.contains(
        "13-my-topic.md:\(paragraph): the live value '2<!-- =w3 -->' is 1.5 in the lesson's own session; write 1.5"
      ), "stdout:\n\(bad.stdout)")

    let again = try run([minirnnPath, "-e", "lesson new \(folder)/13-my-topic"])
    #expect(again.status == 1)
    #expect(again.stderr.contains("exists and may hold your writing"), "\(again.stderr)")
    let kept = String(decoding: try #require(readFile(file)), as: UTF8.self)
    #expect(kept.contains("2<!-- =w3 -->"), "the edited file is kept")
  }

  @Test func scriptsSeeTheLessonsOfMINIRNN_LESSONS() throws {
    let folder = try makeTemporaryFolder()
    defer { removeTree(folder) }
    try writeFile(folder + "/09-tiny.md", tinyLesson)
    let result = try run(
      [minirnnPath, "-e", "lessons"], environment: ["MINIRNN_LESSONS": folder, "LC_ALL": "C.UTF-8"])
    #expect(result.status == 0)
    #expect(result.stdoutLines.contains { $0.contains("09") && $0.contains("Tiny lesson") })
  }

  /// The prompt keeps lesson progress in the state folder; the next run resumes from it.
  @Test func progressSurvivesQuitting() throws {
    let home = try makeTemporaryFolder()
    defer { removeTree(home) }
    let folder = home + "/lessons"
    try #require(mkdir(folder, 0o700) == 0)
    try writeFile(folder + "/09-tiny.md", tinyLesson)
    let environment = environmentEntries(with: [
      "HOME": home, "XDG_STATE_HOME": nil, "TERM": "xterm", "LC_ALL": "C.UTF-8",
      "MINIRNN_LESSONS": folder,
    ])

    let first = try PseudoTerminal([minirnnPath], environment: environment)
    try #require(first.waitForPrompt(after: 0), "output:\n\(first.text)")
    var mark = first.output.count
    first.send("lesson 9\r")
    try #require(first.wait(for: "Tiny lesson", after: mark), "output:\n\(first.text)")
    try #require(first.waitForPrompt(after: mark))
    mark = first.output.count
    first.send("set w1 0.5\r")
    try #require(first.wait(for: "done", after: mark), "output:\n\(first.text)")
    try #require(first.waitForPrompt(after: mark))
    first.send("quit\r")
    #expect(first.waitForExit() == 0)

    let saved = try #require(readFile(home + "/.local/state/minirnn/lesson-progress"))
    let text = String(decoding: saved, as: UTF8.self)
    #expect(text.contains("current 09-tiny"), "progress file:\n\(text)")
    #expect(text.contains("lesson 09-tiny step 1 done 1"), "progress file:\n\(text)")

    let second = try PseudoTerminal([minirnnPath], environment: environment)
    try #require(second.waitForPrompt(after: 0), "output:\n\(second.text)")
    mark = second.output.count
    second.send("lessons\r")
    #expect(second.wait(for: "step 1 of 2, 1 done", after: mark), "output:\n\(second.text)")
    try #require(second.waitForPrompt(after: mark))
    second.send("\u{04}")
    #expect(second.waitForExit() == 0)
  }
}
