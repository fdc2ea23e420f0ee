@preconcurrency import Glibc
import Synchronization

/// Set by Ctrl-C; polled by long commands through `Hooks.shouldStop`.
let interruptRequested = Atomic<Bool>(false)
/// The signal (SIGTERM, SIGHUP) that asked an interactive session to end, or 0.
let terminationSignal = Atomic<Int32>(0)
/// Set by Ctrl-Z at the prompt, where libedit holds the terminal in raw mode.
let suspendRequested = Atomic<Bool>(false)
/// Set when the terminal changed size; the prompt loop picks the new width up.
let resizeNoticed = Atomic<Bool>(false)

/// The write end of a pipe every handler writes a byte to, or -1. The prompt's key reader
/// waits on it beside the terminal, so a signal that arrives just before the reader starts
/// waiting still wakes it (the self-pipe trick); EINTR alone would miss that moment.
let wakeDescriptor = Atomic<Int32>(-1)

/// Installs the signal handlers. Each handler only stores to an atomic and writes a byte to
/// the wake pipe: that is all a signal handler may safely do, and the code that notices the
/// flag does the work.
enum Signals {
  /// Creates the wake pipe; returns its read end.
  static func makeWakePipe() -> Int32? {
    var ends: [Int32] = [0, 0]
    guard pipe(&ends) == 0 else { return nil }
    for end in ends {
      _ = fcntl(end, F_SETFD, FD_CLOEXEC)
      _ = fcntl(end, F_SETFL, O_NONBLOCK)  // a full pipe must never block a handler
    }
    wakeDescriptor.store(ends[1], ordering: .relaxed)
    return ends[0]
  }

  /// A closed pipe shows up as EPIPE from `write`, handled in `Output`, instead of killing
  /// the process mid-write.
  static func ignoreBrokenPipe() {
    install(SIGPIPE, handler: nil, ignore: true, flags: 0)
  }

  /// Ctrl-C sets `interruptRequested`.
  ///
  /// Without SA_RESTART: the `read` inside `el_gets` fails with EINTR, so Ctrl-C at the
  /// prompt returns at once instead of being swallowed. With `once` (scripts) the handler is
  /// reset to the default after the first Ctrl-C, so a second one ends the process outright.
  static func catchInterrupt(once: Bool = false) {
    install(
      SIGINT,
      handler: { _ in
        interruptRequested.store(true, ordering: .relaxed)
        wakeReader()
      },
      flags: once ? Int32(bitPattern: UInt32(SA_RESETHAND)) : 0)
  }

  /// SIGTERM, SIGHUP and Ctrl-\ (SIGQUIT) set `terminationSignal`, so the prompt loop can
  /// stop a long command, restore the terminal and end with 128 + the signal instead of
  /// leaving the terminal in raw mode.
  static func catchTermination() {
    for signal in [SIGTERM, SIGHUP, SIGQUIT] {
      install(
        signal,
        handler: {
          terminationSignal.store($0, ordering: .relaxed)
          wakeReader()
        }, flags: 0)
    }
  }

  /// At the prompt, Ctrl-Z sets `suspendRequested` (without SA_RESTART, so `el_gets`
  /// returns and libedit puts the terminal back in line mode before the process stops);
  /// `catching: false` restores the default, stopping at once, for the rest of the time.
  static func catchSuspend(_ catching: Bool) {
    if catching {
      install(
        SIGTSTP,
        handler: { _ in
          suspendRequested.store(true, ordering: .relaxed)
          wakeReader()
        }, flags: 0)
    } else {
      install(SIGTSTP, handler: nil, flags: 0)
    }
  }

  /// Ctrl-\ (SIGQUIT) ends a script at once with status 131, as it ends other programs. The
  /// Swift runtime otherwise takes SIGQUIT for a crash: it prints "Program crashed" and a
  /// backtrace, and the process goes on.
  static func quitByDefault() {
    install(SIGQUIT, handler: nil, flags: 0)
  }

  /// A resize sets `resizeNoticed`. SA_RESTART: a resize must not end the line being typed.
  static func catchResize() {
    install(
      SIGWINCH,
      handler: { _ in
        resizeNoticed.store(true, ordering: .relaxed)
        wakeReader()
      },
      flags: Int32(SA_RESTART))
  }

  private static func install(
    _ signal: Int32, handler: (@convention(c) (Int32) -> Void)?, ignore: Bool = false,
    flags: Int32
  ) {
    var action = sigaction()
    if ignore {
      action.__sigaction_handler.sa_handler = SIG_IGN
    } else if let handler {
      action.__sigaction_handler.sa_handler = handler
    } else {
      action.__sigaction_handler.sa_handler = SIG_DFL
    }
    sigemptyset(&action.sa_mask)
    action.sa_flags = flags
    sigaction(signal, &action, nil)
  }
}

/// Writes a byte to the wake pipe. Called from handlers: only async-signal-safe calls, and
/// errno is given back as the interrupted code left it.
private func wakeReader() {
  let descriptor = wakeDescriptor.load(ordering: .relaxed)
  guard descriptor >= 0 else { return }
  let saved = errno
  var byte: UInt8 = 0
  _ = write(descriptor, &byte, 1)
  errno = saved
}
