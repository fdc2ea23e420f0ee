import RNN

extension Session {
  /// What `to` is where it differs from `from`, in the learner's words, most telling first:
  /// for `undo` (`to` is the state brought back) and `reset all` (`to` is what it discarded).
  ///
  /// A pass that moved along the same records reads as the steps that differ and where it now
  /// stands ("BPTT step 3 of 4; ∂L/∂h₂ and the sums are as after step 2").
  func describeChanges(from: SessionState, to: SessionState) -> [String] {
    var view = self
    view.state = to
    let n = view.notation
    var parts: [String] = []
    if (from.lstm == nil) != (to.lstm == nil) {
      parts.append(to.lstm == nil ? "the RNN is the model again" : "model lstm")
    }
    let a = from.model
    let b = to.model
    if a.architecture != b.architecture { parts.append("model \(b.architecture.rawValue)") }
    if a.mode != b.mode { parts.append("mode \(b.mode.rawValue)") }
    if a.activation != b.activation { parts.append("activation \(b.activation.word)") }
    if a.trainsBiases != b.trainsBiases {
      parts.append("bias training \(b.trainsBiases ? "on" : "off")")
    }
    if a.truncation != b.truncation {
      parts.append("truncate \(b.truncation.map(String.init) ?? "off")")
    }
    if a.clipNorm != b.clipNorm { parts.append("clip \(b.clipNorm.map(plainNumber) ?? "off")") }
    let weights = Weight.allCases.filter { a.weights[$0] != b.weights[$0] }.map {
      "\($0.rawValue) = \(n.value(b.weights[$0]))"
    }
    let biases = Bias.allCases.filter { a.weights[$0] != b.weights[$0] }.map {
      "\($0.rawValue) = \(n.value(b.weights[$0]))"
    }
    if !(weights + biases).isEmpty { parts.append((weights + biases).joined(separator: ", ")) }
    let passes = passChanges(from: from, to: to, n)
    parts += passes
    if passes.isEmpty || to.backward == nil {
      let grads = Parameter.allCases.filter { a.gradients[$0] != b.gradients[$0] }.map {
        "\($0.rawValue).g = \(n.value(b.gradients[$0]))"
      }
      if !grads.isEmpty { parts.append(grads.joined(separator: ", ")) }
    }
    if from.inputs != to.inputs {
      parts.append("x = \(sequenceText(to.inputs, n)) (n = \(to.inputs.count))")
    }
    if from.target != to.target {
      parts.append(to.target.map { "y = \(n.value($0))" } ?? "no target")
    }
    if from.dataset != to.dataset {
      parts.append(to.dataset.map { "data \($0.dataWords)" } ?? "no data set")
    } else if from.sampleIndex != to.sampleIndex, let i = to.sampleIndex {
      parts.append("sample \(i + 1)")
    }
    if from.learningRate != to.learningRate { parts.append(learningRateText(to.learningRate)) }
    if from.lastTraining != to.lastTraining {
      parts.append(
        to.lastTraining.map { "the training run of \(Parse.grouped($0.epochsCompleted)) epochs" }
          ?? "no training run")
    }
    if from.precision != to.precision { parts.append("precision \(to.precision)") }
    if from.displays != to.displays {
      parts.append(
        to.displays.isEmpty
          ? "nothing displayed" : "displayed: " + to.displays.joined(separator: " "))
    }
    if from.seed != to.seed || from.generator != to.generator {
      let draws = to.generator.draws(since: to.seed)
      parts.append("seed \(to.seed), \(Parse.counted(Int(clamping: draws), "draw")) made")
    }
    if let y = to.lstm { parts += lstmChanges(from: from.lstm, to: y, n) }
    return parts
  }

  /// The forward and backward passes of `to` where they differ from `from`'s.
  private func passChanges(from: SessionState, to: SessionState, _ n: Notation) -> [String] {
    var parts: [String] = []
    let backwardSame = from.backward == to.backward
    switch (from.forward, to.forward) {
    case (let f?, let g?) where f.steps.sharesBuffer(with: g.steps) && f.t != g.t:
      parts.append(
        "forward \(stepRange(f.t, g.t, of: g.count, "t = ")); the pass is at t = \(g.t)"
          + (g.t > 0 ? " (\(n.h(g.t)) = \(n.value(g.hidden[g.t])))" : ", \(n.h(0)) = 0"))
    case (_, let g?) where from.forward != to.forward:
      parts.append("the forward pass at t = \(g.t) of \(g.count)")
    case (_?, nil):
      parts.append("no forward pass")
    default: break
    }
    guard !backwardSame else { return parts }
    switch (from.backward, to.backward) {
    case (let p, let q?) where p.map { $0.steps.sharesBuffer(with: q.steps) } ?? !q.steps.isEmpty:
      let s = q.steps.count
      let stand =
        s == 0
        ? "BPTT is at its start"
        : "\(n.dL(n.h(q.forward.count - (s - 1)))) and the sums are as after step \(s)"
      parts.append("BPTT \(stepRange(p?.steps.count ?? 0, s, of: q.count, "")); \(stand)")
    case (_, let q?):
      parts.append("BPTT after step \(q.steps.count) of \(q.count)")
    case (_?, nil):
      parts.append("no backward pass")
    default: break
    }
    return parts
  }

  /// The LSTM of `to` where it differs from `from`'s (nil: the RNN was the model): where its
  /// passes stand, and which of its numbers changed.
  private func lstmChanges(from: LSTMState?, to: LSTMState, _ n: Notation) -> [String] {
    var parts: [String] = []
    // Switching to the LSTM: where its passes stand is enough to say.
    let from = from ?? LSTMState(model: to.model)
    if from.model.weights != to.model.weights {
      parts.append("the LSTM's parameters as they were")
    }
    if from.model.gradients != to.model.gradients {
      parts.append(
        to.model.gradients == .zero ? "the LSTM's gradients 0" : "the LSTM's gradients as they were"
      )
    }
    if from.forward?.t != to.forward?.t || (from.forward == nil) != (to.forward == nil) {
      parts.append(
        to.forward.map { "the LSTM's forward pass at t = \($0.t) of \($0.count)" }
          ?? "no LSTM forward pass")
    }
    if from.backward?.steps.count != to.backward?.steps.count {
      parts.append(
        to.backward.map { "the LSTM's BPTT after step \($0.steps.count) of \($0.count)" }
          ?? "no LSTM backward pass")
    }
    if from.learningRate != to.learningRate {
      parts.append("LSTM " + learningRateText(to.learningRate))
    }
    if from.lastTraining != to.lastTraining {
      parts.append(
        to.lastTraining.map { "the LSTM's run of \(Parse.grouped($0.epochsCompleted)) epochs" }
          ?? "no LSTM training run")
    }
    return parts
  }

  /// `step 3 of 4` or `steps 2–4 of 4`: the steps between two positions of a pass.
  private func stepRange(_ a: Int, _ b: Int, of count: Int, _ prefix: String) -> String {
    let low = min(a, b) + 1
    let high = max(a, b)
    return low == high
      ? "step \(prefix)\(low) of \(count)" : "steps \(prefix)\(low)–\(high) of \(count)"
  }
}

extension Session {
  /// `status`: everything the session is, one line a topic, within the terminal's width (80
  /// columns fit it in 16 lines): model, cell, weights, data, passes, training, settings,
  /// lesson, quiz and what undo can reach.
  func renderStatus() -> String {
    let n = notation
    let s = state
    let m = s.model
    var rows: [(String, String)] = []
    if let lstm = s.lstm {
      rows.append(("model", "lstm (beyond the article): a scalar LSTM, 14 parameters"))
      rows.append(
        (
          "weights",
          "see 'weights'; gradients " + (lstm.model.gradients == .zero ? "all 0" : "accumulated")
        ))
      rows.append(("forward", passText(lstm.forward.map { ($0.t, $0.count) }, "step")))
      rows.append(("backward", backText(lstm.backward.map { ($0.steps.count, $0.count) })))
      rows.append(
        (
          "training",
          trainingText(lr: lstm.learningRate, epochs: lstm.lastTraining?.epochsCompleted)
        ))
      rows.append(("RNN", "waits for 'model part2', as it was"))
    } else {
      let article =
        m.architecture == .part1
        ? "Part 1's code as printed (abs, ŷ rounded)" : "the MiniRnn of Eq. 1–3"
      rows.append(("model", "\(m.architecture.rawValue): \(article)"))
      let mode: [Mode: String] = [
        .exact: "the correct math", .article: "the code as printed (errata 1 and 2)",
        .text: "BPTT as the equations print it (errata 3–5)",
      ]
      rows.append(("mode", "\(m.mode.rawValue): \(mode[m.mode] ?? "")"))
      rows.append(
        (
          "cell",
          cellBeyondTheArticle.map { "beyond the article: \($0)" }
            ?? "the article's: ReLU, no biases"
        ))
      var names: [Parameter] = [.w1, .w2, .w3]
      if n.cell.hasBiases { names += [.b, .c] }
      rows.append(
        (
          "weights",
          names.map { "\($0.rawValue) = \(n.value(m.weights[$0]))" }.joined(separator: ", ")
        ))
      rows.append(
        (
          "gradients",
          names.map { "\($0.rawValue).g = \(n.value(m.gradients[$0]))" }.joined(separator: ", ")
        ))
      rows.append(("forward", passText(s.forward.map { ($0.t, $0.count) }, "step")))
      rows.append(("backward", backText(s.backward.map { ($0.steps.count, $0.count) })))
      rows.append(
        ("training", trainingText(lr: s.learningRate, epochs: s.lastTraining?.epochsCompleted)))
      var beyond: [String] = []
      beyond.append("truncate " + (m.truncation.map(String.init) ?? "off"))
      beyond.append("clip " + (m.clipNorm.map(plainNumber) ?? "off"))
      rows.append(("BPTT", beyond.joined(separator: ", ")))
    }
    var data =
      s.dataset.map { set in
        "\(set.dataWords)"
          + (s.sampleIndex.map { ", sample \($0 + 1) of \(set.samples.count)" } ?? "")
      } ?? "none"
    data += "; input x = \(sequenceText(s.inputs, n)) (n = \(s.inputs.count)), "
    data += s.target.map { "y = \(n.value($0))" } ?? "no target"
    rows.insert(("data", data), at: min(rows.count, s.lstm == nil ? 5 : 2))
    rows.append(
      (
        "shown",
        "precision \(s.precision); "
          + (s.displays.isEmpty
            ? "nothing displayed" : "displayed: " + s.displays.joined(separator: " "))
      ))
    let draws = s.generator.draws(since: s.seed)
    rows.append(("random", "seed \(s.seed), \(Parse.counted(Int(clamping: draws), "draw")) made"))
    if let run = lessonBook.run {
      let l = run.lesson
      rows.append(
        (
          "lesson",
          "\(Lesson.twoDigits(l.number)) \(l.name), step \(run.step + 1) of \(l.steps.count) ('where' shows it)"
        ))
    } else {
      rows.append(("lesson", "none running ('lessons' lists them)"))
    }
    rows.append(("quiz", quiz.map { "on; " + $0.score.dropFirst("quiz: ".count) } ?? "off"))
    let back = reach(backwards: true)
    let forth = reach(backwards: false)
    rows.append(
      ("undo", "\(Parse.counted(back, "command")) to undo, \(forth) to redo (not kept by save)"))
    let labelWidth = 10
    let width = max(40, traits.width - 1) - labelWidth
    var text = ""
    for (label, value) in rows {
      for (i, line) in TextLayout.wrapAtItems(n.text(value), width: width).enumerated() {
        text +=
          (i == 0 ? TextLayout.rightPad(label, labelWidth) : String(repeating: " ", count: labelWidth)) + line
          + "\n"
      }
    }
    // `wrap` keeps "Eq. 3" together with a no-break space, which ASCII spells as a space.
    return n.text(text)
  }

  /// Where a forward pass stands: `t = 2 of 3; 'step' continues it`.
  private func passText(_ pass: (t: Int, count: Int)?, _ next: String) -> String {
    guard let pass else { return "not started; 'step' or 'forward' runs it" }
    if pass.t == pass.count { return "done, t = \(pass.t) of \(pass.count)" }
    return "at t = \(pass.t) of \(pass.count); '\(next)' continues it"
  }

  /// Where BPTT stands: `after step 2 of 4; 'back' continues it`.
  private func backText(_ pass: (steps: Int, count: Int)?) -> String {
    guard let pass else { return "not started; 'back' or 'backward' runs it" }
    if pass.steps == pass.count { return "done, \(pass.count) steps" }
    return "after step \(pass.steps) of \(pass.count); 'back' continues it"
  }

  private func trainingText(lr: Double, epochs: Int?) -> String {
    "\(learningRateText(lr)); "
      + (epochs.map { "last run \(Parse.grouped($0)) epochs ('plot loss')" } ?? "not trained yet")
  }

  /// `history [N|all]`: the commands typed, oldest first, numbered, failed ones marked; the
  /// last 20 unless told.
  func renderHistory(last count: Int?) -> String {
    let shown = count.map { transcript.suffix($0) } ?? transcript[...]
    let first = transcript.count - shown.count
    let digits = String(transcript.count).count
    var text = ""
    if first > 0 {
      text += notation.text(elidedLine(first, "earlier command", shownBy: "history all")) + "\n"
    }
    for (i, entry) in shown.enumerated() {
      let mark = entry.error == nil ? "" : "   (failed)"
      let room = max(20, traits.width - 1 - digits - 2 - mark.count)
      text +=
        TextLayout.leftPad(String(first + i + 1), digits) + "  " + shortCommand(entry.command, limit: room)
        + mark + "\n"
    }
    if transcript.isEmpty { text += "no commands yet\n" }
    let back = reach(backwards: true)
    let forth = reach(backwards: false)
    text += "\(Parse.counted(back, "command")) can be undone, \(forth) redone"
    if back > 0 { text += " (the last: '\(shortCommand(timeline[timeline.cursor].command))')" }
    return text + "\n"
  }
}
