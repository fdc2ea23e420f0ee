import RNN
import XCTest

@testable import Tutor

/// The LSTM's equations on the hand-derived case of `LSTMHandDerivedTests` (whose comment
/// derives every number shown here), at 4 significant digits.
final class LSTMEquationsTests: XCTestCase {
  static let weights = LSTMWeights.worked
  let unicode = Notation(unicode: true, precision: 4)
  let ascii = Notation(unicode: false, precision: 4)
  let model = MiniLSTM(weights: weights)

  func records() -> (LSTMForwardPass, LSTMBackwardPass) {
    let pass = model.forward([1, 0.5])
    var gradients = LSTMGradients.zero
    var back = model.startBackward(pass, target: 1)
    back.run(accumulatingInto: &gradients)
    return (pass, back)
  }

  func testForwardEquations() {
    let (pass, _) = records()
    let two = pass.steps[1]
    let gate = LSTMGateEquation(n: unicode)
    XCTAssertEqual(gate.symbolic(.f), "fₜ = σ(f.wx·xₜ + f.wh·hₜ₋₁ + f.b)")
    XCTAssertEqual(gate.symbolic(.g), "gₜ = tanh(g.wx·xₜ + g.wh·hₜ₋₁ + g.b)")
    XCTAssertEqual(
      gate.preactivation(.f, two, weights: Self.weights),
      "zᶠ₂ = f.wx·x₂ + f.wh·h₁ + f.b = 0.5·0.5 + (−0.5)·0.3147 + 1 = 1.093")
    XCTAssertEqual(
      gate.substituted(.f, two, weights: Self.weights),
      "f₂ = σ(0.5·0.5 + (−0.5)·0.3147 + 1) = σ(1.093) = 0.7489")
    XCTAssertEqual(
      gate.substituted(.g, two, weights: Self.weights),
      "g₂ = tanh(1·0.5 + 1·0.3147 + 0) = tanh(0.8147) = 0.6722")
    XCTAssertEqual(
      gate.localDerivative(.f, two), "σ′(zᶠ₂) = f₂(1 − f₂) = 0.7489·(1 − 0.7489) = 0.1881")
    XCTAssertEqual(gate.localDerivative(.g, two), "tanh′(zᵍ₂) = 1 − g₂² = 1 − 0.6722² = 0.5482")
    XCTAssertEqual(CellStateEquation(n: unicode).symbolic, "cₜ = fₜ·cₜ₋₁ + iₜ·gₜ")
    XCTAssertEqual(
      CellStateEquation(n: unicode).substituted(two),
      "c₂ = f₂·c₁ + i₂·g₂ = 0.7489·0.5568 + 0.6587·0.6722 = 0.417 + 0.4427 = 0.8597")
    XCTAssertEqual(LSTMHiddenStateEquation(n: unicode).symbolic, "hₜ = oₜ·tanh(cₜ)")
    XCTAssertEqual(
      LSTMHiddenStateEquation(n: unicode).substituted(two),
      "h₂ = o₂·tanh(c₂) = 0.6005·tanh(0.8597) = 0.6005·0.6961 = 0.418")
    XCTAssertEqual(LSTMOutputEquation(n: unicode).symbolic, "ŷ = wy·hₙ + by")
    XCTAssertEqual(
      LSTMOutputEquation(n: unicode).substituted(pass), "ŷ = wy·h₂ + by = 2·0.418 + 0.5 = 1.336")
    XCTAssertNil(LSTMOutputEquation(n: unicode).substituted(model.startForward([1])))
  }

  func testBackwardEquations() {
    let (_, back) = records()
    let two = back.timestep(2)!
    let one = back.timestep(1)!
    let cell = CellGradientEquation(n: unicode)
    XCTAssertEqual(cell.symbolic, "∂L/∂cₜ = ∂L/∂cₜ₊₁·fₜ₊₁ + ∂L/∂hₜ·oₜ·(1 − tanh²(cₜ))")
    XCTAssertEqual(
      cell.substituted(one), "∂L/∂c₁ = 0.1557 + 0.136·0.6225·0.7444 = 0.1557 + 0.06302 = 0.2188")
    XCTAssertEqual(cell.passedOn(two), "∂L/∂c₁ arriving = ∂L/∂c₂·f₂ = 0.208·0.7489 = 0.1557")
    let gate = GateGradientEquation(n: unicode)
    XCTAssertEqual(gate.gateGradient(.f, two), "∂L/∂f₂ = ∂L/∂c₂·c₁ = 0.208·0.5568 = 0.1158")
    XCTAssertEqual(gate.gateGradient(.o, two), "∂L/∂o₂ = ∂L/∂h₂·tanh(c₂) = 0.6719·0.6961 = 0.4677")
    XCTAssertEqual(
      gate.preactivationGradient(.f, two), "∂L/∂zᶠ₂ = ∂L/∂f₂·σ′(zᶠ₂) = 0.1158·0.1881 = 0.02177")
    XCTAssertEqual(
      gate.terms(.f, two),
      [
        "f.wx term = ∂L/∂zᶠ₂·x₂ = 0.02177·0.5 = 0.01089   f.wx.g = 0.01089",
        "f.wh term = ∂L/∂zᶠ₂·h₁ = 0.02177·0.3147 = 0.006852   f.wh.g = 0.006852",
        "f.b term = ∂L/∂zᶠ₂ = 0.02177   f.b.g = 0.02177",
      ])
    XCTAssertEqual(gate.gateGradient(.f, one), "∂L/∂f₁ = ∂L/∂c₁·c₀ = 0.2188·0 = 0")
    let through = LSTMThroughTimeEquation(n: unicode)
    XCTAssertEqual(
      through.symbolic, "∂L/∂hₜ₋₁ = ∂L/∂zⁱₜ·i.wh + ∂L/∂zᶠₜ·f.wh + ∂L/∂zᵍₜ·g.wh + ∂L/∂zᵒₜ·o.wh")
    XCTAssertEqual(
      through.substituted(two, weights: Self.weights),
      "∂L/∂h₁ = 0.03143·0.5 + 0.02177·(−0.5) + 0.07508·1 + 0.1122·0.5 = 0.136")
  }

  func testASCII() {
    let (pass, back) = records()
    let two = pass.steps[1]
    XCTAssertEqual(
      LSTMGateEquation(n: ascii).substituted(.f, two, weights: Self.weights),
      "f_2 = sigma(0.5*0.5 + (-0.5)*0.3147 + 1) = sigma(1.093) = 0.7489")
    XCTAssertEqual(
      GateGradientEquation(n: ascii).preactivationGradient(.i, back.timestep(2)!),
      "dL/dz^i_2 = dL/di_2*sigma'(z^i_2) = 0.1398*0.2248 = 0.03143")
    let symbolic = [
      LSTMGateEquation(n: ascii).symbolic, CellStateEquation(n: ascii).symbolic,
      LSTMHiddenStateEquation(n: ascii).symbolic, LSTMOutputEquation(n: ascii).symbolic,
      CellGradientEquation(n: ascii).symbolic, GateGradientEquation(n: ascii).symbolic,
      LSTMThroughTimeEquation(n: ascii).symbolic, LSTMSource.citation,
    ]
    for text in symbolic {
      XCTAssertFalse(text.utf8.contains { $0 >= 0x80 }, "not ASCII: \(text)")
    }
    XCTAssertEqual(CellStateEquation(n: ascii).symbolic, "c_t = f_t*c_{t-1} + i_t*g_t")
  }
}
