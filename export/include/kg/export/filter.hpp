#pragma once
// Filters that cut a graph down to what a diagram needs, before export.
// (The graph module has neighbourhood and confidence filters in
// kg/graph/subgraph.hpp; these add filtering by relation and entity type.)
#include <string>
#include <vector>

#include "kg/core/ontology.hpp"
#include "kg/graph/knowledge_graph.hpp"

namespace kg::exporter {

struct type_filter {
    // Relation types to keep (compared case-insensitively); empty keeps all.
    std::vector<std::string> relations;
    // Entity types to keep; with an ontology a type keeps its subtypes too
    // (Organization keeps Company). Empty keeps all.
    std::vector<std::string> node_types;
};

// A copy of `g` with the nodes of the wanted types and the edges of the
// wanted relations between two kept nodes, and the documents their mentions
// and evidence refer to. Throws kg::usage_error for a relation or type name
// that neither the ontology nor the graph knows.
kg::graph::knowledge_graph filter_types(const kg::graph::knowledge_graph& g, const type_filter& filter,
                                        const kg::ontology* onto);

}  // namespace kg::exporter
