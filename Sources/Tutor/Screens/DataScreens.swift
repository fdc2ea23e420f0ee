import RNN

extension Session {
  /// Makes sample `index` of the loaded data set the current input and target.
  mutating func selectSample(_ index: Int) {
    guard let dataset = state.dataset else { return }
    state.sampleIndex = index
    state.inputs = dataset.samples[index].inputs
    state.target = dataset.samples[index].target
    state.targets = dataset.samples[index].targets
    state.clearPasses()
  }

  /// Puts an input sequence or a target typed by hand in place: the data is no loaded sample
  /// any more, and what was computed from the old values is cleared (both passes for a new
  /// input, the backward pass for a new target).
  ///
  /// Targets per step that no longer fit the input's length are dropped (y, the last, stays),
  /// and the note returned says so.
  @discardableResult
  mutating func typeIn(inputs: [Double]? = nil, target: Double? = nil, targets: [Double]? = nil)
    -> String
  {
    state.sampleIndex = nil
    var note = ""
    if let inputs {
      state.inputs = inputs
      state.clearPasses()
      if let ys = state.targets, ys.count != inputs.count {
        state.targets = nil
        note =
          "(the \(ys.count) targets per step no longer fit n = \(inputs.count): only y = \(plainNumber(ys[ys.count - 1])) is kept; 'target' with \(inputs.count) values sets them)\n"
      }
    }
    if let target {
      state.target = target
      state.targets = nil
      state.clearBackward()
    }
    if let targets {
      state.target = targets[targets.count - 1]
      state.targets = targets
      state.clearBackward()
    }
    return note
  }

  func renderDataset() -> String {
    guard let d = state.dataset else { return "" }
    var text = ""
    for (i, s) in d.samples.enumerated() {
      let mark = state.sampleIndex == i ? "*" : " "
      let y = s.targets.map { sequenceText($0, notation) } ?? plainNumber(s.target)
      text +=
        "\(mark) sample \(i + 1): \(sequenceText(s.inputs, notation)) \(notation.arrow) \(y)\n"
    }
    return text
  }
}

/// `[0, 0.5, 1]`; a sequence longer than 12 values shows its first and last five around
/// `… 9,990 more …`, so a long input never floods the screen.
func sequenceText(_ values: [Double], _ n: Notation) -> String {
  guard values.count > 12 else {
    return "[" + values.map(plainNumber).joined(separator: ", ") + "]"
  }
  let head = values.prefix(5).map(plainNumber).joined(separator: ", ")
  let tail = values.suffix(5).map(plainNumber).joined(separator: ", ")
  return n.text("[\(head), … \(Parse.grouped(values.count - 10)) more …, \(tail)]")
}

extension Dataset {
  /// The words after `data` that load this built-in data set again: `zigzag`, `recall 8`.
  var dataWords: String {
    switch name {
    case "recall": "recall \(samples[0].inputs.count)"
    case "echo": "echo \(Dataset.echoDelays.first { Dataset.echo(delay: $0) == self } ?? 0)"
    default: name
    }
  }
}
