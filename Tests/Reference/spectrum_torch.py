#!/usr/bin/env python3
"""Spectra in PyTorch (float64), the oracle for Sources/LinearAlgebra/Spectrum.swift.

Reads matrices as whitespace-separated numbers, from the command line or, when it has
none, from stdin: for each matrix its row count, its column count, then its entries row by
row. For each it prints, after a `# case K` line (K from 1):

  eig = RE IM       one line per eigenvalue, torch.linalg.eigvals (square matrices only)
  sv = S            one line per singular value, torch.linalg.svdvals
  q = Q11 Q12 ...   (square only) the orthogonal matrix torch.nn.init.orthogonal_ makes
                    when its normal draws are this matrix: Q of torch.linalg.qr, each
                    column times the sign of R's diagonal entry; row by row

every number with 17 significant digits, so the doubles survive the trip.

  python3 Tests/Reference/spectrum_torch.py 2 2  0 1  0 0
"""
import sys

import torch


def number(x):
    return "%.17g" % x


def main():
    words = sys.argv[1:] or sys.stdin.read().split()
    position = 0
    case = 0
    while position < len(words):
        rows, columns = int(words[position]), int(words[position + 1])
        position += 2
        entries = [float(w) for w in words[position:position + rows * columns]]
        position += rows * columns
        if len(entries) != rows * columns:
            sys.exit("spectrum_torch.py: a %dx%d matrix needs %d entries, got %d"
                     % (rows, columns, rows * columns, len(entries)))
        a = torch.tensor(entries, dtype=torch.float64).reshape(rows, columns)
        case += 1
        print("# case %d" % case)
        if rows == columns:
            for z in torch.linalg.eigvals(a).tolist():
                print("eig = %s %s" % (number(z.real), number(z.imag)))
        for s in torch.linalg.svdvals(a).tolist():
            print("sv = %s" % number(s))
        if rows == columns:
            # The lines of torch.nn.init.orthogonal_ that follow its draw, for a square tensor.
            q, r = torch.linalg.qr(a)
            q = q * torch.diag(r, 0).sign()
            print("q = " + " ".join(number(v) for v in q.reshape(-1).tolist()))


if __name__ == "__main__":
    main()
