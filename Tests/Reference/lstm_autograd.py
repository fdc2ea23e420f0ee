"""PyTorch autograd, in float64, on minirnn's scalar LSTM: the oracle for LSTMTorchOracleTests.

The model is torch.nn.LSTM(input_size=1, hidden_size=1) with one bias per gate (bias_ih holds
it, bias_hh is 0), read out by yhat = wy*h_n + by, with loss 0.5*(y - yhat)**2 (Eq. 1).

It is computed twice:
  * gate by gate with tensor operations, keeping every intermediate (the gates, c_t, h_t, and
    the gradients autograd sends to h_t and c_t), printed as `i[1] = ...`, `dc[1] = ...`;
  * with torch.nn.LSTM itself, printed with an `nn.` prefix (`nn.yhat`, `nn.f.wh.g`), so the
    hand-written step is checked against the library's own cell.

Usage:
  lstm_autograd.py --w I.WX I.WH I.B F.WX F.WH F.B G.WX G.WH G.B O.WX O.WH O.B WY BY \
                   --x X1 X2 ... --y Y  [--w ... --x ... --y ...]...

Each --w/--x/--y triple is one case (importing torch takes seconds, so one run takes many).
Prints `# case K` and then one `name = value` line per number, each with Python's shortest
round-trip repr.
"""

import argparse

import torch

NAMES = ["i.wx", "i.wh", "i.b", "f.wx", "f.wh", "f.b", "g.wx", "g.wh", "g.b",
         "o.wx", "o.wh", "o.b", "wy", "by"]
GATES = ["i", "f", "g", "o"]  # nn.LSTM's row order in weight_ih_l0 / weight_hh_l0


def show(name, value):
    print(f"{name} = {float(value.detach()) if torch.is_tensor(value) else float(value)!r}")


def by_hand(w, xs, y):
    """The cell written out with tensor ops; returns nothing, prints everything."""
    params = {n: torch.tensor(v, dtype=torch.float64, requires_grad=True) for n, v in w.items()}
    h = torch.zeros((), dtype=torch.float64)
    c = torch.zeros((), dtype=torch.float64)
    hs, cs = [], []
    for t, x in enumerate(xs, start=1):
        x = torch.tensor(x, dtype=torch.float64)
        z = {k: params[k + ".wx"] * x + params[k + ".wh"] * h + params[k + ".b"] for k in GATES}
        gate = {k: torch.tanh(z[k]) if k == "g" else torch.sigmoid(z[k]) for k in GATES}
        c = gate["f"] * c + gate["i"] * gate["g"]
        h = gate["o"] * torch.tanh(c)
        c.retain_grad()
        h.retain_grad()
        hs.append(h)
        cs.append(c)
        for k in GATES:
            show(f"z.{k}[{t}]", z[k])
            show(f"{k}[{t}]", gate[k])
        show(f"c[{t}]", c)
        show(f"h[{t}]", h)
    yhat = params["wy"] * h + params["by"]
    loss = 0.5 * (y - yhat) ** 2
    loss.backward()
    show("yhat", yhat)
    show("loss", loss)
    for t, (h, c) in enumerate(zip(hs, cs), start=1):
        show(f"dh[{t}]", h.grad)
        show(f"dc[{t}]", c.grad)
    for n in NAMES:
        show(n + ".g", params[n].grad)


def with_nn_lstm(w, xs, y):
    """The same numbers from torch.nn.LSTM."""
    lstm = torch.nn.LSTM(input_size=1, hidden_size=1, dtype=torch.float64)
    with torch.no_grad():
        for row, k in enumerate(GATES):
            lstm.weight_ih_l0[row, 0] = w[k + ".wx"]
            lstm.weight_hh_l0[row, 0] = w[k + ".wh"]
            lstm.bias_ih_l0[row] = w[k + ".b"]
            lstm.bias_hh_l0[row] = 0.0
    wy = torch.tensor(w["wy"], dtype=torch.float64, requires_grad=True)
    by = torch.tensor(w["by"], dtype=torch.float64, requires_grad=True)
    seq = torch.tensor(xs, dtype=torch.float64).reshape(len(xs), 1, 1)
    _, (hn, cn) = lstm(seq)
    yhat = wy * hn.reshape(()) + by
    loss = 0.5 * (y - yhat) ** 2
    loss.backward()
    show("nn.c[n]", cn.reshape(()))
    show("nn.h[n]", hn.reshape(()))
    show("nn.yhat", yhat)
    show("nn.loss", loss)
    for row, k in enumerate(GATES):
        show(f"nn.{k}.wx.g", lstm.weight_ih_l0.grad[row, 0])
        show(f"nn.{k}.wh.g", lstm.weight_hh_l0.grad[row, 0])
        # Both biases receive the same gradient; bias_ih's is the one-bias gradient.
        show(f"nn.{k}.b.g", lstm.bias_ih_l0.grad[row])
    show("nn.wy.g", wy.grad)
    show("nn.by.g", by.grad)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--w", type=float, nargs=14, action="append", required=True, metavar="P")
    parser.add_argument("--x", type=float, nargs="+", action="append", required=True)
    parser.add_argument("--y", type=float, action="append", required=True)
    args = parser.parse_args()
    if not len(args.w) == len(args.x) == len(args.y):
        parser.error("give as many --x and --y as --w")
    torch.set_num_threads(1)
    for k, (w, xs, y) in enumerate(zip(args.w, args.x, args.y), start=1):
        print(f"# case {k}")
        w = dict(zip(NAMES, w))
        by_hand(w, xs, y)
        with_nn_lstm(w, xs, y)


if __name__ == "__main__":
    main()
