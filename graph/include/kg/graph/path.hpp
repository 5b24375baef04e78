#pragma once
// "How is X connected to Y?": name lookup and shortest paths.
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "kg/graph/knowledge_graph.hpp"

namespace kg::graph {

// Node ids matching `query`, sorted: the node whose id is exactly `query`;
// else the nodes whose label matches (compared with kg::normalize_name, so
// case, Unicode compatibility forms and punctuation do not matter); else the
// nodes with a matching alias; else the nodes where the query is a run of
// whole words of the label or an alias ("contreras" finds "Rudolph
// Contreras"). Empty when nothing matches.
std::vector<std::string> find_nodes(const knowledge_graph& g, std::string_view query);

struct graph_path {
    std::vector<std::string> nodes;  // node ids, from first to last
    std::vector<std::string> edges;  // edge ids; edges[i] joins nodes[i] and nodes[i+1] in either direction
    friend bool operator==(const graph_path&, const graph_path&) = default;
};

// Which intermediate nodes a path may pass through (the end points always may).
using node_filter = std::function<bool(const kg::entity&)>;

// The shortest paths from `from_id` to `to_id`, edges taken in either
// direction (parallel edges give distinct paths), at most `max_paths` of them,
// best first as rank_paths orders them (the best of up to max(20 * max_paths,
// 200) shortest paths enumerated in (node id, edge id) order). A path from a
// node to itself has one node and no edge. Empty when the nodes are not
// connected. Throws kg::query_error when an id is not a node.
std::vector<graph_path> find_paths(const knowledge_graph& g, const std::string& from_id, const std::string& to_id,
                                   std::size_t max_paths = 5);
std::vector<graph_path> find_paths(const knowledge_graph& g, const std::string& from_id, const std::string& to_id,
                                   std::size_t max_paths, const node_filter& may_pass);

// Product of the confidences of the path's edges.
double path_confidence(const knowledge_graph& g, const graph_path& path);

// Sorts best first, deterministically: fewer hops; then higher
// path_confidence; then intermediate nodes of lower total degree (a specific
// link such as a shared lawsuit beats a hub such as a country); then
// lexicographically by node ids and edge ids.
void rank_paths(const knowledge_graph& g, std::vector<graph_path>& paths);

}  // namespace kg::graph
