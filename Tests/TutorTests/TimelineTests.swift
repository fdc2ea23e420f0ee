import RNN
import XCTest

@testable import Tutor

/// `undo`, `redo`, `history`, `status`, `reset all`: time travel over the session's values.
final class TimelineTests: XCTestCase {
  /// The state as text, every Double in its shortest exact form (−0 and 0 differ): equal
  /// texts are equal bits.
  private func bits(_ state: SessionState) -> String { String(reflecting: state) }

  func testBackBackUndoRestoresThePassBitForBit() {
    var s = makeSession()
    s.must(mustShowSetup + "; input 0.25 0.5 0.75; forward; back")
    let afterFirst = s.state
    let gradsAfterFirst = s.must("grads")
    s.must("back")
    XCTAssertNotEqual(s.state, afterFirst)
    let line = s.must("undo")
    XCTAssertEqual(s.state, afterFirst)
    XCTAssertEqual(bits(s.state), bits(afterFirst))
    XCTAssertEqual(s.state.backward?.steps.count, 1)
    XCTAssertEqual(s.must("grads"), gradsAfterFirst)
    // The line names the step undone and where the pass stands, from the pass itself.
    let n = s.state.forward!.count
    XCTAssertEqual(
      line,
      "undid 'back': BPTT step 2 of \(n + 1); ∂L/∂h\(["₁", "₂", "₃"][n - 1]) and the sums"
        + " are as after step 1\n")
    // The next `back` computes the same record the undone one had.
    var straight = makeSession()
    straight.must(mustShowSetup + "; input 0.25 0.5 0.75; forward; back; back")
    s.must("back")
    XCTAssertEqual(bits(s.state), bits(straight.state))
  }

  /// The LSTM's passes rewind the same way, and the line says where they stand.
  func testBackBackUndoRewindsTheLSTMToo() {
    var s = makeSession()
    s.must("model lstm; input 0.5 -1 0.25; forward; back")
    let afterFirst = s.state
    s.must("back")
    let steps = s.state.lstm!.backward!.count
    XCTAssertEqual(
      s.must("undo"),
      "undid 'back': the LSTM's gradients as they were; the LSTM's BPTT after step 1 of \(steps)\n"
    )
    XCTAssertEqual(bits(s.state), bits(afterFirst))
  }

  func testUndoThenRedoAndANewCommandEndsRedo() {
    var s = makeSession()
    s.must("set w1 0.5; set w2 0.25")
    let two = s.state
    s.must("undo")
    XCTAssertEqual(s.state.model.weights.w2, SessionState().model.weights.w2)
    s.must("redo")
    XCTAssertEqual(s.state, two)
    s.must("undo; set w3 2")
    XCTAssertEqual(
      s.mustFail("redo"),
      "nothing to redo: redo replays what undo took back, until another command changes the session"
    )
    XCTAssertEqual(s.mustFail("undo 3"), "undo 3: only 2 commands can be undone")
    s.must("undo 2")
    XCTAssertEqual(s.state, SessionState())
    XCTAssertEqual(
      s.mustFail("undo"),
      "nothing to undo yet: commands that change the session (set, step, back, train, load, …) can be undone"
    )
  }

  func testCommandsThatOnlyShowAreNotUndone() {
    var s = makeSession()
    s.must("set w1 0.5; print w1; weights; status; history; help undo")
    XCTAssertEqual(s.must("undo"), "undid 'set w1 0.5': w1 = 1.8\n")
    XCTAssertEqual(s.state, SessionState())
  }

  /// Ctrl-C in the middle of `train` leaves the weights of the last whole sample step, and one
  /// undo takes the whole run back.
  func testAnInterruptedTrainIsOneUndoableStep() {
    var s = makeSession()
    s.must("model part2; data slopes")
    let before = s.state
    final class Counter: @unchecked Sendable { var polls = 0 }
    let counter = Counter()
    let hooks = Hooks(
      shouldStop: {
        counter.polls += 1
        return counter.polls > 3
      }, checkEvery: 16)
    let result = s.execute("train 100000", hooks: hooks)
    XCTAssertNil(result.error)
    XCTAssertNotEqual(s.state.model.weights, before.model.weights)
    let line = s.must("undo")
    XCTAssertTrue(line.hasPrefix("undid 'train 100000': w1 = "), line)
    XCTAssertEqual(s.state, before)
  }

  /// A save can hold a diverged gradient (NaN), and NaN is not equal to itself: commands that
  /// only show something are still not counted after loading one.
  func testAStateHoldingNaNIsNotTakenForAChange() {
    var s = makeSession(files: MemoryFiles(["nan.minirnn": "set w1.g nan\n"]))
    s.must("load nan.minirnn")
    XCTAssertEqual(s.state.model.gradients.w1.isNaN, true)
    XCTAssertNotEqual(s.state, s.state, "NaN makes the state unequal to itself")
    s.must("print w1; status; weights; history")
    XCTAssertEqual(s.reach(backwards: true), 1)
    s.must("undo")
    XCTAssertEqual(s.state, SessionState())
  }

  /// Any seeded random sequence of commands, then as many undos as commands changed the
  /// session, is the first state again; redos replay to the last. A model of the
  /// two stacks checks every undo and redo on the way.
  func testRandomCommandsUndoToTheFirstStateAndRedoToTheLast() {
    for seed in UInt64(1)...12 {
      var random = SplitMix64(seed: seed)
      var s = makeSession()
      let first = s.state
      var past: [SessionState] = []
      var future: [SessionState] = []
      var typed: [String] = []
      for _ in 0..<60 {
        let roll = random.next() % 10
        let before = s.state
        if roll == 0 {
          typed.append("undo")
          let result = s.execute("undo")
          if let expected = past.popLast() {
            XCTAssertNil(result.error, "seed \(seed): \(typed)")
            XCTAssertEqual(bits(s.state), bits(expected), "seed \(seed): \(typed)")
            future.append(before)
          } else {
            XCTAssertNotNil(result.error, "seed \(seed): \(typed)")
          }
        } else if roll == 1 {
          typed.append("redo")
          let result = s.execute("redo")
          if let expected = future.popLast() {
            XCTAssertNil(result.error, "seed \(seed): \(typed)")
            XCTAssertEqual(bits(s.state), bits(expected), "seed \(seed): \(typed)")
            past.append(before)
          } else {
            XCTAssertNotNil(result.error, "seed \(seed): \(typed)")
          }
        } else {
          let command = randomCommand(&random)
          typed.append(command)
          let result = s.execute(command)
          if result.error != nil { XCTAssertEqual(s.state, before, "seed \(seed): \(typed)") }
          if s.state != before {
            past.append(before)
            future = []
          }
        }
      }
      // Redo reaches the furthest state undo left behind (a command that changed nothing
      // does not end what redo can replay), or the last one.
      let last = future.first ?? s.state
      let changes = past.count
      XCTAssertEqual(s.reach(backwards: true), changes, "seed \(seed): \(typed)")
      if changes > 0 { s.must("undo \(changes)") }
      XCTAssertEqual(bits(s.state), bits(first), "seed \(seed): \(typed)")
      let all = s.reach(backwards: false)
      if all > 0 { s.must("redo \(all)") }
      XCTAssertEqual(bits(s.state), bits(last), "seed \(seed): \(typed)")
    }
  }

  /// One command of many kinds, its numbers (`R`) and seeds (`K`) drawn from `random`.
  private func randomCommand(_ random: inout SplitMix64) -> String {
    let pool = [
      "step", "back", "forward", "backward", "train 2", "update", "zero", "set w1 R", "set w2 R",
      "set w3 R", "set lr 0.01", "input R R R", "target R", "data zigzag", "data slopes",
      "sample 2", "mode article", "mode exact", "model part1", "model part2", "model lstm",
      "precision 4", "display w1", "undisplay", "seed K", "randomize", "reset", "reset all",
      "reset article", "truncate 2", "truncate off", "clip 1", "clip off", "activation tanh",
      "reset cell", "print w1", "weights", "status", "back 2", "step 2", "set b 0.1", "grads",
    ]
    var command = ""
    for c in pool[Int(random.next() % UInt64(pool.count))] {
      switch c {
      case "R": command += String(Double(random.next() % 17) / 8 - 1)
      case "K": command += String(random.next() % 5)
      default: command.append(c)
      }
    }
    return command
  }

  /// Past 1,000 states the oldest go; what is left still undoes exactly.
  func testTheTimelineKeepsAtMostItsLimitOfStates() {
    var s = makeSession()
    var states: [SessionState] = []
    for i in 0..<(Timeline.stateLimit + 50) {
      s.must("set w1 \(i)")
      states.append(s.state)
    }
    XCTAssertEqual(s.timeline.count, Timeline.stateLimit)
    XCTAssertEqual(s.reach(backwards: true), Timeline.stateLimit - 1)
    XCTAssertEqual(s.mustFail("undo 1000"), "undo 1000: only 999 commands can be undone")
    s.must("undo 999")
    XCTAssertEqual(s.state, states[states.count - 1000])
  }

  /// States with large buffers are dropped by the byte budget long before the count limit:
  /// a 10,000-value input, then a new forward pass (720 KB of records) after every `set`.
  func testTheTimelineStaysWithinItsByteBudget() {
    var s = makeSession()
    let values = (0..<Limits.sequenceLength).map { String(Double($0 % 7) / 8) }
    s.must("input " + values.joined(separator: " "))
    let passBytes =
      Limits.sequenceLength * (MemoryLayout<ForwardStep>.stride + MemoryLayout<Double>.stride)
    let rounds = 2 * Timeline.byteLimit / passBytes
    var recent: [SessionState] = []
    for i in 0..<rounds {
      s.must("set w1 \(Double(i) / 100); step")
      XCTAssertLessThanOrEqual(s.timeline.bytes, Timeline.byteLimit)
      recent = Array((recent + [s.state]).suffix(3))
    }
    // Two moments a round were recorded; about half of the passes fit.
    XCTAssertLessThan(s.timeline.count, 2 * rounds * 3 / 4)
    XCTAssertGreaterThan(s.timeline.count, Timeline.byteLimit / passBytes)
    // What is kept still undoes to the states it recorded.
    s.must("undo 4")
    XCTAssertEqual(bits(s.state), bits(recent[0]))
    s.must("redo 2")
    XCTAssertEqual(bits(s.state), bits(recent[1]))
  }

  func testInsideALessonUndoStaysInsideTheStep() throws {
    var s = try ShippedLessons.session()
    s.must("set w1 0.3")
    s.must("lesson 3")
    let entry = s.state
    XCTAssertEqual(
      s.mustFail("undo"),
      "undo stays inside the lesson's step, and nothing in step 1 of lesson 03 can be undone yet; 'prev' goes to the step before"
    )
    s.must("step")
    s.must("undo")
    XCTAssertEqual(s.state, entry)
    XCTAssertEqual(s.lessonBook.run?.step, 0)
    s.must("redo")
    XCTAssertEqual(s.state.forward?.t, 1)
    // Leaving the lesson is undoable from outside it: the lesson comes back at its step.
    s.must("lesson end")
    XCTAssertNil(s.lessonBook.run)
    XCTAssertTrue(s.must("undo").hasPrefix("undid 'lesson end': lesson 03, step 1; w1 = "))
    XCTAssertEqual(s.lessonBook.run?.step, 0)
    XCTAssertEqual(s.state.forward?.t, 1)
    XCTAssertNotNil(s.execute("reset all").error, "a lesson sets up its own state")
  }

  func testResetAllSaysWhatItDiscardedAndUndoBringsItBack() {
    var s = makeSession()
    s.must("set w1 0.5; display w1; step")
    let before = s.state
    XCTAssertEqual(
      s.must("reset all"),
      """
      reset all: a fresh session, as minirnn starts: model part2, mode exact, w1 = 1.8, w2 = -0.5, w3 = 1.1, data slopes, lr = 0.001
      discarded: w1 = 0.5; the forward pass at t = 1 of 2; displayed: w1 ('undo' brings it back)

      """)
    XCTAssertEqual(s.state, SessionState())
    s.must("undo")
    XCTAssertEqual(s.state, before)
    XCTAssertEqual(
      s.must("reset all; reset all").hasSuffix(
        "(nothing was discarded: the session was already so)\n"), true)
  }

  /// The quiz's question is about the state undo leaves, so it goes; switching the quiz on
  /// is undone like any setting.
  func testUndoDropsTheQuizQuestionAndUndoesQuizOn() {
    var s = makeSession()
    s.must("quiz on")
    XCTAssertTrue(s.must("step").contains("quiz: what is h₁?"))
    XCTAssertEqual(s.must("undo"), "undid 'step': no forward pass\n")
    XCTAssertEqual(s.quiz?.pending, [])
    XCTAssertEqual(s.must("undo"), "undid 'quiz on': quiz off\n")
    XCTAssertNil(s.quiz)
  }

  /// `load` replaces the whole state, and one undo brings back the session it replaced; the
  /// save holds the state alone, not the history.
  func testUndoTakesBackALoadAndTheSaveHoldsNoHistory() {
    let files = MemoryFiles()
    var s = makeSession(files: files)
    s.must("set w1 0.25; input 1 2; forward; back; save a.minirnn")
    XCTAssertFalse(files["a.minirnn"]!.contains("undo"))
    s.must("reset all; set w2 0.75")
    let before = s.state
    s.must("load a.minirnn")
    XCTAssertTrue(s.must("undo").hasPrefix("undid 'load a.minirnn': w1 = 1.8, w2 = 0.75; "))
    XCTAssertEqual(bits(s.state), bits(before))
    var fresh = makeSession(files: files)
    fresh.must("load a.minirnn")
    XCTAssertEqual(fresh.reach(backwards: true), 1, "the load itself, nothing from the save")
  }

  func testResetArticleIsSection3sStart() {
    var s = makeSession()
    s.must("reset article")
    var expected = MiniRnn(weights: .part1)
    var generator = SplitMix64(seed: 0)
    expected.randomize(using: &generator)
    XCTAssertEqual(s.state.model.weights, expected.weights)
    XCTAssertEqual(s.state.model.mode, .article)
    XCTAssertEqual(s.state.model.architecture, .part2)
    XCTAssertEqual(s.state.dataset, .slopes)
    XCTAssertEqual(s.state.learningRate, 0.001)
  }

  func testHistoryListsTheCommandsAndHowFarUndoReaches() {
    var s = makeSession()
    s.must("set w1 0.5; step")
    _ = s.execute("set w1 x")
    s.must("undo")
    XCTAssertEqual(
      s.must("history"),
      """
      1  set w1 0.5
      2  step
      3  set w1 x   (failed)
      4  undo
      1 command can be undone, 1 redone (the last: 'set w1 0.5')

      """)
    XCTAssertTrue(
      s.must("history 2").hasPrefix("… 3 earlier commands not shown; 'history all' shows them all …\n"))
  }

  func testStatusFitsTheTerminal() {
    var s = makeSession(width: 80)
    s.must("model part2; set w1 0.5; input 0.25 0.5 0.75; forward; back; display w1.g; precision 4")
    let wide = s.must("status")
    assertGolden(wide, "status-80")
    var narrow = s
    narrow.traits.width = 60
    let text = narrow.must("status")
    assertGolden(text, "status-60")
    for (screen, width) in [(wide, 80), (text, 60)] {
      let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
      XCTAssertLessThanOrEqual(lines.count, 23, "fits 24 rows with the prompt")
      for line in lines {
        XCTAssertLessThan(TextLayout.columns(line), width, String(line))
      }
    }
    // The numbers it shows are the session's.
    XCTAssertTrue(wide.contains("w1 = \(s.notation.value(s.state.model.weights.w1))"))
    XCTAssertTrue(wide.contains("w1.g = \(s.notation.value(s.state.model.gradients.w1))"))
  }
}

#if os(Linux)
  import Foundation

  /// 100,000 commands whose states hold large buffers: the undo history stays within its
  /// stated budget all along, by its own estimate and by what the heap really holds.
  final class TimelineMemoryTests: XCTestCase {
    /// The process's resident memory in bytes. Blocks as large as a pass's records are mapped
    /// and unmapped one by one by the allocator, so what the history holds shows here.
    private func heapInUse() -> Int {
      let statm = (try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8)) ?? ""
      let pages = statm.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
      return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    func testAHundredThousandCommandsStayWithinTheBudget() {
      let long = (0..<Limits.sequenceLength).map { String(Double($0 % 9) / 8) }
        .joined(separator: " ")
      var s = makeSession()
      s.must("input " + long)
      let start = heapInUse()
      var peak = 0
      var largestEstimate = 0
      var mostStates = 0
      let commands = 100_000
      for i in 0..<commands {
        let command: String
        switch i % 10 {
        case 0 where i % 5_000 == 0: command = "input " + long
        case 0, 5: command = "set w1 \(Double(i % 97) / 50)"
        case 3: command = "undo"
        case 4: command = "redo"
        case 7: command = "seed \(i)"
        default: command = "step"
        }
        // Checked with `if`: a hundred thousand XCTAsserts cost more than the commands.
        if let error = s.execute(command).error {
          XCTFail("\(i): \(command): \(error)")
          return
        }
        largestEstimate = max(largestEstimate, s.timeline.bytes)
        mostStates = max(mostStates, s.timeline.count)
        if i % 1_000 == 999 { peak = max(peak, heapInUse() - start) }
      }
      // The transcript is bounded on its own (8 MiB); what is left is the timeline's.
      let allowance = Timeline.byteLimit + Session.transcriptByteLimit + 8 << 20
      print(
        "timeline over \(commands) commands: \(s.timeline.count) states kept,"
          + " estimate at most \(largestEstimate >> 20) MiB, resident memory grew by at most"
          + " \(peak >> 20) MiB (budget \(Timeline.byteLimit >> 20) MiB)")
      XCTAssertLessThanOrEqual(mostStates, Timeline.stateLimit)
      XCTAssertLessThanOrEqual(largestEstimate, Timeline.byteLimit)
      XCTAssertLessThanOrEqual(peak, allowance)
      XCTAssertGreaterThan(s.timeline.count, 10, "the budget keeps many states")
    }
  }
#endif
