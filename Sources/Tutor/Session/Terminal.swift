/// What the place minirnn writes to can show, decided once by the executable.
public struct TerminalTraits: Equatable, Sendable {
  /// A person at a terminal: prompt, progress bars, live redraws.
  public var isInteractive: Bool
  /// ANSI colour allowed (a terminal, no `NO_COLOR`, `TERM` not `dumb`).
  public var color: Bool
  /// Unicode box drawing and math symbols allowed (a UTF-8 locale).
  public var unicode: Bool
  /// Columns available.
  public var width: Int
  /// Rows available: a lesson step taller than this repeats its heading at its end.
  public var height = 24
  /// A script run without `--verbose`: commands that change the state and only echo it
  /// (`set`, `input`, `forward`, `back`, …) print nothing, so a script's output is what it
  /// asked to see (`print`, `states`, `grads`, `eq`, `train`'s summary, …). Errors and
  /// `display` lines still appear.
  public var quiet: Bool

  public init(isInteractive: Bool, color: Bool, unicode: Bool, width: Int, quiet: Bool = false) {
    self.isInteractive = isInteractive
    self.color = color
    self.unicode = unicode
    self.width = width
    self.quiet = quiet
  }

  /// A script or a pipe: no prompt, no colour, Unicode, 80 columns.
  public static let script = TerminalTraits(
    isInteractive: false, color: false, unicode: true, width: 80)
}

/// What a long command may ask of the world outside the session while it runs.
public struct Hooks: Sendable {
  /// Polled during long commands (`train`); true means the user pressed Ctrl-C.
  public var shouldStop: @Sendable () -> Bool
  /// Shows a transient progress line (the executable redraws it in place); only called when
  /// the traits are interactive.
  public var showProgress: @Sendable (String) -> Void
  /// The time since a moment of the caller's choosing, which `train` reads for its elapsed
  /// time and its progress line. The executable passes `realClock`; tests and lessons get a
  /// clock that never moves, so they print the same elapsed time on every run.
  public var now: @Sendable () -> Duration
  /// Sample steps `train` and `compare` run between two polls of `shouldStop`: 4,096, a few
  /// milliseconds on the article's data. The fuzzer asks for fewer, so that its budget of
  /// polls stops a long run after a few thousand sample steps instead of a million.
  public var checkEvery: Int
  /// What made `shouldStop` say stop, as "stopped by …" names it: "Ctrl-C" unless the
  /// executable knows better (SIGTERM asked the prompt to end).
  public var stopCause: @Sendable () -> String

  public init(
    shouldStop: @escaping @Sendable () -> Bool = { false },
    showProgress: @escaping @Sendable (String) -> Void = { _ in },
    now: @escaping @Sendable () -> Duration = { .zero },
    checkEvery: Int = 4096,
    stopCause: @escaping @Sendable () -> String = { "Ctrl-C" }
  ) {
    self.stopCause = stopCause
    self.shouldStop = shouldStop
    self.showProgress = showProgress
    self.now = now
    self.checkEvery = max(1, checkEvery)
  }

  /// Never stops, shows nothing, and no time passes.
  public static let none = Hooks()

  /// The time since minirnn first read the clock, from the system's monotonic clock.
  public static let realClock: @Sendable () -> Duration = {
    ContinuousClock.now - clockOrigin
  }
}

private let clockOrigin = ContinuousClock.now
