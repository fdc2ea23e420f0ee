import RNN

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The loss curve of the last training run (§3.1): the mean loss of each epoch, on a log
/// scale when it spans more than two decades.
struct LossPicture {
  /// The kept points of the run's history, finite ones only.
  let points: [LossHistory.Point]
  let epochsCompleted: Int
  /// True when the losses are the printed mse (article mode, erratum 2).
  let printedLoss: Bool
  let logScale: Bool
  /// The plotted range, in the plotted unit (log₁₀ of the loss on a log scale).
  let low: Double
  let high: Double

  /// How the run ended, and for a diverged one the flow of the sample it diverged on.
  let outcome: TrainingOutcome
  let divergenceFlow: GradientFlow?

  init(report: TrainingReport, printedLoss: Bool) {
    self.init(
      history: report.history, epochsCompleted: report.epochsCompleted, outcome: report.outcome,
      divergenceFlow: report.divergenceFlow, printedLoss: printedLoss)
  }

  /// The curve of any model's run: its loss history and how it ended.
  init(
    history: LossHistory, epochsCompleted: Int, outcome: TrainingOutcome,
    divergenceFlow: GradientFlow?, printedLoss: Bool
  ) {
    self.outcome = outcome
    self.divergenceFlow = divergenceFlow
    points = history.points.filter { $0.loss.isFinite }
    self.epochsCompleted = epochsCompleted
    self.printedLoss = printedLoss
    let losses = points.map(\.loss)
    let largest = losses.max() ?? 1
    let smallestPositive = losses.filter { $0 > 0 }.min()
    if let smallestPositive, largest / smallestPositive > 100 {
      logScale = true
      low = log10(smallestPositive)
      high = log10(largest)
    } else {
      logScale = false
      let smallest = losses.min() ?? 0
      // A flat curve gets a band around it, so it is drawn in the middle.
      let pad = smallest == largest ? 0.5 * max(abs(largest), 1e-12) : 0
      low = smallest - pad
      high = largest + pad
    }
  }

  /// A loss in the plotted unit; zero sits at the bottom of a log scale.
  func scaled(_ loss: Double) -> Double {
    guard logScale else { return loss }
    return loss > 0 ? log10(loss) : low
  }

  /// A plotted value back as a loss, for the axis labels.
  func unscaled(_ v: Double) -> Double { logScale ? pow(10, v) : v }

  var title: String {
    let what = printedLoss ? "the printed mse (article mode, erratum 2)" : "mean Eq. 1 loss"
    return "the last training's loss per epoch (\(what) over the data set)"
  }

  static let chartHeight = 12

  func render(_ n: Notation, width: Int, color: Bool) -> String {
    let g = Glyphs.forUnicode(n.unicode)
    let dot: Character = n.unicode ? "•" : "*"
    var text = n.text(title) + "\n"
    guard let first = points.first, let last = points.last else {
      return text + "the last training completed no epoch, so there is no curve to draw\n"
        + divergence(n)
    }
    let h = Self.chartHeight
    let tickValues = [high, (high + low) / 2, low]
    let tickLabels = tickValues.map { n.compact(unscaled($0)) }
    let axisWidth = (tickLabels.map(\.count).max() ?? 1) + 1
    let chartWidth = max(10, width - axisWidth - 1)
    var canvas = Canvas(width: axisWidth + 1 + chartWidth, height: h + 2)
    for (i, label) in tickLabels.enumerated() {
      canvas.put(leftPad(label, axisWidth - 1), row: [0, h / 2, h - 1][i], column: 0)
    }
    for row in 0..<h {
      canvas.set(
        [0, h / 2, h - 1].contains(row) ? g.axisTick : g.vertical, row: row, column: axisWidth)
    }
    canvas.set(g.axisCorner, row: h, column: axisWidth)
    for c in 1...chartWidth { canvas.set(g.horizontal, row: h, column: axisWidth + c) }
    let span = max(1, last.epoch - first.epoch)
    func column(_ epoch: Int) -> Int {
      Int((Double(epoch - first.epoch) / Double(span) * Double(chartWidth - 1)).rounded())
    }
    func row(_ loss: Double) -> Int {
      let range = high - low
      let f = range > 0 ? (high - scaled(loss)) / range : 0.5
      return cellIndex(f, count: h)
    }
    var previous: (column: Int, row: Int)?
    for point in points {
      let c = column(point.epoch)
      let r = row(point.loss)
      if let p = previous, c - p.column <= 1, abs(r - p.row) > 1 {
        for between in (min(r, p.row) + 1)..<max(r, p.row) {
          canvas.set(dot, row: between, column: axisWidth + 1 + c, color: .path)
        }
      }
      canvas.set(dot, row: r, column: axisWidth + 1 + c, color: .path)
      previous = (c, r)
    }
    let left = Parse.grouped(first.epoch)
    let right = Parse.grouped(last.epoch)
    canvas.put(left, row: h + 1, column: axisWidth + 1)
    if first.epoch != last.epoch {
      canvas.put(right, row: h + 1, column: axisWidth + 1 + chartWidth - right.count)
      let middle = Parse.grouped((first.epoch + last.epoch) / 2)
      let center = axisWidth + 1 + chartWidth / 2
      if center - middle.count / 2 > axisWidth + left.count + 2 {
        canvas.put(middle, row: h + 1, centeredOn: center)
      }
    }
    text += canvas.render(color: color)
    text += n.text(
      "epoch \(Parse.grouped(first.epoch))…\(Parse.grouped(last.epoch)) of \(Parse.grouped(epochsCompleted)) completed; loss \(n.compact(first.loss)) → \(n.compact(last.loss))"
    )
    text += logScale ? n.text(", log scale (it spans more than two decades)\n") : ", linear scale\n"
    return text + divergence(n)
  }

  /// Where a diverged run blew up, and why; "" for any other run.
  private func divergence(_ n: Notation) -> String {
    guard case .diverged(let epoch, let sample) = outcome else { return "" }
    var text = "the run diverged at epoch \(Parse.grouped(epoch)), sample \(sample)\n"
    if let flow = divergenceFlow, let reason = FlowPicture.divergence(flow, n) { text += reason }
    return text
  }

  func svg(_ n: Notation) -> String {
    let left = 70.0
    let top = 40.0
    let plotWidth = 560.0
    let plotHeight = 260.0
    var svg = SVGDocument(
      width: left + plotWidth + 30, height: top + plotHeight + 60, title: "minirnn loss")
    svg.text(title, x: left, y: 24, size: 14)
    svg.rect(x: left, y: top, width: plotWidth, height: plotHeight, fill: "none", stroke: "#bbbbbb")
    guard let first = points.first, let last = points.last else {
      svg.text("no completed epoch", x: left + 10, y: top + 20)
      return svg.document
    }
    let span = Double(max(1, last.epoch - first.epoch))
    let range = high - low
    func x(_ epoch: Int) -> Double { left + Double(epoch - first.epoch) / span * plotWidth }
    func y(_ loss: Double) -> Double {
      let f = range > 0 ? (high - scaled(loss)) / range : 0.5
      return top + min(max(f, 0), 1) * plotHeight
    }
    for v in [low, (low + high) / 2, high] {
      let label = n.compact(unscaled(v))
      let yy = top + (range > 0 ? (high - v) / range : 0.5) * plotHeight
      svg.line(x1: left - 4, y1: yy, x2: left, y2: yy, stroke: "#555555")
      svg.text(label, x: left - 6, y: yy + 4, anchor: "end", size: 11, fill: "#555555")
    }
    svg.polyline(points.map { (x: x($0.epoch), y: y($0.loss)) }, stroke: PictureColor.path.svg)
    svg.text(Parse.grouped(first.epoch), x: left, y: top + plotHeight + 16, size: 11)
    svg.text(
      Parse.grouped(last.epoch), x: left + plotWidth, y: top + plotHeight + 16, anchor: "end",
      size: 11)
    svg.text(
      "epoch" + (logScale ? "   (loss on a log scale)" : ""), x: left + plotWidth / 2,
      y: top + plotHeight + 36, anchor: "middle", size: 12)
    return svg.document
  }
}

extension Session {
  /// The curve for `plot loss`, or why there is none.
  func lossPicture() throws(CommandError) -> LossPicture {
    if let lstm = state.lstm {
      guard let report = lstm.lastTraining else { throw .noTraining }
      return LossPicture(
        history: report.history, epochsCompleted: report.epochsCompleted,
        outcome: report.outcome, divergenceFlow: nil, printedLoss: false)
    }
    guard let report = state.lastTraining else {
      throw .noTraining
    }
    return LossPicture(report: report, printedLoss: state.model.mode == .article)
  }
}
