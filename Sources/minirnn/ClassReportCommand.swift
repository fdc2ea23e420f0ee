import ArgumentParser
@preconcurrency import Glibc
import Tutor

/// `minirnn report FILE…|FOLDER [--csv]`: merges learners' reports into a teacher's tables.
struct ClassReportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "minirnn report",
    abstract: "Merge learners' lesson reports into one table per question and per learner.",
    discussion: """
      Each learner writes a report with 'lessons report FILE.json' at the minirnn
      prompt. Give the reports, or a folder of them (its *.json files are read).
      Prints Markdown (or CSV) on standard output: per question, how many answered,
      how many right on the first try, the mean tries, hints and time, and the most
      common named mistakes; per learner, the lessons done and the score (questions
      right on the first try / questions answered). A report that cannot be read, or
      a lesson answered in another version than most reports have, is left out and
      named on standard error. Exit status: 0 all merged; 1 something was left out or
      nothing could be read; 64 the command line is wrong.
      See docs/report-format.md for the report's fields.
      """)

  @Argument(
    help: ArgumentHelp("Learners' reports, or folders of them.", valueName: "file-or-folder"))
  var paths: [String]

  @Flag(help: "Print CSV instead of Markdown.")
  var csv = false

  func validate() throws {
    guard !paths.isEmpty else {
      throw ValidationError("give the learners' reports, or a folder of them")
    }
  }

  func run() throws {
    Signals.ignoreBrokenPipe()
    _ = TerminalDetection.configureLocale()
    var files: [String] = []
    var problems: [String] = []
    for path in paths {
      var info = stat()
      if stat(expandingTilde(path), &info) == 0, info.st_mode & S_IFMT == S_IFDIR {
        guard let entries = TabCompletion.listFolder(expandingTilde(path)) else {
          problems.append("cannot read the folder \(path): \(errorText(errno))")
          continue
        }
        let folder = path.hasSuffix("/") ? String(path.dropLast()) : path
        files += entries.filter { !$0.isFolder && $0.name.hasSuffix(".json") }.map(\.name)
          .sorted().map { folder + "/" + $0 }
      } else {
        files.append(path)
      }
    }
    var seen = Set<String>()
    files = files.filter { seen.insert($0).inserted }
    var report = ClassReport()
    for (index, file) in files.enumerated() {
      guard index < ClassReport.maxReports else {
        problems.append(
          "more than \(ClassReport.maxReports) reports: the first \(ClassReport.maxReports) are merged; merge the rest in another run"
        )
        break
      }
      switch RealFiles().read(file, limit: LearnerReport.maxBytes) {
      case .success(let text): report.add(file: file, text: text)
      case .failure(let error): problems.append(error.message + "; it is left out")
      }
    }
    let merged = report.merged()
    for problem in problems + report.refused + merged.leftOut {
      Output.err("error: \(problem)\n")
    }
    guard !merged.learners.isEmpty else {
      if files.isEmpty && problems.isEmpty {
        Output.err("error: no reports (*.json) in \(paths.joined(separator: ", "))\n")
      }
      Output.err("error: no report could be read; nothing to merge\n")
      Glibc.exit(1)
    }
    Output.out(csv ? merged.csv : merged.markdown)
    Glibc.exit(problems.isEmpty && report.refused.isEmpty && merged.leftOut.isEmpty ? 0 : 1)
  }
}
