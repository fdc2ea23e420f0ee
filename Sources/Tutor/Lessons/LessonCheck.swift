/// One thing `check-lessons` found wrong, with the file and line to look at.
public struct LessonCheckFailure: Equatable, Sendable, CustomStringConvertible {
  public let path: String
  /// 1-based; 0 when the problem is the file as a whole.
  public let line: Int
  public let message: String
  /// For a transcript that differs: the expected line and the line minirnn printed
  /// (`(nothing)` when one of them has fewer lines).
  public let expected: String?
  public let got: String?

  init(path: String, line: Int, message: String, expected: String? = nil, got: String? = nil) {
    self.path = path
    self.line = line
    self.message = message
    self.expected = expected
    self.got = got
  }

  /// `path:line: message`, then `expected:` and `got:` lines when there are some.
  public var description: String {
    var text = line > 0 ? "\(path):\(line): \(message)" : "\(path): \(message)"
    if let expected, let got {
      text += "\n  expected: \(expected)\n  got:      \(got)"
    }
    return text
  }
}

/// What `check-lessons` found: how many checks passed and failed, and each failure.
public struct LessonCheckReport: Equatable, Sendable {
  /// Transcript commands whose output matched, questions whose answer could be computed,
  /// `Done when:` conditions that hold after the step and not before.
  public let passed: Int
  /// Every check that did not pass, and every file that did not parse.
  public var failed: Int { failures.count }
  public let failures: [LessonCheckFailure]
  /// The lesson file Ctrl-C stopped the replay in, or nil when every lesson was checked.
  public var interruptedIn: String? = nil
  public var interrupted: Bool { interruptedIn != nil }

  /// Each failure, then a last line `N passed, M failed` (after Ctrl-C: where it stopped,
  /// and that the rest was not checked).
  public var text: String {
    let counts = "\(passed) passed, \(failed) failed"
    return failures.map { $0.description + "\n" }.joined()
      + (interruptedIn.map {
        "interrupted by Ctrl-C in \(visible($0, keepingLines: false)): \(counts) before it; the rest was not checked\n"
      } ?? "\(counts)\n")
  }
}

/// Replays every lesson and checks that it still tells the truth.
///
/// Each lesson runs in a fresh session with script traits (Unicode, no colour, 80 columns,
/// not interactive, a clock that never moves), exactly as a learner's lesson replays its
/// steps. Every transcript command's output must match its expected lines exactly. Each
/// question's answer must be computable after its
/// step, and each `Done when:` must not hold when its step starts but hold after the step's
/// commands. A file that does not parse is one failure.
///
/// `hooks.shouldStop` (Ctrl-C) is asked after every command replayed (and by `train` inside
/// one); when it says stop, the report ends there, saying so.
///
/// - Parameter files: the lesson files as (path, text); a `README.md` is skipped.
public func checkLessons(_ files: [(path: String, text: String)], hooks: Hooks = .none)
  -> LessonCheckReport
{
  var passed = 0
  var failures: [LessonCheckFailure] = []
  let (lessons, errors) = Lesson.parse(files)
  for error in errors {
    failures.append(LessonCheckFailure(path: error.path, line: error.line, message: error.message))
  }
  for lesson in lessons {
    let result = LessonChecker(lesson: lesson).check(hooks: hooks)
    passed += result.passed
    failures += result.failures
    if result.interrupted {
      return LessonCheckReport(passed: passed, failures: failures, interruptedIn: lesson.path)
    }
  }
  return LessonCheckReport(passed: passed, failures: failures)
}

/// The lesson's text with every transcript's expected output replaced by what minirnn
/// prints now.
///
/// For recording transcripts after a deliberate change of output. Read the numbers it
/// writes against the article's equations before committing them.
public func recordLessonTranscripts(path: String, text: String) throws(LessonParseError) -> String {
  let lesson = try Lesson(path: path, text: text)
  let result = LessonChecker(lesson: lesson).check()
  var lines = splitLines(text).map(String.init)
  // From the bottom up, so that earlier line numbers stay right.
  for (command, got) in result.outputs.reversed()
  where command.expected != got {
    lines.replaceSubrange(command.line..<(command.line + command.expected.count), with: got)
  }
  return lines.joined(separator: "\n")
}

/// Replays one lesson, comparing as it goes.
struct LessonChecker {
  let lesson: Lesson

  struct Result {
    var passed = 0
    var failures: [LessonCheckFailure] = []
    /// Every transcript command with the lines it printed.
    var outputs: [(TranscriptCommand, [String])] = []
    /// Ctrl-C stopped the replay: what was not replayed was not checked.
    var interrupted = false
  }

  func check(hooks: Hooks = .none) -> Result {
    var result = Result()
    var player = LessonPlayer()
    func fail(_ line: Int, _ message: String, expected: String? = nil, got: String? = nil) {
      result.failures.append(
        LessonCheckFailure(
          path: lesson.path, line: line, message: message, expected: expected, got: got))
    }
    /// Replays `commands`, comparing each; false when Ctrl-C stopped it (the command it
    /// stopped is not compared: a `train` stopped part way prints something else).
    func replay(_ commands: [TranscriptCommand]) -> Bool {
      for command in commands {
        let output = player.run(command.command, hooks: hooks)
        if hooks.shouldStop() {
          result.interrupted = true
          return false
        }
        let got = Self.lines(of: output)
        result.outputs.append((command, got))
        if let (index, expected, actual) = Self.firstDifference(command.expected, got) {
          fail(
            command.line + 1 + index, "'\(command.command)' printed something else",
            expected: expected.map(quoted) ?? "(nothing)", got: actual.map(quoted) ?? "(nothing)")
        } else {
          result.passed += 1
        }
      }
      return true
    }
    /// Live text must be true of the lesson's own session where it stands: its written
    /// numbers the lesson's values, its own wordings' conditions holding (GitHub shows both).
    func checkLiveText(
      _ markdown: String, at line: Int, in session: Session, ahead next: [TranscriptCommand],
      entry: SessionState
    ) {
      guard markdown.contains("<!--"), let live = try? LiveText(parsing: markdown), live.isLive
      else { return }
      // As a learner's step computes it: what is not computed here is taken after the next
      // transcript block, with the passes completed.
      var ahead = LessonPlayer(state: session.state)
      ahead.run(next)
      ahead.completePasses(backward: true)
      let problems = live.problems(in: session, fallback: ahead.session, entry: entry)
      for problem in problems { fail(line, problem) }
      if problems.isEmpty { result.passed += 1 }
    }
    for step in lesson.steps {
      guard replay(step.setup) else { return result }
      let entry = player.state
      if !step.doneWhen.isEmpty, step.doneWhen.allSatisfy({ $0.holds(in: entry, entry: entry) }) {
        fail(
          step.doneWhenLine ?? step.line,
          "'Done when: \(step.doneWhen.map(\.text).joined(separator: " and "))' already holds when the step starts, so the learner has nothing to do"
        )
      }
      // Where the question is graded: after the commands above it, or, for a prediction,
      // after the transcript right below it too (never after later ones).
      var atQuestion = player.state
      // Block by block, so that live text is checked where it stands in the step.
      for (i, block) in step.blocks.enumerated() {
        let next =
          step.blocks[i...].lazy.compactMap { block -> [TranscriptCommand]? in
            if case .transcript(let commands) = block { commands } else { nil }
          }.first ?? []
        func checkHere(_ markdown: String, at line: Int) {
          checkLiveText(markdown, at: line, in: player.session, ahead: next, entry: entry)
        }
        switch block {
        case .transcript(let commands):
          guard replay(commands) else { return result }
        case .prose(let markdown):
          checkHere(markdown, at: step.proseLines[i] ?? step.line)
        case .question:
          guard let question = step.question else { break }
          // Before all of the step's commands, a question predicts what the first
          // transcript block shows, and stands after it (as `liveSessions` has it).
          let first = !step.blocks[..<i].contains {
            if case .transcript = $0 { true } else { false }
          }
          var asked = LessonPlayer(state: player.state)
          if first { asked.run(next) }
          let above = step.questionPlace.above
          let point = step.questionPoint(answerAbove: question.answerExists(in: player.state))
          var graded = LessonPlayer(state: player.state)
          graded.run(Array(step.commands[above..<point]))
          atQuestion = graded.state
          for text in [question.text] + step.hints + (question.why.map { [$0] } ?? [])
            + question.mistakes.map(\.explanation)
          {
            checkLiveText(
              text, at: question.line, in: asked.session, ahead: first ? [] : next, entry: entry)
          }
        case .code, .setup, .doneWhen: break
        }
      }
      if step.question == nil {
        for hint in step.hints {
          checkLiveText(hint, at: step.line, in: player.session, ahead: [], entry: entry)
        }
      }
      if !step.doneWhen.isEmpty {
        let missing = step.doneWhen.filter { !$0.holds(in: player.state, entry: entry) }
        if missing.isEmpty {
          result.passed += 1
        } else {
          fail(
            step.doneWhenLine ?? step.line,
            "after the step's commands, '\(missing.map(\.text).joined(separator: " and "))' does not hold, so a learner who types them is never done"
          )
        }
      }
      if let question = step.question {
        if step.hints.count < Self.hintsBeforeTheAnswer {
          fail(
            question.line,
            "this question has \(step.hints.count) 'Hint:' line\(step.hints.count == 1 ? "" : "s"); give at least \(Self.hintsBeforeTheAnswer) before the one minirnn adds with the answer"
          )
        }
        if let problem = Self.answerProblem(question, after: atQuestion, entry: entry) {
          fail(question.line, problem)
        } else {
          result.passed += 1
        }
      }
    }
    return result
  }

  /// A first wrong answer gets a hint, never the answer, so every question needs this many.
  static let hintsBeforeTheAnswer = 2

  /// Why the question's answer cannot be computed in `state`, or nil.
  static func answerProblem(
    _ question: LessonQuestion, after state: SessionState, entry: SessionState
  )
    -> String?
  {
    let session = Session(state: state)
    switch question.answer {
    case .number(let q, _), .sign(let q):
      do {
        _ = try q.value(in: session)
        return nil
      } catch {
        return
          "the answer `\(q.name)` cannot be computed where the question stands in the step: \(error.description)"
      }
    case .condition, .fixed: return nil
    }
  }

  /// The first line where `got` differs from `expected`: its index, and both lines (nil
  /// where one has run out).
  static func firstDifference(_ expected: [String], _ got: [String]) -> (Int, String?, String?)? {
    for i in 0..<max(expected.count, got.count) {
      let e = i < expected.count ? expected[i] : nil
      let g = i < got.count ? got[i] : nil
      guard let e, let g, e == g else { return (i, e, g) }
    }
    return nil
  }

  /// The lines of a command's output: "" has none, and the final newline ends the last one.
  static func lines(of output: String) -> [String] {
    var lines = output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if output.isEmpty || output.hasSuffix("\n") { lines.removeLast() }
    return lines
  }

}

private func quoted(_ line: String) -> String { "\"\(line)\"" }
