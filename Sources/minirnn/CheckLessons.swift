import ArgumentParser
@preconcurrency import Glibc
import Tutor

/// `minirnn check-lessons`: replays every lesson and reports what no longer matches.
struct CheckLessons: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "minirnn check-lessons",
    abstract: "Replay every lesson's transcripts and questions; exit 1 if any check fails.",
    discussion: """
      Each lesson runs in a fresh script session. Prints each failure as
      FILE:LINE: message, then 'N passed, M failed'. CI runs this, so what a
      lesson shows is what minirnn prints. Give one lesson file (your own,
      say, from 'lesson new') to check it alone.
      """)

  @Argument(
    help: ArgumentHelp(
      "A lesson file, or a folder of them (default: the lessons minirnn reads at start-up).",
      valueName: "path"))
  var path: String?

  func run() throws {
    Signals.ignoreBrokenPipe()
    Signals.quitByDefault()
    _ = TerminalDetection.configureLocale()
    guard let path = path ?? LessonFolder.locate() else {
      Output.err("error: no Lessons folder found; give one: minirnn check-lessons PATH\n")
      Glibc.exit(1)
    }
    let (files, problems) =
      path.hasSuffix(".md") && !LessonFolder.isFolder(path)
      ? LessonFolder.readFile(path) : LessonFolder.read(path)
    for problem in problems { Output.err("error: \(problem)\n") }
    guard !files.isEmpty else {
      if problems.isEmpty {
        Output.err("error: no lessons (*.md) in \(visible(path, keepingLines: false))\n")
      }
      Glibc.exit(1)
    }
    // Ctrl-C stops the replay after the command running (a lesson may train for long) and
    // prints what was checked; a second Ctrl-C ends the process at once.
    Signals.catchInterrupt(once: true)
    let hooks = Hooks(shouldStop: { interruptRequested.load(ordering: .relaxed) })
    let report = checkLessons(files, hooks: hooks)
    Output.out(report.text)
    if report.interrupted { Glibc.exit(130) }
    Glibc.exit(report.failed == 0 && problems.isEmpty ? 0 : 1)
  }
}
