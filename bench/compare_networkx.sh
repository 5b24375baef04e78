#!/usr/bin/env bash
# Graph load and query figures of kg and of NetworkX, side by side, in one run:
# on the graph of all of ../shared/data/bbc and on a synthetic graph of one
# million facts. Both tools read the same graph (kg its native JSON, NetworkX
# kg's node-link export of it) and answer the same queries (random pairs of
# node ids, bench/graph/make_queries.py). kg is measured twice: loading its
# kg-graph JSON and loading the same graph in its binary form (.kgb). Prints a
# table.
#
#   bash bench/compare_networkx.sh [BUILD_DIR] [WORK_DIR]
#   (KG_BENCH_RUNS=N: runs of each tool, default 3, medians reported;
#    KG_BENCH_QUERIES, KG_BENCH_EDGES: the query and synthetic graph sizes)
#
# Needs a Release build (kg, bench/kg_graph_bench) and Debian's python3-networkx
# (run with /usr/bin/python3; scripts/install-deps.sh installs it).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
work=${2:-/tmp/kg-graph-bench}
shared=${KG_SHARED:-$root/../shared}
queries=${KG_BENCH_QUERIES:-200}
edges=${KG_BENCH_EDGES:-1000000}
runs=${KG_BENCH_RUNS:-3}
py=/usr/bin/python3
mkdir -p "$work"

if [ ! -f "$work/bbc.json" ]; then
  echo "building the BBC graph ($shared/data/bbc)..." >&2
  "$build/kg" -q build "$shared/data/bbc" -o "$work/bbc.json" || [ -f "$work/bbc.json" ]
fi
if [ ! -f "$work/synthetic.json" ]; then
  echo "writing a synthetic graph of $edges facts..." >&2
  "$py" "$root/scripts/make-synthetic-graph.py" --edges "$edges" --nodes $((edges / 5)) --seed 1 -o "$work/synthetic.json"
fi

results=()
for name in bbc synthetic; do
  g=$work/$name.json
  [ -f "$work/$name.nodelink.json" ] || "$build/kg" export "$g" --format node-link -o "$work/$name.nodelink.json"
  # The same graph in kg's binary form (written by the kg under test, so never stale).
  "$build/kg" export "$g" -o "$work/$name.kgb"
  [ -f "$work/$name.queries.tsv" ] || "$py" "$root/bench/graph/make_queries.py" "$g" "$queries" 7 > "$work/$name.queries.tsv"
  # Each tool runs $runs times, in turn (kg JSON, kg .kgb, NetworkX, then
  # again), so that a noisy minute hits all three; the table shows medians.
  for run in $(seq "$runs"); do
    echo "$name, run $run of $runs: kg (JSON), kg (.kgb), networkx..." >&2
    results+=("$name $("$build/bench/kg_graph_bench" "$g" "$work/$name.queries.tsv")")
    results+=("$name $("$build/bench/kg_graph_bench" "$work/$name.kgb" "$work/$name.queries.tsv")")
    results+=("$name $("$py" "$root/bench/graph/networkx_bench.py" "$work/$name.nodelink.json" "$work/$name.queries.tsv")")
  done
done

printf '%s\n' "${results[@]}" > "$work/results.txt"
"$py" "$root/bench/graph/print_table.py" "$work/results.txt"
