import XCTest

@testable import Tutor

/// Lessons are written and shared by teachers, so a lesson file is untrusted input.
final class HostileLessonTests: XCTestCase {
  /// A lesson of `count` steps; step k's setup sets w1 to k.
  static func longLesson(_ count: Int) -> String {
    var text = "# Many steps\n\n"
    for k in 1...count {
      text += "## Step \(k) (§1)\n\n```minirnn setup\nminirnn> set w1 \(k)\nw1 = \(k).0\n```\n\n"
    }
    return text
  }

  static func session(with lessons: [(path: String, text: String)]) -> Session {
    var session = Session()
    XCTAssertEqual(session.installLessons(lessons), [])
    return session
  }

  func testGotoTheLastStepOfATenThousandStepLesson() {
    let count = Limits.lessonSteps
    var s = Self.session(with: [("01-long.md", Self.longLesson(count))])
    ok(&s, "lesson 1")
    let out = ok(&s, "goto \(count)")
    XCTAssertTrue(out.contains("step \(Parse.grouped(count)) of") || out.contains("step \(count) of"), out)
    XCTAssertEqual(s.state.model.weights.w1, Double(count), "the last step's setup ran")
    ok(&s, "prev")
    XCTAssertEqual(s.state.model.weights.w1, Double(count - 1))
  }

  func testALessonPastTheStepLimitIsRefusedSayingWhy() {
    var session = Session()
    let errors = session.installLessons([("01-long.md", Self.longLesson(Limits.lessonSteps + 1))])
    XCTAssertEqual(errors.count, 1)
    XCTAssertTrue(
      errors.first?.message.contains("at most \(Parse.grouped(Limits.lessonSteps)) steps") ?? false,
      "\(errors)")
  }

  func testCtrlCDuringALongLessonReplayChangesNothing() {
    var s = Self.session(with: [("01-long.md", Self.longLesson(500))])
    ok(&s, "lesson 1")
    let before = s.state
    let polls = Counter()
    let hooks = Hooks(shouldStop: { polls.next() > 100 })
    let result = s.execute("goto 500", hooks: hooks)
    XCTAssertEqual(
      result.error, "interrupted while the lesson replayed its steps up to step 500; nothing changed")
    XCTAssertEqual(s.state, before)
    XCTAssertEqual(s.lessonBook.run?.step, 0, "still at step 1")
    XCTAssertEqual(s.lessonBook.run?.entries.compactMap { $0 }.count, 1, "nothing half-cached")
  }

  /// A step whose live words stand before a command that trains for `epochs` epochs: showing
  /// the step replays that training to compute them.
  static func liveLesson(epochs: Int) -> String {
    """
    # Live before a long train

    ## Train (§3)

    ```minirnn setup
    minirnn> set w3 1.5
    w3 = 1.5
    ```

    Here w₃ = 1.5<!-- =w3 --> before training.

    ```minirnn
    minirnn> train \(epochs)
    ...
    ```

    """
  }

  /// The lessons fuzzer timed out here: entering a step replayed a lesson's `train
  /// 1000000000` for its live words with Ctrl-C unheard. Ctrl-C now stops it and changes
  /// nothing.
  func testCtrlCStopsTheLiveReplayOfAStepAndChangesNothing() {
    var s = Self.session(with: [("01-live.md", Self.liveLesson(epochs: 1_000_000_000))])
    let before = s.state
    let polls = Counter()
    let result = s.execute("lesson 1", hooks: Hooks(shouldStop: { polls.next() > 10 }))
    XCTAssertEqual(
      result.error, "interrupted while the lesson replayed its steps up to step 1; nothing changed")
    XCTAssertNil(s.lessonBook.run, "the lesson did not start")
    XCTAssertEqual(s.state, before)
  }

  func testCtrlCWhileAStepIsShownAgainOrItsWordsFollowAChange() {
    var s = Self.session(with: [("01-live.md", Self.liveLesson(epochs: 2_000))])
    XCTAssertTrue(ok(&s, "lesson 1").contains("Here w₃ = 1.5 before training."))
    let stop = Hooks(shouldStop: { true })
    XCTAssertEqual(
      s.execute("where", hooks: stop).error,
      "interrupted while the lesson replayed its steps up to step 1; nothing changed")
    // The change itself is made; the words that follow it are not recomputed, and it says so.
    let changed = s.execute("set w3 2", hooks: stop)
    XCTAssertNil(changed.error)
    XCTAssertEqual(s.state.model.weights.w3, 2)
    XCTAssertTrue(
      changed.output.contains("interrupted: the step's words were not recomputed"), changed.output)
    XCTAssertFalse(changed.output.contains("Here w₃"), changed.output)
    // Without Ctrl-C they follow the learner.
    let followed = s.execute("set w3 2.5", hooks: Hooks(shouldStop: { false }))
    XCTAssertTrue(followed.output.contains("Here w₃ = 2.5 before training."), followed.output)
  }
}

/// Counts calls, for hooks that stop after a number of polls.
final class Counter: @unchecked Sendable {
  private var count = 0
  private let lock = NSLock()
  func next() -> Int {
    lock.lock()
    defer { lock.unlock() }
    count += 1
    return count
  }
}

final class CRLFTests: XCTestCase {
  func testEveryShippedLessonReadsTheSameWithCRLFLineEnds() throws {
    for file in try ShippedLessons.files() {
      let lf = try Lesson(path: file.path, text: file.text)
      let crlf = try Lesson(
        path: file.path, text: file.text.replacingOccurrences(of: "\n", with: "\r\n"))
      XCTAssertEqual(crlf, lf, file.path)
    }
  }

  func testScriptsSplitAtCRLF() {
    let lf = numberedCommands("set w1 2\n\nprint w1 # x\n", numbering: .lines)
    XCTAssertEqual(lf.map(\.number), [1, 3])
    XCTAssertEqual(numberedCommands("set w1 2\r\n\r\nprint w1 # x\r\n", numbering: .lines), lf)
    XCTAssertEqual(splitLines("a\r\nb\nc"), ["a", "b", "c"])
  }

  func testLessonProgressWithCRLFLineEnds() {
    var problems: [String] = []
    let progress = LessonProgress(
      text: "current 03-bptt\r\nlesson 03-bptt step 2\r\n", problems: &problems)
    XCTAssertEqual(problems, [])
    XCTAssertEqual(progress.current, "03-bptt")
  }
}

final class ControlCharacterTests: XCTestCase {
  static let osc0 = "\u{1B}]0;pwned\u{7}"
  static let osc52 = "\u{1B}]52;c;ZWNobyBoaQ==\u{7}"
  static let clear = "\u{1B}[2J"
  static let csi = "\u{9B}31m"

  /// True when `text` holds a control character other than newline and tab.
  static func hasControl(_ text: String) -> Bool {
    text.unicodeScalars.contains { s in
      (s.value < 0x20 && s != "\n" && s != "\t") || (0x7F..<0xA0).contains(s.value)
    }
  }

  func testVisibleUsesCaretNotation() {
    XCTAssertEqual(visible("a\u{1B}[2Jb\u{7}\u{7F}\u{9B}\tc\n"), "a^[[2Jb^G^?M-^[\tc\n")
    XCTAssertEqual(visible("a\tb\nc\r", keepingLines: false), "a^Ib^Jc^M")
    XCTAssertEqual(visible("ŷ ∂L/∂w₁ ✓"), "ŷ ∂L/∂w₁ ✓", "printable Unicode is left alone")
    XCTAssertEqual(shown(String(repeating: "\u{1B}", count: 50)), String(repeating: "^[", count: 40) + "…")
  }

  /// Every piece of a hostile lesson a learner can see: its title in `lessons`, the
  /// intro, a step's title, prose, a code block, a question, hints and the answer.
  func testAHostileLessonCannotDriveTheTerminal() {
    let lesson = """
      # Title \(Self.osc0)

      Intro \(Self.osc52)

      ## Step \(Self.csi) (§1)

      Prose \(Self.clear) here.

      ```
      code \(Self.osc0)
      ```

      ```minirnn
      minirnn> print w1
      w1 = 0.5
      ```

      > **Question:** What is w1 \(Self.clear)?
      > **Answer:** `w1` within 0.1
      > **Hint:** hint \(Self.osc52)
      > **Why:** why \(Self.osc0)

      """
    var s = Session()
    XCTAssertEqual(s.installLessons([("01-evil.md", lesson)]), [])
    var seen = ""
    for command in ["lessons", "lesson 1", "where", "hint", "hint", "answer 7", "print w1", "next"] {
      let result = s.execute(command)
      seen += result.output + (result.error ?? "")
    }
    XCTAssertFalse(Self.hasControl(seen), seen.debugDescription)
    XCTAssertTrue(seen.contains("Title ^[]0;pwned^G"), seen)
    XCTAssertTrue(seen.contains("M-^[31m"), seen)
    s.traits.color = true
    let coloured = s.execute("where").output
    XCTAssertFalse(coloured.contains("]0;pwned\u{7}"), "not even with colour on")
  }

  func testFileNamesAndEchoedTextInMessagesAreVisible() {
    let evil = "x\(Self.osc0)"
    var s = Session(files: MemoryFiles([evil: "set w1 1\n\(Self.clear)\n"], failing: ["y\(Self.clear)"]))
    for command in ["save y\(Self.clear)", "load \(evil)", "load z\(Self.osc52)", "undisplay \(Self.osc0)"] {
      let result = s.execute(command)
      XCTAssertNotNil(result.error, command.debugDescription)
      XCTAssertFalse(Self.hasControl(result.error ?? ""), (result.error ?? "").debugDescription)
      XCTAssertTrue((result.error ?? "").contains("^["), (result.error ?? "").debugDescription)
    }
    var t = Session(files: MemoryFiles())
    let saved = t.execute("save \(evil)").output
    XCTAssertEqual(saved, "saved to x^[]0;pwned^G\n")
  }

  func testLessonErrorsNameAHostileFileVisibly() {
    var s = Session()
    let errors = s.installLessons([("Lessons/\(Self.osc0).md", "# x\n")])
    XCTAssertEqual(errors.count, 1)
    XCTAssertFalse(Self.hasControl(errors[0].description), errors[0].description)
  }
}

final class CancellationTests: XCTestCase {
  func testCtrlCDropsTheRestOfTheLineEvenAfterATrainItStopped() {
    var s = Session()
    let before = s.state.model.weights.w1
    let polls = Counter()
    let results = s.run(line: "train 1000000; set w1 5", hooks: Hooks(shouldStop: { polls.next() > 3 }))
    XCTAssertEqual(results.count, 1, "only train ran")
    XCTAssertNil(results[0].error)
    XCTAssertNotEqual(s.state.model.weights.w1, 5)
    XCTAssertNotEqual(s.state.model.weights.w1, before, "train ran until it was stopped")
  }

  func testCtrlCStopsALandscapeOnALargeDataSetAndChangesNothing() {
    var s = Session()
    s.must("input " + (0..<2_000).map { "0.\($0 % 10)" }.joined(separator: " ") + "; target 1")
    s.must("data custom; data add; data add")
    let before = s.state
    let polls = Counter()
    let result = s.execute("landscape", hooks: Hooks(shouldStop: { polls.next() > 20 }))
    XCTAssertEqual(result.error, "landscape: interrupted; nothing was drawn")
    XCTAssertEqual(s.state, before)
    XCTAssertNil(s.lastPicture, "export svg has no picture to redraw")
    XCTAssertEqual(polls.next(), 22, "it stopped at the first poll that said so")
  }
}

extension CancellationTests {
  /// Found by the lesson fuzzer: a step whose commands train for a long time made `hint`
  /// and `answer` replay that training with no way to stop it.
  func testCtrlCStopsTheReplayBehindAHintOrAnAnswer() {
    let lesson = """
      # Long

      ## Train (§3)

      ```minirnn
      minirnn> train 1000000000
      ...
      ```

      > **Question:** What is w1 after that?
      > **Answer:** `w1` within 0.1

      """
    var s = HostileLessonTests.session(with: [("01-long.md", lesson)])
    ok(&s, "lesson 1")
    let before = s.state
    for command in ["hint", "answer 0.5"] {
      let polls = Counter()
      let result = s.execute(command, hooks: Hooks(shouldStop: { polls.next() > 50 }))
      XCTAssertEqual(
        result.error, "interrupted while the lesson computed its answer; nothing changed", command)
      XCTAssertEqual(s.state, before)
    }
  }
}

extension HostileLessonTests {
  /// Found by the lesson fuzzer: a heading citing `§1-375000000001` asked for an array of
  /// 375 billion section numbers. A long range keeps its two ends.
  func testAHugeCitedRangeKeepsItsEnds() throws {
    let lesson = try Lesson(
      path: "01-wide.md", text: "# Wide\n\n## Step (§1-375000000001, Eq. 2–4)\n\nText.\n")
    XCTAssertEqual(lesson.steps[0].citations, ["1", "375000000001", "Eq. 2", "Eq. 3", "Eq. 4"])
  }
}

/// `lesson new NAME`: a template an author starts from, which passes `check-lessons`.
final class LessonTemplateTests: XCTestCase {
  func testTheTemplatePassesCheckLessonsAsWritten() throws {
    let files = MemoryFiles()
    var s = Session(files: files)
    let out = ok(&s, "lesson new my-topic")
    XCTAssertTrue(out.hasPrefix("wrote 00-my-topic.md:"), out)
    let text = try XCTUnwrap(files["00-my-topic.md"])
    let report = checkLessons([("00-my-topic.md", text)])
    XCTAssertEqual(report.failed, 0, report.text)
    XCTAssertGreaterThan(report.passed, 3, report.text)
    // Its transcripts hold what minirnn prints: `forward`'s output was recorded.
    var fresh = Session()
    fresh.must("set w1 0.5; set w2 0.4; set w3 1.5; input 0 0.5 0.25; target 1")
    let forward = fresh.execute("forward").output
    XCTAssertTrue(text.contains(forward), text)
  }

  func testNamesAreNumberedAfterTheInstalledLessons() throws {
    let files = MemoryFiles()
    var s = HostileLessonTests.session(with: [
      ("03-a.md", HostileLessonTests.longLesson(1)), ("07-b.md", HostileLessonTests.longLesson(1)),
    ])
    s.files = files
    XCTAssertTrue(ok(&s, "lesson new dir/my-topic").hasPrefix("wrote dir/08-my-topic.md:"))
    XCTAssertTrue(ok(&s, "lesson new 12-mine.md").hasPrefix("wrote 12-mine.md:"))
    XCTAssertNotNil(files["12-mine.md"])
  }

  func testAnExistingFileIsKeptAndBadNamesAreRefused() throws {
    let files = MemoryFiles(["00-mine.md": "my own work\n"])
    var s = Session(files: files)
    let before = s.state
    XCTAssertEqual(
      s.execute("lesson new mine").error,
      "lesson new: '00-mine.md' exists and may hold your writing, so it is left as it is; choose another name, or add --force to replace it"
    )
    XCTAssertEqual(files["00-mine.md"], "my own work\n")
    for bad in ["My_Topic", "x.py", "-x", "12-"] {
      let error = s.execute("lesson new \(bad)").error ?? ""
      XCTAssertTrue(error.contains("is not one"), "\(bad): \(error)")
    }
    XCTAssertEqual(s.execute("lesson new").error.map { $0.contains("'lesson new NAME'") }, true)
    XCTAssertEqual(s.state, before)
    XCTAssertEqual(Array(files.files.keys), ["00-mine.md"], "nothing else written")
    XCTAssertTrue(ok(&s, "lesson new mine --force").hasPrefix("replaced 00-mine.md:"))
    XCTAssertNotEqual(files["00-mine.md"], "my own work\n")
  }
}
