import RNN

/// A wrong path to a quantity that learners (and the article) take, evaluated on the live
/// session so that a wrong answer can be named: "that is ∂L/∂ŷ with Eq. 4's sign".
///
/// Each case is computed from the engine's records and its `Cell` functions for the printed
/// forms; nothing is read from the lesson file except `written`.
enum LessonMistake: Equatable, Sendable {
  /// Eq. 4 as printed, y − ŷ, carried through BPTT (erratum 3).
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
  /// The same quantity one timestep off.
  case offByOne(LessonQuantity)
  /// A path the lesson names with a `Mistake:` line.
  case written(WrittenMistake)

  /// Every known wrong path to `q` that exists in `session`, with its value there.
  static func paths(to q: LessonQuantity, in session: Session, written: [WrittenMistake])
    -> [(mistake: LessonMistake, value: Double)]
  {
    let state = session.state
    guard let right = try? q.value(in: session) else { return [] }
    var paths: [(LessonMistake, Double)] = written.compactMap { w in
      (try? w.expression.value(in: session)).map { (.written(w), $0) }
    }
    let weight = q.gradientWeight
    // Every gradient BPTT computes is ∂L/∂ŷ times a factor that does not depend on it, so
    // the printed sign of Eq. 4 flips each of them.
    if let output = state.backward?.output, q.dependsOnLossGradient {
      let printed = Cell.lossGradientAsPrinted(prediction: output.prediction, target: output.target)
      if q == .lossGradient {
        paths.append((.lossSignFlipped, printed))
      } else if output.lossGradient != 0 {
        // For a .g, only this pass's share flips; earlier passes are already in it.
        let own = weight.map { state.backward!.passGradients[$0] } ?? right
        paths.append((.lossSignFlipped, right - own + own * printed / output.lossGradient))
      }
    }
    if case .hidden(let t) = q, let pass = state.forward, t >= 1, t <= pass.t {
      paths.append((.reluForgotten(t), pass.steps[t - 1].preactivation))
    }
    if q == .printable("yhat"), let pass = state.forward, pass.isComplete,
      pass.architecture == .part2
    {
      let n = pass.count
      paths.append(
        (.reluForgotten(n), Cell.output(w3: pass.weights.w3, h: pass.steps[n - 1].preactivation)))
    }
    // Everything below ∂L/∂h_n is linear in it, so w₂ in place of w₃ scales each by w₂/w₃.
    if let output = state.backward?.output, q.dependsOnOutputHiddenGradient, output.w3 != 0 {
      let w2 = state.backward!.forward.weights.w2
      let printed = Cell.outputHiddenGradient(w3: w2, lossGradient: output.lossGradient)
      let own = weight.map { state.backward!.passGradients[$0] } ?? right
      paths.append((.outputWeightAsW2, right - own + own * printed / output.dhn))
    }
    if let weight, let pass = state.backward {
      let g = state.model.gradients[weight]
      let own = pass.passGradients[weight]
      if own != 0 { paths.append((.twoPasses(weight), g + own)) }
      if own != g { paths.append((.onePass(weight), own)) }
    }
    if q == .printable("loss"), let yhat = state.forward?.prediction, let y = state.target,
      state.forward?.architecture == .part2
    {
      let mode = state.model.mode
      let other =
        mode == .exact
        ? Cell.lossAsPrinted(prediction: yhat, target: y) : Cell.loss(prediction: yhat, target: y)
      paths.append((.otherLoss(mode), other))
    }
    if let t = q.timestep {
      for neighbour in [t - 1, t + 1] {
        guard let other = q.at(neighbour), let v = try? other.value(in: session) else { continue }
        paths.append((.offByOne(other), v))
      }
    }
    return paths
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
    case .offByOne(let other):
      return "that is \(other.symbol(n)), one timestep off: the question asks for \(asked)"
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
    case .hidden, .preactivation, .reluPrime, .lstm: false
    }
  }

  /// True for the records only a backward pass makes (`dL/dyhat`, `tmp[t]`, `relu'[t]`, …).
  var isComputedByBackpropagation: Bool {
    switch self {
    case .lossGradient, .w3Term, .hiddenGradient, .reluPrime, .tmp, .w1Term, .w2Term: true
    case .printable, .hidden, .preactivation, .lstm: false
    }
  }

  /// True for the gradients BPTT computes from ∂L/∂h_n.
  var dependsOnOutputHiddenGradient: Bool {
    switch self {
    case .hiddenGradient, .tmp, .w1Term, .w2Term: true
    case .printable: gradientWeight == .w1 || gradientWeight == .w2
    case .hidden, .preactivation, .reluPrime, .lossGradient, .w3Term, .lstm: false
    }
  }
}
