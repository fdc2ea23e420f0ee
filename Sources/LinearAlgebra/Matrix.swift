/// A dense real matrix, stored row by row: entry (i, j) is `values[i * columns + j]`.
///
/// Row-major because that is how a matrix is written on the page and in PyTorch;
/// `Spectrum` converts to LAPACK's column-major layout where it calls LAPACK.
public struct Matrix: Equatable, Sendable {
  public let rows: Int
  public let columns: Int
  public private(set) var values: [Double]

  public init(rows: Int, columns: Int, values: [Double]) {
    precondition(
      rows >= 0 && columns >= 0, "a matrix needs non-negative sizes, not \(rows)×\(columns)")
    precondition(
      values.count == rows * columns,
      "a \(rows)×\(columns) matrix needs \(rows * columns) values, not \(values.count)")
    self.rows = rows
    self.columns = columns
    self.values = values
  }

  /// The matrix whose rows are `rows`, as written: `Matrix([[1, 2], [3, 4]])`.
  public init(_ rows: [[Double]]) {
    let columns = rows.first?.count ?? 0
    precondition(
      rows.allSatisfy { $0.count == columns }, "every row of a matrix needs \(columns) values")
    self.init(rows: rows.count, columns: columns, values: rows.flatMap { $0 })
  }

  /// Entry (i, j), both counted from 0.
  public subscript(i: Int, j: Int) -> Double {
    get { values[offset(i, j)] }
    set { values[offset(i, j)] = newValue }
  }

  private func offset(_ i: Int, _ j: Int) -> Int {
    precondition(
      0 <= i && i < rows && 0 <= j && j < columns, "(\(i), \(j)) is outside \(rows)×\(columns)")
    return i * columns + j
  }

  /// The n×n identity matrix I.
  public static func identity(_ n: Int) -> Matrix {
    var result = Matrix(rows: n, columns: n, values: Array(repeating: 0, count: n * n))
    for i in 0..<n { result[i, i] = 1 }
    return result
  }

  /// The matrix product: (AB)_ij = Σ_k A_ik·B_kj, summed in order of k.
  public static func * (a: Matrix, b: Matrix) -> Matrix {
    precondition(
      a.columns == b.rows,
      "a \(a.rows)×\(a.columns) matrix cannot multiply a \(b.rows)×\(b.columns) one")
    var product = Matrix(
      rows: a.rows, columns: b.columns, values: Array(repeating: 0, count: a.rows * b.columns))
    for i in 0..<a.rows {
      for j in 0..<b.columns {
        var sum = 0.0
        for k in 0..<a.columns { sum += a.values[i * a.columns + k] * b.values[k * b.columns + j] }
        product.values[i * b.columns + j] = sum
      }
    }
    return product
  }

  /// Aᵀ: entry (i, j) of the result is entry (j, i) of this matrix.
  public var transposed: Matrix {
    var result = Matrix(rows: columns, columns: rows, values: values)
    for i in 0..<rows {
      for j in 0..<columns { result.values[j * rows + i] = values[i * columns + j] }
    }
    return result
  }

  /// Whether every entry is finite (no NaN, no ±∞): LAPACK's answers for anything else are
  /// not to be trusted, so `Spectrum` refuses such a matrix.
  public var isFinite: Bool { values.allSatisfy(\.isFinite) }
}
