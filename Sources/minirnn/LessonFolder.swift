@preconcurrency import Glibc
import Tutor

/// Where minirnn's lessons (`Lessons/NN-name.md`) are read from, and reading them.
enum LessonFolder {
  /// The folder: `$MINIRNN_LESSONS` if set, else the first `Lessons` folder found walking up
  /// from the executable (`.build/debug/minirnn` sits four levels under the package), else
  /// `../share/minirnn/Lessons` beside an installed binary. Nil when there is none.
  static func locate() -> String? {
    if let folder = environment("MINIRNN_LESSONS"), !folder.isEmpty { return folder }
    guard let executable = executablePath() else { return nil }
    var folder = splitPath(executable).folder
    for _ in 0..<5 {
      if isFolder(folder + "/Lessons") { return folder + "/Lessons" }
      guard folder != "/" else { break }
      folder = splitPath(folder).folder
    }
    let shared = splitPath(splitPath(executable).folder).folder + "/share/minirnn/Lessons"
    return isFolder(shared) ? shared : nil
  }

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
      switch RealFiles().read(folder + "/" + name, limit: 1 << 20) {
      case .success(let text): files.append((shown + "/" + name, text))
      case .failure(let error): problems.append(error.message)
      }
    }
    return (files, problems)
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

  private static func isFolder(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
  }
}

extension Session {
  /// Installs the lessons of the lesson folder; returns a sentence per file left out.
  mutating func installShippedLessons() -> [String] {
    guard let folder = LessonFolder.locate() else { return [] }
    let (files, problems) = LessonFolder.read(folder)
    return problems + installLessons(files).map(\.description)
  }
}
