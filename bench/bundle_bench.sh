#!/bin/sh
# Builds release and runs the bundle/recommend benchmark on a random ML-1M-shaped bundle.
# Usage: bench/bundle_bench.sh [bundle-bench options, e.g. --queries 10000 --runs 20]
set -e
cd "$(dirname "$0")/.."
swift build -c release --product recommend
(cd bench && swift build -c release --product bundle-bench)
exec bench/.build/release/bundle-bench "$@"
