import LinearAlgebra
import XCTest

/// The matrix type's arithmetic, on small integers, whose products are exact in binary.
final class MatrixTests: XCTestCase {
  func testRowsAreReadAsWritten() {
    let a = Matrix([[1, 2, 3], [4, 5, 6]])
    XCTAssertEqual(a.rows, 2)
    XCTAssertEqual(a.columns, 3)
    XCTAssertEqual(a.values, [1, 2, 3, 4, 5, 6])
    XCTAssertEqual(a[0, 2], 3)
    XCTAssertEqual(a[1, 0], 4)
    XCTAssertEqual(a, Matrix(rows: 2, columns: 3, values: [1, 2, 3, 4, 5, 6]))
  }

  func testSubscriptSetsOneEntry() {
    var a = Matrix([[1, 2], [3, 4]])
    a[1, 0] = -7
    XCTAssertEqual(a, Matrix([[1, 2], [-7, 4]]))
  }

  /// [[1,2],[3,4]]·[[5,6],[7,8]] = [[1·5+2·7, 1·6+2·8], [3·5+4·7, 3·6+4·8]] = [[19,22],[43,50]].
  func testProductByHand() {
    XCTAssertEqual(
      Matrix([[1, 2], [3, 4]]) * Matrix([[5, 6], [7, 8]]), Matrix([[19, 22], [43, 50]]))
    // A 2×3 times a 3×1: [1·1+2·0+3·(−1), 4·1+5·0+6·(−1)] = [−2, −2].
    XCTAssertEqual(
      Matrix([[1, 2, 3], [4, 5, 6]]) * Matrix([[1], [0], [-1]]), Matrix([[-2], [-2]]))
  }

  func testIdentityIsNeutral() {
    let a = Matrix([[1, 2, 3], [4, 5, 6]])
    XCTAssertEqual(Matrix.identity(2) * a, a)
    XCTAssertEqual(a * Matrix.identity(3), a)
    XCTAssertEqual(Matrix.identity(3).values, [1, 0, 0, 0, 1, 0, 0, 0, 1])
  }

  func testTransposeSwapsRowsAndColumns() {
    let a = Matrix([[1, 2, 3], [4, 5, 6]])
    XCTAssertEqual(a.transposed, Matrix([[1, 4], [2, 5], [3, 6]]))
    XCTAssertEqual(a.transposed.transposed, a)
    // (AB)ᵀ = BᵀAᵀ
    let b = Matrix([[1, -1], [0, 2], [3, 1]])
    XCTAssertEqual((a * b).transposed, b.transposed * a.transposed)
  }

  func testIsFiniteSeesNaNAndInfinity() {
    XCTAssertTrue(Matrix([[1, 2], [3, 4]]).isFinite)
    XCTAssertFalse(Matrix([[1, .nan], [3, 4]]).isFinite)
    XCTAssertFalse(Matrix([[1, 2], [-.infinity, 4]]).isFinite)
  }
}
