/// Where a training run is, passed to the progress callback.
public struct TrainingProgress: Equatable, Sendable {
  /// The epoch in progress, 1-based.
  public let epoch: Int
  /// The epochs asked for.
  public let epochs: Int
  /// Sample steps (forward, backward, update, zero) done so far.
  public let sampleSteps: Int
  /// The mean loss of the last completed epoch (NaN before the first one completes).
  public let loss: Double

  public init(epoch: Int, epochs: Int, sampleSteps: Int, loss: Double) {
    self.epoch = epoch
    self.epochs = epochs
    self.sampleSteps = sampleSteps
    self.loss = loss
  }
}

/// How a training run ended.
public enum TrainingOutcome: Equatable, Sendable {
  /// Every epoch ran.
  case finished
  /// The progress callback asked to stop. The weights are those after the update of
  /// sample `sample` (1-based) of epoch `epoch`: always a whole sample step.
  case stopped(epoch: Int, sample: Int)
  /// A weight or the loss became NaN or ±∞ at sample `sample` of epoch `epoch`; the weights
  /// are those before that sample's step, the last finite ones.
  case diverged(epoch: Int, sample: Int)
}

/// What a training run did, for any model's parameters.
public struct TrainingRun<Parameters: ParameterValues>: Equatable, Sendable {
  public let outcome: TrainingOutcome
  /// Epochs that ran to their end.
  public let epochsCompleted: Int
  /// Sample steps done (each: forward, backward, update, zero).
  public let sampleSteps: Int
  /// The mean loss of the last completed epoch, NaN if none completed.
  public let finalLoss: Double
  /// The loss per epoch, bounded.
  public let history: LossHistory
  /// The start parameters, then the parameters after each epoch, bounded.
  public let path: EpochSeries<Parameters>
  /// The parameters before and after.
  public let start: Parameters
  public let end: Parameters
  /// Sample steps whose gradients clipping scaled (0 without clipping).
  public let clippedSteps: Int

  public static func == (a: TrainingRun, b: TrainingRun) -> Bool {
    a.outcome == b.outcome && a.epochsCompleted == b.epochsCompleted
      && a.clippedSteps == b.clippedSteps
      && a.sampleSteps == b.sampleSteps && a.finalLoss.bitPattern == b.finalLoss.bitPattern
      && a.history == b.history && a.path == b.path && a.start == b.start && a.end == b.end
  }
}

extension EpochSeries.Point where Value: ParameterValues {
  /// The parameters after this epoch.
  public var weights: Value { value }
}

/// A model's half of §3.1's training loop: one sample forward and back. The other half —
/// epochs, samples in order, update, zero, the progress calls, the stop at a NaN — is
/// `train(_:on:…)`, the same for every model.
///
/// A conformance runs its cell's equations on scratch buffers it owns, so a sample step
/// allocates nothing; `train` is generic over it and is specialised for each, so the loop
/// costs what a hand-written one would.
protocol SampleStep {
  associatedtype Parameters: ParameterValues
  /// Runs the sample `x` → `y` forward with `w` and back, adding its gradients into `g`;
  /// returns its loss. `targets` is the sample's target at every timestep when it has them
  /// (y is the last); a model whose loss reads only ŷ_n ignores it.
  func lossAddingGradients(
    x: UnsafeBufferPointer<Double>, y: Double, targets: [Double]?, weights w: Parameters,
    into g: inout Parameters
  ) -> Double
  /// Whether the update moves `name`.
  func trains(_ name: Parameters.Name) -> Bool
  /// Scales `g` before the update when clipping is on; true when it did.
  func clip(_ g: inout Parameters) -> Bool
  /// Frees the scratch buffers.
  func deallocate()
}

extension SampleStep {
  func trains(_ name: Parameters.Name) -> Bool { true }
  func clip(_ g: inout Parameters) -> Bool { false }
}

/// §3.1's loop for any model: for each epoch, for each sample in order — forward and
/// backward (`step`), clip if asked, update, zero.
///
/// Starts from `weights` and the `gradients` already accumulated (the first update uses them,
/// as the printed loop would: it only zeroes after each update) and leaves the last of both
/// there. Every `checkEvery` sample steps it calls `progress`, or sooner once
/// `MiniRnn.timestepsPerCheck` timesteps have run since the last call (long inputs);
/// returning false stops the run after the sample step just completed. A NaN or infinite
/// trained parameter or loss stops it with the last finite parameters. Frees `step`'s
/// buffers at the end.
func train<Step: SampleStep>(
  _ step: Step, on data: Dataset, weights: inout Step.Parameters,
  gradients: inout Step.Parameters, epochs: Int, learningRate lr: Double, checkEvery: Int,
  progress: (TrainingProgress) -> Bool
) -> TrainingRun<Step.Parameters> {
  precondition(epochs >= 0, "epochs must not be negative")
  precondition(checkEvery > 0, "checkEvery must be positive")
  defer { step.deallocate() }
  let samples = data.samples
  let inputs = samples.flatMap(\.inputs)
  let start = weights
  var w = weights
  var g = gradients
  var clippedSteps = 0
  var history = LossHistory(capacity: 2048)
  var path = EpochSeries<Step.Parameters>(capacity: 512)
  path.append(epoch: 0, w)
  var outcome = TrainingOutcome.finished
  var epochsCompleted = 0
  var steps = 0
  var untilCheck = checkEvery
  var timestepsUntilCheck = MiniRnn.timestepsPerCheck
  var finalLoss = Double.nan

  inputs.withUnsafeBufferPointer { all in
    // Each sample's inputs, x_1…x_n, as a window on one buffer.
    var sampleInputs: [UnsafeBufferPointer<Double>] = []
    var offset = 0
    for sample in samples {
      sampleInputs.append(UnsafeBufferPointer(rebasing: all[offset..<offset + sample.inputs.count]))
      offset += sample.inputs.count
    }
    epochs: for epoch in stride(from: 1, through: epochs, by: 1) {
      var epochLoss = 0.0
      for s in samples.indices {
        let x = sampleInputs[s]
        let n = x.count
        let loss = step.lossAddingGradients(
          x: x, y: samples[s].target, targets: samples[s].targets, weights: w, into: &g)
        if step.clip(&g) { clippedSteps += 1 }
        // A NaN or infinite loss or parameter leaves the parameters as they were.
        let finite =
          loss.isFinite && w.updateIfFinite(by: g, learningRate: lr, where: step.trains)
        g.zero()
        steps += 1
        guard finite else {
          outcome = .diverged(epoch: epoch, sample: s + 1)
          break epochs
        }
        epochLoss += loss
        untilCheck -= 1
        timestepsUntilCheck -= n
        if untilCheck == 0 || timestepsUntilCheck <= 0 {
          untilCheck = checkEvery
          timestepsUntilCheck = MiniRnn.timestepsPerCheck
          let report = TrainingProgress(
            epoch: epoch, epochs: epochs, sampleSteps: steps, loss: finalLoss)
          if !progress(report) {
            outcome = .stopped(epoch: epoch, sample: s + 1)
            break epochs
          }
        }
      }
      epochsCompleted = epoch
      finalLoss = epochLoss / Double(samples.count)
      history.append(epoch: epoch, finalLoss)
      path.append(epoch: epoch, w)
    }
  }
  // A stop on the last sample of an epoch leaves that epoch whole.
  if case .stopped(let epoch, let sample) = outcome, sample == samples.count {
    epochsCompleted = epoch
  }
  weights = w
  gradients = g
  return TrainingRun(
    outcome: outcome, epochsCompleted: epochsCompleted, sampleSteps: steps,
    finalLoss: finalLoss, history: history, path: path, start: start, end: w,
    clippedSteps: clippedSteps)
}
