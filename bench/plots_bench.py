#!/usr/bin/env python3
"""Time to draw 100 plots of 10,000 points each, and the size of what is written:
`pipeline plots show` side by side with `dvc plots show` on the same CSV files.

Usage: python3 bench/plots_bench.py [--plots 100] [--points 10000] [--runs 3]
       (build first: swift build -c release; for the DVC column:
        python3 -m venv bench/.venv && bench/.venv/bin/pip install dvc)

Both tools read the same 100 CSV files (columns step,value; a seeded random walk) and
declare one line plot per file (pipeline.json `plots`, dvc.yaml top-level `plots`).
"wall s" and "cpu s" (user + sys) are the best of --runs runs of the whole process
(the machine is shared: cpu s is the steadier number). "page" is index.html; DVC's
page holds Vega-Lite specs with the data inline and loads vega, vega-lite and
vega-embed from a CDN to draw them (counted under "network"), ours is inline SVG.
Prints a table; nothing is asserted. Temp folders are removed.
"""
import argparse, os, random, re, resource, shutil, subprocess, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, ".build/release")
DVC = os.path.join(ROOT, "bench/.venv/bin/dvc")


def write_data(folder, plots, points):
    rng = random.Random(42)
    os.makedirs(os.path.join(folder, "data"))
    for p in range(plots):
        v = 0.0
        with open(os.path.join(folder, "data", f"p{p:03d}.csv"), "w") as f:
            f.write("step,value\n")
            for i in range(points):
                v += rng.gauss(0, 1)
                f.write(f"{i},{v:.4f}\n")


def best(cmd, cwd, runs):
    """Best wall time and best CPU time (user + sys) over `runs` runs."""
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return min(walls), min(cpus)


def folder_size(path):
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(path) for f in fs)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--plots", type=int, default=100)
    ap.add_argument("--points", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    rows = []
    tmp = tempfile.mkdtemp(prefix="plots-bench-")
    try:
        ours = os.path.join(tmp, "ours")
        write_data(ours, a.plots, a.points)
        lines = [f'    "p{p:03d}": {{"template": "line", "data": "data/p{p:03d}.csv", "x": "step", "y": "value"}}'
                 for p in range(a.plots)]
        with open(os.path.join(ours, "pipeline.json"), "w") as f:
            f.write('{\n  "plots": {\n' + ",\n".join(lines) + '\n  },\n  "stages": {}\n}\n')
        t = best([BIN + "/pipeline", "plots", "show"], ours, a.runs)
        out = os.path.join(ours, ".pipeline/plots")
        page = open(os.path.join(out, "index.html")).read()
        rows.append(("pipeline plots show", t, os.path.getsize(os.path.join(out, "index.html")),
                     folder_size(out), page.count("<svg "), "none", "no"))

        if os.path.exists(DVC):
            theirs = os.path.join(tmp, "dvc")
            shutil.copytree(os.path.join(ours, "data"), os.path.join(theirs, "data"))
            subprocess.run([DVC, "init", "--no-scm", "-q"], cwd=theirs, check=True)
            with open(os.path.join(theirs, "dvc.yaml"), "w") as f:
                f.write("plots:\n")
                for p in range(a.plots):
                    f.write(f"  - data/p{p:03d}.csv:\n      x: step\n      y: value\n      template: linear\n")
            t = best([DVC, "plots", "show", "-o", "dvc_plots"], theirs, a.runs)
            out = os.path.join(theirs, "dvc_plots")
            page = open(os.path.join(out, "index.html")).read()
            urls = sorted(set(re.findall(r'src="(https?://[^"]+)"', page)))
            rows.append(("dvc plots show", t, os.path.getsize(os.path.join(out, "index.html")), folder_size(out),
                         page.count("vegaEmbed("), f"{len(urls)} scripts", "yes"))
            version = subprocess.run([DVC, "--version"], capture_output=True, text=True).stdout.strip()
        else:
            version = "not installed"
    finally:
        shutil.rmtree(tmp)

    print(f"{a.plots} line plots x {a.points} points (CSV), best of {a.runs}; dvc {version}")
    header = ("tool", "wall s", "cpu s", "index.html MB", "all files MB", "charts", "network", "needs JS")
    table = [header] + [(r[0], f"{r[1][0]:.2f}", f"{r[1][1]:.2f}", f"{r[2] / 1e6:.2f}", f"{r[3] / 1e6:.2f}", str(r[4]), r[5], r[6])
                        for r in rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    for row in table:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())


if __name__ == "__main__":
    main()
