/// The limits minirnn enforces, each stated in `help` and reported with a clear error.
public enum Limits {
  /// Most values `input` accepts.
  public static let sequenceLength = 10_000
  /// Most epochs `train` accepts (Ctrl-C stops a long run).
  public static let epochs = 1_000_000_000
  /// Longest command line, in characters: room for `input` with `sequenceLength` values
  /// written in full (a saved session holds such lines).
  public static let lineLength = 1_000_000
  /// Largest file `load` reads, in bytes: enough for the largest state `save` can write
  /// (a custom data set of `customSamples` sequences of `sequenceLength` values).
  public static let loadFileSize = 64 << 20
  /// Significant digits `precision` accepts.
  public static let precision = 0...17
  /// Most samples a custom data set holds.
  public static let customSamples = 100
  /// Largest lesson file, in bytes.
  public static let lessonFileSize = 1 << 20
  /// Most steps a lesson may have (`goto` replays the steps before the one it goes to).
  public static let lessonSteps = 10_000
  /// Most expressions `display` keeps.
  public static let displays = 32
  /// How deep `source` may nest (a file that sources itself stops here).
  public static let sourceDepth = 16
}

/// Reading numbers and counts from command arguments, with errors that say what is accepted.
enum Parse {
  /// Digits a timestep index may have: enough for `Limits.sequenceLength`, and a few more so
  /// that a learner who writes one past the end hears "out of range", not "unknown name".
  static let indexDigits = String(Limits.sequenceLength).count + 1

  /// `h[12]` → ("h", 12): a name indexed by a timestep, as `print`, `display`, `set` and the
  /// lessons write it. The one reader of `NAME[t]`: the index is 1 to `indexDigits` ASCII
  /// digits and nothing else (no sign, no space).
  static func indexedName(_ text: String) -> (base: Substring, t: Int)? {
    guard text.hasSuffix("]"), let open = text.firstIndex(of: "[") else { return nil }
    let digits = text[text.index(after: open)..<text.index(before: text.endIndex)]
    guard !digits.isEmpty, digits.count <= indexDigits,
      digits.allSatisfy({ $0.isASCII && $0.isNumber }), let t = Int(digits)
    else { return nil }
    return (text[..<open], t)
  }

  /// A finite number; `what` names it in errors (e.g. "set w1"). The minus sign minirnn
  /// prints (U+2212) reads as "-", so a value copied from a screen works. Hexadecimal is
  /// refused in any spelling (`0x10`, `0X10`, `+0x10`): it is not how numbers are written here.
  ///
  /// - Parameter nonFinite: also accept nan and ±inf (only `load` does: a save can hold a
  ///   diverged gradient).
  static func number(_ text: String, _ what: String, nonFinite: Bool = false) throws(CommandError)
    -> Double
  {
    // Only a text with a non-ASCII byte can hold U+2212 (`input` parses 10,000 of these).
    let written = text.utf8.contains { $0 >= 0x80 } ? text.replacing("\u{2212}", with: "-") : text
    let digits = written.lowercased().drop { $0 == "-" || $0 == "+" }
    guard let value = Double(written), !digits.hasPrefix("0x") else {
      throw .notANumber(text, what: what)
    }
    guard value.isFinite || nonFinite else { throw .notFinite(text, what: what) }
    return value
  }

  /// A learning rate: a finite number greater than 0 (0 would stand still, and a negative
  /// rate climbs the loss instead of descending it).
  static func learningRate(_ text: String, _ what: String) throws(CommandError) -> Double {
    let value = try number(text, what)
    guard value > 0 else { throw .learningRateNotPositive(text, what: what) }
    return value
  }

  /// A whole number in `range`, written as digits (`20000`, `20_000`) or, as the article
  /// writes large counts, in exponent form when its value is whole (`1e5`, `2.5e3`).
  static func count(_ text: String, _ what: String, in range: ClosedRange<Int>) throws(CommandError)
    -> Int
  {
    let cleaned = text.replacingUnderscores()
    guard let value = Int(cleaned) else {
      if let d = Double(cleaned), d.isFinite, d.rounded() == d, !cleaned.lowercased().contains("x")
      {
        guard d >= Double(range.lowerBound) && d <= Double(range.upperBound) else {
          throw .outOfRange(text, what: what, range: describe(range))
        }
        return Int(d)
      }
      throw .notAWholeNumber(text, what: what, range: range)
    }
    guard range.contains(value) else { throw .outOfRange(text, what: what, range: describe(range)) }
    return value
  }

  static func describe(_ range: ClosedRange<Int>) -> String {
    "a whole number from \(grouped(range.lowerBound)) to \(grouped(range.upperBound))"
  }

  /// `1 command`, `2 commands`: a count with its noun, singular or plural.
  static func counted(_ n: Int, _ noun: String) -> String {
    "\(n) \(noun)\(n == 1 ? "" : "s")"
  }

  /// 1000000 as 1,000,000.
  static func grouped(_ n: Int) -> String {
    let digits = String(n.magnitude)
    var out = ""
    for (i, c) in digits.enumerated() {
      if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
      out.append(c)
    }
    return (n < 0 ? "-" : "") + out
  }
}

extension String {
  /// `20_000` → `20000`, so counts may be written with separators.
  func replacingUnderscores() -> String {
    guard contains("_"), !hasPrefix("_"), !hasSuffix("_") else { return self }
    return String(filter { $0 != "_" })
  }
}
