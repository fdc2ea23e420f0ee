"""PyTorch autograd, in float64, on minirnn's vector RNN: the oracle for VectorTorchOracleTests.

The model (Sources/RNN/VectorRNN) has K hidden units, one input and one output:

    a_t = W_xh*x_t + W_hh @ h_{t-1} + b,   h_t = phi(a_t),   yhat_t = w_y . h_t + c

with phi tanh, relu or the identity, h_0 = 0, and one of three losses: `last`,
0.5*(y - yhat_n)**2 (Eq. 1); `every`, sum_t 0.5*(y_t - yhat_t)**2; `everyMean`, that sum / n.

A gradient case is computed twice with torch:
  * step by step with tensor operations, keeping every a_t, h_t (retain_grad, so autograd
    reports the whole dL/dh_t), yhat_t, L and the parameter gradients, printed as
    `a[t,i] = ...`, `dh[t,i] = ...`, `W_hh[i,j].g = ...` (indices from 1, as minirnn names them);
  * with torch.nn.RNN(1, K) and torch.nn.Linear(K, 1), printed with an `nn.` prefix: h_t,
    yhat_t, L and the gradients. nn.RNN has two hidden biases that always add; bias_ih holds b
    and bias_hh is 0, and b's gradient is bias_ih's (bias_hh's, which nn.RNN sums in another
    order, is printed too, as `nn.b_hh[i].g`). nn.RNN has no identity nonlinearity, so an
    identity case is computed the first way only.

Each gradient case is also computed a third time, without torch, in 100-digit decimal
arithmetic (Python's decimal module; tanh from its correctly rounded exp), written out as BPTT
by hand, printed with a `ref.` prefix: a reference far more precise than either float64 side,
to tell which of the two has drifted when they disagree (a long product of Jacobians gathers
rounding error, and the two sum in different orders).

A training case runs SGD as section 3.1 of the article does: for each epoch, each sample in
order, forward through nn.RNN and nn.Linear, the loss, backward, p -= lr*p.grad for each trained
parameter, zero the gradients. bias_hh stays 0 and untrained (else b would move twice as far).
It prints the parameters at the end as `sgd.W_xh[1] = ...`, and `sgd.epochLoss = ...`, the
mean loss of the last epoch.

Usage:
  vector_rnn_autograd.py CASES.json      (or the JSON on stdin)

CASES.json is a list of objects:
  {"k": K, "activation": "tanh"|"relu"|"identity", "loss": "last"|"every"|"everyMean",
   "weights": [K*K + 3K + 1 numbers: W_xh, W_hh row by row, b, w_y, c],
   "inputs": [x_1, ...], "targets": [y_1, ..., y_n] (or [y] for `last`)}
for a gradient case, or
  {"k": K, "activation": ..., "loss": ..., "weights": [...], "epochs": E, "lr": LR,
   "trainsBiases": true|false, "samples": [{"inputs": [...], "targets": [...]}, ...]}
for a training case. Prints `# case N` and then one `name = value` line per number, each
with Python's shortest round-trip repr (importing torch takes seconds, so one run takes all).
"""

import decimal
import json
import sys

import torch

F64 = torch.float64


def show(name, value):
    print(f"{name} = {float(value.detach()) if torch.is_tensor(value) else float(value)!r}")


decimal.getcontext().prec = 100


def unpack(k, values):
    """The weights, in minirnn's VectorParameter.all order, as (W_xh, W_hh, b, w_y, c)."""
    assert len(values) == k * k + 3 * k + 1, f"{k * k + 3 * k + 1} weights for K = {k}"
    wxh = values[:k]
    whh = [values[k + i * k: k + (i + 1) * k] for i in range(k)]
    b = values[k + k * k: 2 * k + k * k]
    wy = values[2 * k + k * k: 3 * k + k * k]
    return wxh, whh, b, wy, values[-1]


def names(k):
    """minirnn's parameter names, in the same order as the weights."""
    return ([f"W_xh[{i + 1}]" for i in range(k)]
            + [f"W_hh[{i + 1},{j + 1}]" for i in range(k) for j in range(k)]
            + [f"b[{i + 1}]" for i in range(k)] + [f"w_y[{i + 1}]" for i in range(k)] + ["c"])


def phi(activation, a):
    if activation == "tanh":
        return torch.tanh(a)
    if activation == "relu":
        return torch.relu(a)
    assert activation == "identity", activation
    return a


def loss_of(kind, yhats, ys):
    """L from yhat_1..yhat_n (a list of 0-d tensors): the last alone, or summed in order t = 1..n."""
    if kind == "last":
        return 0.5 * (ys[-1] - yhats[-1]) ** 2
    assert kind in ("every", "everyMean"), kind
    total = 0.5 * (ys[0] - yhats[0]) ** 2
    for yhat, y in zip(yhats[1:], ys[1:]):
        total = total + 0.5 * (y - yhat) ** 2
    return total / len(yhats) if kind == "everyMean" else total


def by_hand(case):
    """The recurrence written out with tensor ops; prints every intermediate and gradient."""
    k = case["k"]
    wxh, whh, b, wy, c = (torch.tensor(v, dtype=F64, requires_grad=True)
                          for v in unpack(k, case["weights"]))
    h = torch.zeros(k, dtype=F64)
    hs, yhats = [], []
    for t, x in enumerate(case["inputs"], start=1):
        a = wxh * x + whh @ h + b
        h = phi(case["activation"], a)
        h.retain_grad()
        hs.append(h)
        yhat = wy @ h + c
        yhats.append(yhat)
        for i in range(k):
            show(f"a[{t},{i + 1}]", a[i])
            show(f"h[{t},{i + 1}]", h[i])
        show(f"yhat[{t}]", yhat)
    loss = loss_of(case["loss"], yhats, case["targets"])
    loss.backward()
    show("loss", loss)
    for t, h in enumerate(hs, start=1):
        for i in range(k):
            show(f"dh[{t},{i + 1}]", h.grad[i])
    grads = wxh.grad.tolist() + whh.grad.flatten().tolist() + b.grad.tolist() + wy.grad.tolist()
    for name, g in zip(names(k), grads + [c.grad]):
        show(name + ".g", g)


def in_100_digits(case):
    """The same values as by_hand, in 100-digit decimals: forward, then BPTT t = n..1."""
    D = decimal.Decimal
    k = case["k"]
    wxh, whh, b, wy, c = unpack(k, case["weights"])
    wxh, b, wy, c = [D(v) for v in wxh], [D(v) for v in b], [D(v) for v in wy], D(c)
    whh = [[D(v) for v in row] for row in whh]
    xs = [D(x) for x in case["inputs"]]
    n = len(xs)
    ys = [D(y) for y in case["targets"]]
    activation = case["activation"]

    def phi_and_slope(a):
        if activation == "tanh":
            e = (2 * a).exp()
            h = (e - 1) / (e + 1)
            return h, 1 - h * h
        if activation == "relu":
            return (a, D(1)) if a > 0 else (D(0), D(0))
        return a, D(1)

    hs, slopes, yhats = [[D(0)] * k], [], []
    for t, x in enumerate(xs, start=1):
        a = [wxh[i] * x + sum(whh[i][j] * hs[-1][j] for j in range(k)) + b[i] for i in range(k)]
        h, slope = zip(*(phi_and_slope(v) for v in a))
        hs.append(list(h))
        slopes.append(slope)
        yhats.append(sum(wy[i] * h[i] for i in range(k)) + c)
        for i in range(k):
            show(f"ref.a[{t},{i + 1}]", a[i])
            show(f"ref.h[{t},{i + 1}]", h[i])
        show(f"ref.yhat[{t}]", yhats[-1])
    if case["loss"] == "last":
        show("ref.loss", (ys[-1] - yhats[-1]) ** 2 / 2)
        dyhat = [D(0)] * (n - 1) + [yhats[-1] - ys[-1]]
    else:
        total = sum((y - yhat) ** 2 / 2 for y, yhat in zip(ys, yhats))
        mean = case["loss"] == "everyMean"
        show("ref.loss", total / n if mean else total)
        dyhat = [(yhat - y) / n if mean else yhat - y for y, yhat in zip(ys, yhats)]
    g_wxh, g_b, g_wy = [D(0)] * k, [D(0)] * k, [D(0)] * k
    g_whh = [[D(0)] * k for _ in range(k)]
    g_c = D(0)
    da = [D(0)] * k
    for t in range(n, 0, -1):
        dh = [wy[j] * dyhat[t - 1] + sum(whh[i][j] * da[i] for i in range(k)) for j in range(k)]
        da = [dh[i] * slopes[t - 1][i] for i in range(k)]
        for i in range(k):
            show(f"ref.dh[{t},{i + 1}]", dh[i])
            g_wxh[i] += da[i] * xs[t - 1]
            g_b[i] += da[i]
            g_wy[i] += hs[t][i] * dyhat[t - 1]
            for j in range(k):
                g_whh[i][j] += da[i] * hs[t - 1][j]
        g_c += dyhat[t - 1]
    grads = g_wxh + [g for row in g_whh for g in row] + g_b + g_wy + [g_c]
    for name, g in zip(names(k), grads):
        show("ref." + name + ".g", g)


def nn_model(case, train_bias_hh):
    """nn.RNN(1, K) and nn.Linear(K, 1) holding the case's weights, with bias_hh 0."""
    k = case["k"]
    wxh, whh, b, wy, c = unpack(k, case["weights"])
    rnn = torch.nn.RNN(1, k, nonlinearity=case["activation"], batch_first=True, dtype=F64)
    linear = torch.nn.Linear(k, 1, dtype=F64)
    with torch.no_grad():
        rnn.weight_ih_l0.copy_(torch.tensor(wxh, dtype=F64).reshape(k, 1))
        rnn.weight_hh_l0.copy_(torch.tensor(whh, dtype=F64))
        rnn.bias_ih_l0.copy_(torch.tensor(b, dtype=F64))
        rnn.bias_hh_l0.zero_()
        linear.weight.copy_(torch.tensor(wy, dtype=F64).reshape(1, k))
        linear.bias.fill_(c)
    rnn.bias_hh_l0.requires_grad_(train_bias_hh)
    return rnn, linear


def nn_forward(rnn, linear, case, inputs, targets):
    """h_1..h_n (n x K), yhat_1..yhat_n (a list of 0-d tensors) and L."""
    out, _ = rnn(torch.tensor(inputs, dtype=F64).reshape(1, len(inputs), 1))
    yhat = linear(out).reshape(len(inputs))
    yhats = [yhat[t] for t in range(len(inputs))]
    return out.reshape(len(inputs), case["k"]), yhats, loss_of(case["loss"], yhats, targets)


def nn_params(rnn, linear):
    """The trained tensors in minirnn's order, each with how to read it as a flat list."""
    return [rnn.weight_ih_l0, rnn.weight_hh_l0, rnn.bias_ih_l0, linear.weight, linear.bias]


def with_nn_rnn(case):
    """The same numbers from torch.nn.RNN."""
    k = case["k"]
    rnn, linear = nn_model(case, train_bias_hh=True)
    hs, yhats, loss = nn_forward(rnn, linear, case, case["inputs"], case["targets"])
    loss.backward()
    for t in range(len(yhats)):
        for i in range(k):
            show(f"nn.h[{t + 1},{i + 1}]", hs[t, i])
        show(f"nn.yhat[{t + 1}]", yhats[t])
    show("nn.loss", loss)
    grads = [g for p in nn_params(rnn, linear) for g in p.grad.flatten().tolist()]
    for name, g in zip(names(k), grads):
        show("nn." + name + ".g", g)
    # The two biases always add, so each receives b's gradient (nn.RNN sums them over the
    # timesteps in different orders, so they may differ in the last bit).
    for i in range(k):
        show(f"nn.b_hh[{i + 1}].g", rnn.bias_hh_l0.grad[i])


def train(case):
    """Section 3.1's loop with nn.RNN: per sample forward, loss, backward, update, zero."""
    k = case["k"]
    rnn, linear = nn_model(case, train_bias_hh=False)
    params = nn_params(rnn, linear)
    trained = params if case.get("trainsBiases", True) else [params[0], params[1], params[3]]
    lr = case["lr"]
    epoch_loss = float("nan")
    for _ in range(case["epochs"]):
        total = 0.0
        for sample in case["samples"]:
            targets = sample["targets"] if case["loss"] != "last" else [sample["targets"][-1]]
            _, _, loss = nn_forward(rnn, linear, case, sample["inputs"], targets)
            loss.backward()
            with torch.no_grad():
                for p in trained:
                    p -= lr * p.grad
            for p in params:
                p.grad = None
            total += float(loss.detach())
        epoch_loss = total / len(case["samples"])
    values = [v for p in params for v in p.detach().flatten().tolist()]
    for name, v in zip(names(k), values):
        show("sgd." + name, v)
    show("sgd.epochLoss", epoch_loss)


def main():
    if len(sys.argv) > 2 or (len(sys.argv) == 2 and sys.argv[1] in ("-h", "--help")):
        print(__doc__)
        sys.exit(0 if len(sys.argv) == 2 else 2)
    if len(sys.argv) == 2:
        with open(sys.argv[1]) as f:
            cases = json.load(f)
    else:
        cases = json.load(sys.stdin)
    torch.set_num_threads(1)
    for number, case in enumerate(cases, start=1):
        print(f"# case {number}")
        if "epochs" in case:
            train(case)
        else:
            by_hand(case)
            in_100_digits(case)
            if case["activation"] != "identity":
                with_nn_rnn(case)


if __name__ == "__main__":
    main()
