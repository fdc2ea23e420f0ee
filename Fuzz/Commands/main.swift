import FuzzDriver
import Tutor

// libFuzzer drives the whole command path — parse, validate, execute, render — with a fresh
// session per input. Build and run with `make fuzz` (see the Makefile and docs/testing.md).

/// Runs one input as a script and asks for completions of it; the first byte's lowest bit
/// picks Unicode or ASCII output, so both are covered at the cost of one run.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let text = inputText(data, size)
  // Long commands stop after a few progress checks, as after Ctrl-C (`train` after a few
  // times `fuzzCheckEvery` sample steps); a budget rather than an at-once stop, so that
  // what runs before the first check (the notebook's replay, a lesson's) is fuzzed too.
  let hooks = hooks(stoppingAfter: 8)
  let unicode = size == 0 || data[0] & 1 == 0
  var session = Session(
    traits: TerminalTraits(isInteractive: false, color: !unicode, unicode: unicode, width: 80))
  _ = runScript(
    text, numbering: .lines, keepGoing: true, session: &session, hooks: hooks,
    out: { _ in }, err: { _ in })
  _ = session.completions(for: text)
  _ = session.run(line: "", hooks: hooks)
  return 0
}

/// SwiftPM on Linux renames an executable's entry point to `<module>_main`; libFuzzer's
/// driver takes over from there.
@_cdecl("minirnn_fuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?)
  -> CInt
{
  runFuzzer(argc, argv, fuzzOne)
}
