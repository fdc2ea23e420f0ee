import RNN
import XCTest

@testable import Tutor

/// The lesson renderer's Markdown, made linear for the lesson fuzzer (a line of thousands of
/// unclosed `*a` or of links took seconds per screen): the new code must print exactly what
/// the old code, kept here, printed.
final class MarkdownSpeedTests: XCTestCase {
  /// Random Markdown-ish text from the characters the renderer looks at.
  private func randomText(_ generator: inout some RandomNumberGenerator) -> String {
    let pieces = [
      "*", "*", "**", "`", "[", "]", "(", ")", "](", " ", " ", " ", "a", "w1", "é", "\u{301}",
      "_", "1.", "-", ">", "ŷ", "word", "longerword",
    ]
    let count = Int.random(in: 0...40, using: &generator)
    return (0..<count).map { _ in pieces.randomElement(using: &generator)! }.joined()
  }

  func testMarkdownIsRenderedAsBefore() {
    let seed = testSeed(20_261_207)
    var generator = SplitMix64(seed: seed)
    for color in [false, true] {
      for unicode in [true, false] {
        let session = Session(
          traits: TerminalTraits(isInteractive: true, color: color, unicode: unicode, width: 40))
        for _ in 0..<1_500 {
          let text = randomText(&generator)
          XCTAssertEqual(
            session.plainMarkdown(text), oldPlainMarkdown(session, text),
            "seed \(seed): \(text.debugDescription)")
          let paragraph = (0..<3).map { _ in randomText(&generator) }.joined(separator: "\n")
          XCTAssertEqual(
            session.wrapMarkdown(paragraph, prefix: "> "),
            oldWrapMarkdown(session, paragraph, prefix: "> "),
            "seed \(seed): \(paragraph.debugDescription)")
        }
      }
    }
  }

  // MARK: - The code these replaced

  private func oldPlainMarkdown(_ session: Session, _ text: String) -> String {
    var out = text
    while let open = out.firstIndex(of: "["),
      let middle = out[open...].firstRange(of: "]("),
      let close = out[middle.upperBound...].firstIndex(of: ")")
    {
      let label = out[out.index(after: open)..<middle.lowerBound]
      let url = out[middle.upperBound..<close]
      out.replaceSubrange(open...close, with: "\(label) (\(url))")
    }
    return session.notation.text(oldStyledMarkdown(session, Substring(out)))
  }

  private func oldStyledMarkdown(_ session: Session, _ text: Substring) -> String {
    let n = session.notation
    var out = ""
    var i = text.startIndex
    func isWordCharacter(_ index: String.Index) -> Bool {
      index >= text.startIndex && index < text.endIndex
        && (text[index].isLetter || text[index].isNumber || "()[]_".contains(text[index]))
    }
    while i < text.endIndex {
      let rest = text[i...]
      let after = text.index(after: i)
      if text[i] == "`", let close = text[after...].firstIndex(of: "`") {
        let code = String(text[after..<close])
        out += n.color ? n.styled(code, .code) : "'\(code)'"
        i = text.index(after: close)
        continue
      }
      if rest.hasPrefix("**"), let close = text[text.index(i, offsetBy: 2)...].firstRange(of: "**"),
        close.lowerBound > text.index(i, offsetBy: 2)
      {
        out += n.styled(
          oldStyledMarkdown(session, text[text.index(i, offsetBy: 2)..<close.lowerBound]), .strong)
        i = close.upperBound
        continue
      }
      if text[i] == "*", after < text.endIndex, text[after] != " ", text[after] != "*",
        i == text.startIndex || !isWordCharacter(text.index(before: i)),
        let close = text[after...].indices.first(where: { j in
          text[j] == "*" && text[text.index(before: j)] != " "
            && !isWordCharacter(text.index(after: j))
        })
      {
        out += n.styled(oldStyledMarkdown(session, text[after..<close]), .emphasis)
        i = text.index(after: close)
        continue
      }
      out.append(text[i])
      i = after
    }
    return out
  }

  private func oldWrapMarkdown(_ session: Session, _ markdown: String, prefix: String) -> String {
    let width = max(40, min(session.traits.width, 100))
    var logical: [String] = []
    for raw in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
      var line = String(raw)
      while line.hasPrefix("#") { line.removeFirst() }
      let trimmed = line.trimmingWhitespace()
      let startsNew =
        logical.isEmpty || trimmed.isEmpty || trimmed.hasPrefix(">") || trimmed.hasPrefix("|")
        || listIndent(trimmed) > 0
      if startsNew {
        logical.append(
          oldPlainMarkdown(session, line.hasPrefix(" ") ? line.trimmingTrailingSpaces() : trimmed))
      } else {
        logical[logical.count - 1] += " " + oldPlainMarkdown(session, trimmed)
      }
    }
    var text = ""
    for (i, line) in logical.enumerated() {
      let lead = i == 0 ? prefix : ""
      let hang = String(repeating: " ", count: listIndent(line) + (i == 0 ? prefix.count : 0))
      text += oldWrap(lead + line, width: width, hangingIndent: hang)
    }
    return text
  }

  private func listIndent(_ line: String) -> Int {
    let leading = line.prefix { $0 == " " }.count
    let rest = line.dropFirst(leading)
    if rest.hasPrefix("- ") || rest.hasPrefix("* ") || rest.hasPrefix("> ") { return leading + 2 }
    let digits = rest.prefix { $0.isNumber }.count
    if digits > 0, rest.dropFirst(digits).hasPrefix(". ") { return leading + digits + 2 }
    return leading
  }

  private func oldWrap(_ line: String, width: Int, hangingIndent: String) -> String {
    func length(_ s: String) -> Int { TextLayout.columns(Substring(s)) }
    guard length(line) > width else { return line + "\n" }
    var out = ""
    var current = ""
    for word in line.split(separator: " ", omittingEmptySubsequences: false) {
      if current.isEmpty {
        current = String(word)
      } else if length(current) + 1 + length(String(word)) <= width {
        current += " " + word
      } else {
        var carried = String(word)
        if looksLikeAMarker(carried), let space = current.lastIndex(of: " "),
          current[..<space].contains(where: { $0 != " " })
        {
          carried = current[current.index(after: space)...] + " " + carried
          current = String(current[..<space])
        }
        out += current.trimmingTrailingSpaces() + "\n"
        current = hangingIndent + carried
      }
    }
    return out + current + "\n"
  }

  private func looksLikeAMarker(_ word: String) -> Bool {
    if ["-", "*", "+", ">", "#"].contains(word) || word.hasPrefix(">") || word.hasPrefix("#") {
      return true
    }
    let digits = word.prefix { $0.isASCII && $0.isNumber }
    return !digits.isEmpty
      && (word.dropFirst(digits.count) == "." || word.dropFirst(digits.count) == ")")
  }
}
