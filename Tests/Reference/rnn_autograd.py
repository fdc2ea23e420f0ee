"""PyTorch autograd, in float64, on minirnn's scalar RNN with a loss at every step: the oracle
for RNNLossEveryTorchOracleTests.

The cell is the generalised one (the article's with activation relu and b = c = 0):
h_t = phi(w1*x_t + w2*h_(t-1) + b), yhat_t = w3*h_t + c, and the loss is Eq. 1 on yhat_n
("last"), or a loss at every step, sum over t of 0.5*(y_t - yhat_t)**2 ("every"), divided by
n ("mean").

Usage: rnn_autograd.py CASES.json, where the file holds
  {"passes": [{"activation": "tanh", "w": [w1, w2, w3, b, c], "x": [...], "y": [...],
               "loss": "every"}, ...],
   "training": [{"activation": "relu", "w": [...], "trains_biases": false,
                 "samples": [[[x...], [y...]], ...], "epochs": 20, "lr": 0.01,
                 "loss": "mean"}, ...]}
For each pass it prints `# pass K` and `name = value` lines: h[t], yhat[t], loss, dh[t] (what
autograd sends to h_t: both roads, from yhat_t and from h_(t+1)) and w1.g ... c.g. For each
training run, `# train K` and the final w1 ... c after a plain SGD loop (every epoch, every
sample in order: forward, backward, update, zero), the b and c moving only when trained.
Each value is printed with Python's shortest round-trip repr.
"""

import json
import sys

import torch

NAMES = ["w1", "w2", "w3", "b", "c"]
ACTIVATIONS = {"relu": torch.relu, "tanh": torch.tanh, "abs": torch.abs,
               "identity": lambda a: a}


def show(name, value):
    print(f"{name} = {float(value.detach()) if torch.is_tensor(value) else float(value)!r}")


def scalar(v):
    return torch.tensor(v, dtype=torch.float64, requires_grad=True)


def forward(p, xs, activation):
    """h_1..h_n (each keeping its gradient) and yhat_1..yhat_n."""
    phi = ACTIVATIONS[activation]
    h = torch.zeros((), dtype=torch.float64)
    hs, outputs = [], []
    for x in xs:
        h = phi(p["w1"] * x + p["w2"] * h + p["b"])
        h.retain_grad()
        hs.append(h)
        outputs.append(p["w3"] * h + p["c"])
    return hs, outputs


def loss_of(outputs, ys, kind):
    if kind == "last":
        d = ys[-1] - outputs[-1]
        return 0.5 * (d * d)
    total = 0.0
    for y_hat_t, y_t in zip(outputs, ys):
        d = y_t - y_hat_t
        total = total + 0.5 * (d * d)
    return total / len(ys) if kind == "mean" else total


def one_pass(case):
    p = {n: scalar(v) for n, v in zip(NAMES, case["w"])}
    hs, outputs = forward(p, case["x"], case["activation"])
    loss = loss_of(outputs, case["y"], case["loss"])
    loss.backward()
    for t, (h, y_hat_t) in enumerate(zip(hs, outputs), start=1):
        show(f"h[{t}]", h)
        show(f"yhat[{t}]", y_hat_t)
        show(f"dh[{t}]", h.grad if h.grad is not None else 0.0)
    show("loss", loss)
    for n in NAMES:
        show(n + ".g", p[n].grad)


def training(run):
    p = {n: scalar(v) for n, v in zip(NAMES, run["w"])}
    trained = NAMES if run["trains_biases"] else NAMES[:3]
    for _ in range(run["epochs"]):
        for xs, ys in run["samples"]:
            _, outputs = forward(p, xs, run["activation"])
            loss_of(outputs, ys, run["loss"]).backward()
            with torch.no_grad():
                for n in trained:
                    p[n] -= p[n].grad * run["lr"]
                for n in NAMES:
                    p[n].grad = None
    for n in NAMES:
        show(n, p[n])


def main():
    with open(sys.argv[1]) as f:
        cases = json.load(f)
    torch.set_num_threads(1)
    for k, case in enumerate(cases.get("passes", []), start=1):
        print(f"# pass {k}")
        one_pass(case)
    for k, run in enumerate(cases.get("training", []), start=1):
        print(f"# train {k}")
        training(run)


if __name__ == "__main__":
    main()
