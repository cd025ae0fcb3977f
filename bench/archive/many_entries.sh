#!/usr/bin/env bash
# Extraction of a ZIP with many small entries: our reader against Info-ZIP unzip, both
# into a fresh folder, best of 3 by wall clock with the CPU time (user + sys) of that
# run (the steadier number on a shared machine).
# Usage: bench/archive/many_entries.sh [ENTRIES] [FOLDERS]   (defaults 40000 and 40)
set -euo pipefail
cd "$(dirname "$0")/../.."
entries=${1:-40000}
folders=${2:-40}
work=${TMPDIR:-/tmp}/archive-many
zip=$work/many-$entries-$folders.zip
mkdir -p "$work"
[ -f "$zip" ] || python3 bench/archive/make_many_entries.py "$zip" "$entries" "$folders"
(cd bench && swift build -c release --product archive-bench >/dev/null)

rm -rf "$work/ours"
ours=$(bench/.build/release/archive-bench --extract "$zip" "$work/ours")
best_wall=999 best_cpu=0
for run in 1 2 3; do
  rm -rf "$work/unzip-$run"
  line=$( { /usr/bin/time -f "%e %U %S" unzip -q "$zip" -d "$work/unzip-$run" >/dev/null; } 2>&1 )
  read -r wall user sys <<<"$line"
  if awk -v w="$wall" -v b="$best_wall" 'BEGIN { exit !(w < b) }'; then
    best_wall=$wall
    best_cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')
  fi
done
# Same files, same bytes.
diff -r "$work/ours/run-1" "$work/unzip-1" >/dev/null || { echo "extracted trees differ" >&2; exit 1; }
echo "$entries entries in $folders folders ($(stat -c %s "$zip") bytes)"
printf '%-10s %10s %10s\n' tool "wall s" "cpu s"
echo "$ours" | awk '{ printf "%-10s %10s %10s\n", "ours", $7, $10 }'
printf '%-10s %10s %10s\n' unzip "$best_wall" "$best_cpu"
rm -rf "$work/ours" "$work"/unzip-*
