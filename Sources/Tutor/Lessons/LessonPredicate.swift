import RNN

/// A condition on the session that a step can wait for (`Done when:`) or ask about (a yes/no
/// question): "the forward pass is complete", "w1.g is nonzero", "w3 is unchanged".
///
/// `changed` and `unchanged` compare with the state the step started from.
enum LessonPredicate: Equatable, Sendable {
  case forwardComplete
  /// The forward pass has computed h_t (or more).
  case forwardReached(Int)
  case backwardComplete
  /// BPTT has handled timestep t (or gone further back).
  case backwardReached(Int)
  case quantity(LessonQuantity, QuantityTest)
  case model(String)
  case mode(Mode)
  case data(String)
  /// The current sample of the data set, 1-based.
  case sample(Int)
  /// A training run finished during the step.
  case trained
  /// `yhat < y`, `a[1] > 0`: two expressions compared (live text's conditions, also `Done
  /// when:`); false when either cannot be computed.
  case compare(LessonExpression, Comparison, LessonExpression)
  /// `activation is tanh`: the generalised cell's φ (Part 2's model; ReLU is the article's).
  case activation(Activation)

  enum Comparison: String, Equatable, Sendable, CaseIterable {
    // `<=`, `>=`, `==`, `!=` before `<` and `>`: the parser tries them in this order.
    case lessOrEqual = "<=", greaterOrEqual = ">=", equal = "==", notEqual = "!="
    case less = "<", greater = ">"

    func holds(_ a: Double, _ b: Double) -> Bool {
      switch self {
      case .less: a < b
      case .greater: a > b
      case .lessOrEqual: a <= b
      case .greaterOrEqual: a >= b
      case .equal: a == b
      case .notEqual: a != b
      }
    }
  }

  /// What `is …` can say about a quantity; the last four compare with the step's start.
  enum QuantityTest: String, Equatable, Sendable, CaseIterable {
    case nonzero, zero, changed, unchanged, higher, lower

    var comparesWithStart: Bool { self != .nonzero && self != .zero }
  }

  /// The forms a condition can take, for error messages.
  static let forms =
    "forward complete, forward reached t = K, backward complete, backward reached t = K, NAME is nonzero|zero|changed|unchanged|higher|lower, EXPR < EXPR (or >, <=, >=, ==, !=), model is part1|part2|lstm, mode is exact|article|text, activation is relu|tanh|abs|identity, data is NAME, sample is K, trained"

  /// Reads `A and B and …`; backticks around a condition are allowed and ignored.
  static func parseAll(_ text: String) throws(LessonSyntaxError) -> [LessonPredicate] {
    let parts = text.replacing("`", with: "").split(separator: " and ").map {
      $0.trimmingWhitespace()
    }
    guard !parts.isEmpty, !parts.contains(where: \.isEmpty) else {
      throw LessonSyntaxError("expected a condition; accepted forms: \(forms)")
    }
    var result: [LessonPredicate] = []
    for part in parts { result.append(try LessonPredicate(part)) }
    return result
  }

  init(_ text: String) throws(LessonSyntaxError) {
    // A comparison: `<=` and `>=` before `<` and `>`, which they contain.
    for op in Comparison.allCases {
      guard let range = text.firstRange(of: " \(op.rawValue) ") else { continue }
      do throws(LessonExpressionError) {
        self = .compare(
          try LessonExpression(parsing: String(text[..<range.lowerBound])), op,
          try LessonExpression(parsing: String(text[range.upperBound...])))
      } catch {
        throw LessonSyntaxError("in '\(shown(text))': \(error.message)")
      }
      return
    }
    // `t = 2`, `t=2` and `t =2` all read the same.
    let words = text.replacing("=", with: " = ").split(separator: " ").map(String.init)
    func timestep(_ rest: ArraySlice<String>) -> Int? {
      guard rest.count == 3, rest[rest.startIndex] == "t", rest[rest.startIndex + 1] == "=",
        let t = Int(rest[rest.startIndex + 2]), t >= 1
      else { return nil }
      return t
    }
    switch words.first {
    case "forward" where words == ["forward", "complete"]: self = .forwardComplete
    case "backward" where words == ["backward", "complete"]: self = .backwardComplete
    case "forward" where words.count == 5 && words[1] == "reached":
      guard let t = timestep(words[2...]) else { throw Self.malformed(text) }
      self = .forwardReached(t)
    case "backward" where words.count == 5 && words[1] == "reached":
      guard let t = timestep(words[2...]) else { throw Self.malformed(text) }
      self = .backwardReached(t)
    case "trained" where words.count == 1: self = .trained
    case _ where words.count == 3 && words[1] == "is":
      let (subject, object) = (words[0], words[2])
      switch subject {
      case "model":
        let words = Architecture.allCases.map(\.rawValue) + Session.builtInModels.map { $0.word }
        guard words.contains(object) else { throw Self.malformed(text) }
        self = .model(object)
      case "activation":
        let names = [
          "relu": Activation.relu, "tanh": .tanh, "abs": .absoluteValue, "identity": .identity,
        ]
        guard let a = names[object] else { throw Self.malformed(text) }
        self = .activation(a)
      case "mode":
        guard let m = Mode(rawValue: object) else { throw Self.malformed(text) }
        self = .mode(m)
      case "data":
        guard Dataset.named(object) != nil else {
          throw LessonSyntaxError(
            "unknown data set '\(shown(object))'; accepted: \(Dataset.builtIn.map(\.name).joined(separator: ", "))"
          )
        }
        self = .data(object)
      case "sample":
        guard let k = Int(object), k >= 1 else { throw Self.malformed(text) }
        self = .sample(k)
      default:
        guard let q = LessonQuantity(subject) else {
          throw LessonSyntaxError(
            "unknown name '\(shown(subject))'; accepted: \(LessonQuantity.accepted.joined(separator: ", "))"
          )
        }
        guard let test = QuantityTest(rawValue: object) else {
          throw LessonSyntaxError(
            "'\(shown(subject)) is \(shown(object))': a name can be \(QuantityTest.allCases.map(\.rawValue).joined(separator: ", "))"
          )
        }
        self = .quantity(q, test)
      }
    default: throw Self.malformed(text)
    }
  }

  private static func malformed(_ text: String) -> LessonSyntaxError {
    LessonSyntaxError("cannot read the condition '\(shown(text))'; accepted forms: \(forms)")
  }

  /// The condition as a lesson writes it.
  var text: String {
    switch self {
    case .forwardComplete: "forward complete"
    case .forwardReached(let t): "forward reached t = \(t)"
    case .backwardComplete: "backward complete"
    case .backwardReached(let t): "backward reached t = \(t)"
    case .quantity(let q, let test): "\(q.name) is \(test.rawValue)"
    case .model(let word): "model is \(word)"
    case .mode(let m): "mode is \(m.rawValue)"
    case .data(let name): "data is \(name)"
    case .sample(let k): "sample is \(k)"
    case .trained: "trained"
    case .compare(let l, let op, let r): "\(l.text) \(op.rawValue) \(r.text)"
    case .activation(let a): "activation is \(a == .absoluteValue ? "abs" : a.rawValue)"
    }
  }

  /// As the learner reads it, in the screens' notation: `w₃.g is zero`.
  func learnerText(_ n: Notation) -> String {
    if case .quantity(let q, let test) = self { return "\(q.symbol(n)) is \(test.rawValue)" }
    return text
  }

  /// Whether it holds in `state`, for a step that started from `entry`.
  func holds(in state: SessionState, entry: SessionState) -> Bool {
    switch self {
    case .forwardComplete: return state.forward?.isComplete == true
    case .forwardReached(let t): return (state.forward?.t ?? 0) >= t
    case .backwardComplete: return state.backward?.isComplete == true
    case .backwardReached(let t):
      guard let pass = state.backward else { return false }
      return pass.isComplete || (pass.nextTimestep.map { $0 < t } ?? false)
    case .quantity(let q, let test):
      let now = try? q.value(in: Session(state: state))
      switch test {
      case .nonzero: return now.map { $0 != 0 } ?? false
      case .zero: return now == 0
      case .changed, .unchanged:
        let before = try? q.value(in: Session(state: entry))
        let same = now?.bitPattern == before?.bitPattern
        return test == .unchanged ? same : !same
      case .higher, .lower:
        guard let now, let before = try? q.value(in: Session(state: entry)) else { return false }
        return test == .higher ? now > before : now < before
      }
    case .model(let word): return state.active.word == word
    // The article's RNN keeps its φ in the generalised cell; another model may have its own.
    case .activation(let a):
      guard let other = state.other else { return state.model.activation == a }
      return other.model.cellActivation == a
    case .compare(let l, let op, let r):
      let session = Session(state: state)
      guard let a = try? l.value(in: session), let b = try? r.value(in: session) else {
        return false
      }
      return op.holds(a, b)
    case .mode(let m): return state.model.mode == m
    case .data(let name): return state.dataset?.name == name
    case .sample(let k): return state.dataset != nil && state.sampleIndex == k - 1
    case .trained: return state.lastTraining != nil && state.lastTraining != entry.lastTraining
    }
  }
}

/// A mistake in a piece of lesson syntax, before the file and line are known.
struct LessonSyntaxError: Error, Equatable, Sendable {
  let message: String
  init(_ message: String) { self.message = message }
}

extension Session {
  /// A script session (no files) holding `state`: where lessons evaluate their names.
  init(state: SessionState) {
    self.init(traits: .script, files: NoFileAccess())
    self.state = state
  }
}
