/// Runs a lesson's own commands in a session of its own: script traits, no files.
///
/// Lessons and `check-lessons` both replay steps through it, so what the checker compares
/// is exactly what a learner's lesson computes.
struct LessonPlayer {
  var session: Session

  init(state: SessionState = SessionState()) {
    session = Session(state: state)
  }

  var state: SessionState { session.state }

  /// Why a lesson may not run `command`, or nil if it may. Lessons run one command per
  /// line and only commands marked `allowedInLessons`: nothing that touches files, leaves
  /// minirnn or drives lessons.
  static func problem(with command: String) -> String? {
    if command.contains(";") || command.contains("#") {
      return "one command per line in a lesson: no ';' or '#'"
    }
    guard
      let name = command.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map(String.init)
    else { return "an empty command" }
    guard let entry = CommandTable.lookup(name) else {
      return CommandError.unknownCommand(name, suggestion: CommandTable.suggestion(for: name))
        .description
    }
    guard entry.allowedInLessons else {
      return
        "'\(entry.name)' cannot run in a lesson: lessons do not touch files, leave minirnn or start other lessons"
    }
    return nil
  }

  /// Runs one command and returns what the learner would see: its output, or `error: …`.
  mutating func run(_ command: String, hooks: Hooks = .none) -> String {
    // Checked again here, not only when parsing: a lesson is never trusted to be parsed.
    if let problem = Self.problem(with: command) { return "error: \(problem)\n" }
    let result = session.execute(command, hooks: hooks)
    return result.output + (result.error.map { "error: \($0)\n" } ?? "")
  }

  /// Runs the commands one after the other, discarding what they print.
  mutating func run(_ commands: [TranscriptCommand]) {
    for command in commands { _ = run(command.command) }
  }
}
