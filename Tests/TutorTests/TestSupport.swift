import Synchronization
import Tutor
import XCTest

/// Files kept in memory, so save/load/export can be tested without a disk.
final class MemoryFiles: FileAccess {
  let contents = Mutex<[String: String]>([:])
  /// Paths whose writes fail, as a full disk or a read-only folder would.
  let failing: Set<String>
  /// When true every write fails.
  let failWrites: Bool

  init(_ files: [String: String] = [:], failing: Set<String> = [], failWrites: Bool = false) {
    contents.withLock { $0 = files }
    self.failing = failing
    self.failWrites = failWrites
  }

  subscript(path: String) -> String? { contents.withLock { $0[path] } }

  /// Everything written so far.
  var files: [String: String] { contents.withLock { $0 } }

  func read(_ path: String, limit: Int) -> Result<String, FileAccessError> {
    guard let text = contents.withLock({ $0[path] }) else {
      return .failure(FileAccessError("cannot read '\(path)': no such file", isMissing: true))
    }
    guard text.utf8.count <= limit else {
      return .failure(FileAccessError("'\(path)' is larger than \(limit) bytes"))
    }
    return .success(text)
  }

  func writeAtomically(_ path: String, _ text: String) -> Result<Void, FileAccessError> {
    guard !failWrites && !failing.contains(path) else {
      return .failure(FileAccessError("cannot write '\(path)': no space left on device"))
    }
    contents.withLock { $0[path] = text }
    return .success(())
  }
}

extension Session {
  /// Runs `;`-separated commands, failing the test on any error; returns all output.
  @discardableResult
  mutating func must(_ commands: String, file: StaticString = #filePath, line: UInt = #line)
    -> String
  {
    var output = ""
    for command in splitCommands(Substring(commands)) {
      let result = execute(command)
      if let error = result.error {
        XCTFail("'\(command)' failed: \(error)", file: file, line: line)
      }
      output += result.output
    }
    return output
  }

  /// Runs one command that must fail; returns its error.
  mutating func mustFail(_ command: String, file: StaticString = #filePath, line: UInt = #line)
    -> String
  {
    let result = execute(command)
    guard let error = result.error else {
      XCTFail(
        "'\(command)' should have failed but printed: \(result.output)", file: file, line: line)
      return ""
    }
    return error
  }
}
