import XCTest

@testable import Tutor

final class LessonCheckTests: XCTestCase {
  func testExpectedLinesMatchExactly() {
    XCTAssertNil(LessonChecker.firstDifference(["x = 1", "y"], ["x = 1", "y"]))
    XCTAssertEqual(LessonChecker.firstDifference(["x = ..."], ["x = 1"])?.0, 0, "no wildcard")
    XCTAssertEqual(LessonChecker.firstDifference(["exact"], ["exact "])?.0, 0)
    let longer = LessonChecker.firstDifference(["x = 1"], ["x = 1", "more"])
    XCTAssertEqual(longer?.0, 1)
    XCTAssertNil(longer?.1)
    XCTAssertEqual(longer?.2, "more")
  }

  func testAStaleQuestionOrDoneWhenIsAFailureWithItsLine() {
    let text = """
      # Checks

      ## Nothing to do (§1.3)

      > **Done when:** model is part2

      ## Not computable (§1.3)

      > **Question:** What is h₂?
      > **Answer:** `h[2]` within 0.1

      ## Never done (§1.3)

      ```minirnn
      minirnn> step
      t=1  h₁ = ReLU(w₁·x₁ + w₂·h₀)    Eq. 3
              = ReLU(1.8·0 + (−0.5)·0) = ReLU(0) = 0   (a₁ ≤ 0: ReLU cuts it to 0)
      ```

      > **Done when:** forward complete

      """
    let report = checkLessons([("Lessons/09-checks.md", text)])
    XCTAssertEqual(
      report.text,
      """
      Lessons/09-checks.md:5: 'Done when: model is part2' already holds when the step starts, so the learner has nothing to do
      Lessons/09-checks.md:9: this question has 0 'Hint:' lines; give at least 2 before the one minirnn adds with the answer
      Lessons/09-checks.md:9: the answer `h[2]` cannot be computed where the question stands in the step: h[2] is not computed yet: the forward pass is at t = 0; type 'step' or 'forward'
      Lessons/09-checks.md:20: after the step's commands, 'forward complete' does not hold, so a learner who types them is never done
      2 passed, 4 failed

      """)
  }

  func testAFileThatDoesNotParseIsOneFailureAndTheOthersStillRun() {
    let report = checkLessons([
      ("Lessons/README.md", "not a lesson"),
      ("Lessons/01-bad.md", "no title\n"),
      (
        "Lessons/02-good.md",
        "# Good\n\n## One (§1)\n\n```minirnn\nminirnn> print w1\nw1 = 1.8\n```\n"
      ),
    ])
    XCTAssertEqual(report.passed, 1)
    XCTAssertEqual(
      report.failures.map(\.description),
      ["Lessons/01-bad.md:1: a lesson starts with a '# Title' line"])
  }

  func testMissingAndExtraOutputLinesAreReportedAsNothing() {
    let text =
      "# T\n\n## S (§1)\n\n```minirnn\nminirnn> print w1\nw1 = 1.8\nextra\nminirnn> print w2\n```\n"
    let report = checkLessons([("Lessons/09-t.md", text)])
    XCTAssertEqual(
      report.failures.map(\.description),
      [
        "Lessons/09-t.md:8: 'print w1' printed something else\n  expected: \"extra\"\n  got:      (nothing)",
        "Lessons/09-t.md:10: 'print w2' printed something else\n  expected: (nothing)\n  got:      \"w2 = -0.5\"",
      ])
  }

  func testRecordingWritesWhatMinirnnPrints() throws {
    let text = """
      # T

      ## S (§3.1)

      ```minirnn
      minirnn> print w1
      w1 = 7
      minirnn> data slopes
      minirnn> train 10
      trained 10 epochs on slopes, lr = 0.001 — 30 sample steps in 0 s
      loss (mean over the last epoch): 0.0122424
      w1 = 1.8 → 1.79996
      w2 = -0.5 → -0.5
      w3 = 1.1 → 1.10008
      ```

      """
    let recorded = try recordLessonTranscripts(path: "Lessons/09-t.md", text: text)
    XCTAssertEqual(
      recorded,
      """
      # T

      ## S (§3.1)

      ```minirnn
      minirnn> print w1
      w1 = 1.8
      minirnn> data slopes
      data slopes: §3.1: rising, flat and falling series (3 samples)
      * sample 1: [0, 0.5] → 1
        sample 2: [0.5, 0.5] → 0.5
        sample 3: [1, 0.5] → 0
      minirnn> train 10
      trained 10 epochs on slopes, lr = 0.001 — 30 sample steps in 0 s
      loss (mean over the last epoch): 2.02409e-05
      loss at the final weights (mean over the 3 samples of slopes): 2.0186e-05
      w1 = 1.8 → 1.80007
      w2 = -0.5 → -0.499952
      w3 = 1.1 → 1.10011
      ```

      """)
    XCTAssertEqual(checkLessons([("Lessons/09-t.md", recorded)]).failed, 0)
  }
}
