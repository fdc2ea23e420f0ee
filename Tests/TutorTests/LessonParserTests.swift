import XCTest

@testable import Tutor

final class LessonParserTests: XCTestCase {
  /// The error parsing `text` as `Lessons/09-try.md` gives, as a string.
  func parseError(_ text: String, path: String = "Lessons/09-try.md") -> String {
    do {
      _ = try Lesson(path: path, text: text)
      return "parsed"
    } catch {
      return error.description
    }
  }

  /// A lesson with one step whose body is `body`.
  func lesson(_ body: String) -> String {
    "# Try\n\n## A step (§2.5)\n\n" + body
  }

  func testAWellFormedLessonParsesIntoStepsTranscriptsAndAQuestion() throws {
    let text = """
      # Trying it

      An introduction.

      ## First (§1.3, Eq. 3)

      Some prose
      over two lines.

      ```minirnn setup
      minirnn> set w1 0.5
      w1 = 0.5
      ```

      ```minirnn
      minirnn> step
      line one
      minirnn> states
      ```

      > **Question:** What is h₁?
      > **Answer:** `h[1]` within 1%
      > **Hint:** Eq. 3.
      > **Hint:** Twice.
      > **Why:** Because.

      <!-- a note for teachers,
      over two lines -->

      ## Second (§2.1–2.4)

      > **Done when:** forward complete and `w1.g is nonzero`

      """
    let lesson = try Lesson(path: "Lessons/09-trying-it.md", text: text)
    XCTAssertEqual(lesson.number, 9)
    XCTAssertEqual(lesson.name, "trying-it")
    XCTAssertEqual(lesson.id, "09-trying-it")
    XCTAssertEqual(lesson.title, "Trying it")
    XCTAssertEqual(lesson.intro, [.prose("An introduction.")])
    XCTAssertEqual(lesson.steps.count, 2)
    let first = lesson.steps[0]
    XCTAssertEqual(first.line, 5)
    XCTAssertEqual(first.citations, ["1.3", "Eq. 3"])
    XCTAssertEqual(
      first.setup, [TranscriptCommand(line: 11, command: "set w1 0.5", expected: ["w1 = 0.5"])])
    XCTAssertEqual(
      first.commands,
      [
        TranscriptCommand(line: 16, command: "step", expected: ["line one"]),
        TranscriptCommand(line: 18, command: "states", expected: []),
      ])
    XCTAssertEqual(
      first.question,
      LessonQuestion(
        line: 21, text: "What is h₁?", answer: .number(.hidden(1), .relative(0.01)),
        choices: [], why: "Because."))
    XCTAssertEqual(first.hints, ["Eq. 3.", "Twice."])
    XCTAssertEqual(
      first.blocks.map {
        if case .prose = $0 { "prose" } else { "\($0)".prefix { $0 != "(" } + "" }
      },
      ["prose", "setup", "transcript", "question"])
    let second = lesson.steps[1]
    XCTAssertEqual(second.citations, ["2.1", "2.2", "2.3", "2.4"])
    XCTAssertEqual(second.doneWhen, [.forwardComplete, .quantity(.printable("w1.g"), .nonzero)])
    XCTAssertEqual(second.doneWhenLine, 32)
  }

  func testCitationsReadSectionsEquationsAndRanges() {
    XCTAssertEqual(LessonParserCitations.of("Title (§2.5)"), ["2.5"])
    XCTAssertEqual(LessonParserCitations.of("Eq. 1–3 and §4"), ["Eq. 1", "Eq. 2", "Eq. 3", "4"])
    XCTAssertEqual(LessonParserCitations.of("The list (§2–§3)"), ["2", "3"])
    XCTAssertEqual(LessonParserCitations.of("At the end (§3.)"), ["3"])
    XCTAssertEqual(LessonParserCitations.of("No citation, Eq. x"), [])
  }

  func testEveryKindOfMistakeNamesTheFileAndLine() {
    XCTAssertEqual(
      parseError("# T\n", path: "Lessons/3-bptt.md"),
      "Lessons/3-bptt.md: a lesson file is named NN-name.md (two digits, a dash, lower-case words joined by dashes), e.g. 03-bptt.md"
    )
    XCTAssertEqual(
      parseError("Prose first.\n"), "Lessons/09-try.md:1: a lesson starts with a '# Title' line")
    XCTAssertEqual(
      parseError("# T\n\nIntro.\n"),
      "Lessons/09-try.md:4: the lesson has no steps; each step is a '## Title (§N)' heading")
    XCTAssertEqual(
      parseError("# T\n\n## No citation\n"),
      "Lessons/09-try.md:3: the step 'No citation' cites no part of the article; put a section (§2.5) or an equation (Eq. 3) in its heading"
    )
    XCTAssertEqual(
      parseError("# T\n# U\n"),
      "Lessons/09-try.md:2: a lesson has one '# Title'; steps are '## Title (§N)' headings")
    XCTAssertEqual(
      parseError(lesson("```minirnn\nminirnn> step\n")),
      "Lessons/09-try.md:5: this ``` block is never closed")
    XCTAssertEqual(
      parseError(lesson("```minirnn\nminirnn> save /tmp/x\n```\n")),
      "Lessons/09-try.md:6: 'save' cannot run in a lesson: lessons do not touch files, leave minirnn or start other lessons"
    )
    for command in ["load x", "quit", "lesson 2", "next", "answer 1"] {
      XCTAssertTrue(
        parseError(lesson("```minirnn\nminirnn> \(command)\n```\n")).hasPrefix(
          "Lessons/09-try.md:6: '"),
        command)
    }
    XCTAssertEqual(
      parseError(lesson("```minirnn\nminirnn> forwrd\n```\n")),
      "Lessons/09-try.md:6: unknown command 'forwrd' — did you mean 'forward'? ('help' lists all)")
    XCTAssertEqual(
      parseError(lesson("```minirnn\nminirnn> step; step\n```\n")),
      "Lessons/09-try.md:6: one command per line in a lesson: no ';' or '#'")
    XCTAssertEqual(
      parseError(lesson("```minirnn\noutput first\n```\n")),
      "Lessons/09-try.md:6: a transcript starts with a 'minirnn> COMMAND' line")
    XCTAssertEqual(
      parseError(lesson("```minirnn nonsense\n```\n")),
      "Lessons/09-try.md:5: unknown block '```minirnn nonsense'; a transcript is '```minirnn', a setup '```minirnn setup'"
    )
    XCTAssertEqual(
      parseError(lesson("> **Question:** Why?\n")),
      "Lessons/09-try.md:5: this question has no 'Answer:'")
    XCTAssertEqual(
      parseError(lesson("> **Question:** h?\n> **Answer:** `h[1]`\n> **Mistake:** h[0]\n")),
      "Lessons/09-try.md:7: a mistake is `EXPRESSION` and then what it tells the learner, e.g. `h[3]`: w₃ is left out"
    )
    XCTAssertEqual(
      parseError(lesson("> **Question:** h?\n> **Answer:** `h[1]`\n> **Mistake:** `h[0]`\n")),
      "Lessons/09-try.md:7: after `h[0]` comes what the mistake tells the learner")
    XCTAssertEqual(
      parseError(lesson("> **Question:** h?\n> **Answer:** `h[1]`\n> **Mistake:** `h[0] +`: x\n")),
      "Lessons/09-try.md:7: Mistake: the expression ends too early at column 7 of `h[0] +`")
    XCTAssertEqual(
      parseError(
        lesson("> **Question:** Sure?\n> **Answer:** `w1 is zero`\n> **Mistake:** `w1`: x\n")),
      "Lessons/09-try.md:7: 'Mistake:' names a wrong number, so it needs a number question")
    XCTAssertEqual(
      parseError(lesson("> **Mistake:** `w1`: x\n")),
      "Lessons/09-try.md:5: 'Mistake:' without a 'Question:' in this step")
    XCTAssertEqual(
      parseError(lesson("> **Question:** h?\n> **Answer:** `h[1]` within lots\n")),
      "Lessons/09-try.md:6: the tolerance 'within lots' is not a positive number like 0.001 or 1%")
    XCTAssertEqual(LessonQuantity("h[0]"), .hidden(0))
    XCTAssertEqual(LessonQuantity("dL/dh[0]"), .hiddenGradient(0))
    XCTAssertEqual(LessonQuantity("relu'[2]"), .reluPrime(2))
    XCTAssertNil(LessonQuantity("a[0]"), "there is no a₀")
    XCTAssertNil(LessonQuantity("w1term[0]"))
    XCTAssertNil(LessonQuantity("h[-1]"))
    XCTAssertTrue(
      parseError(lesson("> **Question:** h?\n> **Answer:** `q[1]` within 0.1\n"))
        .hasPrefix("Lessons/09-try.md:6: unknown name 'q[1]'; accepted: w1, w2"))
    XCTAssertEqual(
      parseError(lesson("> **Question:** h?\n> **Answer:** b\n")),
      "Lessons/09-try.md:6: 'b' is not a computed answer (`NAME` within 0.001, sign of `NAME`, `CONDITION`), so the step needs 'Choices:'"
    )
    XCTAssertEqual(
      parseError(lesson("> **Question:** h?\n> **Choices:** a | b\n> **Answer:** c\n")),
      "Lessons/09-try.md:7: the answer 'c' is not one of the choices a | b")
    XCTAssertEqual(
      parseError(
        lesson("> **Question:** h?\n> **Choices:** a | b\n> **Answer:** sign of `w1.g`\n")),
      "Lessons/09-try.md:6: this answer is one of positive | negative | zero; list those or leave 'Choices:' out"
    )
    XCTAssertEqual(
      parseError(lesson("> **Answer:** `h[1]` within 0.1\n")),
      "Lessons/09-try.md:5: 'Answer:' without a 'Question:'")
    XCTAssertEqual(
      parseError(
        lesson("> **Question:** a?\n> **Answer:** `h[1]` within 0.1\n\n> **Question:** b?\n")),
      "Lessons/09-try.md:8: a step has at most one 'Question:'; split the step in two")
    XCTAssertTrue(
      parseError(lesson("> **Done when:** forward finished\n"))
        .hasPrefix(
          "Lessons/09-try.md:5: Done when: cannot read the condition 'forward finished'; accepted forms: forward complete"
        ))
    XCTAssertEqual(
      parseError(lesson("> **Done when:** w1 is bigger\n")),
      "Lessons/09-try.md:5: Done when: 'w1 is bigger': a name can be nonzero, zero, changed, unchanged, higher, lower"
    )
    XCTAssertEqual(
      parseError(lesson("<!-- never closed\n")),
      "Lessons/09-try.md:6: an HTML comment (<!--) is never closed")
  }

  func testInstallingKeepsTheGoodFilesAndReportsTheBadOnes() {
    var s = Session()
    let errors = s.installLessons([
      ("Lessons/README.md", "anything at all"),
      ("Lessons/01-a.md", "# A\n\n## S (§1)\n"),
      ("Lessons/01-b.md", "# B\n\n## S (§1)\n"),
      ("Lessons/02-c.md", "# C\n"),
    ])
    XCTAssertEqual(
      errors.map(\.description),
      [
        "Lessons/01-b.md: lesson number 01 is already used by Lessons/01-a.md",
        "Lessons/02-c.md:2: the lesson has no steps; each step is a '## Title (§N)' heading",
      ])
    XCTAssertEqual(s.installedLessons.map(\.id), ["01-a"])
  }
}

/// The citation reader, reachable from tests.
enum LessonParserCitations {
  static func of(_ heading: String) -> [String] {
    (try? Lesson(path: "Lessons/00-x.md", text: "# X\n\n## \(heading)\n"))?.steps.first?.citations
      ?? []
  }
}
