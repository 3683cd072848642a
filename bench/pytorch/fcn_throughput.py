#!/usr/bin/env python3
"""PyTorch eager twin of layerlab's fcn-mnist training step, to see what share of the fp32 matmul peak the
engine itself reaches on these shapes (issue 11's throughput goal).

FCN 784 -> 256 -> 256 -> 256 -> 10 with ReLU, batch 128, SGD with momentum 0.9 (lr 0.01), softmax cross-entropy,
random inputs. Prints, for each thread count: the 2048x2048 matmul rate, the training rate in GFLOP/s (the same
kernel-only count as layerlab: 3 x 2 x weights per example) and its share of that peak.

    /usr/bin/python3 bench/pytorch/fcn_throughput.py --threads 1 2 --steps 400

Run with Debian's own python3 (its python3-torch), not a pyenv shim. Each count runs in a process of its own with
OpenBLAS's pool at that count too (see pinned.py); --blas-threads fixes OpenBLAS's count apart (e.g. --threads 1
--blas-threads 2: elementwise work on one thread, products on two).
"""
import argparse
import time

import pinned

import torch
import torch.nn as nn
import torch.nn.functional as F


def matmul_peak(n=2048, reps=5):
    a = torch.randn(n, n)
    b = torch.randn(n, n)
    a @ b
    best = 0.0
    for _ in range(reps):
        t0 = time.perf_counter()
        a @ b
        best = max(best, 2 * n ** 3 / (time.perf_counter() - t0) / 1e9)
    return best


def train_rate(steps, batch):
    torch.manual_seed(0)
    model = nn.Sequential(
        nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(),
        nn.Linear(256, 10))
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    x = torch.randn(batch, 784)
    y = torch.randint(0, 10, (batch,))
    weights = 784 * 256 + 2 * 256 * 256 + 256 * 10
    flops = 3 * 2 * weights * batch
    for _ in range(20):
        opt.zero_grad(set_to_none=False)
        F.cross_entropy(model(x), y).backward()
        opt.step()
    t0 = time.perf_counter()
    for _ in range(steps):
        opt.zero_grad(set_to_none=False)
        F.cross_entropy(model(x), y).backward()
        opt.step()
    sec = time.perf_counter() - t0
    return flops * steps / sec / 1e9, batch * steps / sec


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    p.add_argument("--steps", type=int, default=400)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--blas-threads", type=int, default=None, help="OpenBLAS threads (default: the same as --threads)")
    a = p.parse_args()
    counts = pinned.child_counts()
    if counts is None:
        print(f"torch {torch.__version__}, batch {a.batch}, {a.steps} steps")
        pinned.per_count(a.threads, a.blas_threads)
        return
    t, blas = counts
    torch.set_num_threads(t)
    peak = matmul_peak()
    gf, ips = train_rate(a.steps, a.batch)
    print(f"threads {t} (OpenBLAS {blas}): matmul peak {peak:.1f} GFLOP/s; training {ips:,.0f} images/s, "
          f"{gf:.1f} GFLOP/s, {100 * gf / peak:.0f} % of the peak")


if __name__ == "__main__":
    main()
