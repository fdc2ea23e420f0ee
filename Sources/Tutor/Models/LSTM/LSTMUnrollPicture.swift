import RNN

/// The LSTM unrolled over time (the RNN's Fig. 1–4 layout, beyond the article): the cell
/// state c_t in a chain of boxes along the top, each link marked with the forget gate that
/// scales it, the hidden state h_t = o_t·tanh(c_t) under it, the inputs below, ŷ above the
/// last cell, and once BPTT has started ∂L/∂c_t and ∂L/∂h_t underneath.
///
/// Built from the session's LSTM records; steps not done yet show `·`.
struct LSTMUnrollPicture {
  let inputs: [Double]
  /// c_t, h_t and f_t for t = 1…n, nil where the forward pass has not reached yet.
  let cells: [Double?]
  let hidden: [Double?]
  let forget: [Double?]
  /// All four gates of each step, nil where the forward pass has not reached yet.
  let gates: [LSTMGateValues?]
  /// The parameters the picture was drawn with.
  let weights: LSTMWeights
  let prediction: Double?
  let target: Double?
  /// ∂L/∂c_t (in all) and ∂L/∂h_t arriving, nil where BPTT has not reached; empty before.
  let cellGradients: [Double?]
  let hiddenGradients: [Double?]
  let backwardProgress: (done: Int, count: Int)?
  let forwardDone: Int

  init(state: SessionState) {
    let lstm = state.activeLSTM
    let pass = lstm.forward
    inputs = pass?.inputs ?? state.inputs
    let n = inputs.count
    let done = pass?.t ?? 0
    forwardDone = done
    func record(_ t: Int) -> LSTMForwardStep? { t <= done ? pass!.steps[t - 1] : nil }
    cells = (1...n).map { record($0)?.c }
    hidden = (1...n).map { record($0)?.h }
    forget = (1...n).map { record($0)?.gates.f }
    gates = (1...n).map { record($0)?.gates }
    weights = lstm.model.weights
    prediction = pass?.prediction
    target = state.target
    if let back = lstm.backward, !back.steps.isEmpty {
      var dc = [Double?](repeating: nil, count: n)
      var dh = [Double?](repeating: nil, count: n)
      if let out = back.output { dh[n - 1] = out.dhn }
      for r in back.timesteps {
        dc[r.t - 1] = r.dc
        dh[r.t - 1] = r.dh
      }
      cellGradients = dc
      hiddenGradients = dh
      backwardProgress = (back.steps.count, back.count)
    } else {
      cellGradients = []
      hiddenGradients = []
      backwardProgress = nil
    }
  }

  var count: Int { inputs.count }

  func render(_ n: Notation, width: Int, color: Bool) -> String {
    var text = n.text(
      "The LSTM unrolled over t = 1…\(count): the cell state c on top, h under it, x below\n")
    let (canvas, notes) = draw(n, width: width)
    text += canvas.render(color: color)
    return text + notes.map { $0 + "\n" }.joined()
  }

  func draw(_ n: Notation, width: Int) -> (Canvas, [String]) {
    let g = Glyphs.forUnicode(n.unicode)
    let dot = n.unicode ? "·" : "."
    let down: Character = n.unicode ? "▼" : "v"
    func shown(_ v: Double?) -> String { v.map { n.compact($0) } ?? dot }
    let hasGradients = !cellGradients.isEmpty
    // Every value is compact (at most 7 characters), so the boxes have one width.
    let inner = max(7, n.h(count).count + 4)
    let box = inner + 2
    let gap = 9
    let margin = 6  // room for `∂L/∂c` and `c₀ 0` before the first box
    let fits = max(2, (width - margin) / (gap + box))
    var shownTimesteps = Array(1...count)
    var elided = 0
    if count > fits {
      let k = max(2, fits - 1)
      let head = (k + 1) / 2
      let tail = k / 2
      shownTimesteps = Array(1...head) + Array((count - tail + 1)...count)
      elided = count - k
    }
    let elisionWidth = elided > 0 ? n.text("… \(elided) more …").count + 2 : 0
    var boxStart: [Int: Int] = [:]
    var cursor = margin - gap
    var elisionStart: Int?
    for (i, t) in shownTimesteps.enumerated() {
      if i > 0 && t != shownTimesteps[i - 1] + 1 {
        elisionStart = cursor
        cursor += elisionWidth
      }
      boxStart[t] = cursor + gap
      cursor += gap + box
    }
    var canvas = Canvas(width: max(cursor, 1), height: hasGradients ? 17 : 15)

    func drawBox(top: Int, left: Int, label: String, value: String) {
      let border = String(g.horizontal) + " " + label + " "
      canvas.set(g.topLeft, row: top, column: left)
      canvas.put(border, row: top, column: left + 1)
      for c in (left + 1 + border.count)..<(left + box - 1) {
        canvas.set(g.horizontal, row: top, column: c)
      }
      canvas.set(g.topRight, row: top, column: left + box - 1)
      canvas.set(g.vertical, row: top + 1, column: left)
      canvas.put(value, row: top + 1, centeredOn: left + box / 2)
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

    // Rows: 0–2 ŷ, 3 its arrow, 4–6 c_t, 7 c_t down to h_t, 8–10 h_t, 11 x_t up to the
    // gates, 12–14 x_t, 15 ∂L/∂c_t, 16 ∂L/∂h_t.
    let lastLeft = boxStart[count]!
    drawBox(top: 0, left: lastLeft, label: n.yhat, value: shown(prediction))
    canvas.set(g.arrowUp, row: 3, column: lastLeft + box / 2)
    canvas.put("wy, by", row: 3, column: lastLeft + box / 2 - 7, color: .weight)
    for t in shownTimesteps {
      let left = boxStart[t]!
      let center = left + box / 2
      drawBox(top: 4, left: left, label: n.c(t), value: shown(cells[t - 1]))
      drawBox(top: 8, left: left, label: n.h(t), value: shown(hidden[t - 1]))
      drawBox(top: 12, left: left, label: n.x(t), value: n.compact(inputs[t - 1]))
      canvas.set(down, row: 7, column: center)
      canvas.put(n.gate(.o, t), row: 7, column: center + 2, color: .weight)
      canvas.set(g.arrowUp, row: 11, column: center)
      canvas.put("i f g o", row: 11, column: center - 8, color: .weight)
      let gapStart = left - gap
      let linked = t > 1 && boxStart[t - 1] != nil
      if t == 1 {
        for (row, label) in [(5, n.c(0) + " 0"), (9, n.h(0) + " 0")] {
          canvas.put(label, row: row, column: 0)
          arrowRight(row: row, from: label.count + 1, to: left - 1)
        }
      } else if linked {
        // c_{t−1} reaches c_t scaled by f_t; h_{t−1} feeds step t's gates.
        let label = "\(n.gate(.f, t)) \(forget[t - 1].map { n.compact($0, limit: 4) } ?? dot)"
        if label.count + 2 <= gap {
          canvas.put(label, row: 4, column: gapStart + (gap - label.count) / 2, color: .weight)
        }
        arrowRight(row: 5, from: gapStart, to: left - 1)
        arrowRight(row: 9, from: gapStart, to: left - 1)
      } else {
        arrowRight(row: 5, from: left - 3, to: left - 1)
        arrowRight(row: 9, from: left - 3, to: left - 1)
      }
      if hasGradients {
        canvas.put(shown(cellGradients[t - 1]), row: 15, centeredOn: center, color: .gradient)
        canvas.put(shown(hiddenGradients[t - 1]), row: 16, centeredOn: center, color: .gradient)
      }
    }
    if hasGradients {
      canvas.put(n.text("∂L/∂c"), row: 15, column: 0, color: .gradient)
      canvas.put(n.text("∂L/∂h"), row: 16, column: 0, color: .gradient)
    }
    if let start = elisionStart {
      canvas.put(n.text("… \(elided) more …"), row: 5, column: start + 1)
      canvas.put(n.text("…"), row: 9, centeredOn: start + elisionWidth / 2)
      canvas.put(n.text("…"), row: 13, centeredOn: start + elisionWidth / 2)
    }

    var notes: [String] = []
    var facts: [String] = []
    if let y = target { facts.append("y = \(n.value(y))") }
    if let yhat = prediction, let y = target {
      facts.append("L = \(n.value(Cell.loss(prediction: yhat, target: y)))")
    }
    if !facts.isEmpty { notes.append(facts.joined(separator: "   ")) }
    notes.append(
      n.text(
        "on the top arrows: the forget gate fₜ that scales cₜ₋₁ (and ∂L/∂cₜ on its way back)"))
    if forwardDone < count {
      notes.append("step \(forwardDone + 1) not computed yet: 'step' computes it")
    }
    if let progress = backwardProgress {
      var line = n.text(
        "under the boxes: ∂L/∂cₜ in all and ∂L/∂hₜ arriving (BPTT step \(progress.done) of \(progress.count)"
      )
      if progress.done < progress.count { line += n.text("; 'back' continues") }
      notes.append(line + ")")
    }
    notes.append("numbers are rounded to fit; 'states' and 'grads' give them in full")
    return (canvas, notes)
  }
}
