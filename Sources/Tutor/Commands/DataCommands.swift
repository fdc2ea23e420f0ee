import RNN

extension CommandTable {
  static let dataCommands: [Command] = [
    dataCommand(
      "input", usage: "input X1 X2 …",
      summary: "set the input sequence x_1…x_n (1 to 10,000 finite numbers)",
      details: """
        Clears the forward and backward states. The target is kept.
        The article's list form works too: input 0, 0.5 or input [0, 0.5].
        """,
      example: "input 0 0.5", section: "§1, Eq. 3", arguments: .atLeast(1, "at least one number")
    ) { session, args throws(CommandError) in
      let args = try inputWords(args)
      guard !args.isEmpty else { throw .badArguments(.expected("at least one number")) }
      guard args.count <= Limits.sequenceLength else {
        throw .outOfRange(
          "\(args.count) values", what: "input",
          range: "1 to \(Parse.grouped(Limits.sequenceLength)) values")
      }
      var values: [Double] = []
      values.reserveCapacity(args.count)
      for (i, text) in args.enumerated() {
        values.append(try Parse.number(text, "input x\(i + 1)"))
      }
      let note = session.typeIn(inputs: values)
      return "x = \(sequenceText(values, session.notation))  (n = \(values.count))\n" + note
    },
    dataCommand(
      "target", usage: "target Y | target Y1 … Yn",
      summary: "set the label y the prediction ŷ is compared with (Eq. 1), or one per step",
      details: """
        One value is the label y for ŷₙ, as in the article. n values (n = the input's
        length) give a target for every timestep's ŷₜ, which a loss at every step reads
        ('loss every', beyond the article); y is then the last of them.
        """,
      example: "target 1", section: "§1.1, Eq. 1", arguments: .atLeast(1, "one number, or n")
    ) { session, args throws(CommandError) in
      let args = try inputWords(args)
      let n = session.state.inputs.count
      guard args.count == 1 || args.count == n else {
        throw .badArguments(
          .expected(
            "one number (y for ŷₙ) or n = \(n) numbers (one per step), not \(args.count)"))
      }
      var values: [Double] = []
      for (i, text) in args.enumerated() {
        values.append(try Parse.number(text, args.count == 1 ? "target" : "target y\(i + 1)"))
      }
      if values.count == 1 {
        session.typeIn(target: values[0])
        return "y = \(plainNumber(values[0]))\n"
      }
      session.typeIn(targets: values)
      return
        "y = \(sequenceText(values, session.notation))  (a target per step; y = yₙ = \(plainNumber(values[n - 1])))\n"
    },
    dataCommand(
      "data", usage: "data slopes|zigzag|recall [N]|echo [D]|next|custom|add",
      summary: "load a data set for train; its first sample becomes the input and target",
      details: """
        Built in: slopes (§3.1) and zigzag (§4); 'datasets' lists them.
        'data recall N' (beyond the article) gives four sequences of N inputs whose target
        is their first input x₁, so the answer lies N−1 steps back: N is 2 to 100, 5 if
        not given. 'compare rnn lstm' trains the RNN and an LSTM on it.
        'data echo D' and 'data next' (beyond the article) have a target at every step, for
        a loss at every step ('loss every'): echo's yₜ = xₜ₋D (0 for t ≤ D; D is 0 to 7, 1 if
        not given), a memory task; next's yₜ = xₜ₊₁ of smooth S-curves.
        'data custom' starts a data set of your own from the current input and target;
        'data add' appends the current input and target to it as one more sample.
        """,
      example: "data zigzag", section: "§3.1, §4",
      arguments: .oneOf(
        Dataset.builtIn.map(\.name) + ["custom", "add"], what: "data set", thenUpTo: 1)
    ) { session, args throws(CommandError) in
      if args.count == 2 && args[0] == "echo" {
        let delay = try Parse.count(args[1], "data echo", in: Dataset.echoDelays)
        session.state.dataset = .echo(delay: delay)
        session.selectSample(0)
        return "data echo: \(session.notation.text(Dataset.echo(delay: delay).summary))\n"
          + session.renderDataset()
      }
      if args.count == 2 {
        guard args[0] == "recall" else {
          throw .badArguments(.expected("a length N only after recall, a delay D after echo"))
        }
        let steps = try Parse.count(args[1], "data recall", in: Dataset.recallSteps)
        session.state.dataset = .recall(steps: steps)
        session.selectSample(0)
        return "data recall: \(session.notation.text(Dataset.recall(steps: steps).summary))\n"
          + session.renderDataset()
      }
      if args[0] == "custom" || args[0] == "add" {
        guard let y = session.state.target else { throw .noTarget(command: "data \(args[0])") }
        let sample =
          session.state.targets.map { Sample(inputs: session.state.inputs, targets: $0) }
          ?? Sample(inputs: session.state.inputs, target: y)
        var samples = [sample]
        if args[0] == "add" {
          guard let current = session.state.dataset, current.name == "custom" else {
            throw .noCustomDataset
          }
          guard current.samples.count < Limits.customSamples else {
            throw .outOfRange(
              String(current.samples.count + 1), what: "data add",
              range: "at most \(Limits.customSamples) samples")
          }
          samples = current.samples + [sample]
        }
        session.state.dataset = Dataset(
          name: "custom", summary: "your own samples (\(samples.count))", samples: samples)
        session.state.sampleIndex = samples.count - 1
        return "data custom: \(samples.count) sample\(samples.count == 1 ? "" : "s")\n"
          + session.renderDataset()
      }
      let dataset = Dataset.named(args[0])!
      session.state.dataset = dataset
      session.selectSample(0)
      return "data \(dataset.name): \(session.notation.text(dataset.summary))\n"
        + session.renderDataset()
    },
    dataCommand(
      "sample", usage: "sample K",
      summary: "make sample K of the loaded data set the input and target",
      example: "sample 2", section: "§3.1", arguments: .exactly(1, "one sample number")
    ) { session, args throws(CommandError) in
      guard let dataset = session.state.dataset else { throw .noDataset(command: "sample") }
      let k = try Parse.count(args[0], "sample", in: 1...dataset.samples.count)
      session.selectSample(k - 1)
      let sample = dataset.samples[k - 1]
      return
        "sample \(k) of \(dataset.name): x = \(sequenceText(sample.inputs, session.notation)), y = \(sample.targets.map { sequenceText($0, session.notation) } ?? plainNumber(sample.target))\n"
    },
    Command(
      name: "datasets", usage: "datasets",
      summary: "list the data sets train can use",
      example: "datasets", section: "§3.1, §4"
    ) { session, _, _ throws(CommandError) in
      var text = ""
      // The custom set, if one is loaded, is listed after the built-in ones.
      var sets = Dataset.builtIn
      if let custom = session.state.dataset, custom.name == "custom" { sets.append(custom) }
      for builtIn in sets {
        // `recall` is listed at the length loaded, if it is loaded.
        let loaded = session.state.dataset?.name == builtIn.name
        let d = loaded ? session.state.dataset! : builtIn
        let mark = loaded ? "*" : " "
        text += "\(mark) \(TextLayout.rightPad(d.name, 8)) \(session.notation.text(d.summary))\n"
        // A set with a target at every step is named only: 'data NAME' lists its samples.
        if d.samples.first?.targets != nil && !loaded { continue }
        for (i, s) in d.samples.enumerated() {
          text +=
            "    \(i + 1): \(sequenceText(s.inputs, session.notation)) \(session.notation.arrow) \(s.targets.map { sequenceText($0, session.notation) } ?? plainNumber(s.target))\n"
        }
      }
      return text
    },
  ]

  /// A command that sets the input, the target or the data set and echoes what it set; the
  /// echo is all it prints, so a quiet script drops it.
  private static func dataCommand(
    _ name: String, usage: String, summary: String, details: String = "", example: String,
    section: String, arguments: Arguments,
    action: @escaping @Sendable (inout Session, [String]) throws(CommandError) -> String
  ) -> Command {
    Command(
      name: name, usage: usage, summary: summary, details: details, example: example,
      section: section, arguments: arguments, quietInScripts: true
    ) { session, args, _ throws(CommandError) in
      try action(&session, args)
    }
  }
}
