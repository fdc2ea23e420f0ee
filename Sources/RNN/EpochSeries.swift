/// One value per epoch of a training run, kept to a bounded number of points.
///
/// When full, every other point is dropped and only every 2nd, 4th, … epoch is kept from
/// then on, so a run of 10⁹ epochs still fits in `capacity` points spread over the run. The
/// first point stays whatever its epoch, so a curve always starts where the run started.
/// Training keeps two: the loss (`LossHistory`) and the weights (`WeightPath`).
public struct EpochSeries<Value: Sendable>: Sendable {
  /// One kept point: the value after `epoch` epochs.
  public struct Point: Sendable {
    public let epoch: Int
    public let value: Value
  }

  /// The kept points, oldest first.
  public private(set) var points: [Point] = []
  /// The most points kept.
  public let capacity: Int
  /// Only epochs that are multiples of this are kept.
  public private(set) var stride = 1

  public init(capacity: Int) {
    precondition(capacity >= 2, "capacity must be at least 2")
    self.capacity = capacity
  }

  public mutating func append(epoch: Int, _ value: Value) {
    guard epoch % stride == 0 else { return }
    if points.count == capacity {
      stride *= 2
      let first = points[0].epoch
      points = points.filter { $0.epoch % stride == 0 || $0.epoch == first }
      guard epoch % stride == 0 else { return }
    }
    points.append(Point(epoch: epoch, value: value))
  }
}

/// The mean loss over each epoch's samples; `plot loss` draws it.
public typealias LossHistory = EpochSeries<Double>

/// The weights at the start (epoch 0) and after each epoch; `landscape` draws the path.
public typealias WeightPath = EpochSeries<Weights>

extension EpochSeries.Point where Value == Double {
  /// The mean loss of this epoch.
  public var loss: Double { value }
}

// Training appends only finite values (a NaN or infinite loss stops it first), so plain
// equality is exact here.
extension EpochSeries.Point: Equatable where Value: Equatable {}
extension EpochSeries: Equatable where Value: Equatable {}
