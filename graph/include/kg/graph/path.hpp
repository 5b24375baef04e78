#pragma once
// Paths through a knowledge graph, and the name lookup the path commands use.
// The searches themselves are in query.hpp (query_graph).
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "kg/graph/knowledge_graph.hpp"

namespace kg::graph {

// Node ids matching `query`, sorted: the ids of the first tier of
// lookup_entity (lookup.hpp) that matches: an id; an exact label, else alias;
// a label, else an alias, compared with kg::normalize_name (case, Unicode
// compatibility forms and punctuation do not matter); whole words of a label
// or alias ("contreras" finds "Rudolph Contreras"). Empty when nothing matches.
std::vector<std::string> find_nodes(const knowledge_graph& g, std::string_view query);

struct graph_path {
    std::vector<std::string> nodes;  // node ids, from first to last
    std::vector<std::string> edges;  // edge ids; edges[i] joins nodes[i] and nodes[i+1] in either direction
    friend bool operator==(const graph_path&, const graph_path&) = default;
};

// Which intermediate nodes a walk may pass through (the end points always may).
using node_filter = std::function<bool(const kg::entity&)>;

// Product of the confidences of the path's edges.
double path_confidence(const knowledge_graph& g, const graph_path& path);

}  // namespace kg::graph
