/// The article's equations, each written once, shared by stepping, training and checking.
///
/// Forward and backward sit side by side: each forward equation is followed by the local
/// derivative that BPTT pushes back through it.
public enum Cell {
  // MARK: Eq. 3 — the hidden state, and its derivatives (§1.3, §2.3–2.5)

  /// The pre-activation of Eq. 3: a_t = w₁·x_t + w₂·h_{t−1}.
  ///
  /// Evaluated in the order the article's code writes it (`w1 * x + w2 * h[i]`), so that
  /// article mode agrees with the printed code to the last bit.
  @inlinable
  public static func preactivation(w1: Double, w2: Double, x: Double, hPrevious: Double)
    -> Double
  {
    w1 * x + w2 * hPrevious
  }

  /// The generalised cell's pre-activation, beyond the article: a_t = w₁·x_t + w₂·h_{t−1} + b,
  /// Eq. 3 with the hidden bias b that Part 1's class had and Part 2 dropped.
  @inlinable
  public static func preactivation(
    w1: Double, w2: Double, x: Double, hPrevious: Double, bias b: Double
  ) -> Double {
    w1 * x + w2 * hPrevious + b
  }

  /// ReLU (§2.4): x when x > 0, else 0. Eq. 3 is h_t = ReLU(a_t).
  @inlinable
  public static func relu(_ a: Double) -> Double { a > 0 ? a : 0 }

  /// ReLU′ (§2.4): 1 when x > 0, else 0.
  ///
  /// BPTT evaluates it at the pre-activation a_t. The printed code tests h_t > 0 instead,
  /// which is the same test, since h_t = ReLU(a_t) > 0 exactly when a_t > 0.
  @inlinable
  public static func reluPrime(_ a: Double) -> Double { a > 0 ? 1 : 0 }

  /// §2.5's ∂h_{t+1}/∂h_t factor as the text prints it: ReLU′ taken at h_t, the state coming
  /// into step t+1, instead of at a_{t+1} (erratum 5). The code never uses it.
  @inlinable
  public static func reluPrimeAsPrinted(hPrevious h: Double) -> Double { reluPrime(h) }

  /// One BPTT timestep (§2.5–2.6, the loop of the printed `backward`).
  ///
  /// Given ∂L/∂h_t and the forward record of step t:
  /// - `tmp = ∂L/∂h_t · ReLU′(a_t)` (= ∂L/∂a_t),
  /// - w₂'s term `tmp · h_{t−1}` (∂a_t/∂w₂ = h_{t−1}),
  /// - w₁'s term `tmp · x_t` (∂a_t/∂w₁ = x_t),
  /// - `∂L/∂h_{t−1} = tmp · w₂` (∂a_t/∂h_{t−1} = w₂).
  @inlinable
  public static func backStep(
    dh: Double, preactivation a: Double, x: Double, hPrevious: Double, w2: Double
  ) -> (tmp: Double, w2Term: Double, w1Term: Double, dhPrevious: Double) {
    let tmp = dh * reluPrime(a)
    return (tmp, tmp * hPrevious, tmp * x, tmp * w2)
  }

  /// One BPTT timestep of the generalised cell (beyond the article): as `backStep`, with
  /// φ′(a_t) in place of ReLU′(a_t), and b's term tmp (∂a_t/∂b = 1).
  ///
  /// h_t = φ(a_t) is passed too, since tanh′ is computed from it (1 − h_t²).
  @inlinable
  public static func backStep(
    dh: Double, preactivation a: Double, h: Double, x: Double, hPrevious: Double, w2: Double,
    activation: Activation
  ) -> (tmp: Double, w2Term: Double, w1Term: Double, dhPrevious: Double) {
    let tmp = dh * activation.derivative(preactivation: a, output: h)
    return (tmp, tmp * hPrevious, tmp * x, tmp * w2)
  }

  /// One BPTT timestep as the text prints it (mode text): tmp = ∂L/∂h_t·ReLU′(h_t) (§2.3's
  /// ReLU′(h_t), the same number as ReLU′(a_t)), the same two terms, and ∂L/∂h_{t−1} =
  /// ∂L/∂h_t·ReLU′(h_{t−1})·w₂ (§2.5's ∂h_{t+1}/∂h_t = ReLU′(h_t)·w₂ one index down:
  /// erratum 5, where the math has tmp·w₂ = ∂L/∂h_t·ReLU′(a_t)·w₂).
  @inlinable
  public static func backStepAsPrinted(
    dh: Double, h: Double, x: Double, hPrevious: Double, w2: Double
  ) -> (tmp: Double, w2Term: Double, w1Term: Double, dhPrevious: Double) {
    let tmp = dh * reluPrime(h)
    return (tmp, tmp * hPrevious, tmp * x, dh * reluPrimeAsPrinted(hPrevious: hPrevious) * w2)
  }

  // MARK: Eq. 2 — the output, and its derivatives (§1.2, §2.2, §2.5)

  /// Eq. 2: ŷ = h_n · w₃ (computed as `w3 * h`, as the printed code does).
  @inlinable
  public static func output(w3: Double, h: Double) -> Double { w3 * h }

  /// Eq. 2 with the output bias c, beyond the article: ŷ = w₃·h_n + c. Its derivative by c
  /// is 1, so ∂L/∂c = ∂L/∂ŷ.
  @inlinable
  public static func output(w3: Double, h: Double, bias c: Double) -> Double { w3 * h + c }

  /// §2.2: ∂L/∂w₃ = ∂L/∂ŷ · ∂ŷ/∂w₃ = h_n · ∂L/∂ŷ (`self.h[n] * loss_g` in the code).
  @inlinable
  public static func w3Term(h: Double, lossGradient: Double) -> Double { h * lossGradient }

  /// §2.5: ∂L/∂h_n = w₃ · ∂L/∂ŷ (`self.w3 * loss_g`; the article's text prints w₂ — erratum 4).
  @inlinable
  public static func outputHiddenGradient(w3: Double, lossGradient: Double) -> Double {
    w3 * lossGradient
  }

  /// §2.5 as printed: ∂L/∂h_n = w₂·∂L/∂ŷ (erratum 4; Eq. 2 has no w₂).
  @inlinable
  public static func outputHiddenGradientAsPrinted(w2: Double, lossGradient: Double) -> Double {
    w2 * lossGradient
  }

  // MARK: Eq. 1 — the loss, and Eq. 4 — its derivative (§1.1, §2.1)

  /// Eq. 1: L = ½·(y − ŷ)².
  @inlinable
  public static func loss(prediction: Double, target: Double) -> Double {
    let d = target - prediction
    return 0.5 * (d * d)
  }

  /// The printed `mse(x, y) = ((x − y)/2)**2`, which is ¼·(ŷ − y)², not Eq. 1 (erratum 2).
  @inlinable
  public static func lossAsPrinted(prediction: Double, target: Double) -> Double {
    let q = (prediction - target) / 2
    return q * q
  }

  /// Eq. 4, corrected: ∂L/∂ŷ = ŷ − y (the printed `d_mse(x, y) = x - y`).
  ///
  /// The article's Eq. 4 prints y − ŷ, the wrong sign (erratum 3).
  @inlinable
  public static func lossGradient(prediction: Double, target: Double) -> Double {
    prediction - target
  }

  /// Eq. 4 as printed: y − ŷ, the corrected value with its sign flipped (erratum 3).
  @inlinable
  public static func lossGradientAsPrinted(prediction: Double, target: Double) -> Double {
    -lossGradient(prediction: prediction, target: target)
  }
}
