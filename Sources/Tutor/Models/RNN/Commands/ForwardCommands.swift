import RNN

extension CommandTable {
  static let forwardCommands: [Command] = [
    stepCommand(
      RNNState.self,
      summary: "compute the next timestep h_t of the forward pass (Eq. 3, live numbers)",
      afterLast: "ŷ (Eq. 2) and L (Eq. 1)", section: "§1.3, Eq. 3"),
    forwardCommand(RNNState.self, section: "§1, Eq. 1–3"),
    tableCommand("states", summary: "table of t, x_t, a_t and h_t so far", section: "§1.3, Eq. 3") {
      session, elide in session.renderStates(elide: elide)
    },
  ]
}
