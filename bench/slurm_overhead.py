#!/usr/bin/env python3
"""What going through Slurm costs per stage: `repro --force` locally against
`repro --executor slurm --force`, on a tiny shell pipeline and on the default pipeline.

Usage: python3 bench/slurm_overhead.py [--runs N] [--tiny-only] [--source DIR]
  (build first: swift build -c release; start the cluster: scripts/slurm-local.sh start)
Local and Slurm runs alternate, so machine load hits both alike. Prints median wall
times and the locks' equality; nothing is asserted.
"""
import json, os, shutil, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PIPELINE = os.path.join(ROOT, ".build/release/pipeline")
RUNS = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 5
# Where the default pipeline's files come from (a checkout matching the build).
SOURCE = sys.argv[sys.argv.index("--source") + 1] if "--source" in sys.argv else ROOT

# Six trivial stages: a chain of four and two beside it (critical path 4 jobs).
TINY = {
    "stages": {
        "a": {"cmd": "echo a > a.txt", "outs": ["a.txt"]},
        "b": {"cmd": "cat a.txt > b.txt; echo b >> b.txt", "deps": ["a.txt"], "outs": ["b.txt"]},
        "c": {"cmd": "cat b.txt > c.txt; echo c >> c.txt", "deps": ["b.txt"], "outs": ["c.txt"]},
        "d": {"cmd": "cat c.txt > d.txt; echo d >> d.txt", "deps": ["c.txt"], "outs": ["d.txt"]},
        "e": {"cmd": "cat a.txt > e.txt; echo e >> e.txt", "deps": ["a.txt"], "outs": ["e.txt"]},
        "f": {"cmd": "cat a.txt > f.txt; echo f >> f.txt", "deps": ["a.txt"], "outs": ["f.txt"]},
    }
}


def timed(args, cwd):
    t = time.perf_counter()
    r = subprocess.run(args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if r.returncode != 0:
        sys.exit(f"{' '.join(args)} failed in {cwd}:\n{r.stderr.decode()[-2000:]}")
    return time.perf_counter() - t


def compare(name, folder, stages):
    local, slurm = [], []
    locks = {}
    for _ in range(RUNS):
        local.append(timed([PIPELINE, "repro", "--force"], folder))
        locks["local"] = open(os.path.join(folder, "pipeline.lock"), "rb").read()
        slurm.append(timed([PIPELINE, "repro", "--executor", "slurm", "--force"], folder))
        locks["slurm"] = open(os.path.join(folder, "pipeline.lock"), "rb").read()
    lm, sm = statistics.median(local), statistics.median(slurm)
    print(f"{name:<26} {stages:>6} {lm:>9.2f} s {sm:>9.2f} s {sm / lm:>6.1f}x {(sm - lm) / stages:>11.2f} s"
          f"   {'yes' if locks['local'] == locks['slurm'] else 'NO'}")


def main():
    if not os.path.exists(PIPELINE):
        sys.exit("build first: swift build -c release")
    load = os.getloadavg()[0]
    print(f"runs: {RUNS} each, alternating; load average at start {load:.1f} on {os.cpu_count()} cores")
    print(f"{'pipeline':<26} {'stages':>6} {'local':>11} {'slurm':>11} {'ratio':>7} {'per stage':>13}   same lock")
    with tempfile.TemporaryDirectory(prefix="slurm-bench-") as tmp:
        tiny = os.path.join(tmp, "tiny")
        os.makedirs(tiny)
        json.dump(TINY, open(os.path.join(tiny, "pipeline.json"), "w"))
        compare("tiny (6 shell stages)", tiny, len(TINY["stages"]))
        if "--tiny-only" in sys.argv:
            return
        default = os.path.join(tmp, "default")
        os.makedirs(default)
        for f in ["pipeline.json", "params.json"]:
            shutil.copy(os.path.join(SOURCE, f), default)
        for folder in ["stages", "Sources"]:  # the stages' declared source deps
            shutil.copytree(os.path.join(SOURCE, folder), os.path.join(default, folder))
        timed([PIPELINE, "repro"], default)  # first run: generates the data
        n = len(json.load(open(os.path.join(default, "pipeline.json")))["stages"])
        compare("default (1M ratings)", default, n)
    print(f"load average at end {os.getloadavg()[0]:.1f}")


main()
