import RNN

extension CommandTable {
  static let sessionCommands: [Command] = [
    Command(
      name: "print", aliases: ["p"], usage: "print NAME",
      summary: "print one value in the shortest form that reads back the same (Tab lists names)",
      details: """
        The RNN's names: w1 w2 w3 w1.g w2.g w3.g x[t] h[t] a[t] yhat loss y lr, and the
        generalised cell's b c b.g c.g. With 'model lstm': i.wx i.wh i.b (and f, g, o the
        same), wy by, each with .g for its gradient, x[t] i[t] f[t] g[t] o[t] c[t] h[t],
        yhat loss y lr. With 'model rnn K': W_xh[i] W_hh[i,j] b[i] w_y[i] c (each with .g),
        x[t] a[t][i] h[t][i] yhat[t] y[t], yhat loss y lr; a whole vector or matrix (W_hh,
        h[2], W_hh.g) prints one line per entry.
        """,
      example: "print h[2]", section: "", arguments: .exactly(1, "one name", completion: .printable)
    ) { session, args, _ throws(CommandError) in
      let name = session.canonicalName(args[0])
      // A whole vector or matrix (the vector RNN's `W_hh`, `h[2]`): one line per entry.
      if let entries = session.state.active.entries(of: name) {
        var text = ""
        for entry in entries { text += "\(entry) = \(plainNumber(try session.value(of: entry)))\n" }
        return text
      }
      let value = try session.value(of: name)
      return "\(name) = \(plainNumber(value))\n"
    },
    displayCommand(
      "display", usage: "display NAME…",
      summary: "show these values after every command (as gdb's display); no NAME lists them",
      example: "display w1.g w2.g"
    ) { session, args throws(CommandError) in
      if args.isEmpty {
        return session.state.displays.isEmpty
          ? "nothing is displayed; 'display NAME…' adds values\n"
          : "displayed: \(session.state.displays.joined(separator: " "))\n"
      }
      for name in args {
        try session.validateName(name)
      }
      // `display w1 w1` adds w1 once.
      var added: [String] = []
      for name in args where !session.state.displays.contains(name) && !added.contains(name) {
        added.append(name)
      }
      guard session.state.displays.count + added.count <= Limits.displays else {
        throw .outOfRange(
          "\(session.state.displays.count + added.count) values", what: "display",
          range: "at most \(Limits.displays) values")
      }
      session.state.displays += added
      return ""
    },
    displayCommand(
      "undisplay", usage: "undisplay [NAME…]",
      summary: "stop showing the named values (all when no NAME is given)", example: "undisplay"
    ) { session, args throws(CommandError) in
      for name in args where !session.state.displays.contains(name) {
        throw .notDisplayed(name, displayed: session.state.displays)
      }
      session.state.displays =
        args.isEmpty ? [] : session.state.displays.filter { !args.contains($0) }
      return ""
    },
    Command(
      name: "precision", usage: "precision N",
      summary: "significant digits in tables and equations, 0…17 (0: shortest exact form)",
      details: "print always uses the shortest form that reads back exactly.",
      example: "precision 4", section: "", arguments: .exactly(1, "one whole number 0…17"),
      quietInScripts: true
    ) { session, args, _ throws(CommandError) in
      let digits = try Parse.count(args[0], "precision", in: Limits.precision)
      session.state.precision = digits
      return "precision = \(digits)\n"
    },
    Command(
      name: "save", usage: "save FILE [--force]",
      summary: "write the session state as a minirnn script of state commands",
      details: """
        The file is replaced whole or not at all; a file minirnn did not write is left alone
        unless --force is given. A name ending in another kind of file's ending (.py, .md)
        is refused.
        """,
      example: "save session.minirnn", section: "",
      arguments: .between(1, 2, "one file name, then optionally --force", completion: .path),
      allowedInLessons: false, quietInScripts: true
    ) { session, args, _ throws(CommandError) in
      let arguments = try ExportedFile.stateFile.parse(args, allowsTraining: false)
      let text = session.stateScript()
      _ = try ExportedFile.stateFile.write(
        text, to: arguments.path, force: arguments.force, files: session.files)
      return "saved to \(visible(arguments.path, keepingLines: false))\n"
    },
    Command(
      name: "load", usage: "load FILE",
      summary: "read a file written by save; changes nothing unless the whole file is valid",
      details: """
        Only state commands are accepted: \(StateFile.commandNames.joined(separator: ", ")).
        A file without save's header and end line runs as a hand-written script, with a note.
        """,
      example: "load session.minirnn", section: "",
      arguments: .exactly(1, "one file name", completion: .path), allowedInLessons: false,
      quietInScripts: true
    ) { session, args, hooks throws(CommandError) in
      let text: String
      switch session.files.read(args[0], limit: Limits.loadFileSize) {
      case .success(let read): text = read
      case .failure(let error): throw .file(command: "load", error)
      }
      return try session.load(text, file: args[0], hooks: hooks)
    },
    Command(
      name: "source", usage: "source FILE",
      summary: "run the commands in FILE as a script; if one fails, nothing FILE did is kept",
      details: """
        The error names the file and line (FILE:LINE). A file may source another, up to
        \(Limits.sourceDepth) deep.
        """,
      example: "source setup.minirnn", section: "",
      arguments: .exactly(1, "one file name", completion: .path), allowedInLessons: false
    ) { session, args, hooks throws(CommandError) in
      try session.source(args[0], hooks: hooks)
    },
    Command(
      name: "help", aliases: ["h", "?"], usage: "help [GROUP|COMMAND|all]",
      summary: "the commands by group; 'help GROUP' lists a group, 'help COMMAND' shows one",
      details: """
        GROUP is model, data, forward, backward, training, beyond, pictures, session or lessons.
        'help all' lists every command with its usage. 'help WORD', for a word that names no
        command or group, lists the commands whose help mentions it (as apropos does).
        """,
      example: "help step", section: "",
      arguments: .atMost(1, "at most one group or command name", completion: .commands)
    ) { session, args, _ throws(CommandError) in
      // Summaries and sections are written in Unicode; the notation spells them for ASCII.
      let n = session.notation
      guard let name = args.first else {
        return n.text(renderHelpOverview(width: session.traits.width))
      }
      if name == "all" { return n.text(helpText) }
      // A command's help is the active model's version of it.
      let model = session.state.active
      let entry = resolve(name, model: model)
      if let group = helpGroup(named: name) {
        // `model`, `data`, `forward`, `backward` and `lessons` name a command and a group:
        // the command, then its group.
        let group = renderHelpGroup(
          helpGroup(group, for: model), width: session.traits.width)
        return n.text(
          entry.map { renderHelp($0, width: session.traits.width, spell: n.text) + "\n" + group }
            ?? group)
      }
      if case .ambiguous(let names) = resolution(of: name, model: model) {
        return n.text(
          "commands starting with '\(visible(name, keepingLines: false))':\n"
            + names.compactMap { resolve($0, model: model) }
            .map { renderHelpLine($0, width: session.traits.width) }.joined())
      }
      guard let entry else {
        // No command or group: the commands whose help mentions the word (apropos).
        let found = apropos(name, model: model)
        guard !found.isEmpty else {
          throw .unknownCommand(name, suggestion: suggestion(for: name))
        }
        return n.text(
          "commands about '\(visible(name, keepingLines: false))':\n"
            + found.map { renderHelpLine($0, width: session.traits.width) }.joined())
      }
      return n.text(renderHelp(entry, width: session.traits.width, spell: n.text))
    },
    Command(
      name: "quit", aliases: ["exit", "q"], usage: "quit",
      summary: "leave minirnn (Ctrl-D does the same)",
      example: "quit", section: "", allowedInLessons: false
    ) { _, _, _ throws(CommandError) in
      Reply.quit
    },
  ]

  /// `display` or `undisplay`: each takes value names (Tab completes them), spelled as
  /// `print` spells them, and only changes what is shown, so a quiet script drops its output.
  private static func displayCommand(
    _ name: String, usage: String, summary: String, example: String,
    action: @escaping @Sendable (inout Session, [String]) throws(CommandError) -> String
  ) -> Command {
    Command(
      name: name, usage: usage, summary: summary, example: example, section: "",
      arguments: .any(completion: .printable), quietInScripts: true
    ) { session, words, _ throws(CommandError) in
      try action(&session, words.map(session.canonicalName))
    }
  }

  /// The command list never changes, so it is rendered once.
  static let helpText = renderHelp()

  static func renderHelp() -> String {
    var text = helpHeader.map { $0 + "\n" }.joined()
    for group in groups {
      text += "\n\(group.title)\n" + group.commands.map { renderHelpLine($0) }.joined()
    }
    text += "\n"
    let footer = [
      "'help COMMAND' shows its usage, an example and the article section it belongs to.",
      "';' separates commands on a line, '#' starts a comment; an empty line repeats step/back.",
      "Limits: input up to \(Parse.grouped(Limits.sequenceLength)) values; train up to \(Parse.grouped(Limits.epochs)) epochs; lines up to \(Parse.grouped(Limits.lineLength)) bytes; custom data sets up to \(Limits.customSamples) samples; load files up to 64 MiB; precision 0–17; display up to \(Limits.displays) values.",
    ]
    for paragraph in footer {
      text += TextLayout.wrap(paragraph, width: 79).map { $0 + "\n" }.joined()
    }
    return text
  }

  /// `help COMMAND`. The details are written as hard-wrapped prose; they are reflowed here,
  /// spelled first by `spell` (the notation: ASCII is longer), to end before column `width`,
  /// so that no line wraps at the terminal and leaves a word or two alone on the next line.
  /// A blank line in the details starts a new paragraph.
  static func renderHelp(_ c: Command, width: Int = 80, spell: (String) -> String = { $0 })
    -> String
  {
    var text = "usage: \(c.usage)\n"
    // A sentence that starts a line with the command's own name ("plot loss: …", "export
    // torch FILE …", "'step N' …") begins a paragraph: it is about one form of the command.
    var paragraphs = [c.summary]
    var current: [String] = []
    for raw in c.details.split(separator: "\n", omittingEmptySubsequences: false) {
      let line = raw.trimmingWhitespace()
      let startsForm =
        (line.hasPrefix(c.name + " ") || line.hasPrefix(c.name + ":")
          || line.hasPrefix("'" + c.name)) && (current.last?.hasSuffix(".") ?? true)
      if line.isEmpty || startsForm, !current.isEmpty {
        paragraphs.append(current.joined(separator: " "))
        current = []
      }
      if !line.isEmpty { current.append(line) }
    }
    if !current.isEmpty { paragraphs.append(current.joined(separator: " ")) }
    for paragraph in paragraphs {
      text += TextLayout.wrap(spell(paragraph), width: max(38, width - 3)).map { "  " + $0 + "\n" }
        .joined()
    }
    let values = renderValues(c.arguments.completion)
    if values.count == 1 {
      text += TextLayout.wrap("takes: " + values[0], width: max(38, width - 1)).map { $0 + "\n" }
        .joined()
    } else if !values.isEmpty {
      text += "takes:\n" + values.map { "  \(c.name) \($0)\n" }.joined()
    }
    if !c.aliases.isEmpty { text += "aliases: \(c.aliases.joined(separator: ", "))\n" }
    text += "example: \(c.example)\n"
    if !c.section.isEmpty { text += "article: \(c.section)\n" }
    return text
  }
}

extension Session {
  /// Where the passes stand after `load`, when one is under way.
  func passProgress() -> String {
    if let back = state.backward, !back.isComplete {
      return "BPTT is at step \(back.steps.count) of \(back.count); 'back' continues it\n"
    }
    if let forward = state.forward, !forward.isComplete {
      return "the forward pass is at t = \(forward.t) of \(forward.count); 'step' continues it\n"
    }
    return ""
  }
}
