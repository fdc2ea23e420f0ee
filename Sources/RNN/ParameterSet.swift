/// A model's parameters as numbers that can be visited one by one beside the same numbers of
/// another value of the same shape: what training, clipping and the gradient checks need.
///
/// `ParameterSet` (a fixed list of named parameters: the RNN's and the LSTM's) refines it; a
/// model whose shape is chosen at run time (the vector RNN, whose hidden size K is picked by
/// `model rnn K`) conforms to this alone, since its names cannot be an enumeration's cases.
///
/// Everything elementwise goes through `combine(with:_:)`, which a conformance writes out
/// field by field; with the closures it is handed inlined, a specialised caller compiles to
/// the same arithmetic as hand-written code, so the training loops use it too.
public protocol ParameterValues: Hashable, Sendable {
  /// What one parameter is called.
  associatedtype Name: Hashable, Sendable

  /// The same shape with every value 0: the gradients after zeroing.
  var zeroed: Self { get }

  /// Calls `body` once for each parameter, in the conformance's fixed order, with its name,
  /// the parameter itself (which `body` may change) and the same parameter of `other`
  /// (which has the same shape).
  mutating func combine(with other: Self, _ body: (Name, inout Double, Double) -> Void)

  /// Sets every value to 0: the training loop's zeroing. By default `self = zeroed`; a
  /// conformance that holds arrays zeroes them in place, so each sample step allocates nothing.
  mutating func zero()

  /// The gradient-descent step of `update(by:learningRate:where:)`, taken only when every
  /// parameter `trained` picks is finite after it; returns whether it was taken (else `self`
  /// is as it was). By default it steps, checks and puts the old value back; a conformance
  /// that holds arrays checks first, so that no copy of the old value is needed.
  mutating func updateIfFinite(
    by gradients: Self, learningRate lr: Double, where trained: (Name) -> Bool
  ) -> Bool
}

extension ParameterValues {
  @inlinable @inline(__always)
  public mutating func zero() { self = zeroed }

  @inlinable @inline(__always)
  public mutating func updateIfFinite(
    by gradients: Self, learningRate lr: Double, where trained: (Name) -> Bool
  ) -> Bool {
    let before = self
    update(by: gradients, learningRate: lr, where: trained)
    if isFinite(where: trained) { return true }
    self = before
    return false
  }
}

/// A model's parameters as a set of named numbers, and the same shape for their gradients.
///
/// The RNN's `Weights` (w₁, w₂, w₃, b, c) and the LSTM's `LSTMWeights` (14 numbers) conform;
/// what every model does to its parameters — read or set one by name, list them in order,
/// check they are finite, take the gradient-descent step p −= lr·p.g (§3.1), zero the
/// gradients, measure and scale them for clipping — is written once, here and in
/// `ParameterValues`.
public protocol ParameterSet: ParameterValues
where
  Name: CaseIterable & RawRepresentable,
  Name.RawValue == String
{
  /// Every parameter 0: the gradients after zeroing.
  static var zero: Self { get }

  /// The parameter called `name`.
  subscript(_ name: Name) -> Double { get set }
}

extension ParameterSet {
  /// The shape is fixed, so the zero of any value is `zero`.
  public var zeroed: Self { .zero }
}

extension ParameterSet {
  /// The values in `Name.allCases` order.
  public init(_ values: [Double]) {
    precondition(
      values.count == Name.allCases.count,
      "\(Self.self) has \(Name.allCases.count) parameters, got \(values.count)")
    self = .zero
    for (name, v) in zip(Name.allCases, values) { self[name] = v }
  }

  /// The values in `Name.allCases` order.
  public var values: [Double] { Name.allCases.map { self[$0] } }
}

extension ParameterValues {
  /// Calls `body` with each parameter's name and value, in `Name.allCases` order.
  @inlinable @inline(__always)
  public func forEach(_ body: (Name, Double) -> Void) {
    var copy = self
    copy.combine(with: self) { name, _, value in body(name, value) }
  }

  /// True when no parameter is NaN or infinite.
  public var isFinite: Bool { isFinite(where: { _ in true }) }

  /// True when none of the parameters `included` picks is NaN or infinite.
  @inlinable @inline(__always)
  public func isFinite(where included: (Name) -> Bool) -> Bool {
    var finite = true
    forEach { name, value in
      if included(name) { finite = finite && value.isFinite }
    }
    return finite
  }

  /// One gradient-descent step, p −= g·lr, for each parameter `trained` picks (§3.1's
  /// update; all of them by default); the others stay as they are.
  @inlinable @inline(__always)
  public mutating func update(
    by gradients: Self, learningRate lr: Double, where trained: (Name) -> Bool = { _ in true }
  ) {
    combine(with: gradients) { name, p, g in
      if trained(name) { p -= g * lr }
    }
  }

  /// The 2-norm √(Σ g²) of the parameters `included` picks, summed in `Name.allCases` order:
  /// what gradient-norm clipping measures.
  @inlinable @inline(__always)
  public func norm(where included: (Name) -> Bool = { _ in true }) -> Double {
    var sum = 0.0
    forEach { name, value in
      if included(name) { sum += value * value }
    }
    return sum.squareRoot()
  }

  /// Multiplies each parameter `included` picks by `factor`: clipping's scaling.
  @inlinable @inline(__always)
  public mutating func scale(by factor: Double, where included: (Name) -> Bool = { _ in true }) {
    combine(with: self) { name, p, _ in
      if included(name) { p *= factor }
    }
  }
}
