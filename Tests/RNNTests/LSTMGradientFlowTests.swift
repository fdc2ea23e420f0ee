import RNN
import TestSupport
import XCTest

/// The LSTM's flow along the cell state: ∂L/∂c_t is ∂L/∂c_n times the product of the forget
/// gates after t when nothing else reaches c_t, and the RNN's ∂L/∂h_t is ∂L/∂h_n times its
/// factors' product.
final class LSTMGradientFlowTests: XCTestCase {
  /// With every recurrent weight 0, h_{t−1} reaches no gate, so ∂L/∂h_t = 0 for t < n and
  /// the only path from the loss to c_t is along the cell state: ∂L/∂c_t = ∂L/∂c_n·∏ f_k.
  func testAlongTheCellStateTheGradientIsScaledByTheForgetGatesAlone() {
    var generator = SplitMix64(seed: 4)
    for _ in 0..<200 {
      var model = MiniLSTM(weights: .zero)
      model.randomize(using: &generator)
      for gate in LSTMGate.allCases { model.weights[gate].wh = 0 }
      let n = 2 + Int(generator.next() % 20)
      let inputs = (0..<n).map { _ in 2 * generator.nextUnit() - 1 }
      let pass = model.forward(inputs)
      var back = model.startBackward(pass, target: 0.5)
      var g = LSTMGradients.zero
      back.run(accumulatingInto: &g)
      let flow = LSTMGradientFlow(back)
      XCTAssertEqual(flow.steps.map(\.t), Array((1...n).reversed()))
      let last = flow.steps[0].cellGradient
      var product = 1.0
      for step in flow.steps {
        assertClose(step.forgetProduct, product, relative: 0, "∏ f after t = \(step.t)")
        assertClose(step.cellGradient, last * product, relative: 1e-13, "∂L/∂c\(step.t)")
        if step.t < n { XCTAssertEqual(step.hiddenGradient, 0) }
        product *= pass.steps[step.t - 1].gates.f
      }
    }
  }

  /// The RNN's ∂L/∂h_t = ∂L/∂h_n·∏_{k>t} ReLU′(a_k)·w₂, the product `products` gives.
  func testTheRNNsProductsCarryItsGradientBack() {
    let model = MiniRnn(weights: Weights(w1: 0.5, w2: 0.9, w3: 1.3))
    let flow = GradientFlow(model: model, inputs: [0.2, -0.4, 0.7, 0.1, 0.3], target: 1)
    let last = flow.steps[0].hiddenGradient
    for (step, product) in zip(flow.steps, flow.products) {
      assertClose(step.hiddenGradient, last * product, relative: 1e-15, "∂L/∂h\(step.t)")
    }
    XCTAssertEqual(flow.products.first, 1)
  }
}
