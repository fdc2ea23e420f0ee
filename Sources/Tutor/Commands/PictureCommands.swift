import RNN

extension CommandTable {
  static let exportBranches: [ArgumentKind.Branch] = [
    .init("svg", [.path, .words(PictureKind.allCases.map(\.rawValue) + ["--force"])]),
    .init("transcript", [.path, .words(["--force"])]),
    .init("torch", [.path, .words(["--train", "--force"])]),
    .init("notebook", [.path, .words(["--force"])]),
  ]

  /// What `eq` takes: `list` or an equation's name.
}

/// What a model's `export notebook` does: writes the model's own notebook (given the words
/// after `notebook`), or is refused with the reason.
enum ModelNotebook: Sendable {
  case refused(because: String)
  case written(by: @Sendable ([String], Session) throws(CommandError) -> String)
}

extension CommandTable {
  /// A model's own `export`: `torch` writes its script with `torch` (given the words after
  /// `torch`), `transcript` and `svg` (of the `pictures` it draws) are every model's
  /// (`sharedExport`), and `notebook` is the model's own or refused, as `notebook` says.
  static func modelExport(
    _ model: any SessionModel.Type, summary: String, details: String, example: String,
    pictures: [PictureKind], notebook: ModelNotebook,
    torch: @escaping @Sendable ([String], Session) throws(CommandError) -> String
  ) -> Command {
    let words: [String]
    if case .written = notebook {
      words = ["svg", "transcript", "torch", "notebook"]
    } else {
      words = ["svg", "transcript", "torch"]
    }
    let branches = exportBranches.filter { words.contains($0.word) }.map { branch in
      branch.word == "svg"
        ? ArgumentKind.Branch("svg", [.path, .words(pictures.map(\.rawValue) + ["--force"])])
        : branch
    }
    return Command(
      name: "export",
      usage: "export \(words.joined(separator: "|")) FILE [OPTIONS]",
      summary: summary, details: details, example: example, section: "",
      arguments: .atLeast(
        1, words.dropLast().joined(separator: ", ") + " or " + words.last!,
        completion: .branches(branches)),
      allowedInLessons: false
    ) { session, args, hooks throws(CommandError) in
      switch (args[0], notebook) {
      case ("torch", _): return try torch(Array(args.dropFirst()), session).reply
      case ("transcript", _), ("svg", _): return try sharedExport.action(&session, args, hooks)
      case ("notebook", .written(let write)):
        return try write(Array(args.dropFirst()), session).reply
      case ("notebook", .refused(let why)):
        throw .notForModel(command: "export notebook", model: model.displayName, why: why)
      default: throw .unknownName(args[0], what: "export", accepted: words)
      }
    }
  }
}

extension CommandTable {
  /// `export`: the model's own version handles `torch` and `notebook` where it has one and
  /// hands the rest here.
  static let sharedExport =
    Command(
      name: "export",
      usage: "export svg|transcript|torch|notebook FILE [OPTIONS]",
      summary:
        "write a picture as SVG, the session as Markdown, a PyTorch script or a Jupyter notebook",
      details: """
        export svg FILE draws the last picture again with the current state; naming a
        PICTURE (plot, loss, landscape, unroll, flow) draws that one instead. After
        'train', flow adds a heat map of |dL/dh_t| over t and the run's epochs.
        export transcript FILE writes every command so far with its output, in Markdown
        code blocks.
        export torch FILE [--train [EPOCHS]] writes a Python script that rebuilds the model in
        PyTorch and prints h_t, yhat, the loss and the gradients as 'print' does; --train adds
        the training loop (EPOCHS, default 20,000) and its final weights.
        export notebook FILE.ipynb writes the session (in a lesson: the lesson's steps) as a
        Jupyter notebook: every screen, and PyTorch cells that recompute each forward,
        backward and train.

        Every export, as save, leaves a file minirnn did not write alone unless --force is
        given, replaces a file whole or not at all, and refuses a name ending in another
        kind of file's ending (export svg f.png).
        """,
      example: "export svg loss.svg loss", section: "Fig. 1-7",
      arguments: .atLeast(
        1, "svg, transcript, torch or notebook",
        completion: .branches(exportBranches)),
      allowedInLessons: false
    ) { session, args, hooks throws(CommandError) in
      let text: String
      let described: String
      let file: ExportedFile
      let path: String
      let force: Bool
      // What follows the first word depends on it, so its count is checked here.
      switch args[0] {
      case "svg":
        var words = Array(args.dropFirst())
        force = words.contains("--force")
        words.removeAll { $0 == "--force" }
        if let option = words.first(where: { $0.hasPrefix("--") }) {
          throw .unknownName(option, what: "option for export svg", accepted: ["--force"])
        }
        guard words.count == 1 || words.count == 2 else {
          throw .badArguments(
            .expected("a file name, then optionally plot, loss, landscape, unroll or flow"))
        }
        let kind: PictureKind
        if words.count == 2 {
          guard let named = PictureKind(rawValue: words[1]) else {
            throw .unknownName(
              words[1], what: "picture", accepted: PictureKind.allCases.map(\.rawValue))
          }
          kind = named
        } else {
          guard let last = session.lastPicture.flatMap(PictureKind.init(words:)) else {
            throw .noPicture
          }
          kind = last
        }
        file = .svg
        path = words[0]
        try file.checkEnding(path)
        text = try session.svgPicture(kind, hooks: hooks)
        described = "\(kind.words.joined(separator: " ")) as SVG"
      case "transcript":
        file = .transcript
        let arguments = try file.parse(Array(args.dropFirst()), allowsTraining: false)
        (path, force) = (arguments.path, arguments.force)
        text = transcriptMarkdown(session.transcript)
        let count = Parse.counted(session.transcript.count, "command")
        described = "the transcript (\(count)) as Markdown"
      case "torch": return try TorchScript.export(Array(args.dropFirst()), session: session)
      case "notebook":
        return try Notebook.export(Array(args.dropFirst()), session: session, hooks: hooks)
      default:
        throw .unknownName(
          args[0], what: "export", accepted: ["svg", "transcript", "torch", "notebook"])
      }
      let replaced = try file.write(text, to: path, force: force, files: session.files)
      return "\(replaced ? "replaced \(shown(path)) with" : "wrote") \(described)"
        + (replaced ? "\n" : " to \(shown(path))\n")
    }
}
