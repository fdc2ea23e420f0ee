import RNN

/// Fig. 1–4: the network unrolled over time, each value in its box and each weight on its
/// arrows, with ∂L/∂h_t flowing back underneath once BPTT has started.
///
/// Built from the session's forward and backward records; steps not done yet show `·`.
struct UnrollPicture {
  /// x_1…x_n.
  let inputs: [Double]
  /// h_1…h_n, nil where the forward pass has not reached yet.
  let hidden: [Double?]
  /// ŷ, once the forward pass is complete.
  let prediction: Double?
  let target: Double?
  /// The loss the session reports (Eq. 1, or the printed mse in article mode).
  let loss: Double?
  let weights: Weights
  let activation: Activation
  /// ∂L/∂h_1…∂L/∂h_n, nil where BPTT has not reached yet; empty before it starts.
  let hiddenGradients: [Double?]
  /// ∂L/∂ŷ, once BPTT's first step is done.
  let lossGradient: Double?
  /// BPTT's progress (steps done, steps in all), once it has started.
  let backwardProgress: (done: Int, count: Int)?
  /// How far the forward pass is (h_1…h_t known).
  let forwardDone: Int

  init(state: SessionState) {
    let pass = state.forward
    inputs = pass?.inputs ?? state.inputs
    let n = inputs.count
    forwardDone = pass?.t ?? 0
    hidden = (1...n).map { t in t <= (pass?.t ?? 0) ? pass!.hidden[t] : nil }
    prediction = pass?.prediction
    target = state.target
    if let yhat = prediction, let y = state.target {
      loss = state.model.loss(prediction: yhat, target: y)
    } else {
      loss = nil
    }
    weights = pass?.weights ?? state.model.weights
    activation = pass?.activation ?? state.model.cellActivation
    if let back = state.backward, !back.steps.isEmpty {
      var gradients = [Double?](repeating: nil, count: n)
      if let out = back.output { gradients[n - 1] = out.dhn }
      for r in back.timesteps where r.t > 1 { gradients[r.t - 2] = r.dhPrevious }
      hiddenGradients = gradients
      lossGradient = back.output?.lossGradient
      backwardProgress = (back.steps.count, back.count)
    } else {
      hiddenGradients = []
      lossGradient = nil
      backwardProgress = nil
    }
  }

  var count: Int { inputs.count }

  /// The picture and the lines of text that go under it.
  func render(_ n: Notation, width: Int, color: Bool) -> String {
    let (canvas, notes) = draw(n, width: width)
    var text = n.text(
      "Fig. 1–4, unrolled over t = 1…\(count): values in boxes, weights on arrows\n")
    text += canvas.render(color: color)
    text += notes.map { $0 + "\n" }.joined()
    if let caption = CellEquation(n: n).caption { text += n.text(caption) + "\n" }
    return text
  }

  /// Lays the picture out in `width` columns: as many timesteps as fit, the middle ones
  /// elided when they do not all fit.
  func draw(_ n: Notation, width: Int) -> (Canvas, [String]) {
    let g = Glyphs.forUnicode(n.unicode)
    let dot = n.unicode ? "·" : "."
    func shown(_ v: Double?) -> String { v.map { n.compact($0) } ?? dot }
    // Only the timesteps that could be on screen are formatted: at most one box per 13
    // columns from each end (a long sequence can have 10,000).
    let reach = max(2, width / 13 + 1)
    let candidates =
      count <= 2 * reach ? Array(0..<count) : Array(0..<reach) + Array((count - reach)..<count)
    var xs = [String](repeating: "", count: count)
    var hs = xs
    var dhs = hiddenGradients.isEmpty ? [] : xs
    for i in candidates {
      xs[i] = n.compact(inputs[i])
      hs[i] = shown(hidden[i])
      if !dhs.isEmpty { dhs[i] = shown(hiddenGradients[i]) }
    }
    let yhatText = shown(prediction)
    let longestValue =
      candidates.map { max(xs[$0].count, hs[$0].count, dhs.isEmpty ? 0 : dhs[$0].count) }
      .max().map { max($0, yhatText.count) } ?? yhatText.count
    let longestLabel = n.h(count).count
    let inner = max(7, longestValue + 2, longestLabel + 4)
    let box = inner + 2

    // How many timesteps fit, with a gap of at least 4 columns before each box.
    var gap = 4
    let all = count * (gap + box) <= width
    var headCount = count
    var tailCount = 0
    var elisionText = ""
    if !all {
      // The elision's width for the longest count it could show bounds the others.
      let e = n.text("… \(count) more …").count + 2
      let k = max(2, min(count - 1, (width - e) / (gap + box)))
      headCount = (k + 1) / 2
      tailCount = k / 2
      elisionText = n.text("… \(count - k) more …")
    }
    let shownTimesteps =
      Array(1...headCount) + (tailCount > 0 ? Array((count - tailCount + 1)...count) : [])
    let elisionWidth = elisionText.isEmpty ? 0 : elisionText.count + 2
    let columns = shownTimesteps.count

    // Widen the gaps to carry the weights' values when there is room.
    let w1Label = "\(n.w(1)) \(n.compact(weights.w1))"
    let w2Label = "\(n.w(2)) \(n.compact(weights.w2))"
    let w3Label = "\(n.w(3)) \(n.compact(weights.w3))"
    let roomPerGap = (width - columns * box - elisionWidth) / max(1, columns)
    gap = max(gap, min(w2Label.count + 2, roomPerGap))
    // The label goes on the arrow only with a space on either side.
    let gapLabel = w2Label.count + 2 <= gap ? w2Label : (n.w(2).count + 2 <= gap ? n.w(2) : "")
    let verticalRoom = gap + inner / 2
    let upLabel = w1Label.count + 2 <= verticalRoom ? w1Label : n.w(1)
    let outLabel = w3Label.count + 2 <= verticalRoom ? w3Label : n.w(3)

    // Where each shown timestep's box starts.
    var boxStart: [Int: Int] = [:]
    var cursor = 0
    var elisionStart: Int?
    for (i, t) in shownTimesteps.enumerated() {
      if i == headCount && tailCount > 0 {
        elisionStart = cursor
        cursor += elisionWidth
      }
      boxStart[t] = cursor + gap
      cursor += gap + box
    }
    let totalWidth = cursor
    let hasGradients = !hiddenGradients.isEmpty
    var canvas = Canvas(width: totalWidth, height: hasGradients ? 12 : 11)

    func drawBox(top: Int, left: Int, label: String, value: String, valueColor: PictureColor? = nil)
    {
      let border = String(g.horizontal) + " " + label + " "
      canvas.set(g.topLeft, row: top, column: left)
      canvas.put(border, row: top, column: left + 1)
      for c in (left + 1 + border.count)..<(left + box - 1) {
        canvas.set(g.horizontal, row: top, column: c)
      }
      canvas.set(g.topRight, row: top, column: left + box - 1)
      canvas.set(g.vertical, row: top + 1, column: left)
      canvas.put(value, row: top + 1, centeredOn: left + box / 2, color: valueColor)
      canvas.set(g.vertical, row: top + 1, column: left + box - 1)
      canvas.set(g.bottomLeft, row: top + 2, column: left)
      for c in (left + 1)..<(left + box - 1) { canvas.set(g.horizontal, row: top + 2, column: c) }
      canvas.set(g.bottomRight, row: top + 2, column: left + box - 1)
    }
    func arrowRight(row: Int, from: Int, to: Int) {
      guard to > from else { return }
      for c in from..<to { canvas.set(g.horizontal, row: row, column: c) }
      canvas.set(g.arrowRight, row: row, column: to)
    }

    // Rows: 0–2 ŷ, 3 the w₃ arrow, 4–6 h_t, 7 the w₁ arrows, 8–10 x_t, 11 ∂L/∂h_t.
    let last = count
    let lastLeft = boxStart[last]!
    drawBox(top: 0, left: lastLeft, label: n.yhat, value: yhatText)
    let lastCenter = lastLeft + box / 2
    canvas.set(g.arrowUp, row: 3, column: lastCenter)
    canvas.put(outLabel, row: 3, column: lastCenter - 1 - outLabel.count, color: .weight)
    for t in shownTimesteps {
      let left = boxStart[t]!
      let center = left + box / 2
      drawBox(top: 4, left: left, label: n.h(t), value: hs[t - 1])
      drawBox(top: 8, left: left, label: n.x(t), value: xs[t - 1])
      canvas.set(g.arrowUp, row: 7, column: center)
      canvas.put(upLabel, row: 7, column: center - 1 - upLabel.count, color: .weight)
      // The feedback arrow into h_t, from h_{t−1} (h₀ = 0 before the first box).
      let gapStart = left - gap
      if t == 1 {
        canvas.put(n.h(0), row: 4, column: gapStart)
        canvas.put("0", row: 5, column: gapStart)
        arrowRight(row: 5, from: gapStart + 2, to: left - 1)
      } else {
        canvas.put(gapLabel, row: 4, column: gapStart + (gap - gapLabel.count) / 2, color: .weight)
        arrowRight(row: 5, from: gapStart, to: left - 1)
      }
    }
    // ∂L/∂h_t under each box, with arrows pointing back in time between them.
    if hasGradients {
      var previousEnd: Int?
      for t in shownTimesteps {
        let text = dhs[t - 1]
        let start = boxStart[t]! + box / 2 - text.count / 2
        canvas.put(text, row: 11, column: start, color: .gradient)
        if let end = previousEnd, start - 3 > end {
          canvas.set(g.arrowLeft, row: 11, column: end + 2, color: .gradient)
          for c in (end + 3)...(start - 2) {
            canvas.set(g.horizontal, row: 11, column: c, color: .gradient)
          }
        }
        previousEnd = start + text.count - 1
      }
    }
    if let start = elisionStart {
      canvas.put(elisionText, row: 5, column: start + 1)
      canvas.put(n.text("…"), row: 9, centeredOn: start + elisionWidth / 2)
      if hasGradients {
        canvas.put(n.text("…"), row: 11, centeredOn: start + elisionWidth / 2, color: .gradient)
      }
    }

    // The lines under the picture: the numbers that have no box, in full.
    var notes: [String] = []
    var facts: [String] = []
    if let y = target { facts.append("y = \(n.value(y))") }
    if let l = loss { facts.append("L = \(n.value(l))") }
    if let d = lossGradient { facts.append("\(n.dL(n.yhat)) = \(n.value(d))") }
    if !facts.isEmpty { notes.append(facts.joined(separator: "   ")) }
    notes.append(
      "\(n.w(1)) = \(n.value(weights.w1)), \(n.w(2)) = \(n.value(weights.w2)), \(n.w(3)) = \(n.value(weights.w3)); \(activation.symbol) in every cell"
    )
    if forwardDone < count {
      var pending = "\(n.h(forwardDone + 1)) not computed yet: 'step' computes it"
      if count > forwardDone + 1 { pending += " ('forward' runs the rest)" }
      notes.append(pending)
    }
    if let progress = backwardProgress {
      var line = n.text(
        "under the boxes: ∂L/∂hₜ, flowing right to left (BPTT step \(progress.done) of \(progress.count)"
      )
      if progress.done < progress.count { line += n.text("; 'back' continues") }
      notes.append(line + ")")
    }
    let shownValues =
      shownTimesteps.flatMap { t in
        [inputs[t - 1], hidden[t - 1], hiddenGradients.isEmpty ? nil : hiddenGradients[t - 1]]
          .compactMap { $0 }
      } + [prediction].compactMap { $0 }
    if shownValues.contains(where: { n.compact($0) != n.value($0) }) {
      notes.append(
        "numbers in the boxes are rounded to fit; 'states' and 'grads' give them in full")
    }
    return (canvas, notes)
  }
}
