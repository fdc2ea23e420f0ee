import LinearAlgebra
import RNN
import TestSupport
import XCTest

@testable import Tutor

/// The vector RNN's `flow`, `flow sweep r` and `unroll`: the table's numbers against products
/// of Jacobians built here from the forward records, the bound of Pascanu, Mikolov & Bengio
/// 2013, the switch at ρ = 1, and screens that fit 80 columns.
final class VectorFlowTests: XCTestCase {
  /// A session with the vector RNN of K units and the commands run.
  private func session(_ k: Int, _ script: String, unicode: Bool = true) -> Session {
    var s = makeSession(unicode: unicode)
    s.must("model rnn \(k); " + script)
    return s
  }

  /// J_t = diag(φ′(a_t))·W_hh, from a forward record, as LinearAlgebra's matrix.
  private func jacobian(_ f: VectorForwardStep, _ w: VectorWeights) -> Matrix {
    let k = w.size
    var diagonal = Matrix.identity(k)
    for i in 0..<k { diagonal[i, i] = f.derivative[i] }
    return diagonal * Matrix(w.recurrentRows)
  }

  private func length(_ v: [Double]) -> Double { v.map { $0 * $0 }.reduce(0, +).squareRoot() }

  /// Every row of `flow`'s table against an independent computation: ‖∂L/∂h_t‖ from the
  /// backward records, σ_max and σ_min of J_n⋯J_{t+1} multiplied here, the bound from W_hh's
  /// own singular values; and, with the loss on ŷ_n alone, ∂L/∂h_t = P_tᵀ·∂L/∂h_n.
  func testTheTableAgainstJacobiansMultipliedByHand() throws {
    for (k, start) in [
      (2, "set W_hh rotation 0.5 1.1"), (3, "seed 7; randomize"), (4, "seed 3; randomize"),
    ] {
      var s = session(
        k, start + "; input 1 0.5 -0.3 0.8 0.2 0.1 0.7 -0.4; target 1; forward; backward")
      s.must("flow")
      let (table, onACopy) = try s.vectorFlowTable()
      XCTAssertFalse(onACopy)
      let m = s.state.activeVector
      let back = try XCTUnwrap(m.backward)
      let w = back.forward.weights
      let n = back.length
      let steps = back.forward.steps
      let records = back.timesteps
      XCTAssertEqual(table.rows.map(\.t), Array((1...n).reversed()))
      let top = try XCTUnwrap(Spectrum.singularValues(of: Matrix(w.recurrentRows))?.first)
      let dhn = Matrix(rows: k, columns: 1, values: records[0].dh)
      var product = Matrix.identity(k)
      for (row, record) in zip(table.rows, records) {
        let t = row.t
        XCTAssertEqual(record.t, t)
        assertClose(row.norm, length(record.dh), relative: 1e-14, "‖∂L/∂h_\(t)‖")
        let sigma = try XCTUnwrap(Spectrum.singularValues(of: product))
        assertClose(try XCTUnwrap(row.sigmaMax), sigma[0], relative: 1e-12, "σ_max(P_\(t))")
        assertWithin(
          try XCTUnwrap(row.sigmaMin), sigma[k - 1], 1e-12 * sigma[0], "σ_min(P_\(t))")
        assertClose(row.bound, pow(top, Double(n - t)), relative: 1e-12, "bound at t = \(t)")
        // The loss reads ŷ_n alone: ∂L/∂h_t is ∂L/∂h_n carried back by P_tᵀ.
        let carried = product.transposed * dhn
        for i in 0..<k {
          assertWithin(record.dh[i], carried[i, 0], 1e-12, "∂L/∂h_\(t)[\(i + 1)] = P_tᵀ·∂L/∂h_n")
        }
        product = product * jacobian(steps[t - 1], w)
      }
    }
  }

  /// With a loss at every step the σ's describe the road from h_n only, and the screen says so.
  func testALossAtEveryStepIsNamed() {
    var s = session(2, "input 1 0.5 -0.3 0.8; target 0 1 0 1; loss every; forward; backward")
    let text = s.must("flow")
    XCTAssertTrue(text.contains("includes the roads from ŷₜ…ŷₙ₋₁"), text)
    XCTAssertTrue(text.contains("the road from hₙ alone"), text)
  }

  /// Pascanu, Mikolov & Bengio's bound holds for tanh (γ = 1) on seeded random W_hh of every
  /// size: σ_max(P_t) ≤ σ_max(W_hh)ⁿ⁻ᵗ, checked on products multiplied here.
  func testTheBoundHoldsForTanh() throws {
    for seed in 1...12 {
      for k in [2, 3, 4, 6] {
        let s = session(
          k,
          "seed \(testSeed(UInt64(seed))); randomize; set W_hh orthogonal 1.3; input 0.9 -0.5 0.3 1 0.2 -0.8 0.6 0.1 0.4 -0.2; target 0.5"
        )
        let m = s.state.activeVector
        XCTAssertEqual(m.model.activation, .tanh)
        let w = m.model.weights
        let top = try XCTUnwrap(Spectrum.singularValues(of: Matrix(w.recurrentRows))?.first)
        let pass = m.model.forward(s.state.inputs)
        let n = pass.count
        var product = Matrix.identity(k)
        for t in stride(from: n, through: 1, by: -1) {
          let sigma = try XCTUnwrap(Spectrum.singularValues(of: product)?.first)
          XCTAssertLessThanOrEqual(
            sigma, pow(top, Double(n - t)) * (1 + 1e-12), "seed \(seed), K = \(k), t = \(t)")
          product = product * jacobian(pass.steps[t - 1], w)
        }
        // And the table's own columns say the same.
        let (table, onACopy) = try s.vectorFlowTable()
        XCTAssertTrue(onACopy)
        for row in table.rows {
          XCTAssertLessThanOrEqual(try XCTUnwrap(row.sigmaMax), row.bound * (1 + 1e-12))
        }
      }
    }
  }

  /// φ = identity and a diagonalizable W_hh (eigenvalues 0.6 and 0.3) scaled to ρ = 0.8 and
  /// ρ = 1.2 over n = 20: the gradient reaching h_1 shrank in the first and grew in the second.
  /// The session is unchanged.
  func testTheSweepSwitchesAtSpectralRadiusOne() throws {
    let inputs = (1...20).map { String(Double($0 % 5) / 5 - 0.4) }.joined(separator: " ")
    var s = session(
      2, "activation identity; set W_hh 0.5 0.2 / 0.1 0.4; input \(inputs); target 1; forward")
    let before = s.state
    let eigen = try XCTUnwrap(
      Spectrum.eigenvalues(of: Matrix(s.state.activeVector.model.weights.recurrentRows)))
    assertClose(eigen[0].re, 0.6, relative: 1e-12, "λ₁")
    assertClose(eigen[1].re, 0.3, relative: 1e-12, "λ₂")
    let sweep = try s.vectorFlowSweep(["r", "0.8", "1.2"])
    assertClose(sweep.rho, 0.6, relative: 1e-12, "ρ")
    let ratios = try sweep.series.map { try XCTUnwrap($0.flow.ratio) }
    XCTAssertEqual(sweep.series.map(\.flow.length), [20, 20])
    XCTAssertLessThan(ratios[0], 1, "ρ = 0.8 vanishes")
    XCTAssertGreaterThan(ratios[1], 1, "ρ = 1.2 explodes")
    // The ratio the sweep reports is the one a backward pass at the scaled W_hh gives.
    for series in sweep.series {
      var model = s.state.activeVector.model
      model.weights.whh = model.weights.whh.map { $0 * series.r / 0.6 }
      let rho = try XCTUnwrap(Spectrum.spectralRadius(of: Matrix(model.weights.recurrentRows)))
      assertClose(rho, series.r, relative: 1e-12, "ρ after scaling")
      let back = model.backward(model.forward(s.state.inputs), target: 1)
      let records = back.timesteps
      assertClose(
        try XCTUnwrap(series.flow.ratio), length(records.last!.dh) / length(records[0].dh),
        relative: 1e-12, "r = \(series.r)")
    }
    let text = s.must("flow sweep r 0.8 1.2")
    XCTAssertTrue(text.replacing("\n", with: " ").contains("the switch at ρ = 1 is sharp"), text)
    XCTAssertTrue(text.contains("shrank") && text.contains("grew"), text)
    XCTAssertEqual(s.state, before, "flow sweep works on copies")
  }

  /// What `flow sweep` refuses, in words.
  func testTheSweepsRefusals() {
    var s = session(2, "input 1 0.5; target 1")
    XCTAssertTrue(s.mustFail("flow sweep r 1").contains("2 to 6 values"))
    XCTAssertTrue(s.mustFail("flow sweep w2 1 2").contains("'sweep r A B …'"))
    XCTAssertTrue(s.mustFail("flow sweep r 1 2 3 4 5 6 7").contains("2 to 6 values"))
    XCTAssertTrue(s.mustFail("flow sweep r -1 2").contains("a spectral radius of 0 or more"))
    XCTAssertTrue(s.mustFail("flow sideways").contains("flow option"))
    // A nilpotent W_hh: every eigenvalue 0, so no multiple of it reaches ρ = r.
    s.must("set W_hh 0 1 / 0 0")
    XCTAssertTrue(s.mustFail("flow sweep r 0.5 1").contains("ρ(W_hh) = 0"))
    s.must("set W_hh 0 0 / 0 0")
    XCTAssertTrue(s.mustFail("flow sweep r 0.5 1").contains("ρ(W_hh) = 0"))
  }

  /// `export svg` after another model's `flow sweep w2` draws the vector RNN's own flow.
  func testExportAfterAnotherModelsSweepDrawsThisFlow() {
    let files = MemoryFiles()
    var s = makeSession(files: files)
    s.must("input 1 0.5 -0.3; target 1; flow sweep w2 0.5 1; model rnn 2; export svg f.svg")
    XCTAssertTrue(files.files["f.svg"]?.contains("on its way back through W_hh") == true)
  }

  /// A flow without a backward pass is computed on a copy, and says so; the session keeps no
  /// pass.
  func testAFlowWithoutABackwardPassIsComputedOnACopy() {
    var s = session(2, "input 1 0.5 -0.3; target 1")
    let text = s.must("flow")
    XCTAssertTrue(text.contains("computed on a copy"), text)
    XCTAssertNil(s.state.activeVector.backward)
    // A loss at every step without a target per step has nothing to flow back from.
    s.must("input 1 2; loss every")
    XCTAssertTrue(s.mustFail("flow").contains("a target per step"))
  }

  /// `flow`, `flow all`, `flow sweep r`, `unroll` (forward, partial and complete BPTT, a loss at
  /// every step) fit 80 columns for K = 1…4, Unicode and ASCII, and ASCII has a spelling for
  /// every glyph.
  func testEveryScreenFitsEightyColumns() {
    let inputs = "input 1 0.5 -0.3 0.8 0.2 0.1 0.7 -0.4 0.3 0.9 0.1 -0.6"
    let scripts = [
      "\(inputs); target 1; unroll; flow; step; unroll; forward; back; back; unroll; flow",
      "\(inputs); target 1; forward; backward; flow; flow all; unroll",
      "\(inputs); target 1; flow sweep r 0.5 0.9 1 1.1 1.5 3; activation identity; flow sweep r 0.8 1.2",
      "\(inputs); data echo 1; loss every; forward; backward; flow; unroll",
      "input 0.3; target 1; forward; backward; flow; unroll",
    ]
    for k in 1...4 {
      for unicode in [true, false] {
        for script in scripts {
          var s = makeSession(unicode: unicode)
          s.must("model rnn \(k); set W_hh identity 0.9")
          for command in script.split(separator: ";").map({ String($0.drop { $0 == " " }) }) {
            let text = s.must(command)
            guard ["flow", "unroll"].contains(where: { command.hasPrefix($0) }) else { continue }
            for line in text.split(separator: "\n") {
              XCTAssertLessThanOrEqual(
                TextLayout.columns(line), 80,
                "K = \(k), \(unicode ? "Unicode" : "ASCII"), '\(command)': \(line)")
            }
            if unicode {
              XCTAssertEqual(glyphsWithoutASCII(s, command), [], "'\(command)', K = \(k)")
            }
          }
        }
      }
    }
  }

  /// The unrolled picture draws what the records hold: h_t's units, ŷ_t where the loss reads
  /// it, ∂L/∂h_t's units after BPTT.
  func testUnrollShowsTheRecords() throws {
    var s = session(2, "set W_hh rotation 0.5 1.1; input 1 0.5 -0.3; target 1; forward; backward")
    let text = s.must("unroll")
    let m = s.state.activeVector
    let n = s.notation
    let forward = try XCTUnwrap(m.forward)
    for step in forward.steps {
      for v in step.h { XCTAssertTrue(text.contains(n.compact(v)), "h_\(step.t): \(text)") }
    }
    for r in try XCTUnwrap(m.backward).timesteps {
      for v in r.dh { XCTAssertTrue(text.contains(n.compact(v)), "∂L/∂h_\(r.t): \(text)") }
    }
    XCTAssertTrue(text.contains("ŷ₃ \(n.compact(forward.steps[2].output))"), text)
    XCTAssertFalse(text.contains("ŷ₁"), "the loss reads ŷ₃ alone: \(text)")
    s.must("data echo 1; loss every; forward")
    XCTAssertTrue(s.must("unroll").contains("ŷ₁"))
  }
}
