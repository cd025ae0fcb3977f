#!/usr/bin/env bash
# Inflate benchmark: our ZIP reader vs python's zlib/zipfile and Info-ZIP unzip on the
# same archives. Usage: bench/archive/run.sh [MEGABYTES]   (from the package folder)
# Writes its data under ${TMPDIR:-/tmp}/archive-bench; needs python3 and unzip.
set -euo pipefail
mb=${1:-100}
work=${TMPDIR:-/tmp}/archive-bench
mkdir -p "$work"
[ -f "$work/ratings.zip" ] || python3 bench/archive/make_bench_data.py "$work/ratings.zip" "$mb"
(cd bench && swift build -c release --product archive-bench >/dev/null)
for zip in "$work/ratings.zip" "$@"; do
  [ -f "$zip" ] || continue
  echo "== $zip"
  bench/.build/release/archive-bench "$zip" 3
  python3 bench/archive/compare.py "$zip"
  best=999
  for _ in 1 2 3; do
    s=$( { /usr/bin/time -f "%e" unzip -p "$zip" >/dev/null; } 2>&1 )
    best=$(python3 -c "print(min($best, $s))")
  done
  echo "unzip -p > /dev/null: best of 3 $best s"
  rm -rf "$work/out"
  bench/.build/release/archive-bench --extract "$zip" "$work/out"
done
