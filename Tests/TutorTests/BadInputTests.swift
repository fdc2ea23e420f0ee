import Tutor
import XCTest

/// Lines a learner might type or paste; each must give one error and change nothing.
let badLines: [String] = [
  // wrong arity
  "set", "set w1", "set w1 1 2", "input", "target", "target 1 2", "model", "mode", "seed",
  "sample", "precision", "print", "print w1 w2", "step now", "back 2", "train 1 2 3",
  "update 1 2", "load", "save", "help a b", "quit now", "weights x", "data",
  // unknown names
  "set w4 1", "set W1 1", "mode fast", "model part3", "data spirals", "print w9", "print h[x]",
  "print h[-1]", "print x[0]", "print x[99]", "print h[99]", "print a[0]", "undisplay w1",
  "display nope", "help nosuchcommand", "trian", "forwrd", "xyzzy",
  // not numbers, NaN, infinities, overflow
  "set w1 abc", "set w1 nan", "set w1 NaN", "set w1 inf", "set w1 -inf", "set w1 infinity",
  "set w1 1e400", "set w1 -1e400", "set lr nan", "set w1 0x10", "set w1 1,5", "input 1 nan 2",
  "input 1 2 inf", "target 1e999", "update nan", "update inf", "train 10 nan",
  // counts: negative, fractional, too big, past UInt64
  "train -1", "train 1.5", "train 2000000000", "train 1e10", "precision 18", "precision -1",
  "precision 2.5", "sample 0", "sample 4", "sample -1", "seed -1", "seed 1.5",
  "seed 18446744073709551616", "seed 99999999999999999999999", "display " + Array(repeating: "w1.g w2.g", count: 20).joined(separator: " ") + " " + (1...40).map { "x[\($0)]" }.joined(separator: " "),
  // needs state that is not there
  "back", "backward", "step",
  // control bytes, invalid text, emoji, tabs, huge lines
  "set w1 \u{1B}[31m1", "\u{07}", "set\tw1\tnope", "😀", "set w1 😀", "print h[😀]",
  "set w1 \u{0}", "input " + Array(repeating: "1", count: 10_001).joined(separator: " "),
  String(repeating: "x", count: 100_001), "set w1 " + String(repeating: "9", count: 500),
  String(decoding: [0xFF, 0xFE, 0x41], as: UTF8.self),
]

final class BadInputTests: XCTestCase {
  func testEveryBadLineGivesOneErrorAndChangesNothing() {
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
      XCTAssertEqual(errors.count, 1, "one error for \(line.debugDescription.prefix(80)): \(errors)")
      if let error = errors.first {
        XCTAssertTrue(error.hasPrefix("error: line 1: "), error)
        XCTAssertEqual(error.filter { $0 == "\n" }.count, 1, "one line: \(error.debugDescription)")
        XCTAssertFalse(error.contains("\u{1B}"), "no escape bytes reach the terminal: \(error.debugDescription)")
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
      session.mustFail("set w4 1"), "unknown name for set 'w4'; accepted: w1, w2, w3, lr")
    XCTAssertEqual(
      session.mustFail("set w1 abc"),
      "set w1: 'abc' is not a number (write it like 0.5, -2 or 1e-3)")
    XCTAssertEqual(
      session.mustFail("mode fast"), "unknown mode 'fast'; accepted: exact, article")
    XCTAssertEqual(
      session.mustFail("set w1 \u{1B}[31m1"),
      "set w1: '\\u{1b}[31m1' is not a number (write it like 0.5, -2 or 1e-3)")
    XCTAssertEqual(
      session.mustFail("set"), "set: missing a name and a value; usage: set w1|w2|w3|lr VALUE")
  }
}
