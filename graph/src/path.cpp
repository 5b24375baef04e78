#include "kg/graph/path.hpp"

#include "kg/graph/lookup.hpp"

namespace kg::graph {

std::vector<std::string> find_nodes(const knowledge_graph& g, std::string_view query) {
    return lookup_entity(g, query, 0).ids;
}

double path_confidence(const knowledge_graph& g, const graph_path& path) {
    double c = 1.0;
    for (const auto& id : path.edges)
        if (const kg::fact* f = g.find_edge(id)) c *= f->confidence;
    return c;
}

}  // namespace kg::graph
