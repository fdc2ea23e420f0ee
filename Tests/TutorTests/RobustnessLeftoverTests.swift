import RNN
import XCTest

@testable import Tutor

/// What the second robustness round left: Ctrl-C in `export svg landscape` and in
/// `check-lessons`, counts in words, and the speed-ups the fuzzers needed, each checked
/// against the slower code it replaced.
final class RobustnessLeftoverTests: XCTestCase {
  /// A session whose landscape needs many cells of work: a data set of three 200-value
  /// sequences (on 2,000-value ones it takes seconds).
  private func largeLandscapeSession(_ files: MemoryFiles) -> Session {
    var s = Session(files: files)
    s.must("input " + (0..<200).map { "0.\($0 % 10)" }.joined(separator: " ") + "; target 1")
    s.must("data custom; data add; data add")
    return s
  }

  func testCtrlCStopsExportSvgOfALandscapeAndWritesNothing() {
    let files = MemoryFiles()
    var s = largeLandscapeSession(files)
    let before = s.state
    let polls = Counter()
    let result = s.execute(
      "export svg big.svg landscape", hooks: Hooks(shouldStop: { polls.next() > 20 }))
    XCTAssertEqual(result.error, "export: interrupted; nothing was written")
    XCTAssertNil(files["big.svg"])
    XCTAssertEqual(s.state, before)
    XCTAssertEqual(polls.next(), 22, "it stopped at the first poll that said so")
    // The same export, not stopped, writes the picture that `landscape` would shade.
    let written = s.execute("export svg big.svg landscape", hooks: Hooks(shouldStop: { false }))
    XCTAssertNil(written.error)
    XCTAssertTrue(files["big.svg"]?.contains("minirnn landscape") ?? false)
  }

  func testCtrlCStopsExportSvgOfTheLastLandscape() {
    let files = MemoryFiles()
    var s = largeLandscapeSession(files)
    s.must("landscape")
    let polls = Counter()
    let result = s.execute("export svg last.svg", hooks: Hooks(shouldStop: { polls.next() > 5 }))
    XCTAssertEqual(result.error, "export: interrupted; nothing was written")
    XCTAssertNil(files["last.svg"])
  }

  /// A lesson whose step trains for ever: `check-lessons` replays it, and Ctrl-C must stop
  /// the replay and say what was checked.
  private let endlessLesson = """
    # Endless

    ## First (§1)

    ```minirnn
    minirnn> set w1 0.5
    w1 = 0.5
    ```

    ## Train for ever (§3)

    ```minirnn
    minirnn> train 1000000000
    ...
    ```

    ## Never reached (§3)

    ```minirnn
    minirnn> set w2 0.25
    w2 = 0.25
    ```

    """

  func testCtrlCStopsCheckLessonsAndSaysSo() {
    let polls = Counter()
    let report = checkLessons(
      [("Lessons/01-endless.md", endlessLesson)], hooks: Hooks(shouldStop: { polls.next() > 10 }))
    XCTAssertTrue(report.interrupted)
    // `set w1` passed before the stop; nothing after the endless train was compared.
    XCTAssertEqual(report.passed, 1)
    XCTAssertEqual(report.failed, 0)
    XCTAssertEqual(
      report.text,
      "interrupted by Ctrl-C in Lessons/01-endless.md: 1 passed, 0 failed before it; the rest was not checked\n"
    )
  }

  func testCheckLessonsWithoutCtrlCIsAsBefore() {
    let lesson = endlessLesson.replacing("train 1000000000\n...", with: "set w3 1\nw3 = 1")
    let report = checkLessons(
      [("Lessons/01-short.md", lesson)], hooks: Hooks(shouldStop: { false }))
    XCTAssertFalse(report.interrupted)
    XCTAssertEqual(report.passed, 3)
    XCTAssertTrue(report.text.hasSuffix("3 passed, 0 failed\n"), report.text)
  }

  func testLoadCountsCommandsInWords() {
    for (lines, words) in [(1, "1 command"), (2, "2 commands")] {
      let script = (0..<lines).map { "set w1 0.\($0 + 1)" }.joined(separator: "\n") + "\n"
      var s = Session(files: MemoryFiles(["f": script]))
      let output = s.execute("load f").output
      XCTAssertTrue(output.hasPrefix("loaded f (\(words))\n"), output)
    }
  }

  func testTranscriptExportCountsCommandsInWords() {
    let files = MemoryFiles()
    var s = Session(files: files)
    let output = s.execute("export transcript t.md").output
    XCTAssertEqual(output, "wrote the transcript (0 commands) as Markdown to t.md\n")
    s.must("print w1")
    let again = s.execute("export transcript t.md").output
    // The transcript holds the first export and `print w1`.
    XCTAssertEqual(again, "replaced t.md with the transcript (2 commands) as Markdown\n")
    var one = Session(files: files)
    one.must("print w1")
    XCTAssertEqual(
      one.execute("export transcript t.md").output,
      "replaced t.md with the transcript (1 command) as Markdown\n")
  }

  /// `train` polls every `Hooks.checkEvery` sample steps: the fuzzers ask for 64.
  func testTrainPollsEveryCheckEverySampleSteps() {
    for every in [1, 10, 64] {
      var s = Session()
      let samples = s.state.dataset!.samples.count
      let result = s.execute(
        "train 1000000", hooks: Hooks(shouldStop: { true }, checkEvery: every))
      let epoch = (every - 1) / samples + 1
      let sample = (every - 1) % samples + 1
      XCTAssertTrue(
        result.output.hasPrefix(
          "stopped by Ctrl-C at epoch \(epoch), after sample \(sample) of \(samples) — \(every) sample step\(every == 1 ? "" : "s")"
        ),
        result.output)
    }
  }

  func testCompareStopsAfterCheckEverySampleSteps() {
    var s = Session()
    s.must("data zigzag")
    let samples = s.state.dataset!.samples.count
    let polls = Counter()
    // The first poll comes before the RNN run, the second after 10 of its sample steps.
    let result = s.execute(
      "compare rnn lstm 1000000",
      hooks: Hooks(shouldStop: { polls.next() > 1 }, checkEvery: 10))
    XCTAssertNil(result.error)
    let epoch = (10 - 1) / samples + 1
    XCTAssertTrue(
      result.output.contains("stopped by Ctrl-C in the RNN run from seed 0, epoch \(epoch);"),
      result.output)
  }

  /// The old edit distance, two fresh rows per row of the table: the new one must agree.
  private func referenceDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a.utf8.prefix(64))
    let b = Array(b.utf8.prefix(64))
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var beforePrevious = Array(0...b.count)
    var previous = Array(0...b.count)
    for i in 1...a.count {
      var current = [i] + Array(repeating: 0, count: b.count)
      for j in 1...b.count {
        current[j] = min(
          previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
          current[j] = min(current[j], beforePrevious[j - 2] + 1)
        }
      }
      beforePrevious = previous
      previous = current
    }
    return previous[b.count]
  }

  func testEditDistanceAgreesWithTheTableItReplaced() {
    let seed = testSeed(20_261_207)
    var generator = SplitMix64(seed: seed)
    let letters = Array("abcdeirnt")
    func word() -> String {
      String(
        (0..<Int.random(in: 0...9, using: &generator)).map { _ in
          letters.randomElement(using: &generator)!
        })
    }
    for _ in 0..<3_000 {
      let (a, b) = (word(), word())
      let exact = referenceDistance(a, b)
      XCTAssertEqual(editDistance(a, b), exact, "seed \(seed): \(a) \(b)")
      for limit in 0...3 {
        let bounded = editDistance(Array(a.utf8), Array(b.utf8), atMost: limit)
        if exact <= limit {
          XCTAssertEqual(bounded, exact, "seed \(seed): \(a) \(b) at most \(limit)")
        } else {
          XCTAssertGreaterThan(bounded, limit, "seed \(seed): \(a) \(b) at most \(limit)")
        }
      }
    }
  }

  func testSuggestionsAreThoseOfAFullSearch() {
    let seed = testSeed(20_261_207)
    var generator = SplitMix64(seed: seed)
    var typos = ["trian", "TRAIN", "stpe", "lod", "sav", "hepl", "gradchek", "xyzzy", ""]
    for name in CommandTable.names {
      var bytes = Array(name.utf8)
      let i = Int.random(in: 0..<bytes.count, using: &generator)
      bytes[i] = UInt8.random(in: 97...122, using: &generator)
      typos.append(String(decoding: bytes, as: UTF8.self))
      typos.append(String(name.dropLast()))
    }
    for typo in typos {
      let lowered = typo.lowercased()
      var expected: String?
      if CommandTable.lookup(lowered) != nil {
        expected = lowered
      } else if typo.utf8.count <= 32 && typo.utf8.count > 2 {
        let allowed = max(1, min(2, lowered.utf8.count / 3))
        var best: (String, Int)?
        for candidate in CommandTable.names {
          let d = referenceDistance(lowered, candidate)
          if d <= allowed && d < (best?.1 ?? .max) { best = (candidate, d) }
        }
        expected = best?.0
      }
      XCTAssertEqual(CommandTable.suggestion(for: typo), expected, "seed \(seed): \(typo)")
    }
  }

  func testLookupFindsEveryNameAndAliasAsAScanWould() {
    for name in CommandTable.names + ["", "nosuch", "TRAIN"] {
      let scanned = CommandTable.all.first { $0.name == name || $0.aliases.contains(name) }
      XCTAssertEqual(CommandTable.lookup(name)?.name, scanned?.name, name)
    }
  }

  /// `visibleLength` skips its table lookup below U+0300: no combining mark is there.
  func testNoCombiningMarkBelowU0300() {
    for value in 0..<0x300 {
      let scalar = Unicode.Scalar(UInt32(value))!
      XCTAssertNotEqual(scalar.properties.generalCategory, .nonspacingMark, "\(value)")
    }
    XCTAssertEqual(Unicode.Scalar(0x300)!.properties.generalCategory, .nonspacingMark)
    XCTAssertEqual(TextLayout.columns("e\u{301}tat ŷ₁"), 7)
  }

  /// `save run#1` in a script saves to `run`, as at the prompt, and says why on stderr.
  func testAScriptIsToldThatHashCutAFileName() {
    for (source, numbering, number) in [
      ("print w1\nsave run#1\n", ScriptNumbering.lines, "<stdin>:2"),
      ("print w1; save run#1", ScriptNumbering.commands, "-e:2"),
    ] {
      let files = MemoryFiles()
      var session = Session(files: files)
      var errors = ""
      let status = runScript(
        source, numbering: numbering, keepGoing: false, session: &session, out: { _ in },
        err: { errors += $0 })
      XCTAssertEqual(status, 0)
      XCTAssertNotNil(files["run"])
      XCTAssertEqual(
        errors,
        "\(number): note: '#' starts a comment, so the file name was 'run'; minirnn has no quoting, so use a name without '#'\n"
      )
    }
    // A comment after a space, or after a command that takes no file, is just a comment.
    var session = Session(files: MemoryFiles())
    var errors = ""
    _ = runScript(
      "save run # first try\nprint w1#x\n# save b#c\n", numbering: .lines, keepGoing: false,
      session: &session, out: { _ in }, err: { errors += $0 })
    XCTAssertEqual(errors, "")
  }

  /// `visible` looks for controls in the UTF-8 bytes first: it must find exactly the
  /// strings the scalar test finds.
  func testControlsAreFoundFromTheBytesAsFromTheScalars() {
    let seed = testSeed(20_261_207)
    var generator = SplitMix64(seed: seed)
    let scalars: [UInt32] = [
      0x00, 0x09, 0x0A, 0x0D, 0x1B, 0x1F, 0x20, 0x41, 0x7E, 0x7F, 0x80, 0x85, 0x9B, 0x9F, 0xA0,
      0xC2, 0xE9, 0x100, 0x2212, 0x1F600, 0x0301,
    ]
    for _ in 0..<5_000 {
      let count = Int.random(in: 0...6, using: &generator)
      let text = String(
        String.UnicodeScalarView(
          (0..<count).map { _ in Unicode.Scalar(scalars.randomElement(using: &generator)!)! }))
      for keepingLines in [true, false] {
        let expected = text.unicodeScalars.contains { scalar in
          switch scalar.value {
          case 0x0A, 0x09: !keepingLines
          case 0..<0x20, 0x7F..<0xA0: true
          default: false
          }
        }
        XCTAssertEqual(
          containsControl(text.utf8, keepingLines: keepingLines), expected,
          "seed \(seed): \(text.debugDescription)")
      }
    }
  }

  /// On a long input, 4,096 sample steps took 0.23 s between two polls for Ctrl-C: `train`
  /// also polls once `MiniRnn.timestepsPerCheck` timesteps have run.
  func testTrainOnALongInputPollsAfterAMillionTimesteps() {
    var s = Session()
    s.must("input " + Array(repeating: "0.1", count: 10_000).joined(separator: " "))
    s.must("target 1; data custom")
    let result = s.execute("train 1000000", hooks: Hooks(shouldStop: { true }))
    let steps = (MiniRnn.timestepsPerCheck + 9_999) / 10_000
    XCTAssertTrue(
      result.output.hasPrefix(
        "stopped by Ctrl-C at epoch \(steps), after sample 1 of 1 — \(steps) sample steps"),
      result.output)
  }
}
