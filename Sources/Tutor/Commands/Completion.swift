/// What Tab can put after the text before the cursor.
public enum Completion: Equatable, Sendable {
  /// Whole words that could replace the word under the cursor (already filtered by its prefix).
  case words(prefix: String, candidates: [String])
  /// A file path starting with `prefix`: the executable lists the folder.
  case path(prefix: String)
}

extension Session {
  /// Completions for the word that ends `text` (the line up to the cursor): command names
  /// first, then what the command declares for the argument at that position. A position
  /// past the last argument the command takes gets nothing, and a word already typed is
  /// not offered again.
  public func completions(for text: String) -> Completion {
    let command = text.split(separator: ";", omittingEmptySubsequences: false).last ?? ""
    let endsInSpace = command.last == " " || command.last == "\t"
    let words = tokenize(String(command))
    let prefix = endsInSpace ? "" : (words.last ?? "")
    let argumentIndex = endsInSpace ? words.count : words.count - 1  // index of the word completed
    func matching(_ options: [String]) -> Completion {
      let typed = Set(words.dropFirst().prefix(max(0, argumentIndex - 1)))
      return .words(
        prefix: prefix,
        candidates: options.filter { $0.hasPrefix(prefix) && !typed.contains($0) }.sorted())
    }
    if argumentIndex <= 0 { return matching(CommandTable.names) }
    guard let entry = CommandTable.resolve(words[0], model: state.active),
      argumentIndex <= entry.arguments.count.upperBound
    else { return matching([]) }
    var kind = entry.arguments.completion
    if case .branches(let branches) = kind, argumentIndex > 1 {
      // What follows the first word: the branch it chose, position by position.
      guard let branch = branches.first(where: { $0.word == words[1] }),
        argumentIndex - 2 < branch.then.count
      else { return matching([]) }
      kind = branch.then[argumentIndex - 2]
    }
    if kind == .path { return .path(prefix: prefix) }
    return matching(values(of: kind))
  }

  /// The words `kind` stands for in this session (a path stands for none).
  func values(of kind: ArgumentKind) -> [String] {
    switch kind {
    case .none, .path: []
    case .words(let words): words
    case .printable: printableNames
    case .commands: CommandTable.names + CommandTable.groupKeys + ["all"]
    case .models: ["part1", "part2"] + modelCatalog.map { $0.word }
    case .lessons:
      lessonBook.lessons.map { "\($0.number)" } + lessonBook.lessons.map(\.name) + ["end", "new"]
    case .branches(let branches): branches.map(\.word)
    }
  }
}
