#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Every number a screen shows, as digits: significant digits for equations and tables, the
/// shortest round-trip form for what `set` and `print` echo, a short form for boxes and
/// axis labels, fixed decimals for ticks and SVG coordinates, percentages. The sign is
/// ASCII here; `Notation` writes it as a Unicode minus where an equation wants one.
enum NumberFormat {
  /// `v` with `digits` significant digits (like C's `%.*g`), or Swift's shortest
  /// round-trip form when `digits` is 0.
  static func significant(_ v: Double, digits: Int) -> String {
    if v == 0 { return "0" }
    if digits <= 0 || !v.isFinite { return shortest(v) }
    // printf rounds an exact tie to even (−0.1015625 to 6 digits: −0.101562); a calculator,
    // and the learner checking by hand, round it away from zero (−0.101563). Just past the
    // tie, printf rounds that way too.
    let v = isDecimalTie(v, significantDigits: digits) ? (v > 0 ? v.nextUp : v.nextDown) : v
    return printed("%.*g", Int32(digits), v) ?? v.description
  }

  /// The shortest round-trip form without a trailing `.0`: 1.0 → `1`, 0.5 → `0.5`.
  static func shortest(_ v: Double) -> String {
    let text = v.description
    return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
  }

  /// A number of at most `limit` characters with the most significant digits that fit (at
  /// most `mostDigits`), exponents written short (`1.2e-5`, `3e7`); `NaN`, `inf`, `-inf`.
  static func compact(_ v: Double, mostDigits: Int, limit: Int) -> String {
    guard v.isFinite else { return v.isNaN ? "NaN" : (v > 0 ? "inf" : "-inf") }
    var best = ""
    for digits in stride(from: mostDigits, through: 1, by: -1) {
      var text = significant(v, digits: digits)
      if let e = text.firstIndex(of: "e") {
        // 1.2e-05 → 1.2e-5, 3e+07 → 3e7
        let mantissa = text[..<e]
        var exponent = String(text[text.index(after: e)...])
        let negative = exponent.hasPrefix("-")
        exponent = String(exponent.drop { $0 == "-" || $0 == "+" || $0 == "0" })
        text = mantissa + "e" + (negative ? "-" : "") + (exponent.isEmpty ? "0" : exponent)
      }
      best = text
      if text.count <= limit { break }
    }
    return best
  }

  /// `v` with `decimals` digits after the point (C's `%.*f`), as a chart's ticks show it.
  static func fixed(_ v: Double, decimals: Int) -> String {
    printed("%.*f", Int32(decimals), v) ?? ""
  }

  /// `v` to two decimals, without trailing zeros or exponents, clamped to ±10¹² and 0 when
  /// not finite: an SVG coordinate. (Rounded half away from zero in hundredths, as SVG
  /// pictures always were, where `fixed` rounds the exact binary value.)
  static func hundredths(_ v: Double) -> String {
    guard v.isFinite else { return "0" }
    let hundredths = Int((min(max(v, -1e12), 1e12) * 100).rounded())
    let sign = hundredths < 0 ? "-" : ""
    let magnitude = hundredths.magnitude
    let fraction = magnitude % 100
    let whole = "\(sign)\(magnitude / 100)"
    if fraction == 0 { return whole }
    return fraction % 10 == 0
      ? "\(whole).\(fraction / 10)" : "\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
  }

  /// `50%`, `0.3%`, `-12%`: a share, three significant digits from 10% up and two below;
  /// empty when not finite.
  static func percent(_ share: Double) -> String {
    let p = share * 100
    if !p.isFinite { return "" }
    return significant(p, digits: abs(p) >= 10 ? 3 : 2) + "%"
  }

  /// `format` (with one `*` for `width`) applied to `v` by C's formatter.
  private static func printed(_ format: String, _ width: Int32, _ v: Double) -> String? {
    var buffer = [CChar](repeating: 0, count: 64)
    let count = withVaList([width, v]) { vsnprintf(&buffer, buffer.count, format, $0) }
    guard count > 0 else { return nil }
    return String(
      decoding: buffer.prefix(Int(count)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }
}

/// True when `v` lies exactly halfway between two numbers of `digits` significant digits.
///
/// A double that is not a tie differs from one by more than 1e−17 of its size, so its first
/// 24 significant digits show whether it is one.
func isDecimalTie(_ v: Double, significantDigits digits: Int) -> Bool {
  guard digits < 20, v.isFinite, v != 0 else { return false }
  // A tie is (2q + 1)·5^p·2^(p−1) with p the place of the first digit dropped (here up to
  // one off), so its lowest set bit is 2^(p−1): a cheap test that rules out nearly every
  // other number before the exact one below.
  let lowestBit = Int(v.exponent) - v.significandWidth
  let p = Int(log10(v.magnitude).rounded(.down)) - digits + 1
  guard abs(lowestBit - (p - 1)) <= 1 else { return false }
  var buffer = [CChar](repeating: 0, count: 64)
  let count = withVaList([v.magnitude]) { vsnprintf(&buffer, buffer.count, "%.23e", $0) }
  guard count > 0 else { return false }
  let mantissa = buffer.prefix(Int(count)).prefix { $0 != CChar(UInt8(ascii: "e")) }
    .filter { $0 != CChar(UInt8(ascii: ".")) }
  guard mantissa.count > digits, mantissa[digits] == CChar(UInt8(ascii: "5")) else { return false }
  return mantissa.dropFirst(digits + 1).allSatisfy { $0 == CChar(UInt8(ascii: "0")) }
}
