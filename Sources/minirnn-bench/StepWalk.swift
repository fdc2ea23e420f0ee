import Tutor

/// What walking a whole pass with `step` and then `back` costs through the command path a
/// learner's typing takes (`Session.execute`, rendering included), at one sequence length.
struct StepWalk {
  var n: Int
  /// The best walk's ns per command, over all of its steps.
  var stepNs: Double
  var backNs: Double
  /// ns per command over the last tenth of the best walk, against the first tenth: near 1 when
  /// every step costs the same wherever it is, near 19 when a step costs in proportion to t.
  var stepLateOverEarly: Double
  var backLateOverEarly: Double
}

/// A session at a terminal, 80 columns, with `n` inputs, a target and weights that keep every
/// h_t finite and non-zero.
func stepWalkSession(n: Int) -> Session {
  var session = Session(
    traits: TerminalTraits(isInteractive: true, color: false, unicode: true, width: 80))
  let inputs = (0..<n).map { String(Double($0 % 7) / 8) }.joined(separator: " ")
  for command in ["set w1 0.5", "set w2 0.5", "set w3 0.8", "target 1", "input " + inputs] {
    let result = session.execute(command)
    precondition(result.error == nil, "\(command.prefix(40)): \(result.error ?? "")")
  }
  return session
}

/// Runs `command` `count` times; returns the ns of each tenth of the run.
func timeCommand(_ command: String, _ count: Int, in session: inout Session, checksum: inout Int)
  -> [Double]
{
  var tenths: [Double] = []
  var done = 0
  for tenth in 1...10 {
    let until = count * tenth / 10
    let t0 = now()
    while done < until {
      let result = session.execute(command)
      precondition(result.error == nil, "\(command): \(result.error ?? "")")
      checksum &+= result.output.utf8.count
      done += 1
    }
    tenths.append((now() - t0) * 1e9)
  }
  return tenths
}

/// The best of `repetitions` walks at length `n`.
func measureStepWalk(n: Int, repetitions: Int, checksum: inout Int) -> StepWalk {
  var best = StepWalk(
    n: n, stepNs: .infinity, backNs: .infinity, stepLateOverEarly: .nan, backLateOverEarly: .nan)
  for _ in 0..<repetitions {
    var session = stepWalkSession(n: n)
    let step = timeCommand("step", n, in: &session, checksum: &checksum)
    // One `back` for the output, then one per timestep.
    let back = timeCommand("back", n + 1, in: &session, checksum: &checksum)
    let stepNs = step.reduce(0, +) / Double(n)
    let backNs = back.reduce(0, +) / Double(n + 1)
    if stepNs < best.stepNs {
      best.stepNs = stepNs
      best.stepLateOverEarly = step[9] / step[0]
    }
    if backNs < best.backNs {
      best.backNs = backNs
      best.backLateOverEarly = back[9] / back[0]
    }
  }
  return best
}
