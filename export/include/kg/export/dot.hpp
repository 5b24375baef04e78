#pragma once
// Graphviz DOT export of a knowledge graph.
#include <iosfwd>
#include <string>
#include <string_view>

#include "kg/core/ontology.hpp"
#include "kg/graph/knowledge_graph.hpp"

namespace kg::exporter {

// Writes a left-to-right digraph: one node per entity (fill colour and shape
// from the ontology's entity type, a neutral default when `onto` is null or
// the type is unknown), one edge per fact labelled with the fact label.
// Negative facts read "NOT <label>" and are dashed; facts that are not
// asserted read "<label> (reported)" (hedged, speculated) and are dotted.
// Nodes and edges are written in id order; every string is escaped.
void write_dot(const kg::graph::knowledge_graph& g, const kg::ontology* onto, std::ostream& out);
std::string to_dot(const kg::graph::knowledge_graph& g, const kg::ontology* onto);

struct dot_options {
    // Adds a "Legend" cluster with one sample node per entity type present
    // (ids "legend:<Type>", which make_entity_id never produces as it folds case).
    bool legend = false;
};
void write_dot(const kg::graph::knowledge_graph& g, const kg::ontology* onto, const dot_options& options,
               std::ostream& out);

// A DOT double-quoted string holding `text` literally: quotes and backslashes
// are escaped, line breaks become \n, other control characters spaces, and
// invalid UTF-8 is replaced by U+FFFD.
std::string dot_quote(std::string_view text);

}  // namespace kg::exporter
