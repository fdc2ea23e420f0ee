// minirnn-bench: prints speed and memory figures for minirnn. It never asserts anything:
// the machines here are shared and noisy, so the figures are for people to read.
//
//   swift run -c release minirnn-bench [--seconds S] [--quick] [--no-python] [--no-c]
//
// (a) ns per sample step of MiniRnn.train on slopes, exact and article mode;
// (b) the same for the plain C loop in Benchmarks/c-loop/sample_step.c, if `cc` exists;
// (c) one 20,000-epoch training run, against the 4.3 s quoted for the article's torch code;
// (d) start-up time of the release `minirnn` binary (`minirnn -e quit`), if it was built;
// (e) peak resident memory of this process;
// (f) ns per sample step per timestep of MiniLSTM.train on zigzag, beside
//     Benchmarks/c-loop/lstm_step.c;
// (g) ns per `step` and per `back` typed at the prompt, walking whole passes at n = 100 and
//     n = 10,000 (each step should cost the same wherever it is in the pass);
// (h) the final loss the RNN and the LSTM reach from 10 seeds on zigzag and recall.
// (i) ms per command of a 100,000-line script in one session (does a command's cost grow
//     with what ran before it?), and of `states` on a 10,000-value input, with the memory.
// (j) peak memory of the release `minirnn` binary on a script that runs the LSTM (model
//     lstm, train, states, grads), beside one that quits at once.
// (k) ns per timestep of VectorRNN.train (K = 4, n = 20, tanh, a loss at every step), beside
//     Benchmarks/c-loop/vector_step.c.

import RNN
import Tutor

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

// MARK: - Options

struct Options: Sendable {
  /// The least time one measurement of (a) runs for; each figure is the best of 5.
  var seconds = 1.0
  var python = true
  var c = true
}

let options: Options = {
  var options = Options()
  var args = CommandLine.arguments.dropFirst()
  while let arg = args.popFirst() {
    switch arg {
    case "--seconds":
      guard let v = args.popFirst().flatMap(Double.init), v > 0 else {
        print("minirnn-bench: --seconds needs a positive number")
        exit(2)
      }
      options.seconds = v
    case "--quick":
      options.seconds = 0.2
      options.python = false
    case "--no-python": options.python = false
    case "--no-c": options.c = false
    case "-h", "--help":
      print("usage: minirnn-bench [--seconds S] [--quick] [--no-python] [--no-c]")
      exit(0)
    default:
      print("minirnn-bench: unknown argument \(arg) (try --help)")
      exit(2)
    }
  }
  return options
}()

// MARK: - Clock, formatting, processes

/// Seconds on CLOCK_MONOTONIC.
func now() -> Double {
  var ts = timespec()
  clock_gettime(CLOCK_MONOTONIC, &ts)
  return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

/// `value` with `decimals` digits after the point.
func fixed(_ value: Double, _ decimals: Int) -> String {
  guard value.isFinite else { return "\(value)" }
  var scale = 1.0
  for _ in 0..<decimals { scale *= 10 }
  let r = (abs(value) * scale).rounded()
  let whole = Int(r / scale)
  var frac = String(Int(r - Double(whole) * scale))
  while frac.count < decimals { frac = "0" + frac }
  return (value < 0 && r != 0 ? "-" : "") + String(whole) + (decimals > 0 ? "." + frac : "")
}

/// A Double printed with C's %.17g, the digits the C loop and the reference files use.
func g17(_ value: Double) -> String {
  var buffer = [CChar](repeating: 0, count: 64)
  _ = withVaList([value]) { vsnprintf(&buffer, buffer.count, "%.17g", $0) }
  return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

func fileExists(_ path: String) -> Bool { access(path, F_OK) == 0 }
func isExecutable(_ path: String) -> Bool { access(path, X_OK) == 0 }

/// The directory part of a path ("." if none).
func dirname(_ path: String) -> String {
  guard let slash = path.lastIndex(of: "/") else { return "." }
  return slash == path.startIndex ? "/" : String(path[..<slash])
}

/// The first directory on PATH holding an executable `name`, if any.
func which(_ name: String) -> String? {
  guard let path = getenv("PATH").map({ String(cString: $0) }) else { return nil }
  for dir in path.split(separator: ":") where isExecutable("\(dir)/\(name)") {
    return "\(dir)/\(name)"
  }
  return nil
}

/// What a child process did.
struct ChildResult {
  var status: Int32
  var output: String
  /// Seconds from just before posix_spawn to the first byte on stdout (or to EOF if none).
  var firstOutput: Double
  /// Seconds from just before posix_spawn to the child's exit being reaped.
  var exit: Double
  /// The child's peak resident memory (wait4's ru_maxrss), in MiB.
  var peakMiB: Double = .nan
}

/// Runs `argv` (argv[0] looked up on PATH) with stdin from /dev/null, stdout captured and
/// stderr merged into it. Nil if it could not be spawned.
func run(_ argv: [String]) -> ChildResult? {
  var fds: [Int32] = [0, 0]
  guard pipe(&fds) == 0 else { return nil }
  var actions = posix_spawn_file_actions_t()
  posix_spawn_file_actions_init(&actions)
  defer { posix_spawn_file_actions_destroy(&actions) }
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
  posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
  posix_spawn_file_actions_adddup2(&actions, fds[1], 2)
  posix_spawn_file_actions_addclose(&actions, fds[0])
  posix_spawn_file_actions_addclose(&actions, fds[1])
  var cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) }
  cArgs.append(nil)
  defer { for p in cArgs { free(p) } }
  var pid: pid_t = 0
  let start = now()
  let rc = posix_spawnp(&pid, argv[0], &actions, nil, cArgs, environ)
  close(fds[1])
  guard rc == 0 else {
    close(fds[0])
    return nil
  }
  var bytes: [UInt8] = []
  var first: Double? = nil
  var buffer = [UInt8](repeating: 0, count: 65536)
  while true {
    let n = buffer.withUnsafeMutableBytes { read(fds[0], $0.baseAddress, $0.count) }
    if n < 0 && errno == EINTR { continue }
    if n <= 0 { break }
    if first == nil { first = now() - start }
    bytes.append(contentsOf: buffer[0..<n])
  }
  close(fds[0])
  var status: Int32 = 0
  var usage = rusage()
  while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
  let end = now() - start
  #if os(Linux)
    let childPeak = Double(usage.ru_maxrss) / 1024  // KiB on Linux
  #else
    let childPeak = Double(usage.ru_maxrss) / (1024 * 1024)  // bytes on macOS
  #endif
  // WIFEXITED / WEXITSTATUS by hand (they are macros in C).
  let code: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
  return ChildResult(
    status: code, output: String(decoding: bytes, as: UTF8.self), firstOutput: first ?? end,
    exit: end, peakMiB: childPeak)
}

// MARK: - Paths

/// The repository root: three levels above this file, else the current directory.
let repoRoot: String = {
  let fromSource = dirname(dirname(dirname("\(#filePath)")))
  if fileExists("\(fromSource)/Benchmarks/c-loop/sample_step.c") { return fromSource }
  return "."
}()

/// This executable's directory, where `swift build -c release` also puts `minirnn`.
let binDir: String = {
  var buffer = [CChar](repeating: 0, count: 4096)
  let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
  if n > 0 {
    return dirname(String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self))
  }
  return dirname(CommandLine.arguments[0])
}()

// MARK: - (a) and (c): MiniRnn.train

let start = Weights(w1: 0.5, w2: 0.3, w3: 0.8)
let epochs = MiniRnn.defaultEpochs
let lr = MiniRnn.defaultLearningRate
let stepsPerRun = epochs * Dataset.slopes.samples.count

struct TrainTiming {
  var nsPerStep: Double
  /// The fastest single 20,000-epoch run seen, in seconds.
  var bestRun: Double
  var repetitions: Int
  var end: Weights
  /// Sums a little of every run's result, printed at the end so no run can be optimized out.
  var checksum: Double
}

/// One 20,000-epoch run on slopes from `start`; returns its seconds and end weights. With
/// `cell`, the generalised cell of issue 13: tanh, b = c = 0 to start, the biases trained.
@inline(never)
func trainOnce(mode: Mode, cell: Bool = false, checksum: inout Double)
  -> (seconds: Double, end: Weights)
{
  var model = MiniRnn(weights: start, mode: mode)
  if cell {
    model.activation = .tanh
    model.trainsBiases = true
  }
  let t0 = now()
  let report = model.train(on: .slopes, epochs: epochs, learningRate: lr)
  let t1 = now()
  checksum += report.end.w1 + report.finalLoss
  return (t1 - t0, model.weights)
}

/// Times `once` (one training run: its seconds and end value): three warm-up runs, then the
/// best of 5 measurements, each enough runs to fill `seconds`, as ns per sample step.
func measure<End>(seconds: Double, stepsPerRun: Int, once: () -> (seconds: Double, end: End))
  -> (nsPerStep: Double, bestRun: Double, repetitions: Int, end: End)
{
  var best = Double.infinity
  var end = once().end
  for _ in 0..<2 {
    let (s, e) = once()
    best = min(best, s)
    end = e
  }
  let repetitions = max(1, Int((seconds / best).rounded(.up)))
  var bestNs = Double.infinity
  for _ in 0..<5 {
    var total = 0.0
    for _ in 0..<repetitions {
      let s = once().seconds
      total += s
      best = min(best, s)
    }
    bestNs = min(bestNs, total * 1e9 / Double(repetitions * stepsPerRun))
  }
  return (bestNs, best, repetitions, end)
}

func timeTrain(mode: Mode, cell: Bool = false, seconds: Double) -> TrainTiming {
  var checksum = 0.0
  let m = measure(seconds: seconds, stepsPerRun: stepsPerRun) {
    trainOnce(mode: mode, cell: cell, checksum: &checksum)
  }
  return TrainTiming(
    nsPerStep: m.nsPerStep, bestRun: m.bestRun, repetitions: m.repetitions, end: m.end,
    checksum: checksum)
}

print("minirnn-bench: figures only, nothing is asserted (shared machines are noisy)")
print("slopes data, start w = (0.5, 0.3, 0.8), \(epochs) epochs, lr \(lr)")
print("")

let exact = timeTrain(mode: .exact, seconds: options.seconds)
let article = timeTrain(mode: .article, seconds: options.seconds)
let generalCell = timeTrain(mode: .exact, cell: true, seconds: options.seconds)

// MARK: - (b): the C loop

struct CLoop {
  var nsExact: Double
  var nsArticle: Double
  var nsCell: Double = .nan
  var digits: [String: String]
}

/// Compiles `Benchmarks/c-loop/<file>` with `cc -O2 -ffp-contract=off` in a temporary
/// directory, runs it and returns what it printed.
func compileAndRunC(_ file: String) -> Result<String, CLoopUnavailable> {
  let source = "\(repoRoot)/Benchmarks/c-loop/\(file)"
  guard fileExists(source) else {
    return .failure(.init(reason: "not found: \(source) (run from the repository)"))
  }
  guard let cc = which("cc") ?? which("gcc") ?? which("clang") else {
    return .failure(.init(reason: "no C compiler (cc, gcc, clang) on PATH"))
  }
  var template = Array("/tmp/minirnn-bench-XXXXXX".utf8CString)
  guard let dirPointer = mkdtemp(&template) else {
    return .failure(.init(reason: "could not make a temporary directory"))
  }
  let dir = String(cString: dirPointer)
  let binary = "\(dir)/c-loop"
  defer {
    unlink(binary)
    rmdir(dir)
  }
  guard let compiled = run([cc, "-O2", "-ffp-contract=off", "-o", binary, source, "-lm"]),
    compiled.status == 0
  else {
    return .failure(.init(reason: "\(cc) failed to compile \(source)"))
  }
  guard let result = run([binary]), result.status == 0 else {
    return .failure(.init(reason: "the compiled C loop \(file) failed to run"))
  }
  return .success(result.output)
}

func runCLoop(enabled: Bool) -> Result<CLoop, CLoopUnavailable> {
  guard enabled else { return .failure(.init(reason: "skipped (--no-c)")) }
  return compileAndRunC("sample_step.c").map { output in
    var loop = CLoop(nsExact: .nan, nsArticle: .nan, digits: [:])
    for line in output.split(separator: "\n") {
      let fields = line.split(separator: " ").map(String.init)
      if fields.count == 3, fields[0] == "ns_per_sample_step" {
        if fields[1] == "exact" { loop.nsExact = Double(fields[2]) ?? .nan }
        if fields[1] == "article" { loop.nsArticle = Double(fields[2]) ?? .nan }
        if fields[1] == "cell" { loop.nsCell = Double(fields[2]) ?? .nan }
      } else if fields.count == 4, fields[2] == "=" {
        loop.digits["\(fields[0]) \(fields[1])"] = fields[3]
      }
    }
    return loop
  }
}

struct CLoopUnavailable: Error { var reason: String }

let cLoop = runCLoop(enabled: options.c)

// MARK: - (c): the printed code in Python, for scale (not torch)

var pythonSeconds: Double? = nil
var pythonNote = ""
if options.python {
  let script = "\(repoRoot)/Tests/Reference/article_printed.py"
  if let python = which("python3"), fileExists(script) {
    if let r = run([python, script, "--data", "slopes", "--w", "0.5", "0.3", "0.8"]), r.status == 0
    {
      pythonSeconds = r.exit
    } else {
      pythonNote = "python3 \(script) failed"
    }
  } else {
    pythonNote = "python3 or \(script) not found"
  }
} else {
  pythonNote = "skipped"
}

// MARK: - (d): start-up of the release minirnn binary

var startupFirst = Double.infinity
var startupExit = Double.infinity
var startupNote = ""
var startupPrinted = false
let minirnnPath = "\(binDir)/minirnn"
if isExecutable(minirnnPath) {
  var statuses = Set<Int32>()
  for _ in 0..<20 {
    guard let r = run([minirnnPath, "-e", "quit"]) else { continue }
    statuses.insert(r.status)
    if !r.output.isEmpty { startupPrinted = true }
    startupFirst = min(startupFirst, r.firstOutput)
    startupExit = min(startupExit, r.exit)
  }
  if statuses != [0] {
    startupNote = "exit status \(statuses.sorted().map(String.init).joined(separator: ","))"
  }
} else {
  startupNote =
    "no \(minirnnPath); build it with `swift build -c release --product minirnn` and rerun"
}

// MARK: - (j): the release binary's peak memory with the LSTM

/// (label, peak MiB, exit status) of the release binary on a script, as a learner would run it.
var binaryPeaks: [(String, Double, Int32)] = []
if isExecutable(minirnnPath) {
  let lstmScript = [
    "model lstm", "seed 1", "randomize", "data zigzag", "train 20000", "forward", "backward",
    "states", "grads", "flow", "data recall 100", "train 2000", "forward", "backward",
    "states all", "grads all", "gradcheck",
  ].joined(separator: "; ")
  for (label, script) in [
    ("quit at once (the RNN, nothing run)", "quit"),
    ("model lstm: train, states, grads", lstmScript),
  ] {
    guard let r = run([minirnnPath, "-e", script]) else { continue }
    binaryPeaks.append((label, r.peakMiB, r.status))
  }
}

// MARK: - (f): MiniLSTM.train, and its C loop

/// The LSTM's timing: 2,000-epoch runs on zigzag at lr 0.1 from the hand-derived start of
/// Tests/RNNTests/LSTMHandDerivedTests.swift, as in Benchmarks/c-loop/lstm_step.c.
let lstmStart = LSTMWeights.worked
let lstmEpochs = 2000
let lstmLearningRate = 0.1
let lstmStepsPerRun = lstmEpochs * Dataset.zigzag.samples.count
let lstmTimesteps = Dataset.zigzag.samples[0].inputs.count

@inline(never)
func trainLSTMOnce(checksum: inout Double) -> (seconds: Double, end: LSTMWeights) {
  var model = MiniLSTM(weights: lstmStart)
  let t0 = now()
  let report = model.train(on: .zigzag, epochs: lstmEpochs, learningRate: lstmLearningRate)
  let t1 = now()
  checksum += report.end.wy + report.finalLoss
  return (t1 - t0, model.weights)
}

func timeLSTM(seconds: Double) -> (nsPerStep: Double, end: LSTMWeights, checksum: Double) {
  var checksum = 0.0
  let m = measure(seconds: seconds, stepsPerRun: lstmStepsPerRun) {
    trainLSTMOnce(checksum: &checksum)
  }
  return (m.nsPerStep, m.end, checksum)
}

let lstm = timeLSTM(seconds: options.seconds)

/// A C loop's ns per sample step and its end parameters by name, from the lines it prints
/// (`ns_per_sample_step N`, `NAME = DIGITS`).
func cLoopFigures(_ file: String) -> Result<
  (ns: Double, digits: [String: String]), CLoopUnavailable
> {
  guard options.c else { return .failure(.init(reason: "skipped (--no-c)")) }
  return compileAndRunC(file).map { output in
    var ns = Double.nan
    var digits: [String: String] = [:]
    for line in output.split(separator: "\n") {
      let fields = line.split(separator: " ").map(String.init)
      if fields.count == 2, fields[0] == "ns_per_sample_step" { ns = Double(fields[1]) ?? .nan }
      if fields.count == 3, fields[1] == "=" { digits[fields[0]] = fields[2] }
    }
    return (ns, digits)
  }
}

let lstmCLoop = cLoopFigures("lstm_step.c")

// MARK: - (k): VectorRNN.train, and its C loop

/// The vector RNN's timing, on the data and from the start Benchmarks/c-loop/vector_step.c
/// builds: K = 4, tanh, a loss at every step, biases trained, 4 sequences of n = 20 with
/// x_t = ((7t + 3s) mod 10)/10 and y_t = x_{t−1}; parameter p starts at ((7p mod 11) − 5)/10.
let vectorSize = 4
let vectorLength = 20
let vectorData = Dataset(
  name: "echo 20", summary: "vector_step.c's data",
  samples: (1...4).map { s in
    let x = (1...vectorLength).map { t in Double((7 * t + 3 * s) % 10) / 10 }
    return Sample(inputs: x, targets: [0] + x.dropLast())
  })
let vectorStart = VectorWeights(
  size: vectorSize,
  values: (0..<VectorWeights.count(size: vectorSize)).map { Double((7 * $0) % 11 - 5) / 10 })
let vectorLearningRate = 0.01
/// The epochs the C loop prints its end parameters after; each timed run is this long too.
let vectorEpochs = 200
let vectorStepsPerRun = vectorEpochs * vectorData.samples.count

@inline(never)
func trainVectorOnce(checksum: inout Double) -> (seconds: Double, end: VectorWeights) {
  var model = VectorRNN(weights: vectorStart, activation: .tanh, loss: .every)
  let t0 = now()
  let report = model.train(on: vectorData, epochs: vectorEpochs, learningRate: vectorLearningRate)
  let t1 = now()
  checksum += report.end.c + report.finalLoss
  return (t1 - t0, model.weights)
}

func timeVector(seconds: Double) -> (nsPerStep: Double, end: VectorWeights, checksum: Double) {
  var checksum = 0.0
  let m = measure(seconds: seconds, stepsPerRun: vectorStepsPerRun) {
    trainVectorOnce(checksum: &checksum)
  }
  return (m.nsPerStep, m.end, checksum)
}

let vector = timeVector(seconds: options.seconds)

let vectorCLoop = cLoopFigures("vector_step.c")

// MARK: - (e): memory

var usage = rusage()
#if os(Linux)
  getrusage(RUSAGE_SELF.rawValue, &usage)
  let peakKiB = Int(usage.ru_maxrss)  // KiB on Linux
#else
  getrusage(RUSAGE_SELF, &usage)
  let peakKiB = Int(usage.ru_maxrss) / 1024  // bytes on macOS
#endif

// MARK: - (g): stepping a long pass by hand, after (e) so its strings do not count

var walkChecksum = 0
let walks = [
  measureStepWalk(n: 100, repetitions: 20, checksum: &walkChecksum),
  measureStepWalk(n: 10_000, repetitions: 3, checksum: &walkChecksum),
]

// MARK: - (i): cost per command in a long session

/// Peak resident memory so far, in MiB.
func peakMiB() -> Double {
  var usage = rusage()
  #if os(Linux)
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
  #else
    getrusage(RUSAGE_SELF, &usage)
    return Double(usage.ru_maxrss) / (1024 * 1024)
  #endif
}

/// Runs `lines` lines of `script` (cycled) in one session, in chunks of `chunk`; returns the
/// ms per command of each chunk.
func msPerCommand(_ script: [String], lines: Int, chunk: Int, session: inout Session) -> [Double] {
  var figures: [Double] = []
  var done = 0
  while done < lines {
    let text = (done..<(done + chunk)).map { script[$0 % script.count] }.joined(separator: "\n")
    let start = now()
    _ = runScript(
      text, numbering: .lines, keepGoing: true, session: &session, out: { _ in }, err: { _ in })
    figures.append((now() - start) * 1e3 / Double(chunk))
    done += chunk
  }
  return figures
}

let scriptLines = options.seconds < 1 ? 20_000 : 100_000
var scriptSession = Session()
let perChunk = msPerCommand(
  [
    "set w1 0.5", "input 0 0.5 1", "target 1", "forward", "backward", "print w1.g", "zero",
    "set w2 -0.5", "states", "grads",
  ], lines: scriptLines, chunk: 10_000, session: &scriptSession)
let scriptMean = perChunk.reduce(0, +) / Double(perChunk.count)
let statesCount = options.seconds < 1 ? 50 : 200
var statesSession = Session()
let longInput = "input " + (0..<10_000).map { "0.\($0 % 10)" }.joined(separator: " ")
_ = statesSession.execute(longInput)
_ = statesSession.execute("forward")
let statesMs = msPerCommand(
  ["states"], lines: statesCount, chunk: statesCount, session: &statesSession)
let statesPeak = peakMiB()

// MARK: - The table

func row(_ label: String, _ value: String, _ note: String = "") {
  let pad = String(repeating: " ", count: max(1, 46 - label.count))
  let vpad = String(repeating: " ", count: max(1, 12 - value.count))
  print("  " + label + pad + vpad + value + (note.isEmpty ? "" : "   " + note))
}

let totalSteps = { (t: TrainTiming) in "best of 5 × \(t.repetitions * stepsPerRun) steps" }
print("(a) MiniRnn.train, ns per sample step (forward, backward, update, zero)")
row("Swift, exact mode", fixed(exact.nsPerStep, 2), totalSteps(exact))
row("Swift, article mode", fixed(article.nsPerStep, 2), totalSteps(article))
row(
  "Swift, generalised cell (tanh, biases on)", fixed(generalCell.nsPerStep, 2),
  totalSteps(generalCell))
print("(b) the plain C loop, Benchmarks/c-loop/sample_step.c (cc -O2 -ffp-contract=off)")
switch cLoop {
case .success(let c):
  row("C, exact mode", fixed(c.nsExact, 2), "best of 5 × 20,000,000 steps")
  row("C, article mode", fixed(c.nsArticle, 2), "best of 5 × 20,000,000 steps")
  if c.nsExact > 0 {
    row("Swift exact / C exact", fixed(exact.nsPerStep / c.nsExact, 2) + "×", "target ≤ 2×")
  }
  if c.nsArticle > 0 {
    row("Swift article / C article", fixed(article.nsPerStep / c.nsArticle, 2) + "×", "target ≤ 2×")
  }
  if c.nsCell > 0 {
    row("C, generalised cell (libm tanh)", fixed(c.nsCell, 2), "best of 5 × 20,000,000 steps")
    row("Swift cell / C cell", fixed(generalCell.nsPerStep / c.nsCell, 2) + "×")
    let differences = ["w1", "w2", "w3", "b", "c"].map { name -> Double in
      guard let v = c.digits["cell \(name)"].flatMap(Double.init) else { return .nan }
      let mine = generalCell.end[Parameter(rawValue: name)!]
      return abs(mine - v) / max(abs(v), abs(mine))
    }
    row(
      "cell's weights after 20,000 epochs, Swift vs C", g3(differences.max() ?? .nan),
      "largest relative difference (tanh: minirnn's own vs libm's)")
  }
case .failure(let why):
  print("  C loop not measured: \(why.reason)")
}
print("(c) one training run: \(epochs) epochs on slopes")
row("article's torch code, as quoted", "4.3 s", "quoted, not measured here")
if let p = pythonSeconds {
  row(
    "printed code in Python, float64 stand-in", fixed(p, 2) + " s",
    "1 run, incl. start-up; not torch")
} else {
  row("printed code in Python, float64 stand-in", "-", pythonNote)
}
row("Swift, article mode", fixed(article.bestRun * 1e3, 3) + " ms", "best run")
row("Swift, exact mode", fixed(exact.bestRun * 1e3, 3) + " ms", "best run")
row("speed-up over the quoted 4.3 s", fixed(4.3 / article.bestRun, 0) + "×")
print("(d) start-up of the release binary: minirnn -e 'quit'")
if startupFirst.isFinite {
  let note = "best of 20" + (startupNote.isEmpty ? "" : "; " + startupNote)
  if startupPrinted {
    row("spawn to first output", fixed(startupFirst * 1e3, 2) + " ms", "best of 20")
    row("spawn to exit", fixed(startupExit * 1e3, 2) + " ms", note)
  } else {
    row("spawn to exit (it prints nothing)", fixed(startupExit * 1e3, 2) + " ms", note)
  }
} else {
  print("  not measured: \(startupNote.isEmpty ? "\(minirnnPath) could not be run" : startupNote)")
}
print("(e) memory")
row("peak RSS of this process (ru_maxrss)", fixed(Double(peakKiB) / 1024, 1) + " MiB")
print("(f) MiniLSTM.train on zigzag (n = 5), \(lstmEpochs) epochs, lr \(lstmLearningRate)")
row(
  "Swift, ns per sample step", fixed(lstm.nsPerStep, 1), "best of 5")
row(
  "Swift, ns per timestep", fixed(lstm.nsPerStep / Double(lstmTimesteps), 2))
switch lstmCLoop {
case .success(let c):
  row("C (lstm_step.c), ns per timestep", fixed(c.ns / Double(lstmTimesteps), 2))
  if c.ns > 0 { row("Swift / C", fixed(lstm.nsPerStep / c.ns, 2) + "×", "target ≤ 2×") }
  let differences = LSTMParameter.allCases.map { name -> Double in
    guard let v = c.digits[name.rawValue].flatMap(Double.init) else { return .nan }
    return abs(v - lstm.end[name]) / max(abs(v), abs(lstm.end[name]))
  }
  let largest = differences.contains { $0.isNaN } ? Double.nan : differences.max() ?? .nan
  print(
    "  end parameters, Swift vs C: largest relative difference \(largest) "
      + "(σ and tanh differ in their last bits)")
case .failure(let why):
  print("  C loop not measured: \(why.reason)")
}
print("(g) walking a pass by hand: ns per command through Session.execute, rendering included")
for walk in walks {
  let reps = walk.n == 100 ? "best of 20 walks" : "best of 3 walks"
  row("step, n = \(walk.n)", fixed(walk.stepNs, 0), reps)
  row("back, n = \(walk.n)", fixed(walk.backNs, 0), reps)
}
if let long = walks.last {
  row(
    "last tenth / first tenth, n = \(long.n)",
    fixed(long.stepLateOverEarly, 2) + ", " + fixed(long.backLateOverEarly, 2),
    "step, back; 1 is flat, ~19 is O(t)")
}

print("(i) cost per command in one long session (the same commands over and over)")
row(
  "\(grouped(scriptLines))-line script, first 10,000 lines",
  fixed(perChunk.first!, 4) + " ms", "per command")
row(
  "the same, last 10,000 lines", fixed(perChunk.last!, 4) + " ms",
  "per command; equal to the first if cost does not grow")
row("the same, whole script", fixed(scriptMean, 4) + " ms", "per command")
row(
  "states on a 10,000-value input, \(statesCount) times", fixed(statesMs[0], 2) + " ms",
  "per command")
row("peak RSS after (i)", fixed(statesPeak, 1) + " MiB")

print("(j) peak memory of the release binary (wait4's ru_maxrss), minirnn -e SCRIPT")
if binaryPeaks.isEmpty {
  print("  not measured: \(startupNote.isEmpty ? "\(minirnnPath) could not be run" : startupNote)")
}
for (label, peak, status) in binaryPeaks {
  row(label, fixed(peak, 1) + " MiB", status == 0 ? "target < 30 MiB" : "exit status \(status)")
}

print(
  "(k) VectorRNN.train, K = \(vectorSize), n = \(vectorLength), tanh, loss at every step, "
    + "\(vectorEpochs) epochs, lr \(vectorLearningRate)")
row("Swift, ns per sample step", fixed(vector.nsPerStep, 1), "best of 5")
row("Swift, ns per timestep", fixed(vector.nsPerStep / Double(vectorLength), 2))
switch vectorCLoop {
case .success(let c):
  row("C (vector_step.c), ns per timestep", fixed(c.ns / Double(vectorLength), 2))
  if c.ns > 0 { row("Swift / C", fixed(vector.nsPerStep / c.ns, 2) + "×", "target ≤ 2×") }
  let differences = vector.end.names.map { name -> Double in
    guard let v = c.digits[name.name].flatMap(Double.init) else { return .nan }
    let mine = vector.end[name]
    return v == mine ? 0 : abs(v - mine) / max(abs(v), abs(mine))
  }
  let largest = differences.contains { $0.isNaN } ? Double.nan : differences.max() ?? .nan
  print(
    "  end parameters, Swift vs C: largest relative difference \(largest) "
      + "(tanh: minirnn's own vs libm's)")
case .failure(let why):
  print("  C loop not measured: \(why.reason)")
}

print("")
print("end weights after \(epochs) epochs from (0.5, 0.3, 0.8), %.17g:")
for (name, t) in [("exact", exact), ("article", article)] {
  let swift = [t.end.w1, t.end.w2, t.end.w3].map(g17)
  var line = "  \(name):".padding(11) + " Swift " + swift.joined(separator: "  ")
  if case .success(let c) = cLoop {
    let cDigits = ["w1", "w2", "w3"].map { c.digits["\(name) \($0)"] ?? "?" }
    line += cDigits == swift ? "   (C: same digits)" : "   C " + cDigits.joined(separator: "  ")
  }
  print(line)
}
print(
  "(checksum \(g17(exact.checksum + article.checksum + generalCell.checksum + lstm.checksum + vector.checksum)), \(walkChecksum))"
)

// MARK: - (h): what the two cells learn (issue 13, item 6)

/// `compare rnn lstm --seeds 10` from seed 0 on zigzag and on recall, 20,000 epochs each;
/// for recall also the loss on 400 sequences it was not trained on, since four samples can be
/// fitted without remembering x1.
let compareSeeds: [UInt64] = Array(0..<10)

/// A Double printed with C's %.3g.
func g3(_ value: Double) -> String {
  var buffer = [CChar](repeating: 0, count: 32)
  _ = withVaList([value]) { vsnprintf(&buffer, buffer.count, "%.3g", $0) }
  return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

/// 400 fresh recall sequences of `steps` tenths from SplitMix64(seed: 999), target x1.
func heldOut(steps: Int) -> [Sample] {
  var generator = SplitMix64(seed: 999)
  return (0..<400).map { _ in
    let xs = (0..<steps).map { _ in Double(Int(generator.nextUnit() * 10)) / 10 }
    return Sample(inputs: xs, target: xs[0])
  }
}

/// The mean of Eq. 1 over `samples` for `predict`.
func meanLoss(_ samples: [Sample], _ predict: ([Double]) -> Double) -> Double {
  meanLoss(over: samples) { Cell.loss(prediction: predict($0.inputs), target: $0.target) }
}

print("")
print(
  "(h) final loss from seeds 0-9, \(MiniRnn.defaultEpochs) epochs, RNN lr "
    + "\(MiniRnn.defaultLearningRate), LSTM lr \(MiniLSTM.defaultLearningRate) "
    + "(compare rnn lstm --seeds 10)")
print(
  ("  data        model    mean loss   least       greatest    below \(LossSummary.solvedBelow)")
    .padding(77) + "held out (mean)")
for data in [Dataset.zigzag, .recall(steps: 5), .recall(steps: 20)] {
  let comparison = ModelComparison(
    on: data, seeds: compareSeeds, epochs: MiniRnn.defaultEpochs)
  let steps = data.samples[0].inputs.count
  let isRecall = data.name == "recall"
  let fresh = heldOut(steps: steps)
  for model in ComparedModel.allCases {
    let s = comparison.summary(of: model)
    var line =
      "  " + (isRecall ? "recall \(steps)" : data.name).padding(11) + " "
      + model.rawValue.uppercased().padding(8) + " "
      + [s.mean, s.least, s.greatest].map { g3($0).padding(10) }.joined(separator: "  ")
      + "  \(s.solved) of \(s.runs)"
    if isRecall {
      // The same runs again, to keep the trained models and ask them about new sequences.
      let losses = compareSeeds.map { seed -> Double in
        switch model {
        case .rnn, .rnnWithBias:
          var m =
            model == .rnn
            ? ModelComparison.rnnStart(seed: seed) : ModelComparison.rnnWithBiasStart(seed: seed)
          _ = m.train(on: data, epochs: MiniRnn.defaultEpochs)
          return meanLoss(fresh, m.predict)
        case .lstm:
          var m = ModelComparison.lstmStart(seed: seed)
          _ = m.train(on: data, epochs: MiniRnn.defaultEpochs)
          return meanLoss(fresh, m.predict)
        }
      }
      line = line.padding(77) + g3(losses.reduce(0, +) / Double(losses.count))
    }
    print(line)
  }
  if isRecall {
    let mean = fresh.map(\.target).reduce(0, +) / Double(fresh.count)
    print(
      "  recall \(steps): predicting the mean x1 of the held-out set scores "
        + g3(meanLoss(fresh) { _ in mean }) + " there")
  }
}
print("  RNN+BIAS: the RNN's start with b and c (from 0) trained ('train bias on'), same lr")

/// 100000 as 100,000.
func grouped(_ n: Int) -> String {
  let digits = String(n)
  var out = ""
  for (i, c) in digits.enumerated() {
    if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
    out.append(c)
  }
  return out
}

extension String {
  func padding(_ width: Int) -> String {
    count >= width ? self : self + String(repeating: " ", count: width - count)
  }
}
