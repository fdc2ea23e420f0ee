import Foundation
import XCTest

@testable import Tutor

/// The lessons in `Lessons/`, read from the package next to this file.
enum ShippedLessons {
  static let folder = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Lessons")

  /// Every `NN-name.md`, as (path relative to the package, text), in order.
  static func files() throws -> [(path: String, text: String)] {
    let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
      .filter { $0.hasSuffix(".md") && $0 != "README.md" }.sorted()
    return try names.map { name in
      (
        "Lessons/\(name)",
        try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
      )
    }
  }

  /// A session with every shipped lesson installed.
  static func session() throws -> Session {
    var session = Session()
    let errors = session.installLessons(try files())
    XCTAssertEqual(errors, [], "the shipped lessons install without errors")
    return session
  }
}

/// check-lessons on the shipped lessons; `MINIRNN_RECORD=1` re-records their transcripts.
final class LessonFileTests: XCTestCase {
  func testEveryShippedLessonPassesCheckLessons() throws {
    if ProcessInfo.processInfo.environment["MINIRNN_RECORD"] == "1" {
      for file in try ShippedLessons.files() {
        let recorded = try recordLessonTranscripts(path: file.path, text: file.text)
        if recorded != file.text {
          let url = ShippedLessons.folder.appendingPathComponent(
            String(file.path.dropFirst("Lessons/".count)))
          try recorded.write(to: url, atomically: true, encoding: .utf8)
          print("recorded \(file.path)")
        }
      }
    }
    let files = try ShippedLessons.files()
    XCTAssertEqual(files.count, 13, "lessons 00…12")
    let report = checkLessons(files)
    XCTAssertEqual(report.failed, 0, report.text)
    XCTAssertGreaterThan(report.passed, 100, "every transcript command is a check")
    XCTAssertTrue(report.text.hasSuffix("\(report.passed) passed, 0 failed\n"), report.text)
  }

  func testEverySectionOfTheArticleIsCitedBySomeStep() throws {
    let session = try ShippedLessons.session()
    let cited = Set(session.installedLessons.flatMap { $0.steps.flatMap(\.citations) })
    let sections = [
      "1", "1.1", "1.2", "1.3", "2", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "3", "3.1", "3.2",
      "4",
    ]
    for section in sections {
      XCTAssertTrue(cited.contains(section), "no step cites §\(section)")
    }
    for equation in 1...4 {
      XCTAssertTrue(cited.contains("Eq. \(equation)"), "no step cites Eq. \(equation)")
    }
  }

  func testEveryStepCitesTheArticleAndTheLessonsAreNumbered00To12() throws {
    let lessons = try ShippedLessons.session().installedLessons
    XCTAssertEqual(lessons.map(\.number), Array(0...12))
    XCTAssertEqual(
      lessons.map(\.id),
      [
        "00-part1-recap", "01-forward", "02-local-derivatives", "03-bptt", "04-the-code",
        "05-training",
        "06-zigzag", "07-errata", "08-vanishing", "09-fixing-zigzag", "10-lstm",
        "11-spectrum", "12-loss-every-step",
      ])
    for lesson in lessons {
      for step in lesson.steps {
        XCTAssertFalse(step.citations.isEmpty, "\(lesson.path):\(step.line) cites nothing")
      }
    }
  }

  func testChangingOneNumberInATranscriptFailsWithFileLineExpectedAndGot() throws {
    let file = try ShippedLessons.files().first { $0.path == "Lessons/01-forward.md" }!
    let lines = file.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let index = try XCTUnwrap(lines.firstIndex { $0.hasSuffix("= ReLU(0.45) = 0.45") })
    var changed = lines
    changed[index] = lines[index].replacing("= 0.45", with: "= 0.46")
    let report = checkLessons([(file.path, changed.joined(separator: "\n"))])
    XCTAssertEqual(report.failed, 1, report.text)
    let failure = try XCTUnwrap(report.failures.first)
    XCTAssertEqual(failure.path, "Lessons/01-forward.md")
    XCTAssertEqual(failure.line, index + 1)
    XCTAssertEqual(failure.expected, "\"\(changed[index])\"")
    XCTAssertEqual(failure.got, "\"\(lines[index])\"")
    XCTAssertTrue(
      report.text.hasPrefix("Lessons/01-forward.md:\(index + 1): 'step' printed something else\n"),
      report.text)
    XCTAssertTrue(report.text.hasSuffix("\(report.passed) passed, 1 failed\n"), report.text)
  }
}
