#!/usr/bin/env bash
# Renders the default pipeline's plots page in a real browser (headless Chromium) and
# fails on any console message (script errors, CSP violations such as a network load)
# or when the rendered DOM does not hold one <svg> per declared plot.
#
# usage: scripts/plots_browser_check.sh [BIN_DIR] [SCREENSHOT.png]
#   BIN_DIR defaults to .build/release (pipeline and recsys must be built there).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(cd "${1:-.build/release}" && pwd)
shot=${2:-}
browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || { echo "plots browser check: chromium is not installed (apt-get install -y chromium)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r pipeline.json stages Sources "$work/"
python3 - "$work/params.json" <<'PY'
import json, sys
p = json.load(open("params.json"))
p["synthetic"] = {"users": 400, "movies": 500, "ratings": 30000, "seed": 7}
p["svd"]["factors"] = 8
p["svd"]["epochs"] = 20
json.dump(p, open(sys.argv[1], "w"), indent=2)
PY
(cd "$work" && PATH="$bin:$PATH" pipeline repro >/dev/null && PATH="$bin:$PATH" pipeline plots show)
page="$work/.pipeline/plots/index.html"
declared=$(python3 -c 'import json; print(len(json.load(open("pipeline.json"))["plots"]))')

browse() { timeout 120 "$browser" --headless --no-sandbox --disable-gpu --enable-logging=stderr --v=0 \
  --virtual-time-budget=3000 "$@" 2>"$work/console.txt" || true; }

# The detector must see a planted console error, or a silent pass would mean nothing.
printf '<!doctype html><script>console.error("planted")</script>' >"$work/planted.html"
browse --dump-dom "file://$work/planted.html" >/dev/null
grep -q ':CONSOLE' "$work/console.txt" || { echo "plots browser check: cannot read chromium's console" >&2; exit 1; }

browse --dump-dom "file://$page" >"$work/dom.html"
if grep ':CONSOLE' "$work/console.txt"; then
  echo "plots browser check: the page logged console messages (above)" >&2
  exit 1
fi
svgs=$(grep -o '<svg ' "$work/dom.html" | wc -l)
[ "$svgs" -eq "$declared" ] || { echo "plots browser check: $svgs charts rendered, $declared declared" >&2; exit 1; }
if [ -n "$shot" ]; then
  browse --screenshot="$shot" --window-size=1280,1900 "file://$page"
fi
echo "plots browser check: $svgs charts rendered by $("$browser" --version 2>/dev/null | head -1), no console messages"
