/// One parameter of the vector RNN, with 0-based indices (`name` shows them from 1).
public enum VectorParameter: Hashable, Sendable {
  /// W_xh[i]: the input's weight into unit i.
  case wxh(Int)
  /// W_hh[i,j]: how much of unit j of h_{t−1} enters unit i of a_t.
  case whh(Int, Int)
  /// b[i]: unit i's bias.
  case b(Int)
  /// w_y[i]: unit i's weight in the read-out ŷ_t = w_y·h_t + c.
  case wy(Int)
  /// c: the read-out's bias.
  case c

  /// The name `set` and `print` use, indices from 1: `W_hh[1,2]`.
  public var name: String {
    switch self {
    case .wxh(let i): "W_xh[\(i + 1)]"
    case .whh(let i, let j): "W_hh[\(i + 1),\(j + 1)]"
    case .b(let i): "b[\(i + 1)]"
    case .wy(let i): "w_y[\(i + 1)]"
    case .c: "c"
    }
  }

  /// Every parameter of a model with `size` hidden units, in the order `VectorWeights`
  /// visits them: W_xh, W_hh row by row, b, w_y, c.
  public static func all(size k: Int) -> [VectorParameter] {
    (0..<k).map { .wxh($0) } + (0..<k).flatMap { i in (0..<k).map { .whh(i, $0) } }
      + (0..<k).map { .b($0) } + (0..<k).map { .wy($0) } + [.c]
  }

  /// Whether its indices fit a model with `size` hidden units.
  public func fits(size k: Int) -> Bool {
    switch self {
    case .wxh(let i), .b(let i), .wy(let i): (0..<k).contains(i)
    case .whh(let i, let j): (0..<k).contains(i) && (0..<k).contains(j)
    case .c: true
    }
  }
}

/// The parameters of an RNN with a hidden vector of K units, one input and one output
/// (beyond the article, whose hidden state is one number):
///
///     a_t = W_xh·x_t + W_hh·h_{t−1} + b,   h_t = φ(a_t),   ŷ_t = w_y·h_t + c
///
/// with W_xh, b and w_y vectors of K and W_hh a K×K matrix. The same shape holds their
/// accumulated gradients. With K = 1, W_xh = w₁, W_hh = w₂, w_y = w₃ and b = c = 0 it is the
/// article's cell (Eq. 2–3).
public struct VectorWeights: ParameterValues, Codable {
  public typealias Name = VectorParameter
  /// K, the number of hidden units.
  public let size: Int
  /// W_xh, K numbers.
  public var wxh: [Double]
  /// W_hh, K×K numbers row by row: `whh[i·K + j]` is W_hh[i,j].
  public var whh: [Double]
  /// b, K numbers.
  public var b: [Double]
  /// w_y, K numbers.
  public var wy: [Double]
  /// c.
  public var c: Double

  /// The hidden sizes a model may have: 1 to 8 units (enough to see a spectrum, small enough
  /// to print).
  public static let sizes = 1...8

  /// Every parameter 0.
  public init(size k: Int) {
    precondition(k >= 1, "a hidden vector has at least one unit")
    size = k
    wxh = Array(repeating: 0, count: k)
    whh = Array(repeating: 0, count: k * k)
    b = Array(repeating: 0, count: k)
    wy = Array(repeating: 0, count: k)
    c = 0
  }

  /// The values in `VectorParameter.all(size:)` order.
  public init(size k: Int, values: [Double]) {
    precondition(values.count == Self.count(size: k), "\(Self.count(size: k)) values for K = \(k)")
    self.init(size: k)
    for (p, v) in zip(VectorParameter.all(size: k), values) { self[p] = v }
  }

  /// How many parameters a model with K units has: K² + 3K + 1.
  public static func count(size k: Int) -> Int { k * k + 3 * k + 1 }

  public var zeroed: VectorWeights { VectorWeights(size: size) }

  /// Every value 0, in place.
  public mutating func zero() {
    for i in 0..<size {
      wxh[i] = 0
      b[i] = 0
      wy[i] = 0
    }
    for i in whh.indices { whh[i] = 0 }
    c = 0
  }

  /// The step p −= g·lr on the parameters `trained` picks, if each stays finite: checked
  /// first with the same arithmetic, so the old values need no copy.
  public mutating func updateIfFinite(
    by g: VectorWeights, learningRate lr: Double, where trained: (VectorParameter) -> Bool
  ) -> Bool {
    precondition(g.size == size, "parameters of K = \(size) and K = \(g.size)")
    let k = size
    var finite = true
    for i in 0..<k {
      if trained(.wxh(i)) { finite = finite && (wxh[i] - g.wxh[i] * lr).isFinite }
      for j in 0..<k where trained(.whh(i, j)) {
        finite = finite && (whh[i * k + j] - g.whh[i * k + j] * lr).isFinite
      }
      if trained(.b(i)) { finite = finite && (b[i] - g.b[i] * lr).isFinite }
      if trained(.wy(i)) { finite = finite && (wy[i] - g.wy[i] * lr).isFinite }
    }
    if trained(.c) { finite = finite && (c - g.c * lr).isFinite }
    guard finite else { return false }
    update(by: g, learningRate: lr, where: trained)
    return true
  }

  /// The values in `VectorParameter.all(size:)` order.
  public var values: [Double] { wxh + whh + b + wy + [c] }

  /// The parameters' names, in order.
  public var names: [VectorParameter] { VectorParameter.all(size: size) }

  /// One parameter (its indices must fit `size`).
  public subscript(p: VectorParameter) -> Double {
    get {
      switch p {
      case .wxh(let i): wxh[i]
      case .whh(let i, let j): whh[i * size + j]
      case .b(let i): b[i]
      case .wy(let i): wy[i]
      case .c: c
      }
    }
    set {
      switch p {
      case .wxh(let i): wxh[i] = newValue
      case .whh(let i, let j): whh[i * size + j] = newValue
      case .b(let i): b[i] = newValue
      case .wy(let i): wy[i] = newValue
      case .c: c = newValue
      }
    }
  }

  /// W_hh[i,j], 0-based.
  @inlinable
  public func recurrent(_ i: Int, _ j: Int) -> Double { whh[i * size + j] }

  /// W_hh as K rows.
  public var recurrentRows: [[Double]] {
    (0..<size).map { i in Array(whh[i * size..<(i + 1) * size]) }
  }

  public mutating func combine(
    with other: VectorWeights, _ body: (VectorParameter, inout Double, Double) -> Void
  ) {
    precondition(other.size == size, "parameters of K = \(size) and K = \(other.size)")
    let k = size
    for i in 0..<k { body(.wxh(i), &wxh[i], other.wxh[i]) }
    for i in 0..<k {
      for j in 0..<k { body(.whh(i, j), &whh[i * k + j], other.whh[i * k + j]) }
    }
    for i in 0..<k { body(.b(i), &b[i], other.b[i]) }
    for i in 0..<k { body(.wy(i), &wy[i], other.wy[i]) }
    body(.c, &c, other.c)
  }
}
