extension CommandTable {
  /// Going back and forth through the states the session has been in, and seeing where it is.
  static let timelineCommands: [Command] = [
    Command(
      name: "undo", usage: "undo [N]",
      summary: "take back the last command that changed the session (N: that many)",
      details: """
        Every command that changes the session can be undone: set, step, each back, train
        (one stopped with Ctrl-C too), update, load, data, model, reset all, lesson moves.
        Commands that only show something (print, weights, status) are not counted.
        'back; back; undo' shows the backward pass as it was after the first back, to the
        last bit. Inside a lesson, undo stays inside the step: 'prev' goes to the step before.
        The history keeps the last \(Parse.grouped(Timeline.stateLimit)) states, and at most
        \(Timeline.byteLimit >> 20) MiB by an estimate of what they hold; the oldest go first.
        The history is not kept by save, which writes the state alone: a new minirnn starts
        with none, and in a session 'load' is one more step that undo takes back.
        """,
      example: "forward; back; back; undo", section: "",
      arguments: .atMost(1, "nothing or a number of commands")
    ) { session, args, _ throws(CommandError) in
      try session.travel(by: -(try travelCount(args, "undo")))
    },
    Command(
      name: "redo", usage: "redo [N]",
      summary: "replay what undo took back (N: that many commands)",
      details: "A command that changes the session after an undo ends what redo can replay.",
      example: "set w1 0.5; undo; redo", section: "",
      arguments: .atMost(1, "nothing or a number of commands")
    ) { session, args, _ throws(CommandError) in
      try session.travel(by: try travelCount(args, "redo"))
    },
    Command(
      name: "history", usage: "history [N|all]",
      summary: "list the commands typed in this session, the last 20 (N: the last N)",
      details: "Failed commands are marked; the last line says how far undo and redo reach.",
      example: "history 5", section: "",
      arguments: .atMost(1, "nothing, a number or 'all'", completion: .words(["all"]))
    ) { session, args, _ throws(CommandError) in
      guard let word = args.first else { return session.renderHistory(last: 20) }
      if word == "all" { return session.renderHistory(last: nil) }
      return session.renderHistory(
        last: try Parse.count(word, "history", in: 1...Session.transcriptLimit))
    },
    Command(
      name: "status", aliases: ["info"], usage: "status",
      summary: "everything the session is on one screen: model, data, passes, settings, lesson",
      example: "status", section: ""
    ) { session, _, _ throws(CommandError) in
      session.renderStatus()
    },
  ]

  /// The N of `undo N` or `redo N`: 1 when not given.
  private static func travelCount(_ args: [String], _ command: String) throws(CommandError) -> Int {
    guard let text = args.first else { return 1 }
    return try Parse.count(text, command, in: 1...Timeline.stateLimit)
  }
}
