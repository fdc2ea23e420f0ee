import Foundation
import RNN
import XCTest

@testable import Tutor

/// `export torch` and `export notebook`: what they write, and what they refuse. Running the
/// written Python with real PyTorch is Tests/Torch/check_export.py's job (`make test`).
final class TorchExportTests: XCTestCase {
  func testTheScriptSaysWhereItCameFromAndHowToCompare() {
    let files = MemoryFiles()
    var s = makeSession(files: files)
    s.must("model part2; seed 7; randomize; data zigzag")
    let out = s.must("export torch run.py --train 500")
    XCTAssertEqual(
      out,
      "wrote run.py with a PyTorch script of this session (model part2, mode exact, training 500 epochs); run it with: python3 run.py\n"
    )
    let script = files["run.py"] ?? ""
    let lines = script.split(separator: "\n")
    XCTAssertEqual(
      lines.first, "# Written by minirnn \(minirnnVersion) with 'export torch', from a session with"
    )
    XCTAssertEqual(
      lines.dropFirst().first, "# model part2, mode exact, seed 7, data set zigzag, lr 0.001.")
    XCTAssertTrue(script.contains("loss.backward()"))
    XCTAssertTrue(script.contains("train([w1, w2, w3], data, epochs=500, lr=0.001)"))
    // The weights are written so that Python reads back the very same doubles.
    for w in Weight.allCases {
      XCTAssertTrue(
        script.contains("\(w.rawValue) = scalar(\(s.state.model.weights[w].description)"), "\(w)")
    }
  }

  func testArticleModeMarksEveryErratumItRuns() {
    let files = MemoryFiles()
    var s = makeSession(files: files)
    s.must("model part2; mode article; " + mustShowSetup + "; export torch a.py --train")
    let script = files["a.py"] ?? ""
    for marker in ["Erratum 1", "erratum 2", "erratum 3", "Erratum 6", "self.w3g = "] {
      XCTAssertTrue(script.contains(marker), marker)
    }
    XCTAssertTrue(script.contains("epochs=20000"), "--train alone runs train's default epochs")
    XCTAssertTrue(script.contains("show(\"autograd w3.g\""), "autograd runs beside the bugs")
  }

  func testPart1IsForwardOnly() {
    let files = MemoryFiles()
    var s = makeSession(files: files)
    s.must("model part1; input 0 1 0; target 1; export torch p1.py")
    let script = files["p1.py"] ?? ""
    XCTAssertTrue(script.contains("round(float(l2), 1)"))
    XCTAssertTrue(script.contains("erratum 7"))
    XCTAssertFalse(script.contains(".backward("))
    XCTAssertEqual(
      s.mustFail("export torch p1.py --train"),
      "export torch --train: Part 1's model is never trained; type 'model part2' first, or leave out --train"
    )
  }

  func testBadArgumentsSayWhatToDoAndWriteNothing() {
    let files = MemoryFiles()
    var s = makeSession(files: files)
    s.must(mustShowSetup)
    let before = s.state
    let failing: [(String, String)] = [
      (
        "export",
        "export: expected svg, transcript, torch or notebook; usage: export svg|transcript|torch|notebook FILE [OPTIONS]"
      ),
      (
        "export pytorch x.py",
        "unknown export 'pytorch'; accepted: svg, transcript, torch, notebook"
      ),
      (
        "export torch",
        "export torch: expected a file name, e.g. export torch session.py; usage: export torch FILE [--train [EPOCHS]] [--force]"
      ),
      (
        "export torch --train 10",
        "export torch: expected a file name, e.g. export torch session.py; usage: export torch FILE [--train [EPOCHS]] [--force]"
      ),
      (
        "export torch a.py b.py",
        "export torch: expected one file name, got 'b.py' too; usage: export torch FILE [--train [EPOCHS]] [--force]"
      ),
      (
        "export torch a.py --trian",
        "unknown option for export torch '--trian'; accepted: --train, --force"
      ),
      (
        "export torch a.py --train 2000000000",
        "export torch --train: 2000000000 is out of range; accepted: a whole number from 0 to 1,000,000,000"
      ),
      (
        "export notebook",
        "export notebook: expected a file name, e.g. export notebook session.ipynb; usage: export notebook FILE.ipynb [--force]"
      ),
      (
        "export notebook s.json",
        "export notebook: 's.json' does not end in .ipynb, the name Jupyter opens; e.g. export notebook session.ipynb; usage: export notebook FILE.ipynb [--force]"
      ),
      (
        "export notebook s.ipynb --train",
        "unknown option for export notebook '--train'; accepted: --force"
      ),
    ]
    for (command, error) in failing {
      XCTAssertEqual(s.mustFail(command), error, command)
    }
    XCTAssertEqual(s.state, before)
    XCTAssertEqual(files.files, [:], "nothing was written")
  }

  /// `export torch FILE --train abc`: the word after --train can only be EPOCHS once the file
  /// is named, so the error is --train's own (it said 'abc' was a second file name); the
  /// LSTM's export parses the same way. Before the file name, a word that is no number is
  /// still the file (`--train b.py`).
  func testAWrongEpochCountAfterTheFileNameIsReportedAsEpochs() throws {
    let files = MemoryFiles()
    var s = makeSession(files: files)
    s.must(mustShowSetup)
    let before = s.state
    var expected = ""
    do {
      _ = try Parse.count("abc", "export torch --train", in: 0...Limits.epochs)
    } catch { expected = error.description }
    XCTAssertTrue(expected.contains("'abc' is not a whole number"), expected)
    XCTAssertEqual(s.mustFail("export torch a.py --train abc"), expected)
    XCTAssertEqual(s.state, before)
    XCTAssertEqual(files.files, [:], "nothing was written")
    s.must("export torch --train 3 b.py")
    s.must("export torch --train c.py")
    XCTAssertEqual(Set(files.files.keys), ["b.py", "c.py"])
    s.must("model lstm")
    XCTAssertEqual(s.mustFail("export torch d.py --train abc"), expected)
    XCTAssertNil(files.files["d.py"])
  }

  func testAForeignFileIsKeptUnlessForced() {
    let mine = "# my notes\nprint('hello')\n"
    let files = MemoryFiles(["notes.py": mine, "notes.ipynb": "{\"cells\": []}"])
    var s = makeSession(files: files)
    s.must(mustShowSetup)
    XCTAssertEqual(
      s.mustFail("export torch notes.py"),
      "export torch: 'notes.py' exists and was not written by minirnn, so it is left as it is; choose another file name, or add --force to replace it"
    )
    XCTAssertEqual(
      s.mustFail("export notebook notes.ipynb"),
      "export notebook: 'notes.ipynb' exists and was not written by minirnn, so it is left as it is; choose another file name, or add --force to replace it"
    )
    XCTAssertEqual(files["notes.py"], mine)
    XCTAssertTrue(s.must("export torch notes.py --force").hasPrefix("wrote notes.py with "))
    XCTAssertTrue(files["notes.py"]?.hasPrefix(TorchScript.header) ?? false)
    // A file minirnn wrote is replaced without --force, and the message says so.
    XCTAssertTrue(s.must("export torch notes.py").hasPrefix("replaced notes.py with "))
    XCTAssertTrue(s.must("export notebook notes.ipynb --force").hasPrefix("wrote notes.ipynb"))
    XCTAssertTrue(s.must("export notebook notes.ipynb").hasPrefix("replaced notes.ipynb"))
  }

  func testUnreadableOrUnwritableFilesAreReported() {
    var noFiles = makeSession()
    XCTAssertEqual(
      noFiles.mustFail("export torch x.py"), "export torch: files cannot be written here")
    var full = makeSession(files: MemoryFiles(failWrites: true))
    XCTAssertEqual(
      full.mustFail("export notebook x.ipynb"),
      "export notebook: cannot write 'x.ipynb': no space left on device")
    XCTAssertEqual(
      LessonPlayer.problem(with: "export torch x.py"),
      "'export' cannot run in a lesson: lessons do not touch files, leave minirnn or start other lessons"
    )
  }

  func testTheNotebookIsNbformat4WithACellPerPass() throws {
    let files = MemoryFiles()
    var s = makeSession(files: files)
    s.must(
      "model part2; " + mustShowSetup
        + "; forward; backward; train 10; mode article; step; step; print yhat; export svg x.svg unroll"
    )
    XCTAssertEqual(
      s.must("export notebook s.ipynb"),
      "wrote s.ipynb with a notebook of this session (14 commands), 4 PyTorch cells; open it in Jupyter and choose Run All\n"
    )
    let json = try XCTUnwrap(files["s.ipynb"])
    let notebook = try XCTUnwrap(
      JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    XCTAssertEqual(notebook["nbformat"] as? Int, 4)
    XCTAssertEqual(notebook["nbformat_minor"] as? Int, 5)
    let metadata = try XCTUnwrap(notebook["metadata"] as? [String: Any])
    XCTAssertNotNil(metadata[Notebook.metadataKey])
    let cells = try XCTUnwrap(notebook["cells"] as? [[String: Any]])
    let ids = cells.compactMap { $0["id"] as? String }
    XCTAssertEqual(Set(ids).count, cells.count, "every cell has its own id")
    let commands = cells.compactMap {
      ($0["metadata"] as? [String: Any])?["minirnn_command"] as? String
    }
    XCTAssertEqual(commands, ["forward", "backward", "train 10", "step"])
    let markdown = cells.filter { $0["cell_type"] as? String == "markdown" }
      .compactMap { $0["source"] as? String }.joined()
    XCTAssertTrue(markdown.contains("minirnn> print yhat\nyhat = "), "screens are in the notebook")
  }

  /// Inside a lesson the notebook is the lesson: its prose, and a cell for each pass its
  /// steps run, each with the minirnn line that reaches the same numbers.
  func testInALessonTheNotebookHoldsTheLessonsSteps() throws {
    let files = MemoryFiles()
    var s = try ShippedLessons.session()
    s.files = files
    s.must("lesson 3")
    XCTAssertEqual(
      s.must("export notebook bptt.ipynb"),
      "wrote bptt.ipynb with a notebook of lesson 3 (7 steps), 4 PyTorch cells; open it in Jupyter and choose Run All\n"
    )
    let json = try XCTUnwrap(files["bptt.ipynb"])
    XCTAssertTrue(json.contains("# Backpropagation through time"))
    XCTAssertTrue(json.contains("## Forward first: BPTT needs every h_t (§2.5)"))
    XCTAssertTrue(json.contains("\"minirnn_line\": \"lesson 3; goto 1; forward\""))
  }

  func testASessionThatCannotBeReplayedEndsWithItsCurrentState() throws {
    let files = MemoryFiles(["state.minirnn": "model part2\nset w1 0.25\n"])
    var s = makeSession(files: files)
    s.must("forward; load state.minirnn; input 1 2; target 0")
    s.must("export notebook s.ipynb")
    let json = try XCTUnwrap(files["s.ipynb"])
    XCTAssertTrue(json.contains("could not be replayed command by command"))
    XCTAssertTrue(json.contains("# minirnn> zero; forward; backward"))
    XCTAssertTrue(json.contains("w1 = scalar(0.25, requires_grad=True)"))
  }

  /// Gradients can overflow to ±∞ (and so can a train's starting gradients); the script
  /// still reads them back.
  func testInfiniteGradientsAreWrittenAsPython() {
    let files = MemoryFiles()
    var s = makeSession(files: files)
    s.must(
      "model part2; set w1 1e200; set w2 1e200; set w3 -1e200; input 1e200 1e200; target 0; forward; backward"
    )
    s.must("export torch big.py --train 1")
    let script = files["big.py"] ?? ""
    XCTAssertTrue(script.contains("w1.grad = scalar(math.inf)"), script)
    XCTAssertTrue(script.contains("w3.grad = scalar(-math.inf)"), script)
    XCTAssertEqual(python(.nan), "math.nan")
    XCTAssertEqual(python(-0.0), "-0.0")
    XCTAssertEqual(python(1e-5), "1e-05")
  }

  func testTabCompletesTheNewSubcommands() {
    let s = makeSession()
    XCTAssertEqual(s.completions(for: "export to"), .words(prefix: "to", candidates: ["torch"]))
    XCTAssertEqual(
      s.completions(for: "export no"), .words(prefix: "no", candidates: ["notebook"]))
    XCTAssertEqual(s.completions(for: "export torch ru"), .path(prefix: "ru"))
  }

  func testJSONStringsEscapeEverythingJSONRequires() throws {
    let text = "a\"b\\c\nd\te\u{1}f\u{7F}é"
    let literal = jsonString(text)
    XCTAssertEqual(literal, "\"a\\\"b\\\\c\\nd\\te\\u0001f\\u007fé\"")
    let decoded = try JSONSerialization.jsonObject(
      with: Data(literal.utf8), options: .fragmentsAllowed)
    XCTAssertEqual(decoded as? String, text)
  }
}
