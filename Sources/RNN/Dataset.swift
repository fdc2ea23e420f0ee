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

  /// The data sets minirnn knows by name.
  public static let builtIn: [Dataset] = [.slopes, .zigzag]

  /// The built-in data set with this name, if any.
  public static func named(_ name: String) -> Dataset? {
    builtIn.first { $0.name == name }
  }
}
