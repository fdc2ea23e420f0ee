@preconcurrency import Glibc
import Testing

/// Scripts as gdb's batch mode runs them, and the command line around them: `-x`, stdin
/// line by line, `source`, the start-up file, `--help`, `--version`, usage errors.
@Suite struct ScriptFlagsTests {
  /// Commands that exist to show something show it in a script as at the prompt (`-v`
  /// prints what the prompt would); commands that only change the state stay quiet.
  @Test(arguments: ["step", "back", "forward", "backward", "weights", "errata", "step 2"])
  func showingCommandsPrintInScripts(command: String) throws {
    let setup = "input 0 0.5; target 1"
    let before = command.hasPrefix("back") ? "; forward" : ""
    let quiet = try run([minirnnPath, "-e", setup + before + "; " + command])
    let verbose = try run([minirnnPath, "-v", "-e", setup + before, "-e", command])
    let alone = try run([minirnnPath, "-v", "-e", setup + before])
    #expect(quiet.status == 0 && verbose.status == 0 && alone.status == 0, "\(quiet.stderr)")
    // What the prompt prints for the command is what -v adds after the setup.
    let shown = String(verbose.stdout.dropFirst(alone.stdout.count))
    #expect(!shown.isEmpty)
    #expect(quiet.stdout.hasSuffix(shown), "'\(command)' in a script:\n\(quiet.stdout)")
  }

  @Test func stateCommandsStayQuiet() throws {
    let result = try run([minirnnPath, "-e", "set w1 2; input 0 0.5; target 1"])
    #expect(result.status == 0)
    #expect(result.stdout == "")
  }

  /// `-x` prints each command after the prompt, before its output.
  @Test func echoPrintsEachCommandBeforeItsOutput() throws {
    let plain = try run([minirnnPath, "-e", "print w1"])
    let result = try run([minirnnPath, "-x", "-e", "set w1 2.5; print w1", "-e", "print w2"])
    let w2 = try run([minirnnPath, "-e", "print w2"])
    #expect(result.status == 0)
    #expect(
      result.stdout
        == "minirnn> set w1 2.5\nminirnn> print w1\nw1 = 2.5\nminirnn> print w2\n" + w2.stdout)
    #expect(plain.stdout != "w1 = 2.5\n", "the set must be what changed w1")
    let long = try run([minirnnPath, "--echo", "-e", "print w2"])
    #expect(long.stdout == "minirnn> print w2\n" + w2.stdout)
  }

  /// Standard input runs line by line as it arrives: the first line's output comes out
  /// before the second line is written (the writer waits for it, 30 s at most).
  @Test func standardInputRunsAsItArrives() throws {
    let folder = try makeTemporaryFolder()
    defer { removeTree(folder) }
    let result = try run([
      "/bin/bash", "-c",
      """
      out="$1/out"
      {
        echo 'print w1'
        for _ in $(seq 3000); do [ -s "$out" ] && break; sleep 0.01; done
        [ -s "$out" ] && echo 'w1 came out first' >&2
        echo 'print w2'
      } | "$0" > "$out"
      cat "$out"
      """,
      minirnnPath, folder,
    ])
    #expect(result.stderr == "w1 came out first\n", "\(result.stderr)")
    let lines = result.stdoutLines
    try #require(lines.count == 2, "\(result.stdout) \(result.stderr)")
    #expect(lines[0].hasPrefix("w1 = ") && lines[1].hasPrefix("w2 = "), "\(lines)")
  }

  /// An error or `quit` on standard input ends the whole script: an `-e` after `-` does
  /// not run.
  @Test func standardInputThatStopsEndsTheScript() throws {
    for (input, status) in [("bogus\n", 1), ("quit\n", 0)] as [(String, Int32)] {
      let result = try run([minirnnPath, "-", "-e", "print w1"], input: input)
      #expect(result.status == status, "\(input)")
      #expect(result.stdout == "", "\(input): \(result.stdout)")
    }
    let kept = try run([minirnnPath, "-k", "-", "-e", "print w1"], input: "bogus\n")
    #expect(kept.status == 1 && kept.stdout.hasPrefix("w1 = "), "\(kept.stdout)")
  }

  /// `source FILE` runs a file inside the session; when a command of it fails, the error
  /// names the file and line, and nothing the file did is kept.
  @Test func sourceRunsAFileAndFailsAsOneCommand() throws {
    let folder = try makeTemporaryFolder()
    defer { removeTree(folder) }
    let good = folder + "/good.minirnn"
    let bad = folder + "/bad.minirnn"
    let loop = folder + "/loop.minirnn"
    try writeFile(good, "set w1 2.5\nprint w1\n")
    try writeFile(bad, "set w1 7\n\nbogus\n")
    try writeFile(loop, "source \(loop)\n")
    let ran = try run([minirnnPath, "-e", "source \(good); print w1"])
    #expect(ran.stdout == "w1 = 2.5\nw1 = 2.5\n", "\(ran.stdout)\(ran.stderr)")
    let before = try run([minirnnPath, "-e", "print w1"])
    let failed = try run([minirnnPath, "-k", "-e", "source \(bad); print w1"])
    #expect(failed.status == 1)
    #expect(
      failed.stderr.hasPrefix("-e:1: error: source: \(bad):3: unknown command 'bogus'"),
      "\(failed.stderr)")
    #expect(failed.stdout == before.stdout, "the failed source kept its 'set w1 7'")
    let looped = try run([minirnnPath, "-e", "source \(loop)"])
    #expect(looped.status == 1)
    #expect(looped.stderr.contains("more than 16 deep"), "\(looped.stderr)")
  }

  /// The start-up file runs before the script; its errors name it and the rest runs; `-n`
  /// skips it.
  @Test func startUpFileRunsUnlessNoInit() throws {
    let config = try makeTemporaryFolder()
    defer { removeTree(config) }
    try #require(mkdir(config + "/minirnn", 0o700) == 0)
    let initFile = config + "/minirnn/init"
    try writeFile(initFile, "set w1 4.25\nbogus\nset w2 0.75\n")
    let environment: [String: String?] = ["XDG_CONFIG_HOME": config]
    let result = try run([minirnnPath, "-e", "print w1; print w2"], environment: environment)
    #expect(result.status == 0, "an error in the start-up file does not fail the script")
    #expect(result.stdout == "w1 = 4.25\nw2 = 0.75\n", "\(result.stdout)")
    #expect(result.stderr.hasPrefix("\(initFile):2: error: unknown command 'bogus'"))
    let plain = try run([minirnnPath, "-e", "print w1; print w2"])
    for flag in ["-n", "--no-init"] {
      let skipped = try run(
        [minirnnPath, flag, "-e", "print w1; print w2"], environment: environment)
      #expect(skipped.stdout == plain.stdout && skipped.stderr == "", "\(flag)")
    }
    // HOME's ~/.config when XDG_CONFIG_HOME is not set, or relative (the XDG spec).
    let home = try makeTemporaryFolder()
    defer { removeTree(home) }
    for folder in ["/.config", "/.config/minirnn"] {
      try #require(mkdir(home + folder, 0o700) == 0)
    }
    try writeFile(home + "/.config/minirnn/init", "set w1 3.5\n")
    for configHome in [nil, "relative/folder"] as [String?] {
      let fromHome = try run(
        [minirnnPath, "-e", "print w1"], environment: ["XDG_CONFIG_HOME": configHome, "HOME": home])
      #expect(fromHome.stdout == "w1 = 3.5\n", "\(String(describing: configHome))")
    }
  }

  /// `--help`: usage first, two examples that run, under 80 columns, every exit status.
  @Test func helpStartsWithUsageAndExamplesThatWork() throws {
    let result = try run([minirnnPath, "--help"])
    #expect(result.status == 0)
    let lines = result.stdoutLines
    #expect(lines.first?.hasPrefix("usage: minirnn") == true)
    for line in lines { #expect(line.count < 80, "too wide: \(line)") }
    let examples = lines.drop(while: { $0 != "Examples:" }).dropFirst()
      .prefix(while: { !$0.isEmpty })
    #expect(examples.count == 2, "\(examples)")
    // The example with -e runs: take its command line apart at the quotes.
    let example = try #require(examples.first { $0.contains(" -e ") })
    let pieces = example.split(separator: "'", omittingEmptySubsequences: false)
    var arguments = [minirnnPath]
    for (index, piece) in pieces.enumerated() {
      if index % 2 == 1 {
        arguments.append(String(piece))
      } else {
        arguments += piece.split(separator: " ").map(String.init).filter { $0 != "minirnn" }
      }
    }
    let ran = try run(arguments)
    #expect(ran.status == 0, "\(arguments): \(ran.stderr)")
    #expect(ran.stdout.contains("minirnn> forward"))
    // Every status minirnn can end with is listed.
    let statusText = lines.drop(while: { !$0.hasPrefix("Exit status:") })
      .prefix(while: { !$0.isEmpty }).joined(separator: " ")
    for status in ["0", "1", "64", "130", "141", "143"] {
      #expect(statusText.contains(" \(status) "), "exit status \(status) is not listed")
    }
  }

  /// A command line minirnn cannot read: `error:` as every other error, and status 64,
  /// which `--help` lists.
  @Test func unknownFlagIsALowerCaseErrorWithStatus64() throws {
    let result = try run([minirnnPath, "--frobnicate"])
    #expect(result.status == 64)
    #expect(result.stderr.hasPrefix("error: unknown option '--frobnicate'"), "\(result.stderr)")
    #expect(result.stdout == "")
  }

  /// `minirnn step`: no file of that name, but a command: say how to run it.
  @Test func aCommandGivenAsFileGetsAHint() throws {
    let result = try run([minirnnPath, "step"])
    #expect(result.status == 1)
    #expect(result.stderr.contains("minirnn -e 'step'"), "\(result.stderr)")
    let notCommand = try run([minirnnPath, "no-such-script.txt"])
    #expect(!notCommand.stderr.contains("-e '"), "\(notCommand.stderr)")
  }

  /// The example: `export transcript` over a file minirnn did not write.
  @Test func exportLeavesAFileMinirnnDidNotWriteAlone() throws {
    let folder = try makeTemporaryFolder()
    defer { removeTree(folder) }
    let mine = folder + "/mine.md"
    try writeFile(mine, "important\n")
    let refused = try run([minirnnPath, "-e", "export transcript \(mine)"])
    #expect(refused.status == 1)
    #expect(refused.stderr.contains("'\(mine)' exists and was not written by minirnn"))
    #expect(readFile(mine) == Array("important\n".utf8))
    let forced = try run([minirnnPath, "-e", "export transcript \(mine) --force"])
    #expect(forced.status == 0, "\(forced.stderr)")
    #expect(
      readFile(mine).map { String(decoding: $0, as: UTF8.self) }?.hasPrefix("# minirnn") == true)
  }
}
