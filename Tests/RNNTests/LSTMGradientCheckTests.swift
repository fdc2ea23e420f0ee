import RNN
import XCTest

/// The LSTM's BPTT against central finite differences on 1,000 seeded random cases.
final class LSTMGradientCheckTests: XCTestCase {
  func testBPTTMatchesFiniteDifferencesOnRandomCases() {
    var rng = SplitMix64(seed: 1997)
    var worst = 0.0
    var worstAbsolute = 0.0
    var compared = 0
    for _ in 0..<1_000 {
      var model = MiniLSTM(weights: .zero)
      model.randomize(using: &rng)
      // Wider than the default ±1, so that some gates saturate.
      model.weights = LSTMWeights(model.weights.values.map { 2 * $0 })
      let n = 1 + Int(rng.next() % 6)
      let x = (0..<n).map { _ in rng.nextUnit() * 2 - 1 }
      let y = rng.nextUnit() * 2 - 1
      for row in model.gradientCheck(inputs: x, target: y) {
        let difference = abs(row.backpropagated - row.numeric)
        worstAbsolute = max(worstAbsolute, difference)
        // A central difference of a loss of order 1 carries ~1e−10 of rounding, so a
        // relative error means something only for gradients well above that.
        guard max(abs(row.backpropagated), abs(row.numeric)) >= 1e-4 else {
          XCTAssertLessThan(difference, 1e-9, "\(row.parameter.rawValue), x \(x), y \(y)")
          continue
        }
        compared += 1
        worst = max(worst, row.relativeError)
        XCTAssertLessThan(
          row.relativeError, 1e-5,
          "\(row.parameter.rawValue): BPTT \(row.backpropagated) vs finite difference "
            + "\(row.numeric), parameters \(model.weights.values), x \(x), y \(y)")
      }
    }
    print(
      "LSTM gradient check: 1000 random cases, \(compared) gradients ≥ 1e-4 compared, worst "
        + "relative error \(worst); worst absolute error over all 14,000 \(worstAbsolute)")
  }

  func testEveryParameterHasARow() {
    let model = MiniLSTM(weights: LSTMHandDerivedTests.weights)
    let rows = model.gradientCheck(inputs: [1, 0.5], target: 1)
    XCTAssertEqual(rows.map(\.parameter), LSTMParameter.allCases)
    for row in rows { XCTAssertLessThan(row.relativeError, 1e-7, row.parameter.rawValue) }
  }
}
