import RNN

extension CommandTable {
  static let forwardCommands: [Command] = [
    Command(
      name: "step", aliases: ["s"], usage: "step",
      summary: "compute the next timestep h_t of the forward pass (Eq. 3, live numbers)",
      details:
        "An empty line at the prompt repeats it. After the last step, ŷ (Eq. 2) and L (Eq. 1).",
      example: "step", section: "§1.3, Eq. 3", repeatsOnEnter: true, quietInScripts: true
    ) { session, _, _ throws(CommandError) in
      var pass = session.state.forward ?? session.state.model.startForward(session.state.inputs)
      guard let record = pass.step() else { throw .forwardComplete(t: pass.count) }
      session.state.forward = pass
      session.state.backward = nil
      return session.renderForwardStep(record, in: pass) + session.renderOutputIfComplete(pass)
    },
    Command(
      name: "forward", usage: "forward",
      summary: "run the rest of the forward pass, then show ŷ and the loss",
      example: "forward", section: "§1, Eq. 1–3", quietInScripts: true
    ) { session, _, _ throws(CommandError) in
      var pass = session.state.forward ?? session.state.model.startForward(session.state.inputs)
      if pass.isComplete { pass = session.state.model.startForward(session.state.inputs) }
      let first = pass.t
      pass.run()
      session.state.forward = pass
      session.state.backward = nil
      let records = pass.steps[first...]
      var text = ""
      let shown =
        records.count <= 12 ? Array(records) : Array(records.prefix(5)) + Array(records.suffix(5))
      for (i, record) in shown.enumerated() {
        if records.count > 12 && i == 5 {
          text += session.notation.text(
            "… \(records.count - 10) steps not shown ('states all' lists them all) …\n")
        }
        text += session.renderForwardStep(record, in: pass)
      }
      return text + session.renderOutputIfComplete(pass)
    },
    Command(
      name: "states", usage: "states [all]",
      summary: "table of t, x_t, a_t and h_t so far",
      details: "At a terminal, over 100 timesteps show the first and last 5; 'states all' shows all.",
      example: "states", section: "§1.3, Eq. 3",
      arguments: .atMost(1, "nothing or 'all'", completion: .words(["all"]))
    ) { session, args, _ throws(CommandError) in
      session.renderStates(elide: try session.elidesLongTables(args))
    },
    Command(
      name: "reset", usage: "reset [cell]",
      summary: "clear the forward and backward states (the gradients stay; 'zero' clears them)",
      details: "'reset cell' also brings the article's cell back: ReLU, b = c = 0, bias training off.",
      example: "reset", section: "§3",
      arguments: .atMost(1, "nothing or 'cell'", completion: .words(["cell"])),
      quietInScripts: true
    ) { session, args, _ throws(CommandError) in
      if let word = args.first {
        guard word == "cell" else { throw .unknownName(word, what: "reset option", accepted: ["cell"]) }
        return session.resetCell()
      }
      session.state.clearPasses()
      return session.notation.text("states cleared; h₀ = 0. 'step' starts a new forward pass.\n")
    },
  ]
}
