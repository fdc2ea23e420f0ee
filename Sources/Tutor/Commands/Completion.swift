/// What Tab can put after the text before the cursor.
public enum Completion: Equatable, Sendable {
  /// Whole words that could replace the word under the cursor (already filtered by its prefix).
  case words(prefix: String, candidates: [String])
  /// A file path starting with `prefix`: the executable lists the folder.
  case path(prefix: String)
}

extension Session {
  /// Completions for the word that ends `text` (the line up to the cursor): command names
  /// first, then the arguments the command takes.
  public func completions(for text: String) -> Completion {
    let command = text.split(separator: ";", omittingEmptySubsequences: false).last ?? ""
    let endsInSpace = command.last == " " || command.last == "\t"
    let words = tokenize(String(command))
    let prefix = endsInSpace ? "" : (words.last ?? "")
    let argumentIndex = endsInSpace ? words.count : words.count - 1  // index of the word completed
    func matching(_ options: [String]) -> Completion {
      .words(prefix: prefix, candidates: options.filter { $0.hasPrefix(prefix) }.sorted())
    }
    if argumentIndex <= 0 { return matching(CommandTable.names) }
    guard let entry = CommandTable.lookup(words[0], lstm: state.lstm != nil) else {
      return matching([])
    }
    switch entry.arguments.completion {
    case .none: return matching([])
    case .words(let options): return matching(options)
    case .printable: return matching(printableNames)
    case .commands: return matching(CommandTable.names)
    case .path: return .path(prefix: prefix)
    case .wordsThenPath(let options):
      return argumentIndex == 1 ? matching(options) : .path(prefix: prefix)
    case .positional(let lists):
      // `train bias o…`: the later lists only follow their first word.
      if argumentIndex == 1 { return matching(lists[0]) }
      return argumentIndex - 1 < lists.count && lists[0].contains(words[1])
        ? matching(lists[argumentIndex - 1]) : matching([])
    }
  }
}
