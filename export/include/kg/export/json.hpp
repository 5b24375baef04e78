#pragma once
// JSON export: the native kg-graph format (see kg/graph/graph_json.hpp).
#include <iosfwd>

#include "kg/graph/knowledge_graph.hpp"

namespace kg::exporter {

void write_json(const kg::graph::knowledge_graph& g, std::ostream& out);

}  // namespace kg::exporter
