/// Text from outside minirnn as it may reach the terminal: every control character made
/// visible, so that only minirnn's own styling ever sends an escape sequence.
///
/// Lesson files, file names, lines read back from a file and history all come from
/// outside; printed byte for byte, `ESC ] 0 ; … BEL` would set the window title, OSC 52 the
/// clipboard, `ESC [ 2 J` would clear the screen. Control characters are shown the way
/// `cat -v` shows them: C0 in caret notation (ESC as `^[`, BEL as `^G`, CR as `^M`), DEL as
/// `^?`, and the C1 controls U+0080…U+009F as `M-^@`…`M-^_` (U+009B, a one-character CSI,
/// as `M-^[`).
///
/// Format characters that are invisible but change what the terminal shows are made visible
/// too, as `<U+202E>`: the bidirectional embeddings, overrides and isolates (U+202A…U+202E,
/// U+2066…U+2069, U+061C and the marks U+200E, U+200F), which reorder the text after them so
/// that a line reads differently from what it holds, and the zero-width characters (U+200B…
/// U+200D, U+2060…U+2064, U+FEFF, U+180E) and U+2028/U+2029, which hide a difference
/// between two texts that look the same.
///
/// - Parameter keepingLines: true keeps newlines and tabs (prose, a lesson's text); false
///   makes them visible too (`^J`, `^I`), for text that must stay on one line (an error).
public func visible<S: StringProtocol>(_ text: S, keepingLines: Bool = true) -> String {
  guard containsControl(text.utf8, keepingLines: keepingLines) else { return String(text) }
  var out = String.UnicodeScalarView()
  for scalar in text.unicodeScalars {
    if isFormat(scalar) {
      out.append(
        contentsOf: "<U+\(String(scalar.value, radix: 16, uppercase: true))>".unicodeScalars)
      continue
    }
    guard isControl(scalar, keepingLines: keepingLines) else {
      out.append(scalar)
      continue
    }
    var value = scalar.value
    if value >= 0x80 {
      out.append(contentsOf: "M-".unicodeScalars)
      value -= 0x80
    }
    out.append("^")
    out.append(Unicode.Scalar(value == 0x7F ? 0x3F : value + 0x40)!)
  }
  return String(out)
}

/// Whether `isControl` or `isFormat` holds for a scalar of the UTF-8 `bytes`, found from the
/// bytes alone: every output line is checked, and most hold no control at all. C0 and DEL are
/// single bytes; C1 (U+0080…U+009F) is 0xC2 then 0x80…0x9F; the format characters are the
/// two- and three-byte sequences `isFormat` lists.
func containsControl<Bytes: Sequence<UInt8>>(_ bytes: Bytes, keepingLines: Bool) -> Bool {
  var afterC2 = false
  // The two bytes before this one, for the three-byte format characters.
  var before1: UInt8 = 0
  var before2: UInt8 = 0
  for byte in bytes {
    if afterC2 && byte < 0xA0 && byte >= 0x80 { return true }
    afterC2 = byte == 0xC2
    if byte >= 0x80 && byte < 0xC0 && isFormat(before2, before1, byte) { return true }
    before2 = before1
    before1 = byte
    if byte == 0x7F || (byte < 0x20 && !(keepingLines && (byte == 0x0A || byte == 0x09))) {
      return true
    }
  }
  return false
}

/// True for the format characters `visible` shows as `<U+XXXX>`.
private func isFormat(_ scalar: Unicode.Scalar) -> Bool {
  switch scalar.value {
  case 0x061C, 0x180E, 0x200B...0x200F, 0x2028...0x202E, 0x2060...0x2064, 0x2066...0x2069,
    0xFEFF:
    true
  default: false
  }
}

/// `isFormat` for the scalar whose UTF-8 encoding ends in `c` after `a` and `b` (a two-byte
/// one is `b`, `c`).
private func isFormat(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> Bool {
  switch (a, b) {
  case (_, 0xD8): c == 0x9C  // U+061C
  case (0xE1, 0xA0): c == 0x8E  // U+180E
  case (0xE2, 0x80): (0x8B...0x8F).contains(c) || (0xA8...0xAE).contains(c)
  case (0xE2, 0x81): (0xA0...0xA4).contains(c) || (0xA6...0xA9).contains(c)
  case (0xEF, 0xBB): c == 0xBF  // U+FEFF
  default: false
  }
}

/// True for C0 controls, DEL and C1 controls; newline and tab only when not `keepingLines`.
private func isControl(_ scalar: Unicode.Scalar, keepingLines: Bool) -> Bool {
  switch scalar.value {
  case 0x0A, 0x09: !keepingLines
  case 0..<0x20, 0x7F..<0xA0: true
  default: false
  }
}

/// User text as it appears inside an error: on one line, control characters visible, and
/// long text cut to 40 characters.
func shown(_ text: String) -> String {
  let cut = text.unicodeScalars.count > 40
  let head = cut ? String(String.UnicodeScalarView(text.unicodeScalars.prefix(40))) : text
  return visible(head, keepingLines: false) + (cut ? "…" : "")
}
