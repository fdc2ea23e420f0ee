import ArgumentParser
@preconcurrency import Glibc
import Tutor

/// The entry point: `check-lessons` and `report` go to their own commands; anything else is
/// the REPL or a script. (As ArgumentParser subcommands, they would be taken for FILE.)
@main
enum Entry {
  static func main() {
    let arguments = Array(CommandLine.arguments.dropFirst())
    if arguments.first == "check-lessons" {
      CheckLessons.main(Array(arguments.dropFirst()))
    } else if arguments.first == "report" {
      ClassReportCommand.main(Array(arguments.dropFirst()))
    } else {
      Minirnn.start(arguments)
    }
  }
}

/// The command line: picks the mode, sets up the terminal, hands the lines to the session.
///
/// `--help` and `--version` are minirnn's own (ArgumentParser's would put the usage after
/// the whole description, and print the version alone), and so are the words of a usage
/// error, which read as every other error does.
struct Minirnn: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "minirnn", abstract: Minirnn.abstract, helpNames: [])

  static let abstract = "Learn backpropagation through time by stepping a tiny RNN by hand."

  /// The exit status of a command line minirnn cannot read (BSD's EX_USAGE).
  static let usageStatus: Int32 = 64

  static let usage = "usage: minirnn [-e COMMANDS]... [OPTIONS] [FILE]"

  /// `--help`: usage and examples first, every line under 80 columns.
  static let helpText = """
    \(usage)
           minirnn check-lessons
           minirnn report FILE...|FOLDER [--csv]
    \(abstract)

    Examples:
      minirnn                                  the prompt; 'lesson 0' starts
      minirnn -x -e 'input 0 0.5; target 1' -e 'forward; back'

    Options:
      -e, --execute COMMANDS  Run COMMANDS (separated by ';'). May be repeated and
                              combined with FILE; they run in the order given.
      -x, --echo              Print each command of a script, after the prompt,
                              before its output.
      -v, --verbose           In a script, also print what commands that only
                              change the state print at the prompt.
      -k, --keep-going        On an error in a script, report it and go on.
      -q, --quiet             At the prompt, start without the welcome lines.
      -n, --no-init           Do not run the start-up file.
      -h, --help              Show this help.
      -V, --version           Show the version.
      FILE                    A file of commands, one or more per line ('-' is
                              standard input, run line by line as it arrives).

    With no -e and no FILE: at a terminal, a prompt with line editing, history
    (Up/Down, Ctrl-R) and Tab completion ('help' lists the commands; Ctrl-C drops
    the line or stops a 'train'; Ctrl-D or 'quit' leaves; long output goes through
    a pager); otherwise the commands piped in.
    A script prints what its commands show (step, back, print, grads, plot, ...),
    not what commands that only change the state echo (set, input, ...); no
    prompt, no colour. Errors go to standard error as 'FILE:LINE: error: ...'
    ('-e:N:' counts the commands of every -e, '<stdin>:N:' the lines piped in).
    'source FILE' at the prompt runs a file of commands.
    'minirnn check-lessons' replays the lessons; 'minirnn report FILE...' merges
    learners' 'lessons report' files into a teacher's table (each has --help).

    Start-up file: $XDG_CONFIG_HOME/minirnn/init (default ~/.config/minirnn/init)
    runs before the prompt or the script, unless -n; an error in it is reported
    and the rest runs.

    Exit status: 0 success; 1 a command failed (the first failure ends a script
    unless -k); 64 the command line is wrong; 130 interrupted by Ctrl-C; 141 the
    output was closed (e.g. '| head'); 143 ended by SIGTERM.

    Environment:
      NO_COLOR         Set and not empty: no colour.
      TERM             'dumb': no colour and no pager.
      LC_ALL, LANG     A UTF-8 locale allows Unicode symbols and box drawing.
      XDG_CONFIG_HOME  Where the start-up file is (default ~/.config).
      XDG_STATE_HOME   Where the prompt's history and lesson progress are kept:
                       $XDG_STATE_HOME/minirnn/ (default ~/.local/state/minirnn/).
      HOME             The folder '~' means.
      MINIRNN_LESSONS  The lessons folder (default: ../share/minirnn/lessons
                       beside the binary, then the source tree's Lessons).
      MINIRNN_PAGER    The pager for output longer than the terminal, then PAGER,
                       then 'less' with LESS=FRX unless LESS is set; "" or cat:
                       none.

    """

  @Option(
    name: [.customShort("e"), .customLong("execute")],
    help: ArgumentHelp("Run these commands (separated by ';').", valueName: "commands"))
  var commands: [String] = []

  @Flag(name: [.customShort("k"), .long], help: "On an error, report it and go on.")
  var keepGoing = false

  @Flag(name: [.customShort("v"), .long], help: "In a script, print everything.")
  var verbose = false

  @Flag(name: [.customShort("x"), .long], help: "Print each command before its output.")
  var echo = false

  @Flag(name: [.customShort("q"), .long], help: "Start without the welcome lines.")
  var quiet = false

  @Flag(name: [.customShort("n"), .customLong("no-init")], help: "Skip the start-up file.")
  var noInit = false

  @Flag(name: [.customShort("h"), .long], help: "Show the help.")
  var help = false

  @Flag(name: [.customShort("V"), .long], help: "Show the version.")
  var version = false

  @Argument(help: ArgumentHelp("A file of commands.", valueName: "file"))
  var file: String?

  /// Where FILE runs among the `-e`s: the arguments are read again, since ArgumentParser
  /// keeps the order of each option's values but not of options and arguments.
  var order: [ScriptPart] = []

  private enum CodingKeys: String, CodingKey {
    case commands, keepGoing, verbose, echo, quiet, noInit, help, version, file
  }

  /// Reads the command line and runs; a command line it cannot read is one `error:` line,
  /// the usage, and status 64.
  static func start(_ arguments: [String]) {
    var command: Minirnn
    do {
      command = try parse(arguments)
    } catch {
      let message = String(Self.message(for: error).filter { $0 != "\n" })
      let sentence = message.prefix(1).lowercased() + message.dropFirst()
      Output.err(
        "error: \(sentence)\n\(usage)\n'minirnn --help' lists the options and examples\n")
      Glibc.exit(usageStatus)
    }
    command.order = scriptParts(arguments, commands: command.commands, file: command.file)
    command.start()
  }

  /// The `-e`s and FILE in the order `arguments` gives them.
  static func scriptParts(_ arguments: [String], commands: [String], file: String?)
    -> [ScriptPart]
  {
    var before = 0
    var index = 0
    var fileSeen = false
    while index < arguments.count, !fileSeen {
      let word = arguments[index]
      index += 1
      if word == "--" {
        fileSeen = true
      } else if word == "-e" || word == "--execute" {
        before += 1
        index += 1
      } else if word.hasPrefix("--execute=") {
        before += 1
      } else if word.hasPrefix("-") && !word.hasPrefix("--") && word != "-" {
        // A cluster of short flags: `-e` takes the rest of the word, or the next one.
        if let e = word.dropFirst().firstIndex(of: "e") {
          before += 1
          if word.index(after: e) == word.endIndex { index += 1 }
        }
      } else if !word.hasPrefix("-") || word == "-" {
        fileSeen = true
      }
    }
    var parts = commands.map(ScriptPart.commands)
    if let file { parts.insert(.file(file), at: min(before, parts.count)) }
    return parts
  }

  func start() {
    if help {
      Output.out(Self.helpText)
      Glibc.exit(0)
    }
    if version {
      Output.out(versionText + "\n")
      Glibc.exit(0)
    }
    Signals.ignoreBrokenPipe()
    let unicode = TerminalDetection.configureLocale()
    Glibc.exit(status(unicode: unicode))
  }

  private func status(unicode: Bool) -> Int32 {
    let startup = noInit ? nil : StartupFile.location
    var parts = order
    if parts.isEmpty {
      if TerminalDetection.isTerminalSession {
        return InteractiveShell(unicode: unicode, welcome: !quiet, startup: startup).run()
      }
      parts = [.file("-")]
    }
    return ScriptMode.run(
      parts, startup: startup, keepGoing: keepGoing, echo: echo, unicode: unicode,
      verbose: verbose)
  }
}
