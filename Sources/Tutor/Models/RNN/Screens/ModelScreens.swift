import RNN

extension Session {
  var notation: Notation {
    Notation(
      unicode: traits.unicode, precision: state.precision, color: traits.color,
      cell: CellForm(state.model))
  }

  func renderWeights() -> String {
    let n = notation
    let m = state.model
    var rows = Weight.allCases.map { w in
      [w.rawValue, n.number(m.weights[w]), n.number(m.gradients[w])]
    }
    if n.cell.hasBiases {
      rows += Bias.allCases.map { b in
        [b.rawValue, n.number(m.weights[b]), n.number(m.gradients[b])]
      }
    }
    var text = renderTable(["weight", "value", "gradient (.g)"], rows, unicode: n.unicode)
    if let caption = CellEquation(n: n).caption { text += n.text(caption) + "\n" }
    text +=
      "model \(m.architecture.rawValue), mode \(m.mode.rawValue), \(learningRateText(state.learningRate))\n"
    if m.mode == .article && m.architecture == .part2 {
      text += "article mode: w3.g stays 0, so w3 never trains (erratum 1)\n"
    }
    return text + renderExperimentSettings()
  }

  /// The settings beyond the article that are on, one line, or nothing when none is; with
  /// `clippedSteps`, how often clipping scaled the gradients of a training run.
  func renderExperimentSettings(clippedSteps: Int? = nil, of steps: Int = 0) -> String {
    let m = state.model
    var parts: [String] = []
    if m.mode == .text {
      parts.append("mode text (BPTT as the equations print it: errata 3, 4 and 5)")
    }
    if let k = m.truncation {
      parts.append("truncate \(k) (BPTT goes back \(k) timestep\(k == 1 ? "" : "s"))")
    }
    if let c = m.clipNorm {
      var part = "clip \(plainNumber(c))"
      if let clippedSteps {
        part +=
          " (scaled the gradients in \(Parse.grouped(clippedSteps)) of \(Parse.grouped(steps)) sample steps)"
      }
      parts.append(part)
    }
    guard !parts.isEmpty else { return "" }
    return "beyond the article: " + parts.joined(separator: "; ") + "\n"
  }

  func renderErrata() -> String {
    let current = state.model
    var text = ""
    for e in Erratum.all {
      let running: String
      switch e.reproducedBy {
      case .articleMode:
        running =
          current.mode == .article && current.architecture == .part2
          ? "reproduced now (mode article)" : "reproduced by 'mode article'"
      case .part1Model:
        running =
          current.architecture == .part1
          ? "reproduced now (model part1)" : "reproduced by 'model part1'"
      case .textOnly:
        running =
          current.mode == .text && current.architecture == .part2
          ? "in the text only; reproduced now (mode text)"
          : "in the text only; the code is right ('mode text' runs it)"
      case .explainedOnly: running = "explained, not emulated"
      }
      text += "\(e.id). \(e.title) (\(e.location)) — \(running)\n"
      text += "   printed: \(e.printed)\n"
      text += "   correct: \(e.correct)\n"
    }
    // The errata are written in Unicode in the engine; the notation spells them for ASCII.
    return notation.text(text)
  }
}
