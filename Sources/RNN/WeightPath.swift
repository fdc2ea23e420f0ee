/// Where the weights went during a training run: the start, then the weights after each
/// epoch, kept to a bounded number of points.
///
/// Thinned the way `LossHistory` is: when full, every other point is dropped and only every
/// 2nd, 4th, … epoch is kept from then on. Epoch 0, the start, is always kept. The Tutor's
/// `landscape` draws it over the loss surface.
public struct WeightPath: Equatable, Sendable {
  /// One kept point: the weights after `epoch` epochs (0: before the first).
  public struct Point: Equatable, Sendable {
    public let epoch: Int
    public let weights: Weights
  }

  /// The kept points, oldest first.
  public private(set) var points: [Point] = []
  /// The most points kept.
  public let capacity: Int
  /// Only epochs that are multiples of this are kept.
  public private(set) var stride = 1

  public init(capacity: Int = 512) {
    precondition(capacity >= 2, "capacity must be at least 2")
    self.capacity = capacity
  }

  public mutating func append(epoch: Int, weights: Weights) {
    guard epoch % stride == 0 else { return }
    if points.count == capacity {
      stride *= 2
      points = points.filter { $0.epoch % stride == 0 }
      guard epoch % stride == 0 else { return }
    }
    points.append(Point(epoch: epoch, weights: weights))
  }
}
