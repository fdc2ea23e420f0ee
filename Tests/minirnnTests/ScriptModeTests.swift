@preconcurrency import Glibc
import Testing
import Tutor

/// The built binary run as a script: `-e`, FILE and standard input.
@Suite struct ScriptModeTests {
  /// The must-show: the gradient of w1 for x = (0, 0.5), y = 1.
  @Test func gradientOfW1MatchesTheArticle() throws {
    let result = try run([
      minirnnPath, "-e",
      "set w1 1.8; set w2 -0.5; set w3 1.1; input 0 0.5; target 1; forward; backward; print w1.g",
    ])
    #expect(result.status == 0)
    #expect(result.stderr == "")
    // A script prints what its commands show (forward, backward), then print's line last.
    let lines = result.stdoutLines
    try #require(lines.count > 1, "stdout:\n\(result.stdout)")
    let last = try #require(lines.last)
    let value = try #require(Double(String(last.dropFirst("w1.g = ".count))))
    #expect(last.hasPrefix("w1.g = "))
    #expect(abs(value - -0.0055) <= 1e-15, "expected -0.0055, got \(value)")
  }

  @Test func verboseScriptsPrintWhatThePromptWould() throws {
    let script = "input 0 0.5; set w1 2; forward; states"
    let quiet = try run([minirnnPath, "-e", script])
    let verbose = try run([minirnnPath, "-v", "-e", script])
    #expect(quiet.status == 0 && verbose.status == 0)
    #expect(!quiet.stdout.contains("w1 = 2"), "set is quiet in a script: \(quiet.stdout)")
    #expect(quiet.stdout.contains("Eq. 3"), "forward shows its steps in a script")
    #expect(quiet.stdout.contains("t  x_t  a_t  h_t"), "states shows its table")
    #expect(verbose.stdout.contains("w1 = 2"), "-v shows set's echo: \(verbose.stdout)")
    #expect(verbose.stdout.hasSuffix(quiet.stdout))
  }

  @Test func commandsRunInOrderAndExitZero() throws {
    let result = try run([minirnnPath, "-e", "set w1 2.5; print w1", "-e", "set w3 0.25; print w3"])
    #expect(result.status == 0)
    #expect(result.stderr == "")
    #expect(result.stdoutLines.contains("w1 = 2.5"))
    #expect(result.stdoutLines.last == "w3 = 0.25")
  }

  @Test func firstErrorEndsTheScriptWithItsCommandNumber() throws {
    let result = try run([minirnnPath, "-e", "set w1 2; bogus; print w3"])
    #expect(result.status == 1)
    #expect(result.stderr.hasPrefix("-e:2: error: unknown command 'bogus'"))
    #expect(result.stderr.filter { $0 == "\n" }.count == 1)
    #expect(!result.stdout.contains("w3"), "the command after the error must not run")
  }

  @Test func keepGoingReportsEveryErrorAndExitsOne() throws {
    let result = try run([minirnnPath, "--keep-going", "-e", "bogus; print w3; nonsense 1"])
    #expect(result.status == 1)
    let errors = result.stderr.split(separator: "\n")
    #expect(errors.count == 2)
    #expect(errors.first?.hasPrefix("-e:1: error: ") == true)
    #expect(errors.last?.hasPrefix("-e:3: error: ") == true)
    #expect(result.stdoutLines.contains { $0.hasPrefix("w3 = ") })
  }

  @Test func fileErrorsNameTheLineOfTheFile() throws {
    let folder = try makeTemporaryFolder()
    defer { removeTree(folder) }
    let script = folder + "/lesson.txt"
    try writeFile(script, "# a comment\nset w1 2.5\n\nprint w1; bogus\nprint w3\n")
    let stopped = try run([minirnnPath, script])
    #expect(stopped.status == 1)
    #expect(stopped.stderr.hasPrefix("\(script):4: error: unknown command 'bogus'"))
    #expect(stopped.stdoutLines.last == "w1 = 2.5")

    let kept = try run([minirnnPath, "-k", script])
    #expect(kept.status == 1)
    #expect(kept.stdoutLines.last?.hasPrefix("w3 = ") == true)
  }

  @Test func missingFileIsReportedByName() throws {
    let result = try run([minirnnPath, "/nonexistent/minirnn-script"])
    #expect(result.status == 1)
    #expect(
      result.stderr
        == "error: cannot read '/nonexistent/minirnn-script': No such file or directory\n")
    #expect(result.stdout == "")
  }

  /// `-e` and FILE combine, and run in the order the command line gives them.
  @Test func executeAndFileRunInOrder() throws {
    let folder = try makeTemporaryFolder()
    defer { removeTree(folder) }
    let script = folder + "/middle.txt"
    try writeFile(script, "print w1\nset w1 3\n")
    let result = try run([
      minirnnPath, "-e", "set w1 2", script, "-e", "print w1; bogus", "-e", "print w2",
    ])
    #expect(result.stdoutLines == ["w1 = 2", "w1 = 3"], "\(result.stdout)")
    // Commands are numbered across every -e: 'bogus' is the third.
    #expect(result.stderr.hasPrefix("-e:3: error: unknown command 'bogus'"), "\(result.stderr)")
    #expect(result.status == 1)
  }

  @Test func commandsPipedOnStandardInput() throws {
    let result = try run([minirnnPath], input: "set w1 3.5\nprint w1\n\nnope\nprint w2\n")
    #expect(result.status == 1)
    #expect(result.stdoutLines.last == "w1 = 3.5")
    #expect(result.stderr.hasPrefix("<stdin>:4: error: unknown command 'nope'"))
    #expect(!result.stdout.contains("minirnn>"), "no prompt when standard input is a pipe")

    let dash = try run([minirnnPath, "-"], input: "set w1 3.5; print w1\n")
    #expect(dash.status == 0)
    #expect(dash.stdoutLines.last == "w1 = 3.5")
  }

  @Test func quitEndsTheScript() throws {
    let result = try run([minirnnPath], input: "set w1 3\nquit\nbogus\n")
    #expect(result.status == 0)
    #expect(result.stderr == "")
  }

  @Test func helpListsModesAndEnvironment() throws {
    let result = try run([minirnnPath, "--help"])
    #expect(result.status == 0)
    #expect(result.stdout.hasPrefix("usage: minirnn "), "usage comes first: \(result.stdout)")
    for text in [
      "-e, --execute", "--keep-going", "-x, --echo", "-n, --no-init", "-V, --version", "FILE",
      "NO_COLOR", "TERM", "XDG_STATE_HOME", "XDG_CONFIG_HOME", "minirnn/init", "HOME",
    ] {
      #expect(result.stdout.contains(text), "help lacks \(text)")
    }
  }

  @Test func versionIsPrinted() throws {
    for flag in ["--version", "-V"] {
      let result = try run([minirnnPath, flag])
      #expect(result.status == 0)
      #expect(
        result.stdout.hasPrefix("minirnn \(minirnnVersion)\nfollows \"\(articleTitle)\""), "\(flag)")
      #expect(result.stdout.split(separator: "\n").allSatisfy { $0.count < 80 }, "\(result.stdout)")
    }
  }

  /// Scripts never colour, whatever the terminal type and whether or not NO_COLOR is set.
  @Test(arguments: [nil, "", "1"] as [String?])
  func pipedOutputHasNoEscapes(noColor: String?) throws {
    let result = try run(
      [minirnnPath, "--keep-going", "-e", "help; weights; forward; backward; train 20; bogus"],
      environment: ["NO_COLOR": noColor, "TERM": "xterm-256color"])
    #expect(result.status == 1)
    #expect(result.stdout.count > 200, "the commands should have printed something")
    #expect(!result.stdout.utf8.contains(0x1B))
    #expect(!result.stderr.utf8.contains(0x1B))
  }

  /// `| head -1`: the reader goes away; minirnn ends with 141 and says nothing.
  @Test func closedOutputEndsQuietly() throws {
    let commands = Array(repeating: "help", count: 300).joined(separator: "; ")
    let result = try run([
      "/bin/bash", "-c", "\"$0\" -e \"$1\" | head -1; echo \"status ${PIPESTATUS[0]}\" >&2",
      minirnnPath, commands,
    ])
    #expect(result.stdoutLines.count == 1)
    #expect(result.stderr == "status 141\n")
  }

  /// Ctrl-C (SIGINT) stops a long `train` in a script, which then ends with 130.
  @Test func interruptStopsTrainingInAScript() throws {
    var sent = false
    var handlerAt: Double?
    // A UTF-8 locale, so that `train` reports its weights with "→".
    let result = try run(
      // No lessons to parse first: Ctrl-C while they are read would end the script before
      // 'train' began (issue 21), and this test is about 'train'.
      [minirnnPath, "-e", "train 1000000000; print w1"],
      environment: ["LC_ALL": "C.UTF-8", "MINIRNN_LESSONS": "/nonexistent-minirnn-lessons"]
    ) { pid in
      // Send only once the handler is in place, as /proc shows it, and `train` has worked
      // a tenth of a second since.
      guard !sent, catchesSIGINT(pid), let cpu = cpuSeconds(pid) else { return }
      if handlerAt == nil { handlerAt = cpu }
      guard cpu >= handlerAt! + 0.1 else { return }
      kill(pid, SIGINT)
      sent = true
    }
    #expect(sent)
    #expect(result.status == 130)
    #expect(result.stdout.contains("stopped"), "stdout:\n\(result.stdout)")
    // `train` reports "w1 = old → new"; `print w1` would add a line without the arrow.
    #expect(
      !result.stdoutLines.contains { $0.hasPrefix("w1 = ") && !$0.contains("→") },
      "the script must end after the interrupted command")
  }
}

/// True when the process `pid` has a handler for SIGINT (bit 2 of SigCgt in /proc).
func catchesSIGINT(_ pid: pid_t) -> Bool {
  guard let bytes = readFile("/proc/\(pid)/status") else { return false }
  let text = String(decoding: bytes, as: UTF8.self)
  guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("SigCgt:") }),
    let mask = UInt64(
      line.dropFirst("SigCgt:".count).trimmingPrefix(while: \.isWhitespace), radix: 16)
  else { return false }
  return mask & (1 << (UInt64(SIGINT) - 1)) != 0
}
