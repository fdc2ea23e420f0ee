extension Session {
  /// The running lesson, or an error for `command` saying how to start one.
  func runningLesson(_ command: String) throws(CommandError) -> LessonRun {
    guard let run = lessonBook.run else {
      throw .noLesson(command: command)
    }
    return run
  }
}
