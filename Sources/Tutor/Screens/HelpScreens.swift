/// `help` with no argument fits one screen: each group's command names on a line or two.
/// `help GROUP` lists one group a line per command, `help all` every group, `help COMMAND`
/// one command.
extension CommandTable {
  /// The word `help GROUP` takes for a group: the last word of its title before any
  /// parenthesis, lower-cased (`Equations and pictures (§1–§4)` → `pictures`), but `beyond`
  /// for `Beyond the article`.
  static func helpKey(ofGroup title: String) -> String {
    if title.hasPrefix("Beyond ") { return "beyond" }
    let name = title.split(separator: " (").first ?? Substring(title)
    return (name.split(separator: " ").last.map(String.init) ?? title).lowercased()
  }

  /// The group `help WORD` means, if WORD names one.
  static func helpGroup(named word: String) -> (title: String, commands: [Command])? {
    groups.first { helpKey(ofGroup: $0.title) == word.lowercased() }
  }

  /// The first lines of `help` and `help all`: what minirnn is, then the article it follows on
  /// a line of its own, so that the title is not broken at 60 or 80 columns.
  static let helpHeader = [
    "minirnn: backpropagation through time, step by step,",
    "after \"\(articleTitle)\" (Maximilian Weichart, 2024).",
  ]

  /// The one-screen overview: the group words, each with its command names.
  static func renderHelpOverview(width: Int) -> String {
    let width = max(40, width - 1)
    let keys = groups.map { helpKey(ofGroup: $0.title) }
    let column = (keys.map(\.count).max() ?? 0) + 2
    var text = helpHeader.flatMap { TextLayout.wrap($0, width: width) }.map { $0 + "\n" }.joined() + "\n"
    for (key, group) in zip(keys, groups) {
      let names = group.commands.map(\.name).joined(separator: " ")
      let lines = TextLayout.wrap(names, width: width - column)
      text += TextLayout.rightPad(key, column) + lines[0] + "\n"
      text += lines.dropFirst().map { String(repeating: " ", count: column) + $0 + "\n" }.joined()
    }
    text += "\n"
    let footer = [
      "new here? type 'lesson 0'. The manual: 'man minirnn'.",
      "'help GROUP' lists a group, a line per command (help forward); 'help COMMAND' shows one (help step); 'help all' lists every command.",
    ]
    for paragraph in footer {
      text += TextLayout.wrap(paragraph, width: width).map { $0 + "\n" }.joined()
    }
    return text
  }

  /// `help GROUP`: the group's title, then each command's usage and summary.
  static func renderHelpGroup(_ group: (title: String, commands: [Command]), width: Int)
    -> String
  {
    group.title + "\n" + group.commands.map { renderHelpLine($0, width: width) }.joined()
      + TextLayout.wrap(
        "'help COMMAND' shows its usage, an example and the article section it belongs to.",
        width: max(40, width - 1)
      ).map { $0 + "\n" }.joined()
  }

  /// One command's line (or lines) in a list: its usage, then its summary beside it, wrapped
  /// to end before column `width`.
  static func renderHelpLine(_ c: Command, width: Int = 80) -> String {
    let lines = TextLayout.wrap(c.summary, width: max(20, width - 26))
    let indent = String(repeating: " ", count: 26)
    guard c.usage.count <= 22 else {
      return "  \(c.usage)\n" + lines.map { indent + $0 + "\n" }.joined()
    }
    return "  \(TextLayout.rightPad(c.usage, 22))  \(lines[0])\n"
      + lines.dropFirst().map { indent + $0 + "\n" }.joined()
  }

  /// The commands (in their versions for `model`) whose usage, summary or details
  /// have a word starting with `word`, ignoring case (`gradient` finds `gradients`).
  static func apropos(_ word: String, model: any SessionModel) -> [Command] {
    let lowered = word.lowercased()
    guard !lowered.isEmpty else { return [] }
    return all.map { version(of: $0, for: model) }.filter { command in
      [command.usage, command.summary, command.details].contains { text in
        text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).contains {
          $0.hasPrefix(lowered)
        }
      }
    }
  }

  /// What `help COMMAND` says the words take, from the same declaration Tab completes from
  /// and the dispatcher checks: `exact|article|text`, or one line per first word.
  static func renderValues(_ kind: ArgumentKind) -> [String] {
    func shown(_ kind: ArgumentKind) -> String {
      switch kind {
      case .none: ""
      case .words(let words): words.joined(separator: "|")
      case .printable: "NAME (the names under 'help print')"
      case .commands: "COMMAND, GROUP (\(groupKeys.joined(separator: ", "))) or all"
      case .lessons: "a lesson number or name ('lessons' lists them), end, or new NAME"
      case .models: "part1|part2|" + Session.builtInModels.map { $0.word }.joined(separator: "|")
      case .path: "FILE"
      case .branches(let branches): branches.map(\.word).joined(separator: "|")
      }
    }
    guard case .branches(let branches) = kind, branches.contains(where: { !$0.then.isEmpty })
    else {
      let text = shown(kind)
      return text.isEmpty ? [] : [text]
    }
    return branches.map { branch in
      let later = branch.then.enumerated().map { index, then in
        index == 0 ? shown(then) : "[\(shown(then))]"
      }
      return ([branch.word] + later).joined(separator: " ")
    }
  }
}
