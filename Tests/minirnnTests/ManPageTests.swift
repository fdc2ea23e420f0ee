@preconcurrency import Glibc
import Testing

@testable import Tutor

/// `minirnn.1`, the man page `make install` installs: clean under Debian's `mandoc -T lint`,
/// renderable, and describing every command, option and environment variable the program has.
@Suite struct ManPageTests {
  private let root = repositoryRoot

  private var pagePath: String { root + "/minirnn.1" }

  private func page() throws -> String {
    let bytes = try #require(readFile(pagePath), "cannot read \(pagePath)")
    return String(decoding: bytes, as: UTF8.self)
  }

  /// mandoc on the PATH; without it the test fails saying what to install (`make test`
  /// installs it, as `make deps` installs libedit-dev).
  private func mandoc() throws -> String {
    let path = getenv("PATH").map { String(cString: $0) } ?? "/usr/bin:/bin"
    let found = path.split(separator: ":").map { String($0) + "/mandoc" }.first {
      access($0, X_OK) == 0
    }
    return try #require(
      found,
      "mandoc is not installed: 'make test' installs it, or run 'apt-get install mandoc'")
  }

  @Test func lintIsClean() throws {
    let lint = try run([mandoc(), "-T", "lint", pagePath])
    #expect(lint.status == 0, "\(lint.stdout)\(lint.stderr)")
    #expect(lint.stdout + lint.stderr == "")
  }

  @Test func rendersEverySectionWithinEightyColumns() throws {
    let rendered = try run([mandoc(), "-T", "utf8", "-O", "width=78", pagePath])
    #expect(rendered.status == 0, "\(rendered.stderr)")
    // Bold and underline come overstruck (x, backspace, x); keep what a terminal shows.
    let lines = rendered.stdoutLines.map { line in
      var shown: [Character] = []
      for character in line {
        if character == "\u{8}" { _ = shown.popLast() } else { shown.append(character) }
      }
      return String(shown)
    }
    let headings = try page().split(separator: "\n").filter { $0.hasPrefix(".Sh ") }
      .map { String($0.dropFirst(4)) }
    #expect(headings.count >= 8)
    for heading in headings {
      #expect(lines.contains(heading), "the rendered page lacks its section \(heading)")
    }
    for line in lines {
      #expect(line.count <= 80, "\(line)")
    }
  }

  /// Each command of the command table has an item of its own (`.It Ic NAME …`), or shares
  /// one with its neighbours (`.It Ic next , Ic prev , …`).
  @Test func describesEveryCommand() throws {
    let items = try page().split(separator: "\n").filter { $0.hasPrefix(".It ") }
      .map { " " + $0.split(separator: " ").joined(separator: " ") + " " }
    let missing = CommandTable.all.map(\.name).filter { name in
      !items.contains { $0.contains(" Ic \(name) ") }
    }
    #expect(missing.isEmpty, "minirnn.1 has no '.It Ic NAME' item for: \(missing)")
  }

  /// Every long option and every environment variable `minirnn --help` lists.
  @Test func describesEveryOptionAndVariable() throws {
    let help = try run([minirnnPath, "--help"])
    try #require(help.status == 0)
    let text = try page()
    let words = help.stdout.split(whereSeparator: { " ,.()'\n".contains($0) })
    let options = Set(words.filter { $0.hasPrefix("--") && $0.count > 2 }.map { $0.dropFirst(2) })
    #expect(options.count >= 5, "\(options)")
    for option in options {
      #expect(text.contains("Fl -\(option)"), "minirnn.1 does not describe --\(option)")
    }
    // The names that start --help's Environment lines: "NO_COLOR  …", "LC_ALL, LANG  …".
    let environment =
      try #require(help.stdout.split(separator: "Environment:").last)
      .split(separator: "\nUSAGE:").first ?? ""
    var variables: Set<Substring> = []
    for line in environment.split(separator: "\n") {
      for word in line.split(separator: " ") {
        let name = word.filter { $0 != "," }
        guard name.count > 1, name.allSatisfy({ $0.isUppercase || $0 == "_" }) else { break }
        variables.insert(Substring(name))
        if !word.hasSuffix(",") { break }
      }
    }
    #expect(variables.count >= 6, "\(variables)")
    for variable in variables {
      #expect(text.contains("Ev \(variable)"), "minirnn.1 does not describe \(variable)")
    }
  }

  /// The article the page names is the one `--version` names.
  @Test func namesTheArticleAsVersionDoes() throws {
    let text = try page()
    let title = try #require(
      text.split(separator: "\n").first { $0.hasPrefix(".%T ") }.map { $0.dropFirst(4) })
    let version = try run([minirnnPath, "--version"])
    #expect(version.stdout.contains("\"\(title)\""), "\(version.stdout)")
    #expect(text.contains(".%A Maximilian Weichart"))
  }
}
