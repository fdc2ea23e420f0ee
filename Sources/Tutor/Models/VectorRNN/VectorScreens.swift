import RNN

// The vector RNN's screens: the RNN's step, back, states, grads and weights layouts with
// vectors as columns and W_hh as a matrix, over the records `Sources/RNN/VectorRNN`
// produced. Nothing here computes a number the engine did not.

/// A block of text lines laid out side by side with others (a vector is K lines, a scalar or
/// an operator one).
struct TextBlock {
  var lines: [String]
  init(_ lines: [String]) { self.lines = lines }
  init(_ line: String) { lines = [line] }
  var width: Int { lines.map { TextLayout.columns($0[...]) }.max() ?? 0 }
  var height: Int { lines.count }
}

/// The units shown across a screen: all K up to 4, else the first 4 and a note.
let vectorUnitsShown = 4

extension Session {
  /// A column vector `[v]` per unit, numbers right-aligned (first 4 of more).
  func columnBlock(_ values: [Double]) -> TextBlock {
    let shown = values.prefix(vectorUnitsShown).map { notation.value($0) }
    var lines = matrixLines(shown.map { [$0] })
    if values.count > vectorUnitsShown {
      lines.append(" …\(values.count - vectorUnitsShown)")
    }
    return TextBlock(lines)
  }

  /// A K×K matrix given row by row (first 4 rows and columns of more).
  func matrixBlock(_ rows: [[Double]]) -> TextBlock {
    let k = rows.count
    let shown = rows.prefix(vectorUnitsShown).map { row in
      row.prefix(vectorUnitsShown).map { notation.value($0) } + (k > vectorUnitsShown ? ["…"] : [])
    }
    var lines = matrixLines(shown, gap: k >= 3 ? 1 : 2)
    if k > vectorUnitsShown { lines.append(" ⋮") }
    return TextBlock(lines.map(notation.text))
  }

  /// Blocks side by side, top-aligned, as few rows as the terminal's width allows: a row too
  /// wide goes on below, indented, after `=`.
  func layoutBlocks(_ blocks: [TextBlock], indent: String = "  ", continuation: Int = 4)
    -> String
  {
    let width = max(traits.width, 60)
    var rows: [[TextBlock]] = [[]]
    var used = indent.count
    for block in blocks {
      if used + block.width > width && !rows[rows.count - 1].isEmpty {
        rows.append([TextBlock(String(repeating: " ", count: continuation))])
        used = indent.count + continuation
      }
      rows[rows.count - 1].append(block)
      used += block.width
    }
    var text = ""
    for row in rows {
      let height = row.map(\.height).max() ?? 1
      for line in 0..<height {
        var out = indent
        for block in row {
          let piece = line < block.lines.count ? block.lines[line] : ""
          out += piece + String(repeating: " ", count: block.width - TextLayout.columns(piece[...]))
        }
        text += out.trimmingTrailingSpaces() + "\n"
      }
    }
    return text
  }

  /// `(0.1, −0.2)`, the first four of more and how many are left out.
  func rowVector(_ values: [Double]) -> String {
    let shown = values.prefix(vectorUnitsShown).map { notation.value($0) }
    let more = values.count > vectorUnitsShown ? ", … \(values.count - vectorUnitsShown) more" : ""
    return notation.text("(" + shown.joined(separator: ", ") + more + ")")
  }

  // MARK: Forward

  /// One timestep: a_t from its products, h_t = φ(a_t), ŷ_t.
  func renderVectorForwardStep(_ r: VectorForwardStep, in pass: VectorForwardPass) -> String {
    let n = notation
    let t = r.t
    let m = state.activeVector
    let phi = m.model.activation.symbol
    var text = n.styled("t=\(t)", .heading) + "  \(n.x(t)) = \(n.value(r.x))\n"
    text += layoutBlocks(
      [
        TextBlock("  W_hh\(n.times)\(n.h(t - 1)) = "), matrixBlock(pass.weights.recurrentRows),
        TextBlock(n.times), columnBlock(r.hPrevious), TextBlock(" = "), columnBlock(r.recurrent),
      ], indent: "")
    text += "  \(n.a(t)) = W_xh\(n.times)\(n.x(t)) + W_hh\(n.times)\(n.h(t - 1)) + b\n"
    text += layoutBlocks(
      [
        TextBlock("     = "), columnBlock(pass.weights.wxh),
        TextBlock("\(n.times)\(n.value(r.x, parenthesized: true)) + "), columnBlock(r.recurrent),
        TextBlock(" + "), columnBlock(pass.weights.b), TextBlock(" = "), styledColumn(r.a),
      ], indent: "")
    text += layoutBlocks(
      [TextBlock("  \(n.h(t)) = \(phi)(\(n.a(t))) = "), styledColumn(r.h, .result)], indent: "")
    // The dot product written out where it fits the line; 'weights' shows w_y.
    let head = "  \(n.yhat)\(n.sub(t)) = w_y\(n.times)\(n.h(t)) + c"
    let product =
      " = \(rowVector(pass.weights.wy))\(n.times)\(rowVector(r.h)) + \(n.value(pass.weights.c, parenthesized: true))"
    let tail = " = \(n.value(r.output))\n"
    let full = head + product + tail
    text += TextLayout.columns(full.dropLast()) <= max(traits.width, 60) ? full : head + tail
    if m.size > vectorUnitsShown {
      text += n.text("  (units 5–\(m.size) left out; 'print h[\(t)]' lists every unit)\n")
    }
    return text
  }

  private func styledColumn(_ values: [Double], _ style: Notation.Style? = nil) -> TextBlock {
    var block = columnBlock(values)
    if let style { block.lines = block.lines.map { notation.styled($0, style) } }
    return block
  }

  /// ŷ and L once the pass is complete.
  func renderVectorOutputIfComplete(_ pass: VectorForwardPass) -> String {
    guard pass.isComplete, let yhat = pass.prediction else { return "" }
    let n = notation
    let m = state.activeVector
    let t = pass.count
    var text = "\(n.yhat) = \(n.yhat)\(n.sub(t)) = \(n.styled(n.value(yhat), .result))\n"
    switch m.targets(in: state) {
    case .failure:
      text +=
        m.model.loss.readsEveryStep
        ? "(no target per step yet: 'target' with \(t) values, or 'data echo' / 'data next')\n"
        : "(no target y yet: 'target Y' sets one)\n"
    case .success(let ys):
      text += lossLine(pass, targets: ys, loss: m.model.loss)
    }
    return text
  }

  /// L with its terms: Eq. 1 for the last output, the sum over every step otherwise.
  func lossLine(_ pass: VectorForwardPass, targets ys: [Double], loss: LossReadout) -> String {
    let n = notation
    let value = loss.loss(outputs: pass.outputs, targets: ys)
    let count = pass.count
    switch loss {
    case .last:
      let y = ys[ys.count - 1]
      return
        "L = \(n.half)(y \(n.minus) \(n.yhat)\(n.sub(count)))\(n.squared) = \(n.half)(\(n.value(y)) \(n.minus) \(n.value(pass.outputs[count - 1], parenthesized: true)))\(n.squared) = \(n.styled(n.value(value), .result))    Eq. 1\n"
    case .every, .everyMean:
      return everyStepLossLines(outputs: pass.outputs, targets: ys, loss: loss)
    }
  }

  // MARK: Backward

  /// One BPTT step: ŷ_n's, or a timestep's, with the units as columns.
  func renderVectorBackwardStep(_ record: VectorBackwardStep, in pass: VectorBackwardPass)
    -> String
  {
    let n = notation
    let total = pass.count
    let index = pass.steps.count
    switch record {
    case .output(let o):
      var text =
        n.styled(
          "BPTT step \(index) of \(total): from L back to \(n.yhat)\(n.sub(o.t)), w_y, c and \(n.h(o.t))",
          .heading) + "\n"
      text += outputLines(o, in: pass)
      if pass.loss.readsEveryStep {
        text += n.text(
          "  (a loss at every step: each timestep below adds the road from its own ŷₜ)\n")
      }
      return text
    case .timestep(let r):
      let t = r.t
      let two = pass.loss.readsEveryStep && t < pass.length
      var text =
        n.styled(
          "BPTT step \(index) of \(total): timestep t = \(t)"
            + (two ? "   two roads into \(n.dL(n.h(t)))" : ""), .heading) + "\n"
      if let o = r.output { text += outputScalarLines(o, in: pass) }
      let k = r.dh.count
      let phiPrime =
        state.activeVector.model.activation == .tanh
        ? "\(n.phiPrime)(\(n.a(t))) = 1 \(n.minus) \(n.h(t))\(n.squared)"
        : "\(n.phiPrime)(\(n.a(t)))"
      var rows: [[String]] = []
      func row(_ label: String, _ v: [Double]) {
        rows.append([n.text(label)] + v.prefix(vectorUnitsShown).map { n.number($0) })
      }
      if let o = r.output {
        row("w_y term \(n.h(t))·\(n.dL(n.yhat + n.sub(t)))", o.wyTerm)
        row("w_y.g", o.wySum)
      }
      if t < pass.length {
        if two { row("from \(n.yhat)\(n.sub(t)): w_y·\(n.dL(n.yhat + n.sub(t)))", r.fromOutput) }
        row("from \(n.h(t + 1)): W_hhᵀ·\(n.dL(n.a(t + 1)))", r.fromNext)
      } else {
        row("from \(n.yhat)\(n.sub(t)): w_y·\(n.dL(n.yhat + n.sub(t)))", r.fromOutput)
      }
      row("\(n.dL(n.h(t)))" + (two ? " (sum)" : ""), r.dh)
      row(phiPrime, r.forward.derivative)
      row("\(n.dL(n.a(t))) = \(n.dL(n.h(t)))·\(n.phiPrime)", r.da)
      row("W_xh term \(n.dL(n.a(t)))·\(n.x(t))", r.wxhTerm)
      row("W_xh.g", r.sums.wxh)
      row("b.g (b term = \(n.dL(n.a(t))))", r.sums.b)
      // Under a loss at every step this is only one of ∂L/∂hₜ₋₁'s two roads: ŷₜ₋₁'s joins it
      // at the next step, so the line must not call it ∂L/∂hₜ₋₁ itself.
      let partial = pass.loss.readsEveryStep && t > 1
      row(
        "\(n.dL(n.h(t - 1)))\(partial ? " from \(n.h(t)):" : " =") W_hhᵀ·\(n.dL(n.a(t)))",
        r.dhPrevious)
      let header = [""] + (1...min(k, vectorUnitsShown)).map { "unit \($0)" }
      text += indentLines(renderTable(header, rows, unicode: n.unicode))
      if k > vectorUnitsShown {
        text += n.text("  (units 5–\(k) left out; 'print W_xh.g' lists every unit)\n")
      }
      let w = pass.forward.weights
      let jacobian = (0..<k).map { i in
        (0..<k).map { j in r.forward.derivative[i] * w.recurrent(i, j) }
      }
      let term = (0..<k).map { i in Array(r.whhTerm[i * k..<(i + 1) * k]) }
      let sums = r.sums.recurrentRows
      text += matrixTriple(
        [
          ("J\(n.sub(t)) = diag(\(n.phiPrime)(\(n.a(t))))·W_hh", jacobian),
          ("W_hh term = \(n.dL(n.a(t)))·\(n.h(t - 1))ᵀ", term),
          ("W_hh.g", sums),
        ])
      return text
    }
  }

  /// ∂L/∂ŷ_t and c's term, on two lines.
  private func outputScalarLines(_ o: VectorOutputStep, in pass: VectorBackwardPass) -> String {
    let n = notation
    let t = o.t
    return
      "  \(outputLossGradientLine(t: t, length: pass.length, prediction: o.prediction, target: o.target, gradient: o.lossGradient, loss: pass.loss))\n"
      + "  c term = \(n.dL(n.yhat + n.sub(t))) = \(n.value(o.cTerm))   c.g = \(n.value(o.cSum))\n"
  }

  /// The lines of ŷ_t's terms: ∂L/∂ŷ_t, c's, w_y's and the road into h_t.
  private func outputLines(_ o: VectorOutputStep, in pass: VectorBackwardPass) -> String {
    let n = notation
    let t = o.t
    var text = outputScalarLines(o, in: pass)
    var rows: [[String]] = []
    func row(_ label: String, _ v: [Double]) {
      rows.append([n.text(label)] + v.prefix(vectorUnitsShown).map { n.number($0) })
    }
    row("w_y term \(n.h(t))·\(n.dL(n.yhat + n.sub(t)))", o.wyTerm)
    row("w_y.g", o.wySum)
    row("\(n.dL(n.h(t))) from \(n.yhat)\(n.sub(t)): w_y·\(n.dL(n.yhat + n.sub(t)))", o.dh)
    let k = o.h.count
    text += indentLines(
      renderTable(
        [""] + (1...min(k, vectorUnitsShown)).map { "unit \($0)" }, rows, unicode: n.unicode))
    return text
  }

  /// Matrices with their titles, side by side where they fit, else one under another.
  private func matrixTriple(_ items: [(String, [[Double]])]) -> String {
    var blocks: [TextBlock] = []
    for (title, rows) in items {
      var block = matrixBlock(rows)
      block.lines.insert(notation.text(title), at: 0)
      let width = block.width
      block.lines = block.lines.map {
        $0 + String(repeating: " ", count: width - TextLayout.columns($0[...])) + "   "
      }
      blocks.append(block)
    }
    return layoutBlocks(blocks, continuation: 0)
  }

  private func indentLines(_ text: String) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map {
      "  " + $0 + "\n"
    }
    .joined()
  }

  /// After `backward`: every gradient, blocks as rows.
  func renderVectorGradientSummary() -> String {
    renderVectorParameters(gradients: true)
  }

  // MARK: Tables

  /// `weights`: the parameters and their gradients.
  func renderVectorWeights() -> String {
    let m = state.activeVector
    return "parameters\n" + renderVectorParameters(gradients: false) + "gradients (.g)\n"
      + renderVectorParameters(gradients: true)
      + notation.text(
        "model rnn \(m.size) (beyond the article): \(m.model.activation.symbol), loss \(m.model.loss.words), \(learningRateText(m.learningRate))\n"
      )
  }

  func renderVectorParameters(gradients: Bool) -> String {
    let n = notation
    let m = state.activeVector
    let w = gradients ? m.model.gradients : m.model.weights
    let g = gradients ? ".g" : ""
    var blocks: [TextBlock] = []
    for (name, values) in [("W_xh", w.wxh), ("b", w.b), ("w_y", w.wy)] {
      var block = columnBlock(values)
      block.lines.insert(name + g, at: 0)
      blocks.append(block)
      blocks.append(TextBlock("   "))
    }
    var matrix = matrixBlock(w.recurrentRows)
    matrix.lines.insert("W_hh" + g, at: 0)
    blocks.append(matrix)
    blocks.append(TextBlock("   "))
    blocks.append(TextBlock(["c" + g, n.number(w.c)]))
    return layoutBlocks(blocks, continuation: 0)
  }

  /// `states`: t, x_t, h_t (as a row) and ŷ_t.
  func renderVectorStates(elide: Bool) -> String {
    let n = notation
    let inputs = state.inputs
    let m = state.activeVector
    let pass = m.forward
    var rows: [[String]] = [["0", "", rowVector(Array(repeating: 0, count: m.size)), ""]]
    for t in 1...inputs.count {
      if let pass, t <= pass.t {
        let r = pass.steps[t - 1]
        rows.append([String(t), n.number(r.x), rowVector(r.h), n.number(r.output)])
      } else {
        rows.append([String(t), n.number(inputs[t - 1]), n.times, n.times])
      }
    }
    var text = renderLongTable(
      ["t", "x_t", "h_t", "ŷ_t"].map(n.text), rows, fixedHead: 1, elide: elide, command: "states")
    if let pass, pass.isComplete, case .success(let ys) = m.targets(in: state) {
      text += lossLine(pass, targets: ys, loss: m.model.loss)
    } else if pass?.isComplete != true {
      text +=
        "(\(pass?.t ?? 0) of \(inputs.count) timesteps computed; 'step' or 'forward' goes on)\n"
    }
    return text
  }

  /// `grads`: per timestep of BPTT so far and per unit (the first four), ∂L/∂h_t's two
  /// roads, their sum and ∂L/∂a_t; then the gradients.
  func renderVectorGrads(elide: Bool) -> String {
    let n = notation
    let m = state.activeVector
    guard let back = m.backward else {
      return "no backward pass yet; 'back' or 'backward' starts one\n"
    }
    var rows: [[String]] = []
    for r in back.timesteps {
      for i in 0..<min(m.size, vectorUnitsShown) {
        rows.append(
          [i == 0 ? String(r.t) : "", String(i + 1)]
            + [r.fromOutput[i], r.fromNext[i], r.dh[i], r.da[i]].map { n.number($0) })
      }
    }
    var text = ""
    if !rows.isEmpty {
      text += renderLongTable(
        ["t", "unit", "from ŷ_t", "from h_t+1", "∂L/∂h_t", "∂L/∂a_t"].map(n.text), rows,
        elide: elide, command: "grads")
      if m.size > vectorUnitsShown {
        text += n.text("(units 5–\(m.size) left out; 'print W_xh.g' lists every unit)\n")
      }
    }
    text += "gradients so far\n" + renderVectorParameters(gradients: true)
    return text
  }
}

extension Notation {
  /// φ′, as the screens write the activation's slope.
  var phiPrime: String { unicode ? "φ′" : "phi'" }
}
