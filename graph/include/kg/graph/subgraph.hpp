#pragma once
// Smaller views of a knowledge graph, for readable diagrams of big graphs.
// Each returns a new graph holding copies of the kept nodes and edges and the
// documents their mentions and evidence refer to.
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "kg/graph/knowledge_graph.hpp"
#include "kg/graph/path.hpp"

namespace kg::graph {

// The nodes within `depth` hops (edges in either direction) of any centre,
// and every edge between two of them. Expansion does not continue through
// nodes `may_pass` rejects (they are kept as leaves). Throws kg::query_error
// when a centre id is not a node.
knowledge_graph neighbourhood(const knowledge_graph& g, const std::vector<std::string>& centre_ids,
                              std::size_t depth, const node_filter& may_pass = {});

// The given nodes and the given edges among them (unknown ids are query errors).
knowledge_graph subgraph_of(const knowledge_graph& g, const std::vector<std::string>& node_ids,
                            const std::vector<std::string>& edge_ids);

// The nodes and edges of the given paths.
knowledge_graph path_subgraph(const knowledge_graph& g, const std::vector<graph_path>& paths);

// The nodes keep_node accepts, the edges keep_edge accepts whose two ends are
// kept, and the documents their mentions and evidence refer to.
knowledge_graph filtered(const knowledge_graph& g, const std::function<bool(const kg::entity&)>& keep_node,
                         const std::function<bool(const kg::fact&)>& keep_edge);

// All nodes, and the edges whose confidence is at least `min_confidence`.
knowledge_graph with_min_confidence(const knowledge_graph& g, double min_confidence);

// All edges, and the nodes that have at least one.
knowledge_graph without_isolated_nodes(const knowledge_graph& g);

}  // namespace kg::graph
