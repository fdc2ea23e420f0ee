import RNN
import XCTest

@testable import Tutor

/// Issue 22 item 3: Tab by argument position, help listing every value, gdb's prefixes, and
/// the names the screens print accepted as input.
final class CompletionAndHelpTests: XCTestCase {
  private func candidates(_ s: Session, _ text: String) -> [String]? {
    guard case .words(_, let words) = s.completions(for: text) else { return nil }
    return words
  }

  /// The issue's examples of Tab ignoring the argument position.
  func testTabFollowsTheArgumentPosition() throws {
    let s = try ShippedLessons.session()
    XCTAssertEqual(candidates(s, "plot "), ["loss"])
    XCTAssertEqual(candidates(s, "plot loss "), [], "plot takes one word")
    XCTAssertEqual(candidates(s, "truncate off "), [], "truncate takes one word")
    XCTAssertEqual(candidates(s, "flow "), ["all", "sweep"])
    XCTAssertEqual(candidates(s, "flow all "), [], "flow all takes nothing more")
    XCTAssertEqual(candidates(s, "flow sweep "), ["n", "w2"])
    XCTAssertEqual(candidates(s, "flow sweep w2 "), [], "then numbers")
    XCTAssertEqual(candidates(s, "set w1 "), [], "then a value")
    XCTAssertEqual(candidates(s, "mode "), Mode.allCases.map(\.rawValue).sorted())
    XCTAssertTrue(candidates(s, "mode ")?.contains("text") == true)
    let lessons = s.lessonBook.lessons
    XCTAssertFalse(lessons.isEmpty)
    XCTAssertEqual(
      candidates(s, "lesson "),
      (lessons.map { "\($0.number)" } + lessons.map(\.name) + ["end", "new"]).sorted())
    XCTAssertEqual(
      candidates(s, "export svg f.svg "),
      (PictureKind.allCases.map(\.rawValue) + ["--force"]).sorted())
    XCTAssertEqual(s.completions(for: "export svg f"), .path(prefix: "f"))
    let help = try XCTUnwrap(candidates(s, "help "))
    for word in CommandTable.groupKeys + ["all"] + CommandTable.names {
      XCTAssertTrue(help.contains(word), "help Tab offers \(word)")
    }
    // A word already typed is not offered again.
    let display = try XCTUnwrap(candidates(s, "display w1 w2 "))
    XCTAssertFalse(display.contains("w1") || display.contains("w2"), "\(display)")
    XCTAssertTrue(display.contains("w3"))
    XCTAssertEqual(candidates(s, "compare rnn "), ["--seeds", "lstm"])
  }

  /// One source for each command's values: what Tab offers after the name is what help
  /// lists, and the parser takes every one of them (and names them when it refuses a word).
  func testHelpTabAndParserAgree() throws {
    for lstm in [false, true] {
      for base in CommandTable.all {
        let command = lstm ? CommandTable.version(of: base, for: LSTMState()) : base
        var s = try CommandExampleTests.sessionReady(for: command)
        if lstm { s.must("model lstm") }
        let kind = command.arguments.completion
        let words = s.values(of: kind)
        guard !words.isEmpty, kind != .printable, kind != .commands, kind != .lessons else {
          continue
        }
        let help = s.must("help \(command.name)")
        XCTAssertEqual(
          candidates(s, "\(command.name) "), words.sorted(), "\(command.name): Tab and declaration")
        for word in words {
          XCTAssertTrue(
            help.contains(word), "help \(command.name) lists '\(word)' (lstm \(lstm)):\n\(help)")
          var copy = s
          let error = copy.execute("\(command.name) \(word)").error ?? ""
          XCTAssertFalse(
            error.contains("'\(word)';") || error.contains("'\(word)' is not"),
            "\(command.name) \(word) is refused: \(error)")
        }
        if let choice = command.arguments.choice {
          XCTAssertEqual(choice.words, words, "\(command.name): the parser's words are Tab's")
          let error = s.execute("\(command.name) zzqx").error ?? ""
          XCTAssertTrue(
            error.hasSuffix("accepted: \(words.joined(separator: ", "))"), "\(error)")
        }
      }
    }
  }

  /// `mode text` exists, so help says so wherever it shows mode's usage.
  func testHelpNamesEveryMode() {
    var s = Session()
    let usage = "mode " + Mode.allCases.map(\.rawValue).joined(separator: "|")
    for topic in ["mode", "all", "model"] {
      XCTAssertTrue(s.must("help \(topic)").contains(usage), "help \(topic)")
    }
  }

  /// `help WORD` for no command or group: the commands whose help mentions the word.
  func testHelpSearchesWhenTheWordIsNoCommand() {
    var s = Session()
    let text = s.must("help gradient")
    let expected = CommandTable.all.filter {
      ($0.usage + " " + $0.summary + " " + $0.details).lowercased()
        .split(whereSeparator: { !$0.isLetter }).contains { $0.hasPrefix("gradient") }
    }
    XCTAssertGreaterThan(expected.count, 2)
    for command in expected {
      XCTAssertTrue(text.contains("  \(command.usage)"), "\(command.name) in:\n\(text)")
    }
    XCTAssertFalse(text.contains("  quit"))
    XCTAssertNotNil(s.execute("help qqqzz").error)
    // An ambiguous prefix: the commands it starts, not every text holding the letters.
    let starting = s.must("help st")
    XCTAssertTrue(starting.contains("  step ") && starting.contains("  states "), starting)
    XCTAssertFalse(starting.contains("  input "), starting)
  }

  /// gdb's rule: a unique prefix runs the command, several are listed, case is ignored.
  func testUniquePrefixesAndAnyCaseRunTheCommand() {
    var a = makeSession()
    var b = makeSession()
    a.must(mustShowSetup)
    b.must(mustShowSetup)
    XCTAssertEqual(a.must("Step"), b.must("step"))
    XCTAssertEqual(a.must("gradc"), b.must("gradcheck"))
    XCTAssertEqual(a.state, b.state)
    let starting = CommandTable.names.filter { $0.hasPrefix("st") }
    XCTAssertGreaterThan(starting.count, 1)
    let error = a.execute("st").error ?? ""
    XCTAssertTrue(error.hasPrefix("ambiguous command 'st'"), error)
    for name in starting { XCTAssertTrue(error.contains("'\(name)'"), error) }
    // A letter that starts no command gets no guess.
    XCTAssertEqual(
      a.execute("j").error, "unknown command 'j' — type 'help' for the list of commands")
    XCTAssertEqual(a.state, b.state, "the refused lines changed nothing")
  }

  /// The names the screens print are accepted; a line that names a value gets the command.
  func testScreenNamesAndValueLinesAreUnderstood() {
    var s = makeSession()
    s.must(mustShowSetup + "; forward; backward")
    XCTAssertEqual(s.must("print ŷ"), s.must("print yhat"))
    XCTAssertEqual(s.must("print L"), s.must("print loss"))
    XCTAssertEqual(s.must("print ∂L/∂w₁"), s.must("print w1.g"))
    XCTAssertEqual(s.must("print h₂"), s.must("print h[2]"))
    s.must("set w₁ 0.25")
    XCTAssertEqual(s.must("print w1"), "w1 = 0.25\n")
    let before = s.state
    XCTAssertEqual(
      s.execute("w1 = 1").error,
      "unknown command 'w1' — did you mean 'set w1 1'? ('help' lists all)")
    XCTAssertEqual(
      s.execute("w1").error, "unknown command 'w1' — did you mean 'print w1'? ('help' lists all)")
    XCTAssertEqual(
      s.execute("w1=1").error,
      "unknown command 'w1=1' — did you mean 'set w1 1'? ('help' lists all)")
    let placeholder = s.execute("print h[t]").error ?? ""
    XCTAssertFalse(placeholder.contains("h[t],"), placeholder)
    XCTAssertTrue(placeholder.contains("h[0]…h[2]"), placeholder)
    XCTAssertEqual(
      s.execute("set pagination off").error,
      "unknown name for set 'pagination'; accepted: w1, w2, w3, b, c, lr")
    XCTAssertEqual(s.state, before)
  }
}
