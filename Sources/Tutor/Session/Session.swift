import RNN

/// What one command printed, the error it ended with, and whether it asked to quit.
public struct CommandResult: Equatable, Sendable {
  /// Everything the command printed, each line ending in a newline; "" for nothing.
  public var output: String
  /// The error message (without `error:`), or nil if the command succeeded.
  public var error: String?
  /// True after `quit` or `exit`.
  public var quit: Bool

  public init(output: String = "", error: String? = nil, quit: Bool = false) {
    self.output = output
    self.error = error
    self.quit = quit
  }
}

/// Reads and writes files for `save`, `load` and `export`; the executable supplies the real
/// one, tests a fake, lessons none.
public protocol FileAccess: Sendable {
  /// The text of a regular file no larger than `limit` bytes, or a message saying why not.
  func read(_ path: String, limit: Int) -> Result<String, FileAccessError>
  /// Replaces the file at `path` with `text` atomically: all of it or nothing.
  func writeAtomically(_ path: String, _ text: String) -> Result<Void, FileAccessError>
}

/// Why a file could not be read or written, in words for the learner.
public struct FileAccessError: Error, Equatable, Sendable {
  public let message: String
  /// True when there is no file at the path (so writing one replaces nothing).
  public let isMissing: Bool
  public init(_ message: String, isMissing: Bool = false) {
    self.message = message
    self.isMissing = isMissing
  }
}

/// No files at all: what lessons and the fuzzer get.
public struct NoFileAccess: FileAccess {
  public init() {}
  public func read(_ path: String, limit: Int) -> Result<String, FileAccessError> {
    .failure(FileAccessError("files cannot be read here", isMissing: true))
  }
  public func writeAtomically(_ path: String, _ text: String) -> Result<Void, FileAccessError> {
    .failure(FileAccessError("files cannot be written here"))
  }
}

/// A minirnn session: the state, and the command language that reads and changes it.
///
/// Feed it commands with `execute` (one command) or `run(line:)` (a line typed at the
/// prompt). It never touches the terminal; everything it shows comes back as text.
public struct Session: Sendable {
  /// The state every command works on.
  public internal(set) var state = SessionState()
  /// What the output may use (colour, Unicode, width).
  public var traits: TerminalTraits
  /// Files for `save`, `load`, `export`.
  public var files: any FileAccess
  /// The models `model WORD` can switch to besides the article's RNN.
  var modelCatalog: [any SessionModel.Type] = Session.builtInModels
  /// The last `step` or `back` typed, repeated by an empty line at the prompt.
  var lastRepeatable: String?
  /// Every command that ran and what it printed, oldest first (`export transcript`);
  /// bounded, the oldest entries dropped first.
  public internal(set) var transcript: [TranscriptEntry] = []
  /// The bytes `transcript` holds, kept with it so bounding it costs nothing per command.
  private var transcriptBytes = 0
  /// The states the session has been in, for `undo` and `redo` (`Timeline.swift`); every
  /// command that succeeds and changes the state adds one, and no command needs to know.
  var timeline = Timeline()
  /// The words of the last picture command (`unroll`, `plot loss`, …), for `export svg`.
  var lastPicture: [String]?
  /// The installed lessons, the learner's progress, and the lesson running now.
  var lessonBook = LessonBook()
  /// `quiz on`: `step` and `back` ask for their numbers first; nil when off.
  var quiz: Quiz?
  /// Where the executable looked for lessons, for the "no lessons are installed" message.
  public var lessonPlaces: [String] = []
  /// True while `load` runs a state file: values only a save holds are accepted then
  /// (non-finite weights and gradients, displays of an index past the input).
  var isLoadingState = false
  /// How many `source` commands are running inside one another (a file may source itself).
  var sourceDepth = 0

  public init(traits: TerminalTraits = .script, files: any FileAccess = NoFileAccess()) {
    self.traits = traits
    self.files = files
  }

  /// The prompt for the next line.
  public var prompt: String { "minirnn> " }

  /// Runs one command (no `;`). On an error the state is exactly as it was before.
  public mutating func execute(_ command: String, hooks: Hooks = .none) -> CommandResult {
    var result = perform(command, hooks: hooks)
    // Errors quote what was typed or read; without colour, no escape belongs in the output.
    result.error = result.error.map { visible($0, keepingLines: false) }
    if !traits.color { result.output = visible(result.output) }
    if traits.isInteractive {
      result.output = TextLayout.wrapLongLines(result.output, width: traits.width)
    }
    return result
  }

  /// `execute` before the ASCII fallback: looks the command up, runs it on a copy of the
  /// session (its arguments checked by `Command.run`) and keeps the copy only on success.
  mutating func perform(_ command: String, hooks: Hooks = .none) -> CommandResult {
    guard command.utf8.count <= Limits.lineLength else {
      return CommandResult(error: CommandError.lineTooLong(bytes: command.utf8.count).description)
    }
    let words = tokenize(command)
    guard let name = words.first else { return CommandResult() }
    // `w1 = 1` names a value, not a command, whatever `w1` starts.
    if words.contains(where: { $0.contains("=") }), let meant = meantCommand(words) {
      return CommandResult(
        error: notation.text(CommandError.unknownCommand(name, suggestion: meant).description))
    }
    let entry: Command
    switch CommandTable.resolution(of: name, model: state.active) {
    case .command(let command): entry = command
    case .ambiguous(let candidates):
      let error = CommandError.ambiguousCommand(name, candidates: candidates)
      return CommandResult(error: notation.text(error.description))
    case .unknown:
      let suggestion = meantCommand(words) ?? CommandTable.suggestion(for: name)
      return CommandResult(
        error: notation.text(
          CommandError.unknownCommand(name, suggestion: suggestion).description))
    }
    do throws(CommandError) {
      // The command runs on a copy, kept only if it succeeds; the copy ends with this block,
      // so after a failure `record` appends to a transcript no other value shares.
      var copy = self
      let reply = try entry.run(&copy, Array(words.dropFirst()), hooks)
      var output = traits.quiet && entry.quietInScripts ? "" : reply.output
      output = copy.quizIntercept(entry.name, output: output)
      copy.lastRepeatable = entry.repeatsOnEnter ? command : nil
      output += copy.renderDisplays()
      output += copy.noticeLessonProgress(after: command, name: entry.name, before: state)
      copy.noteQuestionProgress(since: self, command: entry.name, hooks: hooks)
      output += copy.liveTextChanges(since: self, hooks: hooks)
      // While the old state holds the transcript too, appending to it would copy all of it,
      // and every command would cost O(transcript): the old state lets go of it first.
      swap(&self, &copy)
      copy.transcript = []
      recordMoment(command, before: &copy)
      record(TranscriptEntry(command: command, output: output, error: nil))
      return CommandResult(output: output, quit: reply.quits)
    } catch {
      // Only the lesson's record of what was typed changes: the state stays as it was.
      let notice = noticeLessonProgress(
        after: command, name: entry.name, failed: true, before: state)
      let message = notation.text(error.description)
      record(TranscriptEntry(command: command, output: notice, error: message))
      return CommandResult(output: notice, error: message)
    }
  }

  /// `error: MESSAGE` as the prompt shows it: wrapped to the terminal at spaces, so a long
  /// message is not cut mid-word by the terminal.
  public func errorLine(_ message: String) -> String {
    let line = "error: " + message
    return (traits.isInteractive ? TextLayout.wrapLongLines(line, width: traits.width) : line) + "\n"
  }

  /// Runs a line typed at the prompt: `;` separates commands, `#` starts a comment, and an
  /// empty line repeats the last `step` or `back` (as Enter does in gdb). Stops at the
  /// first error.
  ///
  /// `onResult` sees each command's result as soon as it ends, so the output of `data …`
  /// shows before a `train` later on the same line starts.
  @discardableResult
  public mutating func run(
    line: String, hooks: Hooks = .none, onResult: (CommandResult) -> Void = { _ in }
  ) -> [CommandResult] {
    var commands = splitCommands(Substring(line))
    if commands.isEmpty && line.trimmingWhitespace().isEmpty {
      // Enter skips a quiz question; otherwise it repeats the last `step` or `back`.
      if quizIsAsking {
        commands = ["quiz skip"]
      } else if let last = lastRepeatable {
        commands = [last]
      }
    }
    var results: [CommandResult] = []
    for (index, command) in commands.enumerated() {
      var result = execute(command, hooks: hooks)
      if index == commands.count - 1, result.error == nil, let note = commentNote(line, command) {
        result.output += note
      }
      results.append(result)
      onResult(result)
      // Ctrl-C drops the rest of the line, also after a `train` it stopped without an error.
      if result.error != nil || result.quit || hooks.shouldStop() { break }
    }
    return results
  }

  /// A note when `#` right after a word cut off `command`'s file name: `save run#1` saves
  /// to `run`, which is what a comment means, but rarely what was meant.
  func commentNote(_ line: String, _ command: String) -> String? {
    guard let hash = line.firstIndex(of: "#"), hash != line.startIndex,
      !" \t;".contains(line[line.index(before: hash)]),
      let name = tokenize(command).first, let entry = CommandTable.resolve(name, model: nil)
    else { return nil }
    guard entry.arguments.completion.takesPath else { return nil }
    let file = visible(tokenize(command).last ?? "", keepingLines: false)
    return
      "note: '#' starts a comment, so the file name was '\(file)'; minirnn has no quoting, so use a name without '#'\n"
  }

  /// Appends to the transcript; past either limit, the oldest entries go until half of it
  /// is left, so the cost per command stays the same however long the session runs.
  private mutating func record(_ entry: TranscriptEntry) {
    let size = entry.size
    if transcript.count >= Self.transcriptLimit || transcriptBytes + size > Self.transcriptByteLimit
    {
      var dropped = 0
      var droppedBytes = 0
      while dropped < transcript.count
        && (transcript.count - dropped > Self.transcriptLimit / 2
          || transcriptBytes - droppedBytes + size > Self.transcriptByteLimit / 2)
      {
        droppedBytes += transcript[dropped].size
        dropped += 1
      }
      transcript.removeFirst(dropped)
      transcriptBytes -= droppedBytes
    }
    transcript.append(entry)
    transcriptBytes += size
  }

  /// The most transcript entries kept.
  static let transcriptLimit = 10_000
  /// The most bytes of commands and output the transcript keeps (2,000 `states` of a
  /// 10,000-value input would otherwise hold 800 MB).
  static let transcriptByteLimit = 8 << 20

  /// Splits a command into words at spaces and tabs.
  ///
  /// The bytes are split, not the Characters: a saved `input` line of a megabyte is split in
  /// a few milliseconds instead of a large part of a second, which `load` could not stop. A
  /// space or tab is one byte of UTF-8 and never inside another character's bytes.
  func tokenize(_ command: String) -> [String] {
    command.utf8.split(whereSeparator: { $0 == 0x20 || $0 == 0x09 }).map {
      String(Substring($0))
    }
  }
}

/// One command of the session's history and its result.
public struct TranscriptEntry: Equatable, Sendable {
  public let command: String
  public let output: String
  public let error: String?

  /// Its bytes, as the transcript's bound counts them.
  var size: Int { command.utf8.count + output.utf8.count + (error?.utf8.count ?? 0) }
}
