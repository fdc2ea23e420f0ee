import RNN
import XCTest

@testable import Tutor

/// `data recall N` in the session: the data set asked for, listed, saved and loaded back.
final class RecallDataTests: XCTestCase {
  func testDataRecallLoadsTheLengthAskedFor() {
    var s = makeSession()
    let text = runScript(&s, "data recall 7")
    XCTAssertEqual(s.state.dataset, .recall(steps: 7))
    XCTAssertEqual(s.state.inputs, Dataset.recall(steps: 7).samples[0].inputs)
    XCTAssertEqual(s.state.target, s.state.inputs[0], "the target is x₁")
    XCTAssertTrue(text.hasPrefix("data recall: beyond the article: recall x₁ after n = 7"), text)
    runScript(&s, "data recall")
    XCTAssertEqual(s.state.dataset, .recall(steps: Dataset.defaultRecallSteps))
    let listed = runScript(&s, "data recall 3; datasets")
    XCTAssertTrue(listed.contains("* recall   beyond the article: recall x₁ after n = 3"), listed)
    // help reflows its prose to the terminal, so the words may break across lines.
    let help = runScript(&s, "help data").split(whereSeparator: \.isWhitespace).joined(separator: " ")
    XCTAssertTrue(help.contains("'data recall N'"), help)
  }

  func testRecallSurvivesSaveAndLoad() {
    let files = MemoryFiles()
    var s = makeSession(files: files)
    runScript(&s, "data recall 12; sample 3; save r.minirnn")
    XCTAssertTrue(files["r.minirnn"]?.contains("\ndata recall 12\n") ?? false)
    var t = makeSession(files: files)
    runScript(&t, "load r.minirnn")
    XCTAssertEqual(t.state.dataset, .recall(steps: 12))
    XCTAssertEqual(t.state.sampleIndex, 2)
    XCTAssertEqual(t.state.inputs, Dataset.recall(steps: 12).samples[2].inputs)
  }

  func testBadLengthsChangeNothing() {
    var s = makeSession()
    runScript(&s, "data recall 6; forward")
    let before = s.state
    let expected = [
      "data recall 1": "data recall: 1 is out of range; accepted: a whole number from 2 to 100",
      "data recall x":
        "data recall: 'x' is not a whole number; accepted: a whole number from 2 to 100",
      "data zigzag 5":
        "data: expected a length N only after recall, a delay D after echo; usage: data slopes|zigzag|recall [N]|echo [D]|next|custom|add",
    ]
    for (line, error) in expected {
      XCTAssertEqual(s.mustFail(line), error, line)
      XCTAssertEqual(s.state, before, line)
    }
  }
}
