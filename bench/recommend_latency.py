#!/usr/bin/env python3
"""One-shot wall time of `recommend` processes on the pipeline's bundle.

Usage: python3 bench/recommend_latency.py [--users 30] [--runs 10]
       (build first: swift build -c release; needs artifacts/bundle: pipeline repro)

Each query is a fresh `recommend` process (load, map and check the bundle, answer, exit),
timed from spawn to exit. The checksum verification is remembered by file identity in
$XDG_CACHE_HOME/recommend; this script points XDG_CACHE_HOME at an empty temp folder, so
the first query ("cold") hashes the whole bundle and the rest ("warm") do not. Cold means
the verification cache is empty, not the OS page cache. Rows:
  recommend user ID            --users random known user ids (from the split's train.csv)
  recommend similar 1          --runs times
  recommend popular --genre Comedy   --runs times
  recommend --version          --runs times: process start floor, no bundle
The "< 1 s" column is the original project's promise per API call. Nothing is asserted.
In-process latency (p50/p99 of the query alone) is bench/bundle_bench.sh's job.
"""
import os, random, shutil, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RECOMMEND = os.path.join(ROOT, ".build/release/recommend")
BUNDLE = os.path.join(ROOT, "artifacts/bundle")
USERS = int(sys.argv[sys.argv.index("--users") + 1]) if "--users" in sys.argv else 30
RUNS = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 10


def timed(args, env):
    start = time.perf_counter()
    subprocess.run([RECOMMEND] + args, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    return (time.perf_counter() - start) * 1000


def row(name, ms):
    ms = sorted(ms)
    p90 = ms[min(len(ms) - 1, int(0.9 * len(ms)))]
    med = statistics.median(ms)
    print(f"{name:<34} {len(ms):>3} {med:>9.1f} {p90:>9.1f} {ms[-1]:>9.1f} {'yes' if ms[-1] < 1000 else 'no':>6}")


def main():
    if not os.path.isdir(BUNDLE):
        sys.exit("no artifacts/bundle: run .build/release/pipeline repro first")
    bundle = [f for f in os.listdir(BUNDLE) if f.endswith(".mlb")][0]
    with open(os.path.join(ROOT, "artifacts/split/train.csv")) as f:
        next(f)
        users = sorted({int(line.split(",", 1)[0]) for line in f})
    ids = random.Random(0).sample(users, USERS)
    cache = tempfile.mkdtemp(prefix="recommend-cache-")
    env = dict(os.environ, XDG_CACHE_HOME=cache)
    try:
        size = os.path.getsize(os.path.join(BUNDLE, bundle)) / 1e6
        print(f"bundle: {bundle} ({size:.1f} MB), {len(users)} users; times in ms, one process per query")
        cold = timed(["user", str(ids[0])], env)
        warm = [timed(["user", str(u)], env) for u in ids[1:]]
        print(f"{'query':<34} {'n':>3} {'median':>9} {'p90':>9} {'max':>9} {'< 1 s':>6}")
        row("user ID, cold (checksum)", [cold])
        row("user ID, warm", warm)
        row("similar 1", [timed(["similar", "1"], env) for _ in range(RUNS)])
        row("popular --genre Comedy", [timed(["popular", "--genre", "Comedy"], env) for _ in range(RUNS)])
        row("--version (no bundle)", [timed(["--version"], env) for _ in range(RUNS)])
    finally:
        shutil.rmtree(cache, ignore_errors=True)


if __name__ == "__main__":
    main()
