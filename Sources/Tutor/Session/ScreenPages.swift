/// A lesson screen taller than the terminal, shown a page at a time by minirnn's own prompt.
///
/// The external pager takes every key typed while it shows a page: a learner who types the
/// command a step shows would type it into `less`. So while a lesson runs, the prompt shows
/// the first page, then asks for Enter before the next one; any other line typed there runs
/// as a command, and what was not shown yet is dropped.
public enum ScreenPages {
  /// `text` cut into pages of at most `rows − 1` terminal rows, the last row being the
  /// prompt's; one page when it fits. A line wider than `columns` takes the rows it wraps to.
  public static func pages(_ text: String, rows: Int, columns: Int) -> [String] {
    let height = max(1, rows - 1)
    let width = max(1, columns)
    var pages: [String] = []
    var page = ""
    var used = 0
    for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
      let needed = max(1, (visibleLength(line) + width - 1) / width)
      if used > 0 && used + needed > height {
        pages.append(page)
        page = ""
        used = 0
      }
      page += line + "\n"
      used += needed
    }
    // A text that does not end in a newline keeps its last piece as it is.
    if let tail = text.split(separator: "\n", omittingEmptySubsequences: false).last, !tail.isEmpty
    {
      page += tail
    }
    if !page.isEmpty || pages.isEmpty { pages.append(page) }
    return pages
  }

  /// The prompt between two pages: how much is left, and that a command may be typed
  /// instead.
  public static func prompt(remaining pages: [String]) -> String {
    var lines = 0
    for page in pages { lines += page.utf8.count(where: { $0 == UInt8(ascii: "\n") }) }
    return "(Enter: \(lines) more line\(lines == 1 ? "" : "s"); or type a command) "
  }
}

extension Session {
  /// True while a lesson runs: its screens continue at minirnn's prompt, never in a pager.
  public var isInLesson: Bool { lessonBook.run != nil }
}
