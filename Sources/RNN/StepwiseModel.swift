/// A model whose forward and backward passes go one timestep at a time and record what each
/// step computed, as the shell steps them: the RNN (`MiniRnn`) and the LSTM (`MiniLSTM`).
///
/// A conformance says how to start its passes; running them whole, predicting, backward
/// into the accumulated gradients and zeroing are written once here.
public protocol StepwiseModel {
  associatedtype Parameters: ParameterValues
  associatedtype Forward: StepwiseForwardPass
  associatedtype Backward: StepwiseBackwardPass where Backward.Gradients == Parameters
  /// The parameters.
  var weights: Parameters { get set }
  /// Their accumulated gradients (the article's `.g` attributes), until zeroed.
  var gradients: Parameters { get set }
  /// A forward pass over `inputs` with the current parameters, not yet stepped.
  func startForward(_ inputs: [Double]) -> Forward
  /// A backward pass through `pass` towards `target`, not yet stepped.
  func startBackward(_ pass: Forward, target: Double) -> Backward
}

extension StepwiseModel {
  /// The whole forward pass over `inputs`.
  @inlinable
  public func forward(_ inputs: [Double]) -> Forward {
    var pass = startForward(inputs)
    pass.run()
    return pass
  }

  /// ŷ for `inputs` (Eq. 2; for Part 1's model rounded to one decimal).
  @inlinable
  public func predict(_ inputs: [Double]) -> Double {
    forward(inputs).prediction!
  }

  /// The whole of BPTT through `pass`, adding into `gradients` (they accumulate until zeroed).
  @inlinable
  @discardableResult
  public mutating func backward(_ pass: Forward, target: Double) -> Backward {
    var back = startBackward(pass, target: target)
    back.run(accumulatingInto: &gradients)
    return back
  }

  /// Sets every gradient to 0, the article's `zero_grads`.
  @inlinable
  public mutating func zeroGradients() {
    gradients = gradients.zeroed
  }
}

/// A stepwise model with an output at every timestep, whose loss reads ŷ_n alone (Eq. 1) or
/// every ŷ_t (`LossReadout`): the RNN and the LSTM.
public protocol LossReadingModel: StepwiseModel {
  /// Which outputs the loss reads.
  var loss: LossReadout { get }
  /// A backward pass with this model's loss towards `targets`: y_1…y_n for a loss at every
  /// step; for Eq. 1 only the last is read.
  func startBackward(_ pass: Forward, targets: [Double]) -> Backward
}

/// A forward pass that computes one timestep per `step()`.
public protocol StepwiseForwardPass {
  associatedtype Step
  /// Computes the next timestep and returns its record; nil once the pass is complete.
  @discardableResult
  mutating func step() -> Step?
  /// ŷ once the pass is complete, else nil.
  var prediction: Double? { get }
}

extension StepwiseForwardPass {
  /// Steps until h_n is known.
  @inlinable
  public mutating func run() {
    while step() != nil {}
  }
}

/// One record of a backward pass: the output step, or one timestep t = n…1.
public enum BackwardRecord<Output: Equatable & Sendable, Timestep: Equatable & Sendable>:
  Equatable, Sendable
{
  case output(Output)
  case timestep(Timestep)
}

/// A backward pass that handles the output first, then one timestep t = n…1 per `step`,
/// adding its terms into the gradients it is handed.
public protocol StepwiseBackwardPass {
  associatedtype Gradients: ParameterValues
  associatedtype Output: Equatable & Sendable
  associatedtype Timestep: Equatable & Sendable
  associatedtype Records: RandomAccessCollection<BackwardRecord<Output, Timestep>>
  where Records.Index == Int
  /// The records so far, the output step's first.
  var steps: Records { get }
  /// The sequence length n of the forward pass it runs back through.
  var length: Int { get }
  /// Steps in all: the output step, then one per timestep handled.
  var count: Int { get }
  /// Performs the next BPTT step, adding its terms into `gradients`; nil when complete.
  @discardableResult
  mutating func step(accumulatingInto gradients: inout Gradients) -> BackwardRecord<
    Output, Timestep
  >?
}

extension StepwiseBackwardPass {
  /// True once the last timestep to handle is done.
  @inlinable
  public var isComplete: Bool { steps.count == count }

  /// The timestep the next call to `step` handles, or nil when the next is the output step
  /// or the pass is complete.
  @inlinable
  public var nextTimestep: Int? {
    steps.isEmpty || isComplete ? nil : length - (steps.count - 1)
  }

  /// Steps until the pass is complete.
  @inlinable
  public mutating func run(accumulatingInto gradients: inout Gradients) {
    while step(accumulatingInto: &gradients) != nil {}
  }

  /// The output step's record, once it is done.
  @inlinable
  public var output: Output? {
    guard case .output(let r)? = steps.first else { return nil }
    return r
  }

  /// The timestep records done so far, in BPTT order (t = n first).
  @inlinable
  public var timesteps: [Timestep] {
    steps.compactMap { step in
      if case .timestep(let r) = step { return r }
      return nil
    }
  }

  /// Timestep t's record, if BPTT has reached it.
  @inlinable
  public func timestep(_ t: Int) -> Timestep? {
    let index = length - t + 1
    guard t >= 1, index >= 1, index < steps.count,
      case .timestep(let r) = steps[steps.startIndex + index]
    else {
      return nil
    }
    return r
  }
}
