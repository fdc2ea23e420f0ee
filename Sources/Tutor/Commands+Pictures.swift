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
        throw .notReady("derive: Part 1's model is never trained in the article; type 'model part2' first")
      }
      return session.renderDerivation(weight)
    },
  ]
}
