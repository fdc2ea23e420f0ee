import XCTest

@testable import RNN

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

  /// The one central difference (`CheckedGradient`) gives, bit for bit, the figures of the
  /// two per-model checks it replaced, written out here as they were: for the RNN (with
  /// truncation's held h and the generalised cell's biases) and for the LSTM.
  func testTheSharedCheckGivesTheFiguresOfTheChecksItReplaced() {
    var rng = SplitMix64(seed: 25)
    func u() -> Double { rng.nextUnit() * 2 - 1 }
    func assertRow<P>(_ row: CheckedGradient<P>, _ expected: [Double], _ what: String) {
      let got = [row.backpropagated, row.numeric, row.relativeError, row.epsilon]
      XCTAssertEqual(
        got.map(\.bitPattern), expected.map(\.bitPattern), "\(what): \(got) vs \(expected)")
    }
    func relative(_ bptt: Double, _ numeric: Double) -> Double {
      let scale = max(abs(bptt), abs(numeric))
      return scale == 0 ? 0 : abs(bptt - numeric) / scale
    }
    for k in 0..<300 {
      let x = (0..<(1 + k % 5)).map { _ in u() }
      let y = u()
      var rnn = MiniRnn(weights: Weights(w1: 3 * u(), w2: u(), w3: 3 * u(), b: u(), c: u()))
      rnn.activation = [.relu, .tanh, .absoluteValue, .identity][k % 4]
      rnn.truncation = k % 3 == 0 ? 1 + k % 2 : nil
      var fresh = rnn
      fresh.trainsBiases = true
      fresh.backward(fresh.forward(x), target: y)
      for row in rnn.gradientCheck(inputs: x, target: y).rows {
        let p = rnn.weights[row.weight]
        let step = 1e-6 * max(1, abs(p))
        func lossAt(_ value: Double) -> Double {
          var probe = rnn.weights
          probe[row.weight] = value
          return Cell.loss(
            prediction: rnn.detachedPrediction(
              x, probe: probe, heldUpTo: rnn.detachedAt(x.count)),
            target: y)
        }
        let (above, below) = (lossAt(p + step), lossAt(p - step))
        let numeric = (above - below) / (2 * step)
        let bptt = fresh.gradients[row.weight]
        assertRow(row, [bptt, numeric, relative(bptt, numeric), step], "RNN \(row.weight)")
        XCTAssertEqual(
          row.roundoff.bitPattern, ((above.ulp + below.ulp) / (2 * step)).bitPattern)
      }

      var lstm = MiniLSTM(weights: .zero)
      lstm.randomize(using: &rng)
      var lstmFresh = lstm
      lstmFresh.backward(lstmFresh.forward(x), target: y)
      for row in lstm.gradientCheck(inputs: x, target: y) {
        let p = lstm.weights[row.parameter]
        let step = 1e-5 * max(1, abs(p))
        func lossAt(_ value: Double) -> Double {
          var probe = lstm
          probe.weights[row.parameter] = value
          return Cell.loss(prediction: probe.predict(x), target: y)
        }
        let numeric = (lossAt(p + step) - lossAt(p - step)) / (2 * step)
        let bptt = lstmFresh.gradients[row.parameter]
        assertRow(
          row, [bptt, numeric, relative(bptt, numeric), step], "LSTM \(row.parameter.rawValue)")
      }
    }
  }
}
