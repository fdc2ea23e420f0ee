import RNN
import XCTest

@testable import Tutor

/// The screens a new learner meets first: the welcome, `help`'s overview and groups.
final class FirstContactScreenTests: XCTestCase {
  private func terminal(width: Int) -> Session {
    Session(traits: TerminalTraits(isInteractive: true, color: false, unicode: true, width: width))
  }

  // MARK: The welcome

  func testWelcomeForANewLearner() {
    let text = terminal(width: 80).welcome(version: "9.9")
    XCTAssertEqual(
      text,
      "minirnn 9.9: backpropagation through time, by hand.\nnew here? type 'lesson 0'. 'help' lists the commands.\n"
    )
  }

  func testWelcomeNamesTheLessonInProgressUnlessItIsFinished() {
    var session = terminal(width: 80)
    session.restoreLessonProgress("current 05-training\nlesson 05-training step 2 done 1\n")
    let text = session.welcome(version: "9.9")
    XCTAssertTrue(
      text.contains("'lesson' resumes lesson 5 (training), in progress at step 2"), text)
    XCTAssertFalse(text.contains("new here?"), text)
    session.restoreLessonProgress("current 05-training\nlesson 05-training step 5 completed\n")
    XCTAssertTrue(session.welcome(version: "9.9").contains("new here?"))
  }

  func testWelcomeFitsSixtyColumns() {
    var session = terminal(width: 60)
    session.restoreLessonProgress("current 03-bptt\nlesson 03-bptt step 4\n")
    for line in session.welcome(version: "0.1.0").split(separator: "\n") {
      XCTAssertLessThan(line.count, 60, String(line))
    }
  }

  // MARK: help

  func testHelpOverviewFitsOneScreenAndNamesEveryCommandOnce() {
    for width in [60, 80] {
      var session = terminal(width: width)
      let text = session.must("help")
      let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
      XCTAssertLessThanOrEqual(lines.count, 22, "width \(width):\n\(text)")
      XCTAssertTrue(lines.allSatisfy { $0.count < width }, "width \(width):\n\(text)")
      let words = text.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
      for command in CommandTable.all {
        XCTAssertTrue(words.contains(command.name), command.name)
      }
      XCTAssertTrue(text.contains("'lesson 0'"))
      // The article it follows, and the manual beyond this quick reference.
      XCTAssertTrue(text.contains("\"\(articleTitle)\""), text)
      XCTAssertTrue(text.contains("'man minirnn'"), text)
    }
  }

  /// `help COMMAND` reflows the summary and details to the terminal, so no line wraps there
  /// (they were hard-wrapped at up to 90 columns and left a word or two alone at 80), and
  /// the reflow keeps every word, for every command, the RNN's and the LSTM's, in Unicode
  /// and ASCII.
  func testHelpForACommandFitsTheTerminalAndKeepsEveryWord() {
    for width in [60, 80] {
      for unicode in [true, false] {
        for lstm in [false, true] {
          var session = Session(
            traits: TerminalTraits(
              isInteractive: false, color: false, unicode: unicode, width: width))
          if lstm { session.must("model lstm") }
          let n = session.notation
          for command in CommandTable.all {
            let text = session.must("help \(command.name)")
            let lines = text.split(separator: "\n").map(String.init)
            // Not interactive, so nothing wraps them after the fact: the lines are help's own.
            let prose = Array(lines.dropFirst().prefix { $0.hasPrefix("  ") })
            XCTAssertTrue(
              prose.allSatisfy { $0.count < width }, "width \(width) \(command.name):\n\(text)")
            let shown = CommandTable.lookup(command.name, model: session.state.active) ?? command
            let source = n.text(shown.summary + " " + shown.details)
            func words(_ s: String) -> [String] {
              s.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\u{A0}" }).map(
                String.init)
            }
            XCTAssertEqual(
              words(prose.joined(separator: " ")), words(source), "\(command.name), lstm \(lstm)")
          }
        }
      }
    }
  }

  func testHelpGroupListsItsCommandsWithUsage() {
    var session = makeSession()
    let keys = CommandTable.groups.map { CommandTable.helpKey(ofGroup: $0.title) }
    XCTAssertEqual(
      keys,
      [
        "model", "data", "forward", "backward", "training", "beyond", "pictures", "session",
        "lessons",
      ])
    // The help command's own text names the same words.
    XCTAssertTrue(
      CommandTable.lookup("help")!.details.contains(
        keys.dropLast().joined(separator: ", ") + " or " + keys.last!))
    for (key, group) in zip(keys, CommandTable.groups) {
      let text = session.must("help \(key)")
      // A word that is also a command shows the command first, then the group.
      let command = CommandTable.lookup(key)
      XCTAssertTrue(
        command == nil
          ? text.hasPrefix(group.title + "\n") : text.contains("\n\n" + group.title + "\n"),
        text)
      if let command { XCTAssertTrue(text.hasPrefix("usage: \(command.usage)\n"), text) }
      for command in group.commands {
        XCTAssertTrue(text.contains("\n  \(command.usage)"), "\(key): \(command.usage)")
      }
    }
    // `model` names a group and a command: both are shown.
    let model = session.must("help model")
    XCTAssertTrue(model.hasPrefix("usage: model part1|part2|lstm|rnn [K]\n"), model)
  }

  func testHelpAllIsEveryGroupAndHelpTooManyWordsIsAUsageError() {
    var session = makeSession()
    let all = session.must("help all")
    for group in CommandTable.groups { XCTAssertTrue(all.contains("\n\(group.title)\n")) }
    XCTAssertEqual(
      session.mustFail("help step back"),
      "help: expected at most one group or command name; usage: help [GROUP|COMMAND|all]")
  }
}
