import RNN

extension CommandTable {
  static let dataCommands: [Command] = [
    Command(
      name: "input", usage: "input X1 X2 …",
      summary: "set the input sequence x_1…x_n (1 to 10,000 finite numbers)",
      details: "Clears the forward and backward states. The target is kept.",
      example: "input 0 0.5", section: "§1, Eq. 3", quietInScripts: true
    ) { session, args, _ throws(CommandError) in
      let command = lookup("input")!
      guard !args.isEmpty else { throw command.usageError("expected at least one number") }
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
      session.state.inputs = values
      session.state.sampleIndex = nil
      session.state.clearPasses()
      return "x = \(sequenceText(values))  (n = \(values.count))\n"
    },
    Command(
      name: "target", usage: "target Y",
      summary: "set the label y the prediction ŷ is compared with (Eq. 1)",
      example: "target 1", section: "§1.1, Eq. 1", quietInScripts: true
    ) { session, args, _ throws(CommandError) in
      let command = lookup("target")!
      guard args.count == 1 else { throw command.usageError("expected one number") }
      let value = try Parse.number(args[0], "target")
      session.state.target = value
      session.state.sampleIndex = nil
      session.state.backward = nil
      return "y = \(plainNumber(value))\n"
    },
    Command(
      name: "data", usage: "data slopes|zigzag|custom|add",
      summary: "load a data set for train; its first sample becomes the input and target",
      details: """
        Built in: slopes (§3.1) and zigzag (§4); 'datasets' lists them.
        'data custom' starts a data set of your own from the current input and target;
        'data add' appends the current input and target to it as one more sample.
        """,
      example: "data zigzag", section: "§3.1, §4",
      arguments: .words(Dataset.builtIn.map(\.name) + ["custom", "add"]), quietInScripts: true
    ) { session, args, _ throws(CommandError) in
      let command = lookup("data")!
      let names = Dataset.builtIn.map(\.name) + ["custom", "add"]
      guard args.count == 1 else {
        throw command.usageError("expected one of \(names.joined(separator: ", "))")
      }
      if args[0] == "custom" || args[0] == "add" {
        guard let y = session.state.target else {
          throw .notReady("data \(args[0]): no target y; set one with 'target Y' first")
        }
        let sample = Sample(inputs: session.state.inputs, target: y)
        var samples = [sample]
        if args[0] == "add" {
          guard let current = session.state.dataset, current.name == "custom" else {
            throw .notReady(
              "data add: the loaded data set is not a custom one; 'data custom' starts one")
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
      guard let dataset = Dataset.named(args[0]) else {
        throw .unknownName(args[0], what: "data set", accepted: names)
      }
      session.state.dataset = dataset
      session.selectSample(0)
      return "data \(dataset.name): \(dataset.summary)\n" + session.renderDataset()
    },
    Command(
      name: "sample", usage: "sample K",
      summary: "make sample K of the loaded data set the input and target",
      example: "sample 2", section: "§3.1", quietInScripts: true
    ) { session, args, _ throws(CommandError) in
      let command = lookup("sample")!
      guard let dataset = session.state.dataset else {
        throw .notReady("sample: no data set is loaded; type 'data slopes' or 'data zigzag'")
      }
      guard args.count == 1 else { throw command.usageError("expected one sample number") }
      let k = try Parse.count(args[0], "sample", in: 1...dataset.samples.count)
      session.selectSample(k - 1)
      let sample = dataset.samples[k - 1]
      return
        "sample \(k) of \(dataset.name): x = \(sequenceText(sample.inputs)), y = \(plainNumber(sample.target))\n"
    },
    Command(
      name: "datasets", usage: "datasets",
      summary: "list the data sets train can use",
      example: "datasets", section: "§3.1, §4", takesNoArguments: true
    ) { session, args, _ throws(CommandError) in
      var text = ""
      var sets = Dataset.builtIn
      if let custom = session.state.dataset, custom.name == "custom" { sets.append(custom) }
      for d in sets {
        let mark = session.state.dataset == d ? "*" : " "
        text += "\(mark) \(rightPad(d.name, 8)) \(d.summary)\n"
        for (i, s) in d.samples.enumerated() {
          text +=
            "    \(i + 1): \(sequenceText(s.inputs)) → \(plainNumber(s.target))\n"
        }
      }
      return text
    },
  ]
}

extension Session {
  /// Makes sample `index` of the loaded data set the current input and target.
  mutating func selectSample(_ index: Int) {
    guard let dataset = state.dataset else { return }
    state.sampleIndex = index
    state.inputs = dataset.samples[index].inputs
    state.target = dataset.samples[index].target
    state.clearPasses()
  }

  func renderDataset() -> String {
    guard let d = state.dataset else { return "" }
    var text = ""
    for (i, s) in d.samples.enumerated() {
      let mark = state.sampleIndex == i ? "*" : " "
      text +=
        "\(mark) sample \(i + 1): \(sequenceText(s.inputs)) → \(plainNumber(s.target))\n"
    }
    return text
  }
}

/// `[0, 0.5, 1]`; a sequence longer than 12 values shows its first and last five around
/// `… 9,990 more …`, so a long input never floods the screen.
func sequenceText(_ values: [Double]) -> String {
  guard values.count > 12 else {
    return "[" + values.map(plainNumber).joined(separator: ", ") + "]"
  }
  let head = values.prefix(5).map(plainNumber).joined(separator: ", ")
  let tail = values.suffix(5).map(plainNumber).joined(separator: ", ")
  return "[\(head), … \(Parse.grouped(values.count - 10)) more …, \(tail)]"
}
