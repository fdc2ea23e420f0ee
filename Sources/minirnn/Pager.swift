@preconcurrency import Glibc

/// Shows a command's output through a pager when it is longer than the terminal, so the top
/// of a long screen is not scrolled away before it can be read.
///
/// Only the prompt uses it; scripts and pipes never page. The command is git's rule:
/// `$MINIRNN_PAGER`, else `$PAGER`, else `less`, run by `/bin/sh -c`; one that is set to ""
/// or `cat` means no pager. `less` gets `LESS=FRX` (quit if one screen, keep colour, leave
/// the text on screen) unless `LESS` is set, and always `LESSSECURE=1`: keys typed while a
/// page is shown go to `less`, and without it `s` would save the page to a file and `!` run
/// a shell command. `TERM=dumb` means no pager: the output is printed as it is. `NO_COLOR` is
/// about colour only and leaves the pager alone.
struct Pager {
  /// The shell command, or nil for none.
  private(set) var command: String?

  init(lookup: (String) -> String?) {
    command = Self.command(environment: lookup)
  }

  /// The pager command the environment asks for, or nil when it asks for none.
  static func command(environment: (String) -> String?) -> String? {
    if environment("TERM") == "dumb" { return nil }
    for name in ["MINIRNN_PAGER", "PAGER"] {
      guard let value = environment(name) else { continue }
      let command = String(
        value.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
      return command.isEmpty || command == "cat" ? nil : command
    }
    return "less"
  }

  /// True when `text` needs more lines than the terminal has, keeping one for the prompt.
  static func isLonger(_ text: String, thanRows rows: Int) -> Bool {
    var lines = 0
    for byte in text.utf8 where byte == UInt8(ascii: "\n") {
      lines += 1
      if lines >= rows { return true }
    }
    return false
  }

  /// Writes `text` to standard output, through the pager when it is longer than the terminal.
  ///
  /// A pager that cannot be started, that the shell cannot find (status 127) or that ends
  /// with a failure status (`MINIRNN_PAGER=false`) is reported once and not tried again; the
  /// text is then printed as it is, so nothing is lost.
  mutating func show(_ text: String) {
    guard let command, let rows = Self.terminalRows(), Self.isLonger(text, thanRows: rows),
      !text.isEmpty
    else {
      Output.out(text)
      return
    }
    switch Self.run(command, input: text) {
    case .shown:
      return
    case .failed(let why):
      Output.err(
        "warning: the pager '\(command)' failed (\(why)); paging is off for this session\n")
      self.command = nil
      Output.out(text)
    }
  }

  private enum Outcome {
    case shown
    case failed(String)
  }

  /// Runs `/bin/sh -c command` with `input` on its standard input and waits for it.
  private static func run(_ command: String, input: String) -> Outcome {
    var ends: [Int32] = [0, 0]
    guard pipe(&ends) == 0 else { return .failed("pipe: \(errorText(errno))") }
    _ = fcntl(ends[1], F_SETFD, FD_CLOEXEC)
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_adddup2(&actions, ends[0], STDIN_FILENO)
    posix_spawn_file_actions_addclose(&actions, ends[0])
    // SIGPIPE is ignored here (a reader going away is an EPIPE to handle); the pager gets
    // the default back, as would a pager started from a shell.
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var defaults = sigset_t()
    sigemptyset(&defaults)
    sigaddset(&defaults, SIGPIPE)
    sigaddset(&defaults, SIGINT)
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF))

    let words: [String] = ["/bin/sh", "-c", command]
    let argv = words.map { word in strdup(word) } + [nil]
    let envp = pagerEnvironment().map { entry in strdup(entry) } + [nil]
    defer {
      for string in argv + envp { free(string) }
    }
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, "/bin/sh", &actions, &attributes, argv, envp)
    close(ends[0])
    guard spawned == 0 else {
      close(ends[1])
      return .failed("/bin/sh: \(errorText(spawned))")
    }
    // A pager quit before the end (q in less) makes the rest of the write fail with EPIPE:
    // that is the learner's choice, not an error.
    _ = Output.write(input, to: ends[1])
    close(ends[1])
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    // The shell exits with 127 when it cannot find the command, 126 when it cannot run it;
    // a pager that shows its text ends with 0 (less after q, too). A signal that ended it
    // (Ctrl-C or Ctrl-\ in a pager without a handler) was the learner's.
    let exited = status & 0x7F == 0
    let code = (status >> 8) & 0xFF
    if exited && code != 0 { return .failed("exit status \(code)") }
    return .shown
  }

  /// This process's environment, with `LESS=FRX` added when `LESS` is not set, and
  /// `LESSSECURE=1` in place of any other value.
  static func pagerEnvironment() -> [String] {
    var entries: [String] = []
    var index = 0
    while let entry = environ[index] {
      entries.append(String(cString: entry))
      index += 1
    }
    if !entries.contains(where: { $0.hasPrefix("LESS=") }) { entries.append("LESS=FRX") }
    entries.removeAll { $0.hasPrefix("LESSSECURE=") }
    entries.append("LESSSECURE=1")
    return entries
  }

  /// The rows of the terminal on standard output, or nil when it is not one.
  static func terminalRows() -> Int? {
    var size = winsize()
    guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_row > 0 else {
      return nil
    }
    return Int(size.ws_row)
  }
}
