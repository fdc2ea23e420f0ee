/// "no lessons are installed", naming every place the executable looked (`tried`) and how
/// to point it at a lessons folder; without places (tests, lessons), where they come from.
func noLessonsSentence(tried: [String]) -> String {
  let text = "no lessons are installed"
  guard !tried.isEmpty else { return text + " (minirnn reads them from its Lessons folder)" }
  return text + "; minirnn looked in "
    + tried.map { visible($0, keepingLines: false) }.joined(separator: ", ")
    + ". Set MINIRNN_LESSONS to a folder of lessons, or install them with 'make install'"
}
