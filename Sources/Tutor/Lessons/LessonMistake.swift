import RNN

/// A wrong path to a quantity that learners (and the article) take, evaluated on the live
/// session so that a wrong answer can be named: "that is ∂L/∂ŷ with Eq. 4's sign".
///
/// Each case is computed from the engine's records and its `Cell` functions for the printed
/// forms; nothing is read from the lesson file except `written`. Lesson questions and the
/// quiz (`quiz on`) both ask this one catalogue.
enum LessonMistake: Equatable, Sendable {
  /// Eq. 4 as printed, y − ŷ, carried through BPTT (erratum 3); for the LSTM too.
  case lossSignFlipped
  /// a_t given for h_t: ReLU left out (Eq. 3).
  case reluForgotten(Int)
  /// ∂ŷ/∂h_n taken as w₂, as §2.5 prints it (erratum 4).
  case outputWeightAsW2
  /// One more backward pass added into the `.g` (gradients add up until `zero`).
  case twoPasses(Weight)
  /// This pass's own sum, when the `.g` holds earlier passes too.
  case onePass(Weight)
  /// The printed `mse`, ¼(ŷ − y)², for Eq. 1's ½ (erratum 2), or the other way round in
  /// article mode.
  case otherLoss(Mode)
  /// (ŷ − y)² for L, or 2(ŷ − y) for ∂L/∂ŷ: Eq. 1 without its ½.
  case halfForgotten
  /// The same quantity one timestep off.
  case offByOne(LessonQuantity)
  /// Another number the same BPTT step computes: the w₂ term for the w₁ term, tmp for a
  /// term, ∂L/∂h_{t−1} for tmp, ∂L/∂h_n for the w₃ term, …
  case otherTermOfStep(LessonQuantity)
  /// Another parameter's gradient: w₁.g given for w₂.g.
  case otherGradient(LessonQuantity)
  /// w + lr·g for w − lr·g: the update (or training) climbing the loss.
  case updateSignFlipped
  /// The parameter as it was before the update or training: no change at all.
  case notUpdated
  /// ŷ = w₃·h_n given for h_n.
  case outputForHidden(Int)
  /// h_n given for ŷ: Eq. 2's w₃ (the LSTM's wy and by) left out.
  case hiddenForOutput(Int)
  /// Part 1's ŷ before its rounding to one decimal.
  case unrounded
  /// The LSTM's c_t or h_t computed with the gates' pre-activations: σ left out.
  case sigmoidForgotten
  /// The LSTM's c_t given for h_t, or h_t for c_t.
  case cellForHidden(LessonQuantity)
  /// The LSTM's gate pre-activation z given for the gate σ(z) (tanh(z) for g).
  case gatePreactivation(LSTMGate)
  /// A path the lesson names with a `Mistake:` line.
  case written(WrittenMistake)

  /// Every known wrong path to `q` that exists in `session`, with its value there.
  ///
  /// `before` is the learner's session before the step's commands ran, when there is one:
  /// the update's mistakes need the parameter as it was.
  static func paths(
    to q: LessonQuantity, in session: Session, written: [WrittenMistake], before: Session? = nil
  ) -> [(mistake: LessonMistake, value: Double)] {
    guard let right = try? q.value(in: session) else { return [] }
    var paths: [(LessonMistake, Double)] = written.compactMap { w in
      (try? w.expression.value(in: session)).map { (.written(w), $0) }
    }
    if q.isParameter, let before, let old = try? q.value(in: before), old != right {
      paths.append((.notUpdated, old))
      paths.append((.updateSignFlipped, 2 * old - right))
    }
    // One timestep off first: where a wrong factor gives the same number (w₂ = 0.5 for
    // ∂L/∂h₀ in lesson 08), the neighbour is the likelier reading.
    if let t = q.timestep {
      for neighbour in [t - 1, t + 1] {
        guard let other = q.at(neighbour), let v = try? other.value(in: session) else { continue }
        paths.append((.offByOne(other), v))
      }
    }
    paths += session.state.active.mistakePaths(to: q, right: right, in: session)
    return paths
  }

  /// The first wrong path that `answer` is the value of, within `tolerance`, among those
  /// whose value is not itself right: a mistake is only named when it gives another number.
  static func named(
    _ answer: Double, for q: LessonQuantity, right: Double, in session: Session,
    written: [WrittenMistake], before: Session? = nil, tolerance: LessonTolerance,
    change: Double? = nil
  ) -> LessonMistake? {
    paths(to: q, in: session, written: written, before: before).first {
      tolerance.accepts(answer, for: $0.value, change: change)
        && !tolerance.accepts($0.value, for: right, change: change)
    }?.mistake
  }

  /// One sentence for the learner; never gives the right value.
  func explanation(for q: LessonQuantity, in session: Session) -> String {
    let n = session.notation
    return n.text(sentence(for: q, n, in: session))
  }

  private func sentence(for q: LessonQuantity, _ n: Notation, in session: Session) -> String {
    let asked = q.symbol(n)
    let state = session.state
    switch self {
    case .lossSignFlipped:
      let eq4 = LossGradientEquation(n: n)
      return
        "that is \(asked) with Eq. 4 as printed, \(eq4.asPrinted); the slope of Eq. 1 is \(eq4.symbolic) (erratum \(LossGradientEquation.printedErratum))"
    case .reluForgotten(let t):
      let eq3 = HiddenStateEquation(n: n).symbolic(
        at: t, activation: state.model.cellActivation)
      return q == .hidden(t)
        ? "that is \(n.a(t)), the sum before ReLU: \(eq3) (Eq. 3)"
        : "that is \(n.a(t))\(n.times)\(n.w(3)), with ReLU left out of \(eq3) (Eq. 3)"
    case .outputWeightAsW2:
      let length = state.inputs.count
      return
        "that takes \(n.derivative(n.yhat, n.h(length))) as \(n.w(2)), as §2.5 prints it; \(OutputEquation(n: n).unknown(length: length)) (Eq. 2) makes it \(n.w(3)) (erratum \(ThroughTimeEquation.outputErratum))"
    case .twoPasses(let w):
      return
        "that is \(n.w(w.index)).g after two backward passes: each pass adds its terms on top, until 'zero' clears them"
    case .onePass(let w):
      return
        "that is this backward pass's own \(n.dL(n.w(w.index))); \(n.w(w.index)).g also keeps what the passes before it added (no 'zero' in between)"
    case .otherLoss(let mode):
      let eq1 = LossEquation(n: n)
      return mode == .exact
        ? "that is the printed mse, \(eq1.printedSymbolic), a quarter where Eq. 1 has half: \(eq1.symbolic) (erratum \(LossEquation.printedErratum))"
        : "that is Eq. 1, \(eq1.symbolic); article mode shows the printed mse, \(eq1.printedSymbolic) (erratum \(LossEquation.printedErratum))"
    case .halfForgotten:
      let eq1 = LossEquation(n: n)
      return q == .lossGradient
        ? "that is 2(\(n.yhat) \(n.minus) y), the slope of (\(n.yhat) \(n.minus) y)\(n.squared); the \(n.half) of Eq. 1, \(eq1.symbolic), cancels the 2"
        : "that is (y \(n.minus) \(n.yhat))\(n.squared) without the \(n.half) of Eq. 1: \(eq1.symbolic)"
    case .offByOne(let other):
      return "that is \(other.symbol(n)), one timestep off: the question asks for \(asked)"
    case .otherTermOfStep(let other):
      return
        "that is \(other.symbol(n)), another number the same BPTT step computes: the question asks for \(asked)"
    case .otherGradient(let other):
      return
        "that is \(other.symbol(n)), another parameter's gradient: the question asks for \(asked)"
    case .updateSignFlipped:
      return
        "that is \(asked) moved up the slope: gradient descent subtracts lr\(n.times)\(asked).g (w \(n.leftArrow) w \(n.minus) lr\(n.times)\(n.dL("w"))), it does not add it"
    case .notUpdated:
      return
        "that is \(asked) as it was before the step: each update moves it by lr\(n.times)\(asked).g, however small that is"
    case .outputForHidden(let t):
      return
        "that is \(n.yhat) = \(n.w(3))\(n.times)\(n.h(t)) (Eq. 2): the question asks for \(n.h(t)) itself"
    case .hiddenForOutput(let t):
      return state.active.readOut(n, t: t)
    case .unrounded:
      return
        "that is \(n.yhat) before Part 1's rounding: its model rounds the prediction to one decimal, round(\(n.yhat), 1)"
    case .sigmoidForgotten:
      return
        "that uses the gates' pre-activations where the cell uses \(n.text("σ")) of them: each of i, f and o is \(n.text("σ"))(z), between 0 and 1"
    case .cellForHidden(let other):
      return q.lstmTimestep?.letter == "h"
        ? "that is \(other.symbol(n)), the cell state; the hidden state passes it through tanh and the output gate: h = o\(n.times)tanh(c)"
        : "that is \(other.symbol(n)), the hidden state o\(n.times)tanh(c); the question asks for the cell state \(asked)"
    case .gatePreactivation(let gate):
      let squash = gate == .g ? "tanh" : n.text("σ")
      return
        "that is the \(gate.rawValue) gate's pre-activation z = wx\(n.times)x + wh\(n.times)h + b; the gate is \(squash)(z)"
    case .written(let w):
      return session.liveMarkdown(w.explanation, in: session)
    }
  }
}

extension LessonQuantity {
  /// The weight whose `.g` this is, for `w1.g`, `w2.g`, `w3.g`.
  var gradientWeight: Weight? {
    guard case .printable(let name) = self, name.hasSuffix(".g") else { return nil }
    return Weight(rawValue: String(name.prefix(2)))
  }

  /// True for the gradients BPTT computes from ∂L/∂ŷ.
  var dependsOnLossGradient: Bool {
    switch self {
    case .lossGradient, .w3Term, .hiddenGradient, .tmp, .w1Term, .w2Term: true
    case .printable: gradientWeight != nil
    case .hidden, .preactivation, .reluPrime, .lstm, .formula: false
    }
  }

  /// True for the records only a backward pass makes (`dL/dyhat`, `tmp[t]`, `relu'[t]`, …).
  var isComputedByBackpropagation: Bool {
    switch self {
    case .lossGradient, .w3Term, .hiddenGradient, .reluPrime, .tmp, .w1Term, .w2Term: true
    // A gradient by name (`w1.g`, the vector RNN's `c.g` or `dL/dh[2][1]`): BPTT's sums.
    case .printable(let name): name.hasSuffix(".g") || name.hasPrefix("dL/d")
    case .hidden, .preactivation: false
    case .lstm(let l):
      switch l {
      case .lossGradient, .hiddenGradient, .cellGradient, .gateTerm: true
      case .gate, .cell, .hidden, .prediction, .loss: false
      }
    case .formula(let e): e.quantities.contains { $0.isComputedByBackpropagation }
    }
  }

  /// True for the gradients BPTT computes from ∂L/∂h_n.
  var dependsOnOutputHiddenGradient: Bool {
    switch self {
    case .hiddenGradient, .tmp, .w1Term, .w2Term: true
    case .printable: gradientWeight == .w1 || gradientWeight == .w2
    case .hidden, .preactivation, .reluPrime, .lossGradient, .w3Term, .lstm, .formula: false
    }
  }
}

extension LessonQuantity {
  /// True for a parameter an update or training moves: `w1`, `b`, the LSTM's `f.wh`, …
  var isParameter: Bool {
    guard case .printable(let name) = self else { return false }
    return ["w1", "w2", "w3", "b", "c"].contains(name) || LSTMParameter(rawValue: name) != nil
  }

  /// The LSTM parameter whose `.g` this is, for `wy.g`, `f.wh.g`.
  var lstmGradientParameter: LSTMParameter? {
    guard case .printable(let name) = self, name.hasSuffix(".g") else { return nil }
    return LSTMParameter(rawValue: String(name.dropLast(2)))
  }

  /// The letter and timestep of an LSTM value at step t: `c[2]`, `f[2]`, `h[2]`.
  var lstmTimestep: (letter: Character, t: Int)? {
    switch self {
    case .hidden(let t), .lstm(.hidden(let t)): return ("h", t)
    case .lstm(.cell(let t)): return ("c", t)
    case .lstm(.gate(let g, let t)): return (Character(g.rawValue), t)
    case .printable(let name):
      guard let letter = name.first, "cifgo".contains(letter), let t = timestep else { return nil }
      return (letter, t)
    default: return nil
    }
  }

  /// The other numbers the same BPTT step computes (§2.5–2.6): at timestep t, tmp, the w₂
  /// and w₁ terms and ∂L/∂h_{t−1}; at the output, ∂L/∂ŷ, the w₃ term and ∂L/∂h_n.
  func siblings(length n: Int) -> [LessonQuantity] {
    let output: [LessonQuantity] = [.lossGradient, .w3Term, .hiddenGradient(n)]
    func timestep(_ t: Int) -> [LessonQuantity] {
      [.tmp(t), .w2Term(t), .w1Term(t), .hiddenGradient(t - 1)]
    }
    let group: [LessonQuantity]
    switch self {
    case .lossGradient, .w3Term: group = output
    case .hiddenGradient(let t): group = t == n ? output : timestep(t + 1)
    case .tmp(let t), .w1Term(let t), .w2Term(let t): group = timestep(t)
    default: group = []
    }
    return group.filter { $0 != self }
  }
}
