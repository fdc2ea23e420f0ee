import RNN
import XCTest

final class AppendOnlyLogTests: XCTestCase {
  /// A copy appends in place; the value it was copied from still sees only its own elements.
  func testCopiesKeepTheirOwnElements() {
    var old: AppendOnlyLog<Int> = [1, 2]
    var new = old
    new.append(3)
    XCTAssertEqual(Array(old), [1, 2])
    XCTAssertEqual(Array(new), [1, 2, 3])
    // The old value is now behind: its append must not overwrite the 3 the new one holds.
    old.append(9)
    XCTAssertEqual(Array(old), [1, 2, 9])
    XCTAssertEqual(Array(new), [1, 2, 3])
    new.append(4)
    XCTAssertEqual(Array(new), [1, 2, 3, 4])
    XCTAssertEqual(Array(old), [1, 2, 9])
  }

  /// A value left alone after its newer copy is gone takes the abandoned slots back.
  func testAValueAloneAgainAppendsAfterItsCopyIsGone() {
    var old: AppendOnlyLog<String> = ["a"]
    do {
      var discarded = old
      discarded.append("b")
      discarded.append("c")
    }
    old.append("z")
    XCTAssertEqual(Array(old), ["a", "z"])
  }

  /// Past the capacity it was made with, it grows like an array.
  func testGrowsPastItsCapacity() {
    var log = AppendOnlyLog<Int>(capacity: 2)
    var snapshots: [AppendOnlyLog<Int>] = []
    for i in 0..<1000 {
      log.append(i)
      if i % 100 == 0 { snapshots.append(log) }
    }
    XCTAssertEqual(Array(log), Array(0..<1000))
    for (k, snapshot) in snapshots.enumerated() {
      XCTAssertEqual(Array(snapshot), Array(0...(k * 100)))
    }
  }

  func testEquality() {
    let a: AppendOnlyLog<Double> = [0, 0.5]
    var b: AppendOnlyLog<Double> = [0]
    XCTAssertNotEqual(a, b)
    b.append(0.5)
    XCTAssertEqual(a, b)
    XCTAssertEqual(a, a)
  }

  /// Copies of one pass stepped apart: each keeps the records of its own steps.
  func testForwardPassCopiesStepIndependently() {
    var pass = ForwardPass(inputs: [1, 2, 3], weights: Weights(w1: 1, w2: 1, w3: 1))
    pass.step()
    var ahead = pass
    ahead.step()
    ahead.step()
    XCTAssertEqual(pass.t, 1)
    XCTAssertEqual(Array(pass.hidden), [0, 1])
    XCTAssertEqual(ahead.t, 3)
    XCTAssertEqual(Array(ahead.hidden), [0, 1, 3, 6])
    pass.run()
    XCTAssertEqual(pass, ahead)
  }
}
