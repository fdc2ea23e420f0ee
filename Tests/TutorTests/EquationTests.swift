import RNN
import XCTest

@testable import Tutor

final class EquationTests: XCTestCase {
  /// The must-show: Eq. 3 and Eq. 2 with the numbers of Part 1's weights on x = [0, 0.5],
  /// and derive w1 building −0.0055 from its two terms.
  func testMustShow() {
    var s = makeSession()
    runScript(&s, mustShowSetup + "; forward")
    let eq3 = runScript(&s, "eq 3")
    XCTAssertTrue(eq3.contains("h₁ = ReLU(1.8·0 + (−0.5)·0) = 0"), eq3)
    XCTAssertTrue(eq3.contains("h₂ = ReLU(1.8·0.5 + (−0.5)·0) = 0.9"), eq3)
    let eq2 = runScript(&s, "eq 2")
    XCTAssertTrue(eq2.contains("ŷ = h₂·w₃ = 0.9·1.1 = 0.99"), eq2)
    runScript(&s, "backward")
    let derive = runScript(&s, "derive w1")
    XCTAssertTrue(derive.contains("∂L/∂w₁ = (−0.0055) + 0 = −0.0055 (2 terms)"), derive)
    // Each timestep's line: t, ∂ŷ/∂h_t, ReLU′(a_t), x_t, term, running sum.
    XCTAssertTrue(derive.contains("2     1.1          1  0.5  −0.0055      −0.0055"), derive)
    XCTAssertTrue(derive.contains("1   −0.55          0    0        0      −0.0055"), derive)
    // It ends at what print w1.g shows after a backward pass from zero gradients.
    let printed = runScript(&s, "zero; backward; print w1.g")
    let value = printed.split(separator: "\n").last!.replacingOccurrences(of: "w1.g = ", with: "")
    XCTAssertTrue(derive.contains("'print w1.g' show \(value)\n"), "\(derive)\n\(printed)")
  }

  func testDeriveWorksFromZeroEvenWhenGradientsAccumulated() {
    var s = makeSession()
    runScript(&s, mustShowSetup + "; forward; backward; forward; backward")
    let before = s.state
    let text = runScript(&s, "derive w1")
    XCTAssertEqual(s.state, before, "derive works on a copy")
    XCTAssertTrue(text.contains("= −0.0055 (2 terms)"), text)
    XCTAssertTrue(text.contains("worked out on a copy from zero gradients"), text)
    XCTAssertTrue(text.contains("adds up every backward pass since the last 'zero'"), text)
    XCTAssertTrue(text.contains("w1.g is \(before.model.gradients.w1.description) now"), text)
  }

  func testDeriveW3InArticleModeSaysPrintWouldShowZero() {
    var s = makeSession()
    runScript(&s, mustShowSetup + "; mode article; forward")
    let text = runScript(&s, "derive w3")
    XCTAssertTrue(text.contains("∂L/∂w₃ = (−0.01)·0.9 = −0.009"), text)
    XCTAssertTrue(text.contains("erratum 1"), text)
    XCTAssertTrue(text.contains("'print w3.g' show 0\n"), text)
  }

  func testInTheMiddleOfTheForwardPassOnlyWhatIsKnownIsShown() {
    var s = makeSession()
    runScript(&s, mustShowSetup + "; step")
    let eq3 = runScript(&s, "eq 3")
    XCTAssertTrue(eq3.contains("h₁ = ReLU(1.8·0 + (−0.5)·0) = 0"), eq3)
    XCTAssertTrue(eq3.contains("h₂ not computed yet: 'step' computes it\n"), eq3)
    XCTAssertFalse(eq3.contains("h₂ = ReLU"), eq3)
    XCTAssertTrue(
      runScript(&s, "eq 2").contains("ŷ = h₂·w₃: h₂ not computed yet: 'step' computes it"))
    let derive = runScript(&s, "derive w1")
    XCTAssertTrue(
      derive.contains("the sum needs the whole forward pass: h₂ not computed yet"), derive)
    XCTAssertTrue(derive.contains("known so far"), derive)
    let fresh = runScript(&s, "reset; eq 3")
    XCTAssertTrue(
      fresh.contains("h₁ not computed yet: 'step' computes it (then h₂; 'forward' runs them all)"),
      fresh)
  }

  func testInTheMiddleOfBackwardTheSumsSoFar() {
    var s = makeSession()
    runScript(&s, mustShowSetup + "; forward; back")
    let eq25 = runScript(&s, "eq 2.5")
    XCTAssertTrue(eq25.contains("∂L/∂h₂ = (−0.01)·1.1 = −0.011"), eq25)
    XCTAssertTrue(eq25.contains("∂L/∂h₁ not computed yet: 'back' computes it"), eq25)
    runScript(&s, "back")
    let eq26 = runScript(&s, "eq 2.6")
    XCTAssertTrue(eq26.contains("∂L/∂w₁ = (−0.01)·(1.1·0.5 + …) = −0.0055 so far"), eq26)
    XCTAssertTrue(eq26.contains("t = 1 not computed yet: 'back' computes the next step"), eq26)
    let eq22 = runScript(&s, "eq 2.2")
    XCTAssertTrue(eq22.contains("∂L/∂w₃ = ∂L/∂ŷ·∂ŷ/∂w₃ = (−0.01)·0.9 = −0.009"), eq22)
  }

  func testErrataAreShownBothWays() {
    var s = makeSession()
    runScript(&s, mustShowSetup + "; forward")
    let eq4 = runScript(&s, "eq 4")
    XCTAssertTrue(eq4.contains("as printed:  y − ŷ = 1 − 0.99 = 0.01"), eq4)
    XCTAssertTrue(eq4.contains("corrected:   ŷ − y = 0.99 − 1 = −0.01"), eq4)
    XCTAssertTrue(eq4.contains("erratum 3"), eq4)
    let eq1 = runScript(&s, "eq 1")
    XCTAssertTrue(eq1.contains("L = ½(y − ŷ)² = ½(1 − 0.99)² = 5e-05"), eq1)
    XCTAssertTrue(eq1.contains("((0.99 − 1)/2)² = 2.5e-05"), eq1)
    XCTAssertTrue(eq1.contains("erratum 2"), eq1)
    let eq25 = runScript(&s, "eq 2.5")
    XCTAssertTrue(eq25.contains("erratum 4"), eq25)
    XCTAssertTrue(eq25.contains("∂ŷ/∂h₂ = w₃ = 1.1    (as printed, w₂ = −0.5)"), eq25)
    XCTAssertTrue(eq25.contains("(as printed, ReLU′(h₁) = 0: erratum 5)"), eq25)
  }

  /// eq's numbers are the engine's records, not a second computation.
  func testNumbersComeFromTheEngine() {
    var s = makeSession()
    runScript(
      &s,
      "set w1 0.37; set w2 -1.3; set w3 2.1; input 0.3 0.9 -0.4 0.8; target 0.2; forward; backward; precision 17"
    )
    let pass = s.state.forward!
    let eq3 = runScript(&s, "eq 3")
    for t in 1...4 {
      XCTAssertTrue(
        eq3.contains(
          "= \(NumberFormat.significant(pass.hidden[t], digits: 17).replacingOccurrences(of: "-", with: "−"))\n"
        )
          || eq3.contains(
            "= \(NumberFormat.significant(pass.hidden[t], digits: 17).replacingOccurrences(of: "-", with: "−"))    ("
          ), "h\(t): \(eq3)")
    }
    let derive = runScript(&s, "derive w2")
    let g = s.state.model.gradients.w2
    XCTAssertTrue(derive.contains("'print w2.g' show \(plainNumber(g))\n"), derive)
  }

  func testEquationsForPart1UseItsCode() {
    var s = makeSession()
    runScript(&s, "model part1; input 0 0.5; target 1; forward")
    let eq3 = runScript(&s, "eq 3")
    XCTAssertTrue(eq3.contains("h₂ = abs(1.8·0.5 + (−0.5)·0) = 0.9"), eq3)
    XCTAssertTrue(eq3.contains("erratum 7"), eq3)
    XCTAssertTrue(runScript(&s, "eq 2").contains("round(0.99, 1) = 1"))
    XCTAssertTrue(runScript(&s, "eq 2.6").contains("this session runs Part 1's"))
  }

  func testSectionNamesAreAliases() {
    var s = makeSession()
    runScript(&s, mustShowSetup + "; forward")
    XCTAssertEqual(runScript(&s, "eq 1.3"), runScript(&s, "eq 3"))
    XCTAssertEqual(runScript(&s, "eq 2.1"), runScript(&s, "eq 4"))
  }

  func testEquationScreensGolden() {
    var s = makeSession()
    runScript(&s, mustShowSetup)
    var text = runScript(&s, "eq list")
    for e in ArticleEquation.allCases { text += runScript(&s, "eq \(e.rawValue)") }
    text += runScript(&s, "forward; back")
    for e in ArticleEquation.allCases { text += runScript(&s, "eq \(e.rawValue)") }
    text += runScript(&s, "back; back")
    for e in ArticleEquation.allCases { text += runScript(&s, "eq \(e.rawValue)") }
    for w in ["w1", "w2", "w3"] { text += runScript(&s, "derive \(w)") }
    assertGolden(text, "equations")
  }

  func testDeriveLongSequenceGolden() {
    var s = makeSession()
    let inputs = (1...30).map { String(Double($0 % 7) / 7) }.joined(separator: " ")
    runScript(&s, "set w1 0.8; set w2 0.6; set w3 0.9; input \(inputs); target 0.3; forward")
    assertGolden(runScript(&s, "eq 3; eq 2.6; derive w2; backward; eq 2.6"), "equations-long")
  }
}

/// `derive` ends by saying what `print NAME.g` shows after 'zero' and 'backward': it must
/// be what print shows, digit for digit (0, not 0.0).
final class DeriveQuotesPrintTests: XCTestCase {
  func testDeriveNamesWhatPrintShows() {
    for setup in ["", "set w2 0", "activation tanh; train bias on; set b 0.5; set c -1"] {
      var s = makeSession()
      if !setup.isEmpty { s.must(setup) }
      s.must("forward")
      for name in ["w1", "w2", "w3", "b", "c"] where setup.contains("bias") || name.hasPrefix("w") {
        let claim = s.must("derive \(name)").split(separator: "\n").last {
          $0.contains("makes 'print")
        }
        var copy = s
        let shown = copy.must("zero; backward; print \(name).g").split(separator: "\n").last!
        let printed = shown.split(separator: "=").last!.trimmingCharacters(in: .whitespaces)
        XCTAssertEqual(
          claim.map { String($0.split(separator: " ").last!) }, printed, "\(setup): \(name)")
      }
    }
  }
}
