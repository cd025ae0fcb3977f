#!/usr/bin/env bash
# MF training speed, ours against LIBMF, side by side in one run (medians of RUNS).
# Usage: bench/mf/parallel_vs_libmf.sh TRAIN.csv TEST.csv EPOCHS [RUNS] [LIBMF_BINARY]
#   LIBMF_BINARY: the AVX build of bench/mf/libmf_driver.cpp (see bench/mf/README.md);
#   default /tmp/libmf_avx. Build ours first: swift build -c release --product mfbench.
# Rows: ours with the default blocked order on 2 and 1 threads, ours with the previous
# default (shuffledByUser, one core), LIBMF on 2 and 1 threads (its own defaults: k=100,
# lambda 0.1, eta 0.1, no biases). "M/s" is rating updates per second of wall time,
# "M/cpu-s" per second of CPU time (the steadier number on a shared machine).
set -euo pipefail
train=$1 test=$2 epochs=$3 runs=${4:-3} libmf=${5:-/tmp/libmf_avx}
cd "$(dirname "$0")/../.."
ours=.build/release/mfbench

median() { sort -g | sed -n "$(((runs + 1) / 2))p"; }

# Runs "$@" `runs` times; prints median wall, median cpu, updates/s and the test RMSE.
measure() {
  local walls=() cpus=() out="" rmse=""
  for ((r = 0; r < runs; r++)); do
    out=$("$@")
    walls+=("$(grep -E '^fit_seconds=' <<<"$out" | cut -d= -f2)")
    cpus+=("$(grep -E '^fit_cpu_seconds=' <<<"$out" | cut -d= -f2)")
    rmse=$(grep -E '^test_rmse=' <<<"$out" | cut -d= -f2)
  done
  local updates wall cpu
  updates=$(awk -F, 'NR > 1 { n++ } END { print n }' "$train")
  wall=$(printf '%s\n' "${walls[@]}" | median)
  cpu=$(printf '%s\n' "${cpus[@]}" | median)
  awk -v u="$updates" -v e="$epochs" -v w="$wall" -v c="$cpu" -v r="$rmse" \
    'BEGIN { printf "%8.2f %8.2f %8.1f %9.1f %9s", w, c, u * e / w / 1e6, u * e / c / 1e6, r }'
}

printf '%-34s %8s %8s %8s %9s %9s\n' impl wall_s cpu_s M/s M/cpu-s test_rmse
for threads in 2 1; do
  printf '%-34s %s\n' "ours blocked, $threads threads" \
    "$(measure "$ours" fit --train "$train" --test "$test" --config tuned --seed 42 --epochs "$epochs" --threads "$threads")"
done
printf '%-34s %s\n' "ours shuffledByUser (old default)" \
  "$(measure "$ours" fit --train "$train" --test "$test" --config tuned --seed 42 --epochs "$epochs" --order shuffledByUser)"
for threads in 2 1; do
  printf '%-34s %s\n' "libmf (AVX), $threads threads" "$(measure "$libmf" "$train" "$test" 100 "$epochs" "$threads")"
done
echo "($(awk -F, 'NR > 1 { n++ } END { print n }' "$train") training ratings, $epochs epochs, median of $runs runs; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
