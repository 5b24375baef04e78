#!/usr/bin/python3
"""print_table.py RESULTS: the table of bench/compare_networkx.sh from lines
"GRAPH JSON" (the output of kg_graph_bench and networkx_bench.py); when a
tool ran several times on a graph, every figure is the median of its runs."""
import json
import statistics
import sys

rows = []
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        name, _, js = line.strip().partition(" ")
        if js:
            rows.append((name, json.loads(js)))
cols = ["graph", "tool", "runs", "nodes", "edges", "load s", "path p50 µs", "path p99 µs", "2-hop p50 µs", "2-hop p99 µs",
        "peak MB", "found/hops"]
print("| " + " | ".join(cols) + " |")
print("|" + "---|" * len(cols))
# Several runs of a tool on a graph: each figure is the median over the runs.
runs = {}
for name, r in rows:
    runs.setdefault((name, r["tool"]), []).append(r)


def median_of(results):
    out = dict(results[0])
    for key, value in results[0].items():
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            out[key] = statistics.median(r[key] for r in results)
    out["runs"] = len(results)
    return out


rows = [(name, median_of(results)) for (name, _), results in runs.items()]
by = {}
for name, r in rows:
    by.setdefault(name, []).append(r)
    cells = [name, r["tool"], r["runs"], r["nodes"], r["edges"], f'{r["load_s"]:.3f}', f'{r["path_p50_ms"] * 1e3:.2f}',
             f'{r["path_p99_ms"] * 1e3:.2f}', f'{r["hood_p50_ms"] * 1e3:.2f}', f'{r["hood_p99_ms"] * 1e3:.2f}',
             f'{r["peak_rss_mb"]:.0f}', f'{r["paths_found"]}/{r["total_hops"]}']
    print("| " + " | ".join(str(c) for c in cells) + " |")
print()
for name, results in by.items():
    nx = [r for r in results if r["tool"].startswith("networkx")]
    if not nx:
        continue
    n = nx[0]
    for k in results:
        if not k["tool"].startswith("kg"):
            continue

        def ratio(key):
            return n[key] / k[key] if k[key] > 0 else float("inf")

        same = (k["paths_found"], k["total_hops"], k["hood_nodes"], k["hood_edges"]) == \
            (n["paths_found"], n["total_hops"], n["hood_nodes"], n["hood_edges"])
        print(f'{name}, {k["tool"]}: loads {ratio("load_s"):.1f}x faster; paths {ratio("path_p50_ms"):.1f}x (p50), '
              f'{ratio("path_p99_ms"):.1f}x (p99); 2-hop neighbourhoods {ratio("hood_p50_ms"):.1f}x (p50), '
              f'{ratio("hood_p99_ms"):.1f}x (p99); peak memory {k["peak_rss_mb"]:.0f} vs {n["peak_rss_mb"]:.0f} MB; '
              + ("same answers (paths found, hops, neighbourhood sizes)" if same else "ANSWERS DIFFER"))
