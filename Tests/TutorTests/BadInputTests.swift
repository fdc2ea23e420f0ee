import Foundation
import Tutor
import XCTest

/// Lines a learner might type or paste; each must give one error and change nothing.
///
/// They live in Tests/BadInput/corpus.jsonl (one JSON string a line, so control bytes and
/// huge lines can be written down), shared with the end-to-end tests of the executable.
let badLines: [String] = {
  let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("../BadInput/corpus.jsonl")
  let text = try! String(contentsOf: url, encoding: .utf8)
  return text.split(separator: "\n").map {
    try! JSONDecoder().decode(String.self, from: Data($0.utf8))
  }
}()

final class BadInputTests: XCTestCase {
  func testEveryBadLineGivesOneErrorAndChangesNothing() {
    XCTAssertGreaterThan(badLines.count, 80)
    for line in badLines {
      var session = Session()
      session.must("forward")  // some state worth keeping
      // 'back' on a finished forward pass is fine, so remove the pass for the lines that
      // test the "not ready" errors.
      if line == "back" || line == "backward" {
        session.must("model part1")
      }
      let before = session.state
      var out = ""
      var errors: [String] = []
      let status = runScript(
        line, numbering: .lines, keepGoing: false, session: &session, out: { out += $0 },
        err: { errors.append($0) })
      XCTAssertEqual(status, 1, "exit status for \(line.debugDescription.prefix(80))")
      XCTAssertEqual(
        errors.count, 1, "one error for \(line.debugDescription.prefix(80)): \(errors)")
      if let error = errors.first {
        XCTAssertTrue(error.hasPrefix("<stdin>:1: error: "), error)
        XCTAssertEqual(error.filter { $0 == "\n" }.count, 1, "one line: \(error.debugDescription)")
        XCTAssertFalse(
          error.contains("\u{1B}"), "no escape bytes reach the terminal: \(error.debugDescription)")
        XCTAssertLessThan(error.count, 400, "short enough to read: \(error)")
      }
      XCTAssertEqual(session.state, before, "state changed by \(line.debugDescription.prefix(80))")
    }
  }

  func testLimitsAreAcceptedAtTheirEdges() {
    var session = Session()
    session.must("input " + Array(repeating: "0.5", count: 10_000).joined(separator: " "))
    session.must("target 1; set w2 0.1; forward; backward")
    XCTAssertEqual(session.state.forward?.count, 10_000)
    session.must("precision 0; precision 17; seed 18446744073709551615; train 0")
  }

  func testErrorsSayWhatIsAccepted() {
    var session = Session()
    XCTAssertEqual(
      session.mustFail("set w4 1"), "unknown name for set 'w4'; accepted: w1, w2, w3, b, c, lr")
    XCTAssertEqual(
      session.mustFail("set w1 abc"),
      "set w1: 'abc' is not a number (write it like 0.5, -2 or 1e-3)")
    XCTAssertEqual(
      session.mustFail("mode fast"), "unknown mode 'fast'; accepted: exact, article, text")
    XCTAssertEqual(
      session.mustFail("set w1 \u{1B}[31m1"),
      "set w1: '^[[31m1' is not a number (write it like 0.5, -2 or 1e-3)")
    XCTAssertEqual(
      session.mustFail("set"), "set: missing a name and a value; usage: set w1|w2|w3|b|c|lr VALUE")
  }
}

final class LargestStateTests: XCTestCase {
  /// The largest state `save` can write must load back: limits agree with each other.
  func testTheLargestSavedStateLoadsBack() {
    let files = MemoryFiles()
    var session = Session(files: files)
    let values = (0..<Limits.sequenceLength).map { _ in "-1.2345678901234567e-100" }
    session.must("input " + values.joined(separator: " ") + "; target -1.2345678901234567e-100")
    session.must("data custom")
    for _ in 1..<Limits.customSamples { session.must("data add") }
    XCTAssertTrue(session.mustFail("data add").contains("at most 100 samples"))
    session.must("save big")
    XCTAssertLessThanOrEqual(files["big"]!.utf8.count, Limits.loadFileSize)
    var fresh = Session(files: files)
    fresh.must("load big")
    XCTAssertEqual(fresh.state.dataset, session.state.dataset)
  }
}
