/// The pictures `export svg` can write, named as the command that draws them.
enum PictureKind: String, CaseIterable, Sendable {
  case plot
  case loss
  case landscape
  case unroll
  case flow

  /// The command words that draw it: `plot loss` for `.loss`.
  var words: [String] {
    self == .loss ? ["plot", "loss"] : [rawValue]
  }

  /// The picture a picture command's words drew, if they name one (`flow sweep …` is a flow).
  init?(words: [String]) {
    // `flow sweep …` is a flow, and the LSTM's `landscape P Q` a landscape.
    if words.first == "flow" || words.first == "landscape" {
      self = words.first == "flow" ? .flow : .landscape
      return
    }
    guard let kind = Self.allCases.first(where: { $0.words == words }) else { return nil }
    self = kind
  }
}

extension Session {
  /// The picture in the terminal, as its command prints it.
  func renderPicture(_ kind: PictureKind, hooks: Hooks = .none) throws(CommandError) -> String {
    let n = notation
    switch kind {
    case .unroll:
      return UnrollPicture(state: state).render(n, width: traits.width, color: traits.color)
    case .plot:
      return try plotPicture().render(n, width: traits.width, color: traits.color)
    case .loss:
      return try lossPicture().render(n, width: traits.width, color: traits.color)
    case .landscape:
      return try landscapePicture(hooks: hooks).render(n, width: traits.width, color: traits.color)
    case .flow:
      let all = lastPicture == ["flow", "all"]
      return try flowPicture(sweep: lastFlowSweep).render(
        n, width: traits.width, color: traits.color
      ) { all ? nil : pictureRowLimit(around: $0) }
    }
  }

  /// Draws the picture for the terminal and remembers it as the one `export svg` writes.
  mutating func drawPicture(_ kind: PictureKind, hooks: Hooks = .none) throws(CommandError)
    -> String
  {
    let text = try renderPicture(kind, hooks: hooks)
    lastPicture = kind.words
    return text
  }

  /// The picture as a standalone SVG document, for the session's model. A landscape takes
  /// seconds on a large data set: `hooks.shouldStop` (Ctrl-C) is asked before each of its
  /// cells.
  func svgPicture(_ kind: PictureKind, hooks: Hooks = .none) throws(CommandError) -> String {
    // SVG text may always use Unicode: it is a file, not the terminal.
    let n = Notation(unicode: true, precision: state.precision, cell: CellForm(state.model))
    do {
      switch kind {
      case .plot: return try plotPicture().svg(n)
      case .loss: return try lossPicture().svg(n)
      case .unroll, .landscape, .flow:
        return try state.active.svgPicture(kind, in: self, n, hooks: hooks)
      }
    } catch .interruptedLandscape {
      throw .interruptedExport
    }
  }

  /// The words after `sweep` of the last `flow` command, or none for a plain `flow`.
  var lastFlowSweep: [String] {
    guard let words = lastPicture, words.first == "flow", words.count > 2 else { return [] }
    return Array(words.dropFirst(2))
  }
}
