#!/usr/bin/env bash
# Graph load and query figures of kg and of NetworkX, side by side, in one run:
# on the graph of all of ../shared/data/bbc and on a synthetic graph of one
# million facts. Both tools read the same graph (kg its native JSON, NetworkX
# kg's node-link export of it) and answer the same queries (random pairs of
# node ids, bench/graph/make_queries.py). Prints a table.
#
#   bash bench/compare_networkx.sh [BUILD_DIR] [WORK_DIR]
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
  [ -f "$work/$name.queries.tsv" ] || "$py" "$root/bench/graph/make_queries.py" "$g" "$queries" 7 > "$work/$name.queries.tsv"
  echo "$name: kg..." >&2
  results+=("$name $("$build/bench/kg_graph_bench" "$g" "$work/$name.queries.tsv")")
  echo "$name: networkx..." >&2
  results+=("$name $("$py" "$root/bench/graph/networkx_bench.py" "$work/$name.nodelink.json" "$work/$name.queries.tsv")")
done

printf '%s\n' "${results[@]}" | "$py" -c '
import json, sys
rows = []
for line in sys.stdin:
    name, _, js = line.partition(" ")
    rows.append((name, json.loads(js)))
print(f"{\"graph\":<10} {\"tool\":<16} {\"nodes\":>8} {\"edges\":>8} {\"load s\":>8} {\"path p50 ms\":>12} {\"path p99 ms\":>12} "
      f"{\"2-hop p50 ms\":>13} {\"2-hop p99 ms\":>13} {\"peak MB\":>8} {\"found/hops\":>11}")
by = {}
for name, r in rows:
    by.setdefault(name, {})[r["tool"].split()[0]] = r
    print(f"{name:<10} {r[\"tool\"]:<16} {r[\"nodes\"]:>8} {r[\"edges\"]:>8} {r[\"load_s\"]:>8.2f} {r[\"path_p50_ms\"]:>12.3f} "
          f"{r[\"path_p99_ms\"]:>12.3f} {r[\"hood_p50_ms\"]:>13.3f} {r[\"hood_p99_ms\"]:>13.3f} {r[\"peak_rss_mb\"]:>8.0f} "
          f"{str(r[\"paths_found\"]) + \"/\" + str(r[\"total_hops\"]):>11}")
print()
for name, t in by.items():
    k, n = t.get("kg"), t.get("networkx")
    if not k or not n:
        continue
    ratio = lambda a, b: n[a] / k[a] if k[a] > 0 else float("inf")
    same = "same answers" if (k["paths_found"], k["total_hops"], k["hood_nodes"], k["hood_edges"]) == \
        (n["paths_found"], n["total_hops"], n["hood_nodes"], n["hood_edges"]) else "ANSWERS DIFFER"
    print(f"{name}: kg is {ratio(\"load_s\"):.1f}x faster to load, {ratio(\"path_p50_ms\"):.1f}x (p50) / "
          f"{ratio(\"path_p99_ms\"):.1f}x (p99) on paths, {ratio(\"hood_p50_ms\"):.1f}x (p50) / {ratio(\"hood_p99_ms\"):.1f}x (p99) "
          f"on 2-hop neighbourhoods; {same} (paths found, hops, neighbourhood sizes)")
'
