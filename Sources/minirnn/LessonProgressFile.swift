@preconcurrency import Glibc
import Tutor

/// The learner's lesson progress, kept in the state folder between runs of the prompt.
///
/// Scripts neither read nor write it: replaying a lesson in a script must not move the
/// learner's place.
struct LessonProgressFile {
  let path: String
  /// The session's progress revision last saved or restored.
  private var savedRevision: Int?
  /// The file's text as this process last read or wrote it: what another process's changes
  /// are told apart from.
  private var base = ""

  init(path: String) {
    self.path = path
  }

  /// Gives the session the progress saved by an earlier run, if any; returns a problem worth
  /// a warning, or nil.
  mutating func restore(into session: inout Session) -> String? {
    defer { savedRevision = session.lessonProgressRevision }
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }  // no lesson taken yet
    switch RealFiles().read(path, limit: 1 << 20) {
    case .success(let text):
      base = text
      let skipped = session.restoreLessonProgress(text)
      return skipped.isEmpty ? nil : "\(skipped.count) unreadable line(s) in \(path) skipped"
    case .failure(let error):
      return error.message
    }
  }

  /// Saves the progress when a command changed it; returns why saving failed, or nil.
  ///
  /// Another minirnn may have saved its own progress since this one read the file: under
  /// the file's lock, the file is read again and merged with this session's progress
  /// (`Session.mergeLessonProgress`), and the session takes the merged progress too.
  mutating func saveIfChanged(_ session: inout Session) -> String? {
    guard session.lessonProgressRevision != savedRevision else { return nil }
    if let problem = HistoryFile.makeFolders(splitPath(path).folder) { return problem }
    return HistoryFile.withLock(on: path) { () -> String? in
      var saved = base
      var info = stat()
      if stat(path, &info) == 0, case .success(let text) = RealFiles().read(path, limit: 1 << 20) {
        saved = text
      }
      let text = session.mergeLessonProgress(saved: saved, base: base)
      if case .failure(let error) = RealFiles().writeAtomically(path, text, newFileMode: 0o600) {
        return error.message
      }
      base = text
      savedRevision = session.lessonProgressRevision
      return nil
    }
  }
}
