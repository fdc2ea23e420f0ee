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
    if type(of: from.active) != type(of: to.active) {
      parts.append(to.other.map { "model \($0.model.word)" } ?? "the RNN is the model again")
    }
    parts += to.rnn.changes(from: from.rnn, in: view)
    if from.inputs != to.inputs {
      parts.append("x = \(sequenceText(to.inputs, n)) (n = \(to.inputs.count))")
    }
    if from.target != to.target || from.targets != to.targets {
      parts.append(
        to.targets.map { "y = \(sequenceText($0, n)) (a target per step)" }
          ?? to.target.map { "y = \(n.value($0))" } ?? "no target")
    }
    if from.dataset != to.dataset {
      parts.append(to.dataset.map { "data \($0.dataWords)" } ?? "no data set")
    } else if from.sampleIndex != to.sampleIndex, let i = to.sampleIndex {
      parts.append("sample \(i + 1)")
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
    if let other = to.other { parts += other.model.changes(fromAny: from.other?.model, in: view) }
    return parts
  }

}

extension Session {
  /// `status`: everything the session is, one line a topic, within the terminal's width (80
  /// columns fit it in 16 lines): model, cell, weights, data, passes, training, settings,
  /// lesson, quiz and what undo can reach.
  func renderStatus() -> String {
    let n = notation
    let s = state
    var rows = s.active.statusRows(in: self)
    var data =
      s.dataset.map { set in
        "\(set.dataWords)"
          + (s.sampleIndex.map { ", sample \($0 + 1) of \(set.samples.count)" } ?? "")
      } ?? "none"
    data += "; input x = \(sequenceText(s.inputs, n)) (n = \(s.inputs.count)), "
    data +=
      s.targets.map { "y = \(sequenceText($0, n)) (a target per step)" }
      ?? s.target.map { "y = \(n.value($0))" } ?? "no target"
    if let i = rows.firstIndex(where: { $0.0 == "data" }) { rows[i].1 = data }
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
  func passText(_ pass: (t: Int, count: Int)?, _ next: String) -> String {
    guard let pass else { return "not started; 'step' or 'forward' runs it" }
    if pass.t == pass.count { return "done, t = \(pass.t) of \(pass.count)" }
    return "at t = \(pass.t) of \(pass.count); '\(next)' continues it"
  }

  /// Where BPTT stands: `after step 2 of 4; 'back' continues it`.
  func backText(_ pass: (steps: Int, count: Int)?) -> String {
    guard let pass else { return "not started; 'back' or 'backward' runs it" }
    if pass.steps == pass.count { return "done, \(pass.count) steps" }
    return "after step \(pass.steps) of \(pass.count); 'back' continues it"
  }

  func trainingText(lr: Double, epochs: Int?) -> String {
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
