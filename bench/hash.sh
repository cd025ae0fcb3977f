#!/usr/bin/env bash
# Throughput of our SHA-256/MD5 (release build of `hashbench`) against coreutils and
# OpenSSL; our SHA-256 twice: the default (the CPU's SHA instructions when it has them)
# and the portable Swift code (PIPELINE_SHA256=portable).
# Usage: bench/hash.sh [SIZE_MB] [RUNS]   (defaults: 500 MB, 3 runs; median reported)
# The test file is random bytes in /tmp, read once before timing so every tool hashes
# from the page cache; timings are wall clock of the whole process, as a user sees it.
set -euo pipefail
cd "$(dirname "$0")/.."
size_mb=${1:-500}
runs=${2:-3}
file=/tmp/hashbench-${size_mb}mb.bin

(cd bench && swift build -c release --product hashbench >/dev/null)
bench=bench/.build/release/hashbench

if [[ ! -f $file || $(stat -c %s "$file") -ne $((size_mb * 1000000)) ]]; then
  head -c $((size_mb * 1000000)) /dev/urandom >"$file"
fi
cat "$file" >/dev/null

# Prints "wall cpu": the median MB/s of `runs` runs by wall clock and by user+sys CPU
# time. The machine is shared; CPU time is the steadier number when others are busy.
measure() {
  local walls=() cpus=() TIMEFORMAT='%R %U %S' line
  for ((i = 0; i < runs; i++)); do
    line=$({ time "$@" "$file" >/dev/null; } 2>&1)
    read -r real user sys <<<"$line"
    walls+=("$real")
    cpus+=("$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')")
  done
  local middle=$(((runs + 1) / 2))
  local wall cpu
  wall=$(printf '%s\n' "${walls[@]}" | sort -g | sed -n "${middle}p")
  cpu=$(printf '%s\n' "${cpus[@]}" | sort -g | sed -n "${middle}p")
  awk -v mb="$size_mb" -v w="$wall" -v c="$cpu" 'BEGIN { printf "%10.0f %10.0f", mb / w, mb / c }'
}

# Same digests first, or the speed means nothing.
for pair in "sha256 sha256sum" "md5 md5sum"; do
  set -- $pair
  ours=$("$bench" "$1" "$file" | cut -d' ' -f1)
  theirs=$("$2" "$file" | cut -d' ' -f1)
  if [[ $ours != "$theirs" ]]; then
    echo "digest mismatch for $1: $ours vs $theirs" >&2
    exit 1
  fi
done

portable=$(PIPELINE_SHA256=portable "$bench" sha256 "$file" | cut -d' ' -f1)
if [[ $portable != "$(sha256sum "$file" | cut -d' ' -f1)" ]]; then
  echo "digest mismatch for the portable sha256" >&2
  exit 1
fi
if command -v openssl >/dev/null; then
  theirs=$(openssl dgst -sha256 -r "$file" | cut -d' ' -f1)
  [[ $theirs == "$portable" ]] || { echo "openssl digest differs" >&2; exit 1; }
fi

echo "hashbench sha256 implementation: $("$bench" --implementation)"
printf '%-28s %10s %10s\n' "tool" "MB/s wall" "MB/s cpu"
printf '%-28s %s\n' "sha256sum" "$(measure sha256sum)"
if command -v openssl >/dev/null; then
  printf '%-28s %s\n' "openssl dgst -sha256" "$(measure openssl dgst -sha256)"
fi
printf '%-28s %s\n' "hashbench sha256" "$(measure "$bench" sha256)"
printf '%-28s %s\n' "hashbench sha256 (portable)" "$(measure env PIPELINE_SHA256=portable "$bench" sha256)"
printf '%-28s %s\n' "md5sum" "$(measure md5sum)"
printf '%-28s %s\n' "hashbench md5" "$(measure "$bench" md5)"
echo "(${size_mb} MB file from page cache, median of ${runs} runs each, MB = 10^6 bytes)"
