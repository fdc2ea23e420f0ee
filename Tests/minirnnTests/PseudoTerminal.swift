@preconcurrency import Glibc
import Testing

/// The built binary under a pseudo-terminal, driven key by key as a person would.
final class PseudoTerminal {
  let pid: pid_t
  private let master: Int32
  /// Everything the program wrote to the terminal so far.
  private(set) var output: [UInt8] = []
  /// The exit status once the program ended (128 + signal if a signal ended it).
  private(set) var status: Int32?

  /// Starts `arguments` on a terminal of `rows` × `columns`.
  init(_ arguments: [String], environment: [String], rows: UInt16 = 30, columns: UInt16 = 100)
    throws
  {
    let argv = cStrings(arguments)
    let envp = cStrings(environment)
    defer {
      freeCStrings(argv)
      freeCStrings(envp)
    }
    var size = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
    var master: Int32 = -1
    let pid = spawnLock.withLock { _ in
      let pid = forkpty(&master, nil, nil, &size)
      if pid == 0 {
        // The child: nothing but async-signal-safe calls until execve (the parent has other
        // threads). The test runner's threads block signals, and a child would inherit a
        // blocked SIGINT.
        var none = sigset_t()
        sigemptyset(&none)
        sigprocmask(SIG_SETMASK, &none, nil)
        signal(SIGINT, SIG_DFL)
        signal(SIGPIPE, SIG_DFL)
        execve(argv[0]!, argv, envp)
        _exit(127)
      }
      if pid > 0 { _ = fcntl(master, F_SETFD, FD_CLOEXEC) }
      return pid
    }
    try #require(pid > 0, "forkpty failed: \(String(cString: strerror(errno)))")
    self.pid = pid
    self.master = master
    _ = fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK)
  }

  deinit {
    if status == nil {
      kill(pid, SIGKILL)
      var raw: Int32 = 0
      waitpid(pid, &raw, 0)
    }
    close(master)
  }

  /// The output as text, for messages.
  var text: String { String(decoding: output, as: UTF8.self) }

  /// Gives the terminal a new size; the kernel sends SIGWINCH to the program.
  func resize(columns: UInt16, rows: UInt16) {
    var size = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
    _ = ioctl(master, UInt(TIOCSWINSZ), &size)
  }

  /// Reads what is there, waiting up to `milliseconds`, and reaps the child if it ended.
  private func pump(milliseconds: Int32 = 20) {
    var entry = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
    if poll(&entry, 1, milliseconds) > 0 {
      var buffer = [UInt8](repeating: 0, count: 4096)
      while true {
        let count = read(master, &buffer, buffer.count)
        guard count > 0 else { break }  // EAGAIN, or EIO once the child is gone
        output += buffer[..<count]
      }
    }
    if status == nil {
      var raw: Int32 = 0
      if waitpid(pid, &raw, WNOHANG) == pid { status = decodeStatus(raw) }
    }
  }

  /// Waits until `condition` holds, reading output meanwhile; false after `timeout` seconds.
  func wait(timeout: Double = 60, until condition: () -> Bool) -> Bool {
    let deadline = now() + timeout
    while now() < deadline {
      pump()
      if condition() { return true }
    }
    return false
  }

  /// Waits until `text` appears in the output after byte `offset`.
  func wait(for text: String, after offset: Int, timeout: Double = 60) -> Bool {
    let needle = Array(text.utf8)
    return wait(timeout: timeout) { occurrences(of: needle, after: offset) > 0 }
  }

  /// How often `needle` occurs in the output after byte `offset`.
  func occurrences(of text: String, after offset: Int = 0) -> Int {
    occurrences(of: Array(text.utf8), after: offset)
  }

  private func occurrences(of needle: [UInt8], after offset: Int) -> Int {
    guard !needle.isEmpty, output.count - offset >= needle.count else { return 0 }
    var count = 0
    var index = offset
    while index + needle.count <= output.count {
      if output[index..<(index + needle.count)].elementsEqual(needle) {
        count += 1
        index += needle.count
      } else {
        index += 1
      }
    }
    return count
  }

  /// True while the terminal is in libedit's raw mode (ICANON off): it is reading keys.
  var isReadingKeys: Bool {
    var settings = termios()
    return tcgetattr(master, &settings) == 0 && settings.c_lflag & tcflag_t(ICANON) == 0
  }

  /// Waits for a prompt printed after `offset` and for libedit to take the keys; keys sent
  /// before that would be echoed twice.
  func waitForPrompt(after offset: Int, timeout: Double = 60) -> Bool {
    wait(for: "minirnn> ", after: offset, timeout: timeout)
      && wait(timeout: timeout) { isReadingKeys }
  }

  func send(_ keys: String) {
    var keys = keys
    keys.withUTF8 { bytes in
      var offset = 0
      while offset < bytes.count {
        let count = write(master, bytes.baseAddress! + offset, bytes.count - offset)
        if count < 0 {
          if errno == EINTR || errno == EAGAIN { continue }
          return
        }
        offset += count
      }
    }
  }

  /// Waits for the program to end; its status, or nil after `timeout`.
  func waitForExit(timeout: Double = 60) -> Int32? {
    _ = wait(timeout: timeout) { status != nil }
    return status
  }
}
