import RNN

// What every model with an output per timestep shares about its loss (`LossReadout`): the
// targets it compares with, the refusal to train on data without them, and the words of
// `loss`, the forward screen's loss line and BPTT's ∂L/∂ŷ_t.

extension SessionState {
  /// The targets `loss` compares with now: y_1…y_n for a loss at every step, the label y
  /// alone for the last; the error `command` gives when the session lacks them.
  func lossTargets(_ loss: LossReadout, command: String) -> Result<[Double], CommandError> {
    if loss.readsEveryStep {
      // With n = 1 the label y is the one target.
      if inputs.count == 1, targets == nil, let y = target { return .success([y]) }
      guard let ys = targets, ys.count == inputs.count else {
        return .failure(
          .notReady(
            "a loss at every step needs a target per step: 'target' with \(inputs.count) values, or 'data echo' / 'data next'"
          ))
      }
      return .success(ys)
    }
    guard let y = target else { return .failure(.noTarget(command: command)) }
    return .success([y])
  }
}

extension Session {
  /// `print yhat[t]` (ŷ_t, the read-out at step t) and `print y[t]` (the target at step t),
  /// what a loss at every step compares, for a model whose forward pass has done
  /// `completedSteps` steps and reads ŷ_t with `output`; nil for any other name.
  func outputOrTarget(_ name: String, completedSteps: Int, output: (Int) -> Double)
    throws(CommandError) -> Double?
  {
    guard let (base, t) = Parse.indexedName(name), base == "yhat" || base == "y" else {
      return nil
    }
    let n = state.inputs.count
    guard (1...n).contains(t) else {
      throw .outOfRange(name, what: "print", range: "\(base)[1] to \(base)[\(n)]")
    }
    if base == "y" {
      guard let ys = state.targets else {
        if n == 1, let y = state.target { return y }
        throw .notReady(
          "\(name): no target per step yet: 'target' with \(n) values, or 'data echo' / 'data next'"
        )
      }
      return ys[t - 1]
    }
    guard t <= completedSteps else {
      throw .timestepNotComputed(name, forwardAt: completedSteps)
    }
    return output(t)
  }

  /// Refuses `command` (derive, flow, landscape), whose screen works from Eq. 1's loss on ŷₙ,
  /// while a loss at every step is on, rather than show another loss than the session's.
  func refuseUnderEveryStepLoss(_ command: String, _ loss: LossReadout) throws(CommandError) {
    guard loss.readsEveryStep else { return }
    throw .notReady(
      "\(command): it works from Eq. 1's loss on ŷₙ, and loss \(loss.words) is on; 'loss last' first ('back' shows each ŷₜ's terms)"
    )
  }

  /// Refuses `train` (or `command`) under a loss at every step on data with one target per
  /// sample.
  func requireTargetsPerStep(_ loss: LossReadout, in data: Dataset, command: String = "train")
    throws(CommandError)
  {
    if let refusal = loss.refusal(toTrainOn: data, command: command) { throw refusal }
  }

  /// What `loss every` and `loss every mean` say they chose, with the note when the session
  /// has no target per step yet.
  func lossEveryText(_ loss: LossReadout) -> String {
    var text =
      loss == .every
      ? "loss every: \(loss.formula), a loss at every step: ∂L/∂hₜ comes from ŷₜ and from hₜ₊₁\n"
      : "loss every mean: \(loss.formula), the mean over the n steps\n"
    if state.targets == nil, state.inputs.count > 1 {
      text +=
        "(no target per step yet: 'target' with \(state.inputs.count) values, or 'data echo 1' or 'data next')\n"
    }
    return notation.text(text)
  }

  /// forward's loss line under a loss at every step, towards the session's targets, or the
  /// line that says they are missing.
  func everyStepLossLines(outputs: [Double], loss: LossReadout) -> String {
    switch state.lossTargets(loss, command: "forward") {
    case .failure:
      "(no target per step yet: 'target' with \(outputs.count) values, or 'data echo' / 'data next')\n"
    case .success(let ys): everyStepLossLines(outputs: outputs, targets: ys, loss: loss)
    }
  }

  /// L with its terms under a loss at every step: `L = ∑ₜ ½(yₜ − ŷₜ)²  (…)` and the sum
  /// with the numbers of ŷ_1…ŷ_n (the first and last past three steps).
  func everyStepLossLines(outputs: [Double], targets ys: [Double], loss: LossReadout) -> String {
    let n = notation
    let value = loss.loss(outputs: outputs, targets: ys)
    let count = outputs.count
    func term(_ t: Int) -> String {
      "\(n.half)(\(n.value(ys[t - 1])) \(n.minus) \(n.value(outputs[t - 1], parenthesized: true)))\(n.squared)"
    }
    let terms =
      count <= 3
      ? (1...count).map(term).joined(separator: " + ")
      : "\(term(1)) + … + \(term(count))"
    let mean = loss == .everyMean
    return n.text(
      "L = \(mean ? "(1/n)" : "")∑ₜ \(n.half)(yₜ − ŷₜ)²  (a loss at every step, beyond Eq. 1)\n")
      + "  = \(mean ? "(1/\(count))·(" : "")\(terms)\(mean ? ")" : "") = \(n.styled(n.value(value), .result))\n"
  }

  /// `∂L/∂ŷ₂ = ŷ₂ − y₂ = 0.5 − 0.3 = 0.2`, `(ŷ₂ − y₂)/n = (0.5 − 0.3)/4 = 0.05` for the mean:
  /// ∂L/∂ŷ_t under a loss at every step (y alone, unsubscripted, under Eq. 1).
  func outputLossGradientLine(
    t: Int, length: Int, prediction: Double, target: Double, gradient: Double, loss: LossReadout
  ) -> String {
    let n = notation
    let y = loss.readsEveryStep ? "y\(n.sub(t))" : "y"
    let mean = loss == .everyMean
    return
      "\(n.dL(n.yhat + n.sub(t))) = \(mean ? "(" : "")\(n.yhat)\(n.sub(t)) \(n.minus) \(y)\(mean ? ")/n" : "") = \(mean ? "(" : "")\(n.value(prediction)) \(n.minus) \(n.value(target, parenthesized: true))\(mean ? ")/\(length)" : "") = \(n.value(gradient))"
  }
}

extension CommandTable {
  /// `loss [last|every [mean]]` for a model with an output per timestep: its words, what Tab
  /// offers, and `action`, which sets the loss `loss WORDS` names (nil: a bare `loss`) and
  /// says which it is.
  static func lossCommand(
    summary: String, details: String, example: String,
    _ action: @escaping @Sendable (inout Session, LossReadout?) throws(CommandError) -> String
  ) -> Command {
    Command(
      name: "loss", usage: "loss [last|every [mean]]", summary: summary, details: details,
      example: example, section: "Eq. 1, beyond the article",
      arguments: .atMost(
        2, "last, every or every mean",
        completion: .branches([.init("last"), .init("every", [.words(["mean"])])]))
    ) { session, args, _ throws(CommandError) in
      try action(&session, try lossReadout(args))
    }
  }
}

extension LossReadout {
  /// Why `command` (train, export torch --train) cannot train on `data` with this loss: a
  /// loss at every step needs a target at every step; nil when it can.
  func refusal(toTrainOn data: Dataset, command: String) -> CommandError? {
    guard readsEveryStep, data.samples.contains(where: { $0.targets == nil }) else { return nil }
    return .notReady(
      "\(command): loss \(words) needs a target at every step, and \(data.name) has one per sample; 'data echo' or 'data next' has them, or 'loss last'"
    )
  }

  /// The loss `gradcheck` differentiates, in its words: Eq. 1 as ½(y − ŷ)², as it always
  /// said, or the loss at every step.
  var checkedFormula: String { self == .last ? "L = ½(y − ŷ)²" : formula }

  /// The loss in symbols, as `loss`, `gradcheck`, `status` and the notebook write it (in
  /// Unicode; `Notation` spells it in ASCII).
  var formula: String {
    switch self {
    case .last: "L = ½(y − ŷₙ)²"
    case .every: "L = ∑ₜ ½(yₜ − ŷₜ)²"
    case .everyMean: "L = (1/n)·∑ₜ ½(yₜ − ŷₜ)²"
    }
  }
}
