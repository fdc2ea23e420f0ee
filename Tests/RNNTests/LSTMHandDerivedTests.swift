import RNN
import TestSupport
import XCTest

/// One LSTM case worked by hand: x = (1, 0.5), y = 1, round parameters
///
///     gate   wx     wh     b
///     i      1      0.5    0
///     f      0.5   −0.5    1
///     g      1      1      0
///     o      0.5    0.5    0        wy = 2, by = 0.5,  h₀ = c₀ = 0.
///
/// Worked to 10 significant figures from e^−1 = 0.3678794412, e^−1.5 = 0.2231301601,
/// e^−0.5 = 0.6065306597 and tanh u = (e^{2u} − 1)/(e^{2u} + 1); the test allows 1e−8.
///
/// Forward, t = 1 (x₁ = 1, h₀ = 0, so z = wx + b):
///   z_i = 1 → i₁ = 1/(1 + 0.3678794412) = 0.7310585786
///   z_f = 0.5 + 1 = 1.5 → f₁ = 1/(1 + 0.2231301601) = 0.8175744762
///   z_g = 1 → g₁ = tanh 1 = 0.7615941560
///   z_o = 0.5 → o₁ = 1/(1 + 0.6065306597) = 0.6224593312
///   c₁ = f₁·0 + i₁·g₁ = 0.7310585786·0.7615941560 = 0.5567699411
///   h₁ = o₁·tanh c₁ = 0.6224593312·0.5055769315 = 0.3147010787
/// t = 2 (x₂ = 0.5):
///   z_i = 0.5 + 0.5·h₁ = 0.6573505393 → i₂ = 0.6586649730
///   z_f = 0.25 − 0.5·h₁ + 1 = 1.092649461 → f₂ = 0.7488803039
///   z_g = 0.5 + h₁ = 0.8147010787 → g₂ = tanh 0.8147010787 = 0.6721754477
///   z_o = 0.25 + 0.5·h₁ = 0.4073505393 → o₂ = 0.6004524181
///   c₂ = f₂·c₁ + i₂·g₂ = 0.4169540427 + 0.4427384231 = 0.8596924659
///   h₂ = o₂·tanh c₂ = 0.6004524181·0.6960991894 = 0.4179744415
///   ŷ = 2·h₂ + 0.5 = 1.335948883;  L = ½(1 − ŷ)² = ½·0.335948883² = 0.05643082598
///
/// Backward, the output: ∂L/∂ŷ = ŷ − 1 = 0.335948883; wy term = h₂·∂L/∂ŷ = 0.1404180467;
/// by term = 0.335948883; ∂L/∂h₂ = wy·∂L/∂ŷ = 0.6718977659; nothing arrives at c₂ (0).
/// t = 2: tanh′(c₂) = 1 − 0.6960991894² = 0.5154459185;
///   ∂L/∂c₂ = 0 + ∂L/∂h₂·o₂·tanh′(c₂) = 0.6718977659·0.6004524181·0.5154459185 = 0.2079528612
///   ∂L/∂i₂ = ∂L/∂c₂·g₂ = 0.1397808076;  σ′ = i₂(1 − i₂) = 0.2248254264;  ∂L/∂z_i = 0.03142627967
///   ∂L/∂f₂ = ∂L/∂c₂·c₁ = 0.1157819023;  σ′ = 0.1880585943;              ∂L/∂z_f = 0.02177378180
///   ∂L/∂g₂ = ∂L/∂c₂·i₂ = 0.1369712657;  tanh′ = 1 − g₂² = 0.5481801675; ∂L/∂z_g = 0.07508493139
///   ∂L/∂o₂ = ∂L/∂h₂·tanh c₂ = 0.4677074902; σ′ = 0.2399093117;         ∂L/∂z_o = 0.1122073821
///   terms: wx gets ∂L/∂z·0.5, wh gets ∂L/∂z·h₁, b gets ∂L/∂z:
///     i: 0.01571313983, 0.009889884109;  f: 0.01088689090, 0.006852232618
///     g: 0.03754246569, 0.02362930890;   o: 0.05610369103, 0.03531178417
///   ∂L/∂h₁ = Σ ∂L/∂z·wh = 0.5·0.03142627967 − 0.5·0.02177378180 + 0.07508493139
///            + 0.5·0.1122073821 = 0.1360148714
///   ∂L/∂c₁ arriving = ∂L/∂c₂·f₂ = 0.2079528612·0.7488803039 = 0.1557318019
/// t = 1: tanh′(c₁) = 1 − 0.5055769315² = 0.7443919663;
///   ∂L/∂c₁ = 0.1557318019 + 0.1360148714·o₁·tanh′(c₁) = 0.1557318019 + 0.06302299737
///          = 0.2187547993
///   ∂L/∂i₁ = ∂L/∂c₁·g₁ = 0.1666023767;  σ′ = 0.1966119332;  ∂L/∂z_i = 0.03275601537
///   ∂L/∂f₁ = ∂L/∂c₁·c₀ = 0: the forget gate had nothing to forget, so f gets no term here
///   ∂L/∂g₁ = ∂L/∂c₁·i₁ = 0.1599225726;  tanh′ = 0.4199743416; ∂L/∂z_g = 0.06716337715
///   ∂L/∂o₁ = ∂L/∂h₁·tanh c₁ = 0.06876598130; σ′ = 0.2350037122; ∂L/∂z_o = 0.01616026088
///   terms: x₁ = 1, so each wx term is ∂L/∂z (= each b term); h₀ = 0, so every wh term is 0.
/// Sums (t = 2 term + t = 1 term):
///   i.wx.g = 0.01571313983 + 0.03275601537 = 0.04846915520   i.wh.g = 0.009889884109
///   i.b.g  = 0.03142627967 + 0.03275601537 = 0.06418229504
///   f.wx.g = 0.01088689090   f.wh.g = 0.006852232618   f.b.g = 0.02177378180
///   g.wx.g = 0.03754246569 + 0.06716337715 = 0.1047058428    g.wh.g = 0.02362930890
///   g.b.g  = 0.07508493139 + 0.06716337715 = 0.1422483085
///   o.wx.g = 0.05610369103 + 0.01616026088 = 0.07226395191   o.wh.g = 0.03531178417
///   o.b.g  = 0.1122073821 + 0.01616026088 = 0.1283676430
///   wy.g = 0.1404180467   by.g = 0.335948883
final class LSTMHandDerivedTests: XCTestCase {
  static let weights = LSTMWeights.worked
  static let inputs = [1.0, 0.5]
  let model = MiniLSTM(weights: weights)
  /// The hand figures carry 10 significant digits.
  let tolerance = 1e-8

  func close(_ got: Double, _ hand: Double, _ what: String, line: UInt = #line) {
    assertClose(got, hand, relative: tolerance, what, line: line)
  }

  func testForwardStepsMatchTheHandComputation() {
    var pass = model.startForward(Self.inputs)
    let one = pass.step()!
    XCTAssertEqual(one.t, 1)
    XCTAssertNil(pass.prediction, "ŷ exists only after the last step")
    // x₁ = 1 and h₀ = 0 make z = wx + b, exact in binary.
    XCTAssertEqual(one.preactivation, LSTMGateValues(i: 1, f: 1.5, g: 1, o: 0.5))
    close(one.gates.i, 0.7310585786, "i₁")
    close(one.gates.f, 0.8175744762, "f₁")
    close(one.gates.g, 0.7615941560, "g₁")
    close(one.gates.o, 0.6224593312, "o₁")
    XCTAssertEqual(one.kept, 0, "c₀ = 0")
    close(one.c, 0.5567699411, "c₁")
    close(one.tanhC, 0.5055769315, "tanh c₁")
    close(one.h, 0.3147010787, "h₁")
    let two = pass.step()!
    close(two.preactivation.i, 0.6573505393, "z_i at t = 2")
    close(two.preactivation.f, 1.092649461, "z_f at t = 2")
    close(two.preactivation.g, 0.8147010787, "z_g at t = 2")
    close(two.preactivation.o, 0.4073505393, "z_o at t = 2")
    close(two.gates.i, 0.6586649730, "i₂")
    close(two.gates.f, 0.7488803039, "f₂")
    close(two.gates.g, 0.6721754477, "g₂")
    close(two.gates.o, 0.6004524181, "o₂")
    close(two.kept, 0.4169540427, "f₂·c₁")
    close(two.written, 0.4427384231, "i₂·g₂")
    close(two.c, 0.8596924659, "c₂")
    close(two.tanhC, 0.6960991894, "tanh c₂")
    close(two.h, 0.4179744415, "h₂")
    XCTAssertNil(pass.step(), "no step after n")
    close(pass.prediction!, 1.335948883, "ŷ")
    close(Cell.loss(prediction: pass.prediction!, target: 1), 0.05643082598, "L")
  }

  func testBackwardStepsMatchTheHandComputation() {
    var m = model
    let pass = m.forward(Self.inputs)
    var back = m.startBackward(pass, target: 1)
    guard case .output(let out) = back.step(accumulatingInto: &m.gradients)! else {
      return XCTFail("the first BPTT step handles the output")
    }
    close(out.lossGradient, 0.335948883, "∂L/∂ŷ")
    close(out.wyTerm, 0.1404180467, "wy term")
    close(out.byTerm, 0.335948883, "by term")
    close(out.dhn, 0.6718977659, "∂L/∂h₂")
    XCTAssertEqual(back.nextTimestep, 2)

    guard case .timestep(let two) = back.step(accumulatingInto: &m.gradients)! else {
      return XCTFail("the second BPTT step is t = 2")
    }
    XCTAssertEqual(two.t, 2)
    close(two.dh, 0.6718977659, "∂L/∂h₂ arriving")
    XCTAssertEqual(two.dcArriving, 0, "nothing arrives at c_n")
    close(two.tanhPrimeC, 0.5154459185, "tanh′(c₂)")
    close(two.dcFromH, 0.2079528612, "∂L/∂c₂ through h₂")
    close(two.dc, 0.2079528612, "∂L/∂c₂")
    close(two.dGate.i, 0.1397808076, "∂L/∂i₂")
    close(two.dGate.f, 0.1157819023, "∂L/∂f₂")
    close(two.dGate.g, 0.1369712657, "∂L/∂g₂")
    close(two.dGate.o, 0.4677074902, "∂L/∂o₂")
    close(two.localDerivatives.i, 0.2248254264, "σ′ at i₂")
    close(two.localDerivatives.f, 0.1880585943, "σ′ at f₂")
    close(two.localDerivatives.g, 0.5481801675, "tanh′ at g₂")
    close(two.localDerivatives.o, 0.2399093117, "σ′ at o₂")
    close(two.dz.i, 0.03142627967, "∂L/∂z_i at t = 2")
    close(two.dz.f, 0.02177378180, "∂L/∂z_f at t = 2")
    close(two.dz.g, 0.07508493139, "∂L/∂z_g at t = 2")
    close(two.dz.o, 0.1122073821, "∂L/∂z_o at t = 2")
    close(two.terms.i.wx, 0.01571313983, "i.wx term at t = 2")
    close(two.terms.i.wh, 0.009889884109, "i.wh term at t = 2")
    close(two.terms.f.wx, 0.01088689090, "f.wx term at t = 2")
    close(two.terms.f.wh, 0.006852232618, "f.wh term at t = 2")
    close(two.terms.g.wx, 0.03754246569, "g.wx term at t = 2")
    close(two.terms.g.wh, 0.02362930890, "g.wh term at t = 2")
    close(two.terms.o.wx, 0.05610369103, "o.wx term at t = 2")
    close(two.terms.o.wh, 0.03531178417, "o.wh term at t = 2")
    XCTAssertEqual(two.terms.o.b, two.dz.o, "∂z/∂b = 1")
    XCTAssertEqual(two.terms.wy, 0, "wy's only term is the output step's")
    close(two.sums.i.wx, 0.01571313983, "i.wx.g after t = 2")
    close(two.dhPrevious, 0.1360148714, "∂L/∂h₁")
    close(two.dcPrevious, 0.1557318019, "∂L/∂c₁ arriving")

    guard case .timestep(let one) = back.step(accumulatingInto: &m.gradients)! else {
      return XCTFail("the third BPTT step is t = 1")
    }
    XCTAssertEqual(one.t, 1)
    close(one.dh, 0.1360148714, "∂L/∂h₁ arriving")
    close(one.dcArriving, 0.1557318019, "∂L/∂c₁ arriving")
    close(one.tanhPrimeC, 0.7443919663, "tanh′(c₁)")
    close(one.dcFromH, 0.06302299737, "∂L/∂c₁ through h₁")
    close(one.dc, 0.2187547993, "∂L/∂c₁")
    close(one.dGate.i, 0.1666023767, "∂L/∂i₁")
    XCTAssertEqual(one.dGate.f, 0, "c₀ = 0: the forget gate gets nothing at t = 1")
    close(one.dGate.g, 0.1599225726, "∂L/∂g₁")
    close(one.dGate.o, 0.06876598130, "∂L/∂o₁")
    close(one.localDerivatives.i, 0.1966119332, "σ′ at i₁")
    close(one.localDerivatives.g, 0.4199743416, "tanh′ at g₁")
    close(one.localDerivatives.o, 0.2350037122, "σ′ at o₁")
    close(one.dz.i, 0.03275601537, "∂L/∂z_i at t = 1")
    close(one.dz.g, 0.06716337715, "∂L/∂z_g at t = 1")
    close(one.dz.o, 0.01616026088, "∂L/∂z_o at t = 1")
    XCTAssertEqual(one.terms.i.wx, one.dz.i, "x₁ = 1")
    XCTAssertEqual(one.terms.g.wh, 0, "h₀ = 0")
    XCTAssertNil(back.step(accumulatingInto: &m.gradients), "complete after t = 1")

    let g = m.gradients
    close(g.i.wx, 0.04846915520, "i.wx.g")
    close(g.i.wh, 0.009889884109, "i.wh.g")
    close(g.i.b, 0.06418229504, "i.b.g")
    close(g.f.wx, 0.01088689090, "f.wx.g")
    close(g.f.wh, 0.006852232618, "f.wh.g")
    close(g.f.b, 0.02177378180, "f.b.g")
    close(g.g.wx, 0.1047058428, "g.wx.g")
    close(g.g.wh, 0.02362930890, "g.wh.g")
    close(g.g.b, 0.1422483085, "g.b.g")
    close(g.o.wx, 0.07226395191, "o.wx.g")
    close(g.o.wh, 0.03531178417, "o.wh.g")
    close(g.o.b, 0.1283676430, "o.b.g")
    close(g.wy, 0.1404180467, "wy.g")
    close(g.by, 0.335948883, "by.g")
    XCTAssertEqual(back.passGradients, g, "one pass from zero: the pass's sums are the .g")
  }

  func testGradientsAccumulateUntilZeroed() {
    var m = model
    let pass = m.forward(Self.inputs)
    m.backward(pass, target: 1)
    let once = m.gradients
    m.backward(pass, target: 1)
    for name in LSTMParameter.allCases {
      // x + x is exact in binary.
      XCTAssertEqual(m.gradients[name], 2 * once[name], "\(name.rawValue).g doubles")
    }
    m.zeroGradients()
    XCTAssertEqual(m.gradients, .zero)
  }

  func testForwardIsStepUntilDone() {
    var stepped = model.startForward([0.3, -1, 2])
    while stepped.step() != nil {}
    XCTAssertEqual(stepped, model.forward([0.3, -1, 2]))
  }

  func testParameterNamesAndOrder() {
    XCTAssertEqual(
      LSTMParameter.allCases.map(\.rawValue),
      [
        "i.wx", "i.wh", "i.b", "f.wx", "f.wh", "f.b", "g.wx", "g.wh", "g.b", "o.wx", "o.wh",
        "o.b", "wy", "by",
      ])
    let w = Self.weights
    XCTAssertEqual(
      w.values, [1, 0.5, 0, 0.5, -0.5, 1, 1, 1, 0, 0.5, 0.5, 0, 2, 0.5],
      "the table in this file's comment")
    XCTAssertEqual(LSTMWeights(w.values), w)
    XCTAssertEqual(w[.fWh], -0.5)
    XCTAssertEqual(w[LSTMGate.g], LSTMGateWeights(wx: 1, wh: 1, b: 0))
  }

  func testRandomizeDrawsUniformlyInPlusMinusOne() {
    var generator = SplitMix64(seed: 14)
    var m = model
    var low = 1.0
    var high = -1.0
    for _ in 0..<200 {
      m.randomize(using: &generator)
      for v in m.weights.values {
        low = min(low, v)
        high = max(high, v)
      }
    }
    XCTAssertGreaterThanOrEqual(low, -1)
    XCTAssertLessThan(high, 1)
    XCTAssertLessThan(low, -0.99, "2,800 draws reach near −1")
    XCTAssertGreaterThan(high, 0.99, "and near 1")
    var again = SplitMix64(seed: 14)
    var n = model
    n.randomize(using: &again)
    var first = SplitMix64(seed: 14)
    XCTAssertEqual(n.weights[.iWx], 2 * first.nextUnit() - 1, "i.wx is the first draw")
  }
}
