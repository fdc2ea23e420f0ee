@preconcurrency import Glibc
import Tutor

/// Where minirnn's lessons (`Lessons/NN-name.md`) are read from, and reading them.
enum LessonFolder {
  /// The folder, or nil when there is none; and every place looked at, in order, with what
  /// was found there, for a "no lessons" message.
  ///
  /// In order: `$MINIRNN_LESSONS` if set; `../share/minirnn/lessons` beside the executable
  /// (what `make install` makes); the `Lessons` folder of the package the executable sits in
  /// (`.build/debug/minirnn` is four levels under it); the source tree it was built from.
  static func search() -> (folder: String?, tried: [String]) {
    var tried: [String] = []
    if let folder = environment("MINIRNN_LESSONS"), !folder.isEmpty {
      return (folder, ["$MINIRNN_LESSONS (\(folder))"])
    }
    tried.append("$MINIRNN_LESSONS (not set)")
    var candidates: [String] = []
    if let executable = executablePath() {
      let bin = splitPath(executable).folder
      candidates.append(splitPath(bin).folder + "/share/minirnn/lessons")
      var folder = bin
      for _ in 0..<5 {
        candidates.append(folder + "/Lessons")
        guard folder != "/" else { break }
        folder = splitPath(folder).folder
      }
    }
    candidates.append(sourceTreeLessons)
    for candidate in candidates where !tried.contains(candidate) {
      if isFolder(candidate) { return (candidate, tried + [candidate]) }
      tried.append(candidate)
    }
    return (nil, tried)
  }

  /// The ids (`03-bptt`) of the lesson files in the lessons folder, from their names alone:
  /// what the welcome needs, without the time parsing them takes.
  static func lessonIDs() -> [String] {
    guard let folder = locate(), let entries = TabCompletion.listFolder(folder) else { return [] }
    return entries.filter { !$0.isFolder && $0.name != "README.md" && $0.name.hasSuffix(".md") }
      .map { String($0.name.dropLast(3)) }.filter(Lesson.isID).sorted()
  }

  /// The folder `search` finds, if any.
  static func locate() -> String? { search().folder }

  /// `Lessons/` of the source tree this file was compiled from.
  static let sourceTreeLessons: String = {
    let source = splitPath(#filePath).folder  // …/Sources/minirnn
    return splitPath(splitPath(source).folder).folder + "/Lessons"
  }()

  /// Every `*.md` file of `folder` in name order, as (path, text) for Tutor, with paths
  /// shown relative to the working folder when they are under it. Files that cannot be read
  /// come back as messages.
  static func read(_ folder: String) -> (files: [(path: String, text: String)], problems: [String])
  {
    guard let entries = TabCompletion.listFolder(folder) else {
      return ([], ["cannot read the lessons folder \(folder): \(errorText(errno))"])
    }
    let names = entries.filter { !$0.isFolder && $0.name.hasSuffix(".md") }.map(\.name).sorted()
    let shown = displayPath(folder)
    var files: [(path: String, text: String)] = []
    var problems: [String] = []
    for name in names {
      switch RealFiles().read(folder + "/" + name, limit: Limits.lessonFileSize) {
      case .success(let text): files.append((shown + "/" + name, text))
      case .failure(let error): problems.append(error.message)
      }
    }
    return (files, problems)
  }

  /// One lesson file, as `read` gives a folder's.
  static func readFile(_ path: String) -> (
    files: [(path: String, text: String)], problems: [String]
  ) {
    switch RealFiles().read(path, limit: Limits.lessonFileSize) {
    case .success(let text): ([(path, text)], [])
    case .failure(let error): ([], [error.message])
    }
  }

  /// `folder` relative to the working folder when it lies under it.
  private static func displayPath(_ folder: String) -> String {
    guard folder.hasPrefix("/"), let cwd = getcwd(nil, 0) else { return folder }
    defer { free(cwd) }
    let base = String(cString: cwd)
    return folder.hasPrefix(base + "/") ? String(folder.dropFirst(base.count + 1)) : folder
  }

  private static func executablePath() -> String? {
    guard let path = realpath("/proc/self/exe", nil) else { return nil }
    defer { free(path) }
    return String(cString: path)
  }

  static func isFolder(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
  }
}

extension Session {
  /// Installs the lessons of the lesson folder; returns a sentence per file left out, or nil
  /// when `hooks` stopped it (Ctrl-C) before all were parsed: then none is installed.
  mutating func installShippedLessons(hooks: Hooks = .none) -> [String]? {
    let (found, tried) = LessonFolder.search()
    lessonPlaces = tried
    guard let folder = found else { return [] }
    let (files, problems) = LessonFolder.read(folder)
    guard let errors = installLessons(files, hooks: hooks) else { return nil }
    return problems + errors.map(\.description)
  }
}
