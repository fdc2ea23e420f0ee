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
/// - Parameter keepingLines: true keeps newlines and tabs (prose, a lesson's text); false
///   makes them visible too (`^J`, `^I`), for text that must stay on one line (an error).
public func visible<S: StringProtocol>(_ text: S, keepingLines: Bool = true) -> String {
  guard containsControl(text.utf8, keepingLines: keepingLines) else { return String(text) }
  var out = String.UnicodeScalarView()
  for scalar in text.unicodeScalars {
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

/// Whether `isControl` holds for a scalar of the UTF-8 `bytes`, found from the bytes alone:
/// every output line is checked, and most hold no control at all. C0 and DEL are single
/// bytes; C1 (U+0080…U+009F) is 0xC2 then 0x80…0x9F.
func containsControl<Bytes: Sequence<UInt8>>(_ bytes: Bytes, keepingLines: Bool) -> Bool {
  var afterC2 = false
  for byte in bytes {
    if afterC2 && byte < 0xA0 && byte >= 0x80 { return true }
    afterC2 = byte == 0xC2
    if byte == 0x7F || (byte < 0x20 && !(keepingLines && (byte == 0x0A || byte == 0x09))) {
      return true
    }
  }
  return false
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
