import FuzzDriver
import Tutor

// libFuzzer drives `load`: a save file is untrusted input (a learner's only copy of their
// work, and possibly damaged). Build and run with `make fuzz FUZZ_TARGET=load`.

/// Loads the input as a state file. When the first byte's bit 1 is set, the rest is first
/// wrapped as `save` would write it (header, end line with the right count and checksum), so
/// the fuzzer also reaches the commands behind the checks. A file that loads must save and
/// load back to the same text: that is checked, and a difference is a crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  var text = inputText(data, size)
  if size > 0 && data[0] & 2 != 0 {
    text = wrappedAsASave(String(text.dropFirst()))
  }
  let files = MemoryFiles(["f": text])
  var session = Session(files: files)
  let hooks = hooks(stoppingAfter: 100_000)
  guard session.execute("load f", hooks: hooks).error == nil else { return 0 }
  _ = session.execute("save g")
  let saved = session.stateScript()
  var again = Session(files: files)
  let reloaded = again.execute("load g")
  precondition(reloaded.error == nil, "a save did not load back: \(reloaded.error ?? "")")
  precondition(again.stateScript() == saved, "a save loaded back to another state")
  return 0
}

/// `text`'s lines between a state file's header and its end line.
func wrappedAsASave(_ text: String) -> String {
  StateFile.file(holding: splitLines(text).map(String.init))
}

@_cdecl("minirnn_fuzz_load_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?)
  -> CInt
{
  runFuzzer(argc, argv, fuzzOne)
}
