import Foundation

/// The python the PyTorch oracles run (`Tests/Reference/*_autograd.py`): the venv's, else
/// python3 on PATH, whichever first imports torch.
enum TorchPython {
  /// `$MINIRNN_VENV/bin/python`, by default the one `Tests/Torch/python-env.sh` sets up in
  /// ~/.cache/minirnn/venv.
  static var venv: URL {
    let environment = ProcessInfo.processInfo.environment
    let venv =
      environment["MINIRNN_VENV"]
      ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.cache/minirnn/venv")
    return URL(fileURLWithPath: venv).appendingPathComponent("bin/python")
  }

  /// The venv's python if it imports torch, else python3 on PATH if that does.
  static let withTorch: URL? = {
    var candidates = [venv]
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

  /// Runs `executable` with `arguments`; its exit status, stdout and stderr.
  static func run(_ executable: URL, _ arguments: [String]) throws -> (Int32, String, String) {
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
