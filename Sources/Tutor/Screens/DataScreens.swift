import RNN

extension Session {
  /// Makes sample `index` of the loaded data set the current input and target.
  mutating func selectSample(_ index: Int) {
    guard let dataset = state.dataset else { return }
    state.sampleIndex = index
    state.inputs = dataset.samples[index].inputs
    state.target = dataset.samples[index].target
    state.clearPasses()
  }

  /// Puts an input sequence or a target typed by hand in place: the data is no loaded sample
  /// any more, and what was computed from the old values is cleared (both passes for a new
  /// input, the backward pass for a new target).
  mutating func typeIn(inputs: [Double]? = nil, target: Double? = nil) {
    state.sampleIndex = nil
    if let inputs {
      state.inputs = inputs
      state.clearPasses()
    }
    if let target {
      state.target = target
      state.clearBackward()
    }
  }

  func renderDataset() -> String {
    guard let d = state.dataset else { return "" }
    var text = ""
    for (i, s) in d.samples.enumerated() {
      let mark = state.sampleIndex == i ? "*" : " "
      text +=
        "\(mark) sample \(i + 1): \(sequenceText(s.inputs, notation)) \(notation.arrow) \(plainNumber(s.target))\n"
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
  var dataWords: String { name == "recall" ? "recall \(samples[0].inputs.count)" : name }
}
