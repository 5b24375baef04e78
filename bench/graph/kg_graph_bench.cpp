// kg_graph_bench GRAPH QUERIES.tsv: load time, path and neighbourhood
// latency and peak memory of kg's graph layer on a graph file (kg-graph JSON
// or binary .kgb), printed as one JSON object (the same fields
// bench/graph/networkx_bench.py prints, for bench/compare_networkx.sh).
//
// QUERIES.tsv: one "FROM<TAB>TO" pair of node ids a line. For every pair:
// the shortest path (unweighted, bidirectional BFS); for every FROM: the
// 2-hop neighbourhood (entities and the facts among them).
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "kg/core/error.hpp"
#include "kg/graph/graph_file.hpp"
#include "kg/graph/query.hpp"

namespace {

using clock_type = std::chrono::steady_clock;

double seconds_since(clock_type::time_point start) {
    return std::chrono::duration<double>(clock_type::now() - start).count();
}

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0.0;
    std::sort(v.begin(), v.end());
    std::size_t i = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
    return v[std::min(i, v.size() - 1)];
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: kg_graph_bench GRAPH.json QUERIES.tsv\n";
        return 1;
    }
    try {
        auto t0 = clock_type::now();
        kg::graph::knowledge_graph g = kg::graph::read_graph(argv[1]);
        const char* form = kg::graph::graph_format_for(argv[1]) == kg::graph::graph_format::binary ? "kgb" : "json";
        double parse_s = seconds_since(t0);
        auto t1 = clock_type::now();
        kg::graph::query_filter all;  // NetworkX does not know polarity: follow every fact
        all.include_negated = true;
        kg::graph::query_graph q(g, all);
        double index_s = seconds_since(t1);
        double load_s = seconds_since(t0);

        std::vector<std::pair<std::string, std::string>> pairs;
        std::ifstream in(argv[2]);
        for (std::string line; std::getline(in, line);) {
            auto tab = line.find('\t');
            if (tab == std::string::npos) continue;
            pairs.emplace_back(line.substr(0, tab), line.substr(tab + 1));
        }
        // One untimed query of each kind first (networkx_bench.py does the
        // same): one-time costs such as first page faults are not query latency.
        if (!pairs.empty()) {
            (void)q.shortest_path(pairs.front().first, pairs.front().second, false);
            (void)q.neighbourhood({pairs.front().first}, 2);
        }
        std::vector<double> path_ms, hood_ms;
        std::size_t found = 0, hops = 0, hood_nodes = 0, hood_edges = 0;
        for (const auto& [a, b] : pairs) {
            auto s = clock_type::now();
            auto p = q.shortest_path(a, b, false);
            path_ms.push_back(seconds_since(s) * 1e3);
            if (!p.empty()) {
                ++found;
                hops += p.front().edges.size();
            }
        }
        for (const auto& [a, b] : pairs) {
            auto s = clock_type::now();
            auto r = q.neighbourhood({a}, 2);
            hood_ms.push_back(seconds_since(s) * 1e3);
            hood_nodes += r.nodes.size();
            hood_edges += r.edges.size();
        }
        rusage usage{};
        getrusage(RUSAGE_SELF, &usage);
        std::printf(
            "{\"tool\": \"kg (%s)\", \"nodes\": %zu, \"edges\": %zu, \"load_s\": %.3f, \"parse_s\": %.3f, \"index_s\": %.3f, "
            "\"queries\": %zu, \"paths_found\": %zu, \"total_hops\": %zu, \"path_p50_ms\": %.6f, \"path_p99_ms\": %.6f, "
            "\"hood_nodes\": %zu, \"hood_edges\": %zu, \"hood_p50_ms\": %.6f, \"hood_p99_ms\": %.6f, \"peak_rss_mb\": %.1f}\n",
            form, g.node_count(), g.edge_count(), load_s, parse_s, index_s, pairs.size(), found, hops,
            percentile(path_ms, 0.5), percentile(path_ms, 0.99), hood_nodes, hood_edges, percentile(hood_ms, 0.5),
            percentile(hood_ms, 0.99), static_cast<double>(usage.ru_maxrss) / 1024.0);
    } catch (const kg::error& e) {
        std::cerr << "kg_graph_bench: " << e.what() << '\n';
        return 2;
    }
    return 0;
}
