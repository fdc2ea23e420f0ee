import RNN
import Synchronization
import XCTest

@testable import Tutor

final class SessionTests: XCTestCase {
  func testMustShowScriptPrintsW1Gradient() {
    var session = Session()
    var out = ""
    var err = ""
    let status = runScript(
      "set w1 1.8; set w2 -0.5; set w3 1.1; input 0 0.5; target 1; forward; backward; print w1.g",
      numbering: .commands, keepGoing: false, session: &session, out: { out += $0 },
      err: { err += $0 })
    XCTAssertEqual(status, 0)
    XCTAssertEqual(err, "")
    let last = out.split(separator: "\n").last!
    XCTAssertTrue(last.hasPrefix("w1.g = "))
    let value = Double(last.dropFirst("w1.g = ".count))!
    XCTAssertLessThanOrEqual(abs(value - -0.0055), 1e-15)
  }

  func testPrintUsesRoundTripForm() {
    var session = Session()
    session.must("set w1 0.1; set w2 0.2")
    XCTAssertEqual(session.must("print w1"), "w1 = 0.1\n")
    session.must("set w1 0.9900000000000001")
    XCTAssertEqual(session.must("print w1"), "w1 = 0.9900000000000001\n")
    session.must("set w1 1.8; set w2 -0.5; set w3 1.1; input 0 0.5; target 1; forward")
    XCTAssertEqual(session.must("print yhat"), "yhat = \(0.9 * 1.1)\n")
    XCTAssertEqual(session.must("print h[0]"), "h[0] = 0\n")
    XCTAssertEqual(session.must("print x[2]"), "x[2] = 0.5\n")
    XCTAssertEqual(session.must("print lr"), "lr = 0.001\n")
    XCTAssertEqual(session.must("print y"), "y = 1\n")
    let loss = Cell.loss(prediction: 0.9 * 1.1, target: 1)
    XCTAssertEqual(session.must("print loss"), "loss = \(loss)\n")
  }

  func testErrorsNumberLinesForFilesAndCommandsForE() {
    var session = Session()
    var err = ""
    _ = runScript(
      "set w1 1\n\n# comment\nforward; bogus\n", numbering: .lines, keepGoing: false,
      session: &session, out: { _ in }, err: { err += $0 })
    XCTAssertEqual(
      err, "<stdin>:4: error: unknown command 'bogus' — type 'help' for the list of commands\n")
    err = ""
    var again = Session()
    let status = runScript(
      "set w1 1; forwrd; print w1", numbering: .commands, keepGoing: false, session: &again,
      out: { _ in }, err: { err += $0 })
    XCTAssertEqual(status, 1)
    XCTAssertEqual(
      err, "-e:2: error: unknown command 'forwrd' — did you mean 'forward'? ('help' lists all)\n")
  }

  func testTyposGetASuggestion() {
    var session = Session()
    XCTAssertEqual(
      session.mustFail("trian"),
      "unknown command 'trian' — did you mean 'train'? ('help' lists all)")
    XCTAssertEqual(
      session.mustFail("Trian"),
      "unknown command 'Trian' — did you mean 'train'? ('help' lists all)")
    XCTAssertEqual(
      session.mustFail("xyzzy"), "unknown command 'xyzzy' — type 'help' for the list of commands")
  }

  /// A terminal whose locale is not UTF-8 gets only ASCII, from every screen and error, and
  /// never a `?` standing for a glyph that has no ASCII spelling: these commands, then every
  /// command's example.
  func testASCIITraitsPrintOnlyASCII() throws {
    var session = Session(
      traits: TerminalTraits(isInteractive: false, color: false, unicode: false, width: 80))
    var text = ""
    var leaks: [String] = []
    func run(_ command: String, in session: inout Session) {
      leaks += glyphsWithoutASCII(session, command)
      let result = session.execute(command)
      text += result.output + (result.error ?? "")
    }
    for command in [
      "help", "help back", "errata", "datasets", "data slopes", "weights", "step", "forward",
      "states", "back", "backward", "grads", "gradcheck", "update", "mode article", "model part1",
      "model part2", "train 100", "lessons", "set w1 😀", "bogus§",
    ] {
      run(command, in: &session)
    }
    XCTAssertTrue(text.contains("dL/dyhat = yhat - y"), text)
    for command in CommandTable.all {
      var fresh = try CommandExampleTests.sessionReady(for: command, unicode: false)
      for part in splitCommands(Substring(command.example)) { run(part, in: &fresh) }
    }
    var lessons = try ShippedLessons.session()
    lessons.traits = session.traits
    for lesson in lessons.lessonBook.lessons {
      run("lesson \(lesson.number)", in: &lessons)
      for _ in lesson.steps.dropFirst() { run("skip", in: &lessons) }
      run("skip", in: &lessons)
    }
    let bad = text.unicodeScalars.filter { !$0.isASCII }
    XCTAssertTrue(bad.isEmpty, "non-ASCII: \(String(String.UnicodeScalarView(bad)))")
    XCTAssertEqual(leaks, [], "glyphs with no ASCII spelling")
  }

  /// The check above can fail: a lesson's 🙂 has no ASCII spelling, and the learner did not
  /// type it.
  func testAGlyphWithoutAnASCIISpellingIsFound() {
    var session = makeSession(unicode: false)
    XCTAssertEqual(
      session.installLessons([("Lessons/01-a.md", "# A\n\n## S (§1)\n\nsmile 🙂\n")]), [])
    XCTAssertEqual(glyphsWithoutASCII(session, "lesson 1"), ["'lesson 1' prints 🙂 (U+1F642)"])
    XCTAssertEqual(glyphsWithoutASCII(session, "set w1 🙂"), [], "the learner's own text")
    XCTAssertTrue(session.execute("lesson 1").output.contains("smile ?"), "what the fallback does")
  }

  func testKeepGoingRunsTheRestAndStillFails() {
    var session = Session()
    var out = ""
    var errors = 0
    let status = runScript(
      "set w1 x; set w1 2; print w1", numbering: .commands, keepGoing: true, session: &session,
      out: { out += $0 }, err: { _ in errors += 1 })
    XCTAssertEqual(status, 1)
    XCTAssertEqual(errors, 1)
    XCTAssertTrue(out.hasSuffix("w1 = 2\n"))
  }

  func testSteppingMatchesForwardAndEnterRepeats() {
    var stepped = Session()
    _ = stepped.run(line: "step")
    let second = stepped.run(line: "")  // Enter repeats step
    XCTAssertEqual(second.first?.error, nil)
    XCTAssertEqual(stepped.state.forward?.t, 2)
    var whole = Session()
    whole.must("forward")
    XCTAssertEqual(stepped.state.forward, whole.state.forward)
    XCTAssertTrue(stepped.mustFail("step").contains("complete"))
  }

  func testBackStepsFillTheSumsTermByTerm() {
    var session = Session()
    session.must("set w1 1.8; set w2 -0.5; set w3 1.1; input 0 0.5; target 1; forward")
    let first = session.must("back")
    XCTAssertTrue(first.contains("∂L/∂ŷ = ŷ − y = 0.99 − 1 = −0.01"), first)
    XCTAssertTrue(first.contains("w₃.g = −0.009"), first)
    let second = session.must("back")
    XCTAssertTrue(
      second.contains("w₁ term = tmp·x₂ = (−0.011)·0.5 = −0.0055   w₁.g = −0.0055"), second)
    session.must("back")
    XCTAssertEqual(
      session.state.model.gradients.w1,
      session.state.model.gradientCheck(inputs: [0, 0.5], target: 1).rows[0].backpropagated)
  }

  func testSecondBackwardAccumulatesAndSaysSo() {
    var session = Session()
    session.must("set w1 1.8; set w2 -0.5; set w3 1.1; input 0 0.5; target 1; forward; backward")
    let once = session.state.model.gradients.w1
    let text = session.must("backward")
    XCTAssertTrue(text.contains("accumulate"), text)
    XCTAssertEqual(session.state.model.gradients.w1, 2 * once)
    session.must("zero")
    XCTAssertEqual(session.state.model.gradients, .zero)
  }

  func testArticleModeScreensNameTheErrata() {
    var session = Session()
    session.must("mode article; forward")
    let out = session.must("back")
    XCTAssertTrue(out.contains("erratum 1"), out)
    XCTAssertEqual(session.state.model.gradients.w3, 0)
    XCTAssertTrue(session.must("errata").contains("reproduced now (mode article)"))
  }

  func testTrainOnSlopesEndsAtTheEnginesWeights() {
    var session = Session()
    session.must("set w1 0.5; set w2 0.3; set w3 0.8; data slopes")
    let out = session.must("train")
    XCTAssertTrue(out.hasPrefix("trained 20,000 epochs on slopes"), out)
    var model = MiniRnn(weights: Weights(w1: 0.5, w2: 0.3, w3: 0.8))
    _ = model.train(on: .slopes)
    XCTAssertEqual(session.state.model.weights, model.weights)
  }

  /// One epoch is "1 epoch", and the learning rate reads as `set` and `print` show it, for
  /// the RNN and the LSTM alike (issue 20's drift: "trained 1 epochs", "lr 1.0").
  func testTrainSaysOneEpochAndTheLearningRateAsPrintShowsIt() {
    var s = Session()
    s.must("set lr 1")
    XCTAssertTrue(s.must("train 1").hasPrefix("trained 1 epoch on slopes, lr = 1 — "))
    XCTAssertEqual(s.must("print lr"), "lr = 1\n")
    XCTAssertTrue(s.must("weights").contains("lr = 1\n"))
    s.must("model lstm; set lr 1")
    XCTAssertTrue(s.must("train 1").hasPrefix("trained the LSTM 1 epoch on slopes, lr = 1 — "))
    XCTAssertTrue(s.must("weights").contains("model lstm (beyond the article), lr = 1\n"))
  }

  /// Without a clock no time passes, so a transcript of `train` is the same on every run;
  /// with one, train reports what it measured between its first and last reading.
  func testTrainReadsItsElapsedTimeFromTheHooks() {
    var still = Session()
    XCTAssertTrue(
      still.must("train 10").hasPrefix(
        "trained 10 epochs on slopes, lr = 0.001 — 30 sample steps in 0 s\n"))
    let readings = Mutex(0)
    let clock = Hooks(now: {
      readings.withLock { count in
        count += 1
        return .milliseconds(1500 * (count - 1))
      }
    })
    var timed = Session()
    let result = timed.execute("train 10", hooks: clock)
    XCTAssertTrue(
      result.output.hasPrefix("trained 10 epochs on slopes, lr = 0.001 — 30 sample steps in 1.5 s\n"),
      result.output)
    XCTAssertEqual(readings.withLock { $0 }, 2, "one reading at the start, one at the end")
  }

  func testTrainStopsWhenAskedAndSaysWhere() {
    var session = Session()
    let hooks = Hooks(shouldStop: { true })
    // The first check comes after 4,096 sample steps: 1,365 epochs of 3 samples, plus one.
    let result = session.execute("train 1000000", hooks: hooks)
    XCTAssertNil(result.error)
    XCTAssertTrue(
      result.output.hasPrefix(
        "stopped by Ctrl-C at epoch 1,366, after sample 1 of 3 — 4,096 sample steps"),
      result.output)
  }

  func testDivergenceIsReportedWithEpochAndSample() {
    var session = Session()
    let out = session.must(
      "set w1 1; set w2 1; set w3 1; input 1 1; target 1e150; data custom; train 1000 1")
    XCTAssertTrue(out.contains("\ndiverged at epoch 2, sample 1 — 2 sample steps in "), out)
    XCTAssertTrue(out.contains("the weights are the last finite ones"), out)
    XCTAssertTrue(session.state.model.weights.isFinite)
  }

  func testPart1GivesTheArticlesPredictions() {
    var session = Session()
    session.must("model part1; data zigzag; forward")
    XCTAssertEqual(session.must("print yhat"), "yhat = 0.7\n")
    session.must("sample 2; forward")
    XCTAssertEqual(session.must("print yhat"), "yhat = 1.6\n")
    XCTAssertTrue(session.mustFail("back").contains("model part2"))
  }

  func testDisplayShowsValuesAfterEachCommand() {
    var session = Session()
    session.must("display w1 h[2]")
    let out = session.must("set w1 2")
    XCTAssertTrue(
      out.hasSuffix(
        "w1 = 2\nh[2] = (h[2] is not computed yet: the forward pass is at t = 0; type 'step' or 'forward')\n"
      ), out)
    session.must("undisplay")
    XCTAssertEqual(session.must("set w1 3"), "w1 = 3\n")
  }

  func testSaveThenLoadRestoresTheState() {
    let files = MemoryFiles()
    var session = Session(files: files)
    session.must("seed 9; randomize; data zigzag; sample 2; mode article; set lr 0.01; precision 4")
    session.must("forward; backward; display w1")
    session.must("save s.minirnn")
    var fresh = Session(files: files)
    fresh.must("load s.minirnn")
    var expected = session.state
    expected.clearDerived()
    XCTAssertEqual(fresh.state.model, expected.model)
    XCTAssertEqual(fresh.state.inputs, expected.inputs)
    XCTAssertEqual(fresh.state.target, expected.target)
    XCTAssertEqual(fresh.state.dataset, expected.dataset)
    XCTAssertEqual(fresh.state.learningRate, expected.learningRate)
    XCTAssertEqual(fresh.state.precision, expected.precision)
    XCTAssertEqual(fresh.state.displays, expected.displays)
  }

  func testLoadRefusesAnythingButStateCommandsAndChangesNothing() {
    let files = MemoryFiles([
      "bad": "set w1 5\ntrain 10\n", "broken": "set w1 5\nset w2 nope\n",
    ])
    var session = Session(files: files)
    let before = session.state
    let bad = session.mustFail("load bad")
    XCTAssertTrue(bad.contains("bad, line 2"), bad)
    XCTAssertTrue(bad.contains("'train' is not a state command"), bad)
    let broken = session.mustFail("load broken")
    XCTAssertTrue(broken.contains("broken, line 2"), broken)
    XCTAssertEqual(session.state, before)
    XCTAssertTrue(session.mustFail("load missing").contains("no such file"))
  }

  func testFailedSaveChangesNothing() {
    let files = MemoryFiles(["old": "kept"], failing: ["old"])
    var session = Session(files: files)
    let before = session.state
    XCTAssertTrue(session.mustFail("save old").contains("not written by minirnn"))
    XCTAssertTrue(session.mustFail("save old --force").contains("no space left"))
    XCTAssertEqual(files["old"], "kept")
    XCTAssertEqual(session.state, before)
  }

  func testCompletion() {
    let session = Session()
    XCTAssertEqual(session.completions(for: "wei"), .words(prefix: "wei", candidates: ["weights"]))
    XCTAssertEqual(
      session.completions(for: "set "),
      .words(prefix: "", candidates: ["b", "c", "lr", "w1", "w2", "w3"]))
    XCTAssertEqual(session.completions(for: "mode a"), .words(prefix: "a", candidates: ["article"]))
    XCTAssertEqual(session.completions(for: "data z"), .words(prefix: "z", candidates: ["zigzag"]))
    XCTAssertEqual(session.completions(for: "load Les"), .path(prefix: "Les"))
    XCTAssertEqual(
      session.completions(for: "help gra"),
      .words(prefix: "gra", candidates: ["gradcheck", "grads"]))
    XCTAssertEqual(
      session.completions(for: "forward; ba"),
      .words(prefix: "ba", candidates: ["back", "backward"]))
    if case .words(_, let names) = session.completions(for: "print h") {
      XCTAssertTrue(names.contains("h[2]"))
    } else {
      XCTFail("print completes names")
    }
  }

  func testHelpListsCommandsWithUsageExampleAndSection() {
    var session = Session()
    let list = session.must("help")
    for name in ["step", "back", "train", "gradcheck", "errata", "save"] {
      XCTAssertTrue(list.contains(name), name)
      let help = session.must("help \(name)")
      XCTAssertTrue(help.hasPrefix("usage: "), help)
      XCTAssertTrue(help.contains("example: "), help)
    }
    XCTAssertTrue(session.must("help step").contains("article: §1.3, Eq. 3"))
  }
}

extension SessionState {
  /// The state without what `save` deliberately leaves out (passes, generator position,
  /// the last training run).
  mutating func clearDerived() {
    forward = nil
    backward = nil
    lastTraining = nil
  }
}

final class ProgressLineTests: XCTestCase {
  func testDurationsReadLikeAClock() {
    XCTAssertEqual(Session.duration(3.4), "3s")
    XCTAssertEqual(Session.duration(75), "1m15s")
    XCTAssertEqual(Session.duration(4000), "1h06m")
    XCTAssertEqual(Session.duration(.nan), "…")
  }

  func testProgressLineFitsTheWidth() {
    let p = TrainingProgress(
      epoch: 500_001, epochs: 1_000_000_000, sampleSteps: 1_500_000, loss: 0.25)
    let line = Session.progressLine(p, elapsed: .seconds(1), width: 80)
    XCTAssertLessThanOrEqual(line.count, 79)
    XCTAssertTrue(line.hasPrefix("epoch 500,001/1,000,000,000 ["), line)
  }
}

final class WrappingTests: XCTestCase {
  func testLongLinesWrapAtSpacesUnderTheirIndent() {
    let text = "  " + Array(repeating: "word", count: 30).joined(separator: " ") + "\nshort\n"
    let wrapped = TextLayout.wrapLongLines(text, width: 40)
    let lines = wrapped.split(separator: "\n")
    XCTAssertTrue(lines.dropLast().allSatisfy { $0.count <= 40 }, wrapped)
    XCTAssertTrue(lines[1].hasPrefix("    word"), wrapped)
    XCTAssertEqual(lines.last, "short")
    XCTAssertEqual(wrapped.filter { $0 == "w" }.count, 30, "no word lost")
    XCTAssertTrue(wrapped.hasSuffix("\n"))
  }

  func testPicturesAndColourCodesAreLeftAlone() {
    let picture = String(repeating: "─", count: 60) + "\n"
    XCTAssertEqual(TextLayout.wrapLongLines(picture, width: 40), picture)
    let coloured = "\u{1B}[1;32m" + String(repeating: "x", count: 30) + "\u{1B}[0m\n"
    XCTAssertEqual(TextLayout.wrapLongLines(coloured, width: 40), coloured)
  }

  func testThePromptWrapsButScriptsDoNot() {
    var prompt = Session(
      traits: TerminalTraits(isInteractive: true, color: false, unicode: true, width: 60))
    var script = Session()
    let long = prompt.must("errata")
    XCTAssertTrue(long.split(separator: "\n").allSatisfy { $0.count <= 60 }, long)
    XCTAssertTrue(script.must("errata").split(separator: "\n").contains { $0.count > 60 })
  }
}
