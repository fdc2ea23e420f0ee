extension CommandTable {
  /// The values of `input X1 X2 …` as words, also when written as the article writes a list:
  /// `input 0, 0.5` or `input [0, 0.5]` (commas between values, the whole in brackets).
  static func inputWords(_ args: [String]) throws(CommandError) -> [String] {
    var text = args.joined(separator: " ")
    let opens = text.hasPrefix("[")
    let closes = text.hasSuffix("]")
    guard opens == closes else {
      throw .badArguments(
        .expected(opens ? "']' at the end of a list that starts with '['" : "'[' before ']'"))
    }
    if opens { text = String(text.dropFirst().dropLast()) }
    guard !text.contains("[") && !text.contains("]") else {
      throw .badArguments(.expected("one list: '[' and ']' around all the values"))
    }
    guard text.contains(",") else { return text.split(separator: " ").map(String.init) }
    let pieces = text.split(separator: ",", omittingEmptySubsequences: false).map {
      $0.split(separator: " ").map(String.init)
    }
    // `0, , 1` or a trailing comma: a value is missing; `0 1, 2`: commas between some only.
    guard pieces.allSatisfy({ $0.count == 1 }) else {
      throw .badArguments(
        .expected(
          pieces.contains(where: \.isEmpty)
            ? "a value on each side of every comma"
            : "commas or spaces between the values, not both"))
    }
    return pieces.map { $0[0] }
  }
}
