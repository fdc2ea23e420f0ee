/// Python's `round(v, digits)` for a `Double`: the exact binary value of `v` rounded to
/// `digits` decimals, exact ties to even, then the nearest `Double` to that decimal.
///
/// Part 1's model ends with `round(l2, 1)`; this reproduces it bit for bit. `digits` is
/// 0…15; NaN and infinities come back unchanged.
public func pythonRound(_ v: Double, digits: Int) -> Double {
  precondition((0...15).contains(digits), "digits must be 0…15")
  guard v.isFinite else { return v }
  var scale = 1.0
  for _ in 0..<digits { scale *= 10 }
  let scaled = v * scale
  guard abs(scaled) < 0x1p52 else { return v }  // already an integer at this scale
  let k = scaled.rounded(.down)
  // Compare the exact v·2·scale with the midpoint 2k+1: p + e is v·2·scale exactly.
  let p = v * (2 * scale)
  let e = (-p).addingProduct(v, 2 * scale)
  let difference = (p - (2 * k + 1)) + e
  let chosen: Double
  if difference > 0 {
    chosen = k + 1
  } else if difference < 0 {
    chosen = k
  } else {
    chosen = k.truncatingRemainder(dividingBy: 2) == 0 ? k : k + 1
  }
  return chosen / scale
}
