import RNN

/// Settings the article never uses, for the experiments that follow §4: each is off by
/// default, so the article's runs stay exactly as printed.
extension CommandTable {
  static let experimentCommands: [Command] = [
    Command(
      name: "flow", usage: "flow [all|sweep w2|n A B …]",
      summary: "how ∂L/∂hₜ shrinks or grows on its way back: vanishing and exploding gradients",
      details: """
        After a backward pass: for each t, |∂L/∂hₜ| on a log scale, the factor ReLU′(aₜ)·w2
        that carries it one step further back (§2.5), and each timestep's share of ∂L/∂w1
        and ∂L/∂w2. 'flow sweep w2 0.5 1.5' draws |∂L/∂hₜ| against t for each w2 on the
        session's input; 'flow sweep n 5 30' for each length (the input repeated).
        'export svg FILE flow' writes the last one. In a lesson at a terminal, a flow taller
        than the screen shows its first and last rows; 'flow all' shows every row.
        """,
      example: "flow", section: "§2.5, beyond the article",
      arguments: .any(
        completion: .branches([.init("all"), .init("sweep", [.words(["w2", "n"])])]))
    ) { session, args, _ throws(CommandError) in
      if let first = args.first, first != "sweep", args != ["all"] {
        throw .unknownName(first, what: "flow option", accepted: ["all", "sweep"])
      }
      if args == ["sweep"] {
        throw .badArguments(.expected("'sweep w2 A B …' or 'sweep n A B …' (2 to 6 values)"))
      }
      try session.refuseUnderEveryStepLoss("flow", session.state.model.loss)
      session.lastPicture = ["flow"] + args
      return try session.renderPicture(.flow)
    },
    Command(
      name: "truncate", usage: "truncate K|off",
      summary: "truncated BPTT: backward goes back only K timesteps from t = n",
      details: """
        With K, backward handles t = n down to n−K+1 and holds h(n−K) constant, as
        PyTorch's h.detach() at that timestep does; the terms of t = n−K…1 are dropped.
        'grads' then shows the truncated and the full gradient side by side; 'train'
        honours it. 'truncate off' goes back through every timestep again.
        """,
      example: "truncate 2", section: "beyond the article (§4's follow-up)",
      arguments: .exactly(1, "a number of timesteps or 'off'", completion: .words(["off"])),
      quietInScripts: true
    ) { session, args, _ throws(CommandError) in
      let k: Int? =
        args[0] == "off"
        ? nil : try Parse.count(args[0], "truncate", in: 1...Limits.sequenceLength)
      if k != nil { try session.refuseUnderArticleMode("truncate", "truncation") }
      if let k, session.state.model.loss.readsEveryStep {
        throw .notReady(
          "truncate \(k): truncation is defined here for Eq. 1's loss alone, and loss \(session.state.model.loss.words) is on; 'loss last' first"
        )
      }
      session.state.model.truncation = k
      session.state.backward = nil
      guard let k else { return "truncate off: backward goes back through every timestep\n" }
      return session.notation.text(
        "truncate \(k): backward goes back \(k) timestep\(k == 1 ? "" : "s") from t = n and holds \(session.notation.h("n-\(k)")) constant (beyond the article)\n"
      )
    },
    Command(
      name: "clip", usage: "clip C|off",
      summary: "gradient-norm clipping at C before each update, as PyTorch clips",
      details: """
        Before 'update' and each of 'train's updates, every trained gradient is multiplied
        by C/(norm + 1e−6) when that is below 1, as PyTorch's torch.nn.utils.clip_grad_norm_
        does. The norm is √(w1.g² + w2.g² + w3.g²), and with 'train bias on' b.g² + c.g²
        are inside the root too. 'clip off' stops clipping.
        """,
      example: "clip 1", section: "beyond the article (§4's follow-up)",
      arguments: .exactly(1, "a positive norm or 'off'", completion: .words(["off"])),
      quietInScripts: true
    ) { session, args, _ throws(CommandError) in
      if args[0] == "off" {
        session.state.model.clipNorm = nil
        return "clip off: updates use the gradients as they are\n"
      }
      let c = try Parse.number(args[0], "clip")
      guard c > 0 else { throw .outOfRange(args[0], what: "clip", range: "a norm above 0, or off") }
      try session.refuseUnderArticleMode("clip", "clipping")
      session.state.model.clipNorm = c
      return session.notation.text(
        "clip \(plainNumber(c)): before each update the gradients are scaled down when their norm exceeds \(plainNumber(c)) (beyond the article)\n"
      )
    },
  ]
}

extension Session {
  /// Refuses `command` (truncate or clip) in mode article: that mode is the code as printed,
  /// which has no place for them (nor has `export torch`'s printed code).
  func refuseUnderArticleMode(_ command: String, _ what: String) throws(CommandError) {
    guard state.model.mode == .article else { return }
    throw .notReady(
      "\(command): mode article runs the code as printed, which has no \(what); type 'mode exact' first (\(what) is beyond the article)"
    )
  }
}
