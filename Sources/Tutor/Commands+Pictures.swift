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
      arguments: .words(["list"] + ArticleEquation.allCases.map(\.rawValue))
    ) { session, args, _ throws(CommandError) in
      let command = lookup("eq")!
      let names = ArticleEquation.allCases.map(\.rawValue)
      guard args.count == 1 else {
        throw command.usageError("expected one of list, \(names.joined(separator: ", "))")
      }
      if args[0] == "list" { return session.renderEquationList() }
      guard let equation = ArticleEquation.named(args[0]) else {
        throw .unknownName(args[0], what: "equation", accepted: ["list"] + names)
      }
      return session.renderEquation(equation)
    },
    Command(
      name: "derive", usage: "derive w1|w2|w3",
      summary: "§2.6's chain rule for one weight: every timestep's factors, term and running sum",
      details: """
        Works on a copy from zero gradients, so the last line is what 'print w1.g' shows after
        'zero' and 'backward', however many passes the session has accumulated.
        Before the forward pass is complete it lists the factors known so far.
        """,
      example: "derive w1", section: "§2.6 (w3: §2.2)", arguments: .words(["w1", "w2", "w3"])
    ) { session, args, _ throws(CommandError) in
      let command = lookup("derive")!
      guard args.count == 1 else { throw command.usageError("expected one of w1, w2, w3") }
      guard let weight = Weight(rawValue: args[0]) else {
        throw .unknownName(args[0], what: "weight", accepted: ["w1", "w2", "w3"])
      }
      guard session.state.model.architecture == .part2 else {
        throw .notReady(
          "derive: Part 1's model is never trained in the article; type 'model part2' first")
      }
      return session.renderDerivation(weight)
    },
    Command(
      name: "unroll", usage: "unroll",
      summary: "draw the network unrolled over time with its current values (Fig. 1-4)",
      details: """
        Each box holds x_t, h_t or the prediction; each arrow carries its weight. Once
        BPTT has started ('back'), dL/dh_t appears under the boxes, flowing right to left.
        Long sequences show their first and last timesteps and say how many are left out.
        """,
      example: "forward; unroll", section: "Fig. 1-4, §1, §2.5", takesNoArguments: true
    ) { session, args, _ throws(CommandError) in
      let text = try session.renderPicture(.unroll)
      session.lastPicture = PictureKind.unroll.words
      return text
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
      example: "plot loss", section: "Fig. 5-7, §3.1-§4", arguments: .words(["loss"])
    ) { session, args, _ throws(CommandError) in
      let command = lookup("plot")!
      guard args.count <= 1 else { throw command.usageError("expected nothing or 'loss'") }
      let kind: PictureKind
      switch args.first {
      case nil: kind = .plot
      case "loss": kind = .loss
      case let other?: throw .unknownName(other, what: "plot", accepted: ["loss"])
      }
      let text = try session.renderPicture(kind)
      session.lastPicture = kind.words
      return text
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
      example: "train 2000; landscape", section: "Eq. 1, §3.1", takesNoArguments: true
    ) { session, args, hooks throws(CommandError) in
      let text = try session.renderPicture(.landscape, hooks: hooks)
      session.lastPicture = PictureKind.landscape.words
      return text
    },
    Command(
      name: "export",
      usage: "export svg|transcript FILE [PICTURE]",
      summary:
        "write a picture as SVG (the last one drawn, or the one named), or the session as Markdown",
      details: """
        export svg FILE draws the last picture again with the current state; naming a
        PICTURE (plot, loss, landscape, unroll) draws that one instead.
        export transcript FILE writes every command so far with its output, in Markdown
        code blocks. The file is replaced whole or not at all.
        """,
      example: "export svg loss.svg loss", section: "Fig. 1-7",
      arguments: .wordsThenPath(["svg", "transcript"]), allowedInLessons: false
    ) { session, args, _ throws(CommandError) in
      let command = lookup("export")!
      guard let what = args.first else { throw command.usageError("expected svg or transcript") }
      let text: String
      let described: String
      switch what {
      case "svg":
        guard args.count == 2 || args.count == 3 else {
          throw command.usageError(
            "expected a file name, then optionally plot, loss, landscape or unroll")
        }
        let kind: PictureKind
        if args.count == 3 {
          guard let named = PictureKind(rawValue: args[2]) else {
            throw .unknownName(
              args[2], what: "picture", accepted: PictureKind.allCases.map(\.rawValue))
          }
          kind = named
        } else {
          guard let last = session.lastPicture.flatMap(PictureKind.init(words:)) else {
            throw .notReady(
              "export: no picture drawn yet; draw one (unroll, plot, plot loss, landscape) or name it: export svg FILE plot"
            )
          }
          kind = last
        }
        text = try session.svgPicture(kind)
        described = "\(kind.words.joined(separator: " ")) as SVG"
      case "transcript":
        guard args.count == 2 else { throw command.usageError("expected one file name") }
        text = transcriptMarkdown(session.transcript)
        described = "the transcript (\(session.transcript.count) commands) as Markdown"
      default:
        throw .unknownName(what, what: "export", accepted: ["svg", "transcript"])
      }
      switch session.files.writeAtomically(args[1], text) {
      case .success: return "wrote \(described) to \(shown(args[1]))\n"
      case .failure(let error): throw .file("export: \(error.message)")
      }
    },
  ]
}
