@preconcurrency import Glibc
import Testing
import Tutor

@testable import minirnn

/// Ctrl-C reaches `check-lessons`, whose replay of a lesson may train for a long time.
@Suite struct CheckLessonsInterruptTests {
  @Test func ctrlCStopsCheckLessonsAndSaysWhatWasChecked() throws {
    let folder = try makeTemporaryFolder()
    defer { removeTree(folder) }
    try writeFile(
      folder + "/01-endless.md",
      """
      # Endless

      ## First (§1)

      ```minirnn
      minirnn> set w1 0.5
      w1 = 0.5
      ```

      ## Train for ever (§3)

      ```minirnn
      minirnn> train 1000000000
      ...
      ```

      """)
    var sent = false
    var handlerAt: Double?
    let result = try run([minirnnPath, "check-lessons", folder], timeout: 60) { pid in
      // Send only once the handler is in place, as /proc shows it, and the replay has
      // worked a fifth of a second since: the first step takes a millisecond, so it is
      // training by then.
      guard !sent, catchesSIGINT(pid), let cpu = cpuSeconds(pid) else { return }
      if handlerAt == nil { handlerAt = cpu }
      guard cpu >= handlerAt! + 0.2 else { return }
      kill(pid, SIGINT)
      sent = true
    }
    #expect(sent)
    #expect(result.status == 130, "stdout:\n\(result.stdout)\nstderr:\n\(result.stderr)")
    #expect(
      result.stdout
        == "interrupted by Ctrl-C in \(folder)/01-endless.md: 1 passed, 0 failed before it; the rest was not checked\n",
      "\(result.stdout)")
  }
}

/// The lesson folder reads a file as large as the lesson parser takes, and no larger: one
/// limit, `Limits.lessonFileSize`.
@Suite struct LessonFolderLimitTests {
  @Test func theFolderReadsUpToTheParsersLimit() throws {
    let folder = try makeTemporaryFolder()
    defer { removeTree(folder) }
    let heading = "# Big\n\n## Step (§1)\n\n"
    let padding = String(repeating: "x", count: Limits.lessonFileSize - heading.utf8.count - 1)
    try writeFile(folder + "/01-at-the-limit.md", heading + padding + "\n")
    try writeFile(folder + "/02-over-it.md", heading + padding + "x\n")
    let (files, problems) = LessonFolder.read(folder)
    #expect(files.map(\.path) == [folder + "/01-at-the-limit.md"])
    #expect(files.first?.text.utf8.count == Limits.lessonFileSize)
    #expect(problems.count == 1)
    #expect(
      problems.first?.contains("more than \(Limits.lessonFileSize) bytes") == true, "\(problems)")
    // What the folder read, the parser takes.
    var session = Session()
    #expect(session.installLessons(files).isEmpty)
  }
}
