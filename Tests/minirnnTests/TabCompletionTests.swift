@preconcurrency import Glibc
import Testing
import Tutor

@testable import minirnn

@Suite struct TabCompletionTests {
  @Test func oneWordIsFinishedWithASpace() {
    #expect(
      TabCompletion.action(for: .words(prefix: "wei", candidates: ["weights"])) == .insert("ghts "))
    #expect(TabCompletion.action(for: .words(prefix: "quit", candidates: ["quit"])) == .insert(" "))
  }

  @Test func severalWordsShareWhatTheyCan() {
    let shared = Completion.words(prefix: "p", candidates: ["precision", "predict"])
    #expect(TabCompletion.action(for: shared) == .insert("re"))
    let nothingMore = Completion.words(prefix: "pr", candidates: ["precision", "print"])
    #expect(TabCompletion.action(for: nothingMore) == .list(["precision", "print"]))
    #expect(TabCompletion.action(for: .words(prefix: "zz", candidates: [])) == .nothing)
  }

  @Test func duplicateCandidatesCountOnce() {
    #expect(
      TabCompletion.action(for: .words(prefix: "tr", candidates: ["train", "train"]))
        == .insert("ain "))
  }

  private let folders: [String: [FolderEntry]] = [
    ".": [
      FolderEntry(name: "models", isFolder: true), FolderEntry(name: "model.txt", isFolder: false),
      FolderEntry(name: ".hidden", isFolder: false), FolderEntry(name: "my file", isFolder: false),
      FolderEntry(name: "lesson1.txt", isFolder: false),
    ],
    "models/": [
      FolderEntry(name: "a.txt", isFolder: false), FolderEntry(name: "b.txt", isFolder: false),
    ],
  ]

  private func complete(_ prefix: String) -> TabAction {
    TabCompletion.action(for: .path(prefix: prefix), listFolder: { folders[$0] })
  }

  @Test func pathsCompleteFilesAndFolders() {
    #expect(complete("les") == .insert("son1.txt "))
    #expect(complete("model") == .list(["model.txt", "models/"]))
    #expect(complete("models") == .insert("/"), "a folder gets its slash and no space")
    #expect(complete("models/") == .list(["a.txt", "b.txt"]))
    #expect(complete("models/a") == .insert(".txt "))
    #expect(complete("") == .list(["lesson1.txt", "model.txt", "models/"]))
    #expect(complete(".h") == .insert("idden "), "dot files only when asked for")
    #expect(complete("my") == .nothing, "names with spaces cannot be typed as one word")
    #expect(complete("missing/x") == .nothing)
  }

  @Test func commonPrefix() {
    #expect(TabCompletion.commonPrefix(["print", "precision", "predict"]) == "pr")
    #expect(TabCompletion.commonPrefix(["a", "b"]) == "")
    #expect(TabCompletion.commonPrefix([]) == "")
  }

  @Test func columnsGoDownThenAcross() {
    let words = ["alpha", "beta", "gamma", "delta", "epsilon"]
    // Cells are 7 + 2 wide; 20 columns hold two of them.
    #expect(
      TabCompletion.columns(words, width: 20) == "alpha    delta\nbeta     epsilon\ngamma\n")
    #expect(
      TabCompletion.columns(words, width: 200) == "alpha    beta     gamma    delta    epsilon\n")
    #expect(TabCompletion.columns(words, width: 5) == "alpha\nbeta\ngamma\ndelta\nepsilon\n")
    #expect(TabCompletion.columns([], width: 80) == "")
  }

  @Test func listsARealFolder() throws {
    let folder = try makeTemporaryFolder()
    defer { removeTree(folder) }
    try writeFile(folder + "/weights.txt", "x")
    try #require(mkdir(folder + "/sub", 0o700) == 0)
    let entries = try #require(TabCompletion.listFolder(folder))
    #expect(entries.contains(FolderEntry(name: "weights.txt", isFolder: false)))
    #expect(entries.contains(FolderEntry(name: "sub", isFolder: true)))
    #expect(TabCompletion.listFolder(folder + "/missing") == nil)
  }
}
