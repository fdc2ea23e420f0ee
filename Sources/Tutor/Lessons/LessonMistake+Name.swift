extension LessonMistake {
  /// The mistake's stable name, as progress and reports keep it: `lossSignFlipped`,
  /// `offByOne`, or `written:h[3]` for a `Mistake:` line (its expression, spaces left out).
  ///
  /// The name leaves out what a case carries (a timestep, a weight), so the same wrong path
  /// counts as one mistake across a class. Renaming a case must keep its name: teachers
  /// compare reports written by different versions.
  var stableName: String {
    switch self {
    case .lossSignFlipped: "lossSignFlipped"
    case .reluForgotten: "reluForgotten"
    case .outputWeightAsW2: "outputWeightAsW2"
    case .twoPasses: "twoPasses"
    case .onePass: "onePass"
    case .otherLoss: "otherLoss"
    case .halfForgotten: "halfForgotten"
    case .offByOne: "offByOne"
    case .otherTermOfStep: "otherTermOfStep"
    case .otherGradient: "otherGradient"
    case .updateSignFlipped: "updateSignFlipped"
    case .notUpdated: "notUpdated"
    case .outputForHidden: "outputForHidden"
    case .hiddenForOutput: "hiddenForOutput"
    case .unrounded: "unrounded"
    case .sigmoidForgotten: "sigmoidForgotten"
    case .cellForHidden: "cellForHidden"
    case .gatePreactivation: "gatePreactivation"
    case .written(let w): "written:" + String(w.expression.text.filter { $0 != " " })
    }
  }

  /// True for what `stableName` can give: a name is one word of printable ASCII, at most
  /// 100 characters. Progress files and reports are checked against it.
  static func isStableName(_ name: some StringProtocol) -> Bool {
    !name.isEmpty && name.utf8.count <= 100 && name.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }
  }
}
