@preconcurrency import Glibc
import Synchronization
import Tutor

/// The files `save`, `load` and `export` reach: the real file system.
///
/// A path starting with `~/` is taken from the home folder, as a shell would have done
/// (the command language has no shell in front of it). Every message names the path as typed,
/// its control characters made visible.
struct RealFiles: FileAccess {
  func read(_ path: String, limit: Int) -> Result<String, FileAccessError> {
    if let problem = homeProblem(path) { return .failure(problem) }
    // O_NONBLOCK: opening a FIFO must not hang until a writer turns up; it is then refused
    // as not a regular file.
    let descriptor = open(expandingTilde(path), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)
    guard descriptor >= 0 else {
      let code = errno
      return .failure(
        FileAccessError(
          "cannot read '\(visible(path, keepingLines: false))': \(errorText(code))",
          isMissing: code == ENOENT))
    }
    defer { close(descriptor) }
    var info = stat()
    guard fstat(descriptor, &info) == 0 else {
      return failure("cannot read '\(visible(path, keepingLines: false))'", errno)
    }
    if let problem = notARegularFile(info, path) { return .failure(FileAccessError(problem)) }
    let tooLarge = FileAccessError(
      "'\(visible(path, keepingLines: false))' is too large to read: more than \(limit) bytes")
    if info.st_size > limit { return .failure(tooLarge) }

    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 65536)
    while true {
      let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
      if count < 0 {
        if errno == EINTR { continue }
        return failure("cannot read '\(visible(path, keepingLines: false))'", errno)
      }
      if count == 0 { break }
      bytes += chunk[..<count]
      // The file may grow while it is read.
      if bytes.count > limit { return .failure(tooLarge) }
    }
    // memchr: a load of 64 MB must not spend seconds here before it can poll for Ctrl-C.
    if bytes.withUnsafeBufferPointer({ $0.count > 0 && memchr($0.baseAddress!, 0, $0.count) != nil }
    ) {
      return .failure(
        FileAccessError(
          "'\(visible(path, keepingLines: false))' is not a text file (it contains NUL bytes)"))
    }
    guard let text = String(validating: bytes, as: UTF8.self) else {
      return .failure(
        FileAccessError(
          "'\(visible(path, keepingLines: false))' is not a text file (it is not valid UTF-8)"))
    }
    return .success(text)
  }

  /// Writes a temporary file beside the target, flushes it to disk and renames it over the
  /// target: a crash or a full disk leaves either the old file or the new one, never half.
  /// The temporary file is removed on any failure. An existing file keeps its permissions;
  /// a new one gets the usual 0666 less the umask.
  func writeAtomically(_ path: String, _ text: String) -> Result<Void, FileAccessError> {
    writeAtomically(path, text, newFileMode: 0o666)
  }

  /// `writeAtomically`, with the mode a new file is created with (less the umask): 0600 for
  /// a file only its owner should read, which it then is from its first byte.
  func writeAtomically(_ path: String, _ text: String, newFileMode: mode_t)
    -> Result<Void, FileAccessError>
  {
    let what = "cannot write '\(visible(path, keepingLines: false))'"
    guard !path.isEmpty else { return .failure(FileAccessError("no file name given")) }
    if let problem = homeProblem(path) { return .failure(problem) }
    var destination = expandingTilde(path)
    var existingMode: mode_t?
    var info = stat()
    // Replace the file a link points to, not the link; a dangling link gets its target
    // created, as writing through it would.
    var hops = 0
    while lstat(destination, &info) == 0 && info.st_mode & S_IFMT == S_IFLNK {
      hops += 1
      guard hops <= 40, let target = linkTarget(destination) else { return failure(what, ELOOP) }
      destination = target.hasPrefix("/") ? target : splitPath(destination).folder + "/" + target
    }
    if lstat(destination, &info) == 0 {
      if let problem = notARegularFile(info, path) { return .failure(FileAccessError(problem)) }
      existingMode = info.st_mode & 0o7777
    }

    removeStaleTemporaries(beside: destination)
    let temporary = temporaryName(beside: destination)
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, newFileMode)
    guard descriptor >= 0 else { return failure(what, errno) }
    var closed = false
    func abandon(_ code: Int32) -> Result<Void, FileAccessError> {
      if !closed { close(descriptor) }
      unlink(temporary)
      return failure(what, code)
    }
    if let existingMode, fchmod(descriptor, existingMode) != 0 { return abandon(errno) }
    let writeError = Output.write(text, to: descriptor)
    if writeError != 0 { return abandon(writeError) }
    if fsync(descriptor) != 0 { return abandon(errno) }
    closed = true
    if close(descriptor) != 0 { return abandon(errno) }
    if rename(temporary, destination) != 0 { return abandon(errno) }
    syncFolder(of: destination)
    return .success(())
  }

  private func failure<T>(_ what: String, _ code: Int32) -> Result<T, FileAccessError> {
    .failure(FileAccessError("\(what): \(errorText(code))"))
  }

  private func notARegularFile(_ info: stat, _ path: String) -> String? {
    switch info.st_mode & S_IFMT {
    case S_IFREG: return nil
    case S_IFDIR: return "'\(visible(path, keepingLines: false))' is a folder, not a file"
    default: return "'\(visible(path, keepingLines: false))' is not a regular file"
    }
  }

  /// `.NAME.minirnn-PID-N` in the target's folder: the same file system, so `rename` is
  /// atomic, and hidden, so a listing does not show it while it is written. NAME is cut to
  /// its first 100 bytes, so a target name of up to 255 bytes still gets a temporary name.
  private func temporaryName(beside destination: String) -> String {
    let (folder, name) = splitPath(destination)
    let serial = temporarySerial.add(1, ordering: .relaxed).newValue
    return "\(folder)/\(Self.temporaryPrefix(of: name))\(getpid())-\(serial)"
  }

  /// `.NAME.minirnn-`: what every temporary file for the target `name` starts with.
  static func temporaryPrefix(of name: String) -> String {
    var cut = Substring(name)
    while cut.utf8.count > 100 { cut = cut.dropLast() }
    return ".\(cut).minirnn-"
  }

  /// Removes the temporary files a killed `save` of this target left behind: those whose
  /// process no longer runs. Best effort; another process's file in progress is kept.
  private func removeStaleTemporaries(beside destination: String) {
    let (folder, name) = splitPath(destination)
    let prefix = Self.temporaryPrefix(of: name)
    guard let entries = TabCompletion.listFolder(folder) else { return }
    for entry in entries where !entry.isFolder && entry.name.hasPrefix(prefix) {
      let rest = entry.name.dropFirst(prefix.count).split(separator: "-")
      guard rest.count == 2, let pid = Int32(rest[0]), Int(rest[1]) != nil, pid > 0 else {
        continue
      }
      if kill(pid, 0) != 0 && errno == ESRCH { unlink(folder + "/" + entry.name) }
    }
  }

  /// What the symbolic link at `path` names, or nil.
  private func linkTarget(_ path: String) -> String? {
    var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    let count = readlink(path, &buffer, buffer.count - 1)
    guard count > 0 else { return nil }
    return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  /// Makes the rename itself durable; best effort, as some file systems refuse it.
  private func syncFolder(of destination: String) {
    let folder = open(splitPath(destination).folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard folder >= 0 else { return }
    fsync(folder)
    close(folder)
  }
}

private let temporarySerial = Atomic<Int>(0)

/// Why `path` cannot be used: it starts with `~` and HOME is not set. Taken as it is, it
/// would name a folder called `~` in the working folder.
func homeProblem(_ path: String) -> FileAccessError? {
  guard path == "~" || path.hasPrefix("~/") else { return nil }
  if let home = environment("HOME"), !home.isEmpty { return nil }
  return FileAccessError(
    "'\(visible(path, keepingLines: false))' starts with ~, but HOME is not set; give the whole path"
  )
}

/// `~` and `~/…` read from `$HOME`; any other path as it is.
func expandingTilde(_ path: String) -> String {
  guard path == "~" || path.hasPrefix("~/"), let home = environment("HOME"), !home.isEmpty
  else { return path }
  return home + path.dropFirst()
}

/// The folder part (without the last `/`, "." when there is none) and the name after it.
func splitPath(_ path: String) -> (folder: String, name: String) {
  guard let slash = path.lastIndex(of: "/") else { return (".", path) }
  let folder = String(path[..<slash])
  return (folder.isEmpty ? "/" : folder, String(path[path.index(after: slash)...]))
}
