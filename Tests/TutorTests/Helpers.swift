import Foundation
import XCTest

@testable import Tutor

/// Runs `script` (commands separated by `;` or newlines) and returns everything printed; fails
/// the test on the first error unless `allowErrors`.
@discardableResult
func runScript(
  _ session: inout Session, _ script: String, allowErrors: Bool = false,
  file: StaticString = #filePath, line: UInt = #line
) -> String {
  var text = ""
  for command in numberedCommands(script, numbering: .commands) {
    let result = session.execute(command.text)
    text += result.output
    if let error = result.error {
      if !allowErrors { XCTFail("'\(command.text)': \(error)", file: file, line: line) }
      text += "error: \(error)\n"
    }
  }
  return text
}

/// The glyphs `command` would print in `session` on a Unicode terminal that have no ASCII
/// spelling, so that an ASCII terminal gets them as `Notation.text`'s `?`; glyphs the command
/// itself contains (a learner's text echoed in an error) are not counted. Runs the command on
/// a copy.
func glyphsWithoutASCII(_ session: Session, _ command: String) -> [String] {
  var probe = session
  probe.traits.unicode = true
  let result = probe.perform(command)
  var leaks: [String] = []
  for scalar in (result.output + (result.error ?? "")).unicodeScalars
  where !scalar.isASCII && !command.unicodeScalars.contains(scalar)
    && asciiSpelling(String(scalar)).contains("?") && !leaks.contains(String(scalar))
  {
    leaks.append(String(scalar))
  }
  return leaks.map {
    "'\(command)' prints \($0) (U+\(String($0.unicodeScalars.first!.value, radix: 16, uppercase: true)))"
  }
}

/// The seed of a random test: `MINIRNN_SEED` when it is set (to replay a failure, or to try
/// other draws), `fixed` otherwise, so that a plain run draws the same every time. A random
/// test names its seed in every failure message.
func testSeed(_ fixed: UInt64) -> UInt64 {
  ProcessInfo.processInfo.environment["MINIRNN_SEED"].flatMap { UInt64($0) } ?? fixed
}

/// A session with the given traits, 80 columns unless said otherwise.
func makeSession(
  unicode: Bool = true, color: Bool = false, width: Int = 80, files: any FileAccess = NoFileAccess()
)
  -> Session
{
  Session(
    traits: TerminalTraits(isInteractive: false, color: color, unicode: unicode, width: width),
    files: files)
}

/// The must-show setup of the issue: w = (1.8, −0.5, 1.1), x = [0, 0.5], y = 1.
let mustShowSetup = "set w1 1.8; set w2 -0.5; set w3 1.1; input 0 0.5; target 1"

/// Compares `text` with `Golden/NAME.txt`; with MINIRNN_RECORD=1 in the environment, writes it
/// instead.
func assertGolden(
  _ text: String, _ name: String, file: StaticString = #filePath, line: UInt = #line
) {
  let url = URL(fileURLWithPath: "\(file)").deletingLastPathComponent()
    .appendingPathComponent("Golden").appendingPathComponent(name + ".txt")
  if ProcessInfo.processInfo.environment["MINIRNN_RECORD"] == "1" {
    try? FileManager.default.createDirectory(
      at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    XCTAssertNoThrow(
      try text.write(to: url, atomically: true, encoding: .utf8), file: file, line: line)
    return
  }
  guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
    return XCTFail(
      "no golden file \(url.path); record it with MINIRNN_RECORD=1", file: file, line: line)
  }
  if expected != text {
    let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let b = text.split(separator: "\n", omittingEmptySubsequences: false)
    var diff = ""
    for i in 0..<max(a.count, b.count) {
      let x = i < a.count ? String(a[i]) : "<none>"
      let y = i < b.count ? String(b[i]) : "<none>"
      if x != y { diff += "line \(i + 1):\n  expected: \(x)\n  got:      \(y)\n" }
    }
    XCTFail("\(name) differs from Golden/\(name).txt:\n\(diff)", file: file, line: line)
  }
}
