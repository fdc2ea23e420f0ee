extension Session {
  /// The lines the prompt starts with (never a script's, never with `--quiet`): the version,
  /// where a new learner begins, and `help`; when a lesson is in progress, which one and
  /// that `lesson` resumes it.
  ///
  /// Reads only the lesson progress (`restoreLessonProgress`), not the lessons themselves,
  /// so the first prompt does not wait for the lessons to be parsed.
  public func welcome(version: String) -> String {
    var lines = ["minirnn \(version): backpropagation through time, by hand."]
    if let (number, name, step) = lessonInProgress {
      lines.append(
        "'lesson' resumes lesson \(number) (\(name)), in progress at step \(step); 'help' lists the commands."
      )
    } else {
      lines.append("new here? type 'lesson 0'. 'help' lists the commands.")
    }
    let width = max(40, traits.width - 1)
    return lines.flatMap { wrap($0, width: width) }.map { $0 + "\n" }.joined()
  }

  /// The lesson the learner was in when they left, if they had not finished it.
  var lessonInProgress: (number: Int, name: String, step: Int)? {
    let progress = lessonBook.progress
    guard let id = progress.current, let record = progress.records[id], !record.completed,
      let (number, name) = Lesson.numberAndName(ofFile: id + ".md")
    else { return nil }
    return (number, name, record.step)
  }
}
