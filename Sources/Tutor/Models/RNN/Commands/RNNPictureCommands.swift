import RNN

extension CommandTable {
  static let rnnPictureCommands: [Command] = [
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
      try session.refuseUnderEveryStepLoss("derive", session.state.model.loss)
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
      try session.refuseUnderEveryStepLoss("landscape", session.state.model.loss)
      return try session.drawPicture(.landscape, hooks: hooks)
    },
    sharedExport,
  ]

  /// What each `export` takes after its first word: the file, then its options.

  static let equationWords = ["list"] + ArticleEquation.allCases.map(\.rawValue)
}
