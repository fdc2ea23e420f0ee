import Foundation
import Testing
import Tutor

@testable import minirnn

/// Two minirnn processes share the state folder: each saves its history and lesson progress
/// by re-reading and merging the file under a lock, so neither loses the other's work.
@Suite(.serialized) struct ConcurrentStateTests {
  /// The shipped lessons, read from the package this file is in.
  private func shippedLessons() throws -> [(path: String, text: String)] {
    let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Lessons")
    return try FileManager.default.contentsOfDirectory(atPath: folder.path)
      .filter { $0.hasSuffix(".md") && $0 != "README.md" }.sorted()
      .map {
        (
          "Lessons/" + $0,
          try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8)
        )
      }
  }

  /// The case with two writers in one process: A `lesson 1`, B `lesson 2`, both
  /// `skip`, A `skip`. Each writer merges what the other saved.
  @Test func twoWritersKeepEachOthersLessonProgress() throws {
    let folder = try makeTemporaryFolder()
    defer { removeTree(folder) }
    let path = folder + "/lesson-progress"
    let lessons = try shippedLessons()
    var (a, b) = (Session(), Session())
    a.installLessons(lessons)
    b.installLessons(lessons)
    var (fileA, fileB) = (LessonProgressFile(path: path), LessonProgressFile(path: path))
    #expect(fileA.restore(into: &a) == nil)
    #expect(fileB.restore(into: &b) == nil)
    func run(_ line: String, _ session: inout Session, _ file: inout LessonProgressFile) {
      for result in session.run(line: line) { #expect(result.error == nil, "\(line)") }
      #expect(file.saveIfChanged(&session) == nil)
    }
    run("lesson 1", &a, &fileA)
    run("lesson 2", &b, &fileB)
    run("skip", &a, &fileA)
    run("skip", &b, &fileB)
    run("skip", &a, &fileA)
    let text = String(decoding: readFile(path) ?? [], as: UTF8.self)
    #expect(text.contains("current 01-forward\n"), "\(text)")
    #expect(text.contains("lesson 01-forward step 3\n"), "\(text)")
    #expect(text.contains("lesson 02-local-derivatives step 2\n"), "\(text)")
    // A took B's lesson in while merging: its `lessons` shows both as started.
    let list = a.run(line: "lessons").map(\.output).joined()
    #expect(list.contains("step 3 of 6"), "\(list)")
    #expect(list.contains("step 2 of 6"), "\(list)")
  }

  /// Lines typed in two processes, saved in turn: the history file keeps all of them.
  @Test func twoWritersKeepEachOthersHistoryLines() throws {
    let folder = try makeTemporaryFolder()
    defer { removeTree(folder) }
    let path = folder + "/history"
    #expect(HistoryFile.prepare(path) == nil)
    for line in ["states", "weights", "grads", "eq"] {
      #expect(HistoryFile.append(line, to: path) == nil)
    }
    let text = String(decoding: readFile(path) ?? [], as: UTF8.self)
    let lines = text.split(separator: "\n").map(String.init)
    #expect(lines == ["_HiStOrY_V2_", "states", "weights", "grads", "eq"], "\(text)")
  }

  /// Two minirnn prompts in one state folder, as in the issue: A `lesson 1`, B `lesson 2`,
  /// both `skip`, A `skip`, then both quit. The progress file keeps both lessons and the
  /// history file every line of both.
  @Test func twoProcessesKeepEachOthersProgressAndHistory() throws {
    let home = try makeTemporaryFolder()
    defer { removeTree(home) }
    // Tall enough that no lesson step needs a second page.
    let (a, _) = try startPrompt(home: home, rows: 100, columns: 80)
    let (b, _) = try startPrompt(home: home, rows: 100, columns: 80)
    _ = try typeLine("lesson 1", in: a)
    _ = try typeLine("lesson 2", in: b)
    _ = try typeLine("skip", in: a)
    _ = try typeLine("skip", in: b)
    _ = try typeLine("skip", in: a)
    _ = try typeLine("weights", in: b)
    a.send("quit\r")
    b.send("quit\r")
    #expect(a.waitForExit() == 0)
    #expect(b.waitForExit() == 0)
    let state = home + "/state/minirnn/"
    let progress = String(decoding: readFile(state + "lesson-progress") ?? [], as: UTF8.self)
    #expect(progress.contains("lesson 01-forward step 3"), "\(progress)")
    #expect(progress.contains("lesson 02-local-derivatives step 2"), "\(progress)")
    let history = String(decoding: readFile(state + "history") ?? [], as: UTF8.self)
    // libedit writes a space as \040.
    for line in ["lesson\\0401", "lesson\\0402", "skip", "weights", "quit"] {
      #expect(history.contains(line), "\(line) missing:\n\(history)")
    }
  }
}
