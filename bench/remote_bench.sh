#!/usr/bin/env bash
# The directory remote, measured: push/pull throughput of the default pipeline's cache
# beside `cp -r` and `rsync -a` of the same tree, and the per-object metadata cost with
# 1, 2 and 4 pushers at once.
# Usage: bench/remote_bench.sh [RUNS] [TINY_OBJECTS] [meta]   (defaults: 3 runs, 2000
# objects; `meta` skips the throughput part and its default-pipeline repro)
# Needs release builds of `pipeline` and `recsys` (.build/release). Everything happens
# in one folder under /tmp (the same disk as the repository); medians of RUNS runs by
# wall clock. The page cache is warm for every tool alike (nothing is dropped).
set -euo pipefail
# REPO_ROOT: run a copy of this script (bash reads a script as it goes, so editing it
# mid-run breaks the run).
cd "${REPO_ROOT:-$(dirname "$0")/..}"
runs=${1:-3}
tiny=${2:-2000}
bin=$PWD/.build/release/pipeline
work=$(mktemp -d /tmp/remote-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

median() { sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
# Seconds of one run of the command (wall clock).
seconds() {
  local TIMEFORMAT='%R'
  { time "$@" >/dev/null 2>&1; } 2>&1
}

if [[ ${3:-} != meta ]]; then
# The default pipeline, reproduced once in a copy of the repository.
repo=$work/repo
mkdir -p "$repo"
git archive HEAD | tar -x -C "$repo"
(cd "$repo" && "$bin" repro --no-progress >/dev/null)
cache=$repo/.pipeline/cache
objects=$(find "$cache" -path "$cache/tmp" -prune -o -type f -print | wc -l)
bytes=$(find "$cache" -path "$cache/tmp" -prune -o -type f -printf '%s\n' | awk '{ s += $1 } END { print s }')
echo "default pipeline cache: $objects objects, $((bytes / 1000000)) MB"
(cd "$repo" && "$bin" remote add -d origin "$work/remote" >/dev/null)

row() { # name seconds
  awk -v n="$1" -v s="$2" -v b="$bytes" -v o="$objects" \
    'BEGIN { printf "%-28s %8.3f s %9.1f MB/s %10.0f objects/s\n", n, s, b / s / 1e6, o / s }'
}
push=() pull=() cp=() rsync=()
for ((i = 0; i < runs; i++)); do
  rm -rf "$work/remote"
  push+=("$(cd "$repo" && seconds "$bin" push)")
  clone=$work/clone
  rm -rf "$clone" && mkdir -p "$clone"
  (cd "$repo" && tar -c --exclude=./.pipeline --exclude=./artifacts .) | tar -x -C "$clone"
  pull+=("$(cd "$clone" && seconds "$bin" pull)")
  rm -rf "$work/cp" && cp+=("$(seconds cp -r "$cache" "$work/cp")")
  rm -rf "$work/rsync" && rsync+=("$(seconds rsync -a "$cache/" "$work/rsync/")")
done
echo
echo "throughput, median of $runs (same disk, warm page cache)"
row "pipeline push" "$(printf '%s\n' "${push[@]}" | median)"
row "pipeline pull (incl. checkout)" "$(printf '%s\n' "${pull[@]}" | median)"
row "cp -r (peer)" "$(printf '%s\n' "${cp[@]}" | median)"
row "rsync -a (peer)" "$(printf '%s\n' "${rsync[@]}" | median)"
fi

# Metadata cost: K repositories each push TINY distinct tiny objects into one remote,
# all at once (distinct: every object is new; same: all K push the same objects).
tinyrepo() { # dir seed
  mkdir -p "$1"
  printf '{"stages": {"t": {"cmd": "mkdir -p d && for i in $(seq 1 %d); do echo %s-$i > d/$i; done", "outs": ["d"]}},\n"remotes": {"o": {"url": "%s", "default": true}}}\n' \
    "$tiny" "$2" "$work/meta-remote" >"$1/pipeline.json"
  (cd "$1" && "$bin" repro >/dev/null)
}
echo
echo "metadata cost: K pushers at once, $tiny one-line objects each, median of $runs"
printf '%-10s %-9s %10s %16s %14s\n' pushers content wall "us per object" "objects/s"
for mode in distinct same; do
  for k in 1 2 4; do
    for ((j = 0; j < k; j++)); do
      [[ -d $work/meta-$mode-$j ]] || tinyrepo "$work/meta-$mode-$j" "$([[ $mode == same ]] && echo s || echo "$j")"
    done
    walls=()
    for ((i = 0; i < runs; i++)); do
      rm -rf "$work/meta-remote"
      start=$(date +%s.%N)
      for ((j = 0; j < k; j++)); do (cd "$work/meta-$mode-$j" && "$bin" push -j 1 >/dev/null) & done
      wait
      walls+=("$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')")
    done
    wall=$(printf '%s\n' "${walls[@]}" | median)
    awk -v k="$k" -v m="$mode" -v w="$wall" -v n="$tiny" \
      'BEGIN { printf "%-10d %-9s %9.3fs %16.0f %14.0f\n", k, m, w, w / n * 1e6, k * n / w }'
  done
done
# Peer for the metadata cost: one file at a time, temp + fsync + rename, from the shell.
rm -rf "$work/peer" && mkdir -p "$work/peer/tmp"
src=$work/meta-distinct-0/.pipeline/cache
start=$(date +%s.%N)
find "$src" -path "$src/tmp" -prune -o -type f -print | head -n "$tiny" | while read -r f; do
  n=$(basename "$f"); cp "$f" "$work/peer/tmp/$n" && sync "$work/peer/tmp/$n" && mv "$work/peer/tmp/$n" "$work/peer/$n"
done
awk -v a="$start" -v b="$(date +%s.%N)" -v n="$tiny" \
  'BEGIN { printf "peer: cp + sync + mv per object from the shell: %.0f us per object\n", (b - a) / n * 1e6 }'
uptime
