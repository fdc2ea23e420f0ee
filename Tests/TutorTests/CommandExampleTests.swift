import XCTest

@testable import Tutor

/// The example `help NAME` shows for every command, run as a learner would type it.
final class CommandExampleTests: XCTestCase {
  /// What each file command says in a session without file access (lessons, this test).
  static let fileErrors = [
    "save": "save: files cannot be written here",
    "load": "load: files cannot be read here",
    "export": "export svg: files cannot be written here",
    "source": "source: files cannot be read here",
    "lessons": "lessons report: files cannot be written here",
  ]

  func testEveryCommandsExampleRunsInAFreshSession() throws {
    var seen: Set<String> = []
    for command in CommandTable.all {
      XCTAssertTrue(seen.insert(command.name).inserted, "\(command.name) is declared once")
      var session = try Self.sessionReady(for: command)
      let results = session.run(line: command.example)
      XCTAssertFalse(results.isEmpty, "'\(command.example)' runs a command")
      let last = try XCTUnwrap(results.last)
      XCTAssertEqual(
        results.dropLast().compactMap(\.error), [], "\(command.name): '\(command.example)'")
      if let expected = Self.fileErrors[command.name] {
        XCTAssertEqual(last.error, expected, "\(command.name): '\(command.example)'")
      } else {
        XCTAssertNil(last.error, "\(command.name): '\(command.example)'")
      }
      XCTAssertEqual(last.quit, command.name == "quit", "\(command.name) quits or not")
      let help = session.must("help \(command.name)")
      XCTAssertTrue(help.hasPrefix("usage: \(command.usage)\n"), help)
      XCTAssertTrue(help.contains("\nexample: \(command.example)\n"), help)
    }
  }

  /// A fresh session with the shipped lessons, and what `command`'s example needs first:
  /// a forward pass before `back` or `print h[2]`, a training run before `plot loss`, a running lesson
  /// (at a step with a number question for `answer`, a step done for `next`).
  static func sessionReady(for command: Command, unicode: Bool = true) throws -> Session {
    var session = try ShippedLessons.session()
    session.traits = makeSession(unicode: unicode).traits
    let book = session.lessonBook
    switch command.name {
    case "back", "backward", "print": session.must("forward")
    case "flow": session.must("forward; backward")
    case "plot", "export": session.must("train 100")
    case "next":
      session.must("lesson 1")
      let step = try XCTUnwrap(session.lessonBook.run?.current)
      XCTAssertNil(step.question, "lesson 1 starts without a question")
      for typed in step.commands { session.must(typed.command) }
    case "prev": session.must("lesson 1; skip")
    case "goto", "where", "hint", "skip": session.must("lesson 1")
    case "reveal":
      let (lesson, step) = try XCTUnwrap(
        book.lessons.lazy.compactMap { lesson in
          lesson.steps.firstIndex { $0.question != nil }.map { (lesson.number, $0 + 1) }
        }.first, "a lesson asks a question")
      session.must("lesson \(lesson); goto \(step)")
    case "answer":
      let (lesson, step) = try XCTUnwrap(
        book.lessons.lazy.compactMap { lesson in
          lesson.steps.firstIndex { $0.question.map(\.choices.isEmpty) == true }
            .map { (lesson.number, $0 + 1) }
        }.first, "a lesson asks for a number")
      session.must("lesson \(lesson); goto \(step)")
    default: break
    }
    return session
  }
}
