import RNN

extension LessonMistake {
  /// The wrong paths of the article's RNN (Part 1 and Part 2).
  static func rnnPaths(to q: LessonQuantity, right: Double, in session: Session)
    -> [(LessonMistake, Double)]
  {
    let state = session.state
    var paths: [(LessonMistake, Double)] = []
    let weight = q.gradientWeight
    // Every gradient BPTT computes is ∂L/∂ŷ times a factor that does not depend on it, so
    // the printed sign of Eq. 4 flips each of them.
    if let output = state.backward?.output, q.dependsOnLossGradient {
      let printed = Cell.lossGradientAsPrinted(prediction: output.prediction, target: output.target)
      if q == .lossGradient {
        paths.append((.lossSignFlipped, printed))
        paths.append((.halfForgotten, 2 * output.lossGradient))
      } else if output.lossGradient != 0 {
        // For a .g, only this pass's share flips; earlier passes are already in it.
        let own = weight.map { state.backward!.passGradients[$0] } ?? right
        paths.append((.lossSignFlipped, right - own + own * printed / output.lossGradient))
      }
    }
    if case .hidden(let t) = q, let pass = state.forward, t >= 1, t <= pass.t {
      paths.append((.reluForgotten(t), pass.steps[t - 1].preactivation))
      if t == pass.count, pass.isComplete, pass.architecture == .part2,
        let yhat = pass.prediction
      {
        paths.append((.outputForHidden(t), yhat))
      }
    }
    if q == .printable("yhat"), let pass = state.forward, pass.isComplete {
      let n = pass.count
      if pass.architecture == .part2 {
        paths.append(
          (.reluForgotten(n), Cell.output(w3: pass.weights.w3, h: pass.steps[n - 1].preactivation)))
        paths.append((.hiddenForOutput(n), pass.hidden[n]))
      } else if let unrounded = pass.unroundedPrediction {
        paths.append((.unrounded, unrounded))
      }
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
    if let weight {
      for other in Weight.allCases where other != weight {
        paths.append(
          (.otherGradient(.printable("\(other.rawValue).g")), state.model.gradients[other]))
      }
    }
    if q == .printable("loss"), let yhat = state.forward?.prediction, let y = state.target,
      state.forward?.architecture == .part2
    {
      let mode = state.model.mode
      let other =
        mode == .exact
        ? Cell.lossAsPrinted(prediction: yhat, target: y) : Cell.loss(prediction: yhat, target: y)
      paths.append((.otherLoss(mode), other))
      paths.append((.halfForgotten, 2 * Cell.loss(prediction: yhat, target: y)))
    }
    for sibling in q.siblings(length: state.inputs.count) {
      if let v = try? sibling.value(in: session) { paths.append((.otherTermOfStep(sibling), v)) }
    }
    return paths
  }
}
