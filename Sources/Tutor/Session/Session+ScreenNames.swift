extension Session {
  /// The name `print`, `display` and `set` know for `typed`, when it is written as the
  /// screens print it: `ŷ` is `yhat`, `L` is `loss`, `w₁` is `w1`, `h₂` is `h[2]`, and
  /// `∂L/∂w₁` (or `dL/dw1`) is `w1.g`. Any other name is returned as it is.
  func canonicalName(_ typed: String) -> String {
    let subscripts = Array("₀₁₂₃₄₅₆₇₈₉")
    var name = String(
      typed.map { c in subscripts.firstIndex(of: c).map { Character("\($0)") } ?? c })
    for prefix in ["∂L/∂", "dL/d"] where name.hasPrefix(prefix) && name.count > prefix.count {
      return canonicalName(String(name.dropFirst(prefix.count))) + ".g"
    }
    switch name {
    case "ŷ", "y_hat", "ŷ_": return "yhat"
    case "L": return "loss"
    default: break
    }
    // `h₂` as the screens write it: a timestep letter and its subscript.
    if name != typed, let letter = name.first, "xhaifgoc".contains(letter), name.count > 1,
      name.dropFirst().allSatisfy(\.isASCII), Int(name.dropFirst()) != nil
    {
      name = "\(letter)[\(name.dropFirst())]"
    }
    return name
  }

  /// "did you mean" for a line that names a value instead of a command: `w1` is `print w1`,
  /// `w1 = 1` (or `w1=1`) is `set w1 1`.
  func meantCommand(_ words: [String]) -> String? {
    let line = words.joined(separator: " ")
    if let equals = line.firstIndex(of: "=") {
      let name = canonicalName(line[..<equals].trimmingWhitespace())
      let value = line[line.index(after: equals)...].trimmingWhitespace()
      guard !value.isEmpty, !value.contains(" "), isSettable(name) else { return nil }
      return "set \(name) \(value)"
    }
    guard words.count == 1 else { return nil }
    let name = canonicalName(words[0])
    do {
      try validateName(name)
      return "print \(name)"
    } catch {
      return nil
    }
  }

  /// True for a name `set` takes with this model: what Tab offers after `set`, and their
  /// gradients (`w1.g`).
  func isSettable(_ name: String) -> Bool {
    guard let set = CommandTable.lookup("set", model: state.active) else { return false }
    let names = values(of: set.arguments.completion)
    return names.contains(name) || name.hasSuffix(".g") && names.contains(String(name.dropLast(2)))
  }
}
