import RNN
import XCTest

@testable import Tutor

/// Issue 11, item 8: `save` keeps everything the learner can see (how far the forward and
/// backward passes have stepped, the gradients each step was handed, the quiz, the lesson
/// step), and after `load`, `grads`, `states` and the next `step`/`back` show the same.
final class SaveKeepsProgressTests: XCTestCase {
  /// The state-file pool, plus what moves the passes part way and changes gradients in
  /// mid-pass.
  static let pool =
    StateFileTests.pool + [
      "step", "step", "step 2", "back", "back", "back 2", "back 3", "zero", "set w1.g 0.25",
      "set w3.g -1e-3", "forward; back", "forward; back; zero; back", "forward; back 2", "quiz on", "quiz off",
      "target 0.5", "input 1 2", "set w2 0.5",
    ]

  /// What the learner sees of the passes: the tables, and the next forward or backward step.
  static func screens(_ session: Session) -> [String] {
    var s = session
    return [
      s.execute("grads all").output + (s.execute("grads all").error ?? ""),
      s.execute("states all").output + (s.execute("states all").error ?? ""),
      s.execute("print w1.g w2.g w3.g").output,
    ]
  }

  /// The next `back` and `step`, each on its own copy, with the quiz off.
  static func nextSteps(_ session: Session) -> [String] {
    var a = session
    a.quiz = nil
    var b = a
    let back = a.execute("back")
    let step = b.execute("step")
    return [back.output + (back.error ?? ""), step.output + (step.error ?? "")]
  }

  func testAfterLoadTheTablesAndTheNextStepsAreTheSame() {
    let seed = testSeed(2026)
    var rng = SplitMix64(seed: seed)
    var midForward = 0
    var midBackward = 0
    var handedOver = 0
    var quizzing = 0
    var lstmMidBackward = 0
    for trial in 0..<600 {
      var session = Session(files: MemoryFiles())
      var typed: [String] = []
      for _ in 0..<(1 + trial % 20) {
        let line = Self.pool[Int(rng.next() % UInt64(Self.pool.count))]
        typed.append(line)
        session.run(line: line)
      }
      let files = session.files as! MemoryFiles
      XCTAssertNil(session.execute("save s").error, "seed \(seed)")
      var loaded = Session(files: files)
      let result = loaded.execute("load s")
      let context = "seed \(seed), after \(typed.joined(separator: "; "))\n\(files["s"] ?? "")"
      XCTAssertNil(result.error, context)
      XCTAssertEqual(Self.screens(loaded), Self.screens(session), context)
      XCTAssertEqual(Self.nextSteps(loaded), Self.nextSteps(session), context)
      XCTAssertEqual(loaded.quiz != nil, session.quiz != nil, context)
      // Bit for bit: the passes' records, running sums included (a NaN's sign aside: `save`
      // writes every NaN as nan).
      func records(_ s: Session) -> String {
        let rnn = "\(s.state.forward.map { Array($0.steps) } ?? []) \(s.state.backward.map { "\(Array($0.steps)) \($0.handovers)" } ?? "")"
        let lstm = s.state.lstm.map { "\($0.forward.map(\.steps) ?? []) \($0.backward.map { "\($0.steps) \($0.handovers)" } ?? "")" } ?? ""
        return rnn + " " + lstm
      }
      XCTAssertEqual(
        records(loaded).replacingOccurrences(of: "-nan", with: "nan"),
        records(session).replacingOccurrences(of: "-nan", with: "nan"), context)
      // And the save of the loaded session is the same file.
      XCTAssertEqual(loaded.stateScript(), session.stateScript(), context)
      if let f = session.state.forward, !f.isComplete { midForward += 1 }
      if let b = session.state.backward, !b.isComplete { midBackward += 1 }
      if (session.state.backward?.handovers.entries.count ?? 0) > 1 { handedOver += 1 }
      if session.quiz != nil { quizzing += 1 }
      if let b = session.state.lstm?.backward, !b.isComplete { lstmMidBackward += 1 }
    }
    XCTAssertGreaterThan(lstmMidBackward, 5, "seed \(seed): and the LSTM's backward pass part way")
    XCTAssertGreaterThan(midForward, 20, "seed \(seed): the property covers forward passes part way")
    XCTAssertGreaterThan(midBackward, 10, "seed \(seed): and backward passes part way")
    XCTAssertGreaterThan(handedOver, 5, "seed \(seed): and gradients changed in mid-pass")
    XCTAssertGreaterThan(quizzing, 20, "seed \(seed): and the quiz")
  }

  func testAZeroInMidPassReplaysWithTheRunningSumsOfTheOriginal() throws {
    var session = Session(files: MemoryFiles())
    session.must("set w1 0.5; set w2 0.5; set w3 1; input 1 2 3 4; target 2; forward; back 3; zero; back 2")
    let before = session.state.backward!
    XCTAssertEqual(before.handovers.entries.map(\.step), [0, 3], "zero after three steps is a handover")
    XCTAssertNil(session.execute("save s").error)
    let text = (session.files as! MemoryFiles)["s"]!
    XCTAssertTrue(text.contains("forward\nback 3\nset w1.g 0.0\nset w2.g 0.0\nset w3.g 0.0\nback 2\n"), text)
    var loaded = Session(files: session.files)
    loaded.must("load s")
    XCTAssertEqual(Array(loaded.state.backward!.steps), Array(before.steps))
    XCTAssertEqual(loaded.state.model.gradients, session.state.model.gradients)
  }

  func testLoadSaysWhereAPassUnderWayStands() {
    var session = Session(files: MemoryFiles())
    session.must("input 1 2 3 4 5; step 2")
    XCTAssertNil(session.execute("save f").error)
    session.must("forward; back 3")
    XCTAssertNil(session.execute("save b").error)
    var loaded = Session(files: session.files)
    let f = loaded.execute("load f").output
    XCTAssertTrue(f.contains("the forward pass is at t = 2 of 5; 'step' continues it"), f)
    let b = loaded.execute("load b").output
    XCTAssertTrue(b.contains("BPTT is at step 3 of 6; 'back' continues it"), b)
  }

  func testStepNTakesNStepsAndStopsAtTheEnd() {
    var a = Session()
    var b = Session()
    a.must("input 1 2 3 4 5; step 3")
    b.must("input 1 2 3 4 5; step; step; step")
    XCTAssertEqual(Array(a.state.forward!.steps), Array(b.state.forward!.steps))
    let n = a.state.inputs.count
    a.must("step 1000")
    XCTAssertTrue(a.state.forward!.isComplete)
    XCTAssertEqual(a.state.forward!.t, n)
    XCTAssertNotNil(a.execute("step 2").error, "nothing left to step")
    a.must("back \(n + 1)")
    XCTAssertTrue(a.state.backward!.isComplete)
    var c = Session()
    c.must("input 1 2 3 4 5; forward; backward")
    XCTAssertEqual(a.state.model.gradients, c.state.model.gradients)
    for bad in ["step 0", "step -1", "step x", "back 1.5", "step 1 2"] {
      var s = Session()
      let before = s.state
      XCTAssertNotNil(s.execute(bad).error, bad)
      XCTAssertEqual(s.state, before, bad)
    }
  }

  func testWithTheQuizOnStepTakesOneAtATime() {
    var s = Session()
    s.must("quiz on")
    let error = s.execute("step 2").error ?? ""
    XCTAssertTrue(error.contains("one step at a time"), error)
  }

  func testALessonStepIsSavedAndLoadsBackIntoTheLesson() throws {
    var session = try ShippedLessons.session()
    session.files = MemoryFiles()
    session.must("lesson 3; skip; skip")
    session.run(line: "set w1 0.7")
    let step = session.lessonBook.run!.step
    XCTAssertNil(session.execute("save s").error)
    let text = (session.files as! MemoryFiles)["s"]!
    let id = session.lessonBook.run!.lesson.id
    XCTAssertTrue(text.contains("\nlesson \(id) step \(step + 1) typed "), text)

    var loaded = try ShippedLessons.session()
    loaded.files = session.files
    let result = loaded.execute("load s")
    XCTAssertNil(result.error)
    XCTAssertTrue(result.output.contains("step \(step + 1) of"), result.output)
    XCTAssertEqual(loaded.lessonBook.run?.lesson.id, id)
    XCTAssertEqual(loaded.lessonBook.run?.step, step)
    XCTAssertEqual(loaded.state.model.weights.w1, 0.7, "the state is the saved one")
    XCTAssertEqual(loaded.execute("where").output, session.execute("where").output)

    // Loaded where that lesson is not installed: the state, and a note.
    var bare = Session(files: session.files)
    let note = bare.execute("load s")
    XCTAssertNil(note.error)
    XCTAssertTrue(note.output.contains("not installed here"), note.output)
    XCTAssertNil(bare.lessonBook.run)
    XCTAssertEqual(bare.state.model.weights.w1, 0.7)
  }

  func testLoadingASaveFromOutsideALessonLeavesTheLesson() throws {
    var outside = Session(files: MemoryFiles())
    XCTAssertNil(outside.execute("save s").error)
    var session = try ShippedLessons.session()
    session.files = outside.files
    session.must("lesson 2")
    let result = session.execute("load s")
    XCTAssertNil(result.error)
    XCTAssertNil(session.lessonBook.run)
    XCTAssertTrue(result.output.contains("'lesson' resumes it"), result.output)
  }

  func testALessonStepsProgressIsSavedSoNextGoesOnAfterLoad() throws {
    var session = try ShippedLessons.session()
    session.files = MemoryFiles()
    session.must("lesson 3")
    // The first step that asks a question and has commands to type.
    let lesson = session.lessonBook.run!.lesson
    let k = try XCTUnwrap(
      lesson.steps.firstIndex { $0.question != nil && !$0.commands.isEmpty && $0.doneWhen.isEmpty })
    session.must("goto \(k + 1)")
    for command in lesson.steps[k].commands { session.run(line: command.command) }
    session.run(line: "answer 12345")  // wrong: a hint
    session.run(line: "reveal")
    let run = session.lessonBook.run!
    XCTAssertTrue(run.answered)
    XCTAssertEqual(session.remainingTasks(run), [], "the step is done before the save")
    XCTAssertNil(session.execute("save s").error)

    var loaded = try ShippedLessons.session()
    loaded.files = session.files
    loaded.must("load s")
    let back = loaded.lessonBook.run!
    XCTAssertEqual(back.step, run.step)
    XCTAssertEqual(back.typed, run.typed)
    XCTAssertEqual(back.wrongTries, run.wrongTries)
    XCTAssertEqual(back.hintsShown, run.hintsShown)
    XCTAssertEqual(back.answered, run.answered)
    XCTAssertEqual(loaded.remainingTasks(back), [])
    XCTAssertNil(loaded.execute("next").error, "next goes on, as it would have before the save")
  }

  func testAHandWrittenLessonLineStartsTheStepAfreshAndABadOneIsRefused() throws {
    var session = try ShippedLessons.session()
    session.files = MemoryFiles([
      "ok": "lesson 03-bptt step 2\n", "bad": "lesson 03-bptt step 2 typed 999 hints 0 tries 0 open\n",
      "worse": "lesson 03-bptt step 2 typed 0 hints 0 tries 0 maybe\n",
    ])
    session.must("load ok")
    XCTAssertEqual(session.lessonBook.run?.step, 1)
    XCTAssertEqual(session.lessonBook.run?.typed, 0)
    let before = session.state
    for name in ["bad", "worse"] {
      XCTAssertNotNil(session.execute("load \(name)").error, name)
      XCTAssertEqual(session.state, before, name)
      XCTAssertEqual(session.lessonBook.run?.step, 1, name)
    }
  }
}
