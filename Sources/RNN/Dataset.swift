/// One training example: an input sequence and the value that should follow it, or a target
/// at every timestep.
public struct Sample: Equatable, Hashable, Sendable {
  /// x_1…x_n, n ≥ 1.
  public var inputs: [Double]
  /// The label y: the next value of the series (the last of `targets` when there are some).
  public var target: Double
  /// y_1…y_n, a target for each timestep's output ŷ_t, for a loss at every step; nil when the
  /// sample has only the label y for ŷ_n (the article's).
  public var targets: [Double]?

  public init(inputs: [Double], target: Double) {
    precondition(!inputs.isEmpty, "a sample needs at least one input")
    self.inputs = inputs
    self.target = target
  }

  /// A sample with a target at every timestep; y is the last.
  public init(inputs: [Double], targets: [Double]) {
    precondition(!inputs.isEmpty, "a sample needs at least one input")
    precondition(targets.count == inputs.count, "one target per timestep")
    self.inputs = inputs
    self.target = targets[targets.count - 1]
    self.targets = targets
  }
}

/// A named list of samples to train on.
public struct Dataset: Equatable, Hashable, Sendable {
  public var name: String
  public var summary: String
  public var samples: [Sample]

  public init(name: String, summary: String, samples: [Sample]) {
    precondition(!samples.isEmpty, "a data set needs at least one sample")
    self.name = name
    self.summary = summary
    self.samples = samples
  }

  /// §3.1: rising, flat and falling two-step series.
  public static let slopes = Dataset(
    name: "slopes", summary: "§3.1: rising, flat and falling series (3 samples)",
    samples: [
      Sample(inputs: [0, 0.5], target: 1),
      Sample(inputs: [0.5, 0.5], target: 0.5),
      Sample(inputs: [1, 0.5], target: 0),
    ])

  /// §4: two alternating series of length 5 (Part 1's zigzag data).
  public static let zigzag = Dataset(
    name: "zigzag", summary: "§4: two zigzag series of length 5 (2 samples)",
    samples: [
      Sample(inputs: [0, 1, 0, 1, 0], target: 1),
      Sample(inputs: [1, 0, 1, 0, 1], target: 0),
    ])

  /// Beyond the article: four sequences of `steps` values whose target is their *first*
  /// value, so the answer lies `steps − 1` timesteps back and everything after x₁ is noise to
  /// be ignored. The §4 zigzag can be learned from the last input alone; this cannot.
  ///
  /// The first values are 0.9, 0.2, 0.6 and 0.4. The values after them are drawn once, in
  /// tenths from 0 to 0.9, from `SplitMix64` seeded with the sample's number (1…4), so the
  /// samples are the same on every machine and sample k of `recall(n)` is sample k of
  /// `recall(n + 1)` without its last value.
  public static func recall(steps: Int) -> Dataset {
    precondition(recallSteps.contains(steps), "recall takes \(recallSteps) steps")
    let firsts: [Double] = [0.9, 0.2, 0.6, 0.4]
    var samples: [Sample] = []
    for (k, first) in firsts.enumerated() {
      var generator = SplitMix64(seed: UInt64(k + 1))
      var inputs = [first]
      for _ in 1..<steps { inputs.append(Double(Int(generator.nextUnit() * 10)) / 10) }
      samples.append(Sample(inputs: inputs, target: first))
    }
    return Dataset(
      name: "recall",
      summary: "beyond the article: recall x₁ after n = \(steps) inputs (4 samples)",
      samples: samples)
  }

  /// The lengths `recall(steps:)` accepts.
  public static let recallSteps = 2...100
  /// The length `data recall` uses when none is given: as long as a zigzag series.
  public static let defaultRecallSteps = 5

  /// Beyond the article, a memory task with a target at every step: y_t = x_{t−D}, the input
  /// D timesteps back (0 while t ≤ D), so the network must carry each input D steps. Four
  /// samples of 8 inputs in tenths from 0 to 0.9, drawn once from `SplitMix64` seeded with
  /// 100 + the sample's number, the same on every machine.
  public static func echo(delay: Int) -> Dataset {
    precondition(echoDelays.contains(delay), "echo takes a delay in \(echoDelays)")
    var samples: [Sample] = []
    for k in 1...4 {
      var generator = SplitMix64(seed: UInt64(100 + k))
      let x = (0..<echoLength).map { _ in Double(Int(generator.nextUnit() * 10)) / 10 }
      let y = x.indices.map { t in t >= delay ? x[t - delay] : 0 }
      samples.append(Sample(inputs: x, targets: y))
    }
    return Dataset(
      name: "echo",
      summary:
        "beyond the article: yₜ = xₜ₋\(Array("₀₁₂₃₄₅₆₇₈₉")[delay]) at every step (4 samples of \(echoLength))",
      samples: samples)
  }
  /// The delays `echo(delay:)` accepts, and the length of its samples.
  public static let echoDelays = 0...7
  public static let echoLength = 8
  /// The delay `data echo` uses when none is given.
  public static let defaultEchoDelay = 1

  /// Beyond the article, prediction of the next value with a target at every step: smooth
  /// S-curves x_t = ±tanh(0.5·(t − m)) rounded to two decimals, for t = 1…8, and y_t =
  /// x_{t+1}, rising and falling, with their middle m at 3.5 or 5.5 (4 samples; the next
  /// value follows from the last two).
  public static let next: Dataset = {
    var samples: [Sample] = []
    for (sign, middle) in [(1.0, 3.5), (1.0, 5.5), (-1.0, 3.5), (-1.0, 5.5)] {
      let series = (1...9).map { t in
        sign * pythonRound(Elementary.tanh(0.5 * (Double(t) - middle)), digits: 2)
      }
      samples.append(Sample(inputs: Array(series[0..<8]), targets: Array(series[1..<9])))
    }
    return Dataset(
      name: "next",
      summary: "beyond the article: yₜ = xₜ₊₁ at every step (4 S-curves of 8)",
      samples: samples)
  }()

  /// The data sets minirnn knows by name (`recall` with its default length).
  public static let builtIn: [Dataset] = [
    .slopes, .zigzag, .recall(steps: defaultRecallSteps), .echo(delay: defaultEchoDelay), .next,
  ]

  /// The built-in data set with this name, if any.
  public static func named(_ name: String) -> Dataset? {
    builtIn.first { $0.name == name }
  }
}

/// The mean of `loss` over `samples`, summed in their order: the one definition behind
/// `forward`'s mean, a trained model's loss on its data and every landscape cell.
public func meanLoss(over samples: [Sample], _ loss: (Sample) -> Double) -> Double {
  var total = 0.0
  for sample in samples { total += loss(sample) }
  return total / Double(samples.count)
}
