#!/usr/bin/env bash
# Validates `recommend serve`'s GET /openapi.json as OpenAPI 3.1 with a real validator
# (openapi-spec-validator, in the git-ignored bench/.venv).
#
# Usage: bench/validate_openapi.sh [BUNDLE]   (default: artifacts/bundle; build first)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
bundle=${1:-$repo/artifacts/bundle}
recommend="$repo/.build/release/recommend"
[ -x "$recommend" ] || recommend="$repo/.build/debug/recommend"
[ -x "$here/.venv/bin/openapi-spec-validator" ] || {
  echo "error: bench/.venv/bin/openapi-spec-validator is missing: python3 -m venv bench/.venv && bench/.venv/bin/pip install openapi-spec-validator" >&2
  exit 1
}
work=$(mktemp -d)
"$recommend" serve --bundle "$bundle" --port 0 --quiet 2> "$work/log" &
pid=$!
trap 'kill $pid 2> /dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do grep -q "listening on" "$work/log" && break; sleep 0.1; done
port=$(sed -n 's/.*listening on http:\/\/127.0.0.1:\([0-9]*\).*/\1/p' "$work/log")
curl -fs "http://127.0.0.1:$port/openapi.json" > "$work/openapi.json"
"$here/.venv/bin/openapi-spec-validator" "$work/openapi.json"
echo "paths: $(python3 -c 'import json, sys; print(", ".join(sorted(json.load(open(sys.argv[1]))["paths"])))' "$work/openapi.json")"
