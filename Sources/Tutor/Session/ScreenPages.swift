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
    var pages: [String] = []
    var page = ""
    var used = 0
    for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
      let needed = Self.rows(of: line, columns: columns)
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

  /// The terminal rows `line` takes at `columns`: a line wider than the terminal wraps.
  static func rows(of line: Substring, columns: Int) -> Int {
    let width = max(1, columns)
    return max(1, (TextLayout.columns(line) + width - 1) / width)
  }

  /// The terminal rows all of `text` takes at `columns`.
  static func rows(_ text: String, columns: Int) -> Int {
    text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
      .reduce(0) { $0 + rows(of: $1, columns: columns) }
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

  /// How many table rows a picture may show so that, with `fixed` (its lines around the
  /// table, the table's header included), it fits the terminal's height above the prompt:
  /// at a terminal while a lesson runs, so that a step's picture is seen whole; nil
  /// otherwise, and the picture shows every row.
  func pictureRowLimit(around fixed: String) -> Int? {
    guard traits.isInteractive, lessonBook.run != nil else { return nil }
    // One row for the prompt, one for the line that says what was left out.
    return max(6, traits.height - 2 - ScreenPages.rows(fixed, columns: traits.width))
  }
}
