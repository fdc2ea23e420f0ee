import RNN

extension Session {
  /// The line `train` redraws while it runs, fitted to a terminal `width` columns wide:
  ///
  ///     epoch 1,234/20,000 [#####     ] loss 0.0123  45,000 epochs/s  ETA 3s  Ctrl-C stops
  ///
  /// It keeps three columns free, for the `^C` the terminal echoes after it. When it does not
  /// fit, fields go in this order: the throughput (`epochs/s`) first, then the bar (it first
  /// shrinks from 30 to 10 characters), then the loss. The epoch count, the time left and
  /// "Ctrl-C stops" always stay; only a terminal too narrow for those alone cuts them.
  static func progressLine(_ p: TrainingProgress, elapsed: Duration, width: Int) -> String {
    let seconds =
      max(1e-9, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
    let done = Double(p.epoch - 1)
    let fraction = p.epochs == 0 ? 1 : done / Double(p.epochs)
    let rate = done / seconds
    let eta = rate > 0 ? (Double(p.epochs) - done) / rate : .nan
    let room = max(20, width - 3)

    let epoch = "epoch \(Parse.grouped(p.epoch))/\(Parse.grouped(p.epochs))"
    let loss = "loss " + (p.loss.isFinite ? NumberFormat.significant(p.loss, digits: 4) : "…")
    let throughput = "\(Parse.grouped(Int(rate))) epochs/s"
    let end = "ETA \(duration(eta))  Ctrl-C stops"
    func bar(_ width: Int) -> String {
      let filled = min(width, Int(fraction * Double(width)))
      return "["
        + String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
        + "]"
    }
    /// `epoch [bar] loss  rate  ETA …` with the bar as wide as the room left allows (10–30),
    /// or nil when even a 10-character bar does not fit.
    func withBar(_ rest: [String]) -> String? {
      let without = ([epoch] + rest + [end]).joined(separator: "  ").count + 1
      let barWidth = min(30, room - without - 2)
      guard barWidth >= 10 else { return nil }
      return ([epoch + " " + bar(barWidth)] + rest + [end]).joined(separator: "  ")
    }
    let shortest = [epoch, end].joined(separator: "  ")
    let candidates: [String?] = [
      withBar([loss, throughput]),
      withBar([loss]),
      [epoch, loss, end].joined(separator: "  "),
      shortest,
    ]
    let line = candidates.compactMap { $0 }.first { $0.count <= room } ?? shortest
    return String(line.prefix(room))
  }
}
