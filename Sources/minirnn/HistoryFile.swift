import CEditLine
@preconcurrency import Glibc
import Tutor

/// Where the prompt's history is kept between runs, and the file work around it.
enum HistoryFile {
  /// `$XDG_STATE_HOME/minirnn/history`, else `$HOME/.local/state/minirnn/history`; nil when
  /// neither is usable.
  static func location(stateHome: String?, home: String?) -> String? {
    stateFolder(stateHome: stateHome, home: home).map { $0 + "/history" }
  }

  /// `$XDG_STATE_HOME/minirnn`, else `$HOME/.local/state/minirnn`: where minirnn keeps what
  /// it remembers between runs. A relative `XDG_STATE_HOME` is ignored, as the XDG spec asks.
  static func stateFolder(stateHome: String?, home: String?) -> String? {
    xdgFolder(stateHome, home: home, otherwise: ".local/state").map { $0 + "/minirnn" }
  }

  /// An XDG base folder: `value` of its variable when absolute (the XDG spec ignores a
  /// relative one), else `$HOME/otherwise`; nil when neither is usable.
  static func xdgFolder(_ value: String?, home: String?, otherwise: String) -> String? {
    if let value, value.hasPrefix("/") { return value }
    if let home, !home.isEmpty { return home + "/" + otherwise }
    return nil
  }

  /// The state folder for this process's environment; nil also when it would lie under a
  /// HOME that is not a folder, which minirnn does not create (a typo, an unmounted disk).
  static var stateFolder: String? {
    guard missingHome == nil else { return nil }
    return stateFolder(stateHome: environment("XDG_STATE_HOME"), home: environment("HOME"))
  }

  /// HOME, when the state folder would lie under it and it is not a folder.
  static var missingHome: String? {
    if let stateHome = environment("XDG_STATE_HOME"), stateHome.hasPrefix("/") { return nil }
    guard let home = environment("HOME"), !home.isEmpty else { return nil }
    var info = stat()
    return stat(home, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR ? nil : home
  }

  /// Why there is no state folder, for the warning at start-up.
  static var whyNoStateFolder: String {
    missingHome.map { "HOME (\($0)) is not a folder, and minirnn does not create it" }
      ?? "neither XDG_STATE_HOME nor HOME is set"
  }

  /// Creates the file's folders (mode 0700: the history is the user's own) and the file
  /// (mode 0600) when they are missing. Returns why the file cannot be used, or nil.
  static func prepare(_ path: String) -> String? {
    if let problem = makeFolders(splitPath(path).folder) { return problem }
    let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOCTTY, 0o600)
    guard descriptor >= 0 else { return "cannot open \(path): \(errorText(errno))" }
    close(descriptor)
    return nil
  }

  /// Creates the missing folders of the absolute path `folder`, mode 0700; returns why one
  /// could not be created, or nil.
  static func makeFolders(_ folder: String) -> String? {
    var prefix = ""
    for part in folder.split(separator: "/") {
      prefix += "/" + part
      if mkdir(prefix, 0o700) != 0 && errno != EEXIST {
        return "cannot create \(prefix): \(errorText(errno))"
      }
    }
    return nil
  }

  /// Whether a typed line goes into the history: not one over the length limit (it was
  /// refused), nor one with control characters other than tab, which Up would bring back
  /// to the screen.
  static func keeps(_ line: String) -> Bool {
    line.utf8.count <= Limits.lineLength && visible(line) == line
  }

  /// True when the file holds nothing yet (libedit refuses to load an empty file).
  static func isEmpty(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && info.st_size == 0
  }

  /// Runs `body` holding an exclusive flock(2) on `path` + `.lock`, so that two minirnn
  /// processes do not read, merge and write the same file at once. The lock file is created
  /// (mode 0600) when missing and left in place; when it cannot be opened, `body` runs
  /// without the lock rather than not at all.
  static func withLock<T>(on path: String, _ body: () -> T) -> T {
    let descriptor = open(path + ".lock", O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
    guard descriptor >= 0 else { return body() }
    defer { close(descriptor) }  // closing it releases the lock
    while flock(descriptor, LOCK_EX) != 0 && errno == EINTR {}
    return body()
  }

  /// Adds `line` to the history file at `path`, keeping every line other processes saved
  /// since this one read it: under the lock, the file as it is now is read, the line is
  /// added, and the result replaces the file. Returns why saving failed, or nil.
  static func append(_ line: String, to path: String, size: Int32 = 1000) -> String? {
    withLock(on: path) {
      guard let history = history_init() else { return "cannot save \(path): out of memory" }
      defer { history_end(history) }
      var event = HistEvent()
      minirnn_history_set_size(history, &event, size)
      minirnn_history_set_unique(history, &event, 1)
      var info = stat()
      let holdsLines = stat(path, &info) == 0 && info.st_size > 0
      if holdsLines && minirnn_history_load(history, &event, path) < 0 {
        return "\(path) is not a history file minirnn can read"
      }
      minirnn_history_enter(history, &event, line)
      return replace(path) { minirnn_history_save(history, &event, $0) >= 0 }
    }
  }

  /// Saves through a temporary file renamed over the old one, so a crash mid-save cannot
  /// leave half a history. `save` writes the given path; returns why it failed, or nil.
  static func replace(_ path: String, save: (String) -> Bool) -> String? {
    let temporary = path + ".\(getpid()).tmp"
    // Created 0600 before libedit writes to it (its fopen would create it 0666 less the
    // umask), so the history is never readable by others, not even for a moment.
    unlink(temporary)
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
    guard descriptor >= 0 else { return "cannot save \(path): \(errorText(errno))" }
    close(descriptor)
    guard save(temporary) else {
      let problem = errorText(errno)
      unlink(temporary)
      return "cannot save \(path): \(problem)"
    }
    guard rename(temporary, path) == 0 else {
      let problem = errorText(errno)
      unlink(temporary)
      return "cannot save \(path): \(problem)"
    }
    return nil
  }
}
