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
