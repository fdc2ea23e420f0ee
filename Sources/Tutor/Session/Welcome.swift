extension Session {
  /// The lines the prompt starts with (never a script's, never with `--quiet`): the version,
  /// where a new learner begins, and `help`; when a lesson is in progress, which one and
  /// that `lesson` resumes it.
  ///
  /// Reads only the lesson progress (`restoreLessonProgress`), not the lessons themselves,
  /// so the first prompt does not wait for the lessons to be parsed.
  ///
  /// `lessons` are the ids of the installed lessons (their file names, `03-bptt`), when the
  /// caller knows them: once every one is finished, the welcome says so and what could come
  /// next.
  public func welcome(version: String, lessons: [String] = []) -> String {
    var lines = ["minirnn \(version): backpropagation through time, by hand."]
    let records = lessonBook.progress.records
    if !lessons.isEmpty, lessons.allSatisfy({ records[$0]?.completed == true }) {
      lines.append(
        "You have finished all \(lessons.count) lessons. Next, try 'quiz on' and step through a model of your own, 'model lstm' on 'data zigzag', or 'export notebook' to go on in PyTorch; 'lessons' shows your scores."
      )
    } else if let (number, name, step) = lessonInProgress {
      lines.append(
        "'lesson' resumes lesson \(number) (\(name)), in progress at step \(step); 'help' lists the commands."
      )
    } else {
      lines.append("new here? type 'lesson 0'. 'help' lists the commands.")
    }
    let width = max(40, traits.width - 1)
    return lines.flatMap { TextLayout.wrap($0, width: width) }.map { $0 + "\n" }.joined()
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
