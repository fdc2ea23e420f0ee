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
  /// should not wait for it. Returns false when Ctrl-C (or SIGTERM) stopped the parsing:
  /// nothing is installed, and the next line tries again.
  private func installLessons(hooks: Hooks) -> Bool {
    guard !lessonsInstalled else { return true }
    guard let problems = session.installShippedLessons(hooks: hooks) else { return false }
    lessonsInstalled = true
    for problem in problems { Output.err("warning: \(problem)\n") }
    return true
  }

  /// Runs until `quit`, Ctrl-D, SIGTERM or SIGHUP; returns the exit status.
  func run() -> Int32 {
    Signals.catchInterrupt()
    Signals.catchTermination()
    Signals.catchResize()
    let dumb = dumbTerminal
    // Ctrl-C stops a long command; so does a request to end, which is then honoured below.
    let hooks = Hooks(
      shouldStop: {
        interruptRequested.load(ordering: .relaxed)
          || terminationSignal.load(ordering: .relaxed) != 0
      },
      showProgress: { ProgressLine.show($0, dumb: dumb) }, now: Hooks.realClock,
      stopCause: {
        switch terminationSignal.load(ordering: .relaxed) {
        case SIGTERM: "SIGTERM"
        case SIGHUP: "SIGHUP"
        case SIGQUIT: "Ctrl-\\"
        default: "Ctrl-C"
        }
      })
    let editor = LineEditor(width: session.traits.width) { [unowned self] text in
      _ = installLessons(hooks: hooks)
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
      warnAboutHistory(HistoryFile.whyNoStateFolder)
    }
    progress = stateFolder.map { LessonProgressFile(path: $0 + "/lesson-progress") }
    // The progress file is small and read now, so the welcome can name a lesson in progress;
    // the lessons themselves are parsed when the first line needs them.
    if let problem = progress?.restore(into: &session) {
      Output.err("warning: lesson progress: \(problem)\n")
    }
    if showsWelcome {
      Output.out(session.welcome(version: minirnnVersion, lessons: LessonFolder.lessonIDs()))
    }
    if let startup, access(startup, F_OK) == 0 {
      _ = installLessons(hooks: hooks)
      StartupFile.run(
        startup, session: &session, hooks: .none, echo: false, out: Output.out, err: Output.err)
    }

    var pager = Pager(lookup: environment)
    var typed = ""
    // The rest of a lesson screen taller than the terminal, shown a page per Enter.
    var pages: [String] = []
    while true {
      interruptRequested.store(false, ordering: .relaxed)
      let prompt = pages.isEmpty ? session.prompt : ScreenPages.prompt(remaining: pages)
      let input = editor.readLine(prompt: prompt, typed: typed)
      typed = ""
      switch input {
      case .suspended(let line):
        // libedit has put the terminal back in line mode; stop now, and on `fg` show a fresh
        // prompt with the line as it was.
        Output.out("\n")
        raise(SIGTSTP)
        typed = line
      case .interrupted:
        pages = []
        Output.out("\n")
      case .end:
        Output.out("\n")
        return 0
      case .terminated(let signal):
        Output.out("\n")
        return 128 + signal
      case .line(let line):
        if !pages.isEmpty {
          // Enter shows the next page; any other line runs as a command instead.
          if line.allSatisfy(\.isWhitespace) {
            // The continuation prompt's row is taken by the page, as if it had not paused.
            if !dumb { Output.out("\u{1B}[1A\u{1B}[2K") }
            Output.out(pages.removeFirst())
            continue
          }
          pages = []
        }
        warnAboutHistory(editor.remember(line))
        guard installLessons(hooks: hooks) else {
          let signal = terminationSignal.load(ordering: .relaxed)
          if signal != 0 { return 128 + signal }
          Output.err("interrupted while the lessons were read; the line did not run\n")
          continue
        }
        session.traits.width = editor.width
        session.traits.height = Pager.terminalRows() ?? session.traits.height
        ProgressLine.columns.store(editor.width, ordering: .relaxed)
        let wasInLesson = session.isInLesson
        let results = session.run(line: line, hooks: hooks)
        ProgressLine.clear(dumb: dumb)
        if let problem = progress?.saveIfChanged(&session) {
          Output.err(
            "warning: lesson progress not saved: \(problem); it is not saved again in this session\n"
          )
          progress = nil
        }
        // A lesson's screens continue at this prompt: a key meant for minirnn never goes to
        // another program.
        let rows = wasInLesson || session.isInLesson ? Pager.terminalRows() : nil
        var screen = ""
        for result in results {
          if rows != nil {
            screen += result.output + (result.error.map { session.errorLine($0) } ?? "")
          } else {
            pager.show(result.output)
            if let error = result.error { Output.err(session.errorLine(error)) }
          }
          if result.quit {
            Output.out(screen)
            return 0
          }
        }
        if let rows, !screen.isEmpty {
          pages = ScreenPages.pages(screen, rows: rows, columns: editor.width)
          Output.out(pages.removeFirst())
        }
        let signal = terminationSignal.load(ordering: .relaxed)
        if signal != 0 { return 128 + signal }
      }
    }
  }
}
