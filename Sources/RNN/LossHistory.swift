/// The loss per epoch of a training run, kept to a bounded number of points.
///
/// When full, every other point is dropped and only every 2nd, 4th, … epoch is kept from
/// then on, so a run of 10⁹ epochs still fits in `capacity` points spread over the run.
public struct LossHistory: Equatable, Sendable {
  /// The kept points: (epoch, mean loss over the epoch's samples).
  public private(set) var points: [(epoch: Int, loss: Double)] = []
  /// The most points kept.
  public let capacity: Int
  /// Only epochs that are multiples of this are kept.
  public private(set) var stride = 1

  public init(capacity: Int = 2048) {
    precondition(capacity >= 2, "capacity must be at least 2")
    self.capacity = capacity
  }

  public mutating func append(epoch: Int, loss: Double) {
    guard epoch % stride == 0 else { return }
    if points.count == capacity {
      stride *= 2
      points = points.filter { $0.epoch % stride == 0 }
      guard epoch % stride == 0 else { return }
    }
    points.append((epoch, loss))
  }

  public static func == (a: LossHistory, b: LossHistory) -> Bool {
    a.capacity == b.capacity && a.stride == b.stride && a.points.count == b.points.count
      && zip(a.points, b.points).allSatisfy {
        $0.epoch == $1.epoch && $0.loss.bitPattern == $1.loss.bitPattern
      }
  }
}
