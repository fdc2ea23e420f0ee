import RNN

extension CommandTable {
  static let forwardCommands: [Command] = [
    Command(
      name: "step", aliases: ["s"], usage: "step [N]",
      summary: "compute the next timestep h_t of the forward pass (Eq. 3, live numbers)",
      details: """
        An empty line at the prompt repeats it. After the last step, ŷ (Eq. 2) and L (Eq. 1).
        'step N' takes N timesteps at once (fewer if the pass ends first), as gdb's does.
        """,
      example: "step", section: "§1.3, Eq. 3",
      arguments: .atMost(1, "nothing or a number of steps"), repeatsOnEnter: true
    ) { session, args, _ throws(CommandError) in
      let count = try session.stepCount(args, "step")
      var pass = session.state.forward ?? session.state.model.startForward(session.state.inputs)
      guard !pass.isComplete else { throw .forwardComplete(t: pass.count) }
      let total = min(count, pass.count - pass.t)
      let text = renderSteps(total, "states all", session.notation) { shown in
        let record = pass.step()!
        return shown ? session.renderForwardStep(record, in: pass) : ""
      }
      session.state.forward = pass
      session.state.backward = nil
      return text + session.renderOutputIfComplete(pass)
    },
    Command(
      name: "forward", usage: "forward",
      summary: "run the rest of the forward pass, then show ŷ and the loss",
      example: "forward", section: "§1, Eq. 1–3"
    ) { session, _, _ throws(CommandError) in
      var pass = session.state.forward ?? session.state.model.startForward(session.state.inputs)
      if pass.isComplete { pass = session.state.model.startForward(session.state.inputs) }
      let text = renderSteps(pass.count - pass.t, "states all", session.notation) { shown in
        let record = pass.step()!
        return shown ? session.renderForwardStep(record, in: pass) : ""
      }
      session.state.forward = pass
      session.state.backward = nil
      return text + session.renderOutputIfComplete(pass)
    },
    Command(
      name: "states", usage: "states [all]",
      summary: "table of t, x_t, a_t and h_t so far",
      details:
        "At a terminal, over 100 timesteps show the first and last 5; 'states all' shows all.",
      example: "states", section: "§1.3, Eq. 3",
      arguments: .atMost(1, "nothing or 'all'", completion: .words(["all"]))
    ) { session, args, _ throws(CommandError) in
      session.renderStates(elide: try session.elidesLongTables(args))
    },
    Command(
      name: "reset", usage: "reset [cell|all|article]",
      summary: "clear the forward and backward states (the gradients stay; 'zero' clears them)",
      details: """
        'reset cell' also brings the article's cell back: ReLU, b = c = 0, bias training off.
        'reset all' starts a fresh session, as minirnn starts; 'reset article' starts from §3's
        code as printed (model part2, mode article, random weights, data slopes). Both say what
        they discarded, and 'undo' brings it back.
        """,
      example: "reset", section: "§3",
      arguments: .atMost(
        1, "nothing, 'cell', 'all' or 'article'", completion: .words(["cell", "all", "article"])),
      quietInScripts: true
    ) { session, args, _ throws(CommandError) in
      if let word = args.first, word == "all" || word == "article" {
        return try session.resetAll(article: word == "article")
      }
      if let word = args.first {
        guard word == "cell" else {
          throw .unknownName(word, what: "reset option", accepted: ["cell", "all", "article"])
        }
        // The cell is the RNN's: a model that refuses `activation` refuses this too.
        if case .refused(let model, let why) = session.state.active.capability("activation") {
          throw .notForModel(command: "reset cell", model: model, why: why)
        }
        return session.resetCell()
      }
      session.state.clearPasses()
      return session.notation.text("states cleared; h₀ = 0. 'step' starts a new forward pass.\n")
    },
  ]
}

extension Session {
  /// The N of `step N` or `back N`: 1 when not given. With the quiz on, one at a time, since
  /// the quiz asks for each step's numbers before it shows them.
  func stepCount(_ args: [String], _ command: String) throws(CommandError) -> Int {
    guard let text = args.first else { return 1 }
    let count = try Parse.count(text, command, in: 1...Limits.epochs)
    if count > 1 && quiz != nil && lessonBook.run == nil {
      throw .notReady(
        "\(command) \(text): with the quiz on, \(command) takes one step at a time; 'quiz off' first"
      )
    }
    return count
  }
}

/// The screens of `total` steps, each made by `step` in turn: all of them up to 12, else
/// the first and last 5 with a line saying how many were left out and which command
/// (`all`) lists them all. `step` is told whether its screen is shown.
func renderSteps(
  _ total: Int, _ all: String, _ notation: Notation, _ step: (_ shown: Bool) -> String
) -> String {
  var text = ""
  for i in 0..<total {
    let shown = total <= 12 || i < 5 || i >= total - 5
    text += step(shown)
    if !shown && i == 5 {
      text += notation.text(elidedLine(total - 10, shownBy: all) + "\n")
    }
  }
  return text
}
