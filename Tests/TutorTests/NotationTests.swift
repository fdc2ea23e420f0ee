import XCTest

@testable import Tutor

/// One notation: ASCII spellings come from `Notation.text` alone, agree with the symbol
/// getters, and every screen written for an ASCII terminal is ASCII without a `?` standing
/// in for a glyph that has no spelling.
final class NotationTests: XCTestCase {
  private let ascii = Notation(unicode: false, precision: 6)
  private let unicode = Notation(unicode: true, precision: 6)

  func testTextAgreesWithTheSymbolGetters() {
    for n in [ascii, unicode] {
      XCTAssertEqual(n.text("∂"), n.partial)
      XCTAssertEqual(n.text("ŷ"), n.yhat)
      XCTAssertEqual(n.text("·"), n.times)
      XCTAssertEqual(n.text("−"), n.minus)
      XCTAssertEqual(n.text("′"), n.prime)
      XCTAssertEqual(n.text("∑"), n.sum)
      XCTAssertEqual(n.text("→"), n.arrow)
      XCTAssertEqual(n.text("½"), n.half)
      XCTAssertEqual(n.text("²"), n.squared)
      for t in [0, 1, 2, 9] {
        // Built by hand in Unicode, read back through `text`: the same as the getters.
        XCTAssertEqual(n.text(unicode.h(t)), n.h(t))
        XCTAssertEqual(n.text(unicode.x(t)), n.x(t))
        XCTAssertEqual(n.text(unicode.a(t)), n.a(t))
      }
      for i in 1...3 { XCTAssertEqual(n.text(unicode.w(i)), n.w(i)) }
      for t in ["t", "n", "t-1", "t+1"] { XCTAssertEqual(n.text(unicode.h(t)), n.h(t)) }
      XCTAssertEqual(n.text(unicode.dL(unicode.h("t-1"))), n.dL(n.h("t-1")))
    }
  }

  func testSectionSignHasOneASCIISpelling() {
    XCTAssertEqual(ascii.text("§2.5"), "sec. 2.5")
    XCTAssertEqual(ascii.text("(§2.2)"), "(sec. 2.2)")
    XCTAssertEqual(unicode.text("§2.5"), "§2.5")
  }

  func testUnknownGlyphsBecomeAQuestionMark() {
    XCTAssertEqual(ascii.text("a🙂b"), "a?b")
    XCTAssertEqual(ascii.text("plain"), "plain")
  }

  /// Lines that reach every screen: each command's help example, and the screens of a
  /// forward and backward pass, the equations, the pictures and the errors a learner meets.
  private var tour: [String] {
    var lines = ["help"]
    for command in CommandTable.all { lines.append("help \(command.name)") }
    lines += [
      "weights", "errata", "datasets", "data zigzag", "data slopes", mustShowSetup, "states",
      "eq list",
    ]
    lines += ArticleEquation.allCases.map { "eq \($0.rawValue)" }
    lines += ["derive w1", "derive w2", "derive w3", "unroll", "step"]
    lines += ArticleEquation.allCases.map { "eq \($0.rawValue)" }
    lines += ["derive w1", "step", "states", "step", "back", "grads", "unroll"]
    lines += ArticleEquation.allCases.map { "eq \($0.rawValue)" }
    lines += [
      "back", "back", "back", "grads", "derive w1", "derive w2", "derive w3", "backward",
      "print w1.g", "update", "zero", "gradcheck", "reset", "mode article", "forward",
      "backward", "grads", "eq 1", "eq 2.2", "derive w3", "mode exact", "train 50", "plot",
      "plot loss", "landscape", "model part1", "forward", "eq 2", "eq 3", "eq 2.5", "back",
      "model part2", "input 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25",
      "forward", "backward", "eq 2.5", "eq 2.6", "derive w1", "unroll", "lessons",
      // Errors: each says what to do next, in the same notation.
      "trian", "set w9 1", "set w1 x", "set w1 nan", "input", "precision 99", "eq 9",
      "derive w4", "lesson 99", "next", "answer 1", "load /nowhere", "step 1",
    ]
    lines += CommandTable.all.map(\.example)
    return lines
  }

  func testEveryScreenIsASCIIOnAnASCIITerminal() {
    var plain = makeSession(unicode: false)
    var rich = makeSession(unicode: true)
    for line in tour {
      let a = plain.execute(line)
      let u = rich.execute(line)
      for (what, text, richText) in [
        ("output", a.output, u.output), ("error", a.error ?? "", u.error ?? ""),
      ] {
        let bad = text.unicodeScalars.filter { !$0.isASCII }
        XCTAssertTrue(
          bad.isEmpty, "'\(line)' \(what) has non-ASCII \(String(String.UnicodeScalarView(bad)))")
        // A glyph without an ASCII spelling turns into `?`: more of them than the Unicode
        // screen has means one was lost.
        XCTAssertLessThanOrEqual(
          text.filter { $0 == "?" }.count, richText.filter { $0 == "?" }.count,
          "'\(line)' \(what) lost a glyph:\n\(text)")
      }
    }
  }

  /// Every step of every shipped lesson, with its hints, a wrong answer and the lesson list,
  /// on an ASCII terminal.
  func testEveryLessonIsASCIIOnAnASCIITerminal() throws {
    var plain = try ShippedLessons.session()
    plain.traits = TerminalTraits(isInteractive: true, color: false, unicode: false, width: 80)
    var lines = ["lessons"]
    for number in plain.lessonBook.lessons.map(\.number) {
      lines += ["lesson \(number)", "where"]
      for _ in 0..<12 { lines += ["hint", "hint", "hint", "hint", "answer 12345", "skip", "next"] }
    }
    for line in lines {
      let result = plain.execute(line)
      for text in [result.output, result.error ?? ""] {
        let bad = text.unicodeScalars.filter { !$0.isASCII }
        XCTAssertTrue(
          bad.isEmpty, "'\(line)' has non-ASCII \(String(String.UnicodeScalarView(bad))):\n\(text)")
      }
    }
  }

  /// An error at the prompt wraps at spaces to the terminal; a script gets it on one line.
  func testLongErrorsWrapAtThePromptOnly() {
    var prompt = makeSession(width: 40)
    prompt.traits.isInteractive = true
    let message = prompt.execute("back").error!
    let wrapped = prompt.errorLine(message)
    XCTAssertTrue(wrapped.split(separator: "\n").allSatisfy { $0.count <= 40 }, wrapped)
    XCTAssertEqual(
      wrapped.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        .joined(separator: " "), "error: " + message)
    XCTAssertEqual(makeSession(width: 40).errorLine(message), "error: " + message + "\n")
  }
}
