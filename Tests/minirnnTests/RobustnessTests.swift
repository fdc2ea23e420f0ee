import Foundation
import Testing

/// The bad-input corpus and a killed `save`, through the built binary.
@Suite struct RobustnessTests {
  /// Tests/BadInput/corpus.jsonl, shared with TutorTests' BadInputTests.
  static let badLines: [String] = {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .appendingPathComponent("../BadInput/corpus.jsonl")
    guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
    return text.split(separator: "\n").compactMap {
      try? JSONDecoder().decode(String.self, from: Data($0.utf8))
    }
  }()

  /// Each bad line, between two saves of the whole state: one error naming line 3, exit
  /// status 1, and the state saved after it equal to the state saved before it.
  @Test func everyBadLineFailsAloneAndChangesNothing() throws {
    #expect(Self.badLines.count > 80, "the corpus was read")
    let folder = try makeTemporaryFolder()
    defer { removeTree(folder) }
    for (index, line) in Self.badLines.enumerated() where !line.contains("\u{0}") {
      let before = "\(folder)/before-\(index)"
      let after = "\(folder)/after-\(index)"
      let script = "forward\nsave \(before)\n\(line)\nsave \(after)\n"
      let result = try run([minirnnPath, "--keep-going", "-"], input: script)
      let shown = line.debugDescription.prefix(60)
      #expect(result.status == 1, "exit status for \(shown)")
      let errors = result.stderr.split(separator: "\n")
      #expect(errors.count == 1, "one error line for \(shown): \(result.stderr.prefix(300))")
      #expect(
        errors.first?.hasPrefix("<stdin>:3: error: ") == true, "\(shown): \(result.stderr.prefix(300))"
      )
      #expect(!result.stderr.contains("\u{1B}"), "no escape bytes: \(shown)")
      let saved = (try? String(contentsOfFile: before, encoding: .utf8)) ?? "<missing>"
      let resaved = (try? String(contentsOfFile: after, encoding: .utf8)) ?? "<missing>"
      #expect(saved == resaved, "state changed by \(shown)")
    }
  }

  /// Bytes that are not UTF-8, and a NUL byte, in a script file: refused with one error.
  @Test func binaryScriptsAreRefused() throws {
    let folder = try makeTemporaryFolder()
    defer { removeTree(folder) }
    for (name, bytes) in [
      ("latin1", [0x73, 0x65, 0x74, 0x20, 0xE9, 0x0A]), ("nul", [0x00, 0x0A]),
    ] {
      let path = "\(folder)/\(name)"
      #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes.map(UInt8.init))))
      let result = try run([minirnnPath, path])
      #expect(result.status == 1)
      #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
      #expect(result.stderr.contains(path), "names the file: \(result.stderr)")
    }
  }

  /// A `save` killed at any moment leaves the old file or the whole new one, never a part.
  @Test func saveKilledHalfwayLeavesTheOldFileIntact() throws {
    let folder = try makeTemporaryFolder()
    defer { removeTree(folder) }
    let target = "\(folder)/session.minirnn"
    let reference = "\(folder)/reference.minirnn"
    // A large state (~4 MB), so a save takes long enough to be interrupted.
    let values = (0..<10_000).map { "0.123456789012345\($0 % 10)" }.joined(separator: " ")
    let build =
      "input \(values)\ntarget 1\ndata custom\n" + String(repeating: "data add\n", count: 15)
    let old = try run([minirnnPath, "-e", "set w1 0.5; save \(target)"])
    #expect(old.status == 0)
    let oldText = try String(contentsOfFile: target, encoding: .utf8)
    let whole = try run([minirnnPath, "-"], input: build + "save \(reference)\n")
    #expect(whole.status == 0, "\(whole.stderr)")
    let newText = try String(contentsOfFile: reference, encoding: .utf8)
    #expect(newText.utf8.count > 1_000_000)
    var sawOld = false
    var sawNew = false
    // Kills at growing delays, until some landed before the first save and some after it:
    // how long the first save takes depends on how busy the machine is.
    let delays = stride(from: 0.05, through: 1.5, by: 0.1).map { $0 } + [2, 3, 5, 8, 13, 21]
    for delay in delays {
      let started = now()
      var killed = false
      let script = build + String(repeating: "save \(target)\n", count: 40)
      _ = try run([minirnnPath, "-"], input: script, timeout: 300) { pid in
        if !killed && now() - started >= delay {
          kill(pid, SIGKILL)
          killed = true
        }
      }
      let text = try String(contentsOfFile: target, encoding: .utf8)
      #expect(
        text == oldText || text == newText, "after a kill at \(delay) s: \(text.utf8.count) bytes")
      if text == oldText { sawOld = true } else { sawNew = true }
      if sawOld && sawNew && delay > 0.5 { break }
    }
    #expect(sawOld && sawNew, "kills landed both before the first save and during the saves")
  }
}
