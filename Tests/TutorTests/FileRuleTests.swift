import XCTest

@testable import Tutor

/// Issue 22's one rule for every file minirnn writes: a file minirnn did not write is left
/// alone without --force, the message names it, and a name whose ending says another kind
/// of file is refused.
final class FileRuleTests: XCTestCase {
  /// Each writing command, a name with the right ending, and one with another kind's.
  static let writers: [(command: String, good: String, wrongEnding: String?)] = [
    ("save", "s.minirnn", "s.py"),
    ("export svg", "p.svg", "p.png"),
    ("export transcript", "t.md", "t.svg"),
    ("export torch", "m.py", "m.md"),
    ("export notebook", "n.ipynb", "n.json"),
  ]

  /// A session with a picture drawn, so `export svg FILE` has one to write.
  private func ready(_ files: MemoryFiles) -> Session {
    var s = Session(files: files)
    s.must(mustShowSetup + "; forward; unroll")
    return s
  }

  func testAFileMinirnnDidNotWriteNeedsForce() {
    for (command, path, _) in Self.writers {
      let mine = "important notes of my own\n"
      let files = MemoryFiles([path: mine])
      var s = ready(files)
      let before = s.state
      let refused = s.execute("\(command) \(path)")
      let error = refused.error ?? ""
      XCTAssertTrue(error.contains("'\(path)'"), "\(command) names the file: \(error)")
      XCTAssertTrue(error.contains("--force"), "\(command) says how to replace it: \(error)")
      XCTAssertEqual(files[path], mine, "\(command) left the file alone")
      XCTAssertEqual(s.state, before, command)
      let forced = s.execute("\(command) \(path) --force")
      XCTAssertNil(forced.error, command)
      XCTAssertNotEqual(files[path], mine, "\(command) --force replaced it")
      // What minirnn wrote, it may replace without --force.
      let written = files[path]
      s.must("set w1 0.25; forward; unroll")
      let again = s.execute("\(command) \(path)")
      XCTAssertNil(again.error, "\(command) replaces its own file")
      XCTAssertNotEqual(files[path], written, "\(command) wrote the new state")
    }
  }

  func testANameEndingInAnotherKindIsRefused() {
    for (command, good, wrong) in Self.writers {
      guard let wrong else { continue }
      let files = MemoryFiles()
      var s = ready(files)
      let refused = s.execute("\(command) \(wrong)")
      XCTAssertNotNil(refused.error, "\(command) \(wrong)")
      XCTAssertTrue(refused.error?.contains("'\(wrong)'") == true, "\(refused.error ?? "")")
      let goodEnding = "." + (good.split(separator: ".").last ?? "")
      XCTAssertTrue(
        refused.error?.contains(goodEnding) == true, "says the ending: \(refused.error ?? "")")
      XCTAssertTrue(files.files.isEmpty, "\(command) \(wrong) wrote nothing")
    }
    // A name without an ending is taken as it is (but a notebook must end in .ipynb).
    let files = MemoryFiles()
    var s = ready(files)
    s.must("save session; export svg picture; export transcript log")
    XCTAssertEqual(Set(files.files.keys), ["session", "picture", "log"])
    // A save has no settled ending: only another kind's ending is refused.
    s.must("save run.sav")
    XCTAssertNotNil(files["run.sav"])
  }
}
