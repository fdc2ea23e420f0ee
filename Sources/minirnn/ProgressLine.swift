import Synchronization

/// The transient line `train` redraws in place while it runs, at a terminal only.
enum ProgressLine {
  /// Characters of the line on screen; 0 when none is shown.
  private static let shownWidth = Atomic<Int>(0)
  /// The terminal's columns, set before each command.
  static let columns = Atomic<Int>(80)

  /// Replaces the progress line with `line`. A `dumb` terminal knows no clear-to-end-of-line,
  /// so the rest of a longer old line is overwritten with spaces instead.
  static func show(_ line: String, dumb: Bool) {
    // The window may be resized while `train` runs (SIGWINCH): the width is read again for
    // every redraw, a cheap ioctl, so the line keeps fitting.
    if let now = TerminalDetection.terminalWidth() { columns.store(now, ordering: .relaxed) }
    // A line that wrapped could no longer be redrawn with a carriage return.
    // Three columns spare: the terminal echoes Ctrl-C as "^C" after the line.
    let (fitted, width) = fit(line, columns: columns.load(ordering: .relaxed) - 3)
    let old = shownWidth.exchange(max(1, width), ordering: .relaxed)
    let clear = dumb ? String(repeating: " ", count: max(0, old - width)) : "\u{1B}[K"
    Output.out("\r" + fitted + clear)
  }

  /// Removes the progress line, if one is shown, leaving the cursor at the start of the line.
  static func clear(dumb: Bool) {
    let old = shownWidth.exchange(0, ordering: .relaxed)
    guard old > 0 else { return }
    // Two more for a "^C" the terminal may have echoed after the line.
    let blank = String(repeating: " ", count: min(old + 2, columns.load(ordering: .relaxed) - 1))
    Output.out(dumb ? "\r" + blank + "\r" : "\r\u{1B}[K")
  }

  /// `line` cut to at most `columns` visible characters, and how many it shows. Colour
  /// sequences (ESC [ … letter) take no room and are kept; after a cut, colour is reset.
  static func fit(_ line: String, columns: Int) -> (text: String, width: Int) {
    var text = ""
    var width = 0
    var inEscape = false
    var sawEscape = false
    for character in line {
      if inEscape {
        text.append(character)
        if character.isLetter { inEscape = false }
      } else if character == "\u{1B}" {
        text.append(character)
        inEscape = true
        sawEscape = true
      } else if width < columns {
        text.append(character)
        width += 1
      } else {
        return (sawEscape ? text + "\u{1B}[0m" : text, width)
      }
    }
    return (text, width)
  }
}
