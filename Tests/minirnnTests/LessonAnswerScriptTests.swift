@preconcurrency import Glibc
import Testing

/// Issue 10's example, typed exactly as the issue did, through the built binary.
@Suite struct LessonAnswerScriptTests {
  /// The shipped lessons, next to the package's Tests folder.
  static let lessons: String = {
    var path = #filePath
    for _ in 0..<3 { path = String(path[..<path.lastIndex(of: "/")!]) }
    return path + "/Lessons"
  }()

  @Test func anAnswerFollowsTheLearnersW3() throws {
    let home = try makeTemporaryFolder()
    defer { removeTree(home) }
    let result = try run(
      [minirnnPath, "-e", "lesson 1; goto 4; set w3 2; forward; answer 0.61"],
      environment: [
        "MINIRNN_LESSONS": Self.lessons, "HOME": home, "XDG_STATE_HOME": nil, "LC_ALL": "C.UTF-8",
      ])
    #expect(result.status == 0, "stderr: \(result.stderr)")
    // ŷ = h₃·w₃ with h₃ = ReLU(0.5·0.25 + 0.4·0.45) and the learner's w₃ = 2.
    let h3 = max(0, 0.5 * 0.25 + 0.4 * 0.45)
    #expect(abs(h3 * 2 - 0.61) < 1e-12)
    #expect(abs(h3 * 1.5 - 0.4575) < 1e-12, "the lesson's own w₃ is 1.5")
    #expect(result.stdout.contains("✓ right: ŷ = 0.61"), "stdout:\n\(result.stdout)")
    #expect(result.stdout.contains("you set w₃ = 2, so ŷ = 0.61, not the lesson's 0.4575"))
  }
}
