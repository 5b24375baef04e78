#pragma once
// Graphviz DOT export of a knowledge graph.
#include <cstddef>
#include <iosfwd>
#include <string>
#include <string_view>

#include "kg/core/ontology.hpp"
#include "kg/graph/knowledge_graph.hpp"

namespace kg::exporter {

// Writes a digraph (left to right unless options say otherwise) that dot,
// neato and sfdp all lay out: one node per entity (fill colour and shape from
// the ontology's entity type, a neutral default when `onto` is null or the
// type is unknown; a tooltip with id, type, aliases and attributes), one edge
// per fact labelled with the fact label. Negative facts read "NOT <label>" and
// are dashed and red; facts that are not asserted read "<label> (reported)"
// (hedged, speculated) and are dotted. Edge tooltips give the relation, its
// confidence and the evidence sentences with their documents. Nodes and edges
// are written in id order; every string is escaped.
void write_dot(const kg::graph::knowledge_graph& g, const kg::ontology* onto, std::ostream& out);
std::string to_dot(const kg::graph::knowledge_graph& g, const kg::ontology* onto);

struct dot_options {
    // Adds a "Legend" cluster with one sample node per entity type present
    // (ids "legend:<Type>", which make_entity_id never produces as it folds
    // case) and samples of the edge styles (asserted, negated, hedged).
    bool legend = false;
    // Graphviz rankdir: LR, RL, TB or BT (see valid_rankdir).
    std::string rankdir = "LR";
    // Puts the evidence sentences (up to max_evidence per fact) in the edge
    // tooltips; without it tooltips name the relation and its confidence only.
    bool evidence = true;
    std::size_t max_evidence = 5;
    // Gives nodes the SVG ids "kgn<i>" and edges "kge<i>", i the position in id
    // order, instead of the fact id on edges (used by the HTML view).
    bool index_ids = false;
    // Graphviz fails on very long strings (a 16 KB sentence as evidence): each
    // label and tooltip, each evidence sentence in a tooltip and each node
    // name (see drawing_name) is cut to at most this many bytes (at a character boundary, ending in "…"). Only the
    // drawing is cut: the graph and the other formats keep every byte.
    std::size_t max_string_bytes = 2000;
};
bool valid_rankdir(std::string_view rankdir) noexcept;

void write_dot(const kg::graph::knowledge_graph& g, const kg::ontology* onto, const dot_options& options,
               std::ostream& out);

// A DOT double-quoted string holding `text` literally: quotes and backslashes
// are escaped, line breaks become \n, other control characters spaces, and
// invalid UTF-8 is replaced by U+FFFD.
std::string dot_quote(std::string_view text);

// `text` cut to at most `max_bytes` bytes at a UTF-8 character boundary, with
// "…" at the end when cut (max_bytes below 16 counts as 16).
std::string clip_for_drawing(std::string_view text, std::size_t max_bytes);
// The node name of an id in a drawing: the id itself, or one longer than
// `max_bytes` cut and followed by the hash of the whole id (still unique).
std::string drawing_name(std::string_view id, std::size_t max_bytes);

}  // namespace kg::exporter
