#!/usr/bin/env python3
"""Checks `export torch` and `export notebook` against real PyTorch.

For seeded random cases of every model and mode minirnn has (part2 exact, part2 article,
part1, the generalised cell (every activation x bias setting x truncation), model lstm,
model rnn K with every activation x loss, and a loss at every step for the article's cell,
the generalised cell and the LSTM), it has the built minirnn write a script with
`export torch`, runs that script with torch, and compares every `NAME = VALUE` line it
prints with what minirnn's own `print NAME` gives for the same session: at 1e-12 relative
for a pass, 1e-10 for the final weights of a short `--train` run. Then it exports a
notebook of a longer session, one inside lesson 3 and three of model rnn K, validates them
with nbformat, executes them with nbclient and compares each PyTorch cell's numbers the same
way.

Usage: check_export.py --minirnn PATH/TO/minirnn [--seed N] [--cases K]
Run it with a Python that has torch, nbformat, nbclient and ipykernel (Tests/Torch/run.sh
finds one). Prints one line per check and ends with 'export: N passed, M failed'.
"""

import argparse
import contextlib
import io
import math
import os
import random
import re
import runpy
import subprocess
import sys
import tempfile
import warnings

PASS_TOLERANCE = 1e-12
TRAIN_TOLERANCE = 1e-10
LINE = re.compile(r"^(?P<name>[^=]+?) = (?P<value>\S+)$")


class Checker:
    def __init__(self, minirnn, folder):
        self.minirnn = minirnn
        self.folder = folder
        self.passed = 0
        self.failed = 0
        self.worst = 0.0

    def run_minirnn(self, commands):
        """Runs minirnn on a script of ';'-separated commands; returns what it printed."""
        done = subprocess.run([self.minirnn, "-e", commands], capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"minirnn failed on {commands!r}: {done.stderr.strip()}")
        return done.stdout

    def expected(self, commands, names):
        """minirnn's own `print NAME` for each name, after `commands`."""
        prints = "; ".join(f"print {name}" for name in names)
        # Only the names asked for, each from its `print` (the last line for it):
        # `forward`, `backward` and `step` print their screens in scripts too, and a lesson
        # may print a line after a command.
        found = values(self.run_minirnn(f"{commands}; {prints}"))
        return {name: found[name] for name in names if name in found}

    def report(self, label, problems, compared):
        if problems:
            self.failed += 1
            print(f"FAIL {label}")
            for problem in problems:
                print(f"     {problem}")
        else:
            self.passed += 1
            print(f"ok   {label} ({compared})")

    def compare(self, label, got, want, tolerance, scales=None):
        """got, want: {name: float}. Every name either side must be on both. scales: {name:
        the largest term summed into that value}, for values that may be small by
        cancellation (see vector_scales); the error is relative to it when it is larger."""
        problems = []
        for name in sorted(set(got) | set(want)):
            if name not in got:
                problems.append(f"{name}: minirnn prints {want[name]!r}, the export nothing")
            elif name not in want:
                problems.append(f"{name}: the export prints {got[name]!r}, minirnn nothing")
            else:
                error = relative_error(got[name], want[name], (scales or {}).get(name, 0.0))
                self.worst = max(self.worst, error)
                if error > tolerance:
                    problems.append(
                        f"{name}: export {got[name]!r}, minirnn {want[name]!r}, "
                        f"relative error {error:.3g} > {tolerance:g}")
        self.report(label, problems, f"{len(want)} values")


def values(text):
    """{name: value} for every `NAME = VALUE` line whose value is a number (the last wins)."""
    found = {}
    for line in text.splitlines():
        match = LINE.match(line.strip())
        if not match:
            continue
        try:
            found[match["name"]] = float(match["value"])
        except ValueError:
            pass
    return found


def relative_error(a, b, scale=0.0):
    if a == b or (math.isnan(a) and math.isnan(b)):
        return 0.0
    return abs(a - b) / max(abs(a), abs(b), scale)


def run_script(path):
    """Runs an exported script in this process (torch is imported once) and returns its output."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), warnings.catch_warnings():
        warnings.simplefilter("error")  # a warning in an exported script is a bug
        runpy.run_path(path, run_name="__main__")
    return out.getvalue()


def random_case(rng, model, mode):
    """(setup commands, names printed) for a random session of this model and mode."""
    n = rng.randint(1, 7)
    x = [rng.uniform(-1, 1) for _ in range(n)]
    if rng.random() < 0.3:
        x[rng.randrange(n)] = 0.0
    y = rng.uniform(-1, 1.5)
    commands = [f"model {model}", f"mode {mode}"]
    if model == "part2":
        commands += [f"set w{i} {rng.uniform(-1.5, 1.5)!r}" for i in (1, 2, 3)]
    commands += ["input " + " ".join(repr(v) for v in x), f"target {y!r}"]
    names = [f"h[{t}]" for t in range(1, n + 1)] + ["yhat", "loss"]
    if model == "part2":
        names += ["w1.g", "w2.g", "w3.g"]
    return "; ".join(commands), names


def check_scripts(checker, rng, cases):
    kinds = [("part2", "exact"), ("part2", "article"), ("part2", "text"), ("part1", "exact"),
             ("part1", "article")]
    # The README's hand-worked example first, then random ones.
    hand = "model part2; set w1 1.8; set w2 -0.5; set w3 1.1; input 0 0.5; target 1"
    hand_names = ["h[1]", "h[2]", "yhat", "loss", "w1.g", "w2.g", "w3.g"]
    plan = [("part2", "exact", f"mode exact; {hand}", hand_names),
            ("part2", "article", f"mode article; {hand}", hand_names)]
    for model, mode in kinds:
        for _ in range(cases if model == "part2" else max(1, cases // 2)):
            plan.append((model, mode, *random_case(rng, model, mode)))
    for number, (model, mode, setup, names) in enumerate(plan, start=1):
        path = os.path.join(checker.folder, f"case{number}.py")
        checker.run_minirnn(f"{setup}; export torch {path}")
        got = values(run_script(path))
        want = checker.expected(
            f"{setup}; zero; forward{'; backward' if model == 'part2' else ''}", names)
        if model == "part2" and mode == "article":
            # The script also prints autograd's gradients: exact mode's, in minirnn.
            exact = checker.expected(f"{setup}; mode exact; zero; forward; backward",
                                     ["w1.g", "w2.g", "w3.g"])
            want.update({f"autograd {name}": value for name, value in exact.items()})
        checker.compare(f"export torch, {model} {mode}, case {number}", got, want,
                        PASS_TOLERANCE)


def check_truncation_and_clipping(checker, rng, cases):
    """Truncated BPTT and clipping (beyond the article): detach() and clip_grad_norm_."""
    for number in range(1, cases + 1):
        setup, names = random_case(rng, "part2", "exact")
        n = sum(1 for name in names if name.startswith("h["))
        setup += f"; truncate {rng.randint(1, n)}"
        path = os.path.join(checker.folder, f"truncated{number}.py")
        checker.run_minirnn(f"{setup}; export torch {path}")
        want = checker.expected(f"{setup}; zero; forward; backward", names)
        checker.compare(f"export torch, truncate, case {number}", values(run_script(path)), want,
                        PASS_TOLERANCE)
    for number in range(1, cases + 1):
        data = rng.choice(["slopes", "zigzag"])
        setup = (f"model part2; mode exact; data {data}; "
                 + "; ".join(f"set w{i} {rng.uniform(0, 1)!r}" for i in (1, 2, 3))
                 + f"; set lr {rng.choice([0.01, 0.05])!r}; clip {rng.choice([0.001, 0.005, 0.02])!r}"
                 + (f"; truncate {rng.randint(1, 3)}" if number % 2 else ""))
        epochs = rng.randint(20, 60)
        path = os.path.join(checker.folder, f"clipped{number}.py")
        checker.run_minirnn(f"{setup}; export torch {path} --train {epochs}")
        trained = values(run_script(path).split("training ", 1)[1])
        got = {name: trained[name] for name in ("w1", "w2", "w3") if name in trained}
        want = checker.expected(f"{setup}; train {epochs}", ["w1", "w2", "w3"])
        summary = checker.run_minirnn(f"{setup}; train {epochs}")
        clipped = re.search(r"scaled the gradients in ([0-9,]+) of", summary)
        checker.compare(
            f"export torch --train {epochs}, clip (and truncate), case {number}, "
            f"{clipped.group(1) if clipped else 'no'} steps clipped", got, want, TRAIN_TOLERANCE)
        if not clipped or clipped.group(1) == "0":
            checker.report(f"clipping happened in case {number}", ["no step was clipped"], "")


def check_general_cell(checker, rng, cases):
    """The generalised cell (beyond the article): every activation x bias setting x truncation
    against autograd, one pass each, then short training runs with the biases trained."""
    number = 0
    for activation in ("relu", "tanh", "abs", "identity"):
        for bias in ("off", "on"):
            for truncated in (False, True):
                number += 1
                setup, names = random_case(rng, "part2", "exact")
                n = sum(1 for name in names if name.startswith("h["))
                setup += (f"; activation {activation}; set b {rng.uniform(-0.5, 0.5)!r}"
                          f"; set c {rng.uniform(-0.5, 0.5)!r}; train bias {bias}")
                if truncated:
                    setup += f"; truncate {rng.randint(1, n)}"
                if bias == "on":
                    names += ["b.g", "c.g"]
                path = os.path.join(checker.folder, f"cell{number}.py")
                checker.run_minirnn(f"{setup}; export torch {path}")
                want = checker.expected(f"{setup}; zero; forward; backward", names)
                checker.compare(
                    f"export torch, cell {activation}, bias {bias}"
                    f"{', truncated' if truncated else ''}, case {number}",
                    values(run_script(path)), want, PASS_TOLERANCE)
    for number in range(1, cases + 1):
        activation = ("relu", "tanh", "abs", "identity")[number % 4]
        data = rng.choice(["slopes", "zigzag"])
        setup = (f"model part2; mode exact; data {data}; activation {activation}; "
                 + "; ".join(f"set w{i} {rng.uniform(0, 1)!r}" for i in (1, 2, 3))
                 + f"; set b {rng.uniform(-0.3, 0.3)!r}; set c {rng.uniform(-0.3, 0.3)!r}"
                 + f"; train bias on; set lr {rng.choice([0.01, 0.05])!r}"
                 + (f"; clip {rng.choice([0.005, 0.02])!r}" if number % 2 else "")
                 + (f"; truncate {rng.randint(1, 3)}" if number % 3 == 0 else ""))
        epochs = rng.randint(20, 60)
        path = os.path.join(checker.folder, f"cell-train{number}.py")
        checker.run_minirnn(f"{setup}; export torch {path} --train {epochs}")
        trained = values(run_script(path).split("training ", 1)[1])
        names = ["w1", "w2", "w3", "b", "c"]
        got = {name: trained[name] for name in names if name in trained}
        want = checker.expected(f"{setup}; train {epochs}", names)
        checker.compare(f"export torch --train {epochs}, cell {activation} with biases on {data}, "
                        f"case {number}", got, want, TRAIN_TOLERANCE)


def check_training(checker, rng, cases):
    for mode in ("exact", "article", "text"):
        for number in range(1, cases + 1):
            data = rng.choice(["slopes", "zigzag"])
            setup = (f"model part2; mode {mode}; data {data}; "
                     + "; ".join(f"set w{i} {rng.uniform(0, 1)!r}" for i in (1, 2, 3))
                     + f"; set lr {rng.choice([0.001, 0.01, 0.05])!r}")
            epochs = rng.randint(20, 60)
            path = os.path.join(checker.folder, f"train-{mode}{number}.py")
            checker.run_minirnn(f"{setup}; export torch {path} --train {epochs}")
            printed = run_script(path)
            trained = values(printed.split("training ", 1)[1])
            got = {name: trained[name] for name in ("w1", "w2", "w3") if name in trained}
            want = checker.expected(f"{setup}; train {epochs}", ["w1", "w2", "w3"])
            checker.compare(f"export torch --train {epochs}, {mode} on {data}, case {number}",
                            got, want, TRAIN_TOLERANCE)


LSTM_NAMES = ["i.wx", "i.wh", "i.b", "f.wx", "f.wh", "f.b", "g.wx", "g.wh", "g.b",
              "o.wx", "o.wh", "o.b", "wy", "by"]


def check_lstm(checker, rng, cases):
    """model lstm (issue 14): nn.LSTM against minirnn's gates, states and 14 gradients, and a
    short --train run against minirnn's train, from the worked example and random cases."""
    plan = ["model lstm; input 1 0.5; target 1"]
    for _ in range(cases):
        n = rng.randint(1, 7)
        x = " ".join(repr(rng.uniform(-1.5, 1.5)) for _ in range(n))
        sets = "; ".join(f"set {name} {rng.uniform(-1.5, 1.5)!r}" for name in LSTM_NAMES)
        plan.append(f"model lstm; {sets}; input {x}; target {rng.uniform(-1, 1.5)!r}")
    for number, setup in enumerate(plan, start=1):
        n = len(setup.split("input ", 1)[1].split(";")[0].split())
        names = [f"{k}[{t}]" for t in range(1, n + 1) for k in "hcifgo"] + ["yhat", "loss"]
        names += [name + ".g" for name in LSTM_NAMES]
        path = os.path.join(checker.folder, f"lstm{number}.py")
        checker.run_minirnn(f"{setup}; export torch {path}")
        want = checker.expected(f"{setup}; zero; forward; backward", names)
        checker.compare(f"export torch, model lstm, case {number}", values(run_script(path)), want,
                        PASS_TOLERANCE)
    for number in range(1, max(1, cases // 2) + 1):
        data = rng.choice(["slopes", "zigzag", "recall 4"])
        setup = (f"seed {rng.randint(0, 1000)}; model lstm; randomize; data {data}; "
                 f"set lr {rng.choice([0.05, 0.1])!r}")
        # Gradients held before training are used by its first update, in both.
        if number % 2:
            setup += "; forward; backward"
        epochs = rng.randint(20, 60)
        path = os.path.join(checker.folder, f"lstm-train{number}.py")
        checker.run_minirnn(f"{setup}; export torch {path} --train {epochs}")
        trained = values(run_script(path).split("training ", 1)[1])
        want = checker.expected(f"{setup}; train {epochs}", LSTM_NAMES)
        checker.compare(f"export torch --train {epochs}, model lstm on {data}, case {number}",
                        trained, want, TRAIN_TOLERANCE)
    # Issue 21: a run that diverges stops at the last finite parameters in both, so the
    # script prints those and not NaN.
    setup = "model lstm; data zigzag; set lr 50"
    path = os.path.join(checker.folder, "lstm-diverges.py")
    checker.run_minirnn(f"{setup}; export torch {path} --train 200")
    printed = run_script(path).split("training ", 1)[1]
    trained = values(printed)
    want = checker.expected(f"{setup}; train 200", LSTM_NAMES)
    checker.compare("export torch --train 200, model lstm diverging at lr 50", trained, want,
                    TRAIN_TOLERANCE)
    checker.report("the diverging LSTM script says where it stopped",
                   [] if "diverged at epoch" in printed else ["no 'diverged at epoch' line"],
                   "1 line")


def check_loss_every(checker, rng, cases):
    """A loss at every step (beyond Eq. 1), 'loss every' and 'loss every mean', for the
    article's cell, the generalised cell and the LSTM: one pass each against autograd at
    1e-12, then short --train runs on data with a target per step at 1e-10."""
    number = 0
    for model in ("part2", "cell", "lstm"):
        for _ in range(cases):
            number += 1
            n = rng.randint(1, 7)
            x = " ".join(repr(rng.uniform(-1, 1)) for _ in range(n))
            ys = " ".join(repr(rng.uniform(-1, 1.5)) for _ in range(n))
            loss = rng.choice(["every", "every mean"])
            if model == "lstm":
                sets = "; ".join(f"set {name} {rng.uniform(-1.5, 1.5)!r}" for name in LSTM_NAMES)
                setup = f"model lstm; {sets}"
                names = [f"{k}[{t}]" for t in range(1, n + 1) for k in "hcifgo"]
                names += [name + ".g" for name in LSTM_NAMES]
            else:
                setup = "model part2; mode exact; " + "; ".join(
                    f"set w{i} {rng.uniform(-1.5, 1.5)!r}" for i in (1, 2, 3))
                names = [f"h[{t}]" for t in range(1, n + 1)] + ["w1.g", "w2.g", "w3.g"]
                if model == "cell":
                    bias = rng.choice(["on", "off"])
                    setup += (f"; activation {rng.choice(['relu', 'tanh', 'abs', 'identity'])}"
                              f"; set b {rng.uniform(-0.5, 0.5)!r}; set c {rng.uniform(-0.5, 0.5)!r}"
                              f"; train bias {bias}")
                    if bias == "on":
                        names += ["b.g", "c.g"]
            setup += f"; input {x}; target {ys}; loss {loss}"
            names += ["yhat", "loss"]
            path = os.path.join(checker.folder, f"every{number}.py")
            checker.run_minirnn(f"{setup}; export torch {path}")
            want = checker.expected(f"{setup}; zero; forward; backward", names)
            checker.compare(f"export torch, loss {loss}, {model}, n = {n}, case {number}",
                            values(run_script(path)), want, PASS_TOLERANCE)
    for number, model in enumerate(("part2", "cell", "lstm") * max(1, cases // 2), start=1):
        data = rng.choice(["echo 1", "echo 2", "next"])
        loss = ("every", "every mean")[number % 2]
        if model == "lstm":
            setup = f"seed {rng.randint(0, 1000)}; model lstm; randomize; set lr 0.05"
            names = LSTM_NAMES
        else:
            setup = ("model part2; mode exact; "
                     + "; ".join(f"set w{i} {rng.uniform(0, 1)!r}" for i in (1, 2, 3))
                     + f"; set lr {rng.choice([0.01, 0.05])!r}")
            names = ["w1", "w2", "w3"]
            if model == "cell":
                setup += (f"; activation tanh; set b {rng.uniform(-0.3, 0.3)!r}"
                          f"; set c {rng.uniform(-0.3, 0.3)!r}; train bias on")
                names = names + ["b", "c"]
        setup += f"; data {data}; loss {loss}"
        epochs = rng.randint(20, 60)
        path = os.path.join(checker.folder, f"every-train{number}.py")
        checker.run_minirnn(f"{setup}; export torch {path} --train {epochs}")
        trained = values(run_script(path).split("training ", 1)[1])
        got = {name: trained[name] for name in names if name in trained}
        want = checker.expected(f"{setup}; train {epochs}", names)
        checker.compare(f"export torch --train {epochs}, loss {loss}, {model} on {data}, "
                        f"case {number}", got, want, TRAIN_TOLERANCE)


def vector_names(k):
    """The vector RNN's parameters as print names them, in its order."""
    return ([f"W_xh[{i}]" for i in range(1, k + 1)]
            + [f"W_hh[{i},{j}]" for i in range(1, k + 1) for j in range(1, k + 1)]
            + [f"b[{i}]" for i in range(1, k + 1)] + [f"w_y[{i}]" for i in range(1, k + 1)]
            + ["c"])


def vector_scales(found, want, k, n):
    """{name: the largest term summed into it} for h[t][i] (W_xh[i]*x_t, W_hh[i,j]*h_(t-1)[j],
    b[i]; tanh and relu shrink no difference) and yhat[t] (w_y[i]*h_t[i], c), from minirnn's
    own numbers. nn.RNN and nn.Linear sum in another order than minirnn, so each value may
    differ by a few ulps of its largest term; where the terms cancel to a value thousands of
    times smaller, 1e-12 of the value alone is less than that (seed 15 has h[65][7] =
    7.7e-06 from terms up to 0.069, off by 2e-17). Gradients and the loss are compared as
    every other model's are."""
    scales = {}
    previous = [0.0] * k
    for t in range(1, n + 1):
        h = [want.get(f"h[{t}][{i}]", 0.0) for i in range(1, k + 1)]
        for i in range(1, k + 1):
            terms = [found[f"W_xh[{i}]"] * found[f"x[{t}]"], found[f"b[{i}]"]]
            terms += [found[f"W_hh[{i},{j}]"] * previous[j - 1] for j in range(1, k + 1)]
            scales[f"h[{t}][{i}]"] = max(map(abs, terms))
        scales[f"yhat[{t}]"] = max([abs(found["c"])]
                                   + [abs(found[f"w_y[{i}]"] * h[i - 1]) for i in range(1, k + 1)])
        previous = h
    if n:
        scales["yhat"] = scales[f"yhat[{n}]"]
    return scales


def vector_start(rng, k):
    """(commands, what they do) that give a vector RNN of K units its parameters: the default,
    a seeded randomize, and W_hh as a scaled rotation or orthogonal matrix over random others."""
    start = [f"seed {rng.randint(0, 10_000)}", f"model rnn {k}"]
    kind = rng.choice(["default", "randomize", "rotation", "orthogonal"])
    if kind != "default":
        start.append("randomize")
    if kind == "rotation":
        start.append(f"set W_hh rotation {rng.uniform(-3, 3)!r} {rng.uniform(0.5, 1.1)!r}")
    elif kind == "orthogonal":
        start.append(f"set W_hh orthogonal {rng.uniform(0.5, 1.1)!r}")
    return start, kind


def check_vector(checker, rng, cases):
    """model rnn K (beyond the article): nn.RNN(1, K) and nn.Linear(K, 1), or the recurrence by
    hand for the identity, against minirnn's h_t, yhat_t, loss and every gradient, for every
    activation x loss and K = 1..8 (n up to 200); then short --train runs against minirnn's
    train, and one that diverges."""
    plan = [(2, "model rnn 2; loss every; data echo 1", 8, True, "tanh, loss every, data echo 1")]
    number = 0
    for activation in ("tanh", "relu", "identity"):
        for loss in ("last", "every", "every mean"):
            for _ in range(max(1, cases // 2)):
                number += 1
                k = number % 8 + 1
                commands, start = vector_start(rng, k)
                commands += [f"activation {activation}", f"loss {loss}"]
                source = rng.choice(["input", "input", "long", "echo", "next"])
                if source in ("echo", "next"):
                    data = f"data {source}{f' {rng.randint(0, 3)}' if source == 'echo' else ''}"
                    commands += [data, f"sample {rng.randint(1, 4)}"]
                    n = 8
                    source = data
                else:
                    n = rng.randint(150, 200) if source == "long" else rng.randint(1, 12)
                    x = [rng.uniform(-1, 1) for _ in range(n)]
                    if rng.random() < 0.3:
                        x[rng.randrange(n)] = 0.0
                    y = [rng.uniform(-1, 1) for _ in range(n if loss != "last" else 1)]
                    commands += ["input " + " ".join(map(repr, x)),
                                 "target " + " ".join(map(repr, y))]
                    source = f"input and {len(y)} target{'s' if len(y) > 1 else ''}"
                plan.append((k, "; ".join(commands), n, True,
                             f"{activation}, loss {loss}, {start}, {source}"))
    # A loss at every step without a target at every step: the forward pass alone.
    k = rng.randint(1, 8)
    n = rng.randint(2, 9)
    x = " ".join(repr(rng.uniform(-1, 1)) for _ in range(n))
    commands, start = vector_start(rng, k)
    plan.append((k, "; ".join(commands + ["loss every", f"input {x}"]), n, False,
                 f"tanh, loss every without targets (forward only), {start}"))
    for number, (k, setup, n, backward, label) in enumerate(plan, start=1):
        names = [name for t in range(1, n + 1)
                 for name in [f"h[{t}][{i}]" for i in range(1, k + 1)] + [f"yhat[{t}]"]]
        names += ["yhat"]
        if backward:
            names += ["loss"] + [name + ".g" for name in vector_names(k)]
        path = os.path.join(checker.folder, f"vector{number}.py")
        checker.run_minirnn(f"{setup}; export torch {path}")
        done = f"{setup}; zero; forward{'; backward' if backward else ''}"
        want = checker.expected(done, names)
        terms = checker.expected(done, vector_names(k) + [f"x[{t}]" for t in range(1, n + 1)])
        checker.compare(f"export torch, model rnn {k}, n = {n}, {label}, case {number}",
                        values(run_script(path)), want, PASS_TOLERANCE,
                        vector_scales(terms, want, k, n))
    runs = []
    for number in range(1, max(3, cases) + 1):
        k = rng.randint(1, 8)
        activation = ("tanh", "relu", "identity")[number % 3]
        data, loss = rng.choice([("echo 1", "every"), ("echo 2", "every mean"), ("next", "every"),
                                 ("slopes", "last"), ("zigzag", "last"), ("recall 4", "last"),
                                 ("next", "last")])
        setup, start = vector_start(rng, k)
        setup += [f"activation {activation}", f"loss {loss}", f"data {data}",
                  f"set lr {rng.choice([0.01, 0.05, 0.1])!r}"]
        label = f"{activation}, loss {loss} on {data}, {start}"
        if number % 2:
            setup.append("train bias off")
            label += ", bias off"
        # Gradients held before training are used by its first update, in both.
        if number % 3 == 0:
            setup += ["forward", "backward"]
            label += ", gradients held"
        runs.append((k, "; ".join(setup), rng.randint(20, 60), label))
    runs.append((3, "model rnn 3; activation relu; loss every; data echo 1; set lr 40", 200,
                 "relu, loss every on echo 1, lr 40"))
    for number, (k, setup, epochs, label) in enumerate(runs, start=1):
        path = os.path.join(checker.folder, f"vector-train{number}.py")
        checker.run_minirnn(f"{setup}; export torch {path} --train {epochs}")
        printed = run_script(path).split("training ", 1)[1]
        want = checker.expected(f"{setup}; train {epochs}", vector_names(k))
        diverged = "diverged at epoch" in printed
        checker.compare(f"export torch --train {epochs}, model rnn {k}, {label}, case {number}"
                        f"{', diverged' if diverged else ''}",
                        values(printed), want, TRAIN_TOLERANCE)
        if number == len(runs):
            summary = checker.run_minirnn(f"{setup}; train {epochs}")
            checker.report("the diverging vector RNN's script says where it stopped, as train does",
                           [] if diverged and "diverged" in summary else
                           [f"script diverged: {diverged}; minirnn: {summary.strip()[-200:]!r}"],
                           "1 line")


def check_vector_notebook(checker):
    """export notebook for model rnn K: each session's notebook validates with nbformat and
    runs with nbclient, and every NAME = VALUE its cells print matches minirnn's `print NAME`
    after `zero; forward; backward` (`forward` without targets) at check_vector's tolerance;
    its last cell, minirnn's own values as the notebook quotes them, must match exactly."""
    import nbclient
    import nbformat

    sessions = [
        (2, "model rnn 2; activation tanh; loss every; data echo 1", True),
        (3, "seed 7; model rnn 3; randomize; activation relu; loss last; "
            "input 0.5 -0.25 1 0.75; target 0.3", True),
        (1, "model rnn 1; activation identity; loss every; input 0.5 -1 0.25", False),
    ]
    for number, (k, setup, backward) in enumerate(sessions, start=1):
        label = f"export notebook, model rnn {k}: {setup}"
        path = os.path.join(checker.folder, f"vector{number}.ipynb")
        checker.run_minirnn(f"{setup}; export notebook {path}")
        notebook = nbformat.read(path, as_version=4)
        try:
            nbformat.validate(notebook)
        except nbformat.ValidationError as error:
            checker.report(f"{label}: nbformat validates it", [str(error)[:300]], "")
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            nbclient.NotebookClient(notebook, timeout=900, kernel_name="python3").execute()
        code = [cell for cell in notebook.cells if cell.cell_type == "code"]
        errors = [out.get("ename", "") for cell in code for out in cell.outputs
                  if out.output_type == "error"]
        got = values("".join(out.get("text", "") for cell in code for out in cell.outputs
                             if out.output_type == "stream"))
        made = [cell.metadata.get("minirnn_command") for cell in code if "minirnn_command" in cell.metadata]
        expected_cells = ["forward"] + (["zero; forward; backward"] if backward else [])
        if errors or made != expected_cells:
            checker.report(f"{label}: it runs", [f"errors {errors}, cells for {made}, "
                                                f"expected {expected_cells}"], "")
            continue
        n = sum(1 for name in got if re.fullmatch(r"yhat\[\d+\]", name))
        names = [name for t in range(1, n + 1)
                 for name in [f"h[{t}][{i}]" for i in range(1, k + 1)] + [f"yhat[{t}]"]]
        names += ["yhat"]
        if backward:
            names += ["loss"] + [name + ".g" for name in vector_names(k)]
        done = f"{setup}; zero; forward{'; backward' if backward else ''}"
        want = checker.expected(done, names)
        terms = checker.expected(done, vector_names(k) + [f"x[{t}]" for t in range(1, n + 1)])
        checker.compare(f"{label}: its PyTorch cells", got, want, PASS_TOLERANCE,
                        vector_scales(terms, want, k, n))
        quoted = values(notebook.cells[-1].source)
        checker.compare(f"{label}: the values its last cell quotes", quoted, want, 0.0)


def check_notebook(checker, rng):
    import nbclient
    import nbformat

    n = rng.randint(2, 5)
    x = " ".join(repr(rng.uniform(-1, 1)) for _ in range(n))
    setup = (f"model part2; data slopes; set w1 {rng.uniform(0, 1)!r}; "
             f"set w2 {rng.uniform(-1, 1)!r}; set w3 {rng.uniform(0, 1)!r}; "
             f"input {x}; target {rng.uniform(-1, 1)!r}")
    # Commands that complete a forward pass, a backward pass or a training run get a cell.
    commands = ["forward", "backward", "backward", "zero"] + ["back"] * (n + 1) + [
        "train 30 0.01", "mode article", "forward", "backward", "train 25", "model part1"
    ] + ["step"] * n
    path = os.path.join(checker.folder, "session.ipynb")
    checker.run_minirnn(f"{setup}; {'; '.join(commands)}; export notebook {path}")
    notebook = nbformat.read(path, as_version=4)
    try:
        nbformat.validate(notebook)
        checker.report("export notebook: nbformat validates it", [], "nbformat 4")
    except nbformat.ValidationError as error:
        checker.report("export notebook: nbformat validates it", [str(error)[:300]], "")
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        nbclient.NotebookClient(notebook, timeout=900, kernel_name="python3").execute()
    cells = [cell for cell in notebook.cells
             if cell.cell_type == "code" and "minirnn_command" in cell.metadata]
    expected_cells = ["forward", "backward", "backward", "back", "train 30 0.01", "forward",
                      "backward", "train 25", "step"]
    made = [cell.metadata["minirnn_command"] for cell in cells]
    if made != expected_cells:
        checker.report("export notebook: a PyTorch cell for each pass and training run",
                       [f"cells for {made}, expected {expected_cells}"], "")
        return
    position = 0
    for cell in cells:
        # The cell recomputes the next command of its name: compare just after it.
        while commands[position] != cell.metadata["minirnn_command"]:
            position += 1
        # 'step' and 'back' complete their pass at the last of a run of them.
        while commands[position] in ("step", "back") and commands[position + 1:position + 2] == [
                commands[position]]:
            position += 1
        done = "; ".join([setup] + commands[:position + 1])
        position += 1
        text = "".join(out.get("text", "") for out in cell.outputs if out.output_type == "stream")
        errors = [out for out in cell.outputs if out.output_type == "error"]
        got = values(text)
        label = f"export notebook: the cell for '{cell.metadata['minirnn_command']}' (command {position})"
        if errors or not got:
            checker.report(label, ["it printed no values"], "")
            continue
        names = [name for name in got if not name.startswith("autograd ")]
        want = checker.expected(done, names)
        got = {name: got[name] for name in names}
        train = cell.metadata["minirnn_command"].startswith("train")
        checker.compare(label, got, want, TRAIN_TOLERANCE if train else PASS_TOLERANCE)


def check_lesson_notebook(checker, lesson):
    """A notebook exported inside a lesson: every PyTorch cell against minirnn in that lesson."""
    import nbclient
    import nbformat

    path = os.path.join(checker.folder, f"lesson{lesson}.ipynb")
    checker.run_minirnn(f"lesson {lesson}; export notebook {path}")
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        nbclient.NotebookClient(notebook, timeout=900, kernel_name="python3").execute()
    cells = [cell for cell in notebook.cells if "minirnn_line" in cell.metadata]
    if not cells:
        checker.report(f"export notebook in lesson {lesson}", ["no PyTorch cells"], "")
    for cell in cells:
        text = "".join(out.get("text", "") for out in cell.outputs if out.output_type == "stream")
        got = {name: value for name, value in values(text).items()
               if not name.startswith("autograd ")}
        line = cell.metadata["minirnn_line"]
        want = checker.expected(line, list(got))
        train = cell.metadata["minirnn_command"].startswith("train")
        checker.compare(f"export notebook in lesson {lesson}: {line}", got, want,
                        TRAIN_TOLERANCE if train else PASS_TOLERANCE)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minirnn", required=True)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--cases", type=int, default=4)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="minirnn-export-") as folder:
        checker = Checker(os.path.abspath(args.minirnn), folder)
        check_scripts(checker, rng, args.cases)
        check_training(checker, rng, max(1, args.cases // 2))
        check_truncation_and_clipping(checker, rng, args.cases)
        check_general_cell(checker, rng, args.cases)
        check_lstm(checker, rng, args.cases)
        check_loss_every(checker, rng, args.cases)
        check_notebook(checker, rng)
        check_lesson_notebook(checker, 3)
        # Last, so that the cases above draw what they drew before it came.
        check_vector(checker, rng, args.cases)
        check_vector_notebook(checker)
    print(f"largest relative difference seen: {checker.worst:.3g} (seed {args.seed})")
    print(f"export: {checker.passed} passed, {checker.failed} failed")
    return 1 if checker.failed else 0


if __name__ == "__main__":
    sys.exit(main())
