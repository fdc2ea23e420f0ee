import CLapack
import Foundation

/// The spectrum of a matrix (eigenvalues, singular values, spectral radius), computed by
/// LAPACK, and two ways to build a matrix whose spectrum is known in advance.
///
/// Why a recurrent net cares: backpropagation through time multiplies ∂L/∂h_t by W_hhᵀ once
/// per step back, so the eigenvalues of W_hh (their moduli against 1) say whether a gradient
/// dies out or blows up over many steps, and the singular values bound how much one step
/// can stretch or shrink it.
///
/// LAPACK works on column-major arrays; `Matrix` is row-major, so each call hands LAPACK
/// `matrix.transposed.values`, which is the same matrix laid out column by column, with
/// leading dimension `rows`.
public enum Spectrum {
  /// The eigenvalues of a square matrix, largest modulus first; nil when the matrix is not
  /// square, has an entry that is not finite, or LAPACK reports a failure.
  ///
  /// LAPACK's `dgeev` (Hessenberg reduction and the QR algorithm), without eigenvectors. A
  /// real eigenvalue comes back with an imaginary part of exactly 0; complex ones come in
  /// conjugate pairs a ± ib. Order: modulus descending, then real part descending, then
  /// imaginary part descending, so a pair lists a + ib before a − ib.
  public static func eigenvalues(of matrix: Matrix) -> [Complex]? {
    guard matrix.rows == matrix.columns, matrix.isFinite else { return nil }
    let n = matrix.rows
    if n == 0 { return [] }
    var a = matrix.transposed.values
    var re = [Double](repeating: 0, count: n)
    var im = [Double](repeating: 0, count: n)
    // Not read with jobvl = jobvr = 'N', but LAPACK still wants leading dimensions ≥ 1.
    var left = [0.0]
    var right = [0.0]
    let info = LAPACKE_dgeev(
      LAPACK_COL_MAJOR, no, no, LapackInt(n), &a, LapackInt(n), &re, &im, &left, 1, &right, 1)
    guard info == 0 else { return nil }
    return zip(re, im).map { Complex(re: $0, im: $1) }.sorted { x, y in
      if x.modulus != y.modulus { return x.modulus > y.modulus }
      if x.re != y.re { return x.re > y.re }
      return x.im > y.im
    }
  }

  /// The singular values of a matrix of any shape, largest first: the square roots of the
  /// eigenvalues of AᵀA, min(rows, columns) of them. Nil when an entry is not finite or
  /// LAPACK reports a failure.
  ///
  /// LAPACK's `dgesdd` (divide and conquer), without the singular vectors. σ₁ is the most
  /// the matrix can stretch a vector (its 2-norm), σ_last the least.
  public static func singularValues(of matrix: Matrix) -> [Double]? {
    guard matrix.isFinite else { return nil }
    let (m, n) = (matrix.rows, matrix.columns)
    if m == 0 || n == 0 { return [] }
    var a = matrix.transposed.values
    var s = [Double](repeating: 0, count: min(m, n))
    var u = [0.0]
    var vt = [0.0]
    let info = LAPACKE_dgesdd(
      LAPACK_COL_MAJOR, no, LapackInt(m), LapackInt(n), &a, LapackInt(m), &s, &u, 1, &vt, 1)
    guard info == 0 else { return nil }
    // dgesdd already sorts them in decreasing order; sorting again costs nothing and says so.
    return s.sorted(by: >)
  }

  /// ρ(A) = max |λᵢ|, the largest modulus of an eigenvalue; 0 for the 0×0 matrix, nil where
  /// `eigenvalues(of:)` is nil.
  ///
  /// For large t, ‖Aᵗ‖ grows or shrinks like ρ(A)ᵗ: the rate at which a linear recurrence
  /// h_t = A·h_{t−1} (and its gradient) explodes (ρ > 1) or vanishes (ρ < 1).
  public static func spectralRadius(of matrix: Matrix) -> Double? {
    eigenvalues(of: matrix).map { $0.first?.modulus ?? 0 }
  }

  /// A random orthogonal n×n matrix Q (QᵀQ = I, every eigenvalue of modulus 1), made from
  /// n·n standard-normal draws that the caller supplies, read row by row.
  ///
  /// What PyTorch's `torch.nn.init.orthogonal_` does for a square tensor ("Fill the input
  /// Tensor with a (semi) orthogonal matrix", after Saxe et al., 2013, "Exact solutions to the
  /// nonlinear dynamics of learning in deep linear neural networks"): factor the Gaussian
  /// matrix G = QR with LAPACK's `dgeqrf` and form Q with `dorgqr`, then multiply column j of
  /// Q by the sign of R_jj. Householder QR leaves those signs to chance; fixing them makes
  /// the factorisation unique and Q distributed uniformly (Haar measure) over the orthogonal
  /// group (Mezzadri 2007, "How to generate random matrices from the classical compact
  /// groups", which PyTorch's source cites). Given the same draws, the result is PyTorch's
  /// up to rounding. Where R_jj is exactly 0 (probability 0) the sign is taken as +1, which
  /// keeps Q orthogonal; PyTorch's `sign` would zero the column.
  public static func orthogonal(n: Int, gaussian: [Double]) -> Matrix {
    precondition(n >= 0, "an orthogonal matrix needs n ≥ 0, not \(n)")
    precondition(
      gaussian.count == n * n,
      "an orthogonal \(n)×\(n) matrix needs \(n * n) draws, not \(gaussian.count)")
    precondition(gaussian.allSatisfy(\.isFinite), "the Gaussian draws must be finite")
    if n == 0 { return Matrix(rows: 0, columns: 0, values: []) }
    var a = Matrix(rows: n, columns: n, values: gaussian).transposed.values
    var tau = [Double](repeating: 0, count: n)
    var info = LAPACKE_dgeqrf(LAPACK_COL_MAJOR, LapackInt(n), LapackInt(n), &a, LapackInt(n), &tau)
    precondition(info == 0, "dgeqrf failed with info \(info)")
    // dgeqrf leaves R on and above the diagonal; entry (j, j) sits at j·n + j column-major.
    let signs = (0..<n).map { j in a[j * n + j] < 0 ? -1.0 : 1.0 }
    info = LAPACKE_dorgqr(
      LAPACK_COL_MAJOR, LapackInt(n), LapackInt(n), LapackInt(n), &a, LapackInt(n), &tau)
    precondition(info == 0, "dorgqr failed with info \(info)")
    for j in 0..<n {
      for i in 0..<n { a[j * n + i] *= signs[j] }
    }
    // Read row by row, the column-major array is Qᵀ.
    return Matrix(rows: n, columns: n, values: a).transposed
  }

  /// r times the rotation by θ in each plane (x₁, x₂), (x₃, x₄), …: 2×2 blocks
  /// r·[[cos θ, −sin θ], [sin θ, cos θ]] down the diagonal, and r alone in the last
  /// diagonal entry when n is odd.
  ///
  /// Its spectrum is known by construction: eigenvalues r·e^{±iθ} (one pair per block, plus
  /// r when n is odd) and every singular value |r|. A W_hh to try the vanishing (r < 1) and
  /// exploding (r > 1) regimes with, at a rotation the learner chooses.
  public static func rotation(angle: Double, scale r: Double, n: Int) -> Matrix {
    precondition(n >= 0, "a rotation needs n ≥ 0, not \(n)")
    var m = Matrix(rows: n, columns: n, values: Array(repeating: 0, count: n * n))
    let c = r * cos(angle)
    let s = r * sin(angle)
    for k in stride(from: 0, to: n - 1, by: 2) {
      m[k, k] = c
      m[k, k + 1] = -s
      m[k + 1, k] = s
      m[k + 1, k + 1] = c
    }
    if n % 2 == 1 { m[n - 1, n - 1] = r }
    return m
  }

  private typealias LapackInt = minirnn_lapack_int

  /// LAPACK's job letter 'N': compute no vectors.
  private static let no = CChar(UInt8(ascii: "N"))
}
