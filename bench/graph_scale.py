#!/usr/bin/env python3
"""Graph work at scale: `pipeline dag` and `pipeline status` on 1k- and 8k-stage chains,
and a no-op `pipeline repro` of the default (MovieLens) pipeline, for one or more builds
side by side.

Usage: python3 bench/graph_scale.py [--bin NAME=DIR ...] [--sizes 1000,8000] [--runs N] [--noop-runs N]
       (default: --bin after=.build/release; build first: swift build -c release)
Each DIR holds a `pipeline` executable (and `recsys` beside it for the no-op row; the row
is skipped for a DIR without one). Compare a build of main with this branch:
  python3 bench/graph_scale.py --bin before=/tmp/main/.build/release --bin after=.build/release

The chain: stage s0 writes f0; stage si runs `cp f(i-1) fi` with dep f(i-1) and out fi.
Nothing is run for dag/status: status finds no lock and no files, so it still builds the
graph, checks every stage and prints every reason. The no-op row copies pipeline.json,
params.json, stages/ and Sources/ into a temp folder with a tiny synthetic dataset, runs
`repro` once, then times `repro` with nothing to do. Median wall time of N runs (builds
interleaved, after one warm-up run each); nothing is asserted. Temp folders are removed.
"""
import json, os, resource, shutil, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def arg(name, default):
    return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else default


RUNS = int(arg("--runs", "5"))
# A no-op repro takes tens of ms: noise on a shared machine needs many more runs.
NOOP_RUNS = int(arg("--noop-runs", "30"))
SIZES = [int(s) for s in arg("--sizes", "1000,8000").split(",")]
BINS = []
for i, a in enumerate(sys.argv):
    if a == "--bin":
        name, _, folder = sys.argv[i + 1].partition("=")
        BINS.append((name, os.path.abspath(folder)))
if not BINS:
    BINS = [("after", os.path.join(ROOT, ".build/release"))]


def chain(n):
    stages = {}
    for i in range(n):
        if i == 0:
            stages["s0"] = {"cmd": "echo 0 > f0", "outs": ["f0"]}
        else:
            stages[f"s{i}"] = {"cmd": f"cp f{i - 1} f{i}", "deps": [f"f{i - 1}"], "outs": [f"f{i}"]}
    return {"stages": stages}


def medians(cmds, runs=None):
    """Median (wall, CPU) seconds of each (argv, cwd), runs interleaved so that load
    on the shared machine hits every build alike; one warm-up run each first. CPU is
    the child's user+sys time, the steadier number when others are busy."""
    times = [[] for _ in cmds]
    for _ in range((runs or RUNS) + 1):
        for i, (cmd, cwd) in enumerate(cmds):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t = time.perf_counter()
            r = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            wall = time.perf_counter() - t
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            times[i].append((wall, cpu))
            if r.returncode not in (0, 1):
                sys.exit(f"{' '.join(cmd)} failed in {cwd}: {r.stderr.decode()[-2000:]}")
    return [(statistics.median(w for w, _ in t[1:]), statistics.median(c for _, c in t[1:])) for t in times]


def noop_repo(folder):
    """A temp copy of the default pipeline, reproduced once with `folder`'s build."""
    if not os.path.exists(os.path.join(folder, "recsys")):
        return None
    tmp = tempfile.mkdtemp(prefix="graph-scale-noop-")
    for f in ("pipeline.json", "params.json"):
        shutil.copy(os.path.join(ROOT, f), tmp)
    for d in ("stages", "Sources"):
        shutil.copytree(os.path.join(ROOT, d), os.path.join(tmp, d))
    params = json.load(open(os.path.join(tmp, "params.json")))
    params["synthetic"].update(users=300, movies=200, ratings=6000)
    params["svd"].update(epochs=2, factors=8)
    json.dump(params, open(os.path.join(tmp, "params.json"), "w"), indent=2)
    exe = os.path.join(folder, "pipeline")
    r = subprocess.run([exe, "repro"], cwd=tmp, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"default pipeline failed with {exe}:\n{r.stdout[-1500:]}{r.stderr[-1500:]}")
    return tmp


def main():
    rows = []
    for n in SIZES:
        tmp = tempfile.mkdtemp(prefix=f"graph-scale-{n}-")
        try:
            json.dump(chain(n), open(os.path.join(tmp, "pipeline.json"), "w"), indent=1)
            for what in ("dag", "status"):
                rows.append([f"{what} ({n} stages)"] + medians([([os.path.join(f, "pipeline"), what], tmp) for _, f in BINS]))
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    repos = [noop_repo(f) for _, f in BINS]
    try:
        ready = [(i, [os.path.join(f, "pipeline"), "repro"], repos[i]) for i, (_, f) in enumerate(BINS) if repos[i]]
        found = medians([(cmd, cwd) for _, cmd, cwd in ready], NOOP_RUNS)
        row = [None] * len(BINS)
        for (i, _, _), m in zip(ready, found):
            row[i] = m
        rows.append(["no-op repro (default pipeline)"] + row)
    finally:
        for r in repos:
            if r:
                shutil.rmtree(r, ignore_errors=True)
    header = ["case"] + [f"{name} wall s" for name, _ in BINS] + [f"{name} cpu s" for name, _ in BINS]
    cells = [header]
    for r in rows:
        values = r[1:]
        walls = ["-" if v is None else f"{v[0]:.3f}" for v in values]
        cpus = ["-" if v is None else f"{v[1]:.3f}" for v in values]
        cells.append([r[0]] + walls + cpus)
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    print(f"median of {RUNS} runs ({NOOP_RUNS} for no-op repro), builds interleaved, after one warm-up")
    for row in cells:
        print("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths))))


main()
