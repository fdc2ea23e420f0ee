import RNN

/// What `compare rnn lstm` was asked for, read from its words before anything runs.
struct CompareArguments: Equatable {
  var epochs = MiniRnn.defaultEpochs
  var seedCount = 1

  /// Most seeds `--seeds` accepts.
  static let seedCounts = 1...100
  static let expected = "rnn lstm [EPOCHS] [--seeds K]"

  /// `rnn lstm`, then EPOCHS and `--seeds K` in either order, each at most once.
  init(_ words: [String]) throws(CommandError) {
    for word in words.prefix(2) where !["rnn", "lstm"].contains(word) {
      throw .unknownName(word, what: "model to compare", accepted: ["rnn", "lstm"])
    }
    guard words[0] == "rnn", words[1] == "lstm" else {
      throw .badArguments(.expected("the two models in the order rnn lstm"))
    }
    var rest = words.dropFirst(2)
    var sawEpochs = false
    var sawSeeds = false
    while let word = rest.popFirst() {
      if word == "--seeds" {
        guard !sawSeeds, let k = rest.popFirst() else {
          throw .badArguments(
            .expected(sawSeeds ? "--seeds once" : "a number of seeds after --seeds"))
        }
        seedCount = try Parse.count(k, "compare --seeds", in: Self.seedCounts)
        sawSeeds = true
      } else {
        guard !sawEpochs else { throw .badArguments(.expected(Self.expected)) }
        epochs = try Parse.count(word, "compare epochs", in: 1...Limits.epochs)
        sawEpochs = true
      }
    }
  }
}

/// Beyond the article: the cell §4 points at, trained beside the article's.
extension CommandTable {
  static let compareCommands: [Command] = [
    Command(
      name: "compare", usage: "compare rnn lstm [EPOCHS] [--seeds K]",
      summary: "train the RNN, the RNN with bias and an LSTM on the loaded data set, side by side",
      details: """
        Trains, from the session's seed, a fresh RNN (Part 2, mode exact, the session's
        lr), the same RNN with its biases b and c trained ('train bias on', beyond the
        article) and a scalar LSTM (lr \(plainNumber(MiniLSTM.defaultLearningRate)), its 14 parameters uniform in [−1, 1) as
        PyTorch's nn.LSTM draws them) for EPOCHS epochs each (default 20,000) with
        §3.1's loop, then shows their final losses and each sample's prediction. The RNN
        starts where 'seed N; randomize' would. '--seeds K' trains each model from K
        seeds (N, N+1, …) and shows the mean, least and greatest loss, and the best
        seed's predictions. Ctrl-C stops both after the sample step in progress. The
        session is not changed.
        """,
      example: "data zigzag; compare rnn lstm 300", section: "§4, beyond the article",
      arguments: Arguments(
        count: 2...5, expected: CompareArguments.expected,
        missing: "the models to compare: rnn lstm",
        completion: .words(["rnn", "lstm", "--seeds"]))
    ) { session, args, hooks throws(CommandError) in
      let asked = try CompareArguments(args)
      guard let data = session.state.dataset else { throw .noDataset(command: "compare") }
      return session.compare(
        on: data, epochs: asked.epochs, seedCount: asked.seedCount, hooks: hooks)
    }
  ]
}
