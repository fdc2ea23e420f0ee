@preconcurrency import Glibc
import Tutor

/// Works out what the terminal (or pipe) minirnn writes to can show.
enum TerminalDetection {
  /// Sets the C locale from the environment and tells whether it is UTF-8.
  ///
  /// Numbers keep the "C" format whatever the locale (a decimal comma would break scripts).
  /// When the user's locale is not UTF-8, LC_CTYPE still becomes C.UTF-8 because libedit
  /// silently drops non-ASCII keys otherwise; the output stays ASCII all the same, since the
  /// terminal was not said to understand UTF-8.
  static func configureLocale() -> Bool {
    setlocale(LC_ALL, "")
    setlocale(LC_NUMERIC, "C")
    if codesetIsUTF8() { return true }
    setlocale(LC_CTYPE, "C.UTF-8")
    return false
  }

  private static func codesetIsUTF8() -> Bool {
    guard let codeset = nl_langinfo(nl_item(CODESET)) else { return false }
    let name = String(cString: codeset).lowercased()
    return name == "utf-8" || name == "utf8"
  }

  /// The traits for this run: `interactive` is true only for the prompt loop.
  static func traits(interactive: Bool, unicode: Bool) -> TerminalTraits {
    TerminalTraits(
      isInteractive: interactive,
      color: colorAllowed(
        interactive: interactive, noColor: environment("NO_COLOR"), term: environment("TERM")),
      unicode: unicode,
      width: terminalWidth() ?? 80)
  }

  /// Colour only for a person at a terminal who did not ask for none (https://no-color.org:
  /// any non-empty `NO_COLOR`) and whose terminal is not `dumb`.
  static func colorAllowed(interactive: Bool, noColor: String?, term: String?) -> Bool {
    guard interactive else { return false }
    if let noColor, !noColor.isEmpty { return false }
    return term != "dumb"
  }

  /// True when both standard input and standard output are terminals: the prompt loop.
  static var isTerminalSession: Bool {
    isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
  }

  /// The columns of the terminal on standard output, or nil when it is not one.
  static func terminalWidth() -> Int? {
    var size = winsize()
    guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else {
      return nil
    }
    return Int(size.ws_col)
  }
}

/// The value of an environment variable, or nil when it is unset.
func environment(_ name: String) -> String? {
  guard let value = getenv(name) else { return nil }
  return String(cString: value)
}
