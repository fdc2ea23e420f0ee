import RNN
import TestSupport
import XCTest

/// The case worked by hand in the issue: w = (1.8, −0.5, 1.1), x = (0, 0.5), y = 1.
///
/// By hand: a₁ = 1.8·0 + (−0.5)·0 = 0 → h₁ = 0; a₂ = 1.8·0.5 + (−0.5)·0 = 0.9 → h₂ = 0.9;
/// ŷ = 0.9·1.1 = 0.99; L = ½(1 − 0.99)² = 5e−5; ∂L/∂ŷ = −0.01; w₃ term = 0.9·(−0.01) = −0.009;
/// ∂L/∂h₂ = 1.1·(−0.01) = −0.011; t = 2: tmp = −0.011, w₂ += −0.011·h₁ = 0, w₁ += −0.011·0.5 =
/// −0.0055, ∂L/∂h₁ = 0.0055; t = 1: a₁ = 0 so ReLU′ = 0 and nothing more is added.
final class HandDerivedTests: XCTestCase {
  let model = MiniRnn(weights: Weights(w1: 1.8, w2: -0.5, w3: 1.1))

  func testForwardStepsMatchTheHandComputation() {
    var pass = model.startForward([0, 0.5])
    let first = pass.step()!
    XCTAssertEqual(first.t, 1)
    XCTAssertEqual(first.preactivation, 0)
    XCTAssertEqual(first.h, 0)
    XCTAssertTrue(first.cutToZero)
    XCTAssertNil(pass.prediction, "ŷ exists only after the last step")
    let second = pass.step()!
    assertWithin(second.inputTerm, 0.9, 1e-15, "w1·x2")
    XCTAssertEqual(second.feedbackTerm, -0.0)
    assertWithin(second.h, 0.9, 1e-15, "h2")
    XCTAssertNil(pass.step(), "no step after n")
    assertWithin(pass.prediction!, 0.99, 1e-15, "ŷ")
    assertWithin(Cell.loss(prediction: pass.prediction!, target: 1), 5e-5, 1e-15, "L")
  }

  func testForwardIsStepUntilDone() {
    var stepped = model.startForward([0.3, -1, 2])
    while stepped.step() != nil {}
    XCTAssertEqual(stepped, model.forward([0.3, -1, 2]))
  }

  func testGradientsMatchTheHandComputationAndAccumulate() {
    var m = model
    let pass = m.forward([0, 0.5])
    m.backward(pass, target: 1)
    assertWithin(m.gradients.w1, -0.0055, 1e-15, "w1.g")
    assertWithin(m.gradients.w2, 0, 1e-15, "w2.g")
    assertWithin(m.gradients.w3, -0.009, 1e-15, "w3.g")
    m.backward(pass, target: 1)
    assertWithin(m.gradients.w1, -0.011, 1e-15, "w1.g after a second backward without zero")
    assertWithin(m.gradients.w3, -0.018, 1e-15, "w3.g after a second backward without zero")
    m.zeroGradients()
    XCTAssertEqual(m.gradients, .zero)
  }

  func testBackwardStepsInTheArticlesOrder() {
    var m = model
    let pass = m.forward([0, 0.5])
    var back = m.startBackward(pass, target: 1)
    guard case .output(let out) = back.step(accumulatingInto: &m.gradients)! else {
      return XCTFail("the first BPTT step handles the output")
    }
    assertWithin(out.lossGradient, -0.01, 1e-15, "∂L/∂ŷ")
    assertWithin(out.w3Term, -0.009, 1e-15, "w3 term")
    assertWithin(out.dhn, -0.011, 1e-15, "∂L/∂h2")
    XCTAssertEqual(back.nextTimestep, 2)
    guard case .timestep(let t2) = back.step(accumulatingInto: &m.gradients)! else {
      return XCTFail("then timestep 2")
    }
    XCTAssertEqual(t2.t, 2)
    XCTAssertEqual(t2.reluPrime, 1)
    assertWithin(t2.w1Term, -0.0055, 1e-15, "w1 term at t=2")
    XCTAssertEqual(t2.w2Term, 0, "h1 = 0, so w2's term is 0")
    assertWithin(t2.dhPrevious, 0.0055, 1e-15, "∂L/∂h1")
    guard case .timestep(let t1) = back.step(accumulatingInto: &m.gradients)! else {
      return XCTFail("then timestep 1")
    }
    XCTAssertEqual(t1.t, 1)
    XCTAssertEqual(t1.reluPrime, 0, "a1 = 0: ReLU′ is 0")
    XCTAssertEqual(t1.w1Term, 0)
    assertWithin(t1.w1Sum, -0.0055, 1e-15, "running sum for w1")
    XCTAssertTrue(back.isComplete)
    XCTAssertNil(back.step(accumulatingInto: &m.gradients))
  }

  func testArticleModeLosesTheW3Gradient() {
    var m = model
    m.mode = .article
    let pass = m.forward([0, 0.5])
    let back = m.backward(pass, target: 1)
    XCTAssertEqual(m.gradients.w3, 0, "the printed code writes self.w3g, not self.w3.g")
    guard case .output(let out) = back.steps[0] else { return XCTFail("output step first") }
    XCTAssertFalse(out.w3TermApplied)
    assertWithin(out.w3Term, -0.009, 1e-15, "the term is still computed")
    assertWithin(m.gradients.w1, -0.0055, 1e-15, "w1 trains as in exact mode")
    // The printed mse is a quarter of the squared error, half of Eq. 1.
    assertWithin(m.loss(prediction: 0.99, target: 1), 2.5e-5, 1e-18, "printed mse")
  }

  func testUpdateSubtractsLearningRateTimesGradient() {
    var m = model
    m.gradients = Weights(w1: 2, w2: -4, w3: 0.5)
    m.update(learningRate: 0.25)
    XCTAssertEqual(m.weights, Weights(w1: 1.8 - 0.5, w2: -0.5 + 1, w3: 1.1 - 0.125))
  }
}
