@preconcurrency import Glibc
import Tutor

/// Writes to standard output and standard error with `write(2)`, unbuffered, so each
/// command's output is out as soon as the command ends and nothing waits in a buffer at exit.
enum Output {
  /// Writes `text` to standard output.
  ///
  /// A reader that went away (`minirnn … | head -1`) is not an error worth a word: SIGPIPE
  /// is ignored at start-up, the write fails with EPIPE, and the process ends quietly with
  /// status 141, the 128 + SIGPIPE a shell reports for a program that SIGPIPE ended. Any
  /// other failure (a full disk) is reported on standard error and ends with status 1.
  static func out(_ text: String) {
    let failure = write(text, to: STDOUT_FILENO)
    guard failure != 0 else { return }
    if failure == EPIPE { exit(141) }
    err("error: cannot write the output: \(errorText(failure))\n")
    exit(1)
  }

  /// Writes `text` to standard error; a failure there has nowhere left to be reported.
  ///
  /// Errors and warnings are never styled, so every control and format character in them
  /// came from outside (a path, a file's line) and is made visible.
  static func err(_ text: String) {
    _ = write(visible(text), to: STDERR_FILENO)
  }

  /// Writes all of `text` to `descriptor`; returns 0 or the errno of the failure.
  static func write(_ text: String, to descriptor: Int32) -> Int32 {
    var text = text
    return text.withUTF8 { bytes in writeAll(bytes, to: descriptor) }
  }

  /// Writes all of `bytes`, retrying after signals and short writes; returns 0 or the errno.
  static func writeAll(_ bytes: UnsafeBufferPointer<UInt8>, to descriptor: Int32) -> Int32 {
    guard var next = bytes.baseAddress else { return 0 }
    var left = bytes.count
    while left > 0 {
      let written = Glibc.write(descriptor, next, left)
      if written < 0 {
        if errno == EINTR { continue }
        return errno
      }
      next += written
      left -= written
    }
    return 0
  }
}

/// The C library's text for an errno value ("No such file or directory").
func errorText(_ code: Int32) -> String {
  String(cString: strerror(code))
}
