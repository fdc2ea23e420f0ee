import Foundation
import Testing
import Tutor

@testable import minirnn

/// Issue 12's second robustness round, through the built binary.
@Suite struct HostileInputTests {
  /// A script with CRLF line ends runs exactly as the same script with LF ends, from `-e`,
  /// standard input and a file.
  @Test func crlfScriptsReadAsLines() throws {
    let script = "set w1 2\ninput 0 0.5\ntarget 1\nforward\nprint w1\nprint yhat\n"
    let crlf = script.replacingOccurrences(of: "\n", with: "\r\n")
    let expected = try run([minirnnPath, "-"], input: script)
    #expect(expected.status == 0, "\(expected.stderr)")
    #expect(expected.stdoutLines.suffix(2).first?.hasPrefix("w1 = ") == true)
    let folder = try makeTemporaryFolder()
    defer { removeTree(folder) }
    try writeFile("\(folder)/crlf.minirnn", crlf)
    for result in [
      try run([minirnnPath, "-"], input: crlf),
      try run([minirnnPath, "-e", crlf]),
      try run([minirnnPath, "\(folder)/crlf.minirnn"]),
    ] {
      #expect(result.status == 0, "\(result.stderr)")
      #expect(result.stdout == expected.stdout)
    }
  }

  /// Ctrl-\ (SIGQUIT) in a long script ends it as SIGQUIT ends programs, without the Swift
  /// runtime's crash report.
  @Test func sigquitEndsAScriptWithoutACrashReport() throws {
    let result = try run([minirnnPath, "-e", "train 1000000000"], sending: SIGQUIT, after: 0.5)
    #expect(result.status == 128 + SIGQUIT)
    #expect(!result.stderr.contains("crashed") && !result.stderr.contains("Backtrace"), "\(result.stderr)")
  }

  /// Ctrl-C during a long `load` stops it: the script ends with 130 and says so.
  @Test func ctrlCStopsALongLoad() throws {
    let folder = try makeTemporaryFolder()
    defer { removeTree(folder) }
    try writeFile("\(folder)/big", String(repeating: "set w1 0.25\n", count: 3_000_000))
    let result = try run([minirnnPath, "-e", "load \(folder)/big"], sending: SIGINT, after: 0.3)
    #expect(result.status == 130, "\(result.stderr)")
    #expect(result.stderr.contains("load: interrupted at line "), "\(result.stderr)")
  }

  /// A 250-byte file name saves (its temporary file's name must fit in 255 bytes), and a
  /// temporary file that a killed save left behind goes at the next save of that file.
  @Test func longNamesSaveAndStaleTemporariesAreCleanedUp() throws {
    let folder = try makeTemporaryFolder()
    defer { removeTree(folder) }
    let name = String(repeating: "n", count: 250)
    let stale = "\(folder)/.\(String(repeating: "n", count: 100)).minirnn-999999999-1"
    try writeFile(stale, "half a save")
    let live = "\(folder)/.\(String(repeating: "n", count: 100)).minirnn-\(getpid())-7"
    try writeFile(live, "another process is still writing this")
    let result = try run([minirnnPath, "-e", "set w1 0.75; save \(folder)/\(name); load \(folder)/\(name); print w1"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdoutLines == ["w1 = 0.75"])
    #expect(readFile(stale) == nil, "the dead process's temporary file was removed")
    #expect(readFile(live) != nil, "a live process's is kept")
  }

  /// `save` through a link that points nowhere yet creates the file it names.
  @Test func saveThroughADanglingLinkCreatesItsTarget() throws {
    let folder = try makeTemporaryFolder()
    defer { removeTree(folder) }
    #expect(symlink("target.minirnn", "\(folder)/link.minirnn") == 0)
    let result = try run([minirnnPath, "-e", "save \(folder)/link.minirnn"])
    #expect(result.status == 0, "\(result.stderr)")
    var info = stat()
    #expect(lstat("\(folder)/link.minirnn", &info) == 0 && info.st_mode & S_IFMT == S_IFLNK, "still a link")
    #expect(readFile("\(folder)/target.minirnn").map { String(decoding: $0, as: UTF8.self) }?.hasPrefix("# minirnn-state 2") == true)
  }

  /// A saved session is also a script: the same size limit holds for both.
  @Test func aSaveOver16MiBRunsAsAScript() throws {
    let folder = try makeTemporaryFolder()
    defer { removeTree(folder) }
    let values = (0..<10_000).map { "0.12345678901234\($0 % 10)" }.joined(separator: " ")
    let build = "input \(values)\ntarget 1\ndata custom\n" + String(repeating: "data add\n", count: 99)
    let saved = try run([minirnnPath, "-"], input: build + "save \(folder)/large\n")
    #expect(saved.status == 0, "\(saved.stderr)")
    let size = readFile("\(folder)/large")?.count ?? 0
    #expect(size > 16 << 20, "the save is larger than the old script limit: \(size) bytes")
    let script = try run([minirnnPath, "\(folder)/large"])
    #expect(script.status == 0, "\(script.stderr.prefix(300))")
  }

  /// The history keeps neither a line over the limit nor one with control characters.
  @Test func historyKeepsNoRefusedOrControlLines() {
    #expect(HistoryFile.keeps("set w1 2\tx"))
    #expect(!HistoryFile.keeps("print w1\u{1B}]0;x\u{7}"))
    #expect(!HistoryFile.keeps(String(repeating: "x", count: Limits.lineLength + 1)))
    #expect(HistoryFile.keeps(String(repeating: "x", count: Limits.lineLength)))
  }

  /// The history file is 0600 from its first byte: its temporary file is created so.
  @Test func historyTemporaryFileIsPrivateFromTheStart() throws {
    let folder = try makeTemporaryFolder()
    defer { removeTree(folder) }
    var modeSeen: mode_t = 0
    let problem = HistoryFile.replace(folder + "/history") { temporary in
      var info = stat()
      _ = stat(temporary, &info)
      modeSeen = info.st_mode & 0o777
      return writeFileOK(temporary, "_HiStOrY_V2_\n")
    }
    #expect(problem == nil)
    #expect(modeSeen == 0o600, "the temporary file existed with mode 0600 before it was written")
  }

  /// The lesson progress file is created 0600 (not 0666 less the umask, then changed).
  @Test func progressFileIsPrivateFromTheStart() throws {
    let folder = try makeTemporaryFolder()
    defer { removeTree(folder) }
    var file = LessonProgressFile(path: folder + "/lesson-progress")
    var session = Session()
    session.restoreLessonProgress("current 03-bptt\n")
    #expect(file.saveIfChanged(&session) == nil)
    var info = stat()
    #expect(stat(folder + "/lesson-progress", &info) == 0 && info.st_mode & 0o777 == 0o600)
  }
}

/// Writes `text` to `path` (truncating); true on success.
private func writeFileOK(_ path: String, _ text: String) -> Bool {
  let descriptor = open(path, O_WRONLY | O_TRUNC)
  guard descriptor >= 0 else { return false }
  defer { close(descriptor) }
  return write(descriptor, text, text.utf8.count) == text.utf8.count
}

/// Runs `arguments` and sends it `signal` once, `delay` seconds after it started.
private func run(_ arguments: [String], sending signal: Int32, after delay: Double) throws
  -> Finished
{
  let started = now()
  var sent = false
  return try run(arguments, timeout: 120) { pid in
    if !sent && now() - started > delay {
      kill(pid, signal)
      sent = true
    }
  }
}
