@preconcurrency import Glibc
import Testing

@testable import minirnn

/// `make install` into a temporary PREFIX, the tree moved elsewhere: the binary still finds
/// the lessons installed beside it; the man page is installed where `man` looks.
@Suite struct InstallTests {
  /// The repository root: three levels above this file.
  private let root: String = {
    var path = #filePath
    for _ in 0..<3 { path = String(path[..<path.lastIndex(of: "/")!]) }
    return path
  }()

  @Test func installedTreeFindsItsLessonsAfterAMove() throws {
    let scratch = try makeTemporaryFolder()
    defer { removeTree(scratch) }
    // `-o release`: install the binary these tests run, without building another.
    let install = try run([
      "/usr/bin/make", "-C", root, "-o", "release", "install", "PREFIX=\(scratch)/prefix",
      "BINARY=\(minirnnPath)",
    ])
    try #require(install.status == 0, "\(install.stdout)\n\(install.stderr)")
    let shipped = try #require(listFolder(root + "/Lessons")).filter {
      $0.hasSuffix(".md") && $0 != "README.md"
    }
    let installed = try #require(listFolder(scratch + "/prefix/share/minirnn/lessons"))
    #expect(Set(installed).isSuperset(of: shipped))
    // The man page, where `man` looks under PREFIX, readable by all and the same text.
    let manPage = scratch + "/prefix/share/man/man1/minirnn.1"
    var status = stat()
    try #require(stat(manPage, &status) == 0, "make install left no \(manPage)")
    #expect(status.st_mode & 0o777 == 0o644)
    #expect(readFile(manPage) == readFile(root + "/minirnn.1"))

    try #require(rename(scratch + "/prefix", scratch + "/moved") == 0)
    // One lesson fewer than the source tree holds, so the listing shows which folder it read.
    let dropped = try #require(shipped.sorted().last)
    try #require(unlink(scratch + "/moved/share/minirnn/lessons/" + dropped) == 0)
    let listed = try run(
      [scratch + "/moved/bin/minirnn", "-e", "lessons"], environment: ["MINIRNN_LESSONS": nil])
    #expect(listed.status == 0, "\(listed.stderr)")
    #expect(listed.stdoutLines.count == shipped.count, "\(listed.stdout)")
    #expect(!listed.stdout.contains("  \(dropped.prefix(2))  "), "\(listed.stdout)")
  }

  @Test func noLessonsNamesWhereItLooked() throws {
    let empty = try makeTemporaryFolder()
    defer { removeTree(empty) }
    let listed = try run([minirnnPath, "-e", "lessons"], environment: ["MINIRNN_LESSONS": empty])
    #expect(
      listed.stdout
        == "no lessons are installed; minirnn looked in $MINIRNN_LESSONS (\(empty)). Set MINIRNN_LESSONS to a folder of lessons, or install them with 'make install'\n"
    )
  }

  private func listFolder(_ path: String) -> [String]? {
    TabCompletion.listFolder(path)?.map(\.name)
  }
}
