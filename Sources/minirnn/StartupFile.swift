import Tutor

/// The start-up file: commands run before the first prompt or the script, as gdb runs
/// `~/.gdbinit` and sqlite3 `~/.sqliterc` (`-n` skips it).
enum StartupFile {
  /// `$XDG_CONFIG_HOME/minirnn/init`, else `$HOME/.config/minirnn/init`; nil when neither
  /// is usable. A relative `XDG_CONFIG_HOME` is ignored, as the XDG spec asks.
  static func location(configHome: String?, home: String?) -> String? {
    HistoryFile.xdgFolder(configHome, home: home, otherwise: ".config").map {
      $0 + "/minirnn/init"
    }
  }

  /// The start-up file for this process's environment.
  static var location: String? {
    location(configHome: environment("XDG_CONFIG_HOME"), home: environment("HOME"))
  }

  /// Runs the file at `path` when there is one. Each error is reported as
  /// `FILE:LINE: error: …` and the rest of the file still runs (a broken line in it should
  /// not lock anyone out); a file that cannot be read is a warning. Commands that only
  /// change the state say nothing, as in a script, also before the prompt.
  static func run(
    _ path: String, session: inout Session, hooks: Hooks, echo: Bool,
    out: (String) -> Void, err: (String) -> Void
  ) {
    switch RealFiles().read(path, limit: ScriptMode.sizeLimit) {
    case .success(let text):
      var runner = ScriptRunner(name: path, numbering: .lines, keepGoing: true, echo: echo)
      let quiet = session.traits.quiet
      session.traits.quiet = true
      _ = runner.run(text, session: &session, hooks: hooks, out: out, err: err)
      session.traits.quiet = quiet
    case .failure(let problem) where problem.isMissing:
      return
    case .failure(let problem):
      err("warning: start-up file skipped: \(problem.message)\n")
    }
  }
}
