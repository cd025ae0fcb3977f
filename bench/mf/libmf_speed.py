"""Time LIBMF (via the `libmf` PyPI bindings, LIBMF's SSE/AVX C++ code) single-threaded on
the same train.csv/test.csv, for a speed reference. LIBMF has no biases and uses its own
adaptive learning rate, so only its speed is comparable, not its RMSE.

Usage: python bench/libmf_speed.py TRAIN.csv TEST.csv [--k 100] [--iters 20] [--threads 1]
"""

import argparse
import resource
import time

import numpy as np
from libmf import mf


def load(path):
    return np.loadtxt(path, delimiter=",", skiprows=1, usecols=(0, 1, 2), dtype=np.float64)


ap = argparse.ArgumentParser()
ap.add_argument("train")
ap.add_argument("test")
ap.add_argument("--k", type=int, default=100)
ap.add_argument("--iters", type=int, default=20)
ap.add_argument("--threads", type=int, default=1)
args = ap.parse_args()

train, test = load(args.train), load(args.test)
users = {u: n for n, u in enumerate(dict.fromkeys(train[:, 0]))}
items = {i: n for n, i in enumerate(dict.fromkeys(train[:, 1]))}
X = np.column_stack([[users[u] for u in train[:, 0]], [items[i] for i in train[:, 1]],
                     train[:, 2]])
keep = [(u in users and i in items) for u, i in test[:, :2]]
T = test[keep]
Tx = np.column_stack([[users[u] for u in T[:, 0]], [items[i] for i in T[:, 1]]])

engine = mf.MF(k=args.k, nr_threads=args.threads, nr_bins=26, nr_iters=args.iters,
               lambda_p1=0.0, lambda_p2=0.05, lambda_q1=0.0, lambda_q2=0.05, eta=0.1,
               quiet=True)
t0 = time.perf_counter()
c0 = time.process_time()
engine.fit(X)
t1 = time.perf_counter()
c1 = time.process_time()
pred = np.clip(engine.predict(Tx), 1, 5)
rmse = float(np.sqrt(np.mean((pred - T[:, 2]) ** 2)))
updates = len(X) * args.iters
print(f"impl=libmf k={args.k} iters={args.iters} threads={args.threads}")
print(f"fit_seconds={t1 - t0:.3f}")
print(f"fit_cpu_seconds={c1 - c0:.3f}")
print(f"updates_per_cpu_second={updates / (c1 - c0) / 1e6:.3f}M")
print(f"updates_per_second={updates / (t1 - t0) / 1e6:.3f}M")
print(f"test_rmse_known_pairs={rmse:.5f}")
print(f"peak_rss_mb={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f}")
