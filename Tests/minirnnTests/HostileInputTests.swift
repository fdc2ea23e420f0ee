import Foundation
import Testing

/// Issue 12's second robustness round, through the built binary.
@Suite struct HostileInputTests {
  /// A script with CRLF line ends runs exactly as the same script with LF ends, from `-e`,
  /// standard input and a file.
  @Test func crlfScriptsReadAsLines() throws {
    let script = "set w1 2\ninput 0 0.5\ntarget 1\nforward\nprint w1\nprint yhat\n"
    let crlf = script.replacingOccurrences(of: "\n", with: "\r\n")
    let expected = try run([minirnnPath, "-"], input: script)
    #expect(expected.status == 0 && expected.stdoutLines.count == 2, "\(expected.stderr)")
    let folder = try makeTemporaryFolder()
    defer { removeTree(folder) }
    try writeFile("\(folder)/crlf.minirnn", crlf)
    for result in [
      try run([minirnnPath, "-"], input: crlf),
      try run([minirnnPath, "-e", crlf]),
      try run([minirnnPath, "\(folder)/crlf.minirnn"]),
    ] {
      #expect(result.status == 0, "\(result.stderr)")
      #expect(result.stdout == expected.stdout)
    }
  }
}
