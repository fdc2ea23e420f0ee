import Foundation
import XCTest

/// Finding a python that imports torch, for the tests that use PyTorch as an oracle, and
/// running it.
public enum TorchPython {
  /// `${MINIRNN_VENV:-~/.cache/minirnn/venv}/bin/python`, where
  /// `Tests/Torch/python-env.sh --install` puts it.
  public static var venvPython: URL {
    let environment = ProcessInfo.processInfo.environment
    let venv =
      environment["MINIRNN_VENV"]
      ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.cache/minirnn/venv")
    return URL(fileURLWithPath: venv).appendingPathComponent("bin/python")
  }

  /// The venv's python if it imports torch, else python3 on PATH if that does.
  public static let python: URL? = {
    var candidates = [venvPython]
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
    for dir in path.split(separator: ":") {
      candidates.append(URL(fileURLWithPath: String(dir)).appendingPathComponent("python3"))
    }
    for candidate in candidates
    where FileManager.default.isExecutableFile(atPath: candidate.path) {
      if let (status, _, _) = try? run(candidate, ["-c", "import torch"]), status == 0 {
        return candidate
      }
    }
    return nil
  }()

  /// The python for `check` (e.g. "LSTM PyTorch check"), or, where none imports torch, a
  /// skip with one line saying why; under CI=true, which installs torch first
  /// (Tests/Torch/python-env.sh --install) and never skips, a failure and nil instead.
  public static func required(
    for check: String, file: StaticString = #filePath, line: UInt = #line
  ) throws -> URL? {
    if let python { return python }
    if ProcessInfo.processInfo.environment["CI"] == "true" {
      XCTFail("CI=true but no python with torch at \(venvPython.path)", file: file, line: line)
      return nil
    }
    throw XCTSkip(
      "\(check) skipped: no python with torch (tried \(venvPython.path) and python3 on "
        + "PATH; set MINIRNN_VENV to a venv with torch)", file: file, line: line)
  }

  /// Runs `executable` with `arguments` and no input; returns its exit status, stdout and
  /// stderr.
  public static func run(_ executable: URL, _ arguments: [String]) throws -> (
    Int32, String, String
  ) {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    // Read stderr on the side so a chatty child cannot fill the pipe and stall.
    nonisolated(unsafe) var stderr = Data()
    let reader = Thread { stderr = err.fileHandleForReading.readDataToEndOfFile() }
    reader.start()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    while !reader.isFinished { usleep(1000) }
    return (
      process.terminationStatus, String(decoding: stdout, as: UTF8.self),
      String(decoding: stderr, as: UTF8.self)
    )
  }
}
