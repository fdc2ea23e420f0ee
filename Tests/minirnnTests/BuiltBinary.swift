@preconcurrency import Glibc
import Synchronization
import Testing

/// The `minirnn` executable SwiftPM built beside this test bundle.
let minirnnPath: String = {
  if let path = getenv("MINIRNN_BINARY") { return String(cString: path) }
  var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
  let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
  precondition(length > 0, "cannot read /proc/self/exe")
  let bytes = buffer[..<length].map { UInt8(bitPattern: $0) }
  let me = String(decoding: bytes, as: UTF8.self)
  let folder = me[..<(me.lastIndex(of: "/") ?? me.endIndex)]
  return folder + "/minirnn"
}()

/// Held while creating descriptors a child must not inherit, and while starting children.
let spawnLock = Mutex(())

/// A pipe whose ends are closed in children at exec.
func makePipe(_ ends: inout [Int32]) {
  precondition(pipe(&ends) == 0, "pipe failed")
  for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
}

/// What a finished run of a program printed and how it ended.
struct Finished {
  var stdout: String
  var stderr: String
  /// The exit status, or 128 + the signal that ended it.
  var status: Int32
  var stdoutLines: [Substring] {
    stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
  }
}

/// The environment of this process with `changes` applied (nil removes a variable).
func environmentEntries(with changes: [String: String?]) -> [String] {
  var result: [String] = []
  var index = 0
  while let entry = environ[index] {
    let text = String(cString: entry)
    let name = String(text.prefix(while: { $0 != "=" }))
    // No one's own start-up file runs in a test unless the test names one.
    if changes[name] == nil && name != "XDG_CONFIG_HOME" { result.append(text) }
    index += 1
  }
  if changes["XDG_CONFIG_HOME"] == nil { result.append("XDG_CONFIG_HOME=/nonexistent") }
  for (name, value) in changes {
    if let value { result.append("\(name)=\(value)") }
  }
  return result
}

/// C strings for `execve`-style arrays; free with `freeCStrings`.
func cStrings(_ strings: [String]) -> [UnsafeMutablePointer<CChar>?] {
  strings.map { strdup($0) } + [nil]
}

func freeCStrings(_ strings: [UnsafeMutablePointer<CChar>?]) {
  for string in strings { free(string) }
}

/// Seconds since an arbitrary start, for deadlines.
func now() -> Double {
  var time = timespec()
  clock_gettime(CLOCK_MONOTONIC, &time)
  return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// The processor time `pid` has used so far (user and system), in seconds, from /proc; nil
/// once it is gone.
///
/// What a test waits on when a program at work shows nothing: time it has spent working
/// proves it got there, however busy the machine; a wall-clock sleep only guesses.
func cpuSeconds(_ pid: pid_t) -> Double? {
  guard let bytes = readFile("/proc/\(pid)/stat") else { return nil }
  let text = String(decoding: bytes, as: UTF8.self)
  // The command name, in parentheses, may hold spaces; the fields after it are plain.
  guard let close = text.lastIndex(of: ")") else { return nil }
  let fields = text[text.index(after: close)...].split(separator: " ")
  // Fields 14 and 15 of proc(5), utime and stime, in clock ticks; field 3 is fields[0].
  guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else {
    return nil
  }
  return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
}

/// Runs `arguments[0]` with `input` on standard input and collects both outputs; the
/// process is killed if it is not finished after `timeout` seconds.
func run(
  _ arguments: [String], input: String? = nil, environment changes: [String: String?] = [:],
  timeout: Double = 120, whileRunning: ((pid_t) -> Void)? = nil
) throws -> Finished {
  var stdinPipe: [Int32] = [0, 0]
  var stdoutPipe: [Int32] = [0, 0]
  var stderrPipe: [Int32] = [0, 0]

  var actions = posix_spawn_file_actions_t()
  posix_spawn_file_actions_init(&actions)
  defer { posix_spawn_file_actions_destroy(&actions) }
  var attributes = posix_spawnattr_t()
  posix_spawnattr_init(&attributes)
  defer { posix_spawnattr_destroy(&attributes) }
  // The test runner's threads block and ignore signals; the child must start clean.
  var noSignals = sigset_t()
  sigemptyset(&noSignals)
  var allSignals = sigset_t()
  sigfillset(&allSignals)
  posix_spawnattr_setsigmask(&attributes, &noSignals)
  posix_spawnattr_setsigdefault(&attributes, &allSignals)
  posix_spawnattr_setflags(
    &attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

  let argv = cStrings(arguments)
  let envp = cStrings(environmentEntries(with: changes))
  defer {
    freeCStrings(argv)
    freeCStrings(envp)
  }
  // A child that ends without reading all its input must not take the test runner with it.
  signal(SIGPIPE, SIG_IGN)
  var pid: pid_t = 0
  // Under the lock, no other test's child can inherit these pipes between their creation
  // and FD_CLOEXEC (pipe2 is not visible from Swift).
  let spawned = spawnLock.withLock { _ in
    makePipe(&stdinPipe)
    makePipe(&stdoutPipe)
    makePipe(&stderrPipe)
    posix_spawn_file_actions_adddup2(&actions, stdinPipe[0], 0)
    posix_spawn_file_actions_adddup2(&actions, stdoutPipe[1], 1)
    posix_spawn_file_actions_adddup2(&actions, stderrPipe[1], 2)
    return posix_spawn(&pid, arguments[0], &actions, &attributes, argv, envp)
  }
  close(stdinPipe[0])
  close(stdoutPipe[1])
  close(stderrPipe[1])
  try #require(spawned == 0, "cannot start \(arguments[0]): \(String(cString: strerror(spawned)))")

  // Feed standard input from a thread of its own so a large input cannot deadlock.
  let inputBytes = Array((input ?? "").utf8)
  let writer = stdinPipe[1]
  var feeder = pthread_t()
  let box = Unmanaged.passRetained(InputJob(descriptor: writer, bytes: inputBytes))
  pthread_create(
    &feeder, nil,
    { raw in
      let job = Unmanaged<InputJob>.fromOpaque(raw!).takeRetainedValue()
      job.bytes.withUnsafeBytes { buffer in
        var offset = 0
        while offset < buffer.count {
          let count = write(job.descriptor, buffer.baseAddress! + offset, buffer.count - offset)
          if count < 0 { if errno == EINTR { continue } else { break } }
          offset += count
        }
      }
      close(job.descriptor)
      return nil
    }, box.toOpaque())

  var out: [UInt8] = []
  var err: [UInt8] = []
  var open = [stdoutPipe[0], stderrPipe[0]]
  let deadline = now() + timeout
  var killed = false
  var buffer = [UInt8](repeating: 0, count: 65536)
  var status: Int32 = 0
  var reaped = false
  while !open.isEmpty || !reaped {
    whileRunning?(pid)
    if !reaped {
      var raw: Int32 = 0
      if waitpid(pid, &raw, WNOHANG) == pid {
        reaped = true
        status = decodeStatus(raw)
      }
    }
    if now() > deadline && !killed {
      kill(pid, SIGKILL)
      killed = true
    }
    if open.isEmpty {
      usleep(5000)
      continue
    }
    var fds = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
    _ = poll(&fds, nfds_t(fds.count), 20)
    for entry in fds where entry.revents != 0 {
      let count = read(entry.fd, &buffer, buffer.count)
      if count > 0 {
        if entry.fd == stdoutPipe[0] { out += buffer[..<count] } else { err += buffer[..<count] }
      } else if count == 0 || errno != EINTR {
        close(entry.fd)
        open.removeAll { $0 == entry.fd }
      }
    }
  }
  pthread_join(feeder, nil)
  #expect(!killed, "\(arguments) did not finish within \(timeout) s")
  return Finished(
    stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self),
    status: status)
}

private final class InputJob {
  let descriptor: Int32
  let bytes: [UInt8]
  init(descriptor: Int32, bytes: [UInt8]) {
    self.descriptor = descriptor
    self.bytes = bytes
  }
}

/// `waitpid`'s raw status as a shell shows it: the exit status, or 128 + the signal.
func decodeStatus(_ raw: Int32) -> Int32 {
  let signal = raw & 0x7f
  return signal == 0 ? (raw >> 8) & 0xff : 128 + signal
}

/// A fresh folder under /tmp, removed by `removeTree`.
func makeTemporaryFolder() throws -> String {
  var template = Array("/tmp/minirnn-test-XXXXXX".utf8CString)
  let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
  try #require(made != nil)
  return String(cString: made!)
}

/// Removes a folder and everything under it.
func removeTree(_ path: String) {
  _ = run(shell: "rm -rf '\(path)'")
}

@discardableResult
private func run(shell command: String) -> Int32 {
  (try? run(["/bin/sh", "-c", command]))?.status ?? -1
}

/// Writes `text` to a new file at `path`.
func writeFile(_ path: String, _ text: String, mode: mode_t = 0o644) throws {
  let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
  try #require(descriptor >= 0, "cannot create \(path)")
  defer { close(descriptor) }
  var text = text
  let written = text.withUTF8 { write(descriptor, $0.baseAddress, $0.count) }
  try #require(written == text.utf8.count)
}

/// The whole content of the file at `path`, or nil.
func readFile(_ path: String) -> [UInt8]? {
  let descriptor = open(path, O_RDONLY | O_CLOEXEC)
  guard descriptor >= 0 else { return nil }
  defer { close(descriptor) }
  var bytes: [UInt8] = []
  var buffer = [UInt8](repeating: 0, count: 65536)
  while true {
    let count = read(descriptor, &buffer, buffer.count)
    if count <= 0 { break }
    bytes += buffer[..<count]
  }
  return bytes
}
