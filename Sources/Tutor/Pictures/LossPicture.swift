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
      canvas.put(TextLayout.leftPad(label, axisWidth - 1), row: [0, h / 2, h - 1][i], column: 0)
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

  /// The curve as an SVG chart: every epoch kept from the first on, round-number ticks, a
  /// log scale when the loss spans more than two decades, the first and last epochs marked
  /// with their loss.
  func svg(_ n: Notation) -> String {
    let left = 90.0
    let top = 70.0
    let plotWidth = 560.0
    let plotHeight = 280.0
    var svg = SVGDocument(width: left + plotWidth + 40, height: 0, title: "minirnn loss")
    svg.text(n.text(title), x: 20, y: 26, size: 14, bold: true)
    guard let first = points.first, let last = points.last else {
      svg.markPlotArea(x: left, y: top, width: plotWidth, height: plotHeight)
      svg.text("the last training completed no epoch: no curve to draw", x: left, y: top + 20)
      svg.height = top + 40
      return svg.document
    }
    let vertical = ChartAxis.fitting(points.map(\.loss), count: 5)
    let frame = ChartFrame(
      x: left, y: top, width: plotWidth, height: plotHeight,
      horizontal: .counting(first.epoch, last.epoch), vertical: vertical)
    frame.draw(
      into: &svg, horizontalName: "epoch",
      verticalName: vertical.logScale ? "loss (log scale)" : "loss")
    let line = points.map { frame.point(Double($0.epoch), $0.loss) }
    svg.polyline(line, stroke: PictureColor.path.svg, width: 2)
    let color = PictureColor.path.svg
    let bounds = SVGBox(x0: left, y0: top, x1: left + plotWidth, y1: top + plotHeight)
    var marks: [SVGBox] = []
    let ends =
      points.count == 1 ? [(first, line[0])] : [(first, line[0]), (last, line[line.count - 1])]
    for (_, at) in ends {
      svg.circle(x: at.x, y: at.y, radius: 4, fill: color)
      marks.append(SVGBox(around: at, radius: 6))
    }
    for (point, at) in ends {
      let text = "epoch \(Parse.grouped(point.epoch)): \(n.compact(point.loss))"
      let candidates = [
        (at.x + 8, at.y - 8, "start"), (at.x + 8, at.y + 18, "start"), (at.x - 8, at.y - 8, "end"),
        (at.x - 8, at.y + 18, "end"), (at.x + 8, at.y + 34, "start"), (at.x - 8, at.y + 34, "end"),
        (at.x - 8, at.y - 24, "end"), (at.x + 8, at.y - 24, "start"),
      ].map { (x: $0.0, y: $0.1, anchor: $0.2) }
      if let box = svg.label(
        text, candidates: candidates, size: 11, fill: "#333333", halo: true, avoiding: marks,
        within: bounds)
      {
        marks.append(box)
      }
    }
    var notes = [
      "epochs \(Parse.grouped(first.epoch))…\(Parse.grouped(last.epoch)) of \(Parse.grouped(epochsCompleted)) completed; "
        + (vertical.logScale
          ? "log scale, because the loss spans more than two decades"
          : "linear scale")
    ]
    if case .diverged(let epoch, let sample) = outcome {
      notes.append("the run diverged at epoch \(Parse.grouped(epoch)), sample \(sample)")
    }
    svg.height = svg.notes(notes, x: 20, y: top + plotHeight + 66, width: plotWidth + left)
    return svg.document
  }
}

extension LossPicture {
  /// The curve of a model's last training run, the way the models beyond the article draw
  /// it (the RNN's adds its divergence flow and article mode's loss); `noTraining` without one.
  static func of<P>(_ run: TrainingRun<P>?) throws(CommandError) -> LossPicture {
    guard let run else { throw .noTraining }
    return LossPicture(
      history: run.history, epochsCompleted: run.epochsCompleted, outcome: run.outcome,
      divergenceFlow: nil, printedLoss: false)
  }
}

extension Session {
  /// The curve for `plot loss`, or why there is none.
  func lossPicture() throws(CommandError) -> LossPicture {
    try state.active.lossPicture()
  }
}
