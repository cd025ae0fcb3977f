#!/usr/bin/env bash
# The big fuzz run: the same mutations as `swift test`'s ProductFuzzTests (pipeline.json,
# params.json, ML-1M `::` and CSV ratings, ZIPs, bundles with a recomputed checksum),
# many more of them, through the real debug binaries. Prints the table of variants,
# clean errors, crashes and hangs (both must be 0). Crashing or hanging inputs are kept
# in /tmp/fuzz-findings.
# Usage: bench/fuzz/run.sh [CASES_PER_KIND] [SEED]   (defaults 1000 and 1)
set -euo pipefail
cd "$(dirname "$0")/../.."
cases=${1:-1000}
seed=${2:-1}
swift build --build-tests >/dev/null
# Run the built test runner directly (not `swift test`), so the long run does not hold
# the build folder's lock.
runner=$(find .build/debug/ -maxdepth 1 -name '*PackageTests.xctest' | head -1)
FUZZ_CASES=$cases FUZZ_SEED=$seed FUZZ_TIMEOUT=60 "$runner" --testing-library swift-testing \
  --filter ProductFuzzTests 2>&1 | sed "s/\x1b\[[0-9;]*m//g" | sed -n '/^input /,/^total/p;/passed after\|failed after\|recorded an issue/p' | grep -v '^◇'
