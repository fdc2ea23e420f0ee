@preconcurrency import Glibc
import Testing

/// `minirnn report`: learners' reports merged by the built binary, bad files named on
/// standard error, and the exit status of the other subcommands.
@Suite struct ClassReportCommandTests {
  static func report(learner: String, firstTry: Bool = true, hash: String = "00000000000000bb")
    -> String
  {
    """
    {"format": "minirnn-report", "version": 1, "minirnn": "0.1.0", "learner": "\(learner)",
     "lessons": [{"id": "03-bptt", "hash": "fnv1a64:\(hash)", "stepsDone": 3,
       "completed": true, "questions": [{"step": 2, "firstTry": \(firstTry),
       "tries": \(firstTry ? 1 : 2), "hints": 0, "mistakes": \(firstTry ? "[]" : "[\"offByOne\"]"),
       "seconds": 20, "settled": true}]}]}
    """
  }

  @Test func mergesAFolderOfReportsAndNamesWhatItLeavesOut() throws {
    let folder = try makeTemporaryFolder()
    defer { removeTree(folder) }
    try writeFile(folder + "/ada.json", Self.report(learner: "Ada"))
    try writeFile(folder + "/bob.json", Self.report(learner: "Bob", firstTry: false))
    try writeFile(folder + "/notes.txt", "not a report, and not read")
    let good = try run([minirnnPath, "report", folder])
    #expect(good.status == 0, "\(good.stderr)")
    #expect(good.stderr == "")
    #expect(
      good.stdout.contains(
        "| 03-bptt | 2 | 2 | 1 (50 %) | 1.50 | 0.00 | 20 s | offByOne (1) |\n"), "\(good.stdout)")
    #expect(good.stdout.contains("| Ada | \(folder)/ada.json | 1 | 1/1 (100 %) |\n"))

    let csv = try run([minirnnPath, "report", "--csv", folder + "/ada.json"])
    #expect(csv.status == 0)
    #expect(csv.stdout.hasPrefix("lesson,step,answered,"))
    #expect(csv.stdout.contains("03-bptt,2,1,1,100,1.00,0.00,20,\r\n"), "\(csv.stdout)")

    // Hostile files: not UTF-8, too large, another lesson version, an escape in a name.
    var bytes: [UInt8] = [0xFF, 0xFE, 0x7B, 0x7D]
    let bad = open(folder + "/latin1.json", O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
    #expect(write(bad, &bytes, bytes.count) == bytes.count)
    close(bad)
    try writeFile(folder + "/huge.json", String(repeating: " ", count: (1 << 20) + 1))
    try writeFile(folder + "/old.json", Self.report(learner: "Cy", hash: "0000000000000001"))
    try writeFile(folder + "/eve.json", Self.report(learner: "Eve\\u001b]0;pwned\\u0007"))
    let mixed = try run([minirnnPath, "report", folder])
    #expect(mixed.status == 1)
    #expect(mixed.stderr.contains("latin1.json' is not a text file (it is not valid UTF-8)"))
    #expect(mixed.stderr.contains("huge.json' is too large to read"), "\(mixed.stderr)")
    #expect(
      mixed.stderr.contains(
        "old.json: lesson 03-bptt is another version (fnv1a64:0000000000000001, where 3 of 4 reports have fnv1a64:00000000000000bb)"
      ), "\(mixed.stderr)")
    #expect(mixed.stdout.contains("| Eve^[]0;pwned^G |"), "\(mixed.stdout)")
    #expect(!mixed.stdout.contains("\u{1B}") && !mixed.stderr.contains("\u{1B}"))
    #expect(mixed.stdout.contains("| 03-bptt | 2 | 3 |"), "the others still merge")
  }

  @Test func commandLineMistakesAndNothingToMerge() throws {
    let none = try run([minirnnPath, "report"])
    #expect(none.status == 64)
    #expect(none.stderr.contains("minirnn report"))
    let help = try run([minirnnPath, "report", "--help"])
    #expect(help.status == 0)
    #expect(help.stdout.contains("USAGE: minirnn report <file-or-folder> ... [--csv]"))
    let missing = try run([minirnnPath, "report", "/nonexistent/r.json"])
    #expect(missing.status == 1)
    #expect(missing.stdout == "")
    #expect(missing.stderr.contains("cannot read '/nonexistent/r.json'"), "\(missing.stderr)")
    #expect(missing.stderr.contains("no report could be read"))
  }

  /// A learner answers at the prompt, quits, comes back and writes the report: what they
  /// did survives the restart, and the teacher's table shows it.
  @Test func aReportWrittenAfterARestartMergesForTheTeacher() throws {
    let home = try makeTemporaryFolder()
    defer { removeTree(home) }
    do {
      let (terminal, _) = try startPrompt(home: home, rows: 200, columns: 100)
      _ = try typeLine("lessons name Ada L.", in: terminal)
      _ = try typeLessonLine("lesson 1", in: terminal)
      _ = try typeLessonLine("goto 4", in: terminal)
      let wrong = try typeLessonLine("answer 0.305", in: terminal)
      #expect(wrong.contains("h₃ alone"), "\(wrong)")
      _ = try typeLessonLine("answer 0.4575", in: terminal)
      terminal.send("quit\r")
      #expect(terminal.waitForExit() == 0)
    }
    let (terminal, _) = try startPrompt(home: home, rows: 200, columns: 100)
    let shown = try typeLine("lessons report \(home)/ada.json", in: terminal)
    #expect(shown.contains("your lesson report for Ada L."), "\(shown)")
    #expect(shown.contains("- step 4: settled; 2 tries, 1 hint, "), "\(shown)")
    terminal.send("quit\r")
    #expect(terminal.waitForExit() == 0)

    let merged = try run([minirnnPath, "report", home + "/ada.json"])
    #expect(merged.status == 0, "\(merged.stderr)")
    #expect(
      merged.stdout.contains("| 01-forward | 4 | 1 | 0 (0 %) | 2.00 | 1.00 |"), "\(merged.stdout)")
    #expect(merged.stdout.contains("written:h[3] (1) |"), "\(merged.stdout)")
    #expect(merged.stdout.contains("| Ada L. | \(home)/ada.json | 0 | 0/1 (0 %) |"))
  }
}
