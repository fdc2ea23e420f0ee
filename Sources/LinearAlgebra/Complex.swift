import Foundation

/// A complex number re + i·im: an eigenvalue of a real matrix that is not symmetric.
///
/// Only what a spectrum needs: the two parts and the modulus. A real eigenvalue has `im`
/// exactly 0, as LAPACK returns it.
public struct Complex: Equatable, Sendable {
  public var re: Double
  public var im: Double

  public init(re: Double, im: Double) {
    self.re = re
    self.im = im
  }

  /// |z| = √(re² + im²), by `hypot`, which neither overflows nor underflows on the way.
  public var modulus: Double { hypot(re, im) }
}
