import XCTest

@testable import Tutor

/// Every lesson step's screen at a terminal of 80×24: cut into pages minirnn shows itself,
/// with the question and the commands to type on the screen the step ends on.
final class LessonScreenFitTests: XCTestCase {
  /// What entering each step prints (`lesson N`, then `goto K`), at 80×24.
  private func stepScreens() throws -> [(id: String, k: Int, step: LessonStep, text: String)] {
    var session = try ShippedLessons.session()
    session.traits = TerminalTraits(isInteractive: true, color: false, unicode: true, width: 80)
    var screens: [(String, Int, LessonStep, String)] = []
    for lesson in session.installedLessons {
      for k in 1...lesson.steps.count {
        let result = session.execute(k == 1 ? "lesson \(lesson.number)" : "goto \(k)")
        XCTAssertNil(result.error, "\(lesson.id) step \(k)")
        screens.append((lesson.id, k, lesson.steps[k - 1], result.output))
      }
      _ = session.execute("lesson end")
    }
    return screens
  }

  func testEveryStepEndsOnAScreenWithItsQuestionAndCommands() throws {
    let screens = try stepScreens()
    XCTAssertEqual(screens.count, 75)
    var tall = 0
    var hiddenOnFirstPage = 0
    for (id, k, step, text) in screens {
      let pages = ScreenPages.pages(text, rows: 24, columns: 80)
      XCTAssertEqual(pages.joined(), text, "\(id) step \(k): the pages are the whole screen")
      for page in pages {
        let rows = page.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        XCTAssertLessThanOrEqual(rows.count, 23, "\(id) step \(k)")
        for row in rows { XCTAssertLessThanOrEqual(TextLayout.columns(row), 80, "\(id) \(k): \(row)") }
      }
      let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
      let lastScreen = lines.suffix(23).joined(separator: "\n")
      let firstScreen = lines.prefix(23).joined(separator: "\n")
      var wanted = step.commands.map { "minirnn> \($0.command)" }
      if step.question != nil { wanted.append("Question: ") }
      for line in wanted {
        XCTAssertTrue(lastScreen.contains(line), "\(id) step \(k) ends without '\(line)'")
      }
      if pages.count > 1 {
        tall += 1
        if wanted.contains(where: { !firstScreen.contains($0) }) { hiddenOnFirstPage += 1 }
      }
    }
    // Measured: these steps are taller than 80×24 and continue at minirnn's prompt (they
    // opened `less` before); on the ones counted second, the first page alone would not show
    // the question or a command.
    print(
      "lesson steps taller than 80x24: \(tall) of \(screens.count); \(hiddenOnFirstPage) hide the question or a command on their first page"
    )
    XCTAssertGreaterThan(tall, 0)
  }

  func testATallStepRepeatsItsQuestionAndCommandsAtItsEnd() throws {
    let prose = (1...30).map { "Paragraph \($0) of a long explanation.\n" }.joined(separator: "\n")
    let file = """
      # Tall

      ## A step with its question at the top (§2.5)

      ```minirnn
      minirnn> forward
      ...
      ```

      > **Question:** What is ŷ?
      > **Answer:** `yhat`
      > **Hint:** Eq. 2.
      > **Hint:** w₃·h₂.

      \(prose)
      """
    var session = Session(
      traits: TerminalTraits(isInteractive: true, color: false, unicode: true, width: 80))
    XCTAssertEqual(session.installLessons([("Lessons/42-tall.md", file)]), [])
    let text = session.must("lesson 42")
    let lastScreen = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
      .suffix(23).joined(separator: "\n")
    XCTAssertTrue(lastScreen.contains("Question: What is ŷ?"), text)
    XCTAssertTrue(lastScreen.contains("minirnn> forward"), text)
    XCTAssertTrue(lastScreen.contains("end of step 1 of 1"), text)
    // Once only where it fits.
    session.traits.height = 100
    let short = session.must("where")
    XCTAssertEqual(short.components(separatedBy: "Question: What is ŷ?").count, 2, short)
  }

  func testPagesFollowTheTerminalAndWrapLongLines() {
    let text = (1...50).map { "line \($0)\n" }.joined()
    XCTAssertEqual(
      ScreenPages.pages(text, rows: 24, columns: 80).map { $0.split(separator: "\n").count },
      [23, 23, 4])
    XCTAssertEqual(ScreenPages.pages(text, rows: 60, columns: 80), [text])
    // A line of 200 columns takes 3 rows at 80 columns.
    let wide = String(repeating: "x", count: 200) + "\n"
    XCTAssertEqual(
      ScreenPages.pages(String(repeating: wide, count: 8), rows: 24, columns: 80).count, 2)
    let pages = ScreenPages.pages(text, rows: 24, columns: 80)
    XCTAssertEqual(
      ScreenPages.prompt(remaining: Array(pages.dropFirst())),
      "(Enter: 27 more lines; or type a command) ")
  }
}

/// Pictures a lesson shows fit the terminal: `flow` in lessons 08 and 10 (30 timesteps).
final class LessonPictureFitTests: XCTestCase {
  /// The session at the start of the lesson's step whose commands end with `flow`, the
  /// commands before `flow` typed, at a terminal of 80×24.
  private func atFlow(lesson number: Int) throws -> Session {
    var session = try ShippedLessons.session()
    session.traits = TerminalTraits(isInteractive: true, color: false, unicode: true, width: 80)
    session.must("lesson \(number)")
    let lesson = session.installedLessons.first { $0.number == number }!
    let k = try XCTUnwrap(lesson.steps.firstIndex { $0.commands.contains { $0.command == "flow" } })
    session.must("goto \(k + 1)")
    for command in lesson.steps[k].commands.prefix(while: { $0.command != "flow" }) {
      session.must(command.command)
    }
    return session
  }

  func testFlowInALessonFitsTheTerminalAndFlowAllShowsEveryRow() throws {
    for number in [8, 10] {
      var session = try atFlow(lesson: number)
      let fitted = session.must("flow")
      let rows = ScreenPages.rows(fitted, columns: 80)
      XCTAssertLessThanOrEqual(rows, 23, "lesson \(number):\n\(fitted)")
      XCTAssertTrue(fitted.contains("'flow all' shows them all"), fitted)
      // Every row, as a script (which never elides) shows it.
      let all = session.must("flow all")
      var script = session
      script.traits = .script
      XCTAssertEqual(all, TextLayout.wrapLongLines(script.must("flow"), width: 80), "lesson \(number)")
      XCTAssertGreaterThan(ScreenPages.rows(all, columns: 80), 30)
      // The rows shown are the first and last of the full table, with the skipped count.
      let fittedLines = fitted.split(separator: "\n").map(String.init)
      let allLines = all.split(separator: "\n").map(String.init)
      let kept = fittedLines.filter { allLines.contains($0) }
      XCTAssertEqual(kept.count, fittedLines.count - 1, fitted)
    }
  }
}
