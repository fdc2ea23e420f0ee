import RNN
import XCTest

@testable import Tutor

/// `step` and `back` walks: every step shows what a fresh pass computes at that t, and a
/// failed command in the middle of a walk leaves the state exactly as it was.
final class SteppingTests: XCTestCase {
  func testAFailedCommandMidWalkChangesNothing() {
    var session = makeSession()
    let inputs = (0..<40).map { String(Double($0 % 5) / 4) }.joined(separator: " ")
    session.must("set w1 0.5; set w2 0.5; set w3 0.8; target 1; input \(inputs)")
    for t in 1...40 {
      session.must("step")
      let before = session.state
      // `print h[t+1]` is not computed yet at t < 40; `set w1 x` is never valid.
      XCTAssertNotNil(session.execute("set w1 x").error)
      XCTAssertEqual(session.state, before, "t = \(t)")
      XCTAssertEqual(session.state.forward?.t, t)
    }
    XCTAssertNotNil(session.execute("step").error, "the pass is complete")
    for k in 1...41 {
      session.must("back")
      let before = session.state
      XCTAssertNotNil(session.execute("update -").error)
      XCTAssertEqual(session.state, before, "back step \(k)")
    }

    // The walk ends where one `forward; backward` ends.
    var fresh = makeSession()
    fresh.must("set w1 0.5; set w2 0.5; set w3 0.8; target 1; input \(inputs); forward; backward")
    XCTAssertEqual(session.state.model.gradients, fresh.state.model.gradients)
    XCTAssertEqual(session.state.forward, fresh.state.forward)
    XCTAssertEqual(session.state.backward, fresh.state.backward)
  }

  /// A session copied mid-walk and stepped on its own leaves the original's pass as it was.
  func testACopiedSessionStepsOnItsOwn() {
    var session = makeSession()
    session.must("input 1 2 3 4; set w1 1; set w2 1; set w3 1; step")
    var copy = session
    copy.must("step; step")
    session.must("step")
    XCTAssertEqual(session.state.forward.map { Array($0.hidden) }, [0, 1, 3])
    XCTAssertEqual(copy.state.forward.map { Array($0.hidden) }, [0, 1, 3, 6])
  }
}
