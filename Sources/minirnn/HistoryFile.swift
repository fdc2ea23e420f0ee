@preconcurrency import Glibc

/// Where the prompt's history is kept between runs, and the file work around it.
enum HistoryFile {
  /// `$XDG_STATE_HOME/minirnn/history`, else `$HOME/.local/state/minirnn/history`; nil when
  /// neither is usable. A relative `XDG_STATE_HOME` is ignored, as the XDG spec asks.
  static func location(stateHome: String?, home: String?) -> String? {
    if let stateHome, stateHome.hasPrefix("/") { return stateHome + "/minirnn/history" }
    if let home, !home.isEmpty { return home + "/.local/state/minirnn/history" }
    return nil
  }

  /// Creates the file's folders (mode 0700: the history is the user's own) and the file
  /// (mode 0600) when they are missing. Returns why the file cannot be used, or nil.
  static func prepare(_ path: String) -> String? {
    let folder = splitPath(path).folder
    var prefix = ""
    for part in folder.split(separator: "/") {
      prefix += "/" + part
      if mkdir(prefix, 0o700) != 0 && errno != EEXIST {
        return "cannot create \(prefix): \(errorText(errno))"
      }
    }
    let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOCTTY, 0o600)
    guard descriptor >= 0 else { return "cannot open \(path): \(errorText(errno))" }
    close(descriptor)
    return nil
  }

  /// True when the file holds nothing yet (libedit refuses to load an empty file).
  static func isEmpty(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && info.st_size == 0
  }

  /// Saves through a temporary file renamed over the old one, so a crash mid-save cannot
  /// leave half a history. `save` writes the given path; returns why it failed, or nil.
  static func replace(_ path: String, save: (String) -> Bool) -> String? {
    let temporary = path + ".\(getpid()).tmp"
    guard save(temporary) else {
      let problem = errorText(errno)
      unlink(temporary)
      return "cannot save \(path): \(problem)"
    }
    chmod(temporary, 0o600)
    guard rename(temporary, path) == 0 else {
      let problem = errorText(errno)
      unlink(temporary)
      return "cannot save \(path): \(problem)"
    }
    return nil
  }
}
