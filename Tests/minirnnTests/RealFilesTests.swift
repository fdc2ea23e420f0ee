@preconcurrency import Glibc
import Testing
import Tutor

@testable import minirnn

@Suite struct RealFilesTests {
  private let files = RealFiles()

  private func message<T>(_ result: Result<T, FileAccessError>) -> String? {
    if case .failure(let error) = result { return error.message }
    return nil
  }

  @Test func readsATextFile() throws {
    let folder = try makeTemporaryFolder()
    defer { removeTree(folder) }
    try writeFile(folder + "/model.txt", "w1 = 1.8\nw₂ = −0.5\n")
    #expect(try files.read(folder + "/model.txt", limit: 100).get() == "w1 = 1.8\nw₂ = −0.5\n")
  }

  @Test func refusesWhatIsNotAReadableTextFile() throws {
    let folder = try makeTemporaryFolder()
    defer { removeTree(folder) }
    try writeFile(folder + "/big.txt", String(repeating: "x", count: 101))
    try writeFile(folder + "/binary", "a\u{0}b")
    let invalid = folder + "/latin1"
    let descriptor = open(invalid, O_WRONLY | O_CREAT, 0o644)
    var bytes: [UInt8] = [0x63, 0x61, 0x66, 0xE9]  // "café" in Latin-1
    write(descriptor, &bytes, bytes.count)
    close(descriptor)

    #expect(message(files.read(folder, limit: 100)) == "'\(folder)' is a folder, not a file")
    #expect(
      message(files.read(folder + "/big.txt", limit: 100))
        == "'\(folder)/big.txt' is too large to read: more than 100 bytes")
    #expect(message(files.read(folder + "/binary", limit: 100))?.contains("NUL") == true)
    #expect(message(files.read(invalid, limit: 100))?.contains("UTF-8") == true)
    #expect(
      message(files.read(folder + "/missing", limit: 100))
        == "cannot read '\(folder)/missing': No such file or directory")
    #expect(message(files.read("/dev/null", limit: 100)) == "'/dev/null' is not a regular file")
  }

  @Test func writeReplacesTheFileAndLeavesNoTemporary() throws {
    let folder = try makeTemporaryFolder()
    defer { removeTree(folder) }
    let path = folder + "/model.txt"
    try files.writeAtomically(path, "first\n").get()
    try files.writeAtomically(path, "second\n").get()
    #expect(readFile(path) == Array("second\n".utf8))
    #expect(entries(of: folder) == ["model.txt"])
  }

  @Test func writeKeepsThePermissionsOfAnExistingFile() throws {
    let folder = try makeTemporaryFolder()
    defer { removeTree(folder) }
    let path = folder + "/model.txt"
    try writeFile(path, "old", mode: 0o640)
    chmod(path, 0o640)
    try files.writeAtomically(path, "new").get()
    var info = stat()
    stat(path, &info)
    #expect(info.st_mode & 0o777 == 0o640)
  }

  @Test func writeThroughALinkReplacesItsTarget() throws {
    let folder = try makeTemporaryFolder()
    defer { removeTree(folder) }
    try writeFile(folder + "/real.txt", "old")
    symlink(folder + "/real.txt", folder + "/link.txt")
    try files.writeAtomically(folder + "/link.txt", "new").get()
    #expect(readFile(folder + "/real.txt") == Array("new".utf8))
    var info = stat()
    lstat(folder + "/link.txt", &info)
    #expect(info.st_mode & S_IFMT == S_IFLNK)
  }

  @Test func writeFailuresNameThePathAndTheReason() throws {
    let folder = try makeTemporaryFolder()
    defer { removeTree(folder) }
    #expect(
      message(files.writeAtomically(folder + "/missing/model.txt", "x"))
        == "cannot write '\(folder)/missing/model.txt': No such file or directory")
    #expect(message(files.writeAtomically(folder, "x")) == "'\(folder)' is a folder, not a file")
    #expect(entries(of: folder) == [])
    // A full device: the temporary file must not be left behind (/dev/full is not a folder,
    // so this uses a folder that cannot be written instead when running as non-root).
    if getuid() != 0 {
      chmod(folder, 0o500)
      #expect(
        message(files.writeAtomically(folder + "/x.txt", "x"))?.hasSuffix("Permission denied")
          == true)
      chmod(folder, 0o700)
    }
  }

  @Test func tildeMeansHome() {
    let home = environment("HOME") ?? ""
    #expect(expandingTilde("~/m.txt") == home + "/m.txt" || home.isEmpty)
    #expect(expandingTilde("a/~/b") == "a/~/b")
    #expect(expandingTilde("~user/x") == "~user/x")
  }

  @Test func splitsPaths() {
    #expect(splitPath("a/b/c.txt") == ("a/b", "c.txt"))
    #expect(splitPath("c.txt") == (".", "c.txt"))
    #expect(splitPath("/c.txt") == ("/", "c.txt"))
  }
}

/// The names in a folder, sorted, without `.` and `..`.
func entries(of folder: String) -> [String] {
  (TabCompletion.listFolder(folder) ?? []).map(\.name).filter { $0 != "." && $0 != ".." }.sorted()
}
