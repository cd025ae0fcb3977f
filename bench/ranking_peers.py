#!/usr/bin/env python3
"""Our ranking models beside their peers, on our own split files, with one evaluator.

    (cd bench && swift build -c release --product rankbench)
    python3 -m venv bench/.venv && bench/.venv/bin/pip install implicit numpy scipy
    bench/.venv/bin/python bench/ranking_peers.py --split artifacts/split [--timing]

Protocol (the project's): relevant = test rating >= 4; candidates = the items seen in
training minus the user's own training items; top 10; users with at least one relevant
test item who appear in train. Coverage = distinct recommended items / items in train.
Every list, ours and the peers', is scored by `evaluate` below.

Peers: implicit's ALS (CG solver) and BPR, EASE in NumPy (Steck's float64 code),
item-kNN (cosine, k 50) in SciPy, and popularity. Ours run as `rankbench` (bench/rankbench),
which writes its top-N lists and prints its fit time and peak memory.

`--timing` measures fit time and peak RSS, each model in its own process: our ALS
against implicit's (same factors, iterations, reg and confidence, 2 threads) and our
EASE against NumPy's inverse.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "2")
os.environ.setdefault("OMP_NUM_THREADS", "2")
os.environ.setdefault("MKL_NUM_THREADS", "2")

import numpy as np  # noqa: E402
import scipy.sparse as sp  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
N = 10


def load(path):
    data = np.loadtxt(path, delimiter=",", skiprows=1, usecols=(0, 1, 2))
    return data[:, 0].astype(np.int64), data[:, 1].astype(np.int64), data[:, 2]


class Split:
    def __init__(self, directory):
        tu, ti, tr = load(os.path.join(directory, "train.csv"))
        eu, ei, er = load(os.path.join(directory, "test.csv"))
        self.user_ids, tu_idx = np.unique(tu, return_inverse=True)
        self.item_ids, ti_idx = np.unique(ti, return_inverse=True)
        self.X = sp.csr_matrix(
            (np.ones(len(tu)), (tu_idx, ti_idx)), shape=(len(self.user_ids), len(self.item_ids))
        )
        self.train_pairs = len(tu)
        relevant = {}
        for u, i, r in zip(eu, ei, er):
            if r >= 4:
                relevant.setdefault(int(u), set()).add(int(i))
        known = set(int(u) for u in self.user_ids)
        self.relevant = {u: s for u, s in relevant.items() if u in known}
        self.eval_users = sorted(self.relevant)
        index = {int(u): k for k, u in enumerate(self.user_ids)}
        self.eval_index = np.array([index[u] for u in self.eval_users], dtype=np.int64)


def evaluate(split, lists):
    """lists: raw user id -> list of raw item ids, best first."""
    discounts = 1 / np.log2(np.arange(2, N + 2))
    ndcg = prec = rec = hit = mrr = 0.0
    seen = set()
    for u in split.eval_users:
        rel = split.relevant[u]
        items = lists.get(u, [])[:N]
        seen.update(items)
        gains = np.array([1.0 if i in rel else 0.0 for i in items])
        hits = gains.sum()
        dcg = float((gains * discounts[: len(gains)]).sum())
        idcg = float(discounts[: min(N, len(rel))].sum())
        ndcg += dcg / idcg
        prec += hits / N
        rec += hits / len(rel)
        hit += 1.0 if hits > 0 else 0.0
        first = np.flatnonzero(gains)
        mrr += 1.0 / (first[0] + 1) if len(first) else 0.0
    n = len(split.eval_users)
    return {
        "ndcg": ndcg / n,
        "precision": prec / n,
        "recall": rec / n,
        "hit": hit / n,
        "mrr": mrr / n,
        "coverage": len(seen) / len(split.item_ids),
    }


def top_n_from_scores(split, scores):
    """scores: eval users x items (dense); training items are masked here."""
    X = split.X[split.eval_index]
    scores = np.asarray(scores, dtype=np.float64).copy()
    scores[X.nonzero()] = -np.inf
    # Ties: higher score first, then lower item index (stable sort on -score).
    order = np.argsort(-scores, axis=1, kind="stable")[:, :N]
    return {u: [int(split.item_ids[j]) for j in order[k]] for k, u in enumerate(split.eval_users)}


def peer_popularity(split):
    t = time.perf_counter()
    counts = np.asarray(split.X.sum(axis=0)).ravel()
    fit = time.perf_counter() - t
    scores = np.tile(counts, (len(split.eval_users), 1))
    return top_n_from_scores(split, scores), fit


def peer_ease(split, lam=500.0):
    t = time.perf_counter()
    G = (split.X.T @ split.X).toarray().astype(np.float64)
    G[np.diag_indices_from(G)] += lam
    P = np.linalg.inv(G)
    B = P / (-np.diag(P))
    B[np.diag_indices_from(B)] = 0
    fit = time.perf_counter() - t
    scores = split.X[split.eval_index] @ B
    return top_n_from_scores(split, scores), fit


def peer_knn(split, k=50):
    t = time.perf_counter()
    C = (split.X.T @ split.X).toarray()
    pop = np.diag(C).copy()
    np.fill_diagonal(C, 0)
    S = C / np.sqrt(np.outer(pop, pop).clip(min=1e-12))
    keep = np.argpartition(-S, k, axis=1)[:, :k]
    Sk = np.zeros_like(S)
    rows = np.arange(S.shape[0])[:, None]
    Sk[rows, keep] = S[rows, keep]
    fit = time.perf_counter() - t
    scores = split.X[split.eval_index] @ Sk
    return top_n_from_scores(split, scores), fit


def implicit_lists(split, model):
    X = split.X.tocsr()
    ids, _ = model.recommend(
        split.eval_index, X[split.eval_index], N=N, filter_already_liked_items=True
    )
    return {u: [int(split.item_ids[j]) for j in ids[k] if j >= 0] for k, u in enumerate(split.eval_users)}


def als_model(factors, iterations, reg, alpha):
    from implicit.cpu.als import AlternatingLeastSquares

    # implicit's confidence is alpha * value; ours is 1 + alpha * r with r = 1 (binary),
    # so the same objective is implicit's alpha = 1 + ours.
    return AlternatingLeastSquares(
        factors=factors, regularization=reg, alpha=1 + alpha, iterations=iterations,
        use_cg=True, num_threads=2, random_state=42, calculate_training_loss=False,
    )


def peer_als(split, factors, iterations, reg, alpha):
    model = als_model(factors, iterations, reg, alpha)
    t = time.perf_counter()
    model.fit(split.X, show_progress=False)
    fit = time.perf_counter() - t
    return implicit_lists(split, model), fit


def peer_bpr(split, factors=32, iterations=100):
    from implicit.cpu.bpr import BayesianPersonalizedRanking

    model = BayesianPersonalizedRanking(
        factors=factors, learning_rate=0.01, regularization=0.01, iterations=iterations,
        num_threads=2, random_state=42,
    )
    t = time.perf_counter()
    model.fit(split.X, show_progress=False)
    fit = time.perf_counter() - t
    return implicit_lists(split, model), fit


def ours(split_dir, rankbench, model, extra=(), fit_only=False):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "recs.csv")
        cmd = [rankbench, "--train", os.path.join(split_dir, "train.csv"), "--model", model]
        cmd += ["--fit-only"] if fit_only else ["--out", out, "--n", str(N)]
        cmd += list(extra)
        result = subprocess.run(cmd, capture_output=True, text=True)
        if result.returncode != 0:
            sys.exit(f"ranking_peers: {' '.join(cmd)} failed: {result.stderr.strip()}")
        info = json.loads(result.stdout.strip().splitlines()[-1])
        if fit_only:
            return None, info
        lists = {}
        with open(out) as f:
            next(f)
            for line in f:
                u, i, _ = line.rstrip("\n").split(",")
                lists.setdefault(int(u), []).append(int(i))
        return lists, info


def cpu_seconds():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(args):
    """One peer fit in this process, for --timing: prints fit seconds and peak RSS."""
    split = Split(args.split)
    loaded = peak_mb()
    if args.child == "als":
        model = als_model(args.factors, args.iterations, args.reg, args.alpha)
        t, c = time.perf_counter(), cpu_seconds()
        model.fit(split.X, show_progress=False)
        fit, cpu = time.perf_counter() - t, cpu_seconds() - c
    else:
        dtype = np.float32 if args.child == "ease32" else np.float64
        t, c = time.perf_counter(), cpu_seconds()
        G = (split.X.T @ split.X).toarray().astype(dtype)
        G[np.diag_indices_from(G)] += args.lam
        P = np.linalg.inv(G)
        B = P / (-np.diag(P))
        B[np.diag_indices_from(B)] = 0
        fit, cpu = time.perf_counter() - t, cpu_seconds() - c
    print(json.dumps({"fit_seconds": fit, "fit_cpu_seconds": cpu, "peak_rss_mb": peak_mb(), "loaded_rss_mb": loaded}))


def timing(args):
    """Fit time (median of --repeat runs, ours and the peer's interleaved) and peak RSS."""
    def run_child(kind):
        cmd = [sys.executable, os.path.abspath(__file__), "--split", args.split, "--child", kind]
        cmd += ["--factors", str(args.factors), "--iterations", str(args.iterations)]
        cmd += ["--reg", str(args.reg), "--alpha", str(args.alpha), "--lambda", str(args.lam)]
        env = dict(os.environ)
        if kind == "als":
            # implicit asks for a single-threaded BLAS; its own 2 threads do the work.
            env["OPENBLAS_NUM_THREADS"] = "1"
        out = subprocess.run(cmd, capture_output=True, text=True, check=True, env=env).stdout
        return json.loads(out.strip().splitlines()[-1])

    als_flags = ["--factors", str(args.factors), "--iterations", str(args.iterations),
                 "--reg", str(args.reg), "--alpha", str(args.alpha)]
    jobs = [
        (f"ALS ours (f {args.factors}, it {args.iterations}, cg 3)",
         lambda: ours(args.split, args.rankbench, "als", als_flags, fit_only=True)[1]),
        (f"ALS implicit (f {args.factors}, it {args.iterations}, cg)", lambda: run_child("als")),
        (f"EASE ours (Float, own Cholesky, lambda {args.lam:g})",
         lambda: ours(args.split, args.rankbench, "ease", ["--lambda", str(args.lam)], fit_only=True)[1]),
        ("EASE numpy float64 (np.linalg.inv)", lambda: run_child("ease")),
        ("EASE numpy float32 (np.linalg.inv)", lambda: run_child("ease32")),
    ]
    results = {name: [] for name, _ in jobs}
    for _ in range(args.repeat):
        for name, job in jobs:
            results[name].append(job())
    print(f"\n{args.repeat} runs each, interleaved; load average before: {os.getloadavg()[0]:.1f}")
    print("\n| fit | median wall s | runs wall s | median CPU s | peak RSS MB | RSS over loaded data MB |")
    print("|---|---|---|---|---|---|")
    for name, _ in jobs:
        runs = results[name]
        fits = sorted(r["fit_seconds"] for r in runs)
        median = fits[len(fits) // 2]
        cpus = sorted(r["fit_cpu_seconds"] for r in runs)
        cpu = cpus[len(cpus) // 2]
        peak = max(r["peak_rss_mb"] for r in runs)
        delta = max(r["peak_rss_mb"] - r["loaded_rss_mb"] for r in runs)
        spread = " ".join(f"{f:.2f}" for f in fits)
        print(f"| {name} | {median:.2f} | {spread} | {cpu:.2f} | {peak:.0f} | {delta:.0f} |")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--split", default=os.path.join(ROOT, "artifacts", "split"))
    p.add_argument("--rankbench", default=os.path.join(ROOT, "bench", ".build", "release", "rankbench"))
    p.add_argument("--factors", type=int, default=32)
    p.add_argument("--iterations", type=int, default=15)
    p.add_argument("--reg", type=float, default=0.05)
    p.add_argument("--alpha", type=float, default=2.0)
    p.add_argument("--lambda", dest="lam", type=float, default=500.0)
    p.add_argument("--neighbours", type=int, default=50)
    p.add_argument("--timing", action="store_true", help="fit time and memory only")
    p.add_argument("--repeat", type=int, default=3, help="--timing: runs per model (median)")
    p.add_argument("--child", choices=["als", "ease", "ease32"], help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        return child(args)
    if args.timing:
        return timing(args)

    split = Split(args.split)
    print(
        f"split {args.split}: {split.train_pairs} train pairs, {len(split.user_ids)} users, "
        f"{len(split.item_ids)} items, {len(split.eval_users)} evaluated users"
    )
    als_flags = ["--factors", str(args.factors), "--iterations", str(args.iterations),
                 "--reg", str(args.reg), "--alpha", str(args.alpha)]
    rows = []
    for name, model, extra in [
        ("ours: EASE", "ease", ["--lambda", str(args.lam)]),
        ("ours: ALS", "als", als_flags),
        ("ours: item-kNN", "knn", ["--neighbours", str(args.neighbours)]),
        ("ours: popularity", "pop", []),
    ]:
        lists, info = ours(args.split, args.rankbench, model, extra)
        rows.append((name, evaluate(split, lists), info["fit_seconds"]))
    for name, fn in [
        ("numpy: EASE", lambda: peer_ease(split, args.lam)),
        ("implicit: ALS", lambda: peer_als(split, args.factors, args.iterations, args.reg, args.alpha)),
        ("implicit: BPR", lambda: peer_bpr(split, args.factors)),
        ("scipy: item-kNN", lambda: peer_knn(split, args.neighbours)),
        ("numpy: popularity", lambda: peer_popularity(split)),
    ]:
        lists, fit = fn()
        rows.append((name, evaluate(split, lists), fit))
    print(f"\n| model | NDCG@{N} | P@{N} | R@{N} | hit@{N} | MRR@{N} | coverage | fit s |")
    print("|---|---|---|---|---|---|---|---|")
    for name, m, fit in rows:
        print(
            f"| {name} | {m['ndcg']:.4f} | {m['precision']:.4f} | {m['recall']:.4f} | "
            f"{m['hit']:.4f} | {m['mrr']:.4f} | {m['coverage']:.3f} | {fit:.2f} |"
        )


if __name__ == "__main__":
    main()
