// What the three fuzz targets share: handing over to libFuzzer's driver, and files in memory.

import Synchronization
import Tutor

@_silgen_name("LLVMFuzzerRunDriver")
func runDriver(
  _ argc: UnsafeMutablePointer<CInt>,
  _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
  _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt

/// Runs libFuzzer with the process's arguments, calling `callback` for every input. SwiftPM
/// on Linux renames an executable's entry point to `<module>_main`; each target defines that
/// and calls this.
public func runFuzzer(
  _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
  _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
) -> CInt {
  var argc = argc
  var argv = argv
  return runDriver(&argc, &argv, callback)
}

/// The input as text, as a file reader would hand it over: invalid UTF-8 repaired.
public func inputText(_ data: UnsafePointer<UInt8>, _ size: Int) -> String {
  String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
}

/// Files kept in memory, for `save` and `load` inside the fuzzer.
public final class MemoryFiles: FileAccess {
  private let files = Mutex<[String: String]>([:])

  public init(_ initial: [String: String] = [:]) { files.withLock { $0 = initial } }

  public func read(_ path: String, limit: Int) -> Result<String, FileAccessError> {
    guard let text = files.withLock({ $0[path] }) else {
      return .failure(FileAccessError("cannot read '\(path)': no such file", isMissing: true))
    }
    guard text.utf8.count <= limit else { return .failure(FileAccessError("too large")) }
    return .success(text)
  }

  public func writeAtomically(_ path: String, _ text: String) -> Result<Void, FileAccessError> {
    files.withLock { $0[path] = text }
    return .success(())
  }
}

/// Hooks whose `shouldStop` says stop after `polls` polls: long commands (a lesson's
/// `train 1000000000`) end quickly, while short ones run as a learner's would.
///
/// `train` and `compare` poll every `checkEvery` sample steps (a learner's every 4,096):
/// 64 lets a long run cover thousands of epochs, its path and loss history thinned past
/// their capacity, in the time 4,096 would spend on a few of its polls.
public func hooks(stoppingAfter polls: Int, checkEvery: Int = fuzzCheckEvery) -> Hooks {
  let count = Atomic<Int>(0)
  return Hooks(
    shouldStop: { count.add(1, ordering: .relaxed).newValue > polls }, checkEvery: checkEvery)
}

/// Sample steps between two polls in `train` and `compare` under the fuzzer.
public let fuzzCheckEvery = 64
