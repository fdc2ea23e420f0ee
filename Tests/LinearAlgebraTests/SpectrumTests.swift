import Foundation
import LinearAlgebra
import RNN
import TestSupport
import XCTest

/// Spectra worked out by hand, and the properties that hold for any matrix of a kind.
final class SpectrumTests: XCTestCase {
  private func assertSpectrum(
    _ got: [Complex]?, _ expected: [Complex], within tolerance: Double, _ what: String,
    file: StaticString = #filePath, line: UInt = #line
  ) {
    guard let got else { return XCTFail("\(what): no eigenvalues", file: file, line: line) }
    XCTAssertEqual(got.count, expected.count, "\(what): \(got)", file: file, line: line)
    for (k, (g, e)) in zip(got, expected).enumerated() {
      assertWithin(g.re, e.re, tolerance, "\(what) λ\(k + 1).re", file: file, line: line)
      assertWithin(g.im, e.im, tolerance, "\(what) λ\(k + 1).im", file: file, line: line)
    }
  }

  // MARK: Eigenvalues and singular values by hand

  /// A diagonal matrix's eigenvalues are its diagonal entries, real, and its singular values
  /// their absolute values; ordered by modulus: −5, 3, 2, 0.5 and 5, 3, 2, 0.5.
  func testDiagonalMatrix() {
    let d = Matrix([[3, 0, 0, 0], [0, -5, 0, 0], [0, 0, 0.5, 0], [0, 0, 0, 2]])
    let eigenvalues = Spectrum.eigenvalues(of: d)
    assertSpectrum(
      eigenvalues, [-5, 3, 2, 0.5].map { Complex(re: $0, im: 0) }, within: 1e-15, "diag")
    // A real eigenvalue's imaginary part is exactly 0, as LAPACK returns it.
    XCTAssertEqual(eigenvalues?.map(\.im), [0, 0, 0, 0])
    let sigma = Spectrum.singularValues(of: d) ?? []
    XCTAssertEqual(sigma.count, 4)
    for (got, want) in zip(sigma, [5, 3, 2, 0.5]) { assertClose(got, want, relative: 1e-15, "σ") }
    assertClose(Spectrum.spectralRadius(of: d) ?? .nan, 5, relative: 1e-15, "ρ(diag)")
  }

  /// r·[[cos θ, −sin θ], [sin θ, cos θ]] has characteristic polynomial
  /// λ² − 2r·cos θ·λ + r² = 0, so λ = r·cos θ ± i·r·sin θ = r·e^{±iθ}; it is r times an
  /// orthogonal matrix, so AᵀA = r²I and both singular values are r.
  func testScaledRotation() {
    for (theta, r) in [(0.7, 0.9), (2.5, 1.5), (-1.2, 0.25)] {
      let a = Spectrum.rotation(angle: theta, scale: r, n: 2)
      assertClose(
        a, Matrix([[r * cos(theta), -r * sin(theta)], [r * sin(theta), r * cos(theta)]]),
        within: 0, "the block")
      let plus = Complex(re: r * cos(theta), im: r * abs(sin(theta)))
      let minus = Complex(re: plus.re, im: -plus.im)
      assertSpectrum(
        Spectrum.eigenvalues(of: a), [plus, minus], within: 1e-15 * r, "rotation θ=\(theta) r=\(r)")
      for sigma in Spectrum.singularValues(of: a) ?? [] {
        assertClose(sigma, r, relative: 1e-15, "σ of rotation θ=\(theta) r=\(r)")
      }
      assertClose(Spectrum.spectralRadius(of: a) ?? .nan, r, relative: 1e-15, "ρ")
    }
  }

  /// For n = 5 the rotation has two blocks and a lone r: eigenvalues r·e^{±iθ} twice and r,
  /// all of modulus r, and five singular values r.
  func testRotationOfOddSize() {
    let (theta, r) = (0.4, 0.8)
    let a = Spectrum.rotation(angle: theta, scale: r, n: 5)
    XCTAssertEqual(a[4, 4], r)
    XCTAssertEqual(a[2, 3], -r * sin(theta))
    XCTAssertEqual(a[1, 2], 0)
    let eigenvalues = Spectrum.eigenvalues(of: a) ?? []
    XCTAssertEqual(eigenvalues.count, 5)
    // The moduli are all r up to rounding, so compare as a multiset: sorted by imaginary part.
    let byImaginary = eigenvalues.sorted { $0.im > $1.im }
    let c = Complex(re: r * cos(theta), im: r * sin(theta))
    let expected = [
      c, c, Complex(re: r, im: 0), Complex(re: c.re, im: -c.im), Complex(re: c.re, im: -c.im),
    ]
    assertSpectrum(byImaginary, expected, within: 1e-15, "rotation n=5")
    XCTAssertEqual(Spectrum.singularValues(of: a)?.count, 5)
    for sigma in Spectrum.singularValues(of: a) ?? [] {
      assertClose(sigma, r, relative: 1e-15, "σ")
    }
  }

  /// N = [[0, 1], [0, 0]]: N² = 0, so every eigenvalue is 0 (twice, though N ≠ 0); NᵀN =
  /// [[0, 0], [0, 1]], so the singular values are 1 and 0. The spectral radius 0 says nothing
  /// of one step's stretch, which σ₁ = 1 does.
  func testNilpotent() {
    let n = Matrix([[0, 1], [0, 0]])
    assertSpectrum(
      Spectrum.eigenvalues(of: n), [Complex(re: 0, im: 0), Complex(re: 0, im: 0)], within: 0,
      "nilpotent")
    let sigma = Spectrum.singularValues(of: n) ?? []
    XCTAssertEqual(sigma.count, 2)
    assertWithin(sigma.first ?? .nan, 1, 1e-15, "σ₁")
    assertWithin(sigma.last ?? .nan, 0, 1e-15, "σ₂")
  }

  /// [[2, 1], [1, 2]]: λ = 2 ± 1 = 3, 1. [[1, 2], [2, 1]]: λ = 1 ± 2 = 3, −1, singular
  /// values 3, 1.
  func testSymmetricTwoByTwo() {
    assertSpectrum(
      Spectrum.eigenvalues(of: Matrix([[2, 1], [1, 2]])),
      [Complex(re: 3, im: 0), Complex(re: 1, im: 0)], within: 1e-15, "[[2,1],[1,2]]")
    let b = Matrix([[1, 2], [2, 1]])
    assertSpectrum(
      Spectrum.eigenvalues(of: b), [Complex(re: 3, im: 0), Complex(re: -1, im: 0)],
      within: 1e-15, "[[1,2],[2,1]]")
    let sigma = Spectrum.singularValues(of: b) ?? []
    XCTAssertEqual(sigma.count, 2)
    for (got, want) in zip(sigma, [3.0, 1]) { assertClose(got, want, relative: 1e-15, "σ") }
  }

  /// A symmetric S = Q·Λ·Qᵀ has real eigenvalues, and SᵀS = Q·Λ²·Qᵀ, so its singular values
  /// are the |λ|: the same list, since both are sorted by size.
  func testSymmetricSingularValuesAreAbsoluteEigenvalues() {
    var generator = SplitMix64(seed: 3001)
    for n in 1...8 {
      let g = Matrix(rows: n, columns: n, values: generator.gaussians(n * n))
      let s = Matrix(
        rows: n, columns: n, values: zip(g.values, g.transposed.values).map { ($0 + $1) / 2 })
      let eigenvalues = Spectrum.eigenvalues(of: s) ?? []
      let sigma = Spectrum.singularValues(of: s) ?? []
      XCTAssertEqual(eigenvalues.count, n)
      XCTAssertEqual(sigma.count, n)
      let scale = sigma.first ?? 1
      for (k, (lambda, sigma)) in zip(eigenvalues, sigma).enumerated() {
        assertWithin(lambda.im, 0, 1e-14 * scale, "n=\(n) Im λ\(k + 1)")
        assertWithin(abs(lambda.re), sigma, 1e-13 * scale, "n=\(n) |λ\(k + 1)| against σ\(k + 1)")
      }
    }
  }

  /// σ of a wide or tall matrix: [[3, 0, 0], [0, 4, 0]] stretches e₂ by 4 and e₁ by 3; the
  /// column [1, 1]ᵀ has one singular value, its length √2.
  func testSingularValuesOfRectangularMatrices() {
    let wide = Matrix([[3, 0, 0], [0, 4, 0]])
    let sigma = Spectrum.singularValues(of: wide) ?? []
    XCTAssertEqual(sigma.count, 2)
    for (got, want) in zip(sigma, [4.0, 3]) { assertClose(got, want, relative: 1e-15, "σ wide") }
    let tall = Spectrum.singularValues(of: wide.transposed) ?? []
    XCTAssertEqual(tall.count, 2)
    for (got, want) in zip(tall, [4.0, 3]) { assertClose(got, want, relative: 1e-15, "σ tall") }
    let column = Spectrum.singularValues(of: Matrix([[1], [1]])) ?? []
    XCTAssertEqual(column.count, 1)
    assertClose(column.first ?? .nan, 2.0.squareRoot(), relative: 1e-15, "σ column")
  }

  // MARK: Refusals

  func testNonSquareHasNoEigenvalues() {
    let wide = Matrix([[1, 2, 3], [4, 5, 6]])
    XCTAssertNil(Spectrum.eigenvalues(of: wide))
    XCTAssertNil(Spectrum.spectralRadius(of: wide))
    XCTAssertNotNil(Spectrum.singularValues(of: wide))
  }

  func testNonFiniteEntriesAreRefused() {
    for bad in [Double.nan, .infinity, -.infinity] {
      let a = Matrix([[1, 2], [bad, 4]])
      XCTAssertNil(Spectrum.eigenvalues(of: a), "\(bad)")
      XCTAssertNil(Spectrum.singularValues(of: a), "\(bad)")
      XCTAssertNil(Spectrum.spectralRadius(of: a), "\(bad)")
    }
  }

  func testEmptyMatrixHasAnEmptySpectrum() {
    let empty = Matrix(rows: 0, columns: 0, values: [])
    XCTAssertEqual(Spectrum.eigenvalues(of: empty), [])
    XCTAssertEqual(Spectrum.singularValues(of: empty), [])
    XCTAssertEqual(Spectrum.spectralRadius(of: empty), 0)
  }

  // MARK: Order

  /// Block diagonal: 0.5·rot(θ), the diagonal entries 3 and −1 and 1, and 2·rot(θ). By modulus:
  /// 3, then 2·e^{±iθ} with +iθ first, then 1 before −1 (equal modulus, larger real part
  /// first), then 0.5·e^{±iθ}.
  func testOrderIsModulusThenRealThenImaginary() {
    let theta = 0.9
    var a = Matrix(rows: 7, columns: 7, values: Array(repeating: 0, count: 49))
    let small = Spectrum.rotation(angle: theta, scale: 0.5, n: 2)
    let large = Spectrum.rotation(angle: theta, scale: 2, n: 2)
    for i in 0..<2 {
      for j in 0..<2 {
        a[i, j] = small[i, j]
        a[5 + i, 5 + j] = large[i, j]
      }
    }
    a[2, 2] = -1
    a[3, 3] = 3
    a[4, 4] = 1
    let e = { (r: Double, sign: Double) in Complex(re: r * cos(theta), im: sign * r * sin(theta)) }
    let eigenvalues = Spectrum.eigenvalues(of: a)
    assertSpectrum(
      eigenvalues,
      [
        Complex(re: 3, im: 0), e(2, 1), e(2, -1), Complex(re: 1, im: 0), Complex(re: -1, im: 0),
        e(0.5, 1), e(0.5, -1),
      ], within: 1e-14, "block diagonal")
    // Each conjugate pair comes out of LAPACK with bit-equal moduli, so the tie is real.
    if let eigenvalues, eigenvalues.count == 7 {
      XCTAssertEqual(eigenvalues[1].modulus, eigenvalues[2].modulus)
      XCTAssertEqual(eigenvalues[1].re, eigenvalues[2].re)
      XCTAssertGreaterThan(eigenvalues[1].im, 0)
    }
  }

  // MARK: Orthogonal matrices

  /// QᵀQ = I (to 1e−13), every singular value 1 and every eigenvalue of modulus 1, for
  /// seeded Gaussian draws of each size 1–8.
  func testOrthogonalIsOrthogonal() {
    var generator = SplitMix64(seed: 3002)
    for n in 1...8 {
      for _ in 0..<5 {
        let q = Spectrum.orthogonal(n: n, gaussian: generator.gaussians(n * n))
        assertClose(q.transposed * q, .identity(n), within: 1e-13, "QᵀQ, n=\(n)")
        assertClose(q * q.transposed, .identity(n), within: 1e-13, "QQᵀ, n=\(n)")
        for sigma in Spectrum.singularValues(of: q) ?? [] {
          assertWithin(sigma, 1, 1e-13, "σ of Q, n=\(n)")
        }
        for lambda in Spectrum.eigenvalues(of: q) ?? [] {
          assertWithin(lambda.modulus, 1, 1e-13, "|λ| of Q, n=\(n)")
        }
      }
    }
  }

  /// The sign fix makes G = QR with R's diagonal positive, the one factorisation with that
  /// property: so R = QᵀG must come out upper triangular with a positive diagonal. (Drawn
  /// row by row: reading the draws column by column would factor Gᵀ, and QᵀG would not be
  /// triangular.)
  func testOrthogonalFactorsTheDrawsWithPositiveDiagonal() {
    var generator = SplitMix64(seed: 3003)
    for n in 1...8 {
      let draws = generator.gaussians(n * n)
      let g = Matrix(rows: n, columns: n, values: draws)
      let r = Spectrum.orthogonal(n: n, gaussian: draws).transposed * g
      for i in 0..<n {
        XCTAssertGreaterThan(r[i, i], 0, "n=\(n): R[\(i), \(i)]")
        for j in 0..<i {
          assertWithin(r[i, j], 0, 1e-13, "n=\(n): R[\(i), \(j)] below the diagonal")
        }
      }
    }
  }

  /// An upper-triangular G with diagonal signs s is D·(D·G) with D = diag(s), and D·G has a
  /// positive diagonal: so Q = D.
  func testOrthogonalOfTriangularDrawsIsTheSignDiagonal() {
    let g = Matrix([[-2, 1, 3], [0, 0.5, -1], [0, 0, -4]])
    assertClose(
      Spectrum.orthogonal(n: 3, gaussian: g.values),
      Matrix([[-1, 0, 0], [0, 1, 0], [0, 0, -1]]),
      within: 1e-15, "Q of a triangular G")
  }
}
