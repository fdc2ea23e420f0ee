import RNN

extension CommandTable {
  /// `loss` and `spectrum` as the article's RNN runs them: its loss reads ŷₙ alone, and its
  /// W_hh is the one number w₂.
  static let spectrumLossCommands: [Command] = [
    Command(
      name: "loss", usage: "loss [last|every [mean]]",
      summary: "which outputs the loss reads: ŷₙ alone (Eq. 1) or every ŷₜ (beyond the article)",
      details: """
        'loss last' is the article's L = ½(y − ŷₙ)² (Eq. 1). 'loss every' is L = ∑ₜ ½(yₜ − ŷₜ)²,
        the loss the RNNs of language models put at every timestep, so ∂L/∂hₜ has two roads
        in: from ŷₜ and from hₜ₊₁. 'loss every mean' divides by n. A loss at every step needs
        a target per step ('target' with n values, 'data echo D', 'data next').
        The article's RNN keeps Eq. 1; 'model rnn K' has both.
        """,
      example: "loss last", section: "Eq. 1, beyond the article",
      arguments: .atMost(
        2, "last, every or every mean",
        completion: .branches([.init("last"), .init("every", [.words(["mean"])])]))
    ) { session, args, _ throws(CommandError) in
      let readout = try lossReadout(args)
      guard readout == nil || readout == .last else {
        throw .notReady(
          "loss \(readout!.words): the article's RNN keeps Eq. 1's loss on ŷₙ; 'model rnn 1' then 'activation relu' is the same cell with a loss at every step"
        )
      }
      return session.notation.text(
        "loss last: L = ½(y − ŷₙ)², Eq. 1: the article's loss reads ŷₙ alone\n")
    },
    Command(
      name: "spectrum", usage: "spectrum",
      summary: "W_hh's eigenvalues, singular values and spectral radius ρ (here W_hh = w2)",
      details: """
        Whether gradients vanish or explode on their way back depends on the recurrent
        matrix W_hh: its spectral radius ρ (the largest |eigenvalue|) and its singular values
        (Pascanu, Mikolov & Bengio 2013). The article's W_hh is one number, w2, so its one
        eigenvalue is w2, its singular value |w2|, and ∂L/∂hₜ carries w2 to the power n − t
        (§2.5; lesson 8). 'model rnn K' has a K×K W_hh.
        """,
      example: "spectrum", section: "§2.5, beyond the article"
    ) { session, _, _ throws(CommandError) in
      let n = session.notation
      let w2 = session.state.model.weights.w2
      return n.text(
        """
        W_hh = (\(n.number(w2))): the article's feedback weight w2, a 1×1 matrix
        eigenvalue  λ = w2 = \(n.number(w2))
        singular value  σ = |w2| = \(n.number(abs(w2)))
        spectral radius  ρ = \(n.number(abs(w2)))\(abs(w2) < 1 ? " < 1: w2^(n−t) shrinks" : abs(w2) > 1 ? " > 1: w2^(n−t) grows" : " = 1: w2^(n−t) keeps its size")
        'model rnn 2' has a 2×2 W_hh whose eigenvalues can be complex

        """)
    },
  ]

  /// The loss `loss WORDS` names, or nil for a bare `loss`.
  static func lossReadout(_ args: [String]) throws(CommandError) -> LossReadout? {
    switch args {
    case []: return nil
    case ["last"]: return .last
    case ["every"]: return .every
    case ["every", "mean"]: return .everyMean
    default: throw .badArguments(.expected("last, every or every mean"))
    }
  }
}
