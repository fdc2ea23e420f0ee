/// At a terminal, `states` and `grads` over a long sequence show the first and last rows
/// with the middle elided, and say how many were left out and how to see them all
/// (`states all`, `grads all`); scripts always get every row.
enum LongTable {
  /// Tables with more timestep rows than this are elided at a terminal.
  static let rowLimit = 100
  /// Timestep rows kept at each end of an elided table.
  static let keptRows = 5
  /// Terms kept at each end of an elided §2.6 sum.
  static let keptTerms = 3
}

extension Session {
  /// True when `states` or `grads` without `all` should elide long tables: a person at a
  /// terminal. A usage error for any argument but `all`.
  func elidesLongTables(_ args: [String]) throws(CommandError) -> Bool {
    guard args.isEmpty || args == ["all"] else {
      throw .badArguments(.expected("nothing or 'all'"))
    }
    return args.isEmpty && traits.isInteractive
  }

  /// `renderTable`, eliding the middle of the timestep rows when `elide` and there are more
  /// than `LongTable.rowLimit` of them. The first `fixedHead` rows and last `fixedFoot` rows
  /// are not timesteps (`out`, `sum (.g)`) and always shown.
  func renderLongTable(
    _ header: [String], _ rows: [[String]], fixedHead: Int = 0, fixedFoot: Int = 0, elide: Bool,
    command: String
  ) -> String {
    let n = notation
    let timesteps = rows.count - fixedHead - fixedFoot
    guard elide, timesteps > LongTable.rowLimit else {
      return renderTable(header, rows, unicode: n.unicode)
    }
    return renderElidedTable(
      header, rows, keep: LongTable.keptRows, fixedHead: fixedHead, fixedFoot: fixedFoot
    ) { skipped in
      elidedLine(skipped, shownBy: "\(command) all")
    }
  }

  /// `renderTable` with the rows between the first `fixedHead + keep` and the last
  /// `keep + fixedFoot` left out, in their place one line, `note(number left out)`. The
  /// columns are sized by the rows shown.
  func renderElidedTable(
    _ header: [String], _ rows: [[String]], keep: Int, fixedHead: Int = 0, fixedFoot: Int = 0,
    note: (Int) -> String
  ) -> String {
    let n = notation
    let skipped = rows.count - fixedHead - fixedFoot - 2 * keep
    let shown =
      Array(rows.prefix(fixedHead + keep)) + Array(rows.suffix(keep + fixedFoot))
    var lines = renderTable(header, shown, unicode: n.unicode).split(
      separator: "\n", omittingEmptySubsequences: false)
    // After the header, its rule, the fixed head rows and the first kept rows.
    lines.insert(Substring(n.text(note(skipped))), at: 2 + fixedHead + keep)
    return lines.joined(separator: "\n")
  }

  /// §2.6's sum of a pass's terms, `a + b + … + z = sum` (`AllTogetherEquation.terms`), with
  /// the middle elided as `… N more terms …` when `elide` and there are more than
  /// `LongTable.rowLimit` of them. The sum is always the pass's own.
  func renderLongSum(_ terms: [Double], sum: Double, elide: Bool) -> String {
    let n = notation
    let keep = LongTable.keptTerms
    guard elide, terms.count > LongTable.rowLimit else {
      return AllTogetherEquation(n: n).terms(terms, sum: sum)
    }
    let shown = (terms.prefix(keep) + terms.suffix(keep)).map { n.value($0, parenthesized: true) }
    let skipped = n.text("… \(Parse.grouped(terms.count - 2 * keep)) more terms …")
    return (shown.prefix(keep) + [skipped] + shown.suffix(keep)).joined(separator: " + ") + " = "
      + n.value(sum)
  }
}

/// `… 20 timesteps not shown; 'states all' shows them all …`: the one wording for what a
/// screen leaves out of a long run of timesteps (or commands), with the command that shows
/// all of it when there is one.
func elidedLine(_ skipped: Int, _ noun: String = "timestep", shownBy command: String? = nil)
  -> String
{
  let count = "\(Parse.grouped(skipped)) \(noun)\(skipped == 1 ? "" : "s")"
  return "… \(count) not shown" + (command.map { "; '\($0)' shows them all" } ?? "") + " …"
}
