import Foundation
import RNN
import XCTest

@testable import Tutor

/// Issue 21 (robustness round three), the parts Tutor owns: Ctrl-C in `load`, `export
/// notebook` and scripts; format characters; saves run as scripts; a byte order mark; and the
/// screens that said something false.
final class RobustnessRoundThreeTests: XCTestCase {
  // MARK: Ctrl-C

  /// `load` asks before every command, not every 256th: a stop requested at the first poll
  /// stops it there, and nothing is loaded.
  func testLoadPollsBeforeEveryCommand() {
    var source = Session()
    source.must("set w1 0.25; input 1 2 3; target 1; forward")
    let files = MemoryFiles(["s.sav": source.stateScript()])
    var s = Session(files: files)
    s.must("set w2 0.75")
    let before = s.state
    let commands = StateFile.commands(for: source.state).count
    XCTAssertLessThan(commands, 256, "fewer commands than the old poll interval")
    for stopAt in 1...commands {
      let polls = Counter()
      let result = s.execute("load s.sav", hooks: Hooks(shouldStop: { polls.next() >= stopAt }))
      XCTAssertEqual(result.error?.hasPrefix("load: interrupted at line"), true, "\(stopAt)")
      XCTAssertEqual(s.state, before, "nothing loaded when stopped at poll \(stopAt)")
    }
  }

  /// A script stops before its next command once Ctrl-C is asked, even when no command
  /// printed anything (quiet state commands, then `save`).
  func testScriptEndsBeforeItsNextCommand() {
    let files = MemoryFiles()
    var s = Session(traits: .script, files: files)
    s.traits.quiet = true
    let script =
      (0..<40).map { "input 0.\($0 % 10) 1 2" }.joined(separator: "\n")
      + "\nsave a.sav\nexport torch a.py\n"
    let polls = Counter()
    var printed = ""
    _ = runScript(
      script, numbering: .lines, keepGoing: false, session: &s,
      interrupted: { polls.next() > 3 }, out: { printed += $0 }, err: { printed += $0 }
    )
    XCTAssertTrue(files.files.isEmpty, "nothing written: \(files.files.keys)")
    XCTAssertEqual(s.state.inputs, [0.2, 1, 2], "the script stopped after its third command")
    XCTAssertEqual(printed, "")
  }

  /// `export notebook` replays the session: Ctrl-C stops the replay (a long `train` in it)
  /// and nothing is written.
  func testCtrlCStopsTheNotebookReplay() {
    let files = MemoryFiles()
    var s = Session(files: files)
    s.must("data slopes; train 3000; forward")
    let before = s.state
    let polls = Counter()
    let result = s.execute(
      "export notebook n.ipynb", hooks: Hooks(shouldStop: { polls.next() > 1 }, checkEvery: 16))
    XCTAssertEqual(result.error, CommandError.interruptedExport.description)
    XCTAssertNil(files["n.ipynb"])
    XCTAssertEqual(s.state, before)
    // Not stopped, the same export is written.
    XCTAssertNil(s.execute("export notebook n.ipynb").error)
    XCTAssertNotNil(files["n.ipynb"])
  }

  /// The same in a lesson: the steps replayed for the notebook stop too.
  func testCtrlCStopsALessonNotebook() throws {
    let files = MemoryFiles()
    var s = Session(files: files)
    XCTAssertEqual(s.installLessons(try Self.shippedLessons()), [])
    s.must("lesson 5")
    let result = s.execute(
      "export notebook l.ipynb", hooks: Hooks(shouldStop: { true }, checkEvery: 16))
    XCTAssertEqual(result.error, CommandError.interruptedExport.description)
    XCTAssertNil(files["l.ipynb"])
  }

  /// Installing lessons stops between two files when asked, and then installs none.
  func testInstallingLessonsStopsAndInstallsNothing() throws {
    let lessons = try Self.shippedLessons()
    var s = Session()
    let polls = Counter()
    XCTAssertNil(s.installLessons(lessons, hooks: Hooks(shouldStop: { polls.next() > 2 })))
    XCTAssertTrue(s.installedLessons.isEmpty)
    XCTAssertEqual(s.installLessons(lessons, hooks: .none), [])
    XCTAssertEqual(
      s.installedLessons.count, lessons.filter { !$0.path.hasSuffix("README.md") }.count)
  }

  /// `train` stopped by a signal other than Ctrl-C names it.
  func testTrainNamesWhatStoppedIt() {
    for model in ["part2", "lstm"] {
      var s = Session()
      s.must((model == "lstm" ? "model lstm; " : "") + "data slopes")
      let output = s.must(
        "train 100000",
        hooks: Hooks(shouldStop: { true }, checkEvery: 1, stopCause: { "SIGTERM" }))
      XCTAssertTrue(output.contains("stopped by SIGTERM at epoch 1"), output)
      XCTAssertFalse(output.contains("Ctrl-C"), output)
    }
  }

  /// An exported training loop that keeps PyTorch busy for more than a minute says so, in
  /// the file and in minirnn's message; a short one says nothing.
  func testLongTrainingLoopsSaySo() {
    let files = MemoryFiles()
    var s = Session(files: files)
    s.must("data slopes")
    let long = TorchTrainingTime(data: .slopes, epochs: 200_000_000, model: RNNState.self)
    XCTAssertGreaterThan(long.seconds, 3600)
    let message = s.must("export torch a.py --train 200000000")
    XCTAssertTrue(message.contains("would keep PyTorch busy for \(long.estimate!)"), message)
    XCTAssertTrue(files["a.py"]!.contains("# Long: PyTorch needs \(long.estimate!)"))
    let short = TorchTrainingTime(data: .slopes, epochs: 20_000, model: RNNState.self)
    XCTAssertNil(short.estimate)
    XCTAssertFalse(s.must("export torch b.py --train 20000").contains("busy"))
    XCTAssertFalse(files["b.py"]!.contains("# Long"))
    s.must("model lstm")
    let lstm = TorchTrainingTime(data: .slopes, epochs: 1_000_000, model: LSTMState.self)
    XCTAssertTrue(s.must("export torch c.py --train 1000000").contains(lstm.estimate!))
    XCTAssertTrue(files["c.py"]!.contains("# Long: PyTorch needs \(lstm.estimate!)"))
    // The estimate in words: 200 million epochs of slopes' 3 two-step samples at 50 µs.
    XCTAssertEqual(long.seconds, 200_000_000 * 6 * 50e-6, accuracy: 1e-3)
  }

  /// The LSTM's exported loop stops on divergence as minirnn's `train` does.
  func testTheLSTMExportStopsOnDivergence() {
    let files = MemoryFiles()
    var s = Session(files: files)
    s.must("model lstm; data zigzag; set lr 50; export torch ld.py --train 200")
    let script = files["ld.py"]!
    XCTAssertTrue(script.contains("print(f\"diverged at epoch {epoch}, sample {sample}\")"))
    XCTAssertTrue(script.contains("math.isfinite(float(loss))"))
    XCTAssertTrue(script.contains("train_lstm(cell, readout, samples, epochs=200, lr=lr)"))
  }

  // MARK: Text from outside

  /// Bidirectional controls and zero-width characters are shown as `<U+XXXX>`, and the byte
  /// scan that decides whether to look at all finds each of them.
  func testFormatCharactersAreShown() {
    let formats: [UInt32] =
      [0x061C, 0x180E, 0xFEFF] + Array(0x200B...0x200F) + Array(0x2028...0x202E)
      + Array(0x2060...0x2064) + Array(0x2066...0x2069)
    for value in formats {
      let scalar = Unicode.Scalar(value)!
      let text = "a" + String(Character(scalar)) + "b"
      let code = "<U+" + String(value, radix: 16, uppercase: true) + ">"
      XCTAssertEqual(visible(text), "a\(code)b")
      XCTAssertEqual(visible(text, keepingLines: false), "a\(code)b")
      XCTAssertTrue(containsControl(text.utf8, keepingLines: true), code)
    }
    // Neighbours that are ordinary text stay as they are: box drawing, the minus sign,
    // ellipsis, en dash, and the scalars just outside each range.
    for value: UInt32 in [
      0x2010, 0x2026, 0x2212, 0x2500, 0x2065, 0x206A, 0x200A, 0x2027, 0x202F, 0xFEFE,
    ] {
      let text = String(Character(Unicode.Scalar(value)!))
      XCTAssertEqual(visible(text), text, String(value, radix: 16))
      XCTAssertFalse(containsControl(text.utf8, keepingLines: true), String(value, radix: 16))
    }
  }

  /// A lesson whose title and prose hold a right-to-left override shows it as `<U+202E>`.
  func testALessonsFormatCharactersAreShown() throws {
    var s = Session()
    let lesson = "# Evil \u{202E}elttit\n\n## Step (§1)\n\nText\u{200B}here.\n"
    XCTAssertEqual(s.installLessons([("01-evil.md", lesson)]), [])
    let shown = s.must("lessons") + s.must("lesson 1")
    XCTAssertFalse(shown.unicodeScalars.contains("\u{202E}"), shown)
    XCTAssertFalse(shown.unicodeScalars.contains("\u{200B}"), shown)
    XCTAssertTrue(shown.contains("Evil <U+202E>elttit"), shown)
  }

  /// "no lessons are installed" names the places looked at with their escapes made visible.
  func testNoLessonsShowsPlacesVisibly() {
    var s = Session()
    s.lessonPlaces = ["$MINIRNN_LESSONS (/tmp/\u{1B}]0;owned\u{07}x\u{202E})"]
    let error = s.mustFail("lesson 1")
    XCTAssertFalse(error.contains("\u{1B}"), error)
    XCTAssertTrue(error.contains("/tmp/^[]0;owned^Gx<U+202E>"), error)
    let listed = s.execute("lessons").output
    XCTAssertFalse(listed.contains("\u{1B}") || listed.unicodeScalars.contains("\u{202E}"), listed)
  }

  // MARK: Saves run as scripts

  /// A file that starts with save's header runs as `load` runs it: a crafted save with a
  /// right checksum that holds `export` and `save` is refused whole, with the hint; nothing
  /// is written and the session is unchanged.
  func testASaveRunAsAScriptFollowsLoadsRules() {
    let crafted = StateFile.file(holding: [
      "set w1 0.5", "export torch /tmp/x.py --force", "save notes.txt",
    ])
    let files = MemoryFiles()
    var s = Session(traits: .script, files: files)
    let before = s.state
    var errors = ""
    let status = runScript(
      crafted, numbering: .lines, keepGoing: true, name: "crafted.sav", session: &s,
      out: { _ in }, err: { errors += $0 })
    XCTAssertEqual(status, 1)
    XCTAssertTrue(files.files.isEmpty)
    XCTAssertEqual(s.state, before)
    XCTAssertEqual(errors.split(separator: "\n").count, 1, errors)
    XCTAssertTrue(errors.contains("'export' is not a state command"), errors)
    XCTAssertTrue(errors.contains("crafted.sav"), errors)
    XCTAssertTrue(errors.contains("open it with 'load'"), errors)

    // A real save, run as a script, gives the state `load` gives.
    var source = Session()
    source.must("set w1 0.125; input 1 2; target 0.5; forward; back")
    var loaded = Session(files: MemoryFiles(["s.sav": source.stateScript()]))
    loaded.must("load s.sav")
    var scripted = Session(traits: .script)
    XCTAssertEqual(
      runScript(
        source.stateScript(), numbering: .lines, keepGoing: false, session: &scripted,
        out: { _ in }, err: { XCTFail($0) }), 0)
    XCTAssertEqual(scripted.state, loaded.state)
  }

  // MARK: A byte order mark

  /// A UTF-8 byte order mark before a lesson, a script or a save is read as CRLF is: the same
  /// lines as without it.
  func testAByteOrderMarkIsAccepted() throws {
    let bom = "\u{FEFF}"
    // A lesson.
    let (path, text) = try XCTUnwrap(
      Self.shippedLessons().first { $0.path.hasSuffix("01-forward.md") })
    XCTAssertEqual(try Lesson(path: path, text: bom + text), try Lesson(path: path, text: text))
    XCTAssertEqual(
      try Lesson(path: path, text: bom + text.replacingOccurrences(of: "\n", with: "\r\n")),
      try Lesson(path: path, text: text))
    // A script.
    for numbering in [ScriptNumbering.lines, .commands] {
      XCTAssertEqual(
        numberedCommands(bom + "set w1 2\nprint w1\n", numbering: numbering),
        numberedCommands("set w1 2\nprint w1\n", numbering: numbering))
    }
    // A save, checked by its checksum, with and without CRLF.
    var source = Session()
    source.must("set w1 0.375; input 1 2")
    let save = source.stateScript()
    for variant in [bom + save, bom + save.replacingOccurrences(of: "\n", with: "\r\n")] {
      var s = Session(files: MemoryFiles(["s.sav": variant]))
      let output = s.must("load s.sav")
      XCTAssertFalse(output.contains("note:"), "checked as a save: \(output)")
      XCTAssertEqual(s.state, source.state)
    }
  }

  // MARK: Screens that said something false

  /// `eq 1` names the loss the session reports: the printed mse only in article mode.
  func testEquationOneNamesTheReportedLoss() {
    for (mode, reported) in [("exact", "Eq. 1"), ("article", "the printed mse"), ("text", "Eq. 1")]
    {
      var s = Session()
      s.must("mode \(mode); input 1 2; target 1; forward")
      let text = s.must("eq 1")
      XCTAssertTrue(text.contains("this session reports \(reported) (mode \(mode)"), text)
      // And it is what `print loss` shows: ½(y − ŷ)² unless article mode.
      let yhat = s.state.forward!.prediction!
      let half = 0.5 * (1 - yhat) * (1 - yhat)
      let printed = Double(
        s.must("print loss").split(separator: "=").last!.trimmingCharacters(
          in: .whitespacesAndNewlines
        ).replacingOccurrences(of: "\u{2212}", with: "-"))!
      XCTAssertEqual(printed == half, mode != "article", "\(mode): \(printed) vs \(half)")
    }
  }

  /// After a complete truncated backward pass, no screen says 'back' continues it (doing so
  /// would add the gradients a second time).
  func testACompleteTruncatedPassIsNotCalledUnfinished() {
    var s = Session()
    s.must("input 1 2 3 4 5; target 1; truncate 2; forward; backward")
    XCTAssertTrue(s.state.backward!.isComplete)
    for command in ["flow", "eq 2.5", "grads", "back"] {
      let result = s.execute(command)
      let text = (result.output) + (result.error ?? "")
      XCTAssertFalse(text.contains("continues"), "\(command): \(text)")
    }
    // Part-way, it still says so.
    s.must("forward; back; back")
    XCTAssertFalse(s.state.backward!.isComplete)
    XCTAssertTrue(s.must("flow").contains("'back' or 'backward' continues"))
  }

  /// Mode article is the code as printed: it refuses truncate and clip, and they refuse it.
  func testModeArticleAndTruncateOrClipExcludeEachOther() {
    var s = Session()
    s.must("truncate 2; clip 1")
    let before = s.state
    let error = s.mustFail("mode article")
    XCTAssertTrue(error.contains("truncate 2 and clip 1 are on"), error)
    XCTAssertTrue(error.contains("'truncate off' and 'clip off'"), error)
    XCTAssertEqual(s.state, before)
    s.must("truncate off; clip off; mode article")
    XCTAssertTrue(s.mustFail("truncate 2").contains("mode article runs the code as printed"))
    XCTAssertTrue(s.mustFail("clip 1").contains("mode article runs the code as printed"))
    s.must("truncate off; clip off")
    XCTAssertEqual(s.state.model.truncation, nil)
    // mode text keeps them: its export has a place for them.
    s.must("mode text; truncate 2; clip 1")
  }

  /// Clipping when C − 1e−6 < norm ≤ C: PyTorch still scales, by a factor just below 1, and
  /// the screen says so instead of "exceeds" and "multiplied by 1".
  func testClippingAtTheBoundarySaysWhatHappened() {
    var s = Session()
    s.must("set w1.g 1; set w2.g 1; set w3.g 0; clip 1.4142135")
    let norm = (2.0).squareRoot()
    XCTAssertLessThan(norm - 1.4142135, 1e-6)
    XCTAssertGreaterThan(norm, 1.4142135)
    s.must("set w1.g 1; set w2.g 1; clip 1.41421357")
    XCTAssertLessThanOrEqual(norm, 1.41421357)
    let output = s.must("update")
    let factor = 1.41421357 / (norm + 1e-6)
    XCTAssertLessThan(factor, 1)
    XCTAssertTrue(output.contains("is within 1e−6 of 1.41421357"), output)
    XCTAssertFalse(output.contains("exceeds"), output)
    XCTAssertTrue(output.contains("multiplied by \(s.notation.number(factor)) first"), output)
    XCTAssertNotEqual(s.notation.number(factor), s.notation.number(1))
  }

  /// `help clip` says that the biases' gradients join the norm when they are trained.
  func testHelpClipNamesTheBiasGradients() {
    var s = Session()
    let help = s.must("help clip")
    XCTAssertTrue(help.contains("b.g² + c.g²"), help)
    // And it is true: with train bias on, b.g changes the norm and so the factor.
    s.must("train bias on; set w1.g 3; set w2.g 0; set w3.g 0; set b.g 4; clip 1")
    XCTAssertTrue(s.must("update").contains("norm 5 exceeds 1"))
  }

  /// The LSTM's flow table keeps 4 significant digits, as the RNN's does.
  func testLSTMFlowKeepsFourDigits() {
    var s = Session()
    s.must("model lstm; input 0.3 -0.7 1.1 0.2; target 0.9; forward; backward")
    let text = s.must("flow")
    let flow = LSTMGradientFlow(s.state.lstm!.backward!)
    let n = s.notation
    for step in flow.steps {
      let expected = n.compact(step.cellGradient, limit: 10)
      XCTAssertTrue(text.contains(expected), "\(expected) in\n\(text)")
      let digits = expected.filter(\.isNumber).drop { $0 == "0" }.count
      XCTAssertGreaterThanOrEqual(
        digits, min(4, String(format: "%.3e", step.cellGradient).filter(\.isNumber).count), expected
      )
    }
  }

  /// At w1 = w2 = 1e308 every loss overflows: the axes are labelled with finite values and
  /// the scale says no loss is finite, as `print loss` says inf.
  func testLandscapeAtTheLargestWeights() {
    var s = Session()
    s.must("data slopes; set w1 1e308; set w2 1e308")
    let text = s.must("landscape")
    XCTAssertFalse(text.contains("inf"), text)
    XCTAssertFalse(text.contains("loss from 1 to 1"), text)
    XCTAssertTrue(text.contains("no loss on this grid is finite"), text)
    let shades = text.split(separator: "\n").first { $0.hasPrefix("shades") } ?? ""
    XCTAssertLessThanOrEqual(shades.count, 80, String(shades))
    XCTAssertEqual(LandscapePicture.middle(of: 0.5e308...1.5e308), 1e308)
  }

  /// `update` from a loaded NaN weight names it, as `train` does; a gradient that overflows
  /// names the weight it would make infinite.
  func testUpdateNamesTheNonFiniteWeight() {
    let files = MemoryFiles(["nan.sav": StateFile.file(holding: ["set w1 nan", "set w2.g 1"])])
    var s = Session(files: files)
    s.must("load nan.sav")
    XCTAssertEqual(
      s.mustFail("update"), s.mustFail("train").replacingOccurrences(of: "train:", with: "update:"))
    XCTAssertTrue(s.mustFail("update").hasPrefix("update: w1 is nan"))
    var t = Session()
    t.must("set w2.g 1e308; set w1.g 1")
    let error = t.mustFail("update 1e10")
    XCTAssertTrue(
      error.hasPrefix("update: w2 would become -inf with lr \(plainNumber(1e10))"), error)
  }

  // MARK: Helpers

  /// The shipped lessons, as (path, text).
  static func shippedLessons() throws -> [(path: String, text: String)] {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("../../Lessons")
    let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
      .filter { $0.hasSuffix(".md") }.sorted()
    return try names.map { name in
      (
        "Lessons/" + name,
        try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
      )
    }
  }
}

extension Session {
  /// `must` with hooks.
  mutating func must(
    _ command: String, hooks: Hooks, file: StaticString = #filePath, line: UInt = #line
  )
    -> String
  {
    let result = execute(command, hooks: hooks)
    if let error = result.error { XCTFail("'\(command)' failed: \(error)", file: file, line: line) }
    return result.output
  }
}
