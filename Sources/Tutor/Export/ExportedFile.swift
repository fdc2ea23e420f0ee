import RNN

/// minirnn's version, named in the header of every file it exports.
public let minirnnVersion = "0.1.0"

/// The article minirnn follows, its title first, as `--version` and `help` name it.
public let articleTitle = "Backpropagation in RNNs"

/// What `minirnn --version` prints: the version, then the article and where it appeared.
public let versionText = """
  minirnn \(minirnnVersion)
  follows "\(articleTitle)" by Maximilian Weichart,
  Part 2 of his series, published January 31, 2024.
  """

/// A program `export torch` or `export notebook` writes, and the rule that protects the
/// learner's own files: a file minirnn did not write is replaced only with `--force`.
struct ExportedFile: Sendable {
  /// `export torch` or `export notebook`, for messages.
  let command: String
  /// The usage line for errors.
  let usage: String
  /// A command that works, for errors.
  let example: String
  /// True when an existing file's text shows that minirnn wrote it.
  let isOurs: @Sendable (String) -> Bool

  /// The command's arguments after the subcommand: one file name, `--force`, and for
  /// `export torch` `--train [EPOCHS]`.
  struct Arguments: Equatable {
    var path: String
    var force = false
    /// The epochs of `--train`, nil without it.
    var trainingEpochs: Int?
  }

  /// Reads the arguments; `allowsTraining` accepts `--train [EPOCHS]`.
  func parse(_ args: [String], allowsTraining: Bool) throws(CommandError) -> Arguments {
    var path: String?
    var force = false
    var epochs: Int?
    let options = allowsTraining ? ["--train", "--force"] : ["--force"]
    var index = 0
    while index < args.count {
      let word = args[index]
      index += 1
      switch word {
      case "--force": force = true
      case "--train" where allowsTraining:
        epochs = MiniRnn.defaultEpochs
        // The word after --train is EPOCHS when it is a whole number, or when the file name
        // came first and the word is no option (`FILE --train abc` then says what EPOCHS takes
        // rather than that 'abc' is a second file name).
        if index < args.count,
          Int(args[index].replacingUnderscores()) != nil
            || path != nil && !args[index].hasPrefix("--")
        {
          epochs = try Parse.count(args[index], "\(command) --train", in: 0...Limits.epochs)
          index += 1
        }
      case _ where word.hasPrefix("--"):
        throw .unknownName(word, what: "option for \(command)", accepted: options)
      default:
        guard path == nil else {
          throw usageError("one file name, got '\(shown(word))' too")
        }
        path = word
      }
    }
    guard let path else { throw usageError("a file name, e.g. \(example)") }
    return Arguments(path: path, force: force, trainingEpochs: epochs)
  }

  /// `what` the command expected, as a usage error.
  func usageError(_ what: String) -> CommandError {
    .usage(command: command, usage: usage, problem: .expected(what))
  }

  /// Writes `text` atomically to `path`, unless a file there was not written by minirnn and
  /// `force` is false. Returns true when it replaced a file.
  func write(_ text: String, to path: String, force: Bool, files: any FileAccess)
    throws(CommandError) -> Bool
  {
    var replacing = false
    if !force {
      switch files.read(path, limit: Limits.loadFileSize) {
      case .success(let existing):
        guard isOurs(existing) else {
          throw .file(
            command: command,
            FileAccessError(
              "'\(shown(path))' exists and was not written by minirnn, so it is left as it is; choose another file name, or add --force to replace it"
            ))
        }
        replacing = true
      case .failure(let error) where !error.isMissing:
        throw .file(command: command, FileAccessError(error.message + "; nothing was written"))
      case .failure: break
      }
    }
    switch files.writeAtomically(path, text) {
    case .success: return replacing
    case .failure(let error): throw .file(command: command, error)
    }
  }
}
