#!/usr/bin/env python3
"""`recsys train` against Surprise's SVD on the default pipeline's 80/20 split.

Usage: python3 bench/train_vs_surprise.py [--runs 3]
       (build first: swift build -c release; Surprise from the git-ignored venv:
        bench/.venv/bin/pip install scikit-surprise)

Uses artifacts/split if present, else makes it with `pipeline repro split` in a temp copy.
Three rows, each the median of --runs runs (run i uses seed i for Surprise and for
"ours, Surprise settings"; the tuned row uses params.json's seed):
  surprise SVD()        bench/mf/mf_vs_surprise.py in the venv: SVD defaults (100 factors,
                        20 epochs, lr 0.005, reg 0.02); fit s = algo.fit only; RMSE of
                        predictions clipped to [1,5]; peak RSS from getrusage in that process.
  ours, Surprise set.   recsys train --factors=100 --epochs=20 --lr=0.005 --reg=0.02
                        --init-std=0.1 --order=surprise --lr-decay=1 --reg-bias=0.02
  ours, tuned           recsys train with params.json's svd section.
For ours, fit s and peak RSS come from `/usr/bin/time -f '%e %M'` around the whole process
(CSV load, per-epoch train/test RMSE and model write included); RMSE is the last epoch's
test_rmse in curve.json. updates/s = train ratings x epochs / fit s. wall s = the whole
process (for Surprise: Python start, imports, CSV load, fit, test). Nothing is asserted.
"""
import json, os, shutil, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, ".build/release")
VENV_PY = os.path.join(ROOT, "bench/.venv/bin/python")
RUNS = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 3
SURPRISE_ARGS = ["--factors=100", "--epochs=20", "--lr=0.005", "--reg=0.02", "--init-std=0.1",
                 "--order=surprise", "--lr-decay=1", "--reg-bias=0.02"]


def make_split(tmp):
    split = os.path.join(ROOT, "artifacts/split")
    if os.path.exists(split + "/train.csv") and os.path.exists(split + "/test.csv"):
        return split
    for f in ("pipeline.json", "params.json"):
        shutil.copy(os.path.join(ROOT, f), tmp)
    for d in ("stages", "Sources"):
        shutil.copytree(os.path.join(ROOT, d), os.path.join(tmp, d))
    subprocess.run([BIN + "/pipeline", "repro", "split"], cwd=tmp, check=True, stdout=subprocess.DEVNULL)
    return os.path.join(tmp, "artifacts/split")


def surprise(split, seed):
    start = time.perf_counter()
    out = subprocess.run([VENV_PY, os.path.join(ROOT, "bench/mf/mf_vs_surprise.py"), split + "/train.csv",
                          split + "/test.csv", "--seed", str(seed)], check=True, capture_output=True, text=True)
    wall = time.perf_counter() - start
    kv = dict(w.split("=", 1) for line in out.stdout.splitlines() for w in line.split())
    return float(kv["fit_seconds"]), float(kv["test_rmse"]), float(kv["peak_rss_mb"]), wall, 20


def ours(split, args, tmp):
    out = os.path.join(tmp, "model")
    t = subprocess.run(["/usr/bin/time", "-f", "%e %M", BIN + "/recsys", "train", "--in=" + split, "--out=" + out]
                       + args, check=True, capture_output=True, text=True)
    secs, kb = t.stderr.strip().splitlines()[-1].split()
    epochs = json.load(open(out + "/curve.json"))["epochs"]
    return float(secs), epochs[-1]["test_rmse"], int(kb) / 1024, float(secs), len(epochs)


def main():
    if not os.path.exists(VENV_PY):
        sys.exit("missing bench/.venv (python3 -m venv bench/.venv && bench/.venv/bin/pip install scikit-surprise)")
    svd = json.load(open(os.path.join(ROOT, "params.json")))["svd"]
    tuned = [f"--{k.replace('_', '-')}={str(v).lower() if isinstance(v, bool) else v}" for k, v in svd.items()]
    tmp = tempfile.mkdtemp(prefix="train-vs-surprise-")
    try:
        split = make_split(tmp)
        n_train = sum(1 for _ in open(split + "/train.csv")) - 1
        n_test = sum(1 for _ in open(split + "/test.csv")) - 1
        print(f"split: {split} ({n_train} train, {n_test} test ratings), {RUNS} runs, medians")
        cases = [("surprise SVD()", lambda i: surprise(split, i)),
                 ("ours, Surprise settings", lambda i: ours(split, SURPRISE_ARGS + [f"--seed={i}"], tmp)),
                 ("ours, tuned (params.json)", lambda i: ours(split, tuned, tmp))]
        results = {name: [fn(i) for i in range(RUNS)] for name, fn in cases}
        med = {name: [statistics.median(col) for col in zip(*rs)] for name, rs in results.items()}
        ref = med["surprise SVD()"][1]
        print(f"{'impl':<27} {'epochs':>6} {'fit s':>7} {'updates/s':>10} {'test RMSE':>10} "
              f"{'|diff| vs S':>11} {'peak RSS MB':>11} {'wall s':>7}")
        for name, (fit, rmse, rss, wall, epochs) in med.items():
            print(f"{name:<27} {int(epochs):>6} {fit:>7.2f} {n_train * epochs / fit / 1e6:>9.2f}M {rmse:>10.5f} "
                  f"{abs(rmse - ref):>11.5f} {rss:>11.1f} {wall:>7.2f}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
