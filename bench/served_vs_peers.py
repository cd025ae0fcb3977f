#!/usr/bin/env python3
"""The served hybrid (what `recommend user` returns) scored by ranking_peers.py's evaluator.

    swift build -c release && .build/release/pipeline repro
    bench/.venv/bin/python bench/served_vs_peers.py [--split artifacts/split] [--bundle artifacts/bundle]
    bench/.venv/bin/python bench/ranking_peers.py --split artifacts/split   # the peers' table

Writes every user's top 10 with `recommend batch` (the lists `recommend user` serves) and
scores them with the peers' protocol and code, so the served row can sit beside theirs.
"""

import argparse
import csv
import importlib.util
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--split", default=os.path.join(ROOT, "artifacts", "split"))
    p.add_argument("--bundle", default=os.path.join(ROOT, "artifacts", "bundle"))
    p.add_argument("--recommend", default=os.path.join(ROOT, ".build", "release", "recommend"))
    args = p.parse_args()
    spec = importlib.util.spec_from_file_location("ranking_peers", os.path.join(ROOT, "bench", "ranking_peers.py"))
    peers = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(peers)
    split = peers.Split(args.split)
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "recs.csv")
        subprocess.run(
            [args.recommend, "batch", "--bundle", args.bundle, "--out", out, "-n", str(peers.N)], check=True,
            stdout=subprocess.DEVNULL)
        lists = {}
        with open(out) as f:
            for row in csv.DictReader(f):
                lists.setdefault(int(row["user_id"]), []).append(int(row["movie_id"]))
    m = peers.evaluate(split, lists)
    N = peers.N
    print(f"| model | NDCG@{N} | P@{N} | R@{N} | hit@{N} | MRR@{N} | coverage |")
    print("|---|---|---|---|---|---|---|")
    print(
        f"| ours: served hybrid | {m['ndcg']:.4f} | {m['precision']:.4f} | {m['recall']:.4f} | "
        f"{m['hit']:.4f} | {m['mrr']:.4f} | {m['coverage']:.3f} |")


if __name__ == "__main__":
    sys.exit(main())
