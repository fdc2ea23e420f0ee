/// One training example: an input sequence and the value that should follow it.
public struct Sample: Equatable, Hashable, Sendable {
  /// x_1…x_n, n ≥ 1.
  public var inputs: [Double]
  /// The label y: the next value of the series.
  public var target: Double

  public init(inputs: [Double], target: Double) {
    precondition(!inputs.isEmpty, "a sample needs at least one input")
    self.inputs = inputs
    self.target = target
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

  /// The data sets minirnn knows by name (`recall` with its default length).
  public static let builtIn: [Dataset] = [
    .slopes, .zigzag, .recall(steps: defaultRecallSteps),
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
