#!/usr/bin/env bash
# The HTML viewer runs in a real browser: headless Chromium loads the page kg
# export writes for examples/northwind.txt and the page's script, once
# Cytoscape.js has laid the graph out, marks <body data-kg-ready="N nodes, M
# edges shown ...">. Skipped (status 77) without chromium or the viewer's JavaScript.
#   tests/viewer_chromium.sh KG SOURCE_DIR WORK_DIR
set -euo pipefail
kg=$1 src=$2 work=$3
browser=$(command -v chromium || command -v chromium-browser || true)
[ -n "$browser" ] || { echo "viewer_chromium: SKIPPED: no chromium (scripts/install-deps.sh installs it)"; exit 77; }
rm -rf "$work" && mkdir -p "$work"
"$kg" build "$src/examples/northwind.txt" -o "$work/g.json" -q
if ! "$kg" export "$work/g.json" -o "$work/g.html" 2>"$work/export.err"; then
  grep -q install-deps "$work/export.err" && { echo "viewer_chromium: SKIPPED: $(cat "$work/export.err")"; exit 77; }
  cat "$work/export.err"; exit 1
fi
timeout 120 "$browser" --headless --no-sandbox --disable-gpu --virtual-time-budget=10000 \
  --user-data-dir="$work/profile" --dump-dom "file://$work/g.html" >"$work/dom.html" 2>"$work/chromium.log" || true
ready=$(grep -o 'data-kg-ready="[^"]*"' "$work/dom.html" || true)
echo "viewer_chromium: ${ready:-no data-kg-ready}"
[[ "$ready" =~ data-kg-ready=\"([1-9][0-9]*)\ nodes,\ ([1-9][0-9]*)\ edges ]] || { echo "viewer_chromium: FAILED: the page did not draw the graph"; exit 1; }
grep -q 'Northwind Robotics' "$work/dom.html" || { echo "viewer_chromium: FAILED: no Northwind Robotics"; exit 1; }
echo "viewer_chromium: ok"
