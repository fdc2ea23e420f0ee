extension Lesson {
  /// `fnv1a64:` and the FNV-1a hash (64 bits, 16 hex digits) of a lesson file's text, over
  /// its lines each followed by LF, as `StateFile`'s checksum: a copy with CRLF line ends,
  /// a UTF-8 byte order mark or no end to its last line is the same lesson and has the same
  /// hash; any other change gives another.
  ///
  /// FNV-1a is no cryptographic hash: it tells versions of a lesson apart, it does not
  /// prove who wrote one.
  public static func contentHash(of text: String) -> String {
    var lines = splitLines(text.hasPrefix("\u{FEFF}") ? text.dropFirst() : text[...])
    if lines.last?.isEmpty == true { lines.removeLast() }
    let hex = String(StateFile.checksum(lines), radix: 16)
    return "fnv1a64:" + String(repeating: "0", count: 16 - hex.count) + hex
  }

  /// True for what `contentHash(of:)` gives.
  static func isHash(_ text: some StringProtocol) -> Bool {
    let digits = text.utf8.dropFirst("fnv1a64:".utf8.count)
    return text.hasPrefix("fnv1a64:") && digits.count == 16
      && digits.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
  }
}
