#!/usr/bin/env python3
"""The article's Part 2 code, as printed, run as an oracle for minirnn's article mode.

Everything between the "as printed" markers below is the article's `relu`, `d_relu`,
`mse`, `d_mse`, Part 2 `MiniRnn` class and §3.1 `train` loop, transcribed line by line,
bugs included:

  * `backward` writes w3's gradient to a new attribute `self.w3g`, so `w3.g` stays 0.0
    and w3 never moves;
  * the weights and `h` are class attributes (shared by every instance);
  * `mse` is ((x - y)/2)**2 (never called by the loop).

Only two things differ from the article (a third, `--mode exact`, is opt-in and kept
outside the printed block):

  * `torch` is a tiny stand-in (below) whose 1-element "tensors" hold one Python float,
    i.e. IEEE binary64 arithmetic, one rounding per operation, no FMA.  Real
    `torch.rand(1)` is float32; minirnn computes in Double, so float64 is what we compare.
  * `torch.rand(1)` hands out the injected starting weights (w1, w2, w3 in that order)
    instead of random numbers, and the data set, epochs and learning rate are parameters.

Usage:
  python3 article_printed.py --data slopes|zigzag --w 0.5 0.3 0.8 [--epochs 20000] [--lr 0.001]
                             [--mode article|exact]

prints the final weights, one per line, as `w1 = <repr>` (shortest round-trip repr).
"""

import argparse
import sys


class Tensor:
    """A 1-element float64 (or bool) tensor: just enough of torch.Tensor for the article.

    It supports what the printed code does with tensors: `*`, `+`, `-`, `/`, `**` with
    tensors, ints, floats and bools (either side), comparisons giving a bool tensor,
    truthiness (for the builtin `max` inside `relu`), in-place `-=` and `+=` that keep the
    object's identity (so an attribute such as `.g` set on a weight survives the update),
    and arbitrary attributes (`w1.g = 0.0`).
    """

    def __init__(self, value, is_bool=False):
        self.is_bool = is_bool
        self.value = bool(value) if is_bool else float(value)

    # A bool tensor takes part in arithmetic as 1.0 / 0.0, as torch promotes it.
    @staticmethod
    def _num(other):
        if isinstance(other, Tensor):
            return float(other.value)
        if isinstance(other, (bool, int, float)):
            return float(other)
        return NotImplemented

    def _binary(self, other, op):
        o = Tensor._num(other)
        if o is NotImplemented:
            return NotImplemented
        return Tensor(op(float(self.value), o))

    def _reflected(self, other, op):
        o = Tensor._num(other)
        if o is NotImplemented:
            return NotImplemented
        return Tensor(op(o, float(self.value)))

    def _inplace(self, other, op):
        o = Tensor._num(other)
        if o is NotImplemented:
            return NotImplemented
        self.value = op(float(self.value), o)
        self.is_bool = False
        return self  # in place: same object, attributes kept

    def __mul__(self, other):
        return self._binary(other, lambda a, b: a * b)

    def __rmul__(self, other):
        return self._reflected(other, lambda a, b: a * b)

    def __add__(self, other):
        return self._binary(other, lambda a, b: a + b)

    def __radd__(self, other):
        return self._reflected(other, lambda a, b: a + b)

    def __sub__(self, other):
        return self._binary(other, lambda a, b: a - b)

    def __rsub__(self, other):
        return self._reflected(other, lambda a, b: a - b)

    def __truediv__(self, other):
        return self._binary(other, lambda a, b: a / b)

    def __rtruediv__(self, other):
        return self._reflected(other, lambda a, b: a / b)

    def __pow__(self, other):
        return self._binary(other, lambda a, b: a**b)

    def __isub__(self, other):
        return self._inplace(other, lambda a, b: a - b)

    def __iadd__(self, other):
        return self._inplace(other, lambda a, b: a + b)

    def _compare(self, other, op):
        o = Tensor._num(other)
        if o is NotImplemented:
            return NotImplemented
        return Tensor(op(float(self.value), o), is_bool=True)

    def __gt__(self, other):
        return self._compare(other, lambda a, b: a > b)

    def __lt__(self, other):
        return self._compare(other, lambda a, b: a < b)

    def __ge__(self, other):
        return self._compare(other, lambda a, b: a >= b)

    def __le__(self, other):
        return self._compare(other, lambda a, b: a <= b)

    def __bool__(self):
        return bool(self.value)

    def __float__(self):
        return float(self.value)

    def item(self):
        return self.value

    def __repr__(self):
        return f"tensor([{self.value!r}])"


class Torch:
    """`torch.rand` and `torch.tensor`, with rand drawing from the injected start weights."""

    def __init__(self, rand_values):
        self._rand = list(rand_values)

    def rand(self, n):
        assert n == 1, "the article only asks for 1-element tensors"
        if not self._rand:
            raise RuntimeError("more torch.rand(1) calls than injected starting weights")
        return Tensor(self._rand.pop(0))

    def tensor(self, values):
        assert len(values) == 1, "the article only builds 1-element tensors"
        return Tensor(values[0])


# The data sets: §3.1's slopes, and §4's zigzag (Part 1's data_zic_zac, data_zic_zac2).
DATA = {
    "slopes": ([[0, 0.5], [0.5, 0.5], [1, 0.5]], [1, 0.5, 0]),
    "zigzag": ([[0, 1, 0, 1, 0], [1, 0, 1, 0, 1]], [1, 0]),
}


# ---- as printed (§2.1, §2.4) ----------------------------------------------------------

def mse(x, y):
  return ((x - y)/2)**2

def d_mse(x, y):
  return x - y

def relu(x):
  return max(x,0)

def d_relu(x):
  return x > 0

# ---- end as printed -------------------------------------------------------------------


def run_article(start, data="slopes", epochs=20000, lr=0.001, mode="article"):
    """Runs the printed §3 code from `start` = (w1, w2, w3); returns the trained model.

    mode="article" (the default) is the code exactly as printed; mode="exact" swaps in a
    backward whose only change is that w3's gradient lands in `w3.g`, so w3 trains.

    The class and the loop are defined anew on each call (they are class attributes and
    globals in the article), so calls do not leak weights into each other.
    """
    torch = Torch(start)  # noqa: F841 -- read by the class body below
    X, y = DATA[data]

    # ---- as printed (§3, §3.1) ----------------------------------------------------------
    class MiniRnn():
      # Initialize weights
      w1 = torch.rand(1) # linear layer (W_xh)
      w2 = torch.rand(1) # feedback loop (W_hh)
      w3 = torch.rand(1) # output layer (W_hy)
      w1.g, w2.g, w3.g = 0.0, 0.0, 0.0

      # Initialize value structures (used for derivatives)
      X = None
      h = {0: torch.tensor([0.0])}

      def forward(self, X):
        self.X = X

        # Run through the RNN
        for i, x in enumerate(X):
          self.h[i + 1] = relu(self.w1 * x + self.w2 * self.h[i])
          y = self.w3 * self.h[i + 1]

        return y

      def backward(self, loss_g):
        n = len(self.X)
        self.w3g = self.h[n] * loss_g
        d_h = self.w3 * loss_g

        for i in reversed(range(n)):
            tmp = d_h * d_relu(self.h[i+1])

            self.w2.g += tmp * self.h[i]
            self.w1.g += tmp * self.X[i]

            d_h = tmp * self.w2

      def clear_states(self):
        self.h = {0:torch.tensor([0.0])}
        self.X = None

      def zero_grads(self):
        self.w1.g, self.w2.g, self.w3.g = 0.0, 0.0, 0.0

    rnn = MiniRnn()

    def train(model, epochs=20000, lr=0.001):
      for e in range(epochs):
        for i, x in enumerate(X):
          d_loss = d_mse(model.forward(x), y[i])

          model.backward(d_loss)
          model.w1 -= model.w1.g * lr
          model.w2 -= model.w2.g * lr
          model.w3 -= model.w3.g * lr

          model.zero_grads()
    # ---- end as printed -----------------------------------------------------------------

    if mode == "exact":
        # Not printed: the same backward with erratum 1 fixed (w3's term goes to w3.g,
        # accumulated like w1.g and w2.g), for comparing with minirnn's exact mode.
        class Corrected(MiniRnn):
            def backward(self, loss_g):
                n = len(self.X)
                self.w3.g += self.h[n] * loss_g
                d_h = self.w3 * loss_g

                for i in reversed(range(n)):
                    tmp = d_h * d_relu(self.h[i+1])

                    self.w2.g += tmp * self.h[i]
                    self.w1.g += tmp * self.X[i]

                    d_h = tmp * self.w2

        rnn = Corrected()
    elif mode != "article":
        raise ValueError(f"unknown mode {mode!r}")

    train(rnn, epochs, lr)
    return rnn


def final_weights(start, data="slopes", epochs=20000, lr=0.001, mode="article"):
    """(w1, w2, w3) as Python floats after the printed training loop."""
    rnn = run_article(start, data, epochs, lr, mode)
    return tuple(float(w) for w in (rnn.w1, rnn.w2, rnn.w3))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", choices=sorted(DATA), default="slopes")
    parser.add_argument("--w", nargs=3, type=float, metavar=("W1", "W2", "W3"),
                        required=True, help="starting weights, instead of torch.rand(1)")
    parser.add_argument("--epochs", type=int, default=20000)
    parser.add_argument("--lr", type=float, default=0.001)
    parser.add_argument("--mode", choices=["article", "exact"], default="article",
                        help="article: as printed (default); exact: w3g typo fixed")
    args = parser.parse_args(argv)
    w1, w2, w3 = final_weights(args.w, args.data, args.epochs, args.lr, args.mode)
    print(f"w1 = {w1!r}")
    print(f"w2 = {w2!r}")
    print(f"w3 = {w3!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
