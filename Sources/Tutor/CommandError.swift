/// Everything a command can reject, written for the learner: what was wrong and what is
/// accepted. Rendered into one sentence in `description`.
public enum CommandError: Error, Equatable, Sendable, CustomStringConvertible {
  case unknownCommand(String, suggestion: String?)
  case usage(command: String, usage: String, problem: String)
  case notANumber(String, what: String)
  case notFinite(String, what: String)
  case outOfRange(String, what: String, range: String)
  case unknownName(String, what: String, accepted: [String])
  case notReady(String)
  case file(String)
  case other(String)

  public var description: String {
    switch self {
    case .unknownCommand(let raw, let suggestion):
      let name = shown(raw)
      if let suggestion {
        return "unknown command '\(name)' — did you mean '\(suggestion)'? ('help' lists all)"
      }
      return "unknown command '\(name)' — type 'help' for the list of commands"
    case .usage(let command, let usage, let problem):
      return "\(command): \(problem); usage: \(usage)"
    case .notANumber(let raw, let what):
      let text = shown(raw)
      return "\(what): '\(text)' is not a number (write it like 0.5, -2 or 1e-3)"
    case .notFinite(let raw, let what):
      let text = shown(raw)
      return "\(what): '\(text)' is not a finite number; give a finite value like 0.5"
    case .outOfRange(let raw, let what, let range):
      let text = shown(raw)
      return "\(what): \(text) is out of range; accepted: \(range)"
    case .unknownName(let raw, let what, let accepted):
      let name = shown(raw)
      return "unknown \(what) '\(name)'; accepted: \(accepted.joined(separator: ", "))"
    case .notReady(let message), .file(let message), .other(let message):
      return message
    }
  }
}
