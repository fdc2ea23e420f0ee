@preconcurrency import Glibc
import Synchronization
import Tutor

/// The prompt loop: a person at a terminal types lines, each runs as it is entered.
final class InteractiveShell {
  private var session: Session
  private let dumbTerminal = environment("TERM") == "dumb"
  /// Where the lesson progress is saved; nil when it is not (no state folder, or it failed).
  private var progress: LessonProgressFile?
  private var lessonsInstalled = false
  /// Whether to start with `Session.welcome` (not with `--quiet`).
  private let showsWelcome: Bool
  /// The start-up file to run before the first prompt, if any.
  private let startup: String?

  init(unicode: Bool, welcome: Bool, startup: String?) {
    session = Session(
      traits: TerminalDetection.traits(interactive: true, unicode: unicode), files: RealFiles())
    showsWelcome = welcome
    self.startup = startup
  }

  /// Installs the lessons and the saved progress, once, when the first line or Tab needs
  /// them: parsing the lessons takes about as long as starting up, and the first prompt
  /// should not wait for it.
  private func installLessons() {
    guard !lessonsInstalled else { return }
    lessonsInstalled = true
    for problem in session.installShippedLessons() { Output.err("warning: \(problem)\n") }
  }

  /// Runs until `quit`, Ctrl-D, SIGTERM or SIGHUP; returns the exit status.
  func run() -> Int32 {
    Signals.catchInterrupt()
    Signals.catchTermination()
    Signals.catchResize()
    let editor = LineEditor(width: session.traits.width) { [unowned self] text in
      installLessons()
      return session.completions(for: text)
    }
    defer { editor.close() }
    var historyWarned = false
    func warnAboutHistory(_ problem: String?) {
      guard let problem, !historyWarned else { return }
      historyWarned = true
      Output.err("warning: history disabled: \(problem)\n")
    }
    let stateFolder = HistoryFile.stateFolder
    if let stateFolder {
      warnAboutHistory(editor.keepHistory(at: stateFolder + "/history"))
    } else {
      warnAboutHistory("neither XDG_STATE_HOME nor HOME is set")
    }
    progress = stateFolder.map { LessonProgressFile(path: $0 + "/lesson-progress") }
    // The progress file is small and read now, so the welcome can name a lesson in progress;
    // the lessons themselves are parsed when the first line needs them.
    if let problem = progress?.restore(into: &session) {
      Output.err("warning: lesson progress: \(problem)\n")
    }
    if showsWelcome { Output.out(session.welcome(version: minirnnVersion)) }
    if let startup, access(startup, F_OK) == 0 {
      installLessons()
      StartupFile.run(
        startup, session: &session, hooks: .none, echo: false, out: Output.out, err: Output.err)
    }

    let dumb = dumbTerminal
    // Ctrl-C stops a long command; so does a request to end, which is then honoured below.
    let hooks = Hooks(
      shouldStop: {
        interruptRequested.load(ordering: .relaxed)
          || terminationSignal.load(ordering: .relaxed) != 0
      },
      showProgress: { ProgressLine.show($0, dumb: dumb) }, now: Hooks.realClock)

    var pager = Pager(lookup: environment)
    var typed = ""
    while true {
      interruptRequested.store(false, ordering: .relaxed)
      let input = editor.readLine(prompt: session.prompt, typed: typed)
      typed = ""
      switch input {
      case .suspended(let line):
        // libedit has put the terminal back in line mode; stop now, and on `fg` show a fresh
        // prompt with the line as it was.
        Output.out("\n")
        raise(SIGTSTP)
        typed = line
      case .interrupted:
        Output.out("\n")
      case .end:
        Output.out("\n")
        return 0
      case .terminated(let signal):
        Output.out("\n")
        return 128 + signal
      case .line(let line):
        warnAboutHistory(editor.remember(line))
        installLessons()
        session.traits.width = editor.width
        ProgressLine.columns.store(editor.width, ordering: .relaxed)
        let results = session.run(line: line, hooks: hooks)
        ProgressLine.clear(dumb: dumb)
        if let problem = progress?.saveIfChanged(session) {
          Output.err("warning: lesson progress not saved: \(problem)\n")
          progress = nil
        }
        for result in results {
          pager.show(result.output)
          if let error = result.error { Output.err(session.errorLine(error)) }
          if result.quit { return 0 }
        }
        let signal = terminationSignal.load(ordering: .relaxed)
        if signal != 0 { return 128 + signal }
      }
    }
  }
}
