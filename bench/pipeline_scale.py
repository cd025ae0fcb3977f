#!/usr/bin/env python3
"""Per-stage wall time and peak RSS of the MovieLens pipeline at several dataset sizes.

Usage: python3 bench/pipeline_scale.py [--sizes 100k,1m,10m,25m]   (default 100k,1m,10m;
       build first: swift build -c release)

For each size: copies pipeline.json, params.json, stages/ and Sources/ into a temp folder,
sets synthetic.users/movies/ratings to the MovieLens release of that size, and runs
`pipeline repro --jobs 2`. "repro s" is each stage's time from the final `stage status
time` table (train and tfidf run side by side there). Then every stage's interpolated
command (from the temp pipeline.lock) is run again, alone, in dependency order, under
`/usr/bin/time -f '%e %M %U %S'`: "alone s", "cpu/wall" (user + system over wall: 2.0
is both cores busy) and "peak RSS MB" come from that second run.
The TOTAL row: wall time of the whole `pipeline repro` process, the sum of the stages
run alone, the cpu/wall of those runs together, and the largest stage peak RSS.
Prints a table; nothing is asserted. Temp folders are removed.
"""
import json, os, re, shutil, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, ".build/release")
# users, movies, ratings: ml-latest-small, ML-1M, ML-10M, ML-25M
SIZES = {"100k": (610, 9742, 100_000), "1m": (6040, 3883, 1_000_209),
         "10m": (69878, 10681, 10_000_054), "25m": (162541, 62423, 25_000_095)}


def run_size(name):
    users, movies, ratings = SIZES[name]
    tmp = tempfile.mkdtemp(prefix=f"pipeline-scale-{name}-")
    try:
        for f in ("pipeline.json", "params.json"):
            shutil.copy(os.path.join(ROOT, f), tmp)
        for d in ("stages", "Sources"):
            shutil.copytree(os.path.join(ROOT, d), os.path.join(tmp, d))
        params = json.load(open(os.path.join(tmp, "params.json")))
        params["synthetic"].update(users=users, movies=movies, ratings=ratings)
        json.dump(params, open(os.path.join(tmp, "params.json"), "w"), indent=2)

        env = dict(os.environ, PATH=BIN + ":" + os.environ["PATH"])
        start = time.perf_counter()
        out = subprocess.run([BIN + "/pipeline", "repro", "--jobs", "2"], cwd=tmp, env=env,
                             capture_output=True, text=True)
        wall = time.perf_counter() - start
        if out.returncode != 0:
            sys.exit(f"{name}: pipeline repro failed\n{out.stdout[-2000:]}{out.stderr[-2000:]}")
        table = out.stdout.split("\nstage ")[-1].split("\n\n")[0]
        repro = {m[1]: float(m[2]) for m in re.finditer(r"^(\S+)\s+ran\s+([\d.]+)s$", table, re.M)}

        lock = json.load(open(os.path.join(tmp, "pipeline.lock")))["stages"]
        rows = []
        for stage in repro:  # the table lists stages in dependency order
            t = subprocess.run(["/usr/bin/time", "-f", "%e %M %U %S", "sh", "-c", lock[stage]["cmd"]],
                               cwd=tmp, env=env, capture_output=True, text=True)
            secs, kb, user, system = t.stderr.strip().splitlines()[-1].split()
            rows.append((stage, repro[stage], float(secs), int(kb) / 1024, float(user) + float(system)))
        return rows, wall
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    sizes = sys.argv[sys.argv.index("--sizes") + 1].split(",") if "--sizes" in sys.argv else ["100k", "1m", "10m"]
    if not os.path.exists(BIN + "/pipeline"):
        sys.exit("build first: swift build -c release")
    print(f"{'size':<6} {'stage':<16} {'repro s':>8} {'alone s':>8} {'cpu/wall':>8} {'peak RSS MB':>12}")
    print(f"(load {open('/proc/loadavg').read().split()[0]} on {os.cpu_count()} cores at the start)")
    for name in sizes:
        rows, wall = run_size(name)
        for stage, repro, alone, rss, cpu in rows:
            print(f"{name:<6} {stage:<16} {repro:>8.2f} {alone:>8.2f} {cpu / max(alone, 1e-9):>8.2f} {rss:>12.1f}")
        alone = sum(r[2] for r in rows)
        print(f"{name:<6} {'TOTAL':<16} {wall:>8.2f} {alone:>8.2f} {sum(r[4] for r in rows) / max(alone, 1e-9):>8.2f} "
              f"{max(r[3] for r in rows):>12.1f}")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
