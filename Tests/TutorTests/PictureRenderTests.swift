import Foundation
import XCTest

@testable import Tutor

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Every picture `export svg` writes, rendered to PNG by a real SVG renderer (Debian's
/// `rsvg-convert`, package librsvg2-bin) as a learner's viewer would: the SVG must parse as
/// XML, its labels must not overlap or leave the page, and the rendered plot area must hold
/// ink. With MINIRNN_RECORD=1 the PNGs are also written to docs/pictures/ for the manual.
final class PictureRenderTests: XCTestCase {
  /// One picture to render: the commands that set it up, and the picture `export svg` draws.
  struct Case {
    let name: String
    let script: String
    let picture: String
    /// Kept in docs/pictures/ as the manual's example of its kind.
    var reference = false
  }

  static let cases: [Case] = [
    Case(
      name: "unroll", script: mustShowSetup + "; forward; backward", picture: "unroll",
      reference: true),
    Case(name: "unroll-forward", script: mustShowSetup + "; step", picture: "unroll"),
    Case(
      name: "unroll-long", script: "input 1 2 3 4 5 6 7 8 9 10 11 12; target 1; forward; back",
      picture: "unroll"),
    Case(
      name: "unroll-lstm",
      script: "model lstm; "
        + mustShowSetup.replacing(
          "set w1 1.8; set w2 -0.5; set w3 1.1; ", with: "") + "; forward; backward",
      picture: "unroll", reference: true),
    Case(name: "flow-zigzag", script: "data zigzag; forward; backward", picture: "flow"),
    Case(
      name: "flow",
      script:
        "set w1 0.9; set w2 0.6; set w3 0.8; input 0.2 0.9 0.4 0.7 0.3 0.8 0.5 0.6; target 0.9; train 400; forward; backward",
      picture: "flow", reference: true),
    Case(name: "flow-sweep", script: mustShowSetup + "; flow sweep w2 0.5 1 1.5", picture: "flow"),
    Case(
      name: "flow-lstm", script: "model lstm; input 0 0.5 1; target 1; forward; backward",
      picture: "flow"),
    Case(
      name: "landscape", script: mustShowSetup + "; data slopes; train 2000",
      picture: "landscape", reference: true),
    // With w₃ = 0 the prediction is 0 whatever w₁ and w₂: the flat surface 'train' leaves on
    // zigzag (w₃ ≈ 2e−18 after 20,000 epochs).
    Case(name: "landscape-flat", script: "data zigzag; train 50; set w3 0", picture: "landscape"),
    Case(name: "landscape-untrained", script: mustShowSetup, picture: "landscape"),
    Case(
      name: "landscape-lstm", script: "model lstm; data slopes; train 200", picture: "landscape"),
    Case(
      name: "plot", script: mustShowSetup + "; data slopes; train 500", picture: "plot",
      reference: true),
    Case(name: "plot-input", script: mustShowSetup, picture: "plot"),
    Case(name: "plot-lstm", script: "model lstm; data slopes", picture: "plot"),
    Case(
      name: "loss", script: "set w1 0.5; set w2 0.3; set w3 0.8; data slopes; train 20000",
      picture: "loss", reference: true),
    Case(name: "loss-short", script: mustShowSetup + "; train 5", picture: "loss"),
    Case(name: "loss-lstm", script: "model lstm; data slopes; train 300", picture: "loss"),
    Case(name: "unroll-vector", script: vectorSetup + "; forward; backward", picture: "unroll"),
    Case(name: "unroll-vector-forward", script: vectorSetup + "; step 2", picture: "unroll"),
    Case(
      name: "unroll-vector-wide",
      script: "model rnn 8; seed 5; randomize; input 1 0.5 -0.3 0.8 0.2 0.1 0.3 0.2 0.1; "
        + "data echo 1; loss every; forward; back 4",
      picture: "unroll"),
    Case(name: "flow-vector", script: vectorSetup + "; forward; backward", picture: "flow"),
    Case(
      name: "flow-vector-copy", script: vectorSetup + "; loss every; target 0 1 0 1 0 1",
      picture: "flow"),
    Case(
      name: "flow-vector-sweep", script: vectorSetup + "; flow sweep r 0.5 1 1.5", picture: "flow"),
  ]

  /// The vector RNN of three units, a rotation that grows by 1.1 per step, six inputs.
  static let vectorSetup =
    "model rnn 3; set W_hh rotation 0.5 1.1; input 1 0.5 -0.3 0.8 0.2 0.1; target 1"

  /// The renderer, or nil (and why) when this machine has none. Under CI=true a missing
  /// renderer fails the test instead of skipping it.
  static func renderer() -> String? {
    for folder in ["/usr/bin", "/usr/local/bin", "/opt/homebrew/bin"] {
      let path = folder + "/rsvg-convert"
      if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    return nil
  }

  func testEveryPictureRendersWithInkAndNoOverlappingLabels() throws {
    guard let tool = Self.renderer() else {
      let why =
        "rsvg-convert is not installed, so no picture was rendered; install it with 'apt-get install -y librsvg2-bin' (.ci/run does)"
      if ProcessInfo.processInfo.environment["CI"] == "true" { return XCTFail(why) }
      throw XCTSkip(why)
    }
    let record = ProcessInfo.processInfo.environment["MINIRNN_RECORD"] == "1"
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("minirnn-render-\(ProcessInfo.processInfo.processIdentifier)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    for c in Self.cases {
      let files = MemoryFiles()
      var s = makeSession(files: files)
      runScript(&s, c.script + "; export svg out.svg \(c.picture)", file: #filePath, line: #line)
      guard let svg = files.files["out.svg"] else {
        XCTFail("\(c.name): no SVG written")
        continue
      }
      let parsed = SVGTexts.parse(svg)
      XCTAssertNil(parsed.error, "\(c.name): the SVG is not well-formed XML")
      XCTAssertEqual(parsed.root, "svg", c.name)
      for problem in parsed.layoutProblems() { XCTFail("\(c.name): \(problem)") }
      guard let area = parsed.plotArea else {
        XCTFail("\(c.name): no plot-area rectangle to look into")
        continue
      }

      let svgURL = folder.appendingPathComponent(c.name + ".svg")
      let pngURL = folder.appendingPathComponent(c.name + ".png")
      try svg.write(to: svgURL, atomically: true, encoding: .utf8)
      // Half size: the test's own PNG reader is slow in a debug build, and half the
      // pixels in each direction still show whether anything was drawn.
      let complaint = try Self.render(tool, svgURL, to: pngURL, zoom: 0.5)
      XCTAssertNil(complaint, "\(c.name): rsvg-convert: \(complaint ?? "")")
      let png = try PNGImage(data: Data(contentsOf: pngURL))
      XCTAssertEqual(Double(png.width), (parsed.width * 0.5).rounded(.up), accuracy: 1, c.name)
      let half = SVGTexts.Box(
        x0: area.x0 / 2, y0: area.y0 / 2, x1: area.x1 / 2, y1: area.y1 / 2)
      let ink = Self.inkPixels(png, in: half)
      XCTAssertGreaterThan(ink, 60, "\(c.name): the plot area is blank (\(ink) inked pixels)")
      if record && c.reference {
        XCTAssertNil(try Self.render(tool, svgURL, to: pngURL, zoom: 1))
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
          .deletingLastPathComponent().deletingLastPathComponent()
          .appendingPathComponent("docs/pictures")
        try FileManager.default.createDirectory(at: docs, withIntermediateDirectories: true)
        try? FileManager.default.removeItem(at: docs.appendingPathComponent(c.name + ".png"))
        try FileManager.default.copyItem(
          at: pngURL, to: docs.appendingPathComponent(c.name + ".png"))
      }
    }
  }

  /// Renders `svg` to `png` at `zoom`; what the renderer complained of, if it failed.
  static func render(_ tool: String, _ svg: URL, to png: URL, zoom: Double) throws -> String? {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: tool)
    process.arguments = ["--zoom", String(zoom), svg.path, "-o", png.path]
    let errors = Pipe()
    process.standardError = errors
    try process.run()
    let complaint = String(
      decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return process.terminationStatus == 0 ? nil : complaint
  }

  /// Each kind keeps a reference picture for the manual.
  func testEveryKindHasAReferencePNG() throws {
    let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(
        "docs/pictures")
    let kinds = Set(Self.cases.filter(\.reference).map(\.picture))
    XCTAssertEqual(kinds, Set(PictureKind.allCases.map(\.rawValue)))
    for c in Self.cases where c.reference {
      let url = docs.appendingPathComponent(c.name + ".png")
      let image = try? PNGImage(data: Data(contentsOf: url))
      XCTAssertNotNil(image, "\(url.path) is missing; record it with MINIRNN_RECORD=1")
    }
  }

  /// The pixels inside `area` (shrunk by 2 to skip its frame) that are drawn in colour or
  /// dark ink: neither white, nor the light grey of a grid line or frame.
  static func inkPixels(_ png: PNGImage, in area: SVGTexts.Box) -> Int {
    var count = 0
    let x0 = max(0, Int(area.x0) + 2)
    let x1 = min(png.width, Int(area.x1) - 2)
    let y0 = max(0, Int(area.y0) + 2)
    let y1 = min(png.height, Int(area.y1) - 2)
    guard x0 < x1, y0 < y1 else { return 0 }
    for y in y0..<y1 {
      for x in x0..<x1 {
        let p = png.pixel(x, y)
        let channels = [Int(p.r), Int(p.g), Int(p.b)]
        let spread = channels.max()! - channels.min()!
        if p.a > 0 && (spread > 40 || channels.max()! < 170) { count += 1 }
      }
    }
    return count
  }

  func testThePNGReaderReadsWhatTheRendererWrites() throws {
    guard let tool = Self.renderer() else { throw XCTSkip("rsvg-convert is not installed") }
    let folder = FileManager.default.temporaryDirectory
    let svgURL = folder.appendingPathComponent("minirnn-png-\(getpid()).svg")
    let pngURL = folder.appendingPathComponent("minirnn-png-\(getpid()).png")
    defer {
      try? FileManager.default.removeItem(at: svgURL)
      try? FileManager.default.removeItem(at: pngURL)
    }
    // A red square on white: the reader must find it, and nothing else coloured.
    var svg = SVGDocument(width: 40, height: 30, title: "t")
    svg.rect(x: 10, y: 5, width: 10, height: 10, fill: "#ff0000")
    try svg.document.write(to: svgURL, atomically: true, encoding: .utf8)
    XCTAssertNil(try Self.render(tool, svgURL, to: pngURL, zoom: 1))
    let png = try PNGImage(data: Data(contentsOf: pngURL))
    XCTAssertEqual(png.width, 40)
    XCTAssertEqual(png.height, 30)
    XCTAssertEqual(png.pixel(15, 10).r, 255)
    XCTAssertEqual(png.pixel(15, 10).g, 0)
    XCTAssertEqual(png.pixel(2, 2).g, 255)
    XCTAssertEqual(
      Self.inkPixels(png, in: .init(x0: 0, y0: 0, x1: 40, y1: 30)), 100, "the 10×10 square")
  }
}

/// What the render test reads from an SVG: its size, its plot area and the box each piece of
/// text covers, estimated from its character count (0.6 em per character, a little under
/// DejaVu Sans's digits, so a real overlap is not missed by much).
final class SVGTexts: NSObject, XMLParserDelegate {
  struct Box {
    let x0, y0, x1, y1: Double
    func overlaps(_ o: Box) -> Bool { x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1 }
  }
  struct Label {
    let text: String
    let box: Box
  }

  var root: String?
  var width = 0.0
  var height = 0.0
  var plotArea: Box?
  var labels: [Label] = []
  var error: String?
  private var open: (x: Double, y: Double, anchor: String, size: Double)?
  private var content = ""

  static func parse(_ svg: String) -> SVGTexts {
    let parser = XMLParser(data: Data(svg.utf8))
    let texts = SVGTexts()
    parser.delegate = texts
    if !parser.parse() { texts.error = parser.parserError.map { "\($0)" } ?? "parse failed" }
    return texts
  }

  func parser(
    _ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
    qualifiedName: String?, attributes a: [String: String] = [:]
  ) {
    func number(_ key: String) -> Double { Double(a[key] ?? "") ?? 0 }
    if root == nil {
      root = name
      width = number("width")
      height = number("height")
    }
    if name == "rect", a["id"] == "plot-area" {
      plotArea = Box(
        x0: number("x"), y0: number("y"), x1: number("x") + number("width"),
        y1: number("y") + number("height"))
    }
    if name == "text" {
      open = (
        number("x"), number("y"), a["text-anchor"] ?? "start", Double(a["font-size"] ?? "") ?? 12
      )
      content = ""
    }
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) { content += string }

  func parser(
    _ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?
  ) {
    guard name == "text", let t = open else { return }
    let w = Double(content.count) * t.size * 0.6
    let left = t.anchor == "middle" ? t.x - w / 2 : t.anchor == "end" ? t.x - w : t.x
    labels.append(
      Label(
        text: content,
        box: Box(x0: left, y0: t.y - t.size * 0.75, x1: left + w, y1: t.y + t.size * 0.2)))
    open = nil
  }

  /// Pairs of labels that overlap, and labels that leave the page.
  func layoutProblems() -> [String] {
    var problems: [String] = []
    for (i, a) in labels.enumerated() {
      if a.box.x0 < -0.5 || a.box.y0 < -0.5 || a.box.x1 > width + 0.5 || a.box.y1 > height + 0.5 {
        problems.append("'\(a.text)' leaves the \(width)×\(height) page")
      }
      for b in labels[(i + 1)...] where a.box.overlaps(b.box) {
        problems.append("'\(a.text)' overlaps '\(b.text)'")
      }
    }
    return problems
  }
}
