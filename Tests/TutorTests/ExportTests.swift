import RNN
import XCTest

@testable import Tutor

#if canImport(FoundationXML)
  import FoundationXML
#else
  import Foundation
#endif

/// Parses XML and records the root element, failing on any error.
private final class XMLCheck: NSObject, XMLParserDelegate {
  var root: String?
  var texts: [String] = []
  private var current = ""

  func parser(
    _ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
    qualifiedName: String?, attributes: [String: String] = [:]
  ) {
    if root == nil { root = name }
    current = ""
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) { current += string }

  func parser(
    _ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?
  ) {
    if name == "text" || name == "tspan" || name == "title" { texts.append(current) }
  }

  static func parse(_ text: String) -> (ok: Bool, root: String?, texts: [String], error: String?) {
    let parser = XMLParser(data: Data(text.utf8))
    let check = XMLCheck()
    parser.delegate = check
    let ok = parser.parse()
    return (ok, check.root, check.texts, parser.parserError.map { "\($0)" })
  }
}

final class ExportTests: XCTestCase {
  func testEverySVGIsWellFormed() {
    let files = MemoryFiles()
    var s = makeSession(files: files)
    runScript(&s, "set w1 0.5; set w2 0.3; set w3 0.8; data zigzag; train 500; forward; back; back")
    for kind in PictureKind.allCases {
      let out = runScript(&s, "export svg \(kind.rawValue).svg \(kind.rawValue)")
      XCTAssertTrue(out.hasPrefix("wrote "), out)
      guard let svg = files.files["\(kind.rawValue).svg"] else { return XCTFail("nothing written") }
      let parsed = XMLCheck.parse(svg)
      XCTAssertTrue(parsed.ok, "\(kind): \(parsed.error ?? "")")
      XCTAssertEqual(parsed.root, "svg", "\(kind)")
      XCTAssertTrue(svg.hasPrefix("<?xml"), "\(kind)")
    }
  }

  func testExportWithoutANameWritesTheLastPicture() {
    let files = MemoryFiles()
    var s = makeSession(files: files)
    runScript(&s, mustShowSetup + "; forward; unroll")
    XCTAssertEqual(runScript(&s, "export svg last.svg"), "wrote unroll as SVG to last.svg\n")
    let parsed = XMLCheck.parse(files.files["last.svg"]!)
    XCTAssertTrue(parsed.ok)
    XCTAssertTrue(parsed.texts.joined().contains("0.99"), "ŷ is in the drawing")
  }

  func testTextIsEscaped() {
    XCTAssertEqual(
      SVGDocument.escape("a<b & \"c\" 'd'>\u{1}"), "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;")
    var svg = SVGDocument(width: 10, height: 10, title: "<&>")
    svg.text("x < y && \u{7}\"q\"", x: 1, y: 1)
    let parsed = XMLCheck.parse(svg.document)
    XCTAssertTrue(parsed.ok, parsed.error ?? "")
    XCTAssertTrue(parsed.texts.contains("x < y && \"q\""), "\(parsed.texts)")
    XCTAssertEqual(NumberFormat.hundredths(-0.5), "-0.5")
    XCTAssertEqual(NumberFormat.hundredths(12.345), "12.35")
    XCTAssertEqual(NumberFormat.hundredths(-0.001), "0")
    XCTAssertEqual(NumberFormat.hundredths(3.07), "3.07")
  }

  func testTranscriptIsMarkdown() {
    let files = MemoryFiles()
    var s = makeSession(color: true, files: files)
    runScript(&s, mustShowSetup + "; forward; unroll")
    _ = s.execute("eq 9")
    runScript(&s, "export transcript session.md")
    let markdown = files.files["session.md"]!
    assertGolden(markdown, "transcript")
    XCTAssertFalse(markdown.contains("\u{1B}"), "colours are removed")
    XCTAssertTrue(markdown.contains("```text\nminirnn> set w1 1.8\nw1 = 1.8\n```\n"))
    XCTAssertTrue(markdown.contains("minirnn> eq 9\nerror: unknown equation '9'"))
    XCTAssertEqual(
      transcriptMarkdown([TranscriptEntry(command: "x", output: "```\n", error: nil)]),
      "# minirnn transcript\n\n````text\nminirnn> x\n```\n````\n\n")
  }

  /// A failed command leaves the state as it was, and nothing is written.
  func testErrorsChangeNothing() {
    let files = MemoryFiles()
    var s = makeSession(files: files)
    runScript(&s, mustShowSetup + "; step")
    let failing: [(String, String)] = [
      ("eq", "eq: expected one of list, 1, 2, 3, 4, 2.2, 2.3, 2.4, 2.5, 2.6; usage: eq N|list"),
      ("eq 9", "unknown equation '9'; accepted: list, 1, 2, 3, 4, 2.2, 2.3, 2.4, 2.5, 2.6"),
      ("eq 1 2", "eq: expected one of list, 1, 2, 3, 4, 2.2, 2.3, 2.4, 2.5, 2.6; usage: eq N|list"),
      ("derive w4", "unknown weight 'w4'; accepted: w1, w2, w3, b, c"),
      ("derive", "derive: expected one of w1, w2, w3, b, c; usage: derive w1|w2|w3|b|c"),
      ("unroll now", "unroll: takes no arguments; usage: unroll"),
      ("plot losses", "unknown plot 'losses'; accepted: loss"),
      ("plot loss now", "plot: expected nothing or 'loss'; usage: plot [loss]"),
      ("landscape 3", "landscape: takes no arguments; usage: landscape"),
      (
        "plot loss",
        "plot loss: no training yet; 'train' runs one (e.g. 'train 2000'), then 'plot loss' draws its curve"
      ),
      (
        "export",
        "export: expected svg, transcript, torch or notebook; usage: export svg|transcript|torch|notebook FILE [OPTIONS]"
      ),
      ("export pdf x.pdf", "unknown export 'pdf'; accepted: svg, transcript, torch, notebook"),
      (
        "export svg",
        "export: expected a file name, then optionally plot, loss, landscape, unroll or flow; usage: export svg|transcript|torch|notebook FILE [OPTIONS]"
      ),
      (
        "export svg a.svg",
        "export: no picture drawn yet; draw one (unroll, plot, plot loss, landscape) or name it: export svg FILE plot"
      ),
      (
        "export svg a.svg chart",
        "unknown picture 'chart'; accepted: plot, loss, landscape, unroll, flow"
      ),
      (
        "export svg a.svg loss",
        "plot loss: no training yet; 'train' runs one (e.g. 'train 2000'), then 'plot loss' draws its curve"
      ),
      (
        "export transcript",
        "export transcript: expected a file name, e.g. export transcript session.md; usage: export transcript FILE [--force]"
      ),
      (
        "export transcript a.md b.md",
        "export transcript: expected one file name, got 'b.md' too; usage: export transcript FILE [--force]"
      ),
      (
        "export svg a.png plot",
        "export svg: 'a.png' would hold an SVG picture, which is named .svg; e.g. export svg loss.svg loss; usage: export svg FILE [PICTURE] [--force]"
      ),
      (
        "export transcript a.py",
        "export transcript: 'a.py' would hold a Markdown transcript, which is named .md; e.g. export transcript session.md; usage: export transcript FILE [--force]"
      ),
      (
        "export svg a.svg plot --forse",
        "unknown option for export svg '--forse'; accepted: --force"
      ),
    ]
    for (command, message) in failing {
      let before = s.state
      let picture = s.lastPicture
      let result = s.execute(command)
      XCTAssertEqual(result.error, message, command)
      XCTAssertEqual(s.state, before, command)
      XCTAssertEqual(s.lastPicture, picture, command)
    }
    XCTAssertTrue(files.files.isEmpty, "nothing was written: \(files.files.keys)")

    var broken = makeSession(files: MemoryFiles(failWrites: true))
    runScript(&broken, "unroll")
    let before = broken.state
    XCTAssertEqual(
      broken.execute("export svg out.svg").error,
      "export svg: cannot write 'out.svg': no space left on device")
    XCTAssertEqual(broken.state, before)
    XCTAssertEqual(
      broken.execute("export transcript out.md").error,
      "export transcript: cannot write 'out.md': no space left on device")

    var part1 = makeSession()
    runScript(&part1, "model part1; forward")
    let state = part1.state
    XCTAssertEqual(
      part1.execute("derive w1").error,
      "derive does not apply to Part 1's model: the article never trains it; type 'model part2' for Part 2's trainable RNN"
    )
    XCTAssertEqual(part1.state, state)
  }

  func testExportIsNotForLessonsAndEveryCommandHasHelp() {
    XCTAssertEqual(CommandTable.lookup("export")?.allowedInLessons, false)
    var s = makeSession()
    var text = ""
    for name in ["eq", "derive", "unroll", "plot", "landscape", "export"] {
      let command = CommandTable.lookup(name)!
      XCTAssertFalse(command.section.isEmpty, name)
      XCTAssertFalse(command.example.isEmpty, name)
      text += runScript(&s, "help \(name)")
    }
    assertGolden(text, "help-pictures")
    // Every example runs (export's writes nowhere here, so it only has to parse).
    let files = MemoryFiles()
    var t = makeSession(files: files)
    runScript(&t, "forward; train 10")
    for name in ["eq", "derive", "unroll", "plot", "landscape", "export"] {
      runScript(&t, CommandTable.lookup(name)!.example)
    }
  }
}
