/// A small seeded random generator (SplitMix64), so every session can be replayed.
public struct SplitMix64: RandomNumberGenerator, Equatable, Hashable, Sendable, Codable {
  public private(set) var state: UInt64

  public init(seed: UInt64) { state = seed }

  /// The generator seeded with `seed` after `draws` calls to `next()`, in one step: each
  /// call adds the same odd constant to the state.
  public init(seed: UInt64, draws: UInt64) {
    state = seed &+ draws &* Self.increment
  }

  /// How many calls to `next()` took a generator seeded with `seed` to this one (modulo
  /// 2⁶⁴): the increment is odd, so it has an inverse modulo 2⁶⁴.
  public func draws(since seed: UInt64) -> UInt64 {
    (state &- seed) &* 0xF1DE_83E1_9937_733D
  }

  private static let increment: UInt64 = 0x9E37_79B9_7F4A_7C15

  public mutating func next() -> UInt64 {
    state &+= Self.increment
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// Uniform in [0, 1), the range of `torch.rand(1)`: 53 random bits scaled by 2⁻⁵³
  /// (torch draws a float32, so its values have 24 bits; the range is what matters here).
  public mutating func nextUnit() -> Double {
    Double(next() >> 11) * 0x1p-53
  }
}
