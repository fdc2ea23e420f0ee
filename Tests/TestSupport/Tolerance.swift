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

/// The `name = value` lines of an oracle's output (PyTorch scripts print them so).
public func oracleValues(_ text: some StringProtocol) -> [String: Double] {
  var found: [String: Double] = [:]
  for line in text.split(separator: "\n") {
    let parts = line.components(separatedBy: " = ")
    if parts.count == 2, let v = Double(parts[1]) { found[parts[0]] = v }
  }
  return found
}

/// Asserts that `ours` and `oracle` name the same values and that each pair agrees to
/// `tolerance` relative; returns the worst relative difference and how many were compared.
@discardableResult
public func assertAgree(
  _ ours: [String: Double], _ oracle: [String: Double], relative tolerance: Double,
  _ what: String, file: StaticString = #filePath, line: UInt = #line
) -> (worst: Double, compared: Int) {
  XCTAssertEqual(
    Set(ours.keys), Set(oracle.keys), "\(what): the same values on both sides", file: file,
    line: line)
  var worst = 0.0
  var compared = 0
  for (name, want) in oracle {
    guard let got = ours[name] else { continue }
    let scale = max(abs(want), abs(got))
    let relative = scale == 0 ? 0 : abs(got - want) / scale
    worst = max(worst, relative)
    compared += 1
    XCTAssertLessThanOrEqual(
      relative, tolerance,
      "\(what) \(name): oracle \(want), minirnn \(got), relative \(relative)", file: file,
      line: line)
  }
  return (worst, compared)
}
