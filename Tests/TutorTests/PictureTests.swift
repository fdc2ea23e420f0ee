import RNN
import XCTest

@testable import Tutor

final class PictureTests: XCTestCase {
  /// Every picture at width 80, as the learner sees it.
  func testUnrollGolden() {
    var s = makeSession()
    var text = runScript(&s, mustShowSetup + "; unroll; step; unroll; step")
    text += runScript(&s, "back; unroll; back; back; unroll")
    assertGolden(text, "unroll")
  }

  func testUnrollFiveTimestepsFitsEightyColumns() {
    var s = makeSession()
    runScript(&s, "set w1 0.5; set w2 0.3; set w3 0.8; data zigzag; train 2000; forward; backward")
    let text = runScript(&s, "unroll")
    assertGolden(text, "unroll-zigzag")
    for line in text.split(separator: "\n") {
      XCTAssertLessThanOrEqual(line.count, 80, String(line))
    }
    XCTAssertFalse(text.contains("more …"), "five timesteps are all shown")
  }

  func testLongSequencesElideTheMiddle() {
    var s = makeSession()
    runScript(
      &s,
      "set w1 0.5; set w2 0.3; set w3 0.8; input 1 0 1 0 1 0 1 0 1 0 1 0; target 1; forward; backward"
    )
    let text = runScript(&s, "unroll")
    assertGolden(text, "unroll-long")
    XCTAssertTrue(text.contains("… 8 more …"), text)
    let long = (1...10_000).map { _ in "0.5" }.joined(separator: " ")
    runScript(&s, "input \(long); forward")
    let huge = runScript(&s, "unroll")
    XCTAssertTrue(huge.contains("more …"), huge)
    for line in huge.split(separator: "\n").dropFirst().prefix(11) {
      XCTAssertLessThanOrEqual(line.count, 80, String(line))
    }
  }

  func testPlotGolden() {
    var s = makeSession()
    var text = runScript(&s, "set w1 1.8; set w2 -0.5; set w3 1.1; plot; data zigzag; plot")
    // train prints its time, so its output stays out of the golden file.
    runScript(&s, "set w1 0.5; set w2 0.3; set w3 0.8; train 2000")
    text += runScript(&s, "plot")
    assertGolden(text, "plot")
  }

  func testPlotLossGolden() {
    var s = makeSession()
    runScript(&s, "set w1 0.5; set w2 0.3; set w3 0.8; data zigzag; train 2000")
    var text = runScript(&s, "plot loss")
    // Slopes from here falls by many decades: a log scale.
    runScript(&s, "data slopes; set w1 1.8; set w2 -0.5; set w3 1.1; train 3000 0.01")
    text += runScript(&s, "plot loss")
    assertGolden(text, "plot-loss")
    XCTAssertTrue(text.contains("log scale"))
    XCTAssertTrue(text.contains("linear scale"))
  }

  func testPlotLossWithoutTrainingIsAClearError() {
    var s = makeSession()
    let result = s.execute("plot loss")
    XCTAssertEqual(
      result.error,
      "plot loss: no training yet; 'train' runs one (e.g. 'train 2000'), then 'plot loss' draws its curve"
    )
  }

  func testLandscapeGolden() {
    var s = makeSession()
    var text = runScript(&s, "set w1 0.5; set w2 0.3; set w3 0.8; data zigzag; landscape")
    runScript(&s, "train 2000")
    text += runScript(&s, "landscape")
    assertGolden(text, "landscape")
    XCTAssertTrue(text.contains("S"))
  }

  func testLandscapeMatchesEqOneAtTheCurrentWeights() {
    var s = makeSession()
    runScript(&s, "set w1 0.5; set w2 0.3; set w3 0.8; data slopes")
    let picture = try! s.landscapePicture(columns: 21, rows: 21)
    let center = picture.losses[10][10]
    let expected =
      Dataset.slopes.samples.map {
        Cell.loss(prediction: s.state.model.predict($0.inputs), target: $0.target)
      }.reduce(0, +) / 3
    XCTAssertEqual(center, expected, accuracy: 1e-12)
  }

  /// With Unicode off, no picture or equation prints a byte outside ASCII, and none prints a
  /// glyph that only the fallback's `?` can stand for.
  func testASCIIModeIsPureASCII() {
    var s = makeSession(unicode: false)
    var leaks: [String] = []
    func runScript(_ s: inout Session, _ script: String, allowErrors: Bool = false) -> String {
      var text = ""
      for command in splitCommands(Substring(script)) {
        leaks += glyphsWithoutASCII(s, command)
        text += TutorTests.runScript(&s, command, allowErrors: allowErrors)
      }
      return text
    }
    var text = runScript(&s, mustShowSetup + "; eq list; unroll; step; eq 3; derive w1; unroll")
    for e in ArticleEquation.allCases { text += runScript(&s, "eq \(e.rawValue)") }
    text += runScript(&s, "forward")
    text += runScript(&s, "derive w2")
    // 'back' itself prints §, from the backward screen; only the pictures are checked here.
    _ = runScript(&s, "back")
    for e in ArticleEquation.allCases { text += runScript(&s, "eq \(e.rawValue)") }
    text += runScript(&s, "unroll; derive w1; derive w3; plot; plot loss", allowErrors: true)
    _ = runScript(&s, "data zigzag; train 500")
    text += runScript(
      &s, "plot; plot loss; landscape; unroll; input 1 2 3 4 5 6 7 8 9 10; unroll; eq 3; derive w1")
    let bad = text.unicodeScalars.filter { !$0.isASCII }
    XCTAssertTrue(bad.isEmpty, "non-ASCII: \(String(String.UnicodeScalarView(bad)))")
    XCTAssertEqual(leaks, [], "glyphs with no ASCII spelling")
    assertGolden(
      runScript(&s, "data slopes; set w1 1.8; set w2 -0.5; set w3 1.1; unroll; plot; landscape"),
      "ascii-pictures")
  }

  /// Colour only decorates: without the escapes the picture is the monochrome one.
  func testColourIsOnlyAddedWhenAllowed() {
    for kind in ["unroll", "plot", "plot loss", "landscape"] {
      var mono = makeSession()
      var colour = makeSession(color: true)
      let setup = "set w1 0.5; set w2 0.3; set w3 0.8; data zigzag; train 300; forward; back"
      runScript(&mono, setup)
      runScript(&colour, setup)
      let plain = runScript(&mono, kind)
      let painted = runScript(&colour, kind)
      XCTAssertFalse(plain.contains("\u{1B}"), kind)
      XCTAssertTrue(painted.contains("\u{1B}["), kind)
      XCTAssertEqual(TextLayout.plain(painted), plain, kind)
    }
  }

  func testPictureCommandsRememberTheLastPicture() {
    var s = makeSession()
    XCTAssertNil(s.lastPicture)
    runScript(&s, "unroll")
    XCTAssertEqual(s.lastPicture, ["unroll"])
    runScript(&s, "train 10; plot loss")
    XCTAssertEqual(s.lastPicture, ["plot", "loss"])
    _ = s.execute("plot bogus")
    XCTAssertEqual(s.lastPicture, ["plot", "loss"], "a failed command changes nothing")
  }

  func testCompactNumbersFitTheirBox() {
    let n = Notation(unicode: true, precision: 6)
    XCTAssertEqual(n.compact(0.9), "0.9")
    XCTAssertEqual(n.compact(-0.0055), "−0.0055")
    XCTAssertEqual(n.compact(1.234567e-5), "1.23e-5")
    XCTAssertEqual(n.compact(-1.234567e-12), "−1e-12")
    XCTAssertEqual(n.compact(123_456_789), "1.235e8")
    for v in [1e300, -1e-300, 0.1 + 0.2, -123456.789, 42] {
      XCTAssertLessThanOrEqual(n.compact(v).count, 8, "\(v)")
    }
  }
}

final class PictureRobustnessTests: XCTestCase {
  /// Extreme numbers and odd widths draw something and never trap.
  func testExtremeValuesAndWidths() {
    let setups = [
      "set w1 1e300; set w2 -1e300; set w3 1e10; input 1 -1 1e300; target 1e-300",
      "set w1 1.7e308; set w2 1.7e308; set w3 1.7e308; input 1.7e308 1; target -1.7e308",
      "set w1 0; set w2 0; set w3 0; input 0; target 0",
      "set w1 -3; set w2 2; set w3 -1; input 5 4 3 2 1 0 -1 -2 -3 -4 -5 -6 -7 -8 -9; target 0",
    ]
    for width in [20, 40, 80, 200] {
      for unicode in [true, false] {
        for setup in setups {
          var s = makeSession(unicode: unicode, width: width)
          runScript(&s, setup + "; unroll; plot; landscape; eq list; derive w1", allowErrors: false)
          runScript(
            &s, "step; unroll; eq 3; derive w2; forward; back; unroll; eq 2.5; eq 2.6; backward")
          for e in ArticleEquation.allCases { runScript(&s, "eq \(e.rawValue)") }
          runScript(
            &s, "unroll; derive w1; derive w2; derive w3; train 3 1e6; plot loss; landscape")
        }
      }
    }
  }

  func testUnrollFitsEightyColumnsForUpToFiveTimesteps() {
    for n in 1...5 {
      var s = makeSession()
      let inputs = (1...n).map { _ in "-0.000123456" }.joined(separator: " ")
      runScript(
        &s,
        "set w1 -123.456; set w2 -0.000987; set w3 98765; input \(inputs); target -1e-7; forward; backward"
      )
      let text = runScript(&s, "unroll")
      XCTAssertFalse(text.contains("more"), "n = \(n): all shown\n\(text)")
      for line in text.split(separator: "\n").prefix(13) {
        XCTAssertLessThanOrEqual(line.count, 80, "n = \(n): \(line)")
      }
    }
  }
}
