import RNN

/// The sessions a formula is graded in: the learner's session where the question stands, and
/// copies of it with every free quantity moved (the weights and biases, the inputs, the
/// target), each with its passes recomputed by the model.
///
/// Two formulas are the same formula when they agree in all of them: `w3*(yhat - y)` and
/// `(ŷ − y)·w₃` for ∂L/∂h₃ do, while `w3*(yhat-y) + h[1] - 0.5`, which agrees only because
/// h₁ happens to be 0.5, does not once w₁ or x₁ moves. The perturbed copies are built through
/// the commands the learner would type (`set`, `input`, `target`, then `forward` and
/// `backward`), so every derived number (h_t, ŷ, L, the gradients) is the engine's own, ReLU's
/// kinks included wherever the moved numbers put them. The moves are drawn from a fixed seed,
/// so the same answer always gets the same verdict.
struct PerturbedSessions {
  /// One session to compare in, and what was moved to get it (nothing for the live one).
  struct Point {
    let session: Session
    let changes: [(quantity: LessonQuantity, value: Double)]
  }

  /// The learner's session (with any pass the formula needs completed) first, then the
  /// perturbed copies.
  let points: [Point]

  /// How many perturbed copies: eight independent moves of every free quantity.
  static let count = 8
  static let seed: UInt64 = 0x6D69_6E69_726E_6E21

  /// Agreement up to rounding, not to three digits: two forms of one formula differ only in
  /// the order of their floating-point operations, a few units in the last place of the
  /// largest term (1e-9 of the value leaves room for products of thirty factors, as
  /// lesson 08's are). The absolute floor, 1e-12, covers a value that cancels to nearly 0 at
  /// one point (h₂ = 5e-11 as 0.65 − 0.65 in lesson 05): there the rounding of the terms is
  /// all that is left. A formula that differs by a real term differs by far more somewhere.
  static let relativeTolerance = 1e-9
  static let absoluteTolerance = 1e-12

  static func agree(_ a: Double, _ b: Double) -> Bool {
    if a == b { return true }
    guard a.isFinite, b.isFinite else { return false }
    return abs(a - b) <= relativeTolerance * max(abs(a), abs(b)) + absoluteTolerance
  }

  /// `live` and `count` copies of it; `backward` asks for BPTT in each (for the formulas
  /// that name its numbers).
  init(around live: Session, backward: Bool, count: Int = Self.count) {
    var first = LessonPlayer(state: live.state)
    first.completePasses(backward: backward)
    var points = [Point(session: first.session, changes: [])]
    var random = SplitMix64(seed: Self.seed)
    for _ in 0..<count {
      points.append(Self.perturbed(live, backward: backward, random: &random))
    }
    self.points = points
  }

  /// A copy of `live` with each free quantity v moved to v + u·(|v|/4 + 0.1), u uniform in
  /// [−1, 1]: a quarter of its size, and a tenth for the zeros, so an input of 0 moves too.
  private static func perturbed(_ live: Session, backward: Bool, random: inout SplitMix64)
    -> Point
  {
    func moved(_ v: Double) -> Double {
      let u = Double(random.next() >> 11) * 0x1p-53 * 2 - 1
      return v + u * (abs(v) / 4 + 0.1)
    }
    var player = LessonPlayer(state: live.state)
    var changes: [(LessonQuantity, Double)] = []
    func run(_ command: String) -> Bool { !player.run(command).hasPrefix("error:") }
    let state = live.state
    // What the gradients held before this backward pass: the perturbed pass adds to it.
    let earlier = state.active.gradientsBeforeBackward
    let parameters = state.active.parameters.map(\.name)
    for name in parameters {
      guard let v = try? live.value(of: name) else { continue }
      let new = moved(v)
      if run("set \(name) \(new)"), let q = LessonQuantity(name) { changes.append((q, new)) }
    }
    if !state.inputs.isEmpty {
      let inputs = state.inputs.map(moved)
      if run("input " + inputs.map { "\($0)" }.joined(separator: " ")) {
        for (t, x) in inputs.enumerated() { changes.append((.printable("x[\(t + 1)]"), x)) }
      }
    }
    if let y = state.target {
      let new = moved(y)
      if run("target \(new)") { changes.append((.printable("y"), new)) }
    }
    for (name, g) in earlier { _ = run("set \(name).g \(g)") }
    let forwardRan = state.active.forwardProgress != nil
    let backwardRan = state.active.backwardProgress != nil
    if forwardRan || backward { _ = run("forward") }
    if backwardRan || backward { _ = run("backward") }
    return Point(session: player.session, changes: changes)
  }

  /// How `formula` compares with `expected` at every point where `expected` has a value.
  func compare(
    _ formula: LessonExpression, with expected: (Session) throws(CommandError) -> Double
  ) -> Comparison {
    var comparison = Comparison()
    for (i, point) in points.enumerated() {
      guard let want = try? expected(point.session), want.isFinite else { continue }
      let given = try? formula.value(in: point.session)
      let same = given.map { Self.agree($0, want) } ?? false
      if i == 0 {
        comparison.agreesLive = same
        comparison.live = (given, want)
      } else if !same, comparison.mismatch == nil {
        comparison.mismatch = (point, given, want)
      }
      comparison.points += 1
    }
    return comparison
  }

  /// What `compare` found.
  struct Comparison {
    var agreesLive = false
    var live: (given: Double?, expected: Double)? = nil
    /// The first perturbed point where the two differ.
    var mismatch: (point: Point, given: Double?, expected: Double)? = nil
    /// How many points had a value to compare with.
    var points = 0

    var equivalent: Bool { agreesLive && mismatch == nil }
  }

  /// The known wrong path to `q` that `formula` is, in every session: one that is not itself
  /// the right formula (it differs from `q` somewhere).
  func mistake(
    matching formula: LessonExpression, for q: LessonQuantity, written: [WrittenMistake],
    before: Session?
  ) -> LessonMistake? {
    guard let live = points.first else { return nil }
    let candidates = LessonMistake.paths(
      to: q, in: live.session, written: written, before: before)
    // Each point's paths once; `before` is the learner's, so the update's mistakes are only
    // known at the live point and are not named for a formula.
    let perturbed = points.dropFirst().map {
      LessonMistake.paths(to: q, in: $0.session, written: written)
    }
    for (mistake, value) in candidates {
      guard let given = try? formula.value(in: live.session), Self.agree(given, value) else {
        continue
      }
      var same = true
      var differsFromRight = !Self.agree(value, (try? q.value(in: live.session)) ?? .nan)
      for (point, paths) in zip(points.dropFirst(), perturbed) {
        guard let path = paths.first(where: { $0.mistake == mistake }),
          let given = try? formula.value(in: point.session), Self.agree(given, path.value)
        else {
          same = false
          break
        }
        if let right = try? q.value(in: point.session), !Self.agree(right, path.value) {
          differsFromRight = true
        }
      }
      if same && differsFromRight { return mistake }
    }
    return nil
  }
}

extension PerturbedSessions.Comparison {
  /// "with w₃ = 1.62, y = 0.93 and h₁ = 0.61 it gives 0.41; the answer is 0.37": a point
  /// where the two differ. It names the quantities the formulas use, moved or recomputed
  /// there (the first few moved ones when they use none), at most five.
  func counterExample(naming used: [LessonQuantity], _ n: Notation) -> String? {
    guard let mismatch else { return nil }
    let changes = mismatch.point.changes
    var shown: [(LessonQuantity, Double)] = []
    for q in used where shown.count < 5 {
      if let moved = changes.first(where: { $0.quantity == q }) {
        shown.append(moved)
      } else if let v = try? q.value(in: mismatch.point.session), !q.isConstant {
        shown.append((q, v))
      }
    }
    if shown.isEmpty { shown = Array(changes.prefix(3)) }
    let parts = shown.map { "\($0.0.symbol(n)) = \(n.value($0.1))" }
    let list =
      parts.count <= 1
      ? parts.joined()
      : parts.dropLast().joined(separator: ", ") + " and " + parts.last!
    let gives = mismatch.given.map { "it gives \(n.value($0))" } ?? "it has no value"
    return "with \(list) \(gives); the answer is \(n.value(mismatch.expected))"
  }
}

extension LessonQuantity {
  /// True for a number no perturbation moves: h₀, the learning rate.
  var isConstant: Bool {
    self == .hidden(0) || self == .printable("lr")
  }
}
