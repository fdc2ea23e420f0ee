@preconcurrency import Glibc
import Synchronization
import Tutor

/// Commands from `-e`, a file or a pipe: no prompt, no colour, only the output.
enum ScriptMode {
  /// The largest script file or standard input read, in bytes: the same as `load`'s, so a
  /// saved session also runs as a script.
  static let sizeLimit = Limits.loadFileSize

  /// Runs `source` and returns the exit status: 0, or 1 if a command failed.
  ///
  /// Ctrl-C stops a running `train` (its report says so) and then ends the script with
  /// status 130, 128 + SIGINT, as an interrupted program reports to a shell; a second
  /// Ctrl-C ends the process at once. SIGTERM keeps its default: the process ends, and
  /// there is no terminal state to restore.
  static func run(
    _ source: String, numbering: ScriptNumbering, keepGoing: Bool, unicode: Bool, verbose: Bool,
    name: String = "standard input"
  ) -> Int32 {
    Signals.catchInterrupt(once: true)
    Signals.quitByDefault()
    var traits = TerminalDetection.traits(interactive: false, unicode: unicode)
    traits.quiet = !verbose
    var session = Session(traits: traits, files: RealFiles())
    let hooks = Hooks(
      shouldStop: { interruptRequested.load(ordering: .relaxed) }, now: Hooks.realClock)
    // A script may follow a lesson; a broken lesson file is check-lessons' to report.
    _ = session.installShippedLessons(hooks: hooks)
    endIfInterrupted()
    let status = runScript(
      source, numbering: numbering, keepGoing: keepGoing, session: &session, hooks: hooks,
      name: name, interrupted: { interruptRequested.load(ordering: .relaxed) },
      out: { text in
        Output.out(text)
        endIfInterrupted()
      },
      err: { text in
        Output.err(text)
        endIfInterrupted()
      })
    endIfInterrupted()
    return status
  }

  private static func endIfInterrupted() {
    if interruptRequested.load(ordering: .relaxed) { exit(130) }
  }

  /// All of standard input as text, or why it is not text.
  static func readStandardInput() -> Result<String, FileAccessError> {
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
      let count = chunk.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
      if count < 0 {
        if errno == EINTR { continue }
        return .failure(FileAccessError("cannot read standard input: \(errorText(errno))"))
      }
      if count == 0 { break }
      bytes += chunk[..<count]
      if bytes.count > sizeLimit {
        return .failure(FileAccessError("standard input is larger than \(sizeLimit) bytes"))
      }
    }
    guard !bytes.contains(0), let text = String(validating: bytes, as: UTF8.self) else {
      return .failure(FileAccessError("standard input is not text (NUL bytes or not UTF-8)"))
    }
    return .success(text)
  }
}
