import FuzzDriver
import Tutor

// libFuzzer drives the lesson parser and a learner going through whatever it accepts: a
// lesson file is untrusted input. Build and run with `make fuzz FUZZ_TARGET=lessons`.

/// Parses the input as a lesson file and, when it parses, starts it and walks through it:
/// every step's screen, hints, a number and a formula answer, `goto` the last step and back,
/// `lesson end`. The first byte's lowest bit picks Unicode or ASCII output.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let text = inputText(data, size)
  let unicode = size == 0 || data[0] & 1 == 0
  var session = Session(
    traits: TerminalTraits(isInteractive: true, color: !unicode, unicode: unicode, width: 60))
  let errors = session.installLessons([("Lessons/01-fuzz.md", text)])
  _ = errors.map(\.description)
  guard let lesson = session.installedLessons.first else { return 0 }
  // A lesson's setup may train for a long time; it is stopped as by Ctrl-C.
  let hooks = hooks(stoppingAfter: 200)
  // A formula answer is graded on perturbed copies of the session: the fuzzed lesson's model.
  var commands = [
    "lessons", "lesson 1", "where", "hint", "hint", "answer 0.5", "answer w3*(yhat - y)",
    "answer yes",
  ]
  commands += ["next", "skip", "goto \(lesson.stepCount)", "prev", "goto 1", "lesson end"]
  for command in commands {
    _ = session.execute(command, hooks: hooks)
  }
  return 0
}

@_cdecl("minirnn_fuzz_lessons_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?)
  -> CInt
{
  runFuzzer(argc, argv, fuzzOne)
}
