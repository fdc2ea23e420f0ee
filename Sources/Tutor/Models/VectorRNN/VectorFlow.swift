import LinearAlgebra
import RNN

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension CommandTable {
  /// The vector RNN's `flow` and `unroll`: how ∂L/∂hₜ travels back through W_hh, and its
  /// pictures (`export svg` draws them: `vectorExportCommand`).
  static let vectorFlowCommands: [Command] = [
    Command(
      name: "flow", usage: "flow [all|sweep r A B …]",
      summary: "‖∂L/∂hₜ‖ on its way back, the singular values of ∂hₙ/∂hₜ and their bound",
      details: """
        For each t from n back to 1: the length ‖∂L/∂hₜ‖ (with a bar on a log scale), the
        largest and smallest singular value of Pₜ = Jₙ⋯Jₜ₊₁ = ∂hₙ/∂hₜ, the product of the
        Jacobians Jₛ = diag(φ′(aₛ))·W_hh that carry the gradient back from hₙ, and the bound
        (γ·σ_max(W_hh))ⁿ⁻ᵗ on σ_max(Pₜ), where γ = 1 is the largest slope of tanh, ReLU and
        the identity. The bound is the argument of Pascanu, Mikolov & Bengio 2013 ("On the
        difficulty of training recurrent neural networks"): when γ·σ_max(W_hh) < 1 every
        step back shrinks the gradient. It uses the session's backward pass, or one computed
        on a copy from zero gradients when there is none. With 'loss every', ‖∂L/∂hₜ‖ also
        holds the roads from ŷₜ…ŷₙ₋₁; the singular values describe the road from hₙ alone.
        'flow sweep r 0.8 1 1.2' scales W_hh to each spectral radius r (W_hh·r/ρ, the other
        parameters as they are) and draws ‖∂L/∂hₜ‖ against t for each, on copies: the
        switch from vanishing to exploding near ρ = 1. 'export svg FILE flow' draws the last.
        At a terminal a long flow shows its first and last rows; 'flow all' shows every row.
        """,
      example: "set W_hh rotation 0.5 1.1; flow", section: "§2.5, beyond the article",
      arguments: .any(
        completion: .branches([.init("all"), .init("sweep", [.words(["r"])])]))
    ) { session, args, _ throws(CommandError) in
      if let first = args.first, first != "sweep", args != ["all"] {
        throw .unknownName(first, what: "flow option", accepted: ["all", "sweep"])
      }
      let text =
        args.first == "sweep"
        ? try session.renderVectorFlowSweep(Array(args.dropFirst()))
        : try session.renderVectorFlow(all: args == ["all"])
      session.lastPicture = ["flow"] + args
      return text
    },
    Command(
      name: "unroll", usage: "unroll",
      summary: "draw the vector RNN unrolled over time: each hₜ a column of its K units",
      details: """
        Each hₜ is a column of its units (the first four printed, more left out), with xₜ
        below it and ŷₜ above it wherever the loss reads ŷₜ (the last step, or every step
        under 'loss every'). Once BPTT has started ('back'), the columns of ∂L/∂hₜ appear
        under the inputs. 'export svg FILE unroll' draws it shaded by value.
        """,
      example: "forward; backward; unroll", section: "Fig. 1-4, beyond the article"
    ) { session, _, _ throws(CommandError) in
      session.lastPicture = ["unroll"]
      return VectorUnrollPicture(state: session.state).render(
        session.notation, width: session.traits.width, color: session.traits.color)
    },
  ]
}

/// The numbers of the vector RNN's `flow`, one row per timestep BPTT reached (t = n first):
/// ‖∂L/∂hₜ‖ from the engine's records, the singular values of Pₜ = ∂hₙ/∂hₜ by LAPACK, and
/// the bound (γ·σ_max(W_hh))ⁿ⁻ᵗ of Pascanu, Mikolov & Bengio 2013.
struct VectorFlowTable {
  struct Row {
    let t: Int
    /// ‖∂L/∂hₜ‖₂.
    let norm: Double
    /// The largest and smallest singular value of Pₜ; nil when an entry of Pₜ is not
    /// finite (the product overflowed).
    let sigmaMax: Double?
    let sigmaMin: Double?
    /// (γ·σ_max(W_hh))ⁿ⁻ᵗ ≥ σ_max(Pₜ).
    let bound: Double
  }

  let flow: VectorGradientFlow
  let rows: [Row]
  /// γ = max |φ′|, and σ_max(W_hh).
  let gamma: Double
  let recurrentSigmaMax: Double

  init(_ flow: VectorGradientFlow, weights: VectorWeights, activation: Activation)
    throws(CommandError)
  {
    guard let top = Spectrum.singularValues(of: Matrix(weights.recurrentRows))?.first else {
      throw .notReady("flow: W_hh has an entry that is not finite; 'set W_hh …' first")
    }
    let gamma = activation.largestSlope
    let k = flow.size
    self.flow = flow
    self.gamma = gamma
    recurrentSigmaMax = top
    rows = flow.steps.map { step in
      let sigma = Spectrum.singularValues(of: Matrix(rows: k, columns: k, values: step.product))
      return Row(
        t: step.t, norm: step.norm, sigmaMax: sigma?.first, sigmaMin: sigma?.last,
        bound: pow(gamma * top, Double(flow.length - step.t)))
    }
  }
}

/// What `flow sweep r` computed: for each spectral radius r, W_hh scaled to it and the flow
/// of a whole backward pass on the session's input and targets, on a copy.
struct VectorFlowSweep {
  struct Series {
    let r: Double
    /// σ_max(W_hh·r/ρ).
    let sigmaMax: Double
    let flow: VectorGradientFlow
  }

  let series: [Series]
  /// ρ(W_hh) now, the scale every r is measured against.
  let rho: Double
}

extension Session {
  /// The flow of the vector RNN's backward pass, or of one computed on a copy from zero
  /// gradients on the session's input and targets when it has none; true when on a copy.
  func vectorFlowTable() throws(CommandError) -> (VectorFlowTable, onACopy: Bool) {
    let m = state.activeVector
    if let back = m.backward, !back.timesteps.isEmpty {
      return (
        try VectorFlowTable(
          VectorGradientFlow(back), weights: back.forward.weights, activation: m.model.activation),
        false
      )
    }
    let ys = try flowTargets(m, command: "flow")
    let flow = VectorGradientFlow(model: m.model, inputs: state.inputs, targets: ys)
    return (
      try VectorFlowTable(flow, weights: m.model.weights, activation: m.model.activation), true
    )
  }

  /// The targets the loss compares with, or why a flow cannot be computed without them.
  private func flowTargets(_ m: VectorState, command: String) throws(CommandError) -> [Double] {
    switch m.targets(in: state) {
    case .success(let ys): return ys
    case .failure(.noTarget): throw .noTarget(command: command)
    case .failure(let error): throw error
    }
  }

  /// `flow` for the vector RNN: the table, its bars and what it says.
  func renderVectorFlow(all: Bool) throws(CommandError) -> String {
    let n = notation
    let m = state.activeVector
    let (table, onACopy) = try vectorFlowTable()
    let flow = table.flow
    var text =
      n.styled(
        n.text("Gradient flow back through time, model rnn \(m.size) (§2.5, beyond the article)"),
        .heading) + "\n"
    var paragraphs = [
      "∂L/∂hₜ₋₁ = Jₜᵀ·∂L/∂hₜ with Jₜ = diag(φ′(aₜ))·W_hh, so Pₜ = Jₙ⋯Jₜ₊₁ = ∂hₙ/∂hₜ carries ∂L/∂hₙ back to hₜ; σ_max and σ_min are its largest and smallest singular value (LAPACK).",
      "bound = (γ·σ_max(W_hh))ⁿ⁻ᵗ ≥ σ_max(Pₜ), with \(unbroken("γ = max φ′ = \(n.compact(table.gamma))")) and \(unbroken("σ_max(W_hh) = \(n.compact(table.recurrentSigmaMax))")), is the bound of Pascanu, Mikolov & Bengio 2013.",
    ]
    paragraphs.append(
      m.model.loss.readsEveryStep
        ? "loss \(m.model.loss.words): ‖∂L/∂hₜ‖ includes the roads from ŷₜ…ŷₙ₋₁ too; the σ's and the bound describe the road from hₙ alone."
        : "loss last: ∂L/∂hₜ = Pₜᵀ·∂L/∂hₙ, so σ_min ≤ ‖∂L/∂hₜ‖/‖∂L/∂hₙ‖ ≤ σ_max.")
    text += wrappedParagraphs(paragraphs)
    let range = GradientTextChart.decades(table.rows.map(\.norm))
    if let range {
      text += n.text(
        "bars: ‖∂L/∂hₜ‖ on a log scale from \(n.compact(pow(10, range.low))) to \(n.compact(pow(10, range.high)))\n"
      )
    }
    let barWidth = max(8, min(20, traits.width - 55))
    let header = [
      TextLayout.leftPad("t", 5), TextLayout.leftPad(n.text("‖∂L/∂hₜ‖"), 11),
      TextLayout.rightPad("", barWidth), TextLayout.leftPad(n.text("σ_max"), 9),
      TextLayout.leftPad(n.text("σ_min"), 9), TextLayout.leftPad("bound", 9),
    ].joined(separator: "  ")
    text += header.trimmingTrailingSpaces() + "\n"
    let block = n.unicode ? "█" : "#"
    func sigma(_ v: Double?) -> String { v.map { n.compact($0, limit: 9) } ?? "overflow" }
    func line(_ row: VectorFlowTable.Row) -> String {
      var bar = ""
      if let range, row.norm > 0, row.norm.isFinite {
        let f =
          range.high > range.low ? (log10(row.norm) - range.low) / (range.high - range.low) : 1
        bar = String(repeating: block, count: 1 + cellIndex(f, count: barWidth))
      } else if row.norm == 0 {
        bar = "0"
      }
      let painted =
        traits.color && !bar.isEmpty ? PictureColor.gradient.ansi + bar + PictureColor.reset : bar
      let cells = [
        TextLayout.leftPad(String(row.t), 5),
        TextLayout.leftPad(row.norm.isFinite ? n.compact(row.norm, limit: 10) : "overflow", 11),
        TextLayout.rightPad(painted, barWidth), TextLayout.leftPad(sigma(row.sigmaMax), 9),
        TextLayout.leftPad(sigma(row.sigmaMin), 9),
        TextLayout.leftPad(n.compact(row.bound, limit: 9), 9),
      ]
      return cells.joined(separator: "  ").trimmingTrailingSpaces() + "\n"
    }
    var footer: [String] = []
    if let ratio = flow.ratio, flow.steps.count > 1, let first = flow.steps.first,
      let last = flow.steps.last
    {
      var verdict =
        "from \(n.h(first.t)) back to \(n.h(last.t)): ‖∂L/∂h₁‖/‖∂L/∂hₙ‖ = \(n.compact(ratio))"
      if ratio < 1e-3 {
        verdict += ": it vanishes, so early inputs barely move the weights"
      } else if ratio > 1e3 {
        verdict += ": it explodes, so early timesteps dominate the gradients"
      }
      footer.append(verdict)
    } else if let last = flow.steps.last, !flow.isComplete {
      footer.append("BPTT has reached t = \(last.t); 'back' or 'backward' continues")
    }
    if onACopy {
      footer.append(
        "(the session has no backward pass: this one is computed on a copy from zero gradients)")
    }
    let footerText = wrappedParagraphs(footer, indent: "")
    // In a lesson at a terminal, as many rows as fit the screen; at a terminal otherwise, a
    // long table's first and last rows, as 'states' and 'grads' show them.
    var keep: Int?
    if !all, let limit = pictureRowLimit(around: text + footerText), table.rows.count > limit {
      keep = max(2, limit / 2)
    } else if !all, traits.isInteractive, table.rows.count > LongTable.rowLimit {
      keep = LongTable.keptRows
    }
    if let keep {
      text += elidedLines(table.rows, keep: keep, notation: n, shownBy: "flow all", line)
    } else {
      text += table.rows.map(line).joined()
    }
    return text + footerText
  }

  /// `flow sweep r A B …`: W_hh scaled to each spectral radius, the rest as it is, on copies.
  func vectorFlowSweep(_ words: [String]) throws(CommandError) -> VectorFlowSweep {
    guard words.first == "r" else {
      throw .badArguments(.expected("'sweep r A B …' (2 to 6 spectral radii)"))
    }
    guard (3...7).contains(words.count) else {
      throw .badArguments(.expected("2 to 6 values after 'sweep r'"))
    }
    let m = state.activeVector
    let w = m.model.weights
    guard let rho = Spectrum.spectralRadius(of: Matrix(w.recurrentRows)) else {
      throw .notReady("flow sweep r: W_hh has an entry that is not finite; 'set W_hh …' first")
    }
    guard rho > 0 else {
      throw .notReady(
        "flow sweep r: ρ(W_hh) = 0 (every eigenvalue is 0), so no multiple of W_hh has spectral radius r; 'set W_hh identity 0.9' or 'randomize' first"
      )
    }
    var radii: [Double] = []
    for word in words.dropFirst() {
      let r = try Parse.number(word, "flow sweep r")
      guard r >= 0 else {
        throw .outOfRange(word, what: "flow sweep r", range: "a spectral radius of 0 or more")
      }
      radii.append(r)
    }
    let ys = try flowTargets(m, command: "flow sweep")
    var series: [VectorFlowSweep.Series] = []
    for r in radii {
      var model = m.model
      model.weights.whh = w.whh.map { $0 * r / rho }
      let sigma = Spectrum.singularValues(of: Matrix(model.weights.recurrentRows))?.first
      series.append(
        .init(
          r: r, sigmaMax: sigma ?? .infinity,
          flow: VectorGradientFlow(model: model, inputs: state.inputs, targets: ys)))
    }
    return VectorFlowSweep(series: series, rho: rho)
  }

  /// `flow sweep r` for the terminal: ‖∂L/∂hₜ‖ against t for each r, then each r's ratio.
  func renderVectorFlowSweep(_ words: [String]) throws(CommandError) -> String {
    let n = notation
    let m = state.activeVector
    let sweep = try vectorFlowSweep(words)
    let length = state.inputs.count
    var text =
      n.styled(
        n.text("Gradient flow with W_hh scaled to spectral radius r (beyond the article)"),
        .heading) + "\n"
    text += wrappedParagraphs([
      "W_hh·r/ρ with ρ(W_hh) = \(n.compact(sweep.rho)) now; W_xh, b, w_y and c as they are; φ = \(m.model.activation.symbol), loss \(m.model.loss.words), n = \(length); on copies: the session is unchanged."
    ])
    text += n.text("‖∂L/∂hₜ‖ against t, log scale, one digit per r:\n")
    let chart = GradientTextChart(
      lines: sweep.series.map { s in
        .init(label: "r = \(plainNumber(s.r))", points: s.flow.steps.map { ($0.t, $0.norm) })
      }, length: length)
    text +=
      chart.render(n, width: traits.width, color: traits.color)
      ?? "every gradient is 0: nothing to draw\n"
    var rows: [[String]] = []
    for (i, s) in sweep.series.enumerated() {
      let ratio = s.flow.ratio
      var verdict = ""
      if let ratio { verdict = ratio < 1 ? "shrank" : ratio > 1 ? "grew" : "" }
      rows.append([
        "\(GradientTextChart.marks[i])  r = \(plainNumber(s.r))", n.compact(s.sigmaMax),
        ratio.map { n.compact($0, limit: 10) } ?? n.text("–"), verdict,
      ])
    }
    text += renderTable(
      ["", "σ_max(W_hh)", "‖∂L/∂h₁‖/‖∂L/∂hₙ‖", ""].map(n.text), rows, unicode: n.unicode)
    text += wrappedParagraphs([sweepNote(m.model.activation)], indent: "")
    return text
  }

  /// `paragraphs` in the session's notation, each wrapped to the terminal's width after
  /// `indent`.
  func wrappedParagraphs(_ paragraphs: [String], indent: String = "  ") -> String {
    let width = max(traits.width, 60) - indent.count
    // ASCII spells a no-break space as a space, so it stands as U+0001 while lines break.
    let glue = "\u{1}"
    return paragraphs.flatMap {
      TextLayout.wrap(notation.text($0.replacing("\u{A0}", with: glue)), width: width)
    }
    .map { indent + $0.replacing(glue, with: notation.unicode ? "\u{A0}" : " ") + "\n" }.joined()
  }

  /// `text` with no-break spaces, so `wrappedParagraphs` keeps it on one line.
  private func unbroken(_ text: String) -> String { text.replacing(" ", with: "\u{A0}") }

  /// What φ does to the switch at ρ = 1, in one sentence.
  private func sweepNote(_ phi: Activation) -> String {
    switch phi {
    case .identity:
      "φ = id: a linear recurrence, so ‖∂L/∂hₜ‖ follows ρ per step and the switch at ρ = 1 is sharp"
    case .tanh:
      "φ = tanh: where |aₜ| is large, φ′(aₜ) < 1 (saturation) damps the growth ρ > 1 would give"
    default:
      "φ = \(phi.symbol): units with φ′(aₜ) = 0 pass no gradient, which can stop the growth ρ > 1 would give"
    }
  }
}
