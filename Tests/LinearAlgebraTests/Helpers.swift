import Foundation
import LinearAlgebra
import RNN
import XCTest

extension SplitMix64 {
  /// A standard-normal draw by Box–Muller from two uniform ones (1 − u keeps the logarithm
  /// away from 0).
  mutating func nextGaussian() -> Double {
    let u = 1 - nextUnit()
    let v = nextUnit()
    return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
  }

  /// `count` standard-normal draws.
  mutating func gaussians(_ count: Int) -> [Double] {
    (0..<count).map { _ in nextGaussian() }
  }
}

/// Asserts the two matrices have the same shape and every entry within `tolerance`.
func assertClose(
  _ got: Matrix, _ expected: Matrix, within tolerance: Double, _ what: String,
  file: StaticString = #filePath, line: UInt = #line
) {
  guard got.rows == expected.rows, got.columns == expected.columns else {
    return XCTFail(
      "\(what): expected a \(expected.rows)×\(expected.columns) matrix, got "
        + "\(got.rows)×\(got.columns)", file: file, line: line)
  }
  let worst = zip(got.values, expected.values).map { abs($0 - $1) }.max() ?? 0
  XCTAssert(
    worst <= tolerance,
    "\(what): largest |difference| \(worst) > \(tolerance)\nexpected \(expected.values)\n"
      + "got      \(got.values)", file: file, line: line)
}
