#pragma once
// JSON exports for other tools, written with RapidJSON's Writer, streamed to
// an ostream, nodes and edges in id order. Every node carries label, type,
// aliases, attributes and mentions; every edge type, label, polarity,
// modality, time (when known), confidence and evidence.
#include <iosfwd>

#include "kg/graph/knowledge_graph.hpp"

namespace kg::exporter {

// NetworkX / D3 node-link data: {"directed": true, "multigraph": true,
// "graph": {"name", "documents"}, "nodes": [{"id", ...}], "links": [{"source",
// "target", "key" (the fact id), ...}]}; networkx.node_link_graph reads it.
void write_node_link(const kg::graph::knowledge_graph& g, std::ostream& out);

// Cytoscape.js elements: {"data", "directed", "multigraph", "elements":
// {"nodes": [{"data": {"id", "value", "name", ...}}], "edges": [{"data": {"id",
// "source", "target", "key", ...}}]}}; networkx.cytoscape_graph reads it
// ("value" is the node id, "name" its label).
void write_cytoscape(const kg::graph::knowledge_graph& g, std::ostream& out);

// JSON Graph Format v2: {"graph": {"id", "type", "label", "directed",
// "metadata": {"documents"}, "nodes": {<id>: {"label", "metadata"}}, "edges":
// [{"id", "source", "target", "relation", "directed", "label", "metadata"}]}}.
void write_jgf(const kg::graph::knowledge_graph& g, std::ostream& out);

}  // namespace kg::exporter
