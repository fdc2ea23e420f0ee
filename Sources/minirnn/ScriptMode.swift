@preconcurrency import Glibc
import Synchronization
import Tutor

/// One piece of a script, in the order the command line gives it.
enum ScriptPart: Equatable {
  /// The commands of one `-e`.
  case commands(String)
  /// A file of commands; `-` is standard input.
  case file(String)
}

/// Commands from `-e`, a file or a pipe: no prompt, no colour, only the output.
enum ScriptMode {
  /// The largest script file read, and the longest line of standard input, in bytes: the
  /// same as `load`'s, so a saved session also runs as a script.
  static let sizeLimit = Limits.loadFileSize

  /// Runs the start-up file (unless nil), then `parts` in order, and returns the exit
  /// status: 0, or 1 if a command failed.
  ///
  /// Ctrl-C stops a running `train` (its report says so) and then ends the script with
  /// status 130, 128 + SIGINT, as an interrupted program reports to a shell; a second
  /// Ctrl-C ends the process at once. SIGTERM keeps its default: the process ends, and
  /// there is no terminal state to restore.
  static func run(
    _ parts: [ScriptPart], startup: String?, keepGoing: Bool, echo: Bool, unicode: Bool,
    verbose: Bool
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
    let out: (String) -> Void = { text in
      Output.out(text)
      endIfInterrupted()
    }
    let err: (String) -> Void = { text in
      Output.err(text)
      endIfInterrupted()
    }
    if let startup {
      StartupFile.run(startup, session: &session, hooks: hooks, echo: echo, out: out, err: err)
    }
    // Every `-e` is one script: its commands are numbered across all of them.
    var commands = ScriptRunner(
      name: "-e", numbering: .commands, keepGoing: keepGoing, echo: echo,
      interrupted: Self.interrupted)
    var status: Int32 = 0
    for part in parts {
      let goesOn: Bool
      switch part {
      case .commands(let text):
        goesOn = commands.run(text, session: &session, hooks: hooks, out: out, err: err)
        status = max(status, commands.status)
      case .file("-"):
        var runner = ScriptRunner(
          name: "<stdin>", numbering: .lines, keepGoing: keepGoing, echo: echo,
          interrupted: Self.interrupted)
        var going = true
        let problem = readStandardInput { line in
          going = runner.run(line: line, session: &session, hooks: hooks, out: out, err: err)
          return going
        }
        status = max(status, runner.status)
        if let problem {
          err("<stdin>:\(problem.line): error: \(problem.message)\n")
          status = 1
        }
        goesOn = problem == nil && going
      case .file(let path):
        var runner = ScriptRunner(
          name: path, numbering: .lines, keepGoing: keepGoing, echo: echo,
          interrupted: Self.interrupted)
        switch RealFiles().read(path, limit: sizeLimit) {
        case .success(let text):
          goesOn = runner.run(text, session: &session, hooks: hooks, out: out, err: err)
          status = max(status, runner.status)
        case .failure(let problem):
          err("error: \(problem.message)\(commandHint(path, problem))\n")
          status = 1
          goesOn = false
        }
      }
      endIfInterrupted()
      if !goesOn { break }
    }
    return status
  }

  /// For `minirnn step`: FILE is no file but a command, so say how to run it.
  private static func commandHint(_ path: String, _ problem: FileAccessError) -> String {
    guard problem.isMissing, Session.isCommand(path) else { return "" }
    return "; to run the command, type: minirnn -e '\(visible(path, keepingLines: false))'"
  }

  /// Whether Ctrl-C was pressed: a script ends before its next command.
  static let interrupted: @Sendable () -> Bool = { interruptRequested.load(ordering: .relaxed) }

  private static func endIfInterrupted() {
    if interruptRequested.load(ordering: .relaxed) { exit(130) }
  }

  /// Reads standard input a line at a time and hands each line to `body` as soon as it has
  /// arrived, so a pipe fed slowly runs as it is fed; stops when `body` returns false.
  /// Returns why a line could not be read (not text, too long), with its number, or nil.
  static func readStandardInput(_ body: (Substring) -> Bool) -> (line: Int, message: String)? {
    var pending: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    var number = 0
    func deliver(_ bytes: ArraySlice<UInt8>) -> (line: Int, message: String)?? {
      number += 1
      guard !bytes.contains(0), let text = String(validating: bytes, as: UTF8.self) else {
        return .some((number, "standard input is not text (NUL bytes or not UTF-8)"))
      }
      return body(Substring(text)) ? nil : .some(nil)
    }
    while true {
      let count = chunk.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
      if count < 0 {
        if errno == EINTR {
          endIfInterrupted()
          continue
        }
        return (number + 1, "cannot read standard input: \(errorText(errno))")
      }
      if count == 0 { break }
      pending += chunk[..<count]
      var start = 0
      while let newline = pending[start...].firstIndex(of: UInt8(ascii: "\n")) {
        if let ended = deliver(pending[start..<newline]) { return ended }
        start = newline + 1
      }
      pending.removeFirst(start)
      if pending.count > sizeLimit {
        return (number + 1, "a line of standard input is longer than \(sizeLimit) bytes")
      }
    }
    if !pending.isEmpty, let ended = deliver(pending[...]) { return ended }
    return nil
  }
}
