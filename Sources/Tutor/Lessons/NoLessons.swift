extension Session {
  /// "no lessons are installed", naming every place the executable looked
  /// (`lessonPlaces`) and how to point it at a lessons folder.
  var noLessonsMessage: String {
    let text = "no lessons are installed"
    guard !lessonPlaces.isEmpty else {
      return text + " (minirnn reads them from its Lessons folder)"
    }
    return text + "; minirnn looked in " + lessonPlaces.joined(separator: ", ")
      + ". Set MINIRNN_LESSONS to a folder of lessons, or install them with 'make install'"
  }
}
