import RNN

extension Session {
  /// The names `print` and `display` accept, for Tab: the active model's.
  var printableNames: [String] { state.active.printableNames(in: self) }

  /// Throws unless `name` is a name `print` understands (its value may not exist yet).
  func validateName(_ name: String) throws(CommandError) {
    do {
      _ = try value(of: name)
    } catch let error {
      if error.isMissingValue { return }
      // A save keeps `display x[5]` after the input shrank; it shows again when it grows.
      if case .outOfRange = error, isLoadingState { return }
      throw error
    }
  }

  /// The value `print NAME` shows: the active model's.
  func value(of name: String) throws(CommandError) -> Double {
    try state.active.value(of: name, in: self)
  }

  /// The error for a name `print` does not know: `h1`, `h_1` or `x(2)` (a timestep written
  /// the way the article's subscripts read) gets "did you mean 'h[1]'?" when its letter is
  /// one of `indexedLetters`, the model's values per timestep.
  static func unknownPrintName(_ name: String, indexedLetters: String, accepted: [String])
    -> CommandError
  {
    if let letter = name.first, indexedLetters.contains(letter) {
      let digits = name.dropFirst().drop { "_(".contains($0) }.prefix { $0 != ")" }
      let rest = name.dropFirst().drop { "_(".contains($0) }.dropFirst(digits.count)
      if !digits.isEmpty, digits.count <= Parse.indexDigits, digits.allSatisfy(\.isASCII),
        Int(digits) != nil,
        rest.isEmpty || rest == ")"
      {
        return .indexWithoutBrackets(name, meant: "\(letter)[\(digits)]", accepted: accepted)
      }
    }
    return .unknownName(name, what: "name", accepted: accepted)
  }

  /// The lines shown after every command by `display`.
  func renderDisplays() -> String {
    state.displays.map { name in
      switch Result(catching: { () throws(CommandError) in try value(of: name) }) {
      case .success(let v): "\(name) = \(plainNumber(v))\n"
      case .failure(let error): "\(name) = (\(error.description))\n"
      }
    }.joined()
  }
}
