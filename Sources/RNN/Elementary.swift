/// e^x, tanh and the logistic sigmoid in plain Swift, for the LSTM's gates.
///
/// The engine imports nothing but Swift, so it brings its own exponential. Both functions
/// use the same table-driven scheme: write the argument as u = (64·m + j)·ln 2/64 + r with
/// |r| ≤ ln 2/128, so that e^u = 2^m · 2^(j/64) · e^r, take 2^(j/64) from a table of
/// correctly rounded doubles, and e^r − 1 from its Taylor series to r⁶/720 (the next term is
/// below 2⁻⁵⁵ of the result). The tests hold both within a few units in the last place of
/// the C library's `exp` and `tanh`, far inside the 1e−12 the LSTM's PyTorch check allows.
public enum Elementary {
  /// e^x. NaN for NaN, +∞ above ln(Double.greatestFiniteMagnitude), 0 far enough below 0.
  public static func exp(_ x: Double) -> Double {
    // Past these ends e^x is above the largest double or below half the smallest.
    if x > 709.782712893384 { return .infinity }
    if x < -745.1332191019412 { return 0 }
    return x.isNaN ? x : expCore(x)
  }

  /// tanh x = (e^{2x} − 1)/(e^{2x} + 1), from e^{2|x|} − 1 so that small x keep every digit.
  public static func tanh(_ x: Double) -> Double {
    let a = x.magnitude
    // Past 19.1, 1 − tanh x < 2⁻⁵⁴: the double nearest tanh x is ±1.
    guard a < 19.1 else { return x.isNaN ? x : (x < 0 ? -1 : 1) }
    // Below 2⁻²⁸, x³/3 is under half an ulp of x.
    guard a >= 0x1p-28 else { return x }
    let t = expm1OfPositive(2 * a)
    let r = t / (t + 2)
    return x < 0 ? -r : r
  }

  /// The logistic sigmoid σ(z) = 1/(1 + e^{−z}).
  public static func sigmoid(_ z: Double) -> Double {
    1 / (1 + exp(-z))
  }

  // MARK: The shared scheme

  /// 64/ln 2, and ln 2/64 split in two: the high part has 21 trailing zero bits, so k·high
  /// is exact for every |k| < 2²¹ this file meets.
  static let sixtyFourOverLn2 = 0x1.71547652b82fep+6
  static let ln2Over64High = 0x1.62e42fee00000p-7
  static let ln2Over64Low = 0x1.a39ef35793c76p-39

  /// e^r − 1 for |r| ≤ ln 2/128, Taylor to the sixth power.
  @inline(__always)
  static func expm1Small(_ r: Double) -> Double {
    let tail = 1.0 / 2 + r * (1.0 / 6 + r * (1.0 / 24 + r * (1.0 / 120 + r * (1.0 / 720))))
    return r + (r * r) * tail
  }

  /// Splits u into (m, j, r) with u = (64·m + j)·ln 2/64 + r, 0 ≤ j < 64, |r| ≤ ln 2/128.
  @inline(__always)
  static func reduce(_ u: Double) -> (m: Int, j: Int, r: Double) {
    let k = (u * sixtyFourOverLn2).rounded(.toNearestOrEven)
    let r = (u - k * ln2Over64High) - k * ln2Over64Low
    let n = Int(k)
    return (n >> 6, n & 63, r)
  }

  /// 2^m as a double for −1022 ≤ m ≤ 1023, built from its bits.
  @inline(__always)
  static func twoToThe(_ m: Int) -> Double {
    Double(bitPattern: UInt64(m + 1023) << 52)
  }

  /// e^x for −745.14 < x < 709.79.
  @inline(__always)
  static func expCore(_ x: Double) -> Double {
    let (m, j, r) = reduce(x)
    let t = powersOfTwo[j]
    let v = t + t * expm1Small(r)
    if m >= -1022 && m <= 1023 { return v * twoToThe(m) }
    // Only the ends of the range get here; two scalings keep each factor a normal double.
    return m > 1023 ? v * twoToThe(1023) * 2 : v * twoToThe(m + 1000) * twoToThe(-1000)
  }

  /// e^u − 1 for 0 ≤ u < 38.2, accurate in relative terms for small u too.
  @inline(__always)
  static func expm1OfPositive(_ u: Double) -> Double {
    let (m, j, r) = reduce(u)
    let t = powersOfTwo[j]
    let p = expm1Small(r)
    // Below ln 2, e^u − 1 = (2^(j/64) − 1) + 2^(j/64)·(e^r − 1), with 2^(j/64) − 1 from its
    // own table: subtracting 1 from the table entry would lose the digits that matter.
    if m == 0 { return powersOfTwoMinusOne[j] + t * p }
    return (t + t * p) * twoToThe(m) - 1
  }

  /// 2^(j/64) for j = 0…63, each the double nearest the exact value.
  static let powersOfTwo: [Double] = [
    0x1.0000000000000p+0, 0x1.02c9a3e778061p+0, 0x1.059b0d3158574p+0,
    0x1.0874518759bc8p+0, 0x1.0b5586cf9890fp+0, 0x1.0e3ec32d3d1a2p+0,
    0x1.11301d0125b51p+0, 0x1.1429aaea92de0p+0, 0x1.172b83c7d517bp+0,
    0x1.1a35beb6fcb75p+0, 0x1.1d4873168b9aap+0, 0x1.2063b88628cd6p+0,
    0x1.2387a6e756238p+0, 0x1.26b4565e27cddp+0, 0x1.29e9df51fdee1p+0,
    0x1.2d285a6e4030bp+0, 0x1.306fe0a31b715p+0, 0x1.33c08b26416ffp+0,
    0x1.371a7373aa9cbp+0, 0x1.3a7db34e59ff7p+0, 0x1.3dea64c123422p+0,
    0x1.4160a21f72e2ap+0, 0x1.44e086061892dp+0, 0x1.486a2b5c13cd0p+0,
    0x1.4bfdad5362a27p+0, 0x1.4f9b2769d2ca7p+0, 0x1.5342b569d4f82p+0,
    0x1.56f4736b527dap+0, 0x1.5ab07dd485429p+0, 0x1.5e76f15ad2148p+0,
    0x1.6247eb03a5585p+0, 0x1.6623882552225p+0, 0x1.6a09e667f3bcdp+0,
    0x1.6dfb23c651a2fp+0, 0x1.71f75e8ec5f74p+0, 0x1.75feb564267c9p+0,
    0x1.7a11473eb0187p+0, 0x1.7e2f336cf4e62p+0, 0x1.82589994cce13p+0,
    0x1.868d99b4492edp+0, 0x1.8ace5422aa0dbp+0, 0x1.8f1ae99157736p+0,
    0x1.93737b0cdc5e5p+0, 0x1.97d829fde4e50p+0, 0x1.9c49182a3f090p+0,
    0x1.a0c667b5de565p+0, 0x1.a5503b23e255dp+0, 0x1.a9e6b5579fdbfp+0,
    0x1.ae89f995ad3adp+0, 0x1.b33a2b84f15fbp+0, 0x1.b7f76f2fb5e47p+0,
    0x1.bcc1e904bc1d2p+0, 0x1.c199bdd85529cp+0, 0x1.c67f12e57d14bp+0,
    0x1.cb720dcef9069p+0, 0x1.d072d4a07897cp+0, 0x1.d5818dcfba487p+0,
    0x1.da9e603db3285p+0, 0x1.dfc97337b9b5fp+0, 0x1.e502ee78b3ff6p+0,
    0x1.ea4afa2a490dap+0, 0x1.efa1bee615a27p+0, 0x1.f50765b6e4540p+0,
    0x1.fa7c1819e90d8p+0,
  ]

  /// 2^(j/64) − 1 for j = 0…63, each the double nearest the exact value.
  static let powersOfTwoMinusOne: [Double] = [
    0x0p+0, 0x1.64d1f3bc03077p-7, 0x1.66c34c5615d0fp-6,
    0x1.0e8a30eb37901p-5, 0x1.6ab0d9f3121ecp-5, 0x1.c7d865a7a3440p-5,
    0x1.1301d0125b50ap-4, 0x1.429aaea92ddfbp-4, 0x1.72b83c7d517aep-4,
    0x1.a35beb6fcb754p-4, 0x1.d4873168b9aa8p-4, 0x1.031dc431466b2p-3,
    0x1.1c3d373ab11c3p-3, 0x1.35a2b2f13e6e9p-3, 0x1.4f4efa8fef709p-3,
    0x1.6942d3720185ap-3, 0x1.837f0518db8a9p-3, 0x1.9e0459320b7fap-3,
    0x1.b8d39b9d54e55p-3, 0x1.d3ed9a72cffb7p-3, 0x1.ef5326091a112p-3,
    0x1.0582887dcb8a8p-2, 0x1.13821818624b4p-2, 0x1.21a8ad704f340p-2,
    0x1.2ff6b54d8a89cp-2, 0x1.3e6c9da74b29bp-2, 0x1.4d0ad5a753e07p-2,
    0x1.5bd1cdad49f6ap-2, 0x1.6ac1f752150a5p-2, 0x1.79dbc56b48522p-2,
    0x1.891fac0e95613p-2, 0x1.988e209548892p-2, 0x1.a827999fcef32p-2,
    0x1.b7ec8f19468bcp-2, 0x1.c7dd7a3b17dcfp-2, 0x1.d7fad59099f23p-2,
    0x1.e8451cfac061bp-2, 0x1.f8bccdb3d3988p-2, 0x1.04b1332999c25p-1,
    0x1.0d1b3368925d9p-1, 0x1.159ca845541b7p-1, 0x1.1e35d322aee6cp-1,
    0x1.26e6f619b8bcap-1, 0x1.2fb053fbc9c9fp-1, 0x1.389230547e120p-1,
    0x1.418ccf6bbcac9p-1, 0x1.4aa07647c4ab9p-1, 0x1.53cd6aaf3fb7fp-1,
    0x1.5d13f32b5a75bp-1, 0x1.66745709e2bf6p-1, 0x1.6feede5f6bc8ep-1,
    0x1.7983d209783a4p-1, 0x1.83337bb0aa538p-1, 0x1.8cfe25cafa297p-1,
    0x1.96e41b9df20d2p-1, 0x1.a0e5a940f12f7p-1, 0x1.ab031b9f7490ep-1,
    0x1.b53cc07b6650bp-1, 0x1.bf92e66f736bdp-1, 0x1.ca05dcf167fecp-1,
    0x1.d495f454921b3p-1, 0x1.df437dcc2b44fp-1, 0x1.ea0ecb6dc8a81p-1,
    0x1.f4f83033d21b0p-1,
  ]
}
