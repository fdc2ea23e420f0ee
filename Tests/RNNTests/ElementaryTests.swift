import Foundation
import RNN
import XCTest

/// The engine's own e^x and tanh against the C library's, in units in the last place.
final class ElementaryTests: XCTestCase {
  /// |got − want| in units of want's last place.
  func ulps(_ got: Double, _ want: Double) -> Double {
    if got == want { return 0 }
    return abs(got - want) / want.ulp
  }

  func testExpAgreesWithTheCLibrary() {
    var rng = SplitMix64(seed: 1)
    var worst = 0.0
    for k in 0..<200_000 {
      // Mostly the gates' range, some of the whole finite range.
      let x = k % 10 == 0 ? rng.nextUnit() * 1400 - 700 : rng.nextUnit() * 60 - 30
      let e = ulps(Elementary.exp(x), Foundation.exp(x))
      worst = max(worst, e)
      XCTAssertLessThanOrEqual(e, 2, "exp(\(x))")
    }
    print("Elementary.exp: worst \(worst) ulp from the C library's exp over 200,000 arguments")
  }

  func testTanhAgreesWithTheCLibrary() {
    var rng = SplitMix64(seed: 2)
    var worst = 0.0
    for k in 0..<200_000 {
      // Small arguments too, where e^{2x} − 1 would lose digits.
      let x =
        k % 4 == 0
        ? (rng.nextUnit() * 2 - 1) * Foundation.pow(10, -Double(rng.next() % 12))
        : rng.nextUnit() * 50 - 25
      let e = ulps(Elementary.tanh(x), Foundation.tanh(x))
      worst = max(worst, e)
      XCTAssertLessThanOrEqual(e, 3, "tanh(\(x))")
    }
    print("Elementary.tanh: worst \(worst) ulp from the C library's tanh over 200,000 arguments")
  }

  func testSigmoidAgreesWithTheFormulaOnTheCLibrary() {
    var rng = SplitMix64(seed: 3)
    for _ in 0..<100_000 {
      let z = rng.nextUnit() * 80 - 40
      let want = 1 / (1 + Foundation.exp(-z))
      XCTAssertLessThanOrEqual(ulps(Elementary.sigmoid(z), want), 4, "σ(\(z))")
    }
  }

  func testEdges() {
    XCTAssertEqual(Elementary.exp(0), 1)
    XCTAssertEqual(Elementary.exp(710), .infinity)
    XCTAssertEqual(Elementary.exp(-746), 0)
    XCTAssertEqual(Elementary.exp(-.infinity), 0)
    XCTAssertTrue(Elementary.exp(.nan).isNaN)
    XCTAssertLessThanOrEqual(ulps(Elementary.exp(709.78), Foundation.exp(709.78)), 2)
    XCTAssertLessThanOrEqual(ulps(Elementary.exp(-740), Foundation.exp(-740)), 2)
    XCTAssertEqual(Elementary.tanh(0), 0)
    XCTAssertEqual(Elementary.tanh(-0.0).sign, .minus)
    XCTAssertEqual(Elementary.tanh(30), 1)
    XCTAssertEqual(Elementary.tanh(-.infinity), -1)
    XCTAssertTrue(Elementary.tanh(.nan).isNaN)
    XCTAssertEqual(Elementary.tanh(1e-300), 1e-300)
    XCTAssertEqual(Elementary.sigmoid(0), 0.5)
    XCTAssertEqual(Elementary.sigmoid(-800), 0)
    XCTAssertEqual(Elementary.sigmoid(800), 1)
  }
}
