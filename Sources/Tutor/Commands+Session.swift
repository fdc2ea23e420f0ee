import RNN

extension CommandTable {
  static let sessionCommands: [Command] = [
    Command(
      name: "print", aliases: ["p"], usage: "print NAME",
      summary:
        "print one value in round-trip form: w1 w2 w3 w1.g w2.g w3.g x[t] h[t] a[t] yhat loss y lr",
      example: "print h[2]", section: "", arguments: .printable
    ) { session, args, _ throws(CommandError) in
      let command = lookup("print")!
      guard args.count == 1 else { throw command.usageError("expected one name") }
      let value = try session.value(of: args[0])
      return "\(args[0]) = \(value.description)\n"
    },
    Command(
      name: "display", usage: "display NAME…",
      summary: "show these values after every command (as gdb's display); no NAME lists them",
      example: "display w1.g w2.g", section: "", arguments: .printable, quietInScripts: true
    ) { session, args, _ throws(CommandError) in
      if args.isEmpty {
        return session.state.displays.isEmpty
          ? "nothing is displayed; 'display NAME…' adds values\n"
          : "displayed: \(session.state.displays.joined(separator: " "))\n"
      }
      for name in args {
        try session.validateName(name)
      }
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
    Command(
      name: "undisplay", usage: "undisplay [NAME…]",
      summary: "stop showing the named values (all when no NAME is given)",
      example: "undisplay", section: "", arguments: .printable, quietInScripts: true
    ) { session, args, _ throws(CommandError) in
      for name in args where !session.state.displays.contains(name) {
        throw .other(
          "undisplay: '\(name)' is not displayed; displayed: \(session.state.displays.isEmpty ? "nothing" : session.state.displays.joined(separator: " "))"
        )
      }
      session.state.displays =
        args.isEmpty ? [] : session.state.displays.filter { !args.contains($0) }
      return ""
    },
    Command(
      name: "precision", usage: "precision N",
      summary: "significant digits in tables and equations, 0…17 (0: shortest exact form)",
      details: "print always uses the shortest form that reads back exactly.",
      example: "precision 4", section: "", quietInScripts: true
    ) { session, args, _ throws(CommandError) in
      let command = lookup("precision")!
      guard args.count == 1 else { throw command.usageError("expected one whole number 0…17") }
      let digits = try Parse.count(args[0], "precision", in: Limits.precision)
      session.state.precision = digits
      return "precision = \(digits)\n"
    },
    Command(
      name: "save", usage: "save FILE",
      summary: "write the session state as a minirnn script of state commands",
      example: "save session.minirnn", section: "", arguments: .path, allowedInLessons: false,
      quietInScripts: true
    ) { session, args, _ throws(CommandError) in
      let command = lookup("save")!
      guard args.count == 1 else { throw command.usageError("expected one file name") }
      let text = session.stateScript()
      switch session.files.writeAtomically(args[0], text) {
      case .success: return "saved to \(visible(args[0], keepingLines: false))\n"
      case .failure(let error): throw .file("save: \(visible(error.message, keepingLines: false))")
      }
    },
    Command(
      name: "load", usage: "load FILE",
      summary: "read a file written by save; changes nothing unless the whole file is valid",
      details: """
        Only state commands are accepted: \(StateFile.commandNames.joined(separator: ", ")).
        A file without save's header and end line runs as a hand-written script, with a note.
        """,
      example: "load session.minirnn", section: "", arguments: .path, allowedInLessons: false,
      quietInScripts: true
    ) { session, args, hooks throws(CommandError) in
      let command = lookup("load")!
      guard args.count == 1 else { throw command.usageError("expected one file name") }
      let text: String
      switch session.files.read(args[0], limit: Limits.loadFileSize) {
      case .success(let read): text = read
      case .failure(let error): throw .file("load: \(visible(error.message, keepingLines: false))")
      }
      let (count, note) = try session.loadStateScript(text, file: args[0], hooks: hooks)
      return "loaded \(visible(args[0], keepingLines: false)) (\(count) commands)\n"
        + (note.map { $0 + "\n" } ?? "")
    },
    Command(
      name: "help", aliases: ["h", "?"], usage: "help [COMMAND]",
      summary: "list the commands, or show one command's usage, example and article section",
      example: "help step", section: "", arguments: .commands
    ) { session, args, _ throws(CommandError) in
      guard args.count <= 1 else {
        throw lookup("help")!.usageError("expected at most one command name")
      }
      guard let name = args.first else { return helpText }
      guard let entry = lookup(name) else {
        throw .unknownCommand(name, suggestion: suggestion(for: name))
      }
      return renderHelp(entry)
    },
    Command(
      name: "quit", aliases: ["exit", "q"], usage: "quit",
      summary: "leave minirnn (Ctrl-D does the same)",
      example: "quit", section: "", takesNoArguments: true
    ) { _, args, _ throws(CommandError) in
      return ""
    },
  ]

  /// The command list never changes, so it is rendered once.
  static let helpText = renderHelp()

  static func renderHelp() -> String {
    var text = "minirnn: step through backpropagation through time on the article's MiniRnn.\n"
    for group in groups {
      text += "\n\(group.title)\n"
      for c in group.commands {
        let lines = wrap(c.summary, width: 80 - 26)
        if c.usage.count > 22 {
          text +=
            "  \(c.usage)\n" + lines.map { String(repeating: " ", count: 26) + $0 + "\n" }.joined()
        } else {
          text += "  \(rightPad(c.usage, 22))  \(lines[0])\n"
          text += lines.dropFirst().map { String(repeating: " ", count: 26) + $0 + "\n" }.joined()
        }
      }
    }
    text += "\n"
    let footer = [
      "'help COMMAND' shows its usage, an example and the article section it belongs to.",
      "';' separates commands on a line, '#' starts a comment; an empty line repeats step/back.",
      "Limits: input up to \(Parse.grouped(Limits.sequenceLength)) values; train up to \(Parse.grouped(Limits.epochs)) epochs; lines up to \(Parse.grouped(Limits.lineLength)) bytes; custom data sets up to \(Limits.customSamples) samples; load files up to 64 MiB; precision 0–17; display up to \(Limits.displays) values.",
    ]
    for paragraph in footer {
      text += wrap(paragraph, width: 79).map { $0 + "\n" }.joined()
    }
    return text
  }

  static func renderHelp(_ c: Command) -> String {
    var text = "usage: \(c.usage)\n  \(c.summary)\n"
    if !c.details.isEmpty {
      text += c.details.split(separator: "\n").map { "  " + $0 + "\n" }.joined()
    }
    if !c.aliases.isEmpty { text += "aliases: \(c.aliases.joined(separator: ", "))\n" }
    text += "example: \(c.example)\n"
    if !c.section.isEmpty { text += "article: \(c.section)\n" }
    return text
  }
}

extension Session {
  /// The names `print` and `display` accept, for Tab.
  var printableNames: [String] {
    var names = ["w1", "w2", "w3", "w1.g", "w2.g", "w3.g", "yhat", "loss", "y", "lr"]
    names += (1...min(state.inputs.count, 9)).map { "x[\($0)]" }
    names += (0...min(state.inputs.count, 9)).map { "h[\($0)]" }
    return names
  }

  /// Throws unless `name` is a name `print` understands (its value may not exist yet).
  func validateName(_ name: String) throws(CommandError) {
    do {
      _ = try value(of: name)
    } catch let error {
      if case .notReady = error { return }
      // A save keeps `display x[5]` after the input shrank; it shows again when it grows.
      if case .outOfRange = error, isLoadingState { return }
      throw error
    }
  }

  /// The value `print NAME` shows.
  func value(of name: String) throws(CommandError) -> Double {
    let m = state.model
    switch name {
    case "w1", "w2", "w3": return m.weights[Weight(rawValue: name)!]
    case "w1.g", "w2.g", "w3.g": return m.gradients[Weight(rawValue: String(name.prefix(2)))!]
    case "lr": return state.learningRate
    case "y":
      guard let y = state.target else { throw .notReady("y is not set; 'target Y' sets it") }
      return y
    case "yhat":
      guard let yhat = state.forward?.prediction else {
        throw .notReady("yhat is not computed yet; type 'forward' first")
      }
      return yhat
    case "loss":
      guard let yhat = state.forward?.prediction else {
        throw .notReady("loss is not computed yet; type 'forward' first")
      }
      guard let y = state.target else { throw .notReady("loss needs a target; 'target Y' sets it") }
      return m.loss(prediction: yhat, target: y)
    default: break
    }
    if let (letter, t) = indexed(name) {
      let n = state.inputs.count
      switch letter {
      case "x":
        guard (1...n).contains(t) else {
          throw .outOfRange(name, what: "print", range: "x[1] to x[\(n)]")
        }
        return state.inputs[t - 1]
      case "h", "a":
        let low = letter == "h" ? 0 : 1
        guard (low...n).contains(t) else {
          throw .outOfRange(name, what: "print", range: "\(letter)[\(low)] to \(letter)[\(n)]")
        }
        if letter == "h" && t == 0 { return 0 }
        guard let pass = state.forward, t <= pass.t else {
          throw .notReady(
            "\(name) is not computed yet: the forward pass is at t = \(state.forward?.t ?? 0); type 'step' or 'forward'"
          )
        }
        return letter == "h" ? pass.hidden[t] : pass.steps[t - 1].preactivation
      default: break
      }
    }
    throw .unknownName(
      name, what: "name",
      accepted: [
        "w1", "w2", "w3", "w1.g", "w2.g", "w3.g", "x[t]", "h[t]", "a[t]", "yhat", "loss", "y", "lr",
      ])
  }

  /// `h[3]` → ("h", 3).
  private func indexed(_ name: String) -> (Character, Int)? {
    guard name.count >= 4, let letter = name.first, "xha".contains(letter),
      name.dropFirst().first == "[", name.last == "]"
    else { return nil }
    let digits = name.dropFirst(2).dropLast()
    guard !digits.isEmpty, digits.allSatisfy(\.isASCII), let t = Int(digits), t >= 0 else {
      return nil
    }
    return (letter, t)
  }

  /// The lines shown after every command by `display`.
  func renderDisplays() -> String {
    state.displays.map { name in
      switch Result(catching: { () throws(CommandError) in try value(of: name) }) {
      case .success(let v): "\(name) = \(v.description)\n"
      case .failure(let error): "\(name) = (\(error.description))\n"
      }
    }.joined()
  }
}

/// Splits `text` into lines of at most `width` characters at spaces.
/// "Eq. 3" stays on one line.
func wrap(_ text: String, width: Int) -> [String] {
  var lines: [String] = []
  var line = ""
  for word in text.replacing("Eq. ", with: "Eq.\u{A0}").split(separator: " ") {
    if !line.isEmpty && line.count + 1 + word.count > width {
      lines.append(line)
      line = ""
    }
    line += (line.isEmpty ? "" : " ") + word
  }
  lines.append(line)
  return lines
}
