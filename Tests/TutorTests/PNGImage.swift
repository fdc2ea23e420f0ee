import Foundation

/// A PNG decoded to RGBA pixels: enough of the format for what `rsvg-convert` writes
/// (8 bits per channel, RGB or RGBA, not interlaced), with its own inflate, so the render test
/// needs no image library.
struct PNGImage {
  let width: Int
  let height: Int
  /// Row-major, 4 bytes per pixel (RGBA).
  let pixels: [UInt8]

  enum Failure: Error, CustomStringConvertible {
    case bad(String)
    var description: String {
      switch self {
      case .bad(let why): "not a PNG minirnn's test can read: \(why)"
      }
    }
  }

  /// The pixel at (x, y) as (r, g, b, a).
  func pixel(_ x: Int, _ y: Int) -> (r: UInt8, g: UInt8, b: UInt8, a: UInt8) {
    let i = (y * width + x) * 4
    return (pixels[i], pixels[i + 1], pixels[i + 2], pixels[i + 3])
  }

  init(data: Data) throws {
    let bytes = [UInt8](data)
    guard bytes.count > 8, bytes.prefix(8) == [137, 80, 78, 71, 13, 10, 26, 10] else {
      throw Failure.bad("no PNG signature")
    }
    var at = 8
    var idat: [UInt8] = []
    var header: (width: Int, height: Int, depth: UInt8, color: UInt8, interlace: UInt8)?
    func big(_ i: Int) -> Int { bytes[i..<i + 4].reduce(0) { $0 << 8 | Int($1) } }
    while at + 8 <= bytes.count {
      let length = big(at)
      let type = String(decoding: bytes[at + 4..<at + 8], as: UTF8.self)
      let start = at + 8
      guard start + length <= bytes.count else { throw Failure.bad("truncated chunk \(type)") }
      if type == "IHDR" {
        header = (big(start), big(start + 4), bytes[start + 8], bytes[start + 9], bytes[start + 12])
      } else if type == "IDAT" {
        idat += bytes[start..<start + length]
      } else if type == "IEND" {
        break
      }
      at = start + length + 4
    }
    guard let header else { throw Failure.bad("no IHDR") }
    guard header.depth == 8, header.color == 6 || header.color == 2, header.interlace == 0 else {
      throw Failure.bad("depth \(header.depth), colour type \(header.color)")
    }
    let channels = header.color == 6 ? 4 : 3
    guard idat.count > 2 else { throw Failure.bad("no image data") }
    var inflate = Inflate(Array(idat.dropFirst(2)))
    let raw = try inflate.run()
    let stride = header.width * channels
    guard raw.count >= header.height * (stride + 1) else { throw Failure.bad("short image data") }
    var out = [UInt8](repeating: 0, count: header.width * header.height * 4)
    var previous = [UInt8](repeating: 0, count: stride)
    for row in 0..<header.height {
      let filter = raw[row * (stride + 1)]
      var line = Array(raw[(row * (stride + 1) + 1)..<((row + 1) * (stride + 1))])
      for i in 0..<stride {
        let a = i >= channels ? Int(line[i - channels]) : 0
        let b = Int(previous[i])
        let c = i >= channels ? Int(previous[i - channels]) : 0
        let predictor: Int
        switch filter {
        case 0: predictor = 0
        case 1: predictor = a
        case 2: predictor = b
        case 3: predictor = (a + b) / 2
        case 4:
          let estimate: Int = a + b - c
          let pa = Swift.abs(estimate - a)
          let pb = Swift.abs(estimate - b)
          let pc = Swift.abs(estimate - c)
          predictor = pa <= pb && pa <= pc ? a : (pb <= pc ? b : c)
        default: throw Failure.bad("filter \(filter)")
        }
        line[i] = UInt8(truncatingIfNeeded: Int(line[i]) + predictor)
      }
      for x in 0..<header.width {
        for k in 0..<channels { out[(row * header.width + x) * 4 + k] = line[x * channels + k] }
        if channels == 3 { out[(row * header.width + x) * 4 + 3] = 255 }
      }
      previous = line
    }
    width = header.width
    height = header.height
    pixels = out
  }
}

/// DEFLATE (RFC 1951): stored, fixed and dynamic Huffman blocks.
private struct Inflate {
  let input: [UInt8]
  var bit = 0
  var output: [UInt8] = []

  init(_ input: [UInt8]) { self.input = input }

  mutating func bits(_ count: Int) throws -> Int {
    var value = 0
    for i in 0..<count {
      guard bit / 8 < input.count else { throw PNGImage.Failure.bad("deflate data ends early") }
      value |= Int((input[bit / 8] >> UInt8(bit % 8)) & 1) << i
      bit += 1
    }
    return value
  }

  /// A canonical Huffman code from code lengths: (count per length, symbols in order).
  struct Code {
    var counts = [Int](repeating: 0, count: 16)
    var symbols: [Int] = []
    init(_ lengths: [Int]) {
      for l in lengths { counts[l] += 1 }
      counts[0] = 0
      var offsets = [Int](repeating: 0, count: 16)
      for l in 1..<16 { offsets[l] = offsets[l - 1] + counts[l - 1] }
      symbols = [Int](repeating: 0, count: lengths.count)
      for (s, l) in lengths.enumerated() where l != 0 {
        symbols[offsets[l]] = s
        offsets[l] += 1
      }
    }
  }

  mutating func decode(_ code: Code) throws -> Int {
    var value = 0
    var first = 0
    var index = 0
    for length in 1..<16 {
      value |= try bits(1)
      let count = code.counts[length]
      if value - first < count { return code.symbols[index + value - first] }
      index += count
      first = (first + count) << 1
      value <<= 1
    }
    throw PNGImage.Failure.bad("bad Huffman code")
  }

  static let lengthBase = [
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131,
    163, 195, 227, 258,
  ]
  static let lengthExtra = [
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
  ]
  static let distanceBase = [
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
    2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
  ]
  static let distanceExtra = [
    0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13,
    13,
  ]

  mutating func run() throws -> [UInt8] {
    var last = 0
    while last == 0 {
      last = try bits(1)
      switch try bits(2) {
      case 0:
        bit = (bit + 7) / 8 * 8
        let at = bit / 8
        guard at + 4 <= input.count else { throw PNGImage.Failure.bad("stored block") }
        let length = Int(input[at]) | Int(input[at + 1]) << 8
        guard at + 4 + length <= input.count else { throw PNGImage.Failure.bad("stored block") }
        output += input[(at + 4)..<(at + 4 + length)]
        bit = (at + 4 + length) * 8
      case 1:
        let lengths =
          [Int](repeating: 8, count: 144) + [Int](repeating: 9, count: 112)
          + [Int](repeating: 7, count: 24) + [Int](repeating: 8, count: 8)
        try block(Code(lengths), Code([Int](repeating: 5, count: 30)))
      case 2:
        let literals = try bits(5) + 257
        let distances = try bits(5) + 1
        let codeLengths = try bits(4) + 4
        let order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
        var lengthsOfLengths = [Int](repeating: 0, count: 19)
        for i in 0..<codeLengths { lengthsOfLengths[order[i]] = try bits(3) }
        let lengthCode = Code(lengthsOfLengths)
        var lengths: [Int] = []
        while lengths.count < literals + distances {
          let symbol = try decode(lengthCode)
          switch symbol {
          case 0..<16: lengths.append(symbol)
          case 16:
            guard let previous = lengths.last else { throw PNGImage.Failure.bad("repeat") }
            lengths += [Int](repeating: previous, count: 3 + (try bits(2)))
          case 17: lengths += [Int](repeating: 0, count: 3 + (try bits(3)))
          default: lengths += [Int](repeating: 0, count: 11 + (try bits(7)))
          }
        }
        try block(
          Code(Array(lengths[0..<literals])),
          Code(Array(lengths[literals..<(literals + distances)])))
      default: throw PNGImage.Failure.bad("block type 3")
      }
    }
    return output
  }

  mutating func block(_ literal: Code, _ distance: Code) throws {
    while true {
      let symbol = try decode(literal)
      if symbol < 256 {
        output.append(UInt8(symbol))
      } else if symbol == 256 {
        return
      } else {
        let i = symbol - 257
        guard i < Self.lengthBase.count else { throw PNGImage.Failure.bad("length symbol") }
        let length = Self.lengthBase[i] + (try bits(Self.lengthExtra[i]))
        let d = try decode(distance)
        guard d < Self.distanceBase.count else { throw PNGImage.Failure.bad("distance symbol") }
        let back = Self.distanceBase[d] + (try bits(Self.distanceExtra[d]))
        guard back <= output.count else { throw PNGImage.Failure.bad("distance too far") }
        let start = output.count - back
        for k in 0..<length { output.append(output[start + k]) }
      }
    }
  }
}
