import Foundation
import RNN
import XCTest

@testable import Tutor

/// The shell speaks to every model through `SessionModel`: the capability table, the
/// gradients a graded copy starts from, and no shared file that names a model.
final class ModelInterfaceTests: XCTestCase {
  /// Every command of the RNN's is, for each model, its own version, a refusal worded once,
  /// or (for the RNN) the command itself; the shell's own commands are the same for all.
  func testEveryModelCommandIsRunOrRefusedWithOneWording() {
    let models: [any SessionModel] = [RNNState(), LSTMState(), VectorState(size: 2)]
    var part1 = RNNState()
    part1.model.architecture = .part1
    for model in models + [part1] {
      for command in CommandTable.all {
        let version = CommandTable.version(of: command, for: model)
        XCTAssertEqual(version.name, command.name)
        switch model.capability(command.name) {
        case .own(let own): XCTAssertEqual(own.usage, version.usage)
        case .shared:
          XCTAssertNil(RNNState.commands[command.name], "\(command.name) is a model's command")
        case .refused(let name, let why):
          var session = makeSession()
          if model is LSTMState { session.must("model lstm") }
          if model is VectorState { session.must("model rnn 2") }
          if model.word == "part1" { session.must("model part1") }
          let error = session.mustFail(command.name)
          XCTAssertEqual(
            error,
            "\(command.name) does not apply to \(name): \(why); type 'model part2' for Part 2's trainable RNN"
          )
        }
      }
    }
  }

  /// A graded copy of a session in mid-BPTT starts its pass from the gradients as they were
  /// before the pass: for the RNN and the LSTM alike.
  func testGradientsBeforeTheBackwardPass() {
    var rnn = makeSession()
    rnn.must("set w1.g 0.25; set w3.g -2; forward; back 2")
    let before = Dictionary(uniqueKeysWithValues: rnn.state.active.gradientsBeforeBackward)
    XCTAssertEqual(before["w1"]!, 0.25, accuracy: 1e-15)
    XCTAssertEqual(before["w3"]!, -2, accuracy: 1e-15)
    XCTAssertEqual(before["w2"], 0)
    var lstm = makeSession()
    lstm.must("model lstm; set f.wh.g 0.5; forward; back 3")
    let lstmBefore = Dictionary(uniqueKeysWithValues: lstm.state.active.gradientsBeforeBackward)
    XCTAssertEqual(lstmBefore.count, 14)
    XCTAssertEqual(lstmBefore["f.wh"]!, 0.5, accuracy: 1e-15)
    XCTAssertEqual(lstmBefore["wy"]!, 0, accuracy: 1e-15)
    var vector = makeSession()
    vector.must("model rnn 2; set W_hh[1,2].g 0.5; forward; back 2")
    let vectorBefore = Dictionary(
      uniqueKeysWithValues: vector.state.active.gradientsBeforeBackward)
    XCTAssertEqual(vectorBefore.count, 11)
    XCTAssertEqual(vectorBefore["W_hh[1,2]"]!, 0.5, accuracy: 1e-15)
    XCTAssertEqual(vectorBefore["c"]!, 0, accuracy: 1e-15)
    XCTAssertTrue(makeSession().state.active.gradientsBeforeBackward.isEmpty)
  }

  /// Outside `Sources/Tutor/Models`, no file names a model's state: the shell asks the
  /// protocol (the session holds the RNN as its home model, and that is the one exception).
  func testNoSharedFileNamesAModel() throws {
    let tutor = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(
        "Sources/Tutor")
    let files = try XCTUnwrap(FileManager.default.enumerator(atPath: tutor.path))
      .compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") && !$0.hasPrefix("Models/") }
    XCTAssertGreaterThan(files.count, 50)
    for file in files {
      let text = try String(contentsOf: tutor.appendingPathComponent(file), encoding: .utf8)
      for name in [
        "LSTMState", "activeLSTM", "state.lstm", "lstmVersions", "VectorState", "activeVector",
      ] {
        XCTAssertFalse(text.contains(name), "\(file) names \(name)")
      }
      XCTAssertFalse(
        file != "Session/SessionState.swift" && text.contains("RNNState"), "\(file) names RNNState")
    }
  }
}
