import RNN

/// The vector RNN's equations by name, for `eq NAME`.
enum VectorEquationName: String, CaseIterable {
  case preactivation = "a"
  case hidden = "h"
  case output = "yhat"
  case loss
  case outputgrad
  case hiddengrad
  case jacobian
  case terms

  /// What `eq list` says of each.
  var summary: String {
    switch self {
    case .preactivation: "aₜ = W_xh·xₜ + W_hh·hₜ₋₁ + b, unit by unit"
    case .hidden: "hₜ = φ(aₜ)"
    case .output: "ŷₜ = w_y·hₜ + c"
    case .loss: "L, on ŷₙ (Eq. 1) or on every ŷₜ"
    case .outputgrad: "∂L/∂ŷₜ and the road w_y·∂L/∂ŷₜ into hₜ"
    case .hiddengrad: "∂L/∂hₜ = w_y·∂L/∂ŷₜ + W_hhᵀ·∂L/∂aₜ₊₁: the two roads"
    case .jacobian: "Jₜ = ∂hₜ/∂hₜ₋₁ = diag(φ′(aₜ))·W_hh, and ∂L/∂hₜ₋₁ = Jₜᵀ·∂L/∂hₜ"
    case .terms: "each parameter's term at t: ∂L/∂aₜ·xₜ, ∂L/∂aₜ·hₜ₋₁ᵀ, ∂L/∂aₜ"
    }
  }

  static let words = allCases.map(\.rawValue) + ["list"]
}

extension CommandTable {
  /// The vector RNN's `eq` and `derive`.
  static let vectorEquationCommands: [Command] = [
    Command(
      name: "eq", usage: "eq a|h|yhat|loss|outputgrad|hiddengrad|jacobian|terms|list",
      summary: "one of the vector RNN's equations, unit by unit, with the session's numbers",
      details: """
        Each shows the equation in symbols, then unit 1's line with the numbers of the last
        step or BPTT step that computed it ('print' lists every unit).
        """,
      example: "eq hiddengrad", section: "Eq. 1–3, §2.5",
      arguments: .exactly(
        1, "one of \(VectorEquationName.words.joined(separator: ", "))",
        completion: .words(VectorEquationName.words))
    ) { session, args, _ throws(CommandError) in
      if args[0] == "list" {
        return session.notation.text(
          VectorEquationName.allCases.map {
            "  \(TextLayout.rightPad($0.rawValue, 11)) \($0.summary)\n"
          }.joined())
      }
      guard let name = VectorEquationName(rawValue: args[0]) else {
        throw .unknownName(args[0], what: "equation", accepted: VectorEquationName.words)
      }
      return try session.renderVectorEquation(name)
    },
    Command(
      name: "derive", usage: "derive NAME",
      summary: "the chain rule for one parameter: every timestep's factors, term and running sum",
      details: """
        NAME is one entry: W_xh[i], W_hh[i,j], b[i], w_y[i] or c. Works on a copy from zero
        gradients, so the last line is what 'print NAME.g' shows after 'zero' and
        'backward', however many passes the session has accumulated.
        """,
      example: "derive W_hh[1,2]", section: "§2.6", arguments: .exactly(1, "one parameter")
    ) { session, args, _ throws(CommandError) in
      try session.renderVectorDerivation(session.canonicalName(args[0]))
    },
  ]
}

extension Session {
  /// `eq NAME` for the vector RNN: the symbols, then unit 1 with the last numbers.
  func renderVectorEquation(_ name: VectorEquationName) throws(CommandError) -> String {
    let n = notation
    let m = state.activeVector
    var text = n.text(name.summary) + "\n"
    let forwardNeeded = [VectorEquationName.preactivation, .hidden, .output, .loss]
    if forwardNeeded.contains(name) {
      guard let pass = m.forward, let r = pass.steps.last else {
        return text + "(no step yet: 'step' computes t = 1)\n"
      }
      let t = r.t
      let w = pass.weights
      switch name {
      case .preactivation:
        var line =
          "  \(n.a(t))[1] = W_xh[1]·\(n.x(t)) + ∑ⱼ W_hh[1,j]·\(n.h(t - 1))[j] + b[1] = \(n.value(w.wxh[0]))·\(n.value(r.x, parenthesized: true))"
        for j in 0..<min(m.size, vectorUnitsShown) {
          line +=
            " + \(n.value(w.recurrent(0, j), parenthesized: true))·\(n.value(r.hPrevious[j], parenthesized: true))"
        }
        if m.size > vectorUnitsShown { line += " + …" }
        text += layoutEquation(
          line.dropFirst(2) + " + \(n.value(w.b[0], parenthesized: true)) = \(n.value(r.a[0]))")
      case .hidden:
        text += layoutEquation(
          "\(n.h(t))[1] = \(m.model.activation.symbol)(\(n.a(t))[1]) = \(m.model.activation.symbol)(\(n.value(r.a[0]))) = \(n.value(r.h[0]))"
        )
      case .output:
        text += layoutEquation(
          "\(n.yhat)\(n.sub(t)) = w_y·\(n.h(t)) + c = \(rowVector(w.wy))·\(rowVector(r.h)) + \(n.value(w.c, parenthesized: true)) = \(n.value(r.output))"
        )
      default:
        guard pass.isComplete else {
          return text
            + "(the forward pass is at t = \(pass.t) of \(pass.count); 'forward' ends it)\n"
        }
        let ys = try m.targets(in: state).get()
        text += lossLine(pass, targets: ys, loss: m.model.loss)
      }
      return text
    }
    guard let back = m.backward, let last = back.steps.last else {
      return text + "(no BPTT step yet: 'back' takes the first)\n"
    }
    switch (name, last) {
    case (.outputgrad, _):
      let o: VectorOutputStep? =
        if case .timestep(let r) = last, let o = r.output { o } else { back.output }
      guard let o else { return text }
      text += layoutEquation(
        "\(n.dL(n.yhat + n.sub(o.t))) = \(n.value(o.lossGradient));  w_y·\(n.dL(n.yhat + n.sub(o.t))) = \(rowVector(o.dh))"
      )
    case (_, .output):
      return text + "(BPTT is at the output step; 'back' takes timestep \(back.length))\n"
    case (.hiddengrad, .timestep(let r)):
      text += layoutEquation(
        "\(n.dL(n.h(r.t))) = \(rowVector(r.fromOutput)) + \(rowVector(r.fromNext)) = \(rowVector(r.dh))"
      )
    case (.jacobian, .timestep(let r)):
      let k = m.size
      let w = back.forward.weights
      let rows = (0..<k).map { i in (0..<k).map { j in r.forward.derivative[i] * w.recurrent(i, j) }
      }
      text += layoutBlocks(
        [TextBlock("  J\(n.sub(r.t)) = "), matrixBlock(rows)], indent: "")
      text += layoutEquation(
        "\(n.dL(n.h(r.t - 1))) = J\(n.sub(r.t))ᵀ·\(n.dL(n.h(r.t))) = \(rowVector(r.dhPrevious))")
    case (.terms, .timestep(let r)):
      text += layoutEquation(
        "W_xh term = \(n.dL(n.a(r.t)))·\(n.x(r.t)) = \(rowVector(r.da))·\(n.value(r.forward.x, parenthesized: true)) = \(rowVector(r.wxhTerm))"
      )
      text += layoutEquation(
        "W_hh[1,·] term = \(n.dL(n.a(r.t)))[1]·\(n.h(r.t - 1))ᵀ = \(rowVector(Array(r.whhTerm.prefix(m.size))))"
      )
      text += layoutEquation("b term = \(n.dL(n.a(r.t))) = \(rowVector(r.da))")
    default: break
    }
    return n.text(text)
  }

  /// `derive NAME` for the vector RNN: BPTT from zero gradients, every term of one entry.
  func renderVectorDerivation(_ name: String) throws(CommandError) -> String {
    let n = notation
    let m = state.activeVector
    guard case .parameter(let p, false)? = VectorName.parse(name), p.fits(size: m.size) else {
      throw .unknownName(
        name, what: "parameter to derive",
        accepted: ["W_xh[i]", "W_hh[i,j]", "b[i]", "w_y[i]", "c", "(i, j from 1 to \(m.size))"])
    }
    guard let forward = m.forward, forward.isComplete else {
      throw .notReady("derive: the forward pass is not complete; type 'forward' first")
    }
    let ys = try m.targets(in: state).get()
    var gradients = m.model.weights.zeroed
    var back = m.model.startBackward(forward, targets: ys)
    back.run(accumulatingInto: &gradients)
    var terms: [(t: Int, text: String, value: Double)] = []
    func outputTerm(_ o: VectorOutputStep) {
      switch p {
      case .wy(let i):
        terms.append(
          (
            o.t,
            "\(n.h(o.t))[\(i + 1)]·\(n.dL(n.yhat + n.sub(o.t))) = \(n.value(o.h[i], parenthesized: true))·\(n.value(o.lossGradient, parenthesized: true))",
            o.wyTerm[i]
          ))
      case .c:
        terms.append((o.t, "\(n.dL(n.yhat + n.sub(o.t)))", o.cTerm))
      default: break
      }
    }
    if let o = back.output { outputTerm(o) }
    for r in back.timesteps {
      if let o = r.output { outputTerm(o) }
      let t = r.t
      let da = n.dL(n.a(t))
      switch p {
      case .wxh(let i):
        terms.append(
          (
            t,
            "\(da)[\(i + 1)]·\(n.x(t)) = \(n.value(r.da[i], parenthesized: true))·\(n.value(r.forward.x, parenthesized: true))",
            r.wxhTerm[i]
          ))
      case .whh(let i, let j):
        terms.append(
          (
            t,
            "\(da)[\(i + 1)]·\(n.h(t - 1))[\(j + 1)] = \(n.value(r.da[i], parenthesized: true))·\(n.value(r.forward.hPrevious[j], parenthesized: true))",
            r.whhTerm[i * m.size + j]
          ))
      case .b(let i):
        terms.append((t, "\(da)[\(i + 1)]", r.da[i]))
      default: break
      }
    }
    var text = n.styled("\(n.dL(p.name)): the chain rule, from zero gradients", .heading) + "\n"
    switch p {
    case .wxh, .whh, .b:
      text += n.text(
        "each timestep t adds ∂L/∂aₜ[i] times ∂aₜ[i]/∂\(p.name); ∂L/∂aₜ = ∂L/∂hₜ ⊙ φ′(aₜ)\n")
    default:
      text += n.text(
        "each output ŷₜ the loss reads adds its term (\(m.model.loss.readsEveryStep ? "every t" : "t = n only"))\n"
      )
    }
    let shown = terms.count <= 8 ? terms : Array(terms.prefix(4)) + Array(terms.suffix(4))
    for (k, term) in shown.enumerated() {
      if terms.count > 8 && k == 4 { text += n.text(elidedLine(terms.count - 8) + "\n") }
      text += layoutEquation("t=\(term.t): \(term.text) = \(n.value(term.value))", indent: "  ")
    }
    text += layoutEquation(
      "\(p.name).g = "
        + renderLongSum(terms.map(\.value), sum: gradients[p], elide: traits.isInteractive),
      indent: "")
    text +=
      "(BPTT order, t = \(forward.count) first; the same sum 'zero; backward' leaves in \(p.name).g)\n"
    return n.text(text)
  }
}
