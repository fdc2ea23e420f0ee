import XCTest

@testable import RNN

/// The shared parameter-set operations against the per-model code they replaced, written out
/// field by field here, on seeded random parameters. The two compute the same operations in
/// the same order, so they agree to the bit: the comparisons are of bit patterns.
final class ParameterSetTests: XCTestCase {
  private func randomWeights(_ rng: inout SplitMix64) -> Weights {
    Weights(Parameter.allCases.map { _ in 4 * rng.nextUnit() - 2 })
  }

  private func randomLSTMWeights(_ rng: inout SplitMix64) -> LSTMWeights {
    LSTMWeights(LSTMParameter.allCases.map { _ in 4 * rng.nextUnit() - 2 })
  }

  private func assertSameBits<P: ParameterSet>(
    _ got: P, _ expected: P, _ message: String, file: StaticString = #filePath, line: UInt = #line
  ) {
    XCTAssertEqual(
      got.values.map(\.bitPattern), expected.values.map(\.bitPattern),
      "\(message): got \(got.values), expected \(expected.values)", file: file, line: line)
  }

  func testTheRNNUpdateIsTheOneItReplaced() {
    var rng = SplitMix64(seed: 20)
    for trainsBiases in [false, true] {
      for _ in 0..<200 {
        var model = MiniRnn(weights: randomWeights(&rng))
        model.gradients = randomWeights(&rng)
        model.trainsBiases = trainsBiases
        let lr = rng.nextUnit()
        // MiniRnn.update before the shared one: the weights always, the biases when trained.
        var expected = model.weights
        expected.w1 -= model.gradients.w1 * lr
        expected.w2 -= model.gradients.w2 * lr
        expected.w3 -= model.gradients.w3 * lr
        if trainsBiases {
          expected.b -= model.gradients.b * lr
          expected.c -= model.gradients.c * lr
        }
        model.update(learningRate: lr)
        assertSameBits(model.weights, expected, "trainsBiases \(trainsBiases), lr \(lr)")
      }
    }
  }

  func testTheLSTMUpdateIsTheOneItReplaced() {
    var rng = SplitMix64(seed: 21)
    for _ in 0..<200 {
      var model = MiniLSTM(weights: randomLSTMWeights(&rng))
      model.gradients = randomLSTMWeights(&rng)
      let (w, g, lr) = (model.weights, model.gradients, rng.nextUnit())
      // LSTMWeights.update(by:learningRate:) before the shared one, gate by gate.
      func stepped(_ p: LSTMGateWeights, _ q: LSTMGateWeights) -> LSTMGateWeights {
        LSTMGateWeights(wx: p.wx - q.wx * lr, wh: p.wh - q.wh * lr, b: p.b - q.b * lr)
      }
      let expected = LSTMWeights(
        i: stepped(w.i, g.i), f: stepped(w.f, g.f), g: stepped(w.g, g.g), o: stepped(w.o, g.o),
        wy: w.wy - g.wy * lr, by: w.by - g.by * lr)
      model.update(learningRate: lr)
      assertSameBits(model.weights, expected, "lr \(lr)")
    }
  }

  func testClippingNormsAreTheOnesTheyReplaced() {
    var rng = SplitMix64(seed: 22)
    for _ in 0..<200 {
      let g = randomWeights(&rng)
      let weightsOnly = (g.w1 * g.w1 + g.w2 * g.w2 + g.w3 * g.w3).squareRoot()
      let all = (g.w1 * g.w1 + g.w2 * g.w2 + g.w3 * g.w3 + g.b * g.b + g.c * g.c).squareRoot()
      XCTAssertEqual(Clipping.norm(g).bitPattern, weightsOnly.bitPattern)
      XCTAssertEqual(Clipping.normIncludingBiases(g).bitPattern, all.bitPattern)
      let maxNorm = rng.nextUnit()
      for includingBiases in [false, true] {
        guard let clipping = Clipping(g, maxNorm: maxNorm, includingBiases: includingBiases)
        else {
          XCTAssertGreaterThanOrEqual(maxNorm / ((includingBiases ? all : weightsOnly) + 1e-6), 1)
          continue
        }
        let f = maxNorm / ((includingBiases ? all : weightsOnly) + 1e-6)
        XCTAssertEqual(clipping.factor.bitPattern, f.bitPattern)
        let expected = Weights(
          w1: g.w1 * f, w2: g.w2 * f, w3: g.w3 * f, b: includingBiases ? g.b * f : g.b,
          c: includingBiases ? g.c * f : g.c)
        assertSameBits(clipping.clipped, expected, "maxNorm \(maxNorm)")
      }
    }
  }

  /// Each name reads and writes its own field, and `values` lists them in `allCases` order.
  func testNamesReachTheirOwnFields() {
    var w = Weights.zero
    for (k, name) in Parameter.allCases.enumerated() { w[name] = Double(k + 1) }
    XCTAssertEqual(w, Weights(w1: 1, w2: 2, w3: 3, b: 4, c: 5))
    XCTAssertEqual(w.values, [1, 2, 3, 4, 5])
    XCTAssertEqual(Weights(w.values), w)
    XCTAssertEqual(w[Weight.w2], 2)
    XCTAssertEqual(w[Bias.c], 5)

    var l = LSTMWeights.zero
    for (k, name) in LSTMParameter.allCases.enumerated() { l[name] = Double(k + 1) }
    XCTAssertEqual(
      l,
      LSTMWeights(
        i: LSTMGateWeights(wx: 1, wh: 2, b: 3), f: LSTMGateWeights(wx: 4, wh: 5, b: 6),
        g: LSTMGateWeights(wx: 7, wh: 8, b: 9), o: LSTMGateWeights(wx: 10, wh: 11, b: 12),
        wy: 13, by: 14))
    for gate in LSTMGate.allCases {
      let (wx, wh, b) = gate.parameters
      XCTAssertEqual(l[gate], LSTMGateWeights(wx: l[wx], wh: l[wh], b: l[b]))
    }
  }

  /// `combine` visits every parameter once, in `allCases` order, paired with the same one.
  func testCombineVisitsEachParameterInOrder() {
    func visits<P: ParameterSet>(_ p: P) -> [P.Name] {
      var copy = p
      var names: [P.Name] = []
      copy.combine(with: p) { name, mine, theirs in
        names.append(name)
        XCTAssertEqual(mine, theirs)
        XCTAssertEqual(mine, p[name])
      }
      return names
    }
    var rng = SplitMix64(seed: 23)
    XCTAssertEqual(visits(randomWeights(&rng)), Parameter.allCases)
    XCTAssertEqual(visits(randomLSTMWeights(&rng)), LSTMParameter.allCases)
  }

  func testZeroAndFiniteness() {
    XCTAssertEqual(Weights.zero.values, Array(repeating: 0, count: 5))
    XCTAssertEqual(LSTMWeights.zero.values, Array(repeating: 0, count: 14))
    var rng = SplitMix64(seed: 24)
    func check<P: ParameterSet>(_ p: P) {
      XCTAssertTrue(p.isFinite)
      for name in P.Name.allCases {
        for bad in [Double.nan, .infinity, -.infinity] {
          var q = p
          q[name] = bad
          XCTAssertFalse(q.isFinite, "\(name.rawValue) = \(bad)")
          XCTAssertTrue(q.isFinite(where: { $0 != name }), "\(name.rawValue) left out")
        }
      }
    }
    check(randomWeights(&rng))
    check(randomLSTMWeights(&rng))
  }
}
