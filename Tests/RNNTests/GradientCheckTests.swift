import RNN
import XCTest

/// BPTT against central finite differences on many random cases.
final class GradientCheckTests: XCTestCase {
  func testBPTTMatchesFiniteDifferencesOnRandomCases() {
    var rng = SplitMix64(seed: 2024)
    var checked = 0
    var worst = 0.0
    while checked < 1_000 {
      let w = Weights(
        w1: rng.nextUnit() * 4 - 2, w2: rng.nextUnit() * 2 - 1, w3: rng.nextUnit() * 4 - 2)
      let n = 1 + Int(rng.next() % 6)
      let x = (0..<n).map { _ in rng.nextUnit() * 2 - 1 }
      let y = rng.nextUnit() * 2 - 1
      let model = MiniRnn(weights: w)
      let pass = model.forward(x)
      // Stay away from ReLU's kink, where the derivative does not exist.
      guard pass.steps.allSatisfy({ abs($0.preactivation) > 1e-3 }) else { continue }
      let check = model.gradientCheck(inputs: x, target: y)
      XCTAssertFalse(check.nearKink)
      for row in check.rows {
        let scale = max(abs(row.backpropagated), abs(row.numeric))
        // A gradient that is 0 by structure (a cut path) must be 0 both ways.
        if scale < 1e-9 {
          XCTAssertLessThan(abs(row.backpropagated - row.numeric), 1e-9)
          continue
        }
        worst = max(worst, row.relativeError)
        XCTAssertLessThan(
          row.relativeError, 1e-6,
          "\(row.weight): BPTT \(row.backpropagated) vs finite difference \(row.numeric), w \(w), x \(x), y \(y)"
        )
      }
      checked += 1
    }
    print("gradient check: \(checked) random cases, worst relative error \(worst)")
  }

  func testArticleModeFailsTheCheckForW3Only() {
    let model = MiniRnn(weights: Weights(w1: 1.8, w2: -0.5, w3: 1.1), mode: .article)
    let check = model.gradientCheck(inputs: [0.2, 0.5], target: 1)
    let byName = Dictionary(uniqueKeysWithValues: check.rows.map { ($0.weight, $0) })
    XCTAssertLessThan(byName[.w1]!.relativeError, 1e-6)
    XCTAssertLessThan(byName[.w2]!.relativeError, 1e-6)
    XCTAssertEqual(byName[.w3]!.backpropagated, 0)
    XCTAssertEqual(byName[.w3]!.relativeError, 1, accuracy: 1e-12)
  }

  func testNearKinkIsFlagged() {
    // a₁ = 1.8·0 = 0 lies on ReLU's kink.
    let model = MiniRnn(weights: Weights(w1: 1.8, w2: -0.5, w3: 1.1))
    XCTAssertTrue(model.gradientCheck(inputs: [0, 0.5], target: 1).nearKink)
  }
}
