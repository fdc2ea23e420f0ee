import XCTest

/// Asserts |got − expected| ≤ tolerance·max(|expected|, |got|); prints both numbers and the
/// relative error on failure.
func assertClose(
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
