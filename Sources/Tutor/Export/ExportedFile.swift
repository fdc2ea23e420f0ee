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

/// A file minirnn writes (`save`, every `export`), and the one rule for all of them: a file
/// minirnn did not write is replaced only with `--force`; the file is written atomically
/// (all of it or nothing) and named in every message; and a name whose ending says another
/// kind of file (`export svg f.png`) is refused.
struct ExportedFile: Sendable {
  /// `save`, `export torch`, …, for messages.
  let command: String
  /// The usage line for errors.
  let usage: String
  /// A command that works, for errors.
  let example: String
  /// What is written, for the ending's error: `an SVG picture`.
  var written = ""
  /// The endings the file's name may have (without the dot); a name without an ending is
  /// accepted too. Empty: any name.
  var endings: [String] = []
  /// True when an ending outside `endings` is refused only if it names another kind of file
  /// (`save s.py`), not any ending (`save s.sav` is fine: a save has no settled ending).
  var refusesOnlyOtherKinds = false

  /// Endings that say what a file holds, which a file of another kind must not have.
  static let kindEndings: Set<String> = [
    "svg", "png", "jpg", "jpeg", "gif", "pdf", "md", "markdown", "py", "ipynb", "json", "html",
    "csv",
  ]
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
    try checkEnding(path)
    return Arguments(path: path, force: force, trainingEpochs: epochs)
  }

  /// Refuses a name whose ending is not one of `endings`.
  func checkEnding(_ path: String) throws(CommandError) {
    let name = path.split(separator: "/", omittingEmptySubsequences: false).last ?? ""
    guard !endings.isEmpty, let dot = name.lastIndex(of: "."), dot != name.startIndex else {
      return
    }
    let ending = String(name[name.index(after: dot)...]).lowercased()
    guard !endings.contains(ending),
      !refusesOnlyOtherKinds || Self.kindEndings.contains(ending)
    else { return }
    throw .usage(
      command: command, usage: usage,
      problem: .endingMismatch(path, written: written, ending: "." + endings[0], example: example))
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

extension ExportedFile {
  /// `save`: state commands under StateFile's header.
  static let stateFile = ExportedFile(
    command: "save", usage: "save FILE [--force]", example: "save session.minirnn",
    written: "a minirnn session", endings: ["minirnn", "txt"], refusesOnlyOtherKinds: true,
    isOurs: { $0.hasPrefix("# \(StateFile.format) ") })

  /// `export svg`: a picture, marked by a comment after the XML declaration.
  static let svg = ExportedFile(
    command: "export svg", usage: "export svg FILE [PICTURE] [--force]",
    example: "export svg loss.svg loss", written: "an SVG picture", endings: ["svg"],
    isOurs: { $0.contains(SVGDocument.mark) })

  /// `export transcript`: Markdown under its title.
  static let transcript = ExportedFile(
    command: "export transcript", usage: "export transcript FILE [--force]",
    example: "export transcript session.md", written: "a Markdown transcript",
    endings: ["md", "markdown", "txt"], isOurs: { $0.hasPrefix(transcriptTitle) })
}
