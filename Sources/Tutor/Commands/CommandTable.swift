/// What Tab offers for a command's arguments, and what help lists as the values they take.
public enum ArgumentKind: Sendable, Equatable {
  case none
  /// A fixed set of words.
  case words([String])
  /// Names `print` and `display` accept.
  case printable
  /// What `help` takes: command names, group names and `all`.
  case commands
  /// The installed lessons' numbers and names, `end` and `new`.
  case lessons
  /// `part1`, `part2` and the words of the session's other models (`lstm`).
  case models
  /// A file path (completed by the executable, which can list folders).
  case path
  /// A first word from `branches`; what may follow depends on it (`export svg FILE PICTURE`,
  /// `train bias on`).
  indirect case branches([Branch])

  /// One first word and what each later position takes after it.
  public struct Branch: Sendable, Equatable {
    let word: String
    let then: [ArgumentKind]
    init(_ word: String, _ then: [ArgumentKind] = []) {
      self.word = word
      self.then = then
    }
  }

  /// True when a file name is among the words.
  var takesPath: Bool {
    switch self {
    case .path: true
    case .branches(let branches): branches.contains { $0.then.contains(.path) }
    default: false
    }
  }
}

/// The words a command takes after its name: how many, what Tab offers for them, and, for a
/// choice of words, which are accepted. The dispatcher checks them before the action runs,
/// so an action sees only words of the right number (and, for `oneOf`, a word it knows).
struct Arguments: Sendable {
  /// How many words are accepted.
  let count: ClosedRange<Int>
  /// What the words should be, for the usage error: `one whole number`.
  let expected: String
  /// What the usage error says when no words are given, if not `expected`.
  var missing: String? = nil
  /// What Tab offers.
  var completion: ArgumentKind = .none
  /// For a choice of words: the name of the thing chosen (`mode`) and the words accepted.
  var choice: (what: String, words: [String])? = nil

  /// No words at all.
  static let none = Arguments(count: 0...0, expected: "")

  /// Any number of words, none included.
  static func any(completion: ArgumentKind = .none) -> Arguments {
    Arguments(count: 0...Int.max, expected: "", completion: completion)
  }

  /// Exactly `k` words.
  static func exactly(
    _ k: Int, _ expected: String, missing: String? = nil, completion: ArgumentKind = .none
  ) -> Arguments {
    Arguments(count: k...k, expected: expected, missing: missing, completion: completion)
  }

  /// Up to `k` words.
  static func atMost(_ k: Int, _ expected: String, completion: ArgumentKind = .none) -> Arguments {
    Arguments(count: 0...k, expected: expected, completion: completion)
  }

  /// `k` words or more.
  static func atLeast(_ k: Int, _ expected: String, completion: ArgumentKind = .none) -> Arguments {
    Arguments(count: k...Int.max, expected: expected, completion: completion)
  }

  /// `low` to `high` words.
  static func between(_ low: Int, _ high: Int, _ expected: String, completion: ArgumentKind)
    -> Arguments
  {
    Arguments(count: low...high, expected: expected, completion: completion)
  }

  /// One word out of `words`; any other is an unknown `what`. Up to `more` words may follow
  /// it, for the action to check (`data recall 8`).
  static func oneOf(_ words: [String], what: String, thenUpTo more: Int = 0) -> Arguments {
    Arguments(
      count: 1...(1 + more), expected: "one of \(words.joined(separator: ", "))",
      completion: .words(words), choice: (what, words))
  }

  /// Throws the usage problem (or, for a word outside `choice`, the unknown name) for `words`.
  func check(_ words: [String]) throws(CommandError) {
    guard count.contains(words.count) else {
      if count == 0...0 { throw .badArguments(.takesNoArguments) }
      if words.isEmpty, let missing { throw .badArguments(.missing(missing)) }
      throw .badArguments(.expected(expected))
    }
    if let choice, !choice.words.contains(words[0]) {
      throw .unknownName(words[0], what: choice.what, accepted: choice.words)
    }
  }
}

/// What an action hands back: the text it printed and whether the session should end.
struct Reply: Sendable {
  var output: String
  var quits = false

  /// `quit`'s reply: nothing printed, the session ends.
  static let quit = Reply(output: "", quits: true)
}

/// What an action may return: its printed text alone, or a whole `Reply`.
protocol ActionResult: Sendable {
  var reply: Reply { get }
}

extension String: ActionResult {
  var reply: Reply { Reply(output: self) }
}

extension Reply: ActionResult {
  var reply: Reply { self }
}

/// One command of the language: its name, its arguments, its help, and what it does, declared
/// together. `Session.perform` looks it up, checks its arguments and runs its action.
struct Command: Sendable {
  let name: String
  var aliases: [String] = []
  /// `name ARG…` as shown in help and usage errors.
  let usage: String
  /// One line for the command list.
  let summary: String
  /// More lines for `help NAME`, if any.
  var details: String = ""
  /// A command line that works, shown by `help NAME`.
  let example: String
  /// Where in the article this belongs (`§2.5`, `Eq. 3`), or "" for tool commands.
  let section: String
  /// The words it takes; the dispatcher checks them.
  var arguments: Arguments = .none
  /// True for `step` and `back`: an empty line at the prompt repeats them.
  var repeatsOnEnter = false
  /// True when a lesson may run it (lessons cannot touch files).
  var allowedInLessons = true
  /// True for commands that change the state and only echo it: a quiet script (see
  /// `TerminalTraits.quiet`) drops their output.
  var quietInScripts = false
  /// What it does, given words that passed `arguments.check`.
  let action: @Sendable (inout Session, [String], Hooks) throws(CommandError) -> Reply

  init<Result: ActionResult>(
    name: String, aliases: [String] = [], usage: String, summary: String, details: String = "",
    example: String, section: String, arguments: Arguments = .none, repeatsOnEnter: Bool = false,
    allowedInLessons: Bool = true, quietInScripts: Bool = false,
    action: @escaping @Sendable (inout Session, [String], Hooks) throws(CommandError) -> Result
  ) {
    self.name = name
    self.aliases = aliases
    self.usage = usage
    self.summary = summary
    self.details = details
    self.example = example
    self.section = section
    self.arguments = arguments
    self.repeatsOnEnter = repeatsOnEnter
    self.allowedInLessons = allowedInLessons
    self.quietInScripts = quietInScripts
    self.action = { session, words, hooks throws(CommandError) in
      try action(&session, words, hooks).reply
    }
  }

  /// Checks the words, runs the action, and completes a usage problem with this command's
  /// name and usage.
  func run(_ session: inout Session, _ words: [String], _ hooks: Hooks) throws(CommandError)
    -> Reply
  {
    do throws(CommandError) {
      try arguments.check(words)
      return try action(&session, words, hooks)
    } catch .badArguments(let problem) {
      throw .usage(command: name, usage: usage, problem: problem)
    }
  }
}

/// All commands, grouped as the help lists them.
enum CommandTable {
  /// The groups, in the order `help` lists them.
  /// Each command is the shell's own or the article's RNN's (`rnnCommands`, which another
  /// model replaces with its versions or refuses); help lists them side by side.
  static let groups: [(title: String, commands: [Command])] = [
    ("Model", named("model", "mode", "errata", "set", "weights", "seed", "randomize")),
    ("Data", dataCommands),
    ("Forward (§1, Eq. 1–3)", named("step", "forward", "states", "reset")),
    ("Backward (§2, BPTT)", backwardCommands),
    ("Training (§3)", trainingCommands),
    (
      "Beyond the article",
      experimentCommands + compareCommands + cellCommands + spectrumLossCommands
    ),
    (
      "Equations and pictures (§1–§4)",
      named("eq", "derive", "unroll", "plot", "landscape", "export")
    ),
    ("Session", sessionCommands + timelineCommands),
    ("Lessons", lessonCommands),
  ]

  /// The article's RNN's commands: what `model part2` runs and another model replaces.
  static let rnnCommands =
    rnnModelCommands + forwardCommands + backwardCommands + trainingCommands
    + experimentCommands + cellCommands + spectrumLossCommands + rnnPictureCommands
    + [sharedExport]

  /// The commands named, from the shell's own and the RNN's, in that order.
  private static func named(_ names: String...) -> [Command] {
    let pool = rnnCommands + [modelCommand, seedCommand, resetCommand, plotCommand]
    return names.map { name in pool.first { $0.name == name }! }
  }

  static let all: [Command] = groups.flatMap(\.commands)

  static func lookup(_ name: String) -> Command? {
    byName[name]
  }

  /// Every name and alias to its command (the first command that has it, as a scan of
  /// `all` would find), built once: every line typed is looked up.
  private static let byName: [String: Command] = {
    var table: [String: Command] = [:]
    for command in all {
      for name in [command.name] + command.aliases where table[name] == nil {
        table[name] = command
      }
    }
    return table
  }()

  /// Every name and alias, sorted.
  static let names: [String] = all.flatMap { [$0.name] + $0.aliases }.sorted()

  /// `names` as the bytes `editDistance` compares, made once.
  private static let nameBytes: [(name: String, bytes: [UInt8])] = names.map {
    ($0, Array($0.utf8.prefix(64)))
  }

  /// What a typed command word names.
  enum Resolution {
    case command(Command)
    /// A prefix of several commands' names: these.
    case ambiguous([String])
    case unknown
  }

  /// What `typed` names, gdb's way: a name or alias in any case, or the start of exactly one
  /// command's name or alias (`gradc` is `gradcheck`); the start of several is ambiguous.
  /// With a `model`, the command is its version for that model (see `lookup(_:model:)`).
  static func resolution(of typed: String, model: (any SessionModel)?) -> Resolution {
    func lookup(_ name: String) -> Command? {
      model.map { CommandTable.lookup(name, model: $0) } ?? CommandTable.lookup(name)
    }
    if let command = lookup(typed) { return .command(command) }
    let lowered = typed.lowercased()
    if let command = lookup(lowered) { return .command(command) }
    guard !lowered.isEmpty, lowered.utf8.count <= 32 else { return .unknown }
    var matches: [(word: String, command: String)] = []
    for name in names where name.hasPrefix(lowered) {
      let command = byName[name]!.name
      if !matches.contains(where: { $0.command == command }) { matches.append((name, command)) }
    }
    switch matches.count {
    case 0: return .unknown
    case 1: return lookup(matches[0].command).map { .command($0) } ?? .unknown
    default: return .ambiguous(matches.map(\.word))
    }
  }

  /// The command `typed` names (see `resolution`), or nil when it names none or several.
  static func resolve(_ typed: String, model: (any SessionModel)?) -> Command? {
    if case .command(let command) = resolution(of: typed, model: model) { return command }
    return nil
  }

  /// The words `help GROUP` takes, in the order `help` lists the groups.
  static let groupKeys: [String] = groups.map { helpKey(ofGroup: $0.title) }

  /// The closest command name to a mistyped one, if it is close enough to be a likely typo.
  /// Words of one or two letters get none: any command is an edit or two away from them.
  static func suggestion(for name: String) -> String? {
    guard name.utf8.count <= 32 else { return nil }
    let lowered = name.lowercased()
    if lookup(lowered) != nil { return lowered }
    guard name.utf8.count > 2 else { return nil }
    let typed = Array(lowered.utf8.prefix(64))
    let allowed = max(1, min(2, typed.count / 3))
    var best: (name: String, distance: Int)?
    for candidate in nameBytes where abs(candidate.bytes.count - typed.count) <= allowed {
      let distance = editDistance(typed, candidate.bytes, atMost: allowed)
      if distance <= allowed && distance < (best?.distance ?? .max) {
        best = (candidate.name, distance)
      }
    }
    return best?.name
  }
}

extension Session {
  /// True when `word` is a command's name or alias (so `minirnn step` can say how to run it).
  public static func isCommand(_ word: String) -> Bool {
    CommandTable.resolve(word, model: nil) != nil
  }
}

/// Edit distance over UTF-8 bytes, for "did you mean" (names are ASCII): insertions,
/// deletions, substitutions and swaps of two neighbours each cost 1, so `trian` is one
/// edit from `train`.
func editDistance(_ a: String, _ b: String) -> Int {
  editDistance(Array(a.utf8.prefix(64)), Array(b.utf8.prefix(64)), atMost: .max)
}

/// The edit distance of `a` and `b` if it is at most `limit`, else some number above
/// `limit` (the search stops once every way through is longer). Three rows of scratch on
/// the stack: a mistyped command is compared with every command name.
func editDistance(_ a: [UInt8], _ b: [UInt8], atMost limit: Int) -> Int {
  if a.isEmpty { return b.count }
  if b.isEmpty { return a.count }
  let width = b.count + 1
  return withUnsafeTemporaryAllocation(of: Int.self, capacity: 3 * width) { rows in
    // beforePrevious, previous and current rows, rotated by index.
    var rowBefore = 0
    var rowPrevious = width
    var rowCurrent = 2 * width
    for j in 0...b.count {
      rows[rowBefore + j] = j
      rows[rowPrevious + j] = j
    }
    for i in 1...a.count {
      rows[rowCurrent] = i
      var smallest = i
      for j in 1...b.count {
        var d = min(
          rows[rowPrevious + j] + 1, rows[rowCurrent + j - 1] + 1,
          rows[rowPrevious + j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
          d = min(d, rows[rowBefore + j - 2] + 1)
        }
        rows[rowCurrent + j] = d
        smallest = min(smallest, d)
      }
      // A swap reaches back two rows, so stop only when both rows are past the limit.
      if smallest > limit && (rowPrevious..<(rowPrevious + width)).allSatisfy({ rows[$0] > limit })
      {
        return limit &+ 1
      }
      (rowBefore, rowPrevious, rowCurrent) = (rowPrevious, rowCurrent, rowBefore)
    }
    return rows[rowPrevious + b.count]
  }
}
