import Foundation
import LinearAlgebra
import RNN

/// The vector RNN's names for `set`, `print` and `display`, indices from 1: parameters
/// `W_xh[i]`, `W_hh[i,j]`, `b[i]`, `w_y[i]`, `c` (each with `.g`), and per timestep `x[t]`,
/// `a[t][i]`, `h[t][i]`, `yhat[t]`, `y[t]`; `yhat`, `y`, `loss`, `lr`; what BPTT computed,
/// `dL/dh[t][i]`, `dL/da[t][i]`, `dL/dyhat[t]` (also written `h[t][i].g`, …, as `print`
/// reads `∂L/∂…`); W_hh's spectrum, `rho` and `sigma_max`. A whole vector or matrix (`W_hh`,
/// `h[2]`, `W_hh.g`) names each of its entries.
enum VectorName: Equatable {
  case parameter(VectorParameter, gradient: Bool)
  /// A whole parameter vector or matrix (`W_hh`), or its gradient.
  case block(VectorBlock, gradient: Bool)
  case input(Int)
  case preactivation(t: Int, unit: Int?)
  case hidden(t: Int, unit: Int?)
  case output(Int?)
  case target(Int?)
  case loss
  case learningRate
  /// ∂L/∂h_t, ∂L/∂a_t (one unit each) and ∂L/∂ŷ_t, read from the backward pass's records.
  case hiddenGradient(t: Int, unit: Int)
  case preactivationGradient(t: Int, unit: Int)
  case outputGradient(Int)
  /// W_hh's spectral radius ρ and largest singular value σ_max, as `spectrum` shows them.
  case spectralRadius
  case largestSingularValue

  /// Parses a name as the screens write it.
  static func parse(_ name: String) -> VectorName? {
    var base = name
    var gradient = false
    if base.hasSuffix(".g") {
      base.removeLast(2)
      gradient = true
    }
    if let block = VectorBlock(rawValue: base) { return .block(block, gradient: gradient) }
    if base == "c" { return .parameter(.c, gradient: gradient) }
    let (stem, indices) = splitIndices(base)
    guard let indices else { return nil }
    if let block = VectorBlock(rawValue: stem) {
      switch (block, indices.count) {
      case (.wxh, 1): return .parameter(.wxh(indices[0] - 1), gradient: gradient)
      case (.b, 1): return .parameter(.b(indices[0] - 1), gradient: gradient)
      case (.wy, 1): return .parameter(.wy(indices[0] - 1), gradient: gradient)
      case (.whh, 2): return .parameter(.whh(indices[0] - 1, indices[1] - 1), gradient: gradient)
      default: return nil
      }
    }
    if gradient {
      switch (stem, indices.count) {
      case ("h", 2): return .hiddenGradient(t: indices[0], unit: indices[1])
      case ("a", 2): return .preactivationGradient(t: indices[0], unit: indices[1])
      case ("yhat", 1): return .outputGradient(indices[0])
      default: return nil
      }
    }
    switch (stem, indices.count) {
    case ("x", 1): return .input(indices[0])
    case ("a", 1): return .preactivation(t: indices[0], unit: nil)
    case ("a", 2): return .preactivation(t: indices[0], unit: indices[1])
    case ("h", 1): return .hidden(t: indices[0], unit: nil)
    case ("h", 2): return .hidden(t: indices[0], unit: indices[1])
    case ("yhat", 1): return .output(indices[0])
    case ("y", 1): return .target(indices[0])
    default: return nil
    }
  }

  /// `h[2][1]` → ("h", [2, 1]); `W_hh[1,2]` → ("W_hh", [1, 2]); a name without brackets →
  /// (name, []); nil indices for a malformed or out-of-bounds index.
  static func splitIndices(_ text: String) -> (String, [Int]?) {
    guard let open = text.firstIndex(of: "[") else { return (text, nil) }
    let stem = String(text[..<open])
    var indices: [Int] = []
    var rest = text[open...]
    while rest.first == "[" {
      guard let close = rest.firstIndex(of: "]") else { return (stem, nil) }
      for part in rest[rest.index(after: rest.startIndex)..<close].split(
        separator: ",", omittingEmptySubsequences: false)
      {
        guard part.count <= Parse.indexDigits, let i = Int(part), i >= 1 else {
          return (stem, nil)
        }
        indices.append(i)
      }
      rest = rest[rest.index(after: close)...]
    }
    return rest.isEmpty ? (stem, indices) : (stem, nil)
  }
}

/// The four parameter blocks `set` and `print` take whole.
enum VectorBlock: String, CaseIterable {
  case wxh = "W_xh"
  case whh = "W_hh"
  case b = "b"
  case wy = "w_y"

  /// Its entries for hidden size K, in row order.
  func entries(size k: Int) -> [VectorParameter] {
    switch self {
    case .wxh: (0..<k).map { .wxh($0) }
    case .whh: (0..<k).flatMap { i in (0..<k).map { .whh(i, $0) } }
    case .b: (0..<k).map { .b($0) }
    case .wy: (0..<k).map { .wy($0) }
    }
  }
}

extension VectorState {
  /// Every name `print` takes now, for Tab: each parameter and gradient, the blocks, the
  /// values per timestep the passes have computed.
  func printableNames(inputs: [Double], targets: [Double]?) -> [String] {
    var names = VectorBlock.allCases.flatMap { [$0.rawValue, $0.rawValue + ".g"] }
    names += model.weights.names.flatMap { [$0.name, $0.name + ".g"] }
    names += inputs.indices.prefix(12).map { "x[\($0 + 1)]" }
    if let f = forward {
      for s in f.steps.prefix(12) {
        names += ["a[\(s.t)]", "h[\(s.t)]", "yhat[\(s.t)]"]
      }
      if f.isComplete { names += ["yhat", "loss"] }
    }
    if let ys = targets { names += ys.indices.prefix(12).map { "y[\($0 + 1)]" } }
    return names + ["y", "lr"]
  }

  /// The entries a whole vector or matrix names (`h[2]` → `h[2][1]` … `h[2][K]`), or nil
  /// for a single value.
  func entries(of name: String) -> [String]? {
    let k = size
    switch VectorName.parseSimple(name) {
    case .block(let block, let gradient)?:
      return block.entries(size: k).map { $0.name + (gradient ? ".g" : "") }
    case .preactivation(let t, nil)?: return (1...k).map { "a[\(t)][\($0)]" }
    case .hidden(let t, nil)?: return (1...k).map { "h[\(t)][\($0)]" }
    default: return nil
    }
  }

  /// The value `print NAME` shows.
  func value(of name: String, in session: Session) throws(CommandError) -> Double {
    let state = session.state
    let k = size
    guard let parsed = VectorName.parseSimple(name) else {
      throw Session.unknownPrintName(
        name, indexedLetters: "xahy",
        accepted: [
          "W_xh[i]", "W_hh[i,j]", "b[i]", "w_y[i]", "c",
          "x[t]", "a[t][i]", "h[t][i]", "yhat[t]", "y[t]", "yhat", "y", "loss", "lr",
          "dL/dh[t][i]", "dL/da[t][i]", "dL/dyhat[t]", "rho", "sigma_max",
        ])
    }
    func unit(_ i: Int) throws(CommandError) -> Int {
      guard (1...k).contains(i) else {
        throw .outOfRange(String(i), what: "unit in \(name)", range: "1 to \(k) (K = \(k))")
      }
      return i - 1
    }
    func step(_ t: Int) throws(CommandError) -> VectorForwardStep {
      let n = state.inputs.count
      guard (1...n).contains(t) else {
        throw .outOfRange(String(t), what: "timestep in \(name)", range: "1 to \(n) (n = \(n))")
      }
      guard let f = forward, f.t >= t else {
        throw .notReady(
          "\(name): the forward pass has not reached t = \(t); 'step' or 'forward' computes it")
      }
      return f.steps[t - 1]
    }
    switch parsed {
    case .parameter(let p, let gradient):
      guard p.fits(size: k) else {
        throw .outOfRange(name, what: "parameter", range: "indices 1 to \(k) (K = \(k))")
      }
      return gradient ? model.gradients[p] : model.weights[p]
    case .block(let block, _):
      throw .notReady(
        "\(name) is \(block == .whh ? "a matrix" : "a vector"); 'print \(name)' lists its entries, or name one: \(block.entries(size: k)[0].name)"
      )
    case .input(let t):
      let n = state.inputs.count
      guard (1...n).contains(t) else {
        throw .outOfRange(String(t), what: "timestep in \(name)", range: "1 to \(n) (n = \(n))")
      }
      return state.inputs[t - 1]
    case .preactivation(let t, let i?): return try step(t).a[unit(i)]
    case .hidden(let t, let i?): return try step(t).h[unit(i)]
    case .preactivation(_, nil), .hidden(_, nil):
      // `print` lists a whole vector entry by entry; a lesson's formula may still name one.
      throw .notReady("\(name) is a vector; name one of its units: \(name)[1]")
    case .output(let t?): return try step(t).output
    case .output(nil):
      guard let f = forward, let yhat = f.prediction else {
        throw .notReady("yhat: the forward pass is not complete; 'forward' finishes it")
      }
      return yhat
    case .target(let t?):
      guard let ys = state.targets else {
        throw .notReady(
          "\(name): no target per step; 'target' with \(state.inputs.count) values, or 'data echo' or 'data next', sets them"
        )
      }
      guard (1...ys.count).contains(t) else {
        throw .outOfRange(String(t), what: "timestep in \(name)", range: "1 to \(ys.count)")
      }
      return ys[t - 1]
    case .target(nil):
      guard let y = state.target else { throw .noTarget(command: "print y") }
      return y
    case .loss:
      guard let f = forward, f.isComplete else {
        throw .notReady("loss: the forward pass is not complete; 'forward' finishes it")
      }
      return try model.loss.loss(outputs: f.outputs, targets: targets(in: state).get())
    case .learningRate: return learningRate
    case .hiddenGradient(let t, let i):
      let u = try unit(i)
      return try gradientRecord(name, t: t, in: state) { dh, _ in dh[u] }
    case .preactivationGradient(let t, let i):
      let u = try unit(i)
      return try gradientRecord(name, t: t, in: state) { _, da throws(CommandError) in
        guard let da else {
          throw .notReady("\(name) is not computed yet: BPTT has not reached t = \(t); type 'back'")
        }
        return da[u]
      }
    case .outputGradient(let t):
      let n = state.inputs.count
      guard (1...n).contains(t) else {
        throw .outOfRange(String(t), what: "timestep in \(name)", range: "1 to \(n) (n = \(n))")
      }
      for record in backward?.steps ?? [] {
        switch record {
        case .output(let o) where o.t == t: return o.lossGradient
        case .timestep(let s) where s.t == t: if let o = s.output { return o.lossGradient }
        default: continue
        }
      }
      // Before BPTT reaches ŷ_t, its gradient is already fixed by the forward pass and the
      // targets (the mean's 1/n needs the whole pass).
      guard let f = forward, f.isComplete else {
        throw .notReady("\(name): the forward pass is not complete; 'forward' finishes it")
      }
      let ys = try targets(in: state).get()
      return model.loss.outputGradient(
        t: t, n: n, prediction: f.steps[t - 1].output,
        target: model.loss.readsEveryStep ? ys[t - 1] : ys[ys.count - 1])
    case .spectralRadius, .largestSingularValue:
      let w = Matrix(model.weights.recurrentRows)
      let value =
        parsed == .spectralRadius
        ? Spectrum.spectralRadius(of: w) : Spectrum.singularValues(of: w)?.first
      guard let value else {
        throw .notReady("\(name): W_hh has an entry that is not finite; 'set W_hh …' first")
      }
      return value
    }
  }

  /// ∂L/∂h_t and ∂L/∂a_t as BPTT has them so far: from timestep t's record once it is done;
  /// before that, ∂L/∂h_n from the output step, and ∂L/∂h_t (t < n) once step t+1 has sent
  /// its road back: that road, plus ŷ_t's own road w_y·∂L/∂ŷ_t under a loss at every step,
  /// added as the pass adds them. `read` gets ∂L/∂h_t and ∂L/∂a_t (nil before step t).
  private func gradientRecord(
    _ name: String, t: Int, in state: SessionState,
    _ read: ([Double], [Double]?) throws(CommandError) -> Double
  ) throws(CommandError) -> Double {
    let n = state.inputs.count
    guard (1...n).contains(t) else {
      throw .outOfRange(String(t), what: "timestep in \(name)", range: "1 to \(n) (n = \(n))")
    }
    guard let pass = backward else {
      throw .notReady("\(name) is not computed yet: type 'back' to start BPTT")
    }
    var road: [Double]?
    for record in pass.steps {
      switch record {
      case .output(let o) where o.t == t: road = o.dh
      case .timestep(let s) where s.t == t: return try read(s.dh, s.da)
      case .timestep(let s) where s.t == t + 1:
        guard pass.loss.readsEveryStep else {
          road = s.dhPrevious
          continue
        }
        let f = pass.forward
        let g = pass.loss.outputGradient(
          t: t, n: n, prediction: f.steps[t - 1].output, target: pass.target(t))
        road = s.dhPrevious.indices.map { f.weights.wy[$0] * g + s.dhPrevious[$0] }
      default: continue
      }
    }
    guard let road else {
      throw .notReady("\(name) is not computed yet: BPTT has not reached t = \(t); type 'back'")
    }
    return try read(road, nil)
  }
}

extension VectorName {
  /// `loss` and `lr` have no brackets; `yhat` and `y` alone mean ŷₙ and y.
  static func parseSimple(_ name: String) -> VectorName? {
    switch name {
    case "loss": .loss
    case "lr": .learningRate
    case "yhat": .output(nil)
    case "y": .target(nil)
    case "rho": .spectralRadius
    case "sigma_max": .largestSingularValue
    // A lesson writes ∂L/∂h₂'s first unit `dL/dh[2][1]`; `print` reads it as `h[2][1].g`.
    case _ where name.hasPrefix("dL/d"): parse(String(name.dropFirst(4)) + ".g")
    default: parse(name)
    }
  }
}

extension Session {
  /// `set NAME VALUE`, `set BLOCK V…` (rows of W_hh separated by `/`), `set W_hh identity R`,
  /// `set W_hh rotation ANGLE R`, `set W_hh orthogonal R`, `set lr VALUE`, and `.g` forms.
  mutating func setVector(_ args: [String]) throws(CommandError) -> String {
    let name = canonicalName(args[0])
    var m = state.activeVector
    let k = m.size
    let values = Array(args.dropFirst())
    if name == "lr" {
      guard values.count == 1 else { throw .badArguments(.expected("one learning rate")) }
      m.learningRate = try Parse.learningRate(values[0], "set lr")
      state.activeVector = m
      return "lr = \(plainNumber(m.learningRate))\n"
    }
    let accepted =
      VectorBlock.allCases.map(\.rawValue) + ["W_xh[i]", "W_hh[i,j]", "b[i]", "w_y[i]", "c", "lr"]
    guard let parsed = VectorName.parse(name) else {
      throw .unknownName(name, what: "name for set", accepted: accepted)
    }
    var entries: [(VectorParameter, Double)] = []
    let gradient: Bool
    switch parsed {
    case .parameter(let p, let g):
      guard p.fits(size: k) else {
        throw .outOfRange(name, what: "parameter", range: "indices 1 to \(k) (K = \(k))")
      }
      guard values.count == 1 else {
        throw .badArguments(.expected("one value for \(name)"))
      }
      entries = [(p, try Parse.number(values[0], "set \(name)", nonFinite: isLoadingState))]
      gradient = g
    case .block(let block, let g):
      gradient = g
      if block == .whh, !g, let word = values.first, Double(word) == nil,
        let start = try namedStart(word, Array(values.dropFirst()), size: k)
      {
        entries = zip(block.entries(size: k), start).map { ($0, $1) }
      } else {
        entries = try blockValues(block, name: name, values, size: k)
      }
    default:
      throw .unknownName(name, what: "name for set (a parameter)", accepted: accepted)
    }
    for (p, v) in entries {
      if gradient { m.model.gradients[p] = v } else { m.model.weights[p] = v }
    }
    let cleared = !gradient && m.forward != nil
    if !gradient { m.clearPasses() }
    state.activeVector = m
    var text = ""
    if case .block(let block, _) = parsed {
      text = renderBlock(block, gradient: gradient, of: m)
    } else {
      text = "\(name) = \(plainNumber(entries[0].1))\n"
    }
    if !gradient && m.backward == nil
      && entries.contains(where: { if case .whh = $0.0 { true } else { false } })
    {
      text += "('spectrum' shows W_hh's eigenvalues and singular values)\n"
    }
    return text
      + (cleared ? "(forward and backward states cleared: they used the old parameters)\n" : "")
  }

  /// The values of a whole block: K numbers for a vector; K rows of K for W_hh, rows
  /// separated by `/` (`;` separates commands).
  private func blockValues(_ block: VectorBlock, name: String, _ words: [String], size k: Int)
    throws(CommandError) -> [(VectorParameter, Double)]
  {
    let targets = block.entries(size: k)
    let numbers = words.filter { $0 != "/" }
    if block == .whh {
      let rows = words.split(separator: "/", omittingEmptySubsequences: false)
      let shaped = rows.count == k && rows.allSatisfy { $0.count == k }
      let flat = rows.count == 1 && numbers.count == k * k
      guard shaped || flat else {
        throw .badArguments(
          .expected(
            "\(k) rows of \(k) numbers for W_hh, rows separated by '/' (e.g. 'set W_hh \(exampleRows(k))'), or 'identity R', 'rotation ANGLE R', 'orthogonal R'"
          ))
      }
    } else {
      guard numbers.count == k, !words.contains("/") else {
        throw .badArguments(.expected("\(k) numbers for \(name) (K = \(k))"))
      }
    }
    var out: [(VectorParameter, Double)] = []
    for (p, word) in zip(targets, numbers) {
      out.append((p, try Parse.number(word, "set \(p.name)", nonFinite: isLoadingState)))
    }
    return out
  }

  private func exampleRows(_ k: Int) -> String {
    (0..<k).map { i in (0..<k).map { $0 == i ? "0.9" : "0" }.joined(separator: " ") }
      .joined(separator: " / ")
  }

  /// W_hh from a named start, row by row: `identity R` (R·I), `rotation ANGLE R` (R times
  /// rotations by ANGLE radians in the planes of units 1–2, 3–4, …), `orthogonal R` (R times a
  /// random orthogonal matrix, from the session's generator). Nil when `word` names none.
  private mutating func namedStart(_ word: String, _ rest: [String], size k: Int)
    throws(CommandError) -> [Double]?
  {
    func scale(_ i: Int, _ what: String) throws(CommandError) -> Double {
      guard rest.count == i + 1 else {
        throw .badArguments(.expected(what))
      }
      return try Parse.number(rest[i], "set W_hh \(word)")
    }
    switch word {
    case "identity":
      let r = try scale(0, "one scale R: 'set W_hh identity 0.9'")
      return (0..<k).flatMap { i in (0..<k).map { $0 == i ? r : 0 } }
    case "rotation":
      guard rest.count == 2 else {
        throw .badArguments(
          .expected("an angle in radians and a scale: 'set W_hh rotation 0.5 0.9'"))
      }
      let angle = try Parse.number(rest[0], "set W_hh rotation")
      let r = try Parse.number(rest[1], "set W_hh rotation")
      return Spectrum.rotation(angle: angle, scale: r, n: k).values
    case "orthogonal":
      let r = try scale(0, "one scale R: 'set W_hh orthogonal 1'")
      var generator = state.generator
      let gaussian = (0..<(k * k)).map { _ in generator.nextGaussian() }
      state.generator = generator
      return Spectrum.orthogonal(n: k, gaussian: gaussian).values.map { $0 * r }
    default:
      throw .unknownName(
        word, what: "start for W_hh",
        accepted: ["identity R", "rotation ANGLE R", "orthogonal R", "K×K numbers"])
    }
  }

  /// A parameter block as `set` echoes it: a vector on one line, W_hh row by row.
  func renderBlock(_ block: VectorBlock, gradient: Bool, of m: VectorState) -> String {
    let w = gradient ? m.model.gradients : m.model.weights
    let name = block.rawValue + (gradient ? ".g" : "")
    let entries = block.entries(size: m.size).map { w[$0] }
    if block != .whh {
      return "\(name) = (" + entries.map(plainNumber).joined(separator: ", ") + ")\n"
    }
    let rows = (0..<m.size).map { i in
      entries[i * m.size..<(i + 1) * m.size].map(plainNumber)
    }
    return "\(name) =\n" + matrixLines(rows, indent: "  ").joined(separator: "\n") + "\n"
  }
}

/// Rows of numbers as a bracketed matrix, columns right-aligned.
func matrixLines(_ rows: [[String]], indent: String = "", gap: Int = 2) -> [String] {
  guard let first = rows.first else { return [] }
  let widths = first.indices.map { j in rows.map { TextLayout.columns($0[j][...]) }.max() ?? 0 }
  return rows.map { row in
    indent + "["
      + row.enumerated().map { j, cell in
        String(repeating: " ", count: widths[j] - TextLayout.columns(cell[...])) + cell
      }.joined(separator: String(repeating: " ", count: gap)) + "]"
  }
}

extension SplitMix64 {
  /// A standard normal draw by Box–Muller from two uniform draws (for random orthogonal
  /// starts, as `torch.nn.init.orthogonal_` draws a normal matrix first).
  mutating func nextGaussian() -> Double {
    let u1 = 1 - nextUnit()  // in (0, 1]
    let u2 = nextUnit()
    return (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2)
  }
}
