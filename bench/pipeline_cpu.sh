#!/usr/bin/env bash
# Wall time and cpu/wall of the whole default pipeline (`pipeline repro` from nothing), at
# the synthetic size in params.json (ML-1M shape), medians of RUNS fresh scratch copies.
# Usage: bench/pipeline_cpu.sh [RUNS]   (build first: swift build -c release)
set -euo pipefail
runs=${1:-3}
root="$(cd "$(dirname "$0")/.." && pwd)"
bin=$root/.build/release
walls=() cpus=() trains=()
for ((r = 0; r < runs; r++)); do
  scratch=$(mktemp -d /tmp/pipeline-cpu-XXXXXX)
  (cd "$root" && git ls-files -z pipeline.json params.json stages Sources | xargs -0 tar c) | tar x -C "$scratch"
  (cd "$scratch" && /usr/bin/time -o "$scratch.time" -f '%e %U %S' "$bin/pipeline" repro >"$scratch.out" 2>&1)
  line=$(tail -1 "$scratch.time")
  read -r wall user sys <<<"$line"
  walls+=("$wall")
  cpus+=("$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')")
  trains+=("$(grep -E '^train +ran' "$scratch.out" | awk '{ print $3 }')")
  rmse=$(grep -E '^ +mf +[0-9]' "$scratch.out" | tail -1 | awk '{ print $3 }')
  rm -rf "$scratch" "$scratch.out" "$scratch.time"
done
median() { sort -g | sed -n "$(((runs + 1) / 2))p"; }
wall=$(printf '%s\n' "${walls[@]}" | median)
cpu=$(printf '%s\n' "${cpus[@]}" | median)
printf '%-10s %8s %8s %9s %10s %10s\n' size wall_s cpu_s cpu/wall train_wall mf_rmse
printf '%-10s %8s %8s %9.2f %10s %10s\n' default "$wall" "$cpu" "$(awk -v c="$cpu" -v w="$wall" 'BEGIN { print c / w }')" \
  "$(printf '%s\n' "${trains[@]}" | sed 's/s$//' | median)s" "$rmse"
echo "(median of $runs runs; all runs: wall ${walls[*]}; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
