import Testing

@testable import Tutor

/// The repository root: three levels above this file.
let repositoryRoot: String = {
  var path = #filePath
  for _ in 0..<3 { path = String(path[..<path.lastIndex(of: "/")!]) }
  return path
}()

/// README.md onboards and links the rest; docs/ holds the manual, testing and benchmarks. These
/// keep the links working, the README short, and the manual in step with the command table.
@Suite struct DocumentationTests {
  private let root = repositoryRoot

  private static let documents = [
    "README.md", "docs/manual.md", "docs/testing.md", "docs/benchmarks.md",
  ]

  private func text(_ path: String) throws -> String {
    let bytes = try #require(readFile(root + "/" + path), "cannot read \(path)")
    return String(decoding: bytes, as: UTF8.self)
  }

  /// The anchor GitHub gives a heading: lower case, spaces to dashes, and only letters,
  /// digits, dashes and underscores kept.
  private func anchor(_ heading: Substring) -> String {
    var result = ""
    for character in heading.lowercased() {
      if character == " " {
        result.append("-")
      } else if character.isLetter || character.isNumber || character == "-" || character == "_" {
        result.append(character)
      }
    }
    return result
  }

  /// The anchors of a Markdown file's headings (outside code blocks).
  private func anchors(of path: String) throws -> Set<String> {
    var result: Set<String> = []
    var inCode = false
    for line in try text(path).split(separator: "\n") {
      if line.hasPrefix("```") { inCode.toggle() }
      guard !inCode, line.hasPrefix("#") else { continue }
      result.insert(anchor(line.drop(while: { $0 == "#" }).dropFirst()))
    }
    return result
  }

  /// Every `](target)` of a Markdown text.
  private func links(in markdown: String) -> [String] {
    markdown.split(separator: "](").dropFirst().compactMap { rest in
      rest.split(separator: ")", maxSplits: 1).first.map(String.init)
    }
  }

  /// `from`'s folder joined with a relative path, `..` resolved.
  private func resolve(_ relative: String, from document: String) -> String {
    var parts = document.split(separator: "/").dropLast().map(String.init)
    for part in relative.split(separator: "/") {
      if part == ".." { _ = parts.popLast() } else if part != "." { parts.append(String(part)) }
    }
    return parts.joined(separator: "/")
  }

  @Test func readmeOnboardsInItsFirstFortyLines() throws {
    let lines = try text("README.md").split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines.count <= 150, "README.md has \(lines.count) lines")
    let top = lines.prefix(40).joined(separator: "\n")
    for needed in ["make run", "lesson 0", articleTitle, "Maximilian Weichart", "2024"] {
      #expect(top.contains(needed), "README.md's first 40 lines lack \(needed)")
    }
  }

  @Test(arguments: documents) func everyLinkLeadsSomewhere(document: String) throws {
    let found = links(in: try text(document)).filter { !$0.hasPrefix("http") }
    #expect(!found.isEmpty)
    for link in found {
      let parts = link.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
      let target = parts[0].isEmpty ? document : resolve(String(parts[0]), from: document)
      try #require(readFile(root + "/" + target) != nil, "\(document): \(link): no \(target)")
      if parts.count == 2 {
        #expect(
          try anchors(of: target).contains(String(parts[1])),
          "\(document): \(link): \(target) has no heading with that anchor")
      }
    }
  }

  /// Each section of the manual is linked from the README, and the other two pages are.
  @Test func readmeLinksEveryMovedSection() throws {
    let readme = Set(links(in: try text("README.md")))
    var inCode = false
    for line in try text("docs/manual.md").split(separator: "\n") {
      if line.hasPrefix("```") { inCode.toggle() }
      guard !inCode, line.hasPrefix("## ") else { continue }
      let link = "docs/manual.md#" + anchor(line.dropFirst(3))
      #expect(readme.contains(link), "README.md does not link \(link)")
    }
    for page in ["docs/testing.md", "docs/benchmarks.md"] {
      #expect(readme.contains(page), "README.md does not link \(page)")
    }
  }

  @Test func manualNamesEveryCommand() throws {
    let manual = try text("docs/manual.md")
    let missing = CommandTable.all.map(\.name).filter {
      !manual.contains("`\($0)`") && !manual.contains("`\($0) ")
    }
    #expect(missing.isEmpty, "docs/manual.md does not describe: \(missing)")
  }

  /// Words that only make sense to the people who built minirnn: issue numbers, rounds of
  /// work, commit hashes.
  @Test(arguments: documents) func noWordsFromInsideTheProject(document: String) throws {
    let words = try text(document).lowercased().split(whereSeparator: { " \n()`,.;:".contains($0) })
    for (word, next) in zip(words, words.dropFirst()) {
      #expect(!(word == "issue" && next.allSatisfy(\.isNumber)), "\(document): issue \(next)")
      #expect(!(word == "this" && next == "round"), "\(document): this round")
    }
    let hashes = words.filter { word in
      word.count >= 7 && word.count <= 40 && word.allSatisfy(\.isHexDigit)
        && word.contains(where: \.isLetter) && word.contains(where: \.isNumber)
    }
    #expect(hashes.isEmpty, "\(document): \(hashes)")
  }
}
