import Foundation
import RNN
import TestSupport
import XCTest

@testable import Tutor

/// When a learner's own change makes the answer differ from the lesson's, the grading says
/// which change: for the generalised cell's biases and activation, and for the LSTM's
/// parameters, as it already did for w₁…w₃ (it said "what you typed" for those before).
final class LessonChangeNoteTests: XCTestCase, ReadsLessonSessions {
  func sigmoid(_ z: Double) -> Double { 1 / (1 + exp(-z)) }

  /// Lesson 10, step 1: c₁ = σ(i.wx·1)·tanh(1) with h₀ = c₀ = 0 and the worked parameters
  /// (i.b = g.b = 0, g.wx = 1, x₁ = 1). With i.wx = 2 instead of 1 the note names i.wx.
  func testTheLSTMParameterTheLearnerSetIsNamed() throws {
    var s = try session(lesson: 10, step: 1)
    ok(&s, "set i.wx 2")
    ok(&s, "step")
    let mine = sigmoid(2) * tanh(1)
    let lessons = sigmoid(1) * tanh(1)
    let out = ok(&s, "answer \(shown(mine))")
    XCTAssertTrue(out.hasPrefix("✓ right"), out)
    XCTAssertTrue(
      out.contains(
        "(you set i.wx = 2, so c₁ = \(shown(mine)), not the lesson's \(shown(lessons)))"),
      out)
  }

  /// Lesson 09, step 1 asks for the sign of the trained b; a b set by hand is named.
  func testTheBiasTheLearnerSetIsNamed() throws {
    var s = try session(lesson: 9, step: 1)
    ok(&s, "set b -0.5")
    let out = ok(&s, "answer negative")
    XCTAssertTrue(out.hasPrefix("✓ right"), out)
    XCTAssertTrue(
      out.contains("(you set b = \(shown(-0.5)), so b = \(shown(-0.5)), not the lesson's "), out)
    XCTAssertFalse(out.contains("what you typed"), out)
  }

  /// A different activation is named with the word `activation` takes.
  func testTheActivationTheLearnerChoseIsNamed() throws {
    var s = try session(lesson: 9, step: 1)
    ok(&s, "activation abs")
    ok(&s, "set b -0.5")
    let out = ok(&s, "answer negative")
    XCTAssertTrue(out.contains("you set b = \(shown(-0.5)), activation abs, so b = "), out)
  }
}
