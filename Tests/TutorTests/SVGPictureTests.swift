import Foundation
import RNN
import XCTest

@testable import Tutor

/// The defects issue 23 found in the exported pictures, each checked on the SVG itself (the
/// render test, PictureRenderTests, draws them all with a real renderer).
final class SVGPictureTests: XCTestCase {
  /// The SVG `script` followed by `export svg out.svg PICTURE` writes.
  private func svg(_ script: String, _ picture: String) -> String {
    let files = MemoryFiles()
    var s = makeSession(files: files)
    runScript(&s, script + "; export svg out.svg \(picture)")
    return files["out.svg"] ?? ""
  }

  /// The text of every `<text>` element, in order.
  private func texts(_ svg: String) -> [String] { SVGTexts.parse(svg).labels.map(\.text) }

  /// The circles' centres.
  private func circles(_ svg: String) -> [(x: Double, y: Double)] {
    svg.split(separator: "\n").filter { $0.hasPrefix("<circle") }.map { line in
      func attribute(_ name: String) -> Double {
        guard let start = line.range(of: " \(name)=\"") else { return .nan }
        return Double(line[start.upperBound...].prefix { $0 != "\"" }) ?? .nan
      }
      return (attribute("cx"), attribute("cy"))
    }
  }

  /// zigzag's flow was an empty frame: ∂L/∂h₅ = −1.1 and ∂L/∂h₁…₄ = 0 (ReLU′ cut it), which
  /// a log scale cannot show. Now every timestep has a marker, the zeros on their own strip.
  func testZigzagFlowMarksEveryTimestepIncludingTheZeros() {
    var s = makeSession()
    runScript(&s, "data zigzag; forward; backward")
    let flow = GradientFlow(s.state.backward!)
    let drawn = svg("data zigzag; forward; backward", "flow")
    let zeros = flow.steps.filter { $0.hiddenGradient == 0 }.count
    XCTAssertEqual(zeros, 4, "the issue's case: four gradients cut to 0")
    XCTAssertEqual(circles(drawn).count, flow.steps.count, "one marker per timestep")
    let n = Notation(unicode: true, precision: 6)
    let nonZero = flow.steps.first { $0.hiddenGradient != 0 }!
    XCTAssertTrue(texts(drawn).contains(n.compact(nonZero.hiddenGradient)), "its value is shown")
    XCTAssertTrue(texts(drawn).contains { $0.contains("exactly 0") }, "the zeros are explained")
  }

  /// A gradient worn down to 0 by underflow (every ReLU′ is 1 here) is not said to be cut by
  /// ReLU′, in the SVG or in the terminal.
  func testUnderflowIsNotBlamedOnTheActivation() {
    let script =
      "input " + Array(repeating: "0.5", count: 3000).joined(separator: " ")
      + "; target 1; forward; backward"
    var s = makeSession()
    runScript(&s, script)
    let flow = GradientFlow(s.state.backward!)
    XCTAssertEqual(flow.product, 0)
    XCTAssertFalse(flow.cutByTheActivation, "no factor is 0")
    let words = texts(svg(script, "flow")).joined(separator: " ")
    XCTAssertTrue(words.contains("underflowed to 0"), words)
    XCTAssertFalse(words.contains("cut"), words)
    let terminal = runScript(&s, "flow")
    XCTAssertTrue(terminal.contains("0: underflow"), terminal)
    XCTAssertFalse(terminal.contains("ReLU′ cut it"), terminal)
  }

  /// After `train`, flow adds a heat map of |∂L/∂hₜ| over t and the training's epochs, and
  /// each column is the engine's flow at the weights of that epoch.
  func testFlowAfterTrainingAddsAHeatMapOfTheRunsGradients() {
    let script = "set w1 0.9; set w2 0.6; set w3 0.8; input 0.2 0.9 0.4 0.7; target 0.9; train 50"
    var s = makeSession()
    runScript(&s, script)
    let report = s.state.lastTraining!
    let history = GradientHistory(
      model: s.state.model, path: report.path, inputs: s.state.inputs, target: 0.9)
    XCTAssertEqual(history.columns.map(\.epoch), report.path.points.map(\.epoch))
    var probe = s.state.model
    probe.weights = report.path.points[7].weights
    probe.gradients = .zero
    let flow = GradientFlow(model: probe, inputs: s.state.inputs, target: 0.9)
    for step in flow.steps {
      XCTAssertEqual(history.columns[7].hiddenGradients[step.t - 1], step.hiddenGradient)
    }
    let drawn = svg(script, "flow")
    XCTAssertTrue(texts(drawn).contains { $0.contains("after each epoch of the last 'train'") })
    XCTAssertTrue(texts(drawn).contains { $0.contains("computed on a copy") }, "no pass yet")
    // 51 epochs (0…50) × 4 timesteps, one cell each.
    let cells = drawn.split(separator: "\n").filter {
      $0.hasPrefix("<rect") && $0.contains("fill=\"#") && !$0.contains("id=")
    }
    XCTAssertGreaterThanOrEqual(cells.count, 51 * 4)
  }

  /// A long run is sampled, start and end kept.
  func testGradientHistoryKeepsAtMostItsLimitWithBothEnds() {
    var model = MiniRnn(weights: Weights(w1: 0.5, w2: 0.3, w3: 0.8))
    let report = model.train(on: .slopes, epochs: 3000)
    let history = GradientHistory(
      model: model, path: report.path, inputs: [0, 0.5], target: 1, most: 40)
    XCTAssertEqual(history.columns.count, 40)
    XCTAssertEqual(history.columns.first?.epoch, 0)
    XCTAssertEqual(history.columns.last?.epoch, report.path.points.last?.epoch)
  }

  /// start, end and current sat on top of each other when the run barely moved; each label
  /// now finds its own place, and all three are there.
  func testLandscapeLabelsDoNotOverlapWhenStartIsEnd() {
    let drawn = svg(mustShowSetup + "; data slopes; train 2000", "landscape")
    let labels = SVGTexts.parse(drawn).labels.filter {
      ["start", "end", "current"].contains($0.text)
    }
    XCTAssertEqual(labels.map(\.text).sorted(), ["current", "end", "start"])
    for (i, a) in labels.enumerated() {
      for b in labels[(i + 1)...] {
        XCTAssertFalse(a.box.overlaps(b.box), "\(a.text) and \(b.text)")
      }
    }
  }

  /// A flat surface says so, and why, instead of a uniform field.
  func testFlatLandscapeSaysItIsFlat() {
    let drawn = svg("data zigzag; set w3 0", "landscape")
    let words = texts(drawn).joined(separator: " ")
    XCTAssertTrue(words.contains("the surface is flat"), words)
    XCTAssertTrue(words.contains("ŷ = w₃·hₙ ≈ 0"), words)
    let sloped = texts(svg(mustShowSetup + "; data slopes", "landscape")).joined(separator: " ")
    XCTAssertFalse(sloped.contains("flat"), sloped)
  }

  /// plot's ticks are round numbers (they were 0 / 0.99 / 1.98) and t has an axis.
  func testPlotTicksAreRoundNumbers() {
    let drawn = svg("data slopes; set w3 2", "plot")
    let numbers = texts(drawn).compactMap { Double($0.replacing("−", with: "-")) }
    XCTAssertFalse(numbers.isEmpty)
    for v in numbers {
      XCTAssertEqual((v * 10).rounded(), v * 10, accuracy: 1e-9, "\(v) is not round")
    }
    XCTAssertTrue(texts(drawn).contains("t"), "the t axis is named")
  }

  /// plot loss starts at epoch 1, names its axes, and uses a log scale for a curve spanning
  /// decades.
  func testLossCurveStartsAtEpochOneOnALogScale() {
    let script = "set w1 0.5; set w2 0.3; set w3 0.8; data slopes; train 20000"
    var s = makeSession()
    runScript(&s, script)
    let first = s.state.lastTraining!.history.points.first!
    XCTAssertEqual(first.epoch, 1)
    let drawn = svg(script, "loss")
    let words = texts(drawn)
    let n = Notation(unicode: true, precision: 6)
    XCTAssertTrue(words.contains("epoch 1: \(n.compact(first.loss))"), "\(words)")
    XCTAssertTrue(words.contains("epoch"))
    XCTAssertTrue(words.contains("loss (log scale)"))
    XCTAssertTrue(words.contains("1"), "the top decade is labelled")
    XCTAssertTrue(words.contains("20,000"), "the last epoch is labelled")
  }

  /// The unroll is drawn, not typed: boxes and arrows, no monospaced text, the weights on the
  /// arrows, and after BPTT the gradients in the gradient colour.
  func testUnrollIsAVectorDiagramWithWeightsAndGradients() {
    let drawn = svg(mustShowSetup + "; forward; backward", "unroll")
    XCTAssertFalse(drawn.contains("monospace"))
    XCTAssertGreaterThanOrEqual(drawn.components(separatedBy: "<rect x=").count - 1, 5)
    XCTAssertGreaterThanOrEqual(drawn.components(separatedBy: "<polygon").count - 1, 5)
    var s = makeSession()
    runScript(&s, mustShowSetup + "; forward; backward")
    let n = Notation(unicode: true, precision: 6)
    let words = texts(drawn)
    XCTAssertTrue(words.contains("w₂ = \(n.compact(-0.5))"), "\(words)")
    let dh1 = s.state.backward!.timesteps.first { $0.t == 2 }!.dhPrevious
    let gradient = "∂L/∂h₁ = \(n.compact(dh1))"
    XCTAssertTrue(
      drawn.contains("fill=\"\(PictureColor.gradient.svg)\">\(gradient)</text>"), gradient)
    let before = svg(mustShowSetup + "; forward", "unroll")
    XCTAssertFalse(before.contains("∂L/∂h₁"), "no gradients before BPTT")
  }

  /// Every picture kind is written under `model lstm`: the LSTM's own unroll (gates and cell
  /// line), flow and landscape, and plot and plot loss of the LSTM's predictions and run.
  func testEveryKindIsWrittenUnderTheLSTM() {
    let setup = "model lstm; data slopes; train 20; forward; backward"
    for kind in PictureKind.allCases {
      let drawn = svg(setup, kind.rawValue)
      XCTAssertTrue(drawn.hasPrefix("<?xml"), kind.rawValue)
    }
    let unroll = texts(svg(setup, "unroll"))
    XCTAssertTrue(unroll.contains("gates"))
    XCTAssertTrue(unroll.contains { $0.hasPrefix("× f₂ = ") }, "the forget gate on the cell line")
    let flow = texts(svg(setup, "flow"))
    XCTAssertTrue(flow.contains { $0.contains("LSTM |∂L/∂cₜ|") })
    XCTAssertTrue(flow.contains { $0.contains("the heat map") }, "says what it leaves out")
    var s = makeSession(files: MemoryFiles())
    runScript(&s, "model lstm; data slopes; landscape i.b wy")
    runScript(&s, "export svg l.svg")
    let landscape = (s.files as! MemoryFiles)["l.svg"] ?? ""
    let axes = texts(landscape)
    XCTAssertTrue(axes.contains("i.b") && axes.contains("wy"), "the last landscape's parameters")
  }

  /// Round steps and ticks: 1, 2 or 5 times a power of ten.
  func testChartAxisTicksAreRound() {
    XCTAssertEqual(ChartAxis.roundStep(0.37), 0.5)
    XCTAssertEqual(ChartAxis.roundStep(1.9), 2)
    XCTAssertEqual(ChartAxis.roundStep(7), 10)
    let axis = ChartAxis.linear(0, 1.98, count: 5)
    XCTAssertEqual(axis.ticks.map(\.label), ["0.0", "0.5", "1.0", "1.5", "2.0"])
    XCTAssertEqual(axis.high, 2)
    let log = ChartAxis.logarithmic(3e-29, 2e-5)
    XCTAssertEqual(log.ticks.last?.label, "10⁻⁴")
    XCTAssertEqual(log.high, -4)
    XCTAssertEqual(ChartAxis.powerOfTen(-2), "0.01")
    XCTAssertEqual(ChartAxis.powerOfTen(2), "100")
    XCTAssertEqual(ChartAxis.counting(1, 20_000).ticks.map(\.label).first, "1")
    XCTAssertEqual(ChartAxis.counting(1, 20_000).ticks.map(\.label).last, "20,000")
    XCTAssertTrue(ChartAxis.fitting([1e-5, 1]).logScale)
    XCTAssertFalse(ChartAxis.fitting([0.2, 1]).logScale)
  }
}
