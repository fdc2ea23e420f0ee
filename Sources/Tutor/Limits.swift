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
}

/// Reading numbers and counts from command arguments, with errors that say what is accepted.
enum Parse {
  /// A finite number; `what` names it in errors (e.g. "set w1"). The minus sign minirnn
  /// prints (U+2212) reads as "-", so a value copied from a screen works. Hexadecimal is
  /// refused in any spelling (`0x10`, `0X10`, `+0x10`): it is not how numbers are written here.
  ///
  /// - Parameter nonFinite: also accept nan and ±inf (only `load` does: a save can hold a
  ///   diverged gradient).
  static func number(_ text: String, _ what: String, nonFinite: Bool = false) throws(CommandError)
    -> Double
  {
    let written = text.replacing("\u{2212}", with: "-")
    let digits = written.lowercased().drop { $0 == "-" || $0 == "+" }
    guard let value = Double(written), !digits.hasPrefix("0x") else {
      throw .notANumber(text, what: what)
    }
    guard value.isFinite || nonFinite else { throw .notFinite(text, what: what) }
    return value
  }

  /// A learning rate: a finite number above 0 (0 would not move, a negative one climbs).
  static func learningRate(_ text: String, _ what: String) throws(CommandError) -> Double {
    let value = try number(text, what)
    guard value > 0 else {
      throw .outOfRange(text, what: what, range: "a number above 0, such as 0.001")
    }
    return value
  }

  /// A whole number in `range`.
  static func count(_ text: String, _ what: String, in range: ClosedRange<Int>) throws(CommandError)
    -> Int
  {
    let cleaned = text.replacingUnderscores()
    guard let value = Int(cleaned) else {
      if let d = Double(text), d.isFinite, d.rounded() == d, d > Double(range.upperBound) {
        throw .outOfRange(text, what: what, range: describe(range))
      }
      throw .other(
        "\(what): '\(text)' is not a whole number; accepted: \(describe(range))")
    }
    guard range.contains(value) else { throw .outOfRange(text, what: what, range: describe(range)) }
    return value
  }

  static func describe(_ range: ClosedRange<Int>) -> String {
    "a whole number from \(grouped(range.lowerBound)) to \(grouped(range.upperBound))"
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
