"""scikit-learn peer of the tfidf stage: TfidfVectorizer + top-K cosine neighbours.

Times scikit-learn on the documents that `contentbench dump N DIR` wrote and checks
the Swift neighbours against it (similarities to 1e-6; indices may differ only
between equal similarities).

  (cd bench && swift build -c release --product contentbench)
  bench/.build/release/contentbench dump 62423 /tmp/tfidf
  .venv/bin/python bench/tfidf_peer.py /tmp/tfidf
"""

import sys
import time

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

K = 20
CHUNK = 1000


def main(directory):
    with open(f"{directory}/docs.txt", encoding="utf-8") as f:
        docs = f.read().split("\n")[:-1]
    start = time.perf_counter()
    X = TfidfVectorizer().fit_transform(docs).tocsr()
    fitted = time.perf_counter()
    n = X.shape[0]
    XT = X.T.tocsc()
    best_idx = np.zeros((n, K), dtype=np.int64)
    best_sim = np.zeros((n, K))
    for lo in range(0, n, CHUNK):
        hi = min(n, lo + CHUNK)
        S = (X[lo:hi] @ XT).toarray()
        S[np.arange(hi - lo), np.arange(lo, hi)] = -1.0
        part = np.argpartition(-S, K, axis=1)[:, : K + 1]
        for r in range(hi - lo):
            cand = part[r]
            order = sorted(cand, key=lambda j: (-S[r, j], j))[:K]
            best_idx[lo + r] = order
            best_sim[lo + r] = S[r, order]
    done = time.perf_counter()
    print(f"sklearn n={n} fit={fitted - start:.3f}s neighbours={done - fitted:.3f}s")

    rows = {}
    with open(f"{directory}/neighbours.tsv") as f:
        for line in f:
            i, j, s = line.split("\t")
            rows.setdefault(int(i), []).append((int(j), float(s)))
    worst = 0.0
    swapped = 0
    for i in range(n):
        mine = rows.get(i, [])
        ref = [(int(j), s) for j, s in zip(best_idx[i], best_sim[i]) if s > 0]
        assert len(mine) == len(ref), (i, len(mine), len(ref))
        for (j, s), (rj, rs) in zip(mine, ref):
            worst = max(worst, abs(s - min(rs, 1.0)))
            if j != rj:
                swapped += 1
                assert abs(S_lookup(X, i, j) - rs) <= 1e-6, (i, j, rj)
    print(f"max |swift - sklearn| similarity = {worst:.2e}; tie swaps = {swapped}")
    assert worst <= 1e-6


def S_lookup(X, i, j):
    return float(X[i].multiply(X[j]).sum())


if __name__ == "__main__":
    main(sys.argv[1])
