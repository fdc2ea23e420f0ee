/// Text on a terminal: how many columns it takes, how it is padded, broken into lines and
/// fitted to a width. Every screen measures a line here, so a screen that fits without
/// colour fits with it: colour's escape codes take no column.
enum TextLayout {
  // MARK: Width

  /// The columns `text` takes on screen: an escape sequence (`ESC [ … letter`) takes none,
  /// nor does a combining mark; every other character takes one.
  static func columns<S: StringProtocol>(_ text: S) -> Int {
    var count = 0
    var inEscape = false
    var afterESC = false
    for c in text.unicodeScalars {
      if afterESC {
        afterESC = false
        inEscape = c == "["
      } else if inEscape {
        if ("@"..."~").contains(c) { inEscape = false }
      } else if c == "\u{1B}" {
        afterESC = true
      } else if c.value < 0x300 || c.properties.generalCategory != .nonspacingMark {
        // (Below U+0300, the first combining mark, no table lookup is needed.)
        count += 1
      }
    }
    return count
  }

  /// `text` without its escape sequences (`ESC [ … letter`): what a file gets of a screen.
  static func plain(_ text: String) -> String {
    guard text.utf8.contains(0x1B) else { return text }
    var out = ""
    var iterator = text.unicodeScalars.makeIterator()
    while let scalar = iterator.next() {
      guard scalar == "\u{1B}" else {
        out.unicodeScalars.append(scalar)
        continue
      }
      guard let next = iterator.next() else { break }
      guard next == "[" else { continue }
      while let c = iterator.next(), !(("@"..."~").contains(c)) {}
    }
    return out
  }

  // MARK: Padding

  /// `text` with spaces before it to take `width` columns (numbers in tables).
  static func leftPad(_ text: String, _ width: Int) -> String {
    let columns = columns(text)
    return columns >= width ? text : String(repeating: " ", count: width - columns) + text
  }

  /// `text` with spaces after it to take `width` columns.
  static func rightPad(_ text: String, _ width: Int) -> String {
    let columns = columns(text)
    return columns >= width ? text : text + String(repeating: " ", count: width - columns)
  }

  // MARK: Breaking into lines

  /// `text` in lines of at most `width` columns, broken at spaces (a longer word stays
  /// whole). "Eq. 3" stays on one line.
  static func wrap(_ text: String, width: Int) -> [String] {
    var lines: [String] = []
    var line = ""
    var lineColumns = 0
    for word in text.replacing("Eq. ", with: "Eq.\u{A0}").split(separator: " ") {
      let wordColumns = columns(word)
      if !line.isEmpty && lineColumns + 1 + wordColumns > width {
        lines.append(line)
        line = ""
        lineColumns = 0
      }
      if !line.isEmpty {
        line += " "
        lineColumns += 1
      }
      line += word
      lineColumns += wordColumns
    }
    lines.append(line)
    return lines
  }

  /// `text` in lines of at most `width` columns, broken after a `,` or `;` where it can be
  /// (so `y = 1` stays whole), and at spaces inside an item longer than a line.
  static func wrapAtItems(_ text: String, width: Int) -> [String] {
    var lines: [String] = []
    var line = ""
    var item = ""
    func place(_ piece: String) {
      if columns((line + piece).trimmingTrailingSpaces()) <= width {
        line += piece
        return
      }
      if !line.isEmpty { lines.append(line.trimmingTrailingSpaces()) }
      line = piece
      if columns(piece.trimmingTrailingSpaces()) > width {
        let parts = wrap(piece.trimmingWhitespace(), width: width)
        lines += parts.dropLast()
        line = parts.last! + (piece.hasSuffix(" ") ? " " : "")
      }
    }
    for c in text {
      item.append(c)
      if c == " ", item.dropLast().last.map({ $0 == "," || $0 == ";" }) == true {
        place(item)
        item = ""
      }
    }
    place(item)
    return lines + [line.trimmingTrailingSpaces()]
  }

  /// Lines longer than `width` columns broken at spaces, continued under their own indent
  /// plus two, so prose and equations read at the prompt instead of being cut by the
  /// terminal mid-word.
  ///
  /// Pictures and tables (lines drawn with box characters or wider than any word wrap could
  /// help) are left as they are.
  static func wrapLongLines(_ text: String, width: Int) -> String {
    guard width >= 20, !text.isEmpty else { return text }
    var out: [Substring] = []
    var changed = false
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      guard columns(line) > width, !line.contains(where: isDrawing) else {
        out.append(line)
        continue
      }
      changed = true
      let indent = line.prefix(while: { $0 == " " }).count
      let continuation = String(repeating: " ", count: min(indent + 2, width / 2))
      var current = String(line.prefix(indent))
      var currentLength = indent
      var empty = true
      // Each word keeps the run of spaces before it, so aligned columns stay aligned on the
      // first line; a run is dropped where the line breaks.
      for (gap, word) in wordsWithGaps(line.dropFirst(indent)) {
        let length = columns(word)
        if !empty && currentLength + gap + length > width {
          out.append(Substring(current))
          current = continuation
          currentLength = continuation.count
          empty = true
        }
        if !empty {
          current += String(repeating: " ", count: gap)
          currentLength += gap
        }
        current += word
        currentLength += length
        empty = false
      }
      out.append(Substring(current))
    }
    return changed ? out.joined(separator: "\n") : text
  }

  /// The words of `text` with the number of spaces before each.
  private static func wordsWithGaps(_ text: Substring) -> [(gap: Int, word: Substring)] {
    var result: [(Int, Substring)] = []
    var gap = 0
    var index = text.startIndex
    while index < text.endIndex {
      if text[index] == " " {
        gap += 1
        index = text.index(after: index)
        continue
      }
      let end = text[index...].firstIndex(of: " ") ?? text.endIndex
      result.append((gap, text[index..<end]))
      gap = 0
      index = end
    }
    return result
  }

  private static func isDrawing(_ c: Character) -> Bool {
    guard let scalar = c.unicodeScalars.first else { return false }
    return (0x2500...0x259F).contains(scalar.value)
  }
}
