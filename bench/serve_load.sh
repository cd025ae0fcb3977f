#!/usr/bin/env bash
# Load on `recommend serve` with wrk, beside the original design (FastAPI + uvicorn
# scoring a pickled Surprise SVD and a dense cosine matrix per request) on the same data.
#
# Usage: bench/serve_load.sh [ROOT]   (ROOT: a repository where `pipeline repro` ran;
#        default: this one). Env: DURATION (seconds per run, default 30), CONNECTIONS
#        (default 64), THREADS (server workers, default: cores), PEER=0 to skip the peer.
# Needs: swift build -c release; wrk (apt-get install wrk); for the peer bench/.venv with
#        fastapi uvicorn scikit-surprise scikit-learn pandas.
# Prints one row per (server, route): requests/s, p50, p99, errors; the ratio; the
# server's peak and final memory. /recommend/user runs twice: cold (--cache-mb 0, every
# request scored) and with the default response cache (counts of hits and misses).
# /similar and /popular run on the cached server. Nothing is asserted.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
root=$(cd "${1:-$repo}" && pwd)
duration=${DURATION:-30}
connections=${CONNECTIONS:-64}
threads=${THREADS:-$(nproc)}
recommend="$repo/.build/release/recommend"
command -v wrk > /dev/null || { echo "error: wrk is not installed: apt-get install -y wrk" >&2; exit 1; }
[ -x "$recommend" ] || { echo "error: $recommend is missing: swift build -c release" >&2; exit 1; }
[ -f "$root/artifacts/bundle/manifest.json" ] || { echo "error: no bundle in '$root/artifacts/bundle': run pipeline repro there" >&2; exit 1; }

work=$(mktemp -d)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2> /dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

# Known user ids from the training split (the ids wrk picks from).
tail -n +2 "$root/artifacts/split/train.csv" | cut -d, -f1 | sort -un > "$work/users.txt"
export USER_IDS="$work/users.txt"
movie=$(awk -F, 'NR == 2 {print $1; exit}' "$root/artifacts/parsed/movies.csv")

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_for() { for _ in $(seq 1 600); do curl -fs "$1" > /dev/null 2>&1 && return 0; sleep 0.2; done; echo "error: $1 never answered" >&2; exit 1; }

# wrk's summary -> "rps p50 p99 errors"
run_wrk() {
  local url=$1 script=${2:-}
  local out
  if [ -n "$script" ]; then
    out=$(wrk -t2 -c"$connections" -d"${duration}s" --latency -s "$script" "$url")
  else
    out=$(wrk -t2 -c"$connections" -d"${duration}s" --latency "$url")
  fi
  local rps p50 p99 errors
  rps=$(awk '/^Requests\/sec/ {print $2}' <<< "$out")
  p50=$(awk '$1 == "50%" {print $2}' <<< "$out")
  p99=$(awk '$1 == "99%" {print $2}' <<< "$out")
  errors=$(awk '/Non-2xx|Socket errors/ {sub(/^ +/, ""); printf "%s; ", $0}' <<< "$out")
  echo "$rps|$p50|$p99|${errors:-none}"
}

row() { printf '%-30s %-22s %12s %10s %10s  %s\n' "$@"; }

start_server() {
  port=$(free_port)
  "$recommend" serve --bundle "$root/artifacts/bundle" --port "$port" --threads "$threads" --quiet "$@" 2> "$work/serve.log" &
  serve_pid=$!
  pids+=("$serve_pid")
  wait_for "http://127.0.0.1:$port/health"
}
cache_counts() {
  curl -fs "http://127.0.0.1:$port/metrics" | awk '/^recommend_response_cache_total/ {sub(/.*outcome="/, ""); sub(/"}/, ""); printf "%s %s; ", $1, $2}'
}

echo "wrk: $connections connections, ${duration} s per row, 2 wrk threads; recommend serve: $threads worker threads"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
row "server" "route" "requests/s" "p50" "p99" "errors"
declare -A ours
# Cold: no response cache, every request computed. Then the default server (response
# cache on); its runs start empty, so the first request for each user is scored there
# too (the hit/miss counts say how many).
for mode in cold cache; do
  if [ "$mode" = cold ]; then start_server --cache-mb 0; else start_server; fi
  rss_start=$(awk '/VmRSS/ {print $2}' "/proc/$serve_pid/status")
  IFS='|' read -r rps p50 p99 errors < <(run_wrk "http://127.0.0.1:$port" "$here/serve_load.lua")
  ours[user_$mode]=$rps
  row "recommend serve ($mode)" "/recommend/user/{id}" "$rps" "$p50" "$p99" "$errors; $(cache_counts)"
  IFS='|' read -r rps p50 p99 errors < <(run_wrk "http://127.0.0.1:$port/similar/$movie?n=10")
  ours[similar_$mode]=$rps
  row "recommend serve ($mode)" "/similar/$movie" "$rps" "$p50" "$p99" "$errors"
  IFS='|' read -r rps p50 p99 errors < <(run_wrk "http://127.0.0.1:$port/popular?n=10")
  ours[popular_$mode]=$rps
  row "recommend serve ($mode)" "/popular" "$rps" "$p50" "$p99" "$errors"
  [ "$mode" = cache ] || { kill -TERM "$serve_pid"; wait "$serve_pid" || true; }
done
total=$(curl -fs "http://127.0.0.1:$port/metrics" | awk '/^http_request_duration_seconds_count/ {print $2}')
peak=$(awk '/VmHWM/ {print $2}' "/proc/$serve_pid/status")
rss_end=$(awk '/VmRSS/ {print $2}' "/proc/$serve_pid/status")
kill -TERM "$serve_pid"
wait "$serve_pid" || true

if [ "${PEER:-1}" != 0 ]; then
  python="$here/.venv/bin/python"
  [ -x "$python" ] || { echo "error: $python is missing: python3 -m venv bench/.venv && bench/.venv/bin/pip install fastapi uvicorn scikit-surprise scikit-learn pandas" >&2; exit 1; }
  peer_port=$(free_port)
  "$python" "$here/serve_peer.py" --train "$root/artifacts/split/train.csv" --movies "$root/artifacts/parsed/movies.csv" \
    --port "$peer_port" --pickle "$here/data/svd-$(basename "$root").pkl" 2> "$work/peer.log" &
  pids+=("$!")
  wait_for "http://127.0.0.1:$peer_port/popular"
  for route in user similar popular; do
    case $route in
      user) IFS='|' read -r rps p50 p99 errors < <(run_wrk "http://127.0.0.1:$peer_port" "$here/serve_load.lua"); name="/recommend/user/{id}" ;;
      similar) IFS='|' read -r rps p50 p99 errors < <(run_wrk "http://127.0.0.1:$peer_port/similar/$movie?n=10"); name="/similar/$movie" ;;
      popular) IFS='|' read -r rps p50 p99 errors < <(run_wrk "http://127.0.0.1:$peer_port/popular?n=10"); name="/popular" ;;
    esac
    ratios=$(awk -v a="${ours[${route}_cold]}" -v c="${ours[${route}_cache]}" -v b="$rps" 'BEGIN { if (b > 0) printf "cold/peer %.0fx, cache/peer %.0fx", a / b, c / b; else print "-" }')
    row "FastAPI + Surprise (peer)" "$name" "$rps" "$p50" "$p99" "$errors; $ratios"
  done
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "recommend serve memory: RSS $((rss_start / 1024)) MiB at start, peak $((peak / 1024)) MiB, $((rss_end / 1024)) MiB after $total requests"
