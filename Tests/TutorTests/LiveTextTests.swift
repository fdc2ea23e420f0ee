import Foundation
import RNN
import XCTest

@testable import Tutor

/// Live text: the words of a lesson follow the learner's session (Lessons/README.md, "Live
/// text"). Every expectation is computed from a session the test drives itself.
final class LiveTextTests: XCTestCase {
  /// The text with its wrapping undone: every line break and the indent after it is a space.
  private func flat(_ text: String) -> String {
    text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
      .joined(separator: " ")
  }

  private func lesson(_ n: Int, step k: Int) throws -> Session {
    var s = try ShippedLessons.session()
    ok(&s, "lesson \(n)")
    ok(&s, "goto \(k)")
    return s
  }

  /// What `print NAME` says in `session` after `commands`, as the screens write it.
  private func value(_ name: String, after commands: String = "", in session: Session) -> String {
    var copy = Session(state: session.state)
    if !commands.isEmpty { copy.must(commands) }
    let printed = copy.must("print \(name)")
    let number = Double(
      printed.split(separator: "=").last!.trimmingCharacters(in: .whitespacesAndNewlines))!
    return Notation(unicode: true, precision: 6).value(number)
  }

  // MARK: The cases the issue quotes

  /// Lesson 02 step 2 after `set w3 5`: ŷ = 0.305·5 is above the label now, and the prose,
  /// the verdict and the why say so.
  func testLesson02TheSignOfTheSlopeFollowsW3() throws {
    var s = try lesson(2, step: 2)
    let changed = flat(ok(&s, "set w3 5"))
    let yhat = value("yhat", after: "forward", in: s)
    XCTAssertEqual(yhat, Notation(unicode: true, precision: 6).value(0.305 * 5))
    XCTAssertTrue(changed.contains("here ŷ = \(yhat) is above the label y = 1."), changed)
    let shown = flat(ok(&s, "where"))
    XCTAssertTrue(shown.contains("ŷ = \(yhat) is above the label"), shown)
    XCTAssertFalse(shown.contains("below"), shown)
    let verdict = flat(ok(&s, "answer positive"))
    XCTAssertTrue(verdict.hasPrefix("✓ right"), verdict)
    XCTAssertTrue(verdict.contains("the slope is positive"), verdict)
    XCTAssertFalse(verdict.contains("the slope is negative"), verdict)
  }

  /// Lesson 00 step 3 after `set w2 -0.4`: w₁·x₂ and w₂·h₁ no longer cancel, and the why
  /// gives the sum they make instead of "cancel exactly (0.9 − 0.9)".
  func testLesson00TheCancellationIsOnlyClaimedWhenItHappens() throws {
    var s = try lesson(0, step: 3)
    ok(&s, "sample 2")
    ok(&s, "forward")
    ok(&s, "sample 3")
    ok(&s, "forward")
    ok(&s, "set w2 -0.4")
    let a2 = value("a[2]", after: "forward", in: s)
    let out = flat(ok(&s, "reveal"))
    XCTAssertFalse(out.contains("(0.9 − 0.9)"), out)
    XCTAssertTrue(out.contains("add up to a₂ = \(a2)"), out)
    // The lesson's own numbers still cancel exactly.
    var own = try lesson(0, step: 3)
    XCTAssertTrue(flat(ok(&own, "reveal")).contains("cancel exactly (0.9 − 0.9)"))
  }

  /// Lesson 05 step 4 after `set w3 2`: training did not make w₁·w₃ = 2 for this model, and
  /// the why quotes the product the learner has.
  func testLesson05TheProductW1W3IsTheLearners() throws {
    var s = try lesson(5, step: 4)
    for command in ["sample 3", "forward", "input 0.25 0.5", "target 0.75", "forward", "set w3 2"] {
      ok(&s, command)
    }
    var copy = Session(state: s.state)
    let w1 = Double(
      copy.must("print w1").split(separator: "=").last!.trimmingCharacters(
        in: .whitespacesAndNewlines))!
    let product = Notation(unicode: true, precision: 6).value(w1 * 2)
    let out = flat(ok(&s, "reveal"))
    XCTAssertFalse(out.contains("Training made"), out)
    XCTAssertTrue(out.contains("w₁·w₃ = \(product)"), out)
  }

  /// The step's command typed the learner's own way (`train 100` for lesson 06's `train`)
  /// counts as typed: the answer and the words follow the model it made, instead of the
  /// lesson's `train` replayed on top of it.
  func testAStepsCommandDoneTheLearnersWayIsNotReplayedOnTop() throws {
    var s = try lesson(6, step: 1)
    for command in ["data zigzag", "train 100", "forward"] { ok(&s, command) }
    let yhat = value("yhat", in: s)
    let out = flat(ok(&s, "reveal"))
    XCTAssertTrue(out.contains("the answer is ŷ = \(yhat) "), out)
  }

  // MARK: Every step, perturbed

  /// For every step of every shipped lesson and four changes a learner can make (a weight,
  /// the output weight, the target, the input), at the step's start and after its commands:
  /// the step, its hints and its worked answer never show a live value's lesson number where
  /// the learner's session has another.
  func testNoRenderedStepShowsTheLessonsNumberWhereTheLearnersDiffers() throws {
    let base = try ShippedLessons.session()
    var stale: [String] = []
    var checked = 0
    for lesson in base.installedLessons {
      for (k, step) in lesson.steps.enumerated() {
        let texts =
          step.blocks.compactMap { block -> String? in
            if case .prose(let m) = block { m } else { nil }
          } + step.hints
          + (step.question.map { [$0.text] + ($0.why.map { [$0] } ?? []) } ?? [])
        let lives = texts.compactMap { try? LiveText(parsing: $0) }.filter(\.isLive)
        let written = Set(lives.flatMap(\.writtenValues))
        guard !written.isEmpty else { continue }
        // Numbers the step writes outside its live values may show whatever the session.
        func plainText(_ pieces: [LiveText.Piece]) -> String {
          pieces.map { piece -> String in
            switch piece {
            case .text(let t): t
            case .value: " "
            case .choice(let branches): branches.map { plainText($0.pieces) }.joined(separator: " ")
            }
          }.joined()
        }
        let plain =
          texts.map { text in (try? LiveText(parsing: text)).map { plainText($0.pieces) } ?? text }
          .joined(separator: "\n")
          + (step.setup + step.commands).map(\.command).joined(separator: "\n")
        for afterCommands in [false, true] {
          for change in perturbations(of: base, lesson: lesson.number, step: k + 1) {
            var s = base
            ok(&s, "lesson \(lesson.number)")
            ok(&s, "goto \(k + 1)")
            if afterCommands {
              for command in step.commands { _ = s.execute(command.command) }
            }
            guard s.execute(change).error == nil else { continue }
            var shown = s.execute("where").output
            for _ in 0...step.hints.count { shown += s.execute("hint").output }
            // "not the lesson's 0.5" names the lesson's number on purpose (wrapped or not).
            shown = shown.replacingOccurrences(
              of: "the lesson's\\s+[^\\s,)]+", with: "", options: .regularExpression)
            // Numbers the learner's session has now, anywhere in the step.
            var live = Session(state: s.state)
            _ = live.execute("forward")
            _ = live.execute("backward")
            // A one-digit whole number ("1", "2") stands in too many other places (step 2
            // of 6, hint 1 of 3) to tell anything.
            for number in written where !plain.contains(number) && number.count > 1 {
              let liveNames = ["w1", "w2", "w3", "y", "yhat", "loss"]
              let liveValues = liveNames.compactMap { name -> String? in
                (try? live.value(of: name)).map { Notation(unicode: true, precision: 6).value($0) }
              }
              if Self.containsNumber(shown, number), !liveValues.contains(number),
                !Self.valuesOf(lives, in: s).contains(number)
              {
                let at = shown.range(of: number)!.lowerBound
                let from =
                  shown.index(at, offsetBy: -40, limitedBy: shown.startIndex) ?? shown.startIndex
                let to = shown.index(at, offsetBy: 20, limitedBy: shown.endIndex) ?? shown.endIndex
                let context = String(shown[from..<to])
                stale.append(
                  "\(lesson.id) step \(k + 1) after '\(change)'\(afterCommands ? " (commands typed)" : ""): shows the lesson's \(number): …\(context)…"
                )
              }
            }
            checked += 1
          }
        }
      }
    }
    XCTAssertGreaterThan(checked, 50, "the sweep reached the lessons' live steps")
    XCTAssertEqual(stale, [], stale.joined(separator: "\n"))
  }

  /// The live values of `lives` as `s` renders them, wherever they stand in its step.
  private static func valuesOf(_ lives: [LiveText], in s: Session) -> Set<String> {
    var out: Set<String> = []
    guard let run = s.lessonBook.run else { return out }
    for i in 0...run.current.blocks.count {
      let (here, ahead) = try! s.liveSessions(atBlock: i)  // no hooks: nothing interrupts it
      for live in lives {
        func walk(_ pieces: [LiveText.Piece]) {
          for piece in pieces {
            switch piece {
            case .text: break
            case .value(_, let e):
              for session in [here, ahead] {
                if let v = try? e.value(in: session) {
                  out.insert(Notation(unicode: true, precision: 6).value(v))
                }
              }
            case .choice(let branches): branches.forEach { walk($0.pieces) }
            }
          }
        }
        walk(live.pieces)
      }
    }
    return out
  }

  /// `number` in `text` as a number of its own (not part of a longer one).
  private static func containsNumber(_ text: String, _ number: String) -> Bool {
    var rest = Substring(text)
    while let range = rest.range(of: number) {
      let before =
        range.lowerBound > text.startIndex ? text[text.index(before: range.lowerBound)] : " "
      let after = range.upperBound < text.endIndex ? text[range.upperBound] : " "
      let digitLike: (Character) -> Bool = { $0.isNumber || $0 == "." }
      if !digitLike(before) && !digitLike(after) && before != "−" && before != "-" { return true }
      rest = text[range.upperBound...]
    }
    return false
  }

  /// A weight, the output weight, the target and the input, each moved off the lesson's own
  /// value at the step's start.
  private func perturbations(of base: Session, lesson: Int, step: Int) -> [String] {
    var s = base
    _ = s.execute("lesson \(lesson)")
    _ = s.execute("goto \(step)")
    var changes: [String] = []
    if s.state.lstm == nil {
      changes.append("set w1 \(s.state.model.weights[Weight.w1] + 0.173)")
      changes.append("set w3 \(s.state.model.weights[Weight.w3] * 1.31 + 0.05)")
    } else {
      changes.append("set o.wh 0.77")
    }
    if let y = s.state.target { changes.append("target \(y + 0.37)") }
    if !s.state.inputs.isEmpty {
      changes.append("input " + s.state.inputs.map { "\($0 + 0.11)" }.joined(separator: " "))
    }
    return changes
  }

  // MARK: The format

  func testAWrittenNumberThatIsNotTheLessonsOwnFailsCheckLessons() {
    let text = """
      # T

      ## S (§1)

      ```minirnn setup
      minirnn> set w3 1.5
      w3 = 1.5
      ```

      Here w₃ = 2<!-- =w3 --> and ŷ is <!-- if w3 > 2 -->big<!-- else: small -->.
      """
    let report = checkLessons([("Lessons/01-t.md", text)])
    XCTAssertEqual(report.failed, 2, report.text)
    XCTAssertTrue(
      report.text.contains("is 1.5 in the lesson's own session; write 1.5"), report.text)
    XCTAssertTrue(report.text.contains("'<!-- if w3 > 2 -->' does not hold"), report.text)
    let fixed = text.replacingOccurrences(of: "2<!--", with: "1.5<!--")
      .replacingOccurrences(of: "w3 > 2", with: "w3 < 2")
    XCTAssertEqual(checkLessons([("Lessons/01-t.md", fixed)]).failed, 0)
  }

  func testMalformedLiveTextIsAParseErrorAtItsLine() {
    for (bad, message) in [
      ("Here <!-- =w3 --> alone.", "must follow the number it replaces"),
      ("Here <!-- if w3 > 2 -->big with no else.", "needs a closing '<!-- else: … -->'"),
      ("Here 2<!-- =w9 -->.", "unknown name 'w9'"),
      ("Here <!-- else: x -->.", "has no '<!-- if … -->' before it"),
      ("Here <!-- if w3 >> 2 -->a<!-- else: b -->.", "condition"),
      (
        "<!-- if w3 > 2 -->Big<!-- else: Small --> it is.", "may not start with a live-text comment"
      ),
      // Found by the lessons fuzzer: `<!-->` where the else should be crashed the parser.
      ("Here <!-- if w3 > 2 -->a<!-- else if w3 < 1: b --><!-->c.", "needs a closing"),
    ] {
      let text = "# T\n\n## S (§1)\n\n\(bad)\n"
      let (_, errors) = Lesson.parse([("Lessons/01-t.md", text)])
      XCTAssertEqual(errors.count, 1, bad)
      XCTAssertEqual(errors.first?.line, 5, bad)
      XCTAssertTrue(errors.first?.message.contains(message) == true, "\(bad): \(errors)")
    }
  }

  /// GitHub hides the comments: the own wording reads as plain Markdown.
  func testTheOwnWordingIsWhatGitHubShows() throws {
    let live = try LiveText(
      parsing: "ŷ = 0.4575<!-- =yhat --> is <!-- if yhat < y -->below<!-- else: above --> y.")
    XCTAssertEqual(live.ownMarkdown, "ŷ = 0.4575 is below y.")
    XCTAssertEqual(live.writtenValues, ["0.4575"])
  }

  /// `<!-- lesson numbers -->` adds one line naming the learner's change, only once there is one.
  func testAnArgumentFromTheLessonsNumbersSaysWhatItDoesNotFollow() {
    let text = """
      # T

      ## S (§1)

      ```minirnn setup
      minirnn> set w3 1.5
      w3 = 1.5
      ```

      These numbers happen to cancel.<!-- lesson numbers -->

      ```minirnn
      minirnn> print w3
      w3 = 1.5
      ```
      """
    var s = Session(traits: .script, files: NoFileAccess())
    XCTAssertEqual(s.installLessons([("Lessons/01-t.md", text)]), [])
    let start = ok(&s, "lesson 1")
    XCTAssertFalse(start.contains("does not follow"), start)
    let changed = flat(ok(&s, "set w3 2"))
    XCTAssertTrue(
      changed.contains("do not follow your w₃ = 2; 'goto 1' starts the step again"), changed)
    XCTAssertTrue(flat(ok(&s, "where")).contains("do not follow your w₃ = 2"))
  }
}
