/// An equation a screen can show, written once.
///
/// Each conforming type is one equation of the article (Eq. 1–4, §2.2–2.6): its symbolic
/// form here, and beside it, as methods taking the engine's records, its form as printed
/// (with the erratum number) and its form with a record's numbers. Screens (`step`, `back`,
/// `grads`, `eq`, `derive`, lesson feedback, captions) compose these and never spell a
/// formula themselves. A new model brings its equations as new conforming types and reuses
/// the screens' layouts.
protocol Equation {
  /// The notation every form is written in.
  var n: Notation { get }
  init(n: Notation)
  /// The equation as its source writes it (corrected where the article errs).
  var symbolic: String { get }
}

extension LossEquation: Equation {}
extension OutputEquation: Equation {}
extension HiddenStateEquation: Equation {}
extension LossGradientEquation: Equation {}
extension OutputWeightEquation: Equation {}
extension HiddenWeightsEquation: Equation {}
extension ReluEquation: Equation {}
extension ThroughTimeEquation: Equation {}
extension AllTogetherEquation: Equation {
  var symbolic: String { symbolic(.w1) + ", and the same for \(n.w(2))" }
}
