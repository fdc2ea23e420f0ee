import RNN
import XCTest

@testable import Tutor

/// `save` and `load`: every state a save writes loads back to the same state, and a damaged
/// file is refused, saying why, with the session unchanged.
final class StateFileTests: XCTestCase {
  /// Commands a learner might type, including ones that leave non-finite gradients,
  /// displays past the end of a shorter input, custom data sets and random draws.
  static let pool: [String] = [
    "set w1 0.7", "set w2 -1.25", "set w3 3e-5", "set lr 0.05", "seed 11", "randomize",
    "randomize", "model part1", "model part2", "mode article", "mode exact", "data slopes",
    "data zigzag", "sample 2", "sample 3", "input 0 0.5", "input 1 2 3 4", "input -0.0",
    "target 1", "target -2.5", "data custom", "data add", "forward", "backward", "update",
    "zero", "train 3", "precision 3", "precision 0", "display w1.g", "display x[4] h[3]",
    "display loss", "undisplay",
    "set w1 1e300; set w3 1e300; input 1e300 1e300; target -1e300; forward; backward",
    "set w2.g 5e-324",
    // What main added since: `mode text`, `data recall N`, truncated BPTT and clipping.
    "mode text", "data recall 3", "data recall 8", "truncate 2", "truncate off", "clip 0.5",
    "clip off",
    // The generalised cell (beyond the article).
    "activation tanh", "activation abs", "activation identity", "activation relu", "set b 0.3",
    "set c -0.7", "train bias on", "train bias off", "reset cell", "set b.g 2.5",
    "display b c.g",
    // The LSTM (issue 14): its parameters, gradients, learning rate and displays.
    "model lstm", "model lstm", "set f.wh 0.3", "set i.b -1.5", "set o.b.g 0.125",
    "set lr 0.2", "display f[2] c[1] o.wx.g", "step", "back", "display x[4] h[3]",
  ]

  /// Runs `count` commands drawn from the pool; some fail (sample 3 of zigzag), as they may.
  static func randomSession(_ rng: inout SplitMix64, count: Int) -> (Session, [String]) {
    var session = Session(files: MemoryFiles())
    var typed: [String] = []
    for _ in 0..<count {
      let line = pool[Int(rng.next() % UInt64(pool.count))]
      typed.append(line)
      session.run(line: line)
    }
    return (session, typed)
  }

  /// Two doubles are the same value: equal, or both NaN.
  static func same(_ a: Double, _ b: Double) -> Bool { a == b || a.isNaN && b.isNaN }
  static func same(_ a: Double?, _ b: Double?) -> Bool {
    switch (a, b) {
    case (nil, nil): true
    case (let a?, let b?): same(a, b)
    default: false
    }
  }

  /// Everything a save keeps, compared field by field (NaN counts as equal to NaN).
  static func assertSameSavedState(
    _ got: SessionState, _ expected: SessionState, _ context: String,
    file: StaticString = #filePath, line: UInt = #line
  ) {
    let g = got.model
    let e = expected.model
    var problems: [String] = []
    if g.architecture != e.architecture { problems.append("architecture") }
    if g.mode != e.mode { problems.append("mode") }
    if g.truncation != e.truncation { problems.append("truncation") }
    if g.clipNorm != e.clipNorm { problems.append("clipNorm") }
    if g.activation != e.activation { problems.append("activation") }
    if g.trainsBiases != e.trainsBiases { problems.append("trainsBiases") }
    for w in Parameter.allCases {
      if !same(g.weights[w], e.weights[w]) { problems.append("\(w)") }
      if !same(g.gradients[w], e.gradients[w]) { problems.append("\(w).g") }
    }
    if got.inputs.count != expected.inputs.count
      || !zip(got.inputs, expected.inputs).allSatisfy({ $0.bitPattern == $1.bitPattern })
    {
      problems.append("inputs")
    }
    if !same(got.target, expected.target) { problems.append("target") }
    if got.dataset != expected.dataset { problems.append("dataset") }
    if got.sampleIndex != expected.sampleIndex { problems.append("sampleIndex") }
    if got.learningRate != expected.learningRate { problems.append("lr") }
    if got.seed != expected.seed { problems.append("seed") }
    if got.generator != expected.generator { problems.append("generator") }
    if got.precision != expected.precision { problems.append("precision") }
    if got.displays != expected.displays { problems.append("displays") }
    switch (got.lstm, expected.lstm) {
    case (nil, nil): break
    case (let g?, let e?):
      for p in LSTMParameter.allCases {
        if !same(g.model.weights[p], e.model.weights[p]) { problems.append("lstm \(p)") }
        if !same(g.model.gradients[p], e.model.gradients[p]) { problems.append("lstm \(p).g") }
      }
      if g.learningRate != e.learningRate { problems.append("lstm lr") }
    default: problems.append("model lstm")
    }
    XCTAssertEqual(problems, [], context, file: file, line: line)
  }

  func testEverySavedStateLoadsBackTheSame() {
    let seed = testSeed(12)
    var rng = SplitMix64(seed: seed)
    var nonFinite = 0
    var displaysPastTheInput = 0
    var customWithOwnInput = 0
    var recallTruncatedOrClipped = 0
    var generalisedCells = 0
    var lstmWithGradients = 0
    for trial in 0..<600 {
      var (session, typed) = Self.randomSession(&rng, count: 1 + trial % 25)
      let files = session.files as! MemoryFiles
      XCTAssertNil(session.execute("save s").error, "seed \(seed)")
      var loaded = Session(files: files)
      let result = loaded.execute("load s")
      let context = "seed \(seed), after \(typed.joined(separator: "; "))\n\(files["s"] ?? "")"
      XCTAssertNil(result.error, context)
      XCTAssertFalse(result.output.contains("note:"), "a save is checked: \(result.output)\n\(context)")
      Self.assertSameSavedState(loaded.state, session.state, context)
      let m = session.state.model
      if m.activation != .relu && m.trainsBiases && (m.weights.b != 0 || m.gradients.b != 0) {
        generalisedCells += 1
      }
      let g = session.state.model.gradients
      if Weight.allCases.contains(where: { !g[$0].isFinite }) { nonFinite += 1 }
      if session.state.displays.contains("x[4]") && session.state.inputs.count < 4 {
        displaysPastTheInput += 1
      }
      if session.state.dataset?.name == "custom" && session.state.sampleIndex == nil {
        customWithOwnInput += 1
      }
      if session.state.dataset?.name == "recall"
        && (session.state.model.truncation != nil || session.state.model.clipNorm != nil)
      {
        recallTruncatedOrClipped += 1
      }

      if let lstm = session.state.lstm, lstm.model.gradients != .zero { lstmWithGradients += 1 }
      // The generator continues where it was: the next draws agree.
      session.run(line: "model part2; randomize")
      loaded.run(line: "model part2; randomize")
      XCTAssertEqual(loaded.state.model.weights, session.state.model.weights, context)
    }
    XCTAssertGreaterThan(nonFinite, 5, "seed \(seed): the property covers non-finite gradients")
    XCTAssertGreaterThan(displaysPastTheInput, 5, "seed \(seed): and displays past the input")
    XCTAssertGreaterThan(customWithOwnInput, 5, "seed \(seed): and custom data sets off their samples")
    XCTAssertGreaterThan(recallTruncatedOrClipped, 5, "seed \(seed): and recall with truncate or clip")
    XCTAssertGreaterThan(generalisedCells, 5, "seed \(seed): and the generalised cell with trained biases")
    XCTAssertGreaterThan(lstmWithGradients, 5, "seed \(seed): and LSTM sessions with gradients")
  }

  func testACustomDataSetKeepsTheCurrentInputAndTargetAndRandomizeContinues() {
    let files = MemoryFiles()
    var session = Session(files: files)
    session.must("input 1 2; target 3; data custom; input 4 5; target 6; data add; input 7; target 8")
    session.must("seed 5; randomize; save s")
    var loaded = Session(files: files)
    loaded.must("load s")
    XCTAssertEqual(loaded.state.inputs, [7])
    XCTAssertEqual(loaded.state.target, 8)
    XCTAssertEqual(loaded.state.dataset?.samples.count, 2)
    XCTAssertNil(loaded.state.sampleIndex)
    session.must("randomize")
    loaded.must("randomize")
    XCTAssertEqual(loaded.state.model.weights, session.state.model.weights)
  }

  /// A save of a session with a little of everything.
  static func richSave() -> (MemoryFiles, String, Session) {
    let files = MemoryFiles()
    var session = Session(files: files)
    session.must("seed 3; randomize; input 1 2; target 0.5; data custom; data zigzag; sample 2")
    session.must("forward; backward; display w1.g h[1]; precision 4; save good")
    return (files, files["good"]!, session)
  }

  /// A session that differs from the save in every field, to see that a refusal changes
  /// nothing.
  static func otherSession(_ files: MemoryFiles) -> Session {
    var session = Session(files: files)
    session.must("set w1 9; input 4; target 4; set lr 0.5; precision 2; display loss")
    return session
  }

  func testATruncatedFileIsRefusedAtEveryLengthAndChangesNothing() {
    let (files, text, _) = Self.richSave()
    let bytes = Array(text.utf8)
    var session = Self.otherSession(files)
    let before = session.state
    for cut in 0..<(bytes.count - 1) {
      guard let prefix = String(validating: bytes[..<cut], as: UTF8.self) else { continue }
      files.contents.withLock { $0["cut"] = prefix }
      let result = session.execute("load cut")
      XCTAssertNotNil(result.error, "cut at \(cut) bytes loaded")
      XCTAssertEqual(session.state, before)
    }
    files.contents.withLock { $0["cut"] = String(text.dropLast()) }
    XCTAssertNil(session.execute("load cut").error, "only the last newline missing: still whole")
  }

  func testEverySingleBitFlipIsRefused() {
    let (files, text, _) = Self.richSave()
    let bytes = Array(text.utf8)
    var session = Self.otherSession(files)
    let before = session.state
    var tried = 0
    for i in bytes.indices {
      for bit in 0..<8 {
        var flipped = bytes
        flipped[i] ^= 1 << bit
        // Not UTF-8 or with a NUL: the file reader refuses it before load sees it.
        guard !flipped.contains(0), let damaged = String(validating: flipped, as: UTF8.self)
        else { continue }
        tried += 1
        files.contents.withLock { $0["flip"] = damaged }
        let result = session.execute("load flip")
        XCTAssertNotNil(result.error, "bit \(bit) of byte \(i) loaded:\n\(damaged)")
        XCTAssertEqual(session.state, before)
      }
    }
    XCTAssertGreaterThan(tried, bytes.count * 6)
  }

  func testEachDamageIsNamed() {
    let (files, text, _) = Self.richSave()
    var lines = text.split(separator: "\n").map(String.init)
    let body = lines.dropLast()
    func refusal(_ text: String) -> String {
      files.contents.withLock { $0["f"] = text }
      var session = Session(files: files)
      return session.mustFail("load f")
    }
    XCTAssertEqual(refusal(""), "load: f is empty; nothing was loaded")
    XCTAssertEqual(refusal(" \n\n"), "load: f is empty; nothing was loaded")
    XCTAssertEqual(
      refusal(body.joined(separator: "\n")),
      "load: f has no end line: it was cut short or is not a whole save; nothing was loaded")
    var changed = lines
    changed[3] = changed[3] + "1"
    XCTAssertEqual(
      refusal(changed.joined(separator: "\n")),
      "load: f does not match its checksum: it was changed or damaged after it was saved; nothing was loaded"
    )
    var lost = Array(body)
    lost.remove(at: 2)
    let wrongCount = lost + [StateFile.endLine(count: body.count, checksum: StateFile.checksum(lost))]
    XCTAssertEqual(
      refusal(wrongCount.joined(separator: "\n")),
      "load: f has \(lost.count) lines before its end line, which says \(body.count): lines were lost or added; nothing was loaded"
    )
    var newer = lines
    newer[0] = "# \(StateFile.format) 3: from the future"
    XCTAssertTrue(refusal(newer.joined(separator: "\n")).contains("newer minirnn (format version 3"))
    var header = lines
    header[0] = "# minirnn-stat 2"
    XCTAssertTrue(refusal(header.joined(separator: "\n")).contains("no 'minirnn-state' header"))
    lines.append("set w1 5")
    XCTAssertTrue(refusal(lines.joined(separator: "\n")).contains("text after its end line"))
  }

  func testHandWrittenScriptsAndOldSavesLoadWithANote() {
    let files = MemoryFiles([
      "hand": "# my start\nset w1 2\r\ninput 1 2\ntarget 1\n",
      "old": "# minirnn session state, written by 'save'; 'load' reads it back\nmodel part2\nset w1 3\n",
    ])
    var session = Session(files: files)
    let out = session.must("load hand")
    XCTAssertTrue(out.hasPrefix("loaded hand (3 commands)\nnote: hand has no 'minirnn-state' header"), out)
    XCTAssertEqual(session.state.model.weights.w1, 2)
    XCTAssertEqual(session.state.inputs, [1, 2])
    XCTAssertTrue(session.must("load old").contains("note:"))
    XCTAssertEqual(session.state.model.weights.w1, 3)
  }

  func testASaveWithCRLFLineEndsStillChecksAndLoads() {
    let (files, text, saved) = Self.richSave()
    files.contents.withLock { $0["crlf"] = text.replacingOccurrences(of: "\n", with: "\r\n") }
    var session = Session(files: files)
    XCTAssertFalse(session.must("load crlf").contains("note:"))
    var expected = saved.state
    expected.clearDerived()
    Self.assertSameSavedState(session.state, expected, "crlf")
  }

  func testCtrlCStopsALongLoadAndChangesNothing() {
    let text = StateFile.file(holding: (0..<20_000).map { "set w1 \($0)" })
    var session = Session(files: MemoryFiles(["big": text]))
    let before = session.state
    let polls = Counter()
    let result = session.execute("load big", hooks: Hooks(shouldStop: { polls.next() > 10 }))
    XCTAssertEqual(result.error?.hasPrefix("load: interrupted at line "), true, "\(result)")
    XCTAssertEqual(session.state, before)
    XCTAssertEqual(session.execute("load big").output, "loaded big (20000 commands)\n")
    XCTAssertEqual(session.state.model.weights.w1, 19_999)
  }
}

/// Issue 12, item 10: the small ones.
final class SmallDefectTests: XCTestCase {
  func testALearningRateAtOrBelowZeroIsRefusedEverywhere() {
    var s = Session()
    let before = s.state
    for command in ["set lr 0", "set lr -0.1", "train 10 0", "train 10 -1", "update -0.5", "update 0"] {
      let error = s.mustFail(command)
      XCTAssertTrue(error.contains("the learning rate must be greater than 0"), error)
      XCTAssertEqual(s.state, before, command)
    }
    s.must("set lr 0.25")
    XCTAssertEqual(s.state.learningRate, 0.25)
  }

  func testHexadecimalIsRefusedInEverySpellingAndTheUnicodeMinusIsAccepted() {
    var s = Session()
    for text in ["0x10", "0X10", "+0x10", "-0X10", "+0X1p3"] {
      XCTAssertEqual(
        s.mustFail("set w1 \(text)"),
        "set w1: '\(text)' is not a number (write it like 0.5, -2 or 1e-3)")
    }
    s.must("set w1 \u{2212}1.5; input \u{2212}2 1e\u{2212}3")
    XCTAssertEqual(s.state.model.weights.w1, -1.5)
    XCTAssertEqual(s.state.inputs, [-2, 1e-3])
  }

  func testDisplayListsANameOnce() {
    var s = Session()
    s.must("display w1 w1 w2; display w2 w1")
    XCTAssertEqual(s.state.displays, ["w1", "w2"])
  }

  func testDatasetsListsTheCustomSet() {
    var s = Session()
    s.must("input 3 4; target 5; data custom")
    let list = s.must("datasets")
    XCTAssertTrue(list.contains("* custom"), list)
    XCTAssertTrue(list.contains("1: [3, 4] → 5"), list)
  }

  func testSeedAfterKDrawsIsTheGeneratorAfterKDraws() {
    var a = Session()
    var b = Session()
    a.must("seed 3; model part2; randomize; randomize")
    var expected = SplitMix64(seed: 3)
    for _ in 0..<6 { _ = expected.next() }
    XCTAssertEqual(a.state.generator, expected)
    b.must("seed 3 after 6")
    XCTAssertEqual(b.state.generator, a.state.generator)
    XCTAssertEqual(a.state.generator.draws(since: 3), 6)
  }
}

/// Issue 12, item 7: what a session keeps must not grow with the script.
final class BoundedSessionTests: XCTestCase {
  func testTheTranscriptKeepsBoundedBytesAndTheNewestEntries() {
    var s = Session()
    s.must("input " + (0..<10_000).map { "0.\($0 % 10)" }.joined(separator: " ") + "; forward")
    let one = s.execute("states").output.utf8.count
    let runs = Session.transcriptByteLimit / one + 10
    for k in 0..<runs { _ = s.execute(k == runs - 1 ? "print w1" : "states") }
    let kept = s.transcript.reduce(0) { $0 + $1.size }
    XCTAssertLessThanOrEqual(kept, Session.transcriptByteLimit)
    XCTAssertGreaterThan(kept, Session.transcriptByteLimit / 4, "it still keeps a good part")
    XCTAssertEqual(s.transcript.last?.command, "print w1")
  }

  func testTheTranscriptKeepsBoundedEntries() {
    var s = Session()
    for k in 0..<(Session.transcriptLimit + 5) { _ = s.execute("set w1 \(k)") }
    XCTAssertLessThanOrEqual(s.transcript.count, Session.transcriptLimit)
    XCTAssertEqual(s.transcript.last?.command, "set w1 \(Session.transcriptLimit + 4)")
  }
}

extension SmallDefectTests {
  func testGradcheckSaysUnsureInsteadOfMismatchWhenTheLossOverflows() {
    var s = Session()
    let out = s.must("set w1 1e100; set w2 1; set w3 1e100; input 1e50 1; target 0; gradcheck")
    XCTAssertFalse(out.contains("MISMATCH"), out)
    XCTAssertTrue(out.contains("unsure: the loss is too large here"), out)
    let article = s.must("set w1 0.5; set w3 0.8; input 1 0.5; target 1; mode article; gradcheck")
    XCTAssertTrue(article.contains("MISMATCH"), "a real difference is still one: \(article)")
    XCTAssertFalse(article.contains("unsure"), article)
  }

  func testAHashRightAfterAFileNameIsExplained() {
    let files = MemoryFiles()
    var s = Session(files: files)
    let out = s.run(line: "save run#1").map(\.output).joined()
    XCTAssertEqual(
      out,
      "saved to run\nnote: '#' starts a comment, so the file name was 'run'; minirnn has no quoting, so use a name without '#'\n"
    )
    XCTAssertNotNil(files["run"])
    XCTAssertEqual(s.run(line: "save run # a comment").map(\.output).joined(), "saved to run\n")
    XCTAssertFalse(s.run(line: "print w1#x").map(\.output).joined().contains("note:"))
  }
}
