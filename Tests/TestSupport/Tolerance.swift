import XCTest

/// Asserts |got − expected| ≤ tolerance·max(|expected|, |got|); prints both numbers and the
/// relative error on failure.
public func assertClose(
  _ got: Double, _ expected: Double, relative tolerance: Double, _ what: String = "",
  file: StaticString = #filePath, line: UInt = #line
) {
  let scale = max(abs(expected), abs(got))
  let error = scale == 0 ? 0 : abs(got - expected) / scale
  XCTAssert(
    error <= tolerance,
    "\(what): expected \(expected), got \(got), relative error \(error) > \(tolerance)",
    file: file, line: line)
}

/// Asserts |got − expected| ≤ tolerance.
public func assertWithin(
  _ got: Double, _ expected: Double, _ tolerance: Double, _ what: String = "",
  file: StaticString = #filePath, line: UInt = #line
) {
  XCTAssert(
    abs(got - expected) <= tolerance,
    "\(what): expected \(expected), got \(got), |difference| \(abs(got - expected)) > \(tolerance)",
    file: file, line: line)
}
