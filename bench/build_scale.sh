#!/usr/bin/env bash
# End-to-end throughput and peak memory of `kg build` on the BBC corpus
# (../shared/data/bbc, 2,225 articles) and on 1x, 2x and 4x that corpus as
# JSONL (the corpus repeated with distinct document ids), with -j1 and -j2.
# Prints a Markdown table: input size, wall time, CPU time (user + system),
# MB/s over wall time and over CPU time, peak resident memory (/usr/bin/time -v).
#   bench/build_scale.sh [KG_BINARY] [SHARED_DIR]
#   SCALES="1 2 4" JOBS="1 2" choose the runs (defaults shown).
# Not a test: the figures depend on the machine and its load.
set -euo pipefail
cd "$(dirname "$0")/.."
kg="${1:-build/kg}"
shared="${2:-${KG_SHARED:-../shared}}"
bbc="$shared/data/bbc"
[ -d "$bbc" ] || { echo "no BBC corpus at $bbc" >&2; exit 77; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The corpus as JSONL, written once with /usr/bin/python3 (the json module only).
/usr/bin/python3 - "$bbc" "$work" <<'PY'
import json, os, sys
bbc, work = sys.argv[1], sys.argv[2]
files = []
for root, _, names in os.walk(bbc):
    files += [os.path.join(root, n) for n in names if n.endswith(".txt")]
files.sort()
lines = []
for path in files:
    with open(path, "rb") as f:
        text = f.read().decode("utf-8", errors="replace")
    rel = os.path.relpath(path, bbc)[:-4].replace(os.sep, "-")
    lines.append((rel, text))
for copies in (1, 2, 4):
    with open(os.path.join(work, f"bbc-x{copies}.jsonl"), "w", encoding="utf-8") as out:
        for c in range(copies):
            for rel, text in lines:
                out.write(json.dumps({"id": f"{rel}-c{c}", "text": text}, ensure_ascii=False) + "\n")
PY

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| input | MB | -j | wall s | CPU s | MB/s (wall) | MB/s (CPU) | peak RSS MB |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
run() {  # label input jobs
  local label="$1" input="$2" jobs="$3"
  local bytes
  bytes=$(du -sb --apparent-size "$input" | cut -f1)
  /usr/bin/time -v "$kg" build "$input" -o "$work/out.json" -q -j "$jobs" 2> "$work/time.txt" || {
    cat "$work/time.txt" >&2
    exit 1
  }
  awk -v label="$label" -v bytes="$bytes" -v jobs="$jobs" -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, p, ":"); wall = (n == 3) ? p[1] * 3600 + p[2] * 60 + p[3] : p[1] * 60 + p[2] }
    /User time/ { user = $2 }
    /System time/ { sys = $2 }
    /Maximum resident/ { rss = $2 / 1024 }
    END {
      mb = bytes / 1e6; cpu = user + sys
      printf "| %s | %.1f | %d | %.1f | %.1f | %.2f | %.2f | %.0f |\n", label, mb, jobs, wall, cpu, mb / wall, mb / cpu, rss
      printf "%s %d %.2f %.2f %.0f\n", copies, jobs, wall, cpu, rss >> summary
    }' copies="${4:-dir}" summary="$work/summary.txt" "$work/time.txt"
}
run "bbc/ (2,225 .txt)" "$bbc" 1
for copies in ${SCALES:-1 2 4}; do
  for jobs in ${JOBS:-1 2}; do
    run "bbc x$copies (JSONL)" "$work/bbc-x$copies.jsonl" "$jobs" "$copies"
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
# The issue's checks: CPU for 4x distinct input at most 4.3x that for 1x; the -j2 speed-up.
awk '
  $1 != "dir" { cpu[$1 "/" $2] = $4; wall[$1 "/" $2] = $3; rss[$1 "/" $2] = $5 }
  END {
    if (("1/1" in cpu) && ("4/1" in cpu))
      printf "CPU 4x / 1x (-j1): %.2f (target <= 4.3); peak RSS 4x / 1x: %.2f\n", cpu["4/1"] / cpu["1/1"], rss["4/1"] / rss["1/1"]
    if (("1/1" in wall) && ("1/2" in wall))
      printf "-j2 speed-up on x1 (wall): %.2f; CPU -j2 / -j1: %.2f\n", wall["1/1"] / wall["1/2"], cpu["1/2"] / cpu["1/1"]
  }' "$work/summary.txt"
