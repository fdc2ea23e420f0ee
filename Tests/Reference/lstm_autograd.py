"""PyTorch autograd, in float64, on minirnn's scalar LSTM: the oracle for LSTMTorchOracleTests.

The model is torch.nn.LSTM(input_size=1, hidden_size=1) with one bias per gate (bias_ih holds
it, bias_hh is 0), read out by yhat = wy*h_n + by, with loss 0.5*(y - yhat)**2 (Eq. 1); or, with --loss every
(mean), a loss at every step, sum over t of 0.5*(y_t - yhat_t)**2 with yhat_t = wy*h_t + by
(divided by n), against the targets y_1..y_n that --y then gives.

It is computed twice:
  * gate by gate with tensor operations, keeping every intermediate (the gates, c_t, h_t, and
    the gradients autograd sends to h_t and c_t), printed as `i[1] = ...`, `dc[1] = ...`;
  * with torch.nn.LSTM itself, printed with an `nn.` prefix (`nn.yhat`, `nn.f.wh.g`), so the
    hand-written step is checked against the library's own cell.

Usage:
  lstm_autograd.py --w I.WX I.WH I.B F.WX F.WH F.B G.WX G.WH G.B O.WX O.WH O.B WY BY \
                   --x X1 X2 ... --y Y  [--loss last|every|mean]  [--w ... --x ... --y ...]...

Each --w/--x/--y triple is one case (with --loss every or mean, --y gives Y1 ... Yn; give --loss
for every case or for none) (importing torch takes seconds, so one run takes many).
Prints `# case K` and then one `name = value` line per number, each with Python's shortest
round-trip repr.

  lstm_autograd.py --train RUNS.json

trains instead: the file holds [{"w": [14 values], "samples": [[[x...], [y...]], ...],
"epochs": E, "lr": LR, "loss": "every"}, ...]; for each run it prints `# train K` and the 14
parameters after a plain SGD loop (every epoch, every sample in order: forward, backward,
update, zero), the LSTM written out with tensor ops as in by_hand.
"""

import json

import argparse
import sys

import torch

NAMES = ["i.wx", "i.wh", "i.b", "f.wx", "f.wh", "f.b", "g.wx", "g.wh", "g.b",
         "o.wx", "o.wh", "o.b", "wy", "by"]
GATES = ["i", "f", "g", "o"]  # nn.LSTM's row order in weight_ih_l0 / weight_hh_l0


def show(name, value):
    print(f"{name} = {float(value.detach()) if torch.is_tensor(value) else float(value)!r}")


def loss_of(outputs, ys, loss):
    """Eq. 1 on the last output, or the loss at every step (summed from t = 1, / n for mean)."""
    if loss == "last":
        return 0.5 * (ys[-1] - outputs[-1]) ** 2
    total = 0.0
    for y_hat_t, y_t in zip(outputs, ys):
        total = total + 0.5 * (y_t - y_hat_t) ** 2
    return total / len(ys) if loss == "mean" else total


def by_hand(w, xs, ys, loss_kind):
    """The cell written out with tensor ops; returns nothing, prints everything."""
    params = {n: torch.tensor(v, dtype=torch.float64, requires_grad=True) for n, v in w.items()}
    h = torch.zeros((), dtype=torch.float64)
    c = torch.zeros((), dtype=torch.float64)
    hs, cs, outputs = [], [], []
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
        outputs.append(params["wy"] * h + params["by"])
        for k in GATES:
            show(f"z.{k}[{t}]", z[k])
            show(f"{k}[{t}]", gate[k])
        show(f"c[{t}]", c)
        show(f"h[{t}]", h)
    yhat = outputs[-1]
    loss = loss_of(outputs, ys, loss_kind)
    loss.backward()
    show("yhat", yhat)
    show("loss", loss)
    if loss_kind != "last":
        for t, y_hat_t in enumerate(outputs, start=1):
            show(f"yhat[{t}]", y_hat_t)
    for t, (h, c) in enumerate(zip(hs, cs), start=1):
        show(f"dh[{t}]", h.grad)
        show(f"dc[{t}]", c.grad)
    for n in NAMES:
        show(n + ".g", params[n].grad)


def train(run):
    """Section 3.1's loop with autograd; prints the final parameters."""
    params = {n: torch.tensor(v, dtype=torch.float64, requires_grad=True)
              for n, v in zip(NAMES, run["w"])}
    for _ in range(run["epochs"]):
        for xs, ys in run["samples"]:
            h = torch.zeros((), dtype=torch.float64)
            c = torch.zeros((), dtype=torch.float64)
            outputs = []
            for x in xs:
                z = {k: params[k + ".wx"] * x + params[k + ".wh"] * h + params[k + ".b"]
                     for k in GATES}
                gate = {k: torch.tanh(z[k]) if k == "g" else torch.sigmoid(z[k]) for k in GATES}
                c = gate["f"] * c + gate["i"] * gate["g"]
                h = gate["o"] * torch.tanh(c)
                outputs.append(params["wy"] * h + params["by"])
            loss_of(outputs, ys, run["loss"]).backward()
            with torch.no_grad():
                for n in NAMES:
                    params[n] -= params[n].grad * run["lr"]
                    params[n].grad = None
    for n in NAMES:
        show(n, params[n])


def with_nn_lstm(w, xs, ys, loss_kind):
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
    out, (hn, cn) = lstm(seq)
    outputs = [wy * out[t].reshape(()) + by for t in range(len(xs))]
    yhat = outputs[-1]
    loss = loss_of(outputs, ys, loss_kind)
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
    if sys.argv[1:2] == ["--train"]:
        torch.set_num_threads(1)
        with open(sys.argv[2]) as f:
            for k, run in enumerate(json.load(f), start=1):
                print(f"# train {k}")
                train(run)
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--w", type=float, nargs=14, action="append", required=True, metavar="P")
    parser.add_argument("--x", type=float, nargs="+", action="append", required=True)
    parser.add_argument("--y", type=float, nargs="+", action="append", required=True)
    parser.add_argument("--loss", choices=["last", "every", "mean"], action="append")
    args = parser.parse_args()
    losses = args.loss or ["last"] * len(args.w)
    if not len(args.w) == len(args.x) == len(args.y) == len(losses):
        parser.error("give as many --x, --y (and --loss, if any) as --w")
    torch.set_num_threads(1)
    for k, (w, xs, ys, loss) in enumerate(zip(args.w, args.x, args.y, losses), start=1):
        if loss != "last" and len(ys) != len(xs):
            parser.error(f"case {k}: --loss {loss} needs one --y value per --x value")
        print(f"# case {k}")
        w = dict(zip(NAMES, w))
        by_hand(w, xs, ys, loss)
        with_nn_lstm(w, xs, ys, loss)


if __name__ == "__main__":
    main()
