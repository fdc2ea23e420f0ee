import RNN

/// The names on a landscape's axes and what it holds fixed, for a grid over parameters other
/// than the RNN's (w₁, w₂).
struct LandscapeAxes: Equatable, Sendable {
  let x: String
  let y: String
  let held: String
}

extension LandscapePicture {
  /// The loss over a grid of two of the LSTM's parameters, `x` across and `y` up, around
  /// their current values, the other twelve held: the mean of Eq. 1 over `samples`, with the
  /// last training's path through those two.
  ///
  /// The grid is drawn by the RNN's landscape renderer; the two values sit where it keeps
  /// w₁ and w₂ (`current.w1`, `current.w2`), and `axes` names them.
  init(
    lstm model: MiniLSTM, x: LSTMParameter, y: LSTMParameter, samples: [Sample], source: String,
    path: [LSTMWeights], columns: Int, rows: Int, hooks: Hooks = .none
  ) throws(CommandError) {
    var probe = model
    try self.init(
      current: Weights(w1: model.weights[x], w2: model.weights[y], w3: 0),
      path: path.map { Weights(w1: $0[x], w2: $0[y], w3: 0) }, source: source,
      axes: LandscapeAxes(x: x.rawValue, y: y.rawValue, held: "the other 12"),
      columns: columns, rows: rows, hooks: hooks
    ) { a, b in
      probe.weights[x] = a
      probe.weights[y] = b
      return meanLoss(over: samples) {
        Cell.loss(prediction: probe.predict($0.inputs), target: $0.target)
      }
    }
  }
}

extension Session {
  /// `landscape [P Q]` with `model lstm`: the loss over P (across) and Q (up), f.b and wy
  /// when none are named.
  func renderLSTMLandscape(_ names: [String], hooks: Hooks) throws(CommandError) -> String {
    try lstmLandscapePicture(names, columns: max(21, traits.width - 10), rows: 21, hooks: hooks)
      .render(notation, width: traits.width, color: traits.color)
  }

  /// The grid for the LSTM's `landscape [P Q]`, `columns` × `rows`.
  func lstmLandscapePicture(_ names: [String], columns: Int, rows: Int, hooks: Hooks)
    throws(CommandError) -> LandscapePicture
  {
    let accepted = LSTMParameter.allCases.map(\.rawValue)
    guard names.isEmpty || names.count == 2 else {
      throw .badArguments(.expected("nothing or two parameter names, e.g. landscape f.b wy"))
    }
    var axes: [LSTMParameter] = [.fB, .wy]
    if names.count == 2 {
      axes = []
      for name in names {
        guard let p = LSTMParameter(rawValue: name) else {
          throw .unknownName(name, what: "LSTM parameter", accepted: accepted)
        }
        axes.append(p)
      }
      guard axes[0] != axes[1] else {
        throw .badArguments(.expected("two different parameters, e.g. landscape f.b wy"))
      }
    }
    let samples: [Sample]
    let source: String
    if let dataset = state.dataset {
      samples = dataset.samples
      source = "the \(dataset.samples.count) samples of \(dataset.name)"
    } else if let y = state.target {
      samples = [Sample(inputs: state.inputs, target: y)]
      source = "the current input"
    } else {
      throw .nothingToDraw
    }
    let lstm = state.activeLSTM
    let path =
      lstm.lastTraining.map { report in
        report.path.points.map(\.weights)
          + (report.path.points.last?.weights == report.end ? [] : [report.end])
      } ?? []
    return try LandscapePicture(
      lstm: lstm.model, x: axes[0], y: axes[1], samples: samples, source: source, path: path,
      columns: columns, rows: rows, hooks: hooks)
  }
}
