import RNN
import XCTest

final class MiscTests: XCTestCase {
  func testSplitMixIsSeededAndInUnitInterval() {
    var a = SplitMix64(seed: 42)
    var b = SplitMix64(seed: 42)
    let xs = (0..<10_000).map { _ in a.nextUnit() }
    XCTAssertEqual(xs, (0..<10_000).map { _ in b.nextUnit() })
    XCTAssertTrue(xs.allSatisfy { $0 >= 0 && $0 < 1 })
    let mean = xs.reduce(0, +) / Double(xs.count)
    XCTAssertEqual(mean, 0.5, accuracy: 0.02)
  }

  func testErrataAreNumberedInOrder() {
    XCTAssertEqual(Erratum.all.map(\.id), Array(1...Erratum.all.count))
    XCTAssertEqual(Erratum.all.filter { $0.reproducedBy == .articleMode }.map(\.id), [1, 2])
  }

  func testDatasetsFromTheArticle() {
    XCTAssertEqual(Dataset.slopes.samples.map(\.target), [1, 0.5, 0])
    XCTAssertEqual(Dataset.zigzag.samples.map(\.inputs), [[0, 1, 0, 1, 0], [1, 0, 1, 0, 1]])
    XCTAssertEqual(Dataset.named("zigzag"), .zigzag)
    XCTAssertNil(Dataset.named("nope"))
  }
}
