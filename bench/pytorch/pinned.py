"""Runs a benchmark once per thread count, each in a child process whose thread pools are all set to that count.

Debian's torch does its matrix products in OpenBLAS, whose own pthreads pool ignores torch.set_num_threads: its
size is read from OPENBLAS_NUM_THREADS when the library loads (default: one per core). A count set in-process
would time elementwise work at that count and every product at the core count, so each count gets a process of
its own with OMP_NUM_THREADS and OPENBLAS_NUM_THREADS set before torch loads.
"""
import os
import subprocess
import sys

_COUNT = "LAYERLAB_BENCH_THREADS"


def child_counts():
    """In a child started by per_count: (torch threads, OpenBLAS threads). None in the parent."""
    count = os.environ.get(_COUNT)
    return None if count is None else (int(count), int(os.environ["OPENBLAS_NUM_THREADS"]))


def per_count(counts, blas_threads=None):
    """Reruns this script with the same arguments once per count (OpenBLAS at blas_threads if given)."""
    for t in counts:
        blas = blas_threads or t
        env = dict(os.environ, OMP_NUM_THREADS=str(t), OPENBLAS_NUM_THREADS=str(blas), **{_COUNT: str(t)})
        subprocess.run([sys.executable, *sys.argv], env=env, check=True)
