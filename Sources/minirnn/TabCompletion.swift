@preconcurrency import Glibc
import Tutor

/// What Tab does to the line being typed.
enum TabAction: Equatable {
  /// Insert this text at the cursor.
  case insert(String)
  /// Several choices and nothing they share to add: show them below the line.
  case list([String])
  /// Nothing matches: beep.
  case nothing
}

/// One entry of a folder, as path completion needs it.
struct FolderEntry: Equatable {
  let name: String
  let isFolder: Bool
}

/// Turns the session's answer to "what could come next?" into an edit of the line.
enum TabCompletion {
  /// The edit for `completion`; `listFolder` gives the entries of a folder (nil if it cannot
  /// be read), so tests can hand in a made-up one.
  static func action(
    for completion: Completion, listFolder: (String) -> [FolderEntry]? = listFolder
  ) -> TabAction {
    switch completion {
    case .words(let prefix, let candidates):
      var seen = Set<String>()
      let words = candidates.filter { $0.hasPrefix(prefix) && seen.insert($0).inserted }
      return choose(typed: prefix, from: words, finished: { _ in true })
    case .path(let prefix):
      let (folderText, name) =
        prefix.lastIndex(of: "/").map {
          (String(prefix[...$0]), String(prefix[prefix.index(after: $0)...]))
        } ?? ("", prefix)
      let folder = folderText.isEmpty ? "." : expandingTilde(folderText)
      let shown = (listFolder(folder) ?? [])
        .filter { entry in
          entry.name.hasPrefix(name) && entry.name != "." && entry.name != ".."
            && (name.hasPrefix(".") || !entry.name.hasPrefix("."))
            // Words end at spaces, `;` and `#`: a name holding one cannot be typed.
            && !entry.name.contains(where: { " \t;#\n".contains($0) })
        }
        .map { $0.isFolder ? $0.name + "/" : $0.name }
        .sorted()
      // A folder is not finished: its contents come next, so no space after its `/`.
      return choose(typed: name, from: shown, finished: { !$0.hasSuffix("/") })
    }
  }

  /// One match: the rest of it, and a space when it is `finished`. Several: the part they
  /// share beyond what was typed, or the list when they share nothing more.
  private static func choose(
    typed: String, from matches: [String], finished: (String) -> Bool
  ) -> TabAction {
    switch matches.count {
    case 0: return .nothing
    case 1:
      let match = matches[0]
      return .insert(String(match.dropFirst(typed.count)) + (finished(match) ? " " : ""))
    default:
      let shared = commonPrefix(matches)
      if shared.count > typed.count { return .insert(String(shared.dropFirst(typed.count))) }
      return .list(matches)
    }
  }

  /// The longest text every word starts with.
  static func commonPrefix(_ words: [String]) -> String {
    guard var shared = words.first else { return "" }
    for word in words.dropFirst() {
      while !word.hasPrefix(shared) { shared.removeLast() }
    }
    return shared
  }

  /// The words in columns filling `width`, top to bottom then left to right as `ls` does;
  /// each line ends in a newline.
  /// File names come from outside: their control and format characters are made visible.
  static func columns(_ words: [String], width: Int) -> String {
    guard !words.isEmpty else { return "" }
    let words = words.map { visible($0, keepingLines: false) }
    let cell = (words.map(\.count).max() ?? 0) + 2
    // The last column needs no gap after it; one column spare avoids the terminal's wrap.
    let columnCount = max(1, min(words.count, (width + 1) / cell))
    let rowCount = (words.count + columnCount - 1) / columnCount
    var text = ""
    for row in 0..<rowCount {
      var line = ""
      for column in 0..<columnCount {
        let index = column * rowCount + row
        guard index < words.count else { break }
        let word = words[index]
        line += word
        if (column + 1) * rowCount + row < words.count {
          line += String(repeating: " ", count: cell - word.count)
        }
      }
      text += line + "\n"
    }
    return text
  }

  /// The entries of `folder`, nil if it cannot be read.
  static func listFolder(_ folder: String) -> [FolderEntry]? {
    guard let stream = opendir(folder) else { return nil }
    defer { closedir(stream) }
    var entries: [FolderEntry] = []
    while let entry = readdir(stream) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
      }
      // Follow links: a link to a folder completes like a folder.
      var info = stat()
      let isFolder =
        stat(folder + "/" + name, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
      entries.append(FolderEntry(name: name, isFolder: isFolder))
    }
    return entries
  }
}
