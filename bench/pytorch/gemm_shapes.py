#!/usr/bin/env python3
"""PyTorch eager twin of bench/run GemmShapes: the matrix products of one fcn-mnist training step (batch 128,
784-256-256-256-10), each timed alone (median of 400 calls), at the given thread counts (each in a process of its
own with OpenBLAS's pool at that count too: see pinned.py).

    /usr/bin/python3 bench/pytorch/gemm_shapes.py --threads 1 2
"""
import argparse
import statistics
import time

import pinned

import torch
import torch.nn.functional as F


def median_seconds(op, reps=400):
    for _ in range(50):
        op()
    s = []
    for _ in range(reps):
        t0 = time.perf_counter()
        op()
        s.append(time.perf_counter() - t0)
    return statistics.median(s)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    a = p.parse_args()
    counts = pinned.child_counts()
    if counts is None:
        print(f"torch {torch.__version__}")
        pinned.per_count(a.threads)
        return
    t = counts[0]
    batch = 128
    torch.set_num_threads(t)
    n = 2048
    x, y = torch.randn(n, n), torch.randn(n, n)
    peak = max(2 * n ** 3 / median_seconds(lambda: x @ y, reps=5) / 1e9 for _ in range(2))
    print(f"threads {t}: 2048^2 matmul {peak:.1f} GFLOP/s")
    total = 0.0
    # The fcn-mnist layers; the first has no input gradient to compute (its input is the data).
    for k, (i, o) in enumerate([(784, 256), (256, 256), (256, 256), (256, 10)]):
        x = torch.rand(batch, i) * 2 - 1
        w = torch.rand(o, i) * 2 - 1
        b = torch.rand(o) * 2 - 1
        g = torch.rand(batch, o) * 2 - 1
        fl = 2.0 * batch * i * o
        fwd = median_seconds(lambda: F.linear(x, w, b))
        dx = median_seconds(lambda: g @ w)
        dw = median_seconds(lambda: g.t() @ x)
        total += fwd + (dx if k > 0 else 0) + dw
        print(f"  {i:4d}->{o:<4d}  linear {fwd * 1e6:7.1f} us ({fl / fwd / 1e9:5.1f} GFLOP/s)  dX=g.W {dx * 1e6:7.1f} us "
              f"({fl / dx / 1e9:5.1f})  dW=gT.x {dw * 1e6:7.1f} us ({fl / dw / 1e9:5.1f})")
    print(f"  the step's products (forward, dW, dX but the first layer's): {total * 1e6:.1f} us = {batch / total:,.0f} "
          f"images/s, {60000 / batch * total:.2f} s per 60,000-image epoch, if nothing else ran")


if __name__ == "__main__":
    main()
