extension String {
  /// This text with each scalar that `spelling` spells replaced by its spelling (`""` drops
  /// it) and every other scalar kept: the loop a writer of JSON or XML escapes text with, the
  /// format's rules given as `spelling`.
  func escaped(_ spelling: (Unicode.Scalar) -> String?) -> String {
    var out = ""
    for scalar in unicodeScalars {
      if let spelled = spelling(scalar) {
        out += spelled
      } else {
        out.unicodeScalars.append(scalar)
      }
    }
    return out
  }
}
