#include "kg/export/json.hpp"

#include <ostream>

#include "kg/graph/graph_json.hpp"

namespace kg::exporter {

void write_json(const kg::graph::knowledge_graph& g, std::ostream& out) { out << kg::graph::to_graph_json(g); }

}  // namespace kg::exporter
