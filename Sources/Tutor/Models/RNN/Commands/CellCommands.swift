import RNN

/// The generalised scalar cell, beyond the article: the activation φ and the biases b and c.
/// `set b`, `set c` and `train bias on|off` sit with `set` and `train`; what they share is here.
extension CommandTable {
  static let cellCommands: [Command] = [
    Command(
      name: "activation", usage: "activation [relu|tanh|abs|identity]",
      summary: "the cell's activation φ in hₜ = φ(aₜ): ReLU (Eq. 3), or tanh, abs, identity",
      details: """
        relu is Eq. 3's; abs is Part 1's (what its code computes); tanh and identity are
        beyond the article. With no word it says which is in use. With 'set b', 'set c' and
        'train bias on' it makes the generalised cell hₜ = φ(w1·xₜ + w2·hₜ₋₁ + b),
        ŷ = w3·hₙ + c. Modes article and text run the article's own cell, so they refuse it.
        'reset cell' brings the article's cell back.
        """,
      example: "activation tanh", section: "Eq. 3, beyond the article",
      arguments: .atMost(1, "one of relu, tanh, abs, identity", completion: .words(activationWords))
    ) { session, args, _ throws(CommandError) in
      // With no word it is a question, answered in quiet scripts too; a change only echoes.
      guard let word = args.first else { return session.describeCell() }
      guard let activation = Activation(word: word) else {
        throw .unknownName(word, what: "activation", accepted: activationWords)
      }
      try session.checkCellChange("activation \(word)", keepsArticleCell: activation == .relu)
      session.state.model.activation = activation
      session.state.clearPasses()
      return session.traits.quiet ? "" : session.describeCell(changed: "activation \(word)")
    }
  ]

  /// The words `activation` takes.
  static let activationWords = ["relu", "tanh", "abs", "identity"]
}

extension Session {
  /// Throws unless the cell may change as `command` asks: Part 1's cell is fixed, and modes
  /// article and text run the article's cell as printed (ReLU, no biases), so they accept only
  /// a change that keeps it (`keepsArticleCell`).
  func checkCellChange(_ command: String, keepsArticleCell: Bool) throws(CommandError) {
    let m = state.model
    guard m.architecture == .part2 else { throw .partOneCellFixed(command: command) }
    guard m.mode == .exact || keepsArticleCell else {
      throw .printedModeHasArticleCell(command: command, mode: m.mode.rawValue)
    }
  }

  /// Sets b or c (`set b VALUE`), clearing the passes that used the old value.
  mutating func setBias(_ bias: Bias, to value: Double) throws(CommandError) -> String {
    try checkCellChange("set \(bias.rawValue)", keepsArticleCell: value == 0)
    state.model.weights[bias] = value
    let cleared = state.forward != nil
    state.clearPasses()
    return "\(bias.rawValue) = \(plainNumber(value))"
      + (state.model.isArticleCell ? "" : " (beyond the article)")
      + "\n" + (cleared ? "(forward and backward states cleared: they used the old weights)\n" : "")
  }

  /// `train bias on|off`.
  mutating func setBiasTraining(_ word: String) throws(CommandError) -> String {
    guard word == "on" || word == "off" else {
      throw .unknownName(word, what: "train bias setting", accepted: ["on", "off"])
    }
    try checkCellChange("train bias \(word)", keepsArticleCell: word == "off")
    state.model.trainsBiases = word == "on"
    // Off, b.g and c.g are not accumulated (as for a tensor without requires_grad).
    if word == "off" {
      state.model.gradients.b = 0
      state.model.gradients.c = 0
    }
    state.backward = nil
    return word == "on"
      ? "train bias on: backward accumulates b.g and c.g, and update and train move b and c (beyond the article)\n"
      : "train bias off: b and c stay as set; b.g and c.g stay 0\n"
  }

  /// `reset cell`: the article's cell again (ReLU, b = c = 0, biases not trained).
  mutating func resetCell() -> String {
    state.model.activation = .relu
    state.model.weights.b = 0
    state.model.weights.c = 0
    state.model.trainsBiases = false
    state.model.gradients.b = 0
    state.model.gradients.c = 0
    state.clearPasses()
    return "reset cell: the article's cell again, ReLU with no biases (Eq. 2 and 3)\n"
  }

  /// What makes the cell not the article's, in words (`tanh, b = 0.1 and bias training on`),
  /// or nil for the article's cell.
  var cellBeyondTheArticle: String? {
    let m = state.model
    guard !m.isArticleCell else { return nil }
    var parts: [String] = []
    if m.activation != .relu { parts.append(m.activation.word) }
    if m.weights.b != 0 { parts.append("b = \(plainNumber(m.weights.b))") }
    if m.weights.c != 0 { parts.append("c = \(plainNumber(m.weights.c))") }
    if m.trainsBiases { parts.append("bias training on") }
    return parts.count <= 1
      ? parts.joined() : parts.dropLast().joined(separator: ", ") + " and " + parts.last!
  }

  /// What `activation` with no word says: the cell's equations and its biases, live.
  func describeCell(changed: String? = nil) -> String {
    let n = notation
    let m = state.model
    var text = changed.map { "\($0): " } ?? "activation \(m.cellActivation.word): "
    let cell = CellEquation(n: n)
    text += cell.hidden + ", " + cell.output
    if m.isArticleCell {
      text += m.architecture == .part1 ? " (Part 1's code)" : " (Eq. 2 and 3, the article's cell)"
    } else {
      text += " " + cell.beyondNote
    }
    return n.text(text) + "\n"
  }
}
