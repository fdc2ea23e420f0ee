/// What Tab offers for a command's arguments.
public enum ArgumentKind: Sendable, Equatable {
  case none
  /// A fixed set of words.
  case words([String])
  /// Names `print` and `display` accept.
  case printable
  /// Command names (`help NAME`).
  case commands
  /// A file path (completed by the executable, which can list folders).
  case path
  /// A subcommand word, then a path (e.g. `export svg FILE`).
  case wordsThenPath([String])
}

/// One command of the language: its name, its help, and what it does.
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
  var arguments: ArgumentKind = .none
  /// True for `step` and `back`: an empty line at the prompt repeats them.
  var repeatsOnEnter = false
  /// True when a lesson may run it (lessons cannot touch files).
  var allowedInLessons = true
  /// True for commands that change the state and only echo it: a quiet script (see
  /// `TerminalTraits.quiet`) drops their output.
  var quietInScripts = false
  /// True for commands without arguments; the dispatcher rejects any before running them.
  var takesNoArguments = false
  let run: @Sendable (inout Session, [String], Hooks) throws(CommandError) -> String

  /// The usage error for this command.
  func usageError(_ problem: String) -> CommandError {
    .usage(command: name, usage: usage, problem: problem)
  }
}

/// All commands, grouped as the help lists them.
enum CommandTable {
  /// The groups, in the order `help` lists them.
  static let groups: [(title: String, commands: [Command])] = [
    ("Model", modelCommands),
    ("Data", dataCommands),
    ("Forward (§1, Eq. 1–3)", forwardCommands),
    ("Backward (§2, BPTT)", backwardCommands),
    ("Training (§3)", trainingCommands),
    ("Equations and pictures (§1–§4)", pictureCommands),
    ("Session", sessionCommands),
    ("Lessons", lessonCommands),
  ]

  static let all: [Command] = groups.flatMap(\.commands)

  static func lookup(_ name: String) -> Command? {
    all.first { $0.name == name || $0.aliases.contains(name) }
  }

  /// Every name and alias, sorted.
  static let names: [String] = all.flatMap { [$0.name] + $0.aliases }.sorted()

  /// The closest command name to a mistyped one, if it is close enough to be a likely typo.
  static func suggestion(for name: String) -> String? {
    guard name.utf8.count <= 32 else { return nil }
    let lowered = name.lowercased()
    if lookup(lowered) != nil { return lowered }
    let allowed = max(1, min(2, lowered.utf8.count / 3))
    var best: (name: String, distance: Int)?
    for candidate in names where abs(candidate.utf8.count - lowered.utf8.count) <= allowed {
      let distance = editDistance(lowered, candidate)
      if distance <= allowed && distance < (best?.distance ?? .max) { best = (candidate, distance) }
    }
    return best?.name
  }
}

/// Edit distance over UTF-8 bytes, for "did you mean" (names are ASCII): insertions,
/// deletions, substitutions and swaps of two neighbours each cost 1, so `trian` is one
/// edit from `train`.
func editDistance(_ a: String, _ b: String) -> Int {
  let a = Array(a.utf8.prefix(64))
  let b = Array(b.utf8.prefix(64))
  if a.isEmpty { return b.count }
  if b.isEmpty { return a.count }
  var beforePrevious = Array(0...b.count)
  var previous = Array(0...b.count)
  for i in 1...a.count {
    var current = [i] + Array(repeating: 0, count: b.count)
    for j in 1...b.count {
      current[j] = min(
        previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
      if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
        current[j] = min(current[j], beforePrevious[j - 2] + 1)
      }
    }
    beforePrevious = previous
    previous = current
  }
  return previous[b.count]
}
