@preconcurrency import Glibc
import Testing

@testable import minirnn

@Suite struct HistoryFileTests {
  @Test func historyLocation() {
    #expect(
      HistoryFile.location(stateHome: "/s", home: "/h") == "/s/minirnn/history")
    #expect(
      HistoryFile.location(stateHome: nil, home: "/h") == "/h/.local/state/minirnn/history")
    #expect(
      HistoryFile.location(stateHome: "relative", home: "/h")
        == "/h/.local/state/minirnn/history", "a relative XDG_STATE_HOME is ignored")
    #expect(HistoryFile.location(stateHome: "", home: "") == nil)
    #expect(HistoryFile.location(stateHome: nil, home: nil) == nil)
  }

  @Test func historyFoldersAndFileArePrivate() throws {
    let home = try makeTemporaryFolder()
    defer { removeTree(home) }
    let path = home + "/a/b/history"
    #expect(HistoryFile.prepare(path) == nil)
    var info = stat()
    stat(home + "/a", &info)
    #expect(info.st_mode & 0o777 == 0o700)
    stat(home + "/a/b", &info)
    #expect(info.st_mode & 0o777 == 0o700)
    stat(path, &info)
    #expect(info.st_mode & 0o777 == 0o600)
    #expect(HistoryFile.isEmpty(path))

    // Saving goes through a temporary file that is gone afterwards.
    #expect(HistoryFile.replace(path) { (try? writeFile($0, "x\n")) != nil } == nil)
    #expect(readFile(path) == Array("x\n".utf8))
    #expect(entries(of: home + "/a/b") == ["history"])
    #expect(HistoryFile.replace(path) { _ in false }?.hasPrefix("cannot save \(path)") == true)
    #expect(entries(of: home + "/a/b") == ["history"])
  }

  @Test func historyFolderThatIsAFileIsReported() throws {
    let home = try makeTemporaryFolder()
    defer { removeTree(home) }
    try writeFile(home + "/state", "not a folder")
    let problem = HistoryFile.prepare(home + "/state/minirnn/history")
    #expect(problem == "cannot create \(home)/state/minirnn: Not a directory")
  }
}
