import RNN
import XCTest

@testable import Tutor

/// Issue 11, items 6 and 7: commands take what the article writes, and refuse a learning
/// rate that would not descend.
final class ArticleSyntaxTests: XCTestCase {
  func testALearningRateAtOrBelowZeroIsRefusedAndChangesNothing() {
    var session = makeSession()
    session.must("model part2; data slopes; forward; backward")
    let before = session.state
    for command in ["train 10 -1", "train 10 0", "set lr 0", "set lr -0.001", "update -0.5", "update 0"]
    {
      let error = session.mustFail(command)
      XCTAssertTrue(error.contains("the learning rate must be greater than 0"), error)
      XCTAssertEqual(session.state, before, command)
    }
    session.must("set lr 0.5")
    XCTAssertEqual(session.state.learningRate, 0.5)
  }

  func testInputTakesTheArticlesListSyntax() {
    for line in ["input 0, 0.5", "input [0, 0.5]", "input [0,0.5]", "input [ 0 , 0.5 ]", "input 0 0.5"]
    {
      var session = makeSession()
      session.must(line)
      XCTAssertEqual(session.state.inputs, [0, 0.5], line)
    }
    var session = makeSession()
    let before = session.state
    let errors = [
      "input [0, 0.5": "expected ']' at the end of a list that starts with '['",
      "input 0, 0.5]": "expected '[' before ']'",
      "input 0, , 1": "expected a value on each side of every comma",
      "input 0,": "expected a value on each side of every comma",
      "input 0 1, 2": "expected commas or spaces between the values, not both",
      "input [1] [2]": "expected one list: '[' and ']' around all the values",
      "input [0, x]": "'x'",
    ]
    for (line, problem) in errors {
      XCTAssertTrue(session.mustFail(line).contains(problem), line)
      XCTAssertEqual(session.state, before, line)
    }
  }

  func testCountsTakeWholeNumbersInExponentForm() {
    var session = makeSession()
    session.must("model part2; data slopes; train 1e5")
    XCTAssertEqual(session.state.lastTraining?.epochsCompleted, 100_000)
    session.must("train 2.5e1")
    XCTAssertEqual(session.state.lastTraining?.epochsCompleted, 25)
    session.must("precision 1e1")
    XCTAssertEqual(session.state.precision, 10)
    let before = session.state
    XCTAssertEqual(
      session.mustFail("train 1e10"),
      "train epochs: 1e10 is out of range; accepted: a whole number from 0 to 1,000,000,000")
    XCTAssertTrue(session.mustFail("train 1.5").contains("'1.5' is not a whole number"))
    XCTAssertTrue(session.mustFail("train 1e400").contains("not a whole number"))
    XCTAssertTrue(session.mustFail("train 0x10").contains("not a whole number"))
    XCTAssertTrue(session.mustFail("train -1e2").contains("out of range"))
    XCTAssertEqual(session.state, before)
  }

  func testPrintSuggestsTheIndexedName() {
    var session = makeSession()
    for (typed, meant) in [("h1", "h[1]"), ("x_2", "x[2]"), ("a(3)", "a[3]")] {
      let error = session.mustFail("print \(typed)")
      XCTAssertTrue(error.hasPrefix("unknown name '\(typed)' — did you mean '\(meant)'?"), error)
      // The suggestion is a name print takes.
      XCTAssertNil(session.execute("print \(meant)").error.map { $0.hasPrefix("unknown") ? $0 : nil } ?? nil)
    }
    XCTAssertTrue(session.mustFail("print w4").hasPrefix("unknown name 'w4'; accepted:"))
  }

  /// One reader of `NAME[t]` for `print` under both models and for lessons (issue 20 found
  /// three with different limits): the same spellings are read, or refused, everywhere.
  func testOneReaderOfIndexedNames() {
    let digits = Parse.indexDigits
    let cases: [(String, Int?)] = [
      ("h[1]", 1), ("h[01]", 1), ("h[0]", 0), ("h[+1]", nil), ("h[-1]", nil), ("h[ 1]", nil),
      ("h[1.0]", nil), ("h[]", nil), ("h[١]", nil), (
        "h[" + String(repeating: "9", count: digits) + "]",
        Int(String(repeating: "9", count: digits))
      ), ("h[" + String(repeating: "9", count: digits + 1) + "]", nil),
    ]
    for (text, t) in cases {
      XCTAssertEqual(Parse.indexedName(text)?.t, t, text)
      XCTAssertEqual(LessonQuantity(text) != nil, t != nil, "lessons read \(text)")
      // A space splits the command line into two words before any name is read.
      guard !text.contains(" ") else { continue }
      var lstm = makeSession()
      lstm.must("model lstm")
      for (model, session) in [("rnn", makeSession()), ("lstm", lstm)] {
        var s = session
        let error = s.execute("print \(text)").error ?? ""
        XCTAssertEqual(
          error.hasPrefix("unknown name"), t == nil, "\(model) print \(text): \(error)")
      }
    }
  }

  /// The same hint under the LSTM, for its values per timestep (issue 20: it had none).
  func testPrintSuggestsTheIndexedNameForTheLSTM() {
    var session = makeSession()
    session.must("model lstm; forward")
    for (typed, meant) in [("h1", "h[1]"), ("c_2", "c[2]"), ("f(1)", "f[1]"), ("o1", "o[1]")] {
      let error = session.mustFail("print \(typed)")
      XCTAssertTrue(error.hasPrefix("unknown name '\(typed)' — did you mean '\(meant)'?"), error)
      XCTAssertNil(session.execute("print \(meant)").error)
    }
    XCTAssertTrue(session.mustFail("print a1").hasPrefix("unknown name 'a1'; accepted:"))
  }
}
