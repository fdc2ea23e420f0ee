import Foundation
import LinearAlgebra
import RNN
import TestSupport
import XCTest

/// Spectra against PyTorch in float64: `Tests/Reference/spectrum_torch.py` prints
/// `torch.linalg.eigvals`, `torch.linalg.svdvals` and the Q that `torch.nn.init.orthogonal_`
/// makes from the same draws, for 40 seeded Gaussian matrices of sizes 1–8 (every fifth one
/// rectangular, singular values only). Eigenvalues are matched as multisets, each of
/// PyTorch's to the nearest unmatched one of ours; everything must agree within 1e−10, absolute
/// below magnitude 1 and relative above. Skipped, with one line saying why, where PyTorch is
/// not installed.
final class SpectrumTorchOracleTests: XCTestCase {
  static let tolerance = 1e-10

  static let script = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Reference/spectrum_torch.py")

  static let cases: [Matrix] = {
    var generator = SplitMix64(seed: 4000)
    return (0..<40).map { k in
      let rows = 1 + k % 8
      let columns = k % 5 == 4 ? 1 + Int(generator.next() % 8) : rows
      return Matrix(rows: rows, columns: columns, values: generator.gaussians(rows * columns))
    }
  }()

  /// |got − want| ≤ tolerance·max(1, |want|, |got|).
  private static func difference(_ got: Complex, _ want: Complex) -> Double {
    Complex(re: got.re - want.re, im: got.im - want.im).modulus
      / max(1, want.modulus, got.modulus)
  }

  func testSpectraAgreeWithPyTorch() throws {
    guard let python = try TorchPython.required(for: "Spectrum PyTorch check") else { return }
    var arguments = [Self.script.path]
    for m in Self.cases {
      arguments += ["\(m.rows)", "\(m.columns)"] + m.values.map { "\($0)" }
    }
    let (status, output, errors) = try TorchPython.run(python, arguments)
    guard status == 0 else {
      return XCTFail("\(Self.script.lastPathComponent) exited \(status): \(errors)")
    }
    let blocks = output.components(separatedBy: "# case ").dropFirst()
    XCTAssertEqual(blocks.count, Self.cases.count)
    var worst = (eigenvalue: 0.0, singularValue: 0.0, orthogonal: 0.0)
    for (k, (block, m)) in zip(blocks, Self.cases).enumerated() {
      let what = "case \(k + 1) (\(m.rows)×\(m.columns), \(m.values))"
      var torchEigenvalues: [Complex] = []
      var torchSingularValues: [Double] = []
      var torchQ: [Double] = []
      for line in block.split(separator: "\n") {
        let parts = line.components(separatedBy: " = ")
        guard parts.count == 2 else { continue }
        let numbers = parts[1].split(separator: " ").compactMap { Double($0) }
        switch parts[0] {
        case "eig": torchEigenvalues.append(Complex(re: numbers[0], im: numbers[1]))
        case "sv": torchSingularValues.append(numbers[0])
        case "q": torchQ = numbers
        default: XCTFail("\(what): unexpected line \(line)")
        }
      }

      if m.rows == m.columns {
        var ours = try XCTUnwrap(Spectrum.eigenvalues(of: m), what)
        XCTAssertEqual(ours.count, torchEigenvalues.count, what)
        for want in torchEigenvalues {
          guard
            let nearest = ours.indices.min(by: {
              Self.difference(ours[$0], want) < Self.difference(ours[$1], want)
            })
          else { break }
          let d = Self.difference(ours[nearest], want)
          worst.eigenvalue = max(worst.eigenvalue, d)
          XCTAssertLessThanOrEqual(
            d, Self.tolerance, "\(what): PyTorch's λ \(want), nearest of ours \(ours[nearest])")
          ours.remove(at: nearest)
        }
        let q = Spectrum.orthogonal(n: m.rows, gaussian: m.values)
        XCTAssertEqual(q.values.count, torchQ.count, what)
        for (got, want) in zip(q.values, torchQ) {
          worst.orthogonal = max(worst.orthogonal, abs(got - want))
          assertWithin(got, want, Self.tolerance, "\(what): Q against orthogonal_")
        }
      } else {
        XCTAssertNil(Spectrum.eigenvalues(of: m), what)
        XCTAssertTrue(torchEigenvalues.isEmpty, what)
      }

      let ours = try XCTUnwrap(Spectrum.singularValues(of: m), what)
      XCTAssertEqual(ours.count, torchSingularValues.count, what)
      for (got, want) in zip(ours, torchSingularValues.sorted(by: >)) {
        let d = abs(got - want) / max(1, want)
        worst.singularValue = max(worst.singularValue, d)
        XCTAssertLessThanOrEqual(d, Self.tolerance, "\(what): σ PyTorch \(want), ours \(got)")
      }
    }
    print(
      "Spectrum vs PyTorch (float64): \(Self.cases.count) matrices, worst difference: "
        + "eigenvalues \(worst.eigenvalue), singular values \(worst.singularValue), "
        + "orthogonal Q \(worst.orthogonal)")
  }

  /// Our order is the promised one on every case: modulus down, then real part down, then
  /// imaginary part down.
  func testEigenvaluesComeInThePromisedOrder() {
    for m in Self.cases where m.rows == m.columns {
      guard let eigenvalues = Spectrum.eigenvalues(of: m) else {
        XCTFail("\(m.rows)×\(m.rows): no eigenvalues")
        continue
      }
      for (a, b) in zip(eigenvalues, eigenvalues.dropFirst()) {
        let inOrder =
          a.modulus > b.modulus
          || (a.modulus == b.modulus && (a.re > b.re || (a.re == b.re && a.im >= b.im)))
        XCTAssertTrue(inOrder, "\(a) before \(b) in \(eigenvalues)")
      }
      // Complex eigenvalues of a real matrix come in conjugate pairs, a + ib listed first.
      for (a, b) in zip(eigenvalues, eigenvalues.dropFirst()) where a.im > 0 {
        XCTAssertEqual(b, Complex(re: a.re, im: -a.im), "\(eigenvalues)")
      }
    }
  }
}
