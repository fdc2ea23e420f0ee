import ArgumentParser
@preconcurrency import Glibc
import Tutor

/// The entry point: `check-lessons` goes to its own command; anything else is the REPL or a
/// script. (As an ArgumentParser subcommand, `check-lessons` would be taken for FILE.)
@main
enum Entry {
  static func main() {
    let arguments = Array(CommandLine.arguments.dropFirst())
    if arguments.first == "check-lessons" {
      CheckLessons.main(Array(arguments.dropFirst()))
    } else {
      Minirnn.main(arguments)
    }
  }
}

/// The command line: picks the mode, sets up the terminal, hands the lines to the session.
struct Minirnn: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "minirnn",
    abstract: "Learn backpropagation through time by stepping a tiny RNN by hand.",
    discussion: """
      Modes:
        minirnn                At a terminal: a welcome (not with -q), then a
                               prompt with line editing, history (Up/Down,
                               Ctrl-R) and Tab completion. Ctrl-C drops the line
                               or stops a running 'train'; Ctrl-D or 'quit'
                               leaves. Output longer than the terminal goes
                               through a pager.
        minirnn -e 'CMD; CMD'  Runs the commands and exits ('line N' in an error
                               counts commands).
        minirnn FILE           Runs the commands in FILE ('-': standard input).
        ... | minirnn          Runs the commands piped in.
        minirnn check-lessons  Replays every lesson's transcripts (CI runs it).
      Scripts print only what they ask to see (print, states, grads, eq, plot,
      train's summary, ...): no prompt, no colour, and no echo from commands
      that only change the state (set, input, forward, back, ...); -v prints
      everything the prompt would. Errors go to standard error as
      'error: line N: ...'. Type 'help' at the prompt for the commands.

      Exit status: 0 success; 1 a command failed (the first failure ends a
      script unless --keep-going); 130 a script was interrupted by Ctrl-C;
      141 the output was closed (e.g. '| head'); 143 ended by SIGTERM.

      Environment:
        NO_COLOR        Set and not empty: no colour.
        TERM            'dumb': no colour.
        LC_ALL, LANG    A UTF-8 locale allows Unicode symbols and box drawing.
        XDG_STATE_HOME  The prompt's history and lesson progress are kept in
        HOME            $XDG_STATE_HOME/minirnn/, by default
                        $HOME/.local/state/minirnn/.
        MINIRNN_LESSONS The lessons folder (default: ../share/minirnn/lessons
                        beside the binary, then the Lessons folder of the
                        source tree minirnn was built from).
        MINIRNN_PAGER   The pager for output longer than the terminal (then
        PAGER           $PAGER, then less with LESS=FRX unless LESS is set;
                        "" or cat: none; NO_COLOR or TERM=dumb: none).
      """,
    version: versionText)

  @Option(
    name: [.customShort("e"), .customLong("execute")],
    help: ArgumentHelp(
      "Run these commands (separated by ';') and exit; may be given more than once.",
      valueName: "commands"))
  var commands: [String] = []

  @Flag(
    name: [.customShort("k"), .long],
    help: "On an error, report it and go on; the exit status is still 1.")
  var keepGoing = false

  @Flag(
    name: [.customShort("v"), .long],
    help:
      "In a script, print what every command prints at the prompt, not only what it asks to see.")
  var verbose = false

  @Flag(
    name: [.customShort("q"), .long],
    help: "At the prompt, start without the welcome lines.")
  var quiet = false

  @Argument(help: ArgumentHelp("A file of commands, one or more per line.", valueName: "file"))
  var file: String?

  func validate() throws {
    if !commands.isEmpty && file != nil {
      throw ValidationError("give either -e COMMANDS or FILE, not both")
    }
  }

  func run() throws {
    Signals.ignoreBrokenPipe()
    let unicode = TerminalDetection.configureLocale()
    Glibc.exit(status(unicode: unicode))
  }

  private func status(unicode: Bool) -> Int32 {
    if !commands.isEmpty {
      return ScriptMode.run(
        commands.joined(separator: "\n"), numbering: .commands, keepGoing: keepGoing,
        unicode: unicode, verbose: verbose)
    }
    let source: Result<String, FileAccessError>
    if let file, file != "-" {
      source = RealFiles().read(file, limit: ScriptMode.sizeLimit)
    } else if file == nil && TerminalDetection.isTerminalSession {
      return InteractiveShell(unicode: unicode, welcome: !quiet).run()
    } else {
      source = ScriptMode.readStandardInput()
    }
    switch source {
    case .success(let text):
      return ScriptMode.run(
        text, numbering: .lines, keepGoing: keepGoing, unicode: unicode, verbose: verbose)
    case .failure(let problem):
      Output.err("error: \(problem.message)\n")
      return 1
    }
  }
}
