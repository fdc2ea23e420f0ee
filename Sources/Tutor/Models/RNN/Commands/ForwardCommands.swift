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
  ]
}
