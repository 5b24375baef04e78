#!/usr/bin/env bash
# End-to-end throughput of `kg build` against compromise (JavaScript NLP,
# https://github.com/spencermountain/compromise: people, organizations and
# places only, no facts) on the same 500 BBC business and politics articles,
# in one run, one core each. Prints a Markdown table: CPU seconds (user +
# system, start-up included), MB/s per core and words/s per core (words:
# whitespace-separated, counted the same way for both), and the ratio.
#
#   bash bench/compare_compromise.sh [KG_BINARY] [WORK_DIR]
#   KG_BENCH_RUNS=N  runs of each tool (default 3; the fastest is reported)
#   KG_FLAGS="..."   extra flags for kg build (e.g. --no-models)
#
# compromise comes from npm, installed by this script into WORK_DIR/npm (not
# by the build, not committed; version pinned below). Needs node and npm
# (Debian: nodejs, npm). Not a test: the figures depend on the machine and
# its load, which the script prints.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
kg=${1:-$root/build/kg}
work=${2:-/tmp/kg-compromise-bench}
shared=${KG_SHARED:-$root/../shared}
runs=${KG_BENCH_RUNS:-3}
compromise_version=14.20.0
bbc=$shared/data/bbc
[ -d "$bbc/business" ] && [ -d "$bbc/politics" ] || { echo "no BBC corpus at $bbc" >&2; exit 77; }
command -v node > /dev/null && command -v npm > /dev/null || { echo "node and npm are needed" >&2; exit 77; }
mkdir -p "$work"

if [ ! -f "$work/npm/node_modules/compromise/package.json" ]; then
  echo "installing compromise@$compromise_version into $work/npm..." >&2
  npm install --silent --no-audit --no-fund --prefix "$work/npm" "compromise@$compromise_version" >&2
fi

# The 500 articles: the first 250 of business and of politics, in file-name order.
corpus=$work/articles
rm -rf "$corpus"
mkdir -p "$corpus"
for topic in business politics; do
  ls "$bbc/$topic" | grep '\.txt$' | sort | head -n 250 | while read -r f; do cp "$bbc/$topic/$f" "$corpus/$topic-$f"; done
done
bytes=$(cat "$corpus"/*.txt | wc -c)
words=$(cat "$corpus"/*.txt | wc -w)
files=$(ls "$corpus" | wc -l)

cat > "$work/run_compromise.mjs" << 'JS'
// Reads every .txt of a directory and runs compromise's entity finders on it.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
const require = createRequire(path.join(process.argv[2], 'node_modules', 'x.js'));
const nlp = require('compromise');
const dir = process.argv[3];
let found = 0;
for (const name of fs.readdirSync(dir).sort()) {
  if (!name.endsWith('.txt')) continue;
  const doc = nlp(fs.readFileSync(path.join(dir, name), 'utf8'));
  found += doc.people().length + doc.organizations().length + doc.places().length;
}
console.error(`compromise: ${found} entity mentions`);
JS

# CPU seconds (user + system) of a command, from /usr/bin/time.
cpu_of() {
  /usr/bin/time -f '%U %S %e %M' -o "$work/time.txt" "$@" > /dev/null 2> "$work/stderr.txt" || {
    cat "$work/stderr.txt" >&2
    exit 1
  }
  awk '{ printf "%.2f %.2f %d\n", $1 + $2, $3, $4 / 1024 }' "$work/time.txt"
}
best() {  # runs a command $runs times; prints the fastest "cpu wall rss"
  local out=
  for _ in $(seq "$runs"); do
    local r
    r=$(cpu_of "$@")
    if [ -z "$out" ] || awk -v a="${r%% *}" -v b="${out%% *}" 'BEGIN { exit !(a < b) }'; then out=$r; fi
  done
  echo "$out"
}

echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
# shellcheck disable=SC2086
read -r kg_cpu kg_wall kg_rss <<< "$(best "$kg" -q build -j1 ${KG_FLAGS:-} "$corpus" -o "$work/kg.json")"
read -r cp_cpu cp_wall cp_rss <<< "$(best node "$work/run_compromise.mjs" "$work/npm" "$corpus")"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

echo "$files articles, $(awk -v b="$bytes" 'BEGIN { printf "%.2f", b / 1e6 }') MB, $words words; best of $runs runs, one core each"
echo
echo "| tool | CPU s | wall s | peak RSS MB | MB/s per core | words/s per core |"
echo "|---|---:|---:|---:|---:|---:|"
row() { awk -v n="$1" -v c="$2" -v w="$3" -v r="$4" -v b="$bytes" -v wd="$words" \
  'BEGIN { printf "| %s | %.2f | %.2f | %d | %.3f | %.0f |\n", n, c, w, r, b / 1e6 / c, wd / c }'; }
row "kg build -j1 ${KG_FLAGS:-}" "$kg_cpu" "$kg_wall" "$kg_rss"
row "compromise $compromise_version (node $(node --version))" "$cp_cpu" "$cp_wall" "$cp_rss"
echo
awk -v k="$kg_cpu" -v c="$cp_cpu" 'BEGIN { printf "kg throughput / compromise throughput (CPU): %.2fx\n", c / k }'
