import RNN

extension CommandTable {
  /// `model WORD`: Part 1 or Part 2 of the article's RNN, or another model of the session's
  /// catalogue (`Session.modelCatalog`), which then holds the shell until `model part2`.
  static let modelCommand =
    Command(
      name: "model", usage: "model part1|part2|lstm|rnn [K]",
      summary: "switch between Part 1's fixed model, Part 2's trainable MiniRnn and an LSTM",
      details: """
        part1 loads Part 1's pretrained weights (1.8, -0.5, 1.1) and runs its code as
        printed: abs as the activation and the output rounded to one decimal. It is never
        trained. part2 is the MiniRnn of Eq. 1-3; it keeps the current weights.
        lstm (beyond the article) is a scalar LSTM with 14 parameters: the long short-term
        memory of Hochreiter & Schmidhuber 1997 with the forget gate of Gers, Schmidhuber &
        Cummins 2000, as PyTorch's nn.LSTM documentation writes it, with one bias per gate
        and a read-out yhat = wy·h_n + by. 'model part2' returns to the RNN as it was.
        rnn K (beyond the article) is an RNN with a hidden vector of K = 1 to 8 units (2 if
        not given), as PyTorch's nn.RNN(1, K) with nn.Linear(K, 1); 'spectrum' shows its W_hh.
        """,
      example: "model part1", section: "Part 1 recap, §1",
      arguments: .between(1, 2, "part1, part2 or a model's name", completion: .models),
      quietInScripts: true
    ) { session, args, _ throws(CommandError) in
      guard let architecture = Architecture(rawValue: args[0]) else {
        return try session.switchModel(to: args[0], Array(args.dropFirst()))
      }
      guard args.count == 1 else {
        throw .badArguments(.expected("nothing after 'model \(args[0])'"))
      }
      let leaving = session.leaveOtherModel()
      session.state.model.architecture = architecture
      session.state.model.zeroGradients()
      session.state.clearPasses()
      switch architecture {
      case .part1:
        // Part 1's cell is fixed: the generalised cell's settings go with the old weights.
        session.state.model.activation = .relu
        session.state.model.trainsBiases = false
        session.state.model.loss = .last
        session.state.model.weights = .part1
        return session.notation.text(
          """
          model part1: Part 1's code as printed, with abs as the activation and ŷ rounded
          to 1 decimal; weights fixed at w1 = 1.8, w2 = -0.5, w3 = 1.1

          """) + leaving
      case .part2:
        let cell =
          session.state.model.isArticleCell ? "ReLU" : "the generalised cell, beyond the article"
        return session.notation.text(
          "model part2: the MiniRnn of Eq. 1–3 (\(cell)), trainable; weights kept\n") + leaving
      }
    }

}

extension Session {
  /// The models `model WORD` offers besides Part 1 and Part 2, unless a session is given
  /// others (`modelCatalog`).
  static let builtInModels: [any SessionModel.Type] = [LSTMState.self, VectorState.self]

  /// `model WORD` for a model of the catalogue: it becomes the model; the RNN waits,
  /// unchanged, for `model part2`.
  mutating func switchToModel(_ type: any SessionModel.Type, _ args: [String] = [])
    throws(CommandError) -> String
  {
    let model = try type.make(args)
    if let other = state.other, other.model.word == model.word {
      return "model \(model.word): already the model; 'weights' shows its parameters\n"
    }
    var note = skipQuizQuestionsOfTheModelLeft()
    if state.other != nil { note += "(\(state.active.name) is gone)\n" }
    state.other = OtherModel(model)
    // The RNN's passes end here, as at any change of model ('model part2' starts it afresh).
    state.clearPasses()
    note += dropDisplaysTheModelLacks()
    return state.active.introduction(notation) + note
  }

  /// `model WORD` for a word that is not part1 or part2: the catalogue's model of that word.
  mutating func switchModel(to word: String, _ args: [String] = []) throws(CommandError)
    -> String
  {
    guard let type = modelCatalog.first(where: { $0.word == word }) else {
      throw .unknownName(
        word, what: "model", accepted: ["part1", "part2"] + modelCatalog.map { $0.word })
    }
    return try switchToModel(type, args)
  }

  /// Before `model part1` or `model part2`: drops the other model, saying so, if it was the
  /// model.
  mutating func leaveOtherModel() -> String {
    guard let other = state.other else { return "" }
    let skipped = skipQuizQuestionsOfTheModelLeft()
    state.other = nil
    let type = Swift.type(of: other.model)
    return skipped + "(\(type.displayName) is gone; 'model \(type.word)' starts a new one)\n"
      + dropDisplaysTheModelLacks()
  }

  /// After a model switch: the displayed names the new model has no value for are dropped
  /// (`display w1.g` means nothing to the LSTM), saying which.
  private mutating func dropDisplaysTheModelLacks() -> String {
    let dropped = state.displays.filter { name in
      do throws(CommandError) {
        try validateName(name)
        return false
      } catch {
        if case .outOfRange = error { return false }
        return true
      }
    }
    guard !dropped.isEmpty else { return "" }
    state.displays.removeAll { dropped.contains($0) }
    return
      "(no longer displayed, as this model has no such value: \(dropped.joined(separator: " ")))\n"
  }

  /// At a change of model: the quiz's waiting questions were about the model left, so they
  /// are skipped and the output they held back is shown. The quiz stays on.
  mutating func skipQuizQuestionsOfTheModelLeft() -> String {
    guard var quiz, !quiz.pending.isEmpty else { return "" }
    let count = quiz.pending.count
    quiz.skipped += count
    quiz.pending = []
    let withheld = quiz.withheld
    quiz.withheld = ""
    self.quiz = quiz
    return withheld
      + "(quiz: \(count) waiting question\(count == 1 ? "" : "s") about the model left skipped)\n"
  }
}
