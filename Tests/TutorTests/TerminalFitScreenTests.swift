import RNN
import XCTest

@testable import Tutor

/// Screens that fit the terminal: the progress line, and long tables at a terminal.
final class TerminalFitScreenTests: XCTestCase {
  // MARK: The progress line

  /// Every width from 40 to 160: never wider than width − 3, the epoch count, ETA and
  /// "Ctrl-C stops" always there, and fields dropped in the stated order.
  func testProgressLineDropsThroughputThenBarThenLoss() {
    let cases = [
      TrainingProgress(epoch: 1_234, epochs: 20_000, sampleSteps: 3_702, loss: 0.012345),
      TrainingProgress(
        epoch: 123_456_789, epochs: 1_000_000_000, sampleSteps: 370_370_367, loss: 0.25),
    ]
    for p in cases {
      var seen: [String] = []
      for width in 40...160 {
        let line = Session.progressLine(p, elapsed: .seconds(2), width: width)
        let epoch = "epoch \(Parse.grouped(p.epoch))/\(Parse.grouped(p.epochs))"
        if width - 3 >= epoch.count + 2 + "ETA 10s  Ctrl-C stops".count {
          XCTAssertLessThanOrEqual(line.count, width - 3, "\(width): \(line)")
          XCTAssertTrue(line.hasPrefix(epoch), "\(width): \(line)")
          XCTAssertTrue(line.contains("  ETA "), "\(width): \(line)")
          XCTAssertTrue(line.hasSuffix("  Ctrl-C stops"), "\(width): \(line)")
        }
        let hasRate = line.contains("epochs/s")
        let hasBar = line.contains("[")
        let hasLoss = line.contains("loss ")
        // Throughput goes first, then the bar, then the loss.
        if hasRate { XCTAssertTrue(hasBar && hasLoss, line) }
        if hasBar { XCTAssertTrue(hasLoss, line) }
        let shape = "\(hasLoss)\(hasBar)\(hasRate)"
        if seen.last != shape { seen.append(shape) }
      }
      // Widening the terminal brings the fields back: the loss, then the bar, then the rate.
      XCTAssertEqual(seen, ["falsefalsefalse", "truefalsefalse", "truetruefalse", "truetruetrue"])
    }
  }

  // MARK: Long tables

  private func steppedSession(_ n: Int, interactive: Bool) -> Session {
    var session = Session(
      traits: TerminalTraits(isInteractive: interactive, color: false, unicode: true, width: 80))
    let inputs = (0..<n).map { String(Double($0 % 4) / 4) }.joined(separator: " ")
    session.must("set w1 0.5; set w2 0.5; set w3 0.8; target 1; input \(inputs); forward; backward")
    return session
  }

  func testLongStatesAndGradsAreElidedAtATerminalOnly() {
    let n = 150
    var atTerminal = steppedSession(n, interactive: true)
    var inScript = steppedSession(n, interactive: false)
    let keep = LongTable.keptRows

    let states = atTerminal.must("states")
    XCTAssertTrue(
      states.contains("… \(n - 2 * keep) timesteps not shown; 'states all' shows them all …"),
      states)
    let stateRows = states.split(separator: "\n").filter { $0.first?.isNumber == true }
    // h₀'s row, the first and the last `keep` timesteps.
    XCTAssertEqual(
      stateRows.map { String($0.prefix(while: \.isNumber)) },
      ["0"] + (1...keep).map(String.init) + ((n - keep + 1)...n).map(String.init))
    let allStates = atTerminal.must("states all")
    XCTAssertEqual(allStates, TextLayout.wrapLongLines(inScript.must("states"), width: 80))
    XCTAssertEqual(
      allStates.split(separator: "\n").filter { $0.first?.isNumber == true }.count, n + 1)

    let grads = atTerminal.must("grads")
    XCTAssertTrue(
      grads.contains("… \(n - 2 * keep) timesteps not shown; 'grads all' shows them all …"), grads)
    XCTAssertTrue(grads.contains("… \(n - 6) more terms …"), grads)
    XCTAssertTrue(grads.contains("\nout "), grads)
    XCTAssertTrue(grads.contains("\nsum (.g) "), grads)
    // The sums shown are the real ones, whatever is elided.
    let w1 = atTerminal.state.model.gradients.w1
    XCTAssertTrue(grads.contains(Notation(unicode: true, precision: 6).value(w1) + "\n"), grads)
    // At a terminal, long lines (§2.6's sums) are wrapped; otherwise the same text.
    XCTAssertEqual(
      atTerminal.must("grads all"), TextLayout.wrapLongLines(inScript.must("grads"), width: 80))
    XCTAssertFalse(inScript.must("grads").contains("not shown"))
    XCTAssertEqual(
      atTerminal.mustFail("states some"), "states: expected nothing or 'all'; usage: states [all]")
  }

  func testShortTablesAreNotElided() {
    var session = steppedSession(LongTable.rowLimit, interactive: true)
    XCTAssertFalse(session.must("states").contains("not shown"))
    XCTAssertFalse(session.must("grads").contains("not shown"))
  }
}

/// One wording for what a screen leaves out (issue 20 counted four).
final class ElidedLineTests: XCTestCase {
  func testOneWordingWithCountsInWords() {
    XCTAssertEqual(elidedLine(1), "… 1 timestep not shown …")
    XCTAssertEqual(
      elidedLine(1_200, shownBy: "states all"),
      "… 1,200 timesteps not shown; 'states all' shows them all …")
    XCTAssertEqual(
      elidedLine(3, "earlier command", shownBy: "history all"),
      "… 3 earlier commands not shown; 'history all' shows them all …")
    // Every screen that elides says it this way: `forward` of a long input, the LSTM's.
    var s = Session(
      traits: TerminalTraits(isInteractive: true, color: false, unicode: true, width: 80))
    s.must("input " + (1...30).map { _ in "0.1" }.joined(separator: " "))
    XCTAssertTrue(s.must("forward").contains(elidedLine(20, shownBy: "states all")))
    // `backward` shows the output step, t = 30…20 and t = 1: 18 timesteps left out.
    XCTAssertTrue(s.must("backward").contains(elidedLine(18, shownBy: "grads all")))
    s.must("model lstm")
    XCTAssertTrue(s.must("forward").contains(elidedLine(28, shownBy: "states all")))
    XCTAssertTrue(s.must("backward").contains(elidedLine(29, shownBy: "grads all")))
  }
}
