import RNN

/// How long an exported training loop keeps PyTorch busy, estimated from the timesteps it
/// runs, so that a loop of days says so before anyone starts it.
///
/// minirnn trains a scalar model in compiled loops; the exported loop builds an autograd graph
/// of scalar tensors for every sample, which costs far more per timestep. Measured on the
/// exported scripts (PyTorch 2.15, float64, on a busy two-core machine): about 90 µs per
/// timestep of the RNN (forward, backward and update) and about 650 µs for the LSTM. The
/// estimate takes 50 µs and 300 µs, on the low side, so a loop called long is long.
struct TorchTrainingTime: Comparable {
  static func < (a: Self, b: Self) -> Bool { a.seconds < b.seconds }

  /// Timesteps of the whole loop: epochs × the timesteps of one pass over the data set.
  let timesteps: Double
  /// Seconds of PyTorch per timestep, the model's (`SessionModel.torchSecondsPerTimestep`).
  let secondsPerTimestep: Double

  init(data: Dataset, epochs: Int, model: any SessionModel.Type) {
    let perEpoch = data.samples.reduce(0) { $0 + $1.inputs.count }
    timesteps = Double(perEpoch) * Double(epochs)
    secondsPerTimestep = model.torchSecondsPerTimestep
  }

  /// The estimated seconds.
  var seconds: Double { timesteps * secondsPerTimestep }

  /// True past a minute: the loop is worth a warning.
  var isLong: Bool { seconds > 60 }

  /// "about 3 days", or nil for a loop of a minute or less.
  var estimate: String? {
    guard isLong else { return nil }
    let s = seconds
    let (value, unit): (Double, String) =
      switch s {
      case ..<3600: (s / 60, "minute")
      case ..<86_400: (s / 3600, "hour")
      case ..<(86_400 * 365): (s / 86_400, "day")
      default: (s / (86_400 * 365), "year")
      }
    let rounded = value.rounded()
    guard rounded < 1e6 else { return "more than a million \(unit)s" }
    let whole = Int(rounded)
    return "about \(Parse.grouped(whole)) \(unit)\(whole == 1 ? "" : "s")"
  }

  /// A Python comment before the loop, or "" for a short one.
  var comment: String {
    guard let estimate else { return "" }
    return
      "# Long: PyTorch needs \(estimate) for this loop (at about \(Int(secondsPerTimestep * 1e6)) µs per timestep);\n# minirnn's 'train' runs it far faster. Lower the epochs to try it.\n"
  }

  /// The clause for minirnn's message about `loop`, or "" for a short loop.
  func note(_ loop: String = "its training loop") -> String {
    guard let estimate else { return "" }
    return "; \(loop) would keep PyTorch busy for \(estimate)"
  }
}
