import RNN
import TestSupport
import XCTest

/// Each local derivative in `Cell` against a central finite difference of the forward
/// equation it differentiates, at seeded random points.
final class CellTests: XCTestCase {
  /// (f(x + ε) − f(x − ε)) / 2ε with ε = 1e-6·max(1, |x|).
  private func centralDifference(at x: Double, _ f: (Double) -> Double) -> Double {
    let epsilon = 1e-6 * max(1, abs(x))
    return (f(x + epsilon) - f(x - epsilon)) / (2 * epsilon)
  }

  /// `count` seeded draws of uniform numbers in −2…2, `width` at a time.
  private func points(_ width: Int, count: Int = 200, seed: UInt64) -> [[Double]] {
    var generator = SplitMix64(seed: seed)
    return (0..<count).map { _ in (0..<width).map { _ in generator.nextUnit() * 4 - 2 } }
  }

  /// Central differences of these smooth (at most quadratic) pieces are exact up to
  /// rounding, about 1e-10 of the values here.
  private func assertDerivative(
    _ analytic: Double, _ numeric: Double, _ what: String, file: StaticString = #filePath,
    line: UInt = #line
  ) {
    assertWithin(analytic, numeric, 1e-7 * max(1, abs(numeric)), what, file: file, line: line)
  }

  func testReLUPrimeIsTheSlopeOfReLUAwayFromZero() {
    for p in points(1, seed: 1) {
      // Keep the finite-difference step on one side of the kink.
      let a = p[0] + (p[0] < 0 ? -1e-3 : 1e-3)
      assertDerivative(
        Cell.reluPrime(a), centralDifference(at: a) { Cell.relu($0) }, "ReLU′(\(a))")
    }
  }

  /// backStep pushes ∂L/∂h_t back through Eq. 3, h_t = ReLU(w₁·x_t + w₂·h_{t−1}); its four
  /// outputs are the derivatives of dh·h_t by a_t, w₂, w₁ and h_{t−1}.
  func testBackStepGivesTheDerivativesOfEq3() {
    for p in points(5, seed: 2) {
      let (dh, w1, w2, x, hPrevious) = (p[0], p[1], p[2], p[3], abs(p[4]))
      let a = Cell.preactivation(w1: w1, w2: w2, x: x, hPrevious: hPrevious)
      guard abs(a) > 1e-3 else { continue }  // the kink of ReLU
      func downstream(w1: Double, w2: Double, hPrevious: Double) -> Double {
        dh * Cell.relu(Cell.preactivation(w1: w1, w2: w2, x: x, hPrevious: hPrevious))
      }
      let step = Cell.backStep(dh: dh, preactivation: a, x: x, hPrevious: hPrevious, w2: w2)
      let at = "at dh \(dh), w1 \(w1), w2 \(w2), x \(x), h \(hPrevious)"
      assertDerivative(step.tmp, centralDifference(at: a) { dh * Cell.relu($0) }, "tmp \(at)")
      assertDerivative(
        step.w2Term, centralDifference(at: w2) { downstream(w1: w1, w2: $0, hPrevious: hPrevious) },
        "w2 term \(at)")
      assertDerivative(
        step.w1Term, centralDifference(at: w1) { downstream(w1: $0, w2: w2, hPrevious: hPrevious) },
        "w1 term \(at)")
      assertDerivative(
        step.dhPrevious,
        centralDifference(at: hPrevious) { downstream(w1: w1, w2: w2, hPrevious: $0) },
        "dL/dh_{t-1} \(at)")
    }
  }

  /// §2.2: ∂L/∂w₃ of L = ½(y − h·w₃)².
  func testW3TermIsTheDerivativeOfTheLossByW3() {
    for p in points(3, seed: 3) {
      let (h, w3, y) = (p[0], p[1], p[2])
      let prediction = Cell.output(w3: w3, h: h)
      let lossGradient = Cell.lossGradient(prediction: prediction, target: y)
      let numeric = centralDifference(at: w3) {
        Cell.loss(prediction: Cell.output(w3: $0, h: h), target: y)
      }
      assertDerivative(
        Cell.w3Term(h: h, lossGradient: lossGradient), numeric, "w3 term at h \(h), w3 \(w3)")
    }
  }

  /// §2.5: ∂L/∂h_n of L = ½(y − h_n·w₃)².
  func testOutputHiddenGradientIsTheDerivativeOfTheLossByHn() {
    for p in points(3, seed: 4) {
      let (h, w3, y) = (p[0], p[1], p[2])
      let lossGradient = Cell.lossGradient(
        prediction: Cell.output(w3: w3, h: h), target: y)
      let numeric = centralDifference(at: h) {
        Cell.loss(prediction: Cell.output(w3: w3, h: $0), target: y)
      }
      assertDerivative(
        Cell.outputHiddenGradient(w3: w3, lossGradient: lossGradient), numeric,
        "dL/dh_n at h \(h), w3 \(w3)")
    }
  }

  /// Eq. 4 (corrected): ∂L/∂ŷ of Eq. 1.
  func testLossGradientIsTheDerivativeOfTheLoss() {
    for p in points(2, seed: 5) {
      let (prediction, y) = (p[0], p[1])
      let numeric = centralDifference(at: prediction) { Cell.loss(prediction: $0, target: y) }
      assertDerivative(
        Cell.lossGradient(prediction: prediction, target: y), numeric,
        "dL/dyhat at yhat \(prediction), y \(y)")
    }
  }
}
