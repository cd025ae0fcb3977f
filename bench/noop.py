#!/usr/bin/env python3
"""No-op `pipeline repro` against DVC on the same 7-stage pipeline (~200 MB of outputs).

Usage: python3 bench/noop.py [--runs N]   (build first: swift build -c release)
DVC comes from the git-ignored venv: python3 -m venv bench/.venv && bench/.venv/bin/pip install dvc
Prints a table of median wall times; nothing is asserted.
"""
import os, shutil, statistics, subprocess, sys, tempfile, time, json

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PIPELINE = os.path.join(ROOT, ".build/release/pipeline")
DVC = os.path.join(ROOT, "bench/.venv/bin/dvc")
RUNS = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 15

# Seven stages in a chain with a fan-out; each writes ~28 MB so the outputs add up to ~200 MB.
STAGES = [
    ("download", [], "head -c 44000000 /dev/zero | tr '\\\\0' a > data/raw.bin"),
    ("parse", ["data/raw.bin"], "cp data/raw.bin data/parsed.bin"),
    ("split", ["data/parsed.bin"], "mkdir -p data/split && head -c 14000000 data/parsed.bin > data/split/train.bin && head -c 14000000 data/parsed.bin > data/split/test.bin"),
    ("train", ["data/split"], "head -c 28000000 /dev/zero > data/model.bin"),
    ("tfidf", ["data/parsed.bin"], "head -c 28000000 /dev/zero | tr '\\\\0' b > data/tfidf.bin"),
    ("evaluate", ["data/model.bin", "data/tfidf.bin", "data/split"], "echo '{\"rmse\": 0.85}' > data/metrics.json"),
    ("package", ["data/model.bin", "data/tfidf.bin", "data/metrics.json"], "cat data/model.bin > data/bundle.bin"),
]
OUTS = {"download": "data/raw.bin", "parse": "data/parsed.bin", "split": "data/split", "train": "data/model.bin",
        "tfidf": "data/tfidf.bin", "evaluate": "data/metrics.json", "package": "data/bundle.bin"}


def run(cmd, cwd):
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, shell=isinstance(cmd, str))


def median_ms(cmd, cwd):
    times = []
    for _ in range(RUNS):
        t = time.perf_counter()
        run(cmd, cwd)
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), min(times)


def setup_ours(d):
    os.makedirs(d + "/data")
    stages = {n: {"cmd": c, "deps": deps, "outs": [OUTS[n]]} for n, deps, c in STAGES}
    json.dump({"stages": stages}, open(d + "/pipeline.json", "w"), indent=2)
    run([PIPELINE, "repro"], d)
    run([PIPELINE, "repro"], d)  # settle the stat cache


def setup_dvc(d):
    os.makedirs(d + "/data")
    run("git init -q && " + DVC + " init -q", d)
    # YAML is a superset of JSON: the same stage table serves both tools.
    stages = {n: {"cmd": c, "deps": deps, "outs": [OUTS[n]]} for n, deps, c in STAGES}
    for st in stages.values():
        if not st["deps"]:
            del st["deps"]
    json.dump({"stages": stages}, open(d + "/dvc.yaml", "w"), indent=2)
    run([DVC, "repro", "-q"], d)
    run([DVC, "repro", "-q"], d)


def main():
    if not os.path.exists(PIPELINE):
        sys.exit("build first: swift build -c release")
    base = tempfile.mkdtemp(prefix="pipeline-bench-")
    try:
        rows = []
        ours = base + "/ours"
        setup_ours(ours)
        size = sum(os.path.getsize(os.path.join(r, f)) for r, _, fs in os.walk(ours + "/data") for f in fs)
        rows.append(("pipeline repro (no-op)", *median_ms([PIPELINE, "repro"], ours)))
        rows.append(("pipeline status", *median_ms([PIPELINE, "status"], ours)))
        if os.path.exists(DVC):
            theirs = base + "/dvc"
            setup_dvc(theirs)
            rows.append(("dvc repro (no-op)", *median_ms([DVC, "repro"], theirs)))
            rows.append(("dvc status", *median_ms([DVC, "status"], theirs)))
        else:
            print("(dvc not installed in bench/.venv: peer rows skipped)")
        print(f"7 stages, {size / 1e6:.0f} MB of outputs, {RUNS} runs each\n")
        print(f"{'command':28} {'median ms':>10} {'min ms':>8} {'vs ours':>8}")
        for name, med, lo in rows:
            print(f"{name:28} {med:10.1f} {lo:8.1f} {med / rows[0][1]:7.1f}x")
    finally:
        shutil.rmtree(base, ignore_errors=True)


main()
