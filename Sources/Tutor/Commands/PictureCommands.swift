import RNN

extension CommandTable {
  static let pictureCommands: [Command] = [
    Command(
      name: "eq", usage: "eq N|list",
      summary: "an equation of the article with the session's numbers (eq list names them)",
      details: """
        N is 1, 2, 3 or 4 for Eq. 1-4, or 2.2 to 2.6 for the derivatives of those sections.
        Each shows the equation as the article writes it, then with the current numbers, then
        the result; where the article prints something wrong, both forms and the erratum.
        In the middle of a forward or backward pass it shows what is known so far.
        """,
      example: "eq 3", section: "Eq. 1-4, §2.2-2.6",
      arguments: .exactly(
        1, "one of \(equationWords.joined(separator: ", "))", completion: .words(equationWords))
    ) { session, args, _ throws(CommandError) in
      if args[0] == "list" { return session.renderEquationList() }
      // `named` also knows the section names (`eq 1.3` is `eq 3`), so this is no `oneOf`.
      guard let equation = ArticleEquation.named(args[0]) else {
        throw .unknownName(args[0], what: "equation", accepted: equationWords)
      }
      return session.renderEquation(equation)
    },
    Command(
      name: "derive", usage: "derive w1|w2|w3|b|c",
      summary: "§2.6's chain rule for one weight: every timestep's factors, term and running sum",
      details: """
        Works on a copy from zero gradients, so the last line is what 'print w1.g' shows after
        'zero' and 'backward', however many passes the session has accumulated.
        Before the forward pass is complete it lists the factors known so far.
        b and c are the generalised cell's biases (beyond the article).
        """,
      example: "derive w1", section: "§2.6 (w3: §2.2)",
      arguments: .oneOf(Weight.allCases.map(\.rawValue) + ["b", "c"], what: "weight")
    ) { session, args, _ throws(CommandError) in
      if let bias = Bias(rawValue: args[0]) { return session.renderBiasDerivation(bias) }
      return session.renderDerivation(Weight(rawValue: args[0])!)
    },
    Command(
      name: "unroll", usage: "unroll",
      summary: "draw the network unrolled over time with its current values (Fig. 1-4)",
      details: """
        Each box holds x_t, h_t or the prediction; each arrow carries its weight. Once
        BPTT has started ('back'), dL/dh_t appears under the boxes, flowing right to left.
        Long sequences show their first and last timesteps and say how many are left out.
        """,
      example: "forward; unroll", section: "Fig. 1-4, §1, §2.5"
    ) { session, _, _ throws(CommandError) in
      try session.drawPicture(.unroll)
    },
    Command(
      name: "plot", usage: "plot [loss]",
      summary:
        "chart the samples, next values and predictions (Fig. 5-7); 'plot loss': the loss curve",
      details: """
        plot: every sample of the loaded data set side by side: the inputs, the value that
        should follow (dotted) and the model's prediction.
        plot loss: the mean loss per epoch of the last 'train', on a log scale when it spans
        more than two decades.
        """,
      example: "plot loss", section: "Fig. 5-7, §3.1-§4",
      arguments: .atMost(1, "nothing or 'loss'", completion: .words(["loss"]))
    ) { session, args, _ throws(CommandError) in
      let kind: PictureKind
      switch args.first {
      case nil: kind = .plot
      case "loss": kind = .loss
      case let other?: throw .unknownName(other, what: "plot", accepted: ["loss"])
      }
      return try session.drawPicture(kind)
    },
    Command(
      name: "landscape", usage: "landscape",
      summary:
        "shade the loss over a (w1, w2) grid around the current weights, with the training path",
      details: """
        The loss is the mean of Eq. 1 over the loaded data set's samples, with w3 held at its
        current value; darker is higher, on a log scale. X marks the current weights, S and
        E the start and end of the last 'train'.
        """,
      example: "train 2000; landscape", section: "Eq. 1, §3.1"
    ) { session, _, hooks throws(CommandError) in
      try session.drawPicture(.landscape, hooks: hooks)
    },
    sharedExport,
  ]

  /// What each `export` takes after its first word: the file, then its options.
  static let exportBranches: [ArgumentKind.Branch] = [
    .init("svg", [.path, .words(PictureKind.allCases.map(\.rawValue) + ["--force"])]),
    .init("transcript", [.path, .words(["--force"])]),
    .init("torch", [.path, .words(["--train", "--force"])]),
    .init("notebook", [.path, .words(["--force"])]),
  ]

  /// What `eq` takes: `list` or an equation's name.
  static let equationWords = ["list"] + ArticleEquation.allCases.map(\.rawValue)
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
