#pragma once
// A self-contained HTML page to look at a graph: the Graphviz SVG inlined,
// with a small script written for kg (no third-party code) that pans (drag),
// zooms (wheel, + and - keys or buttons), searches entities by label, alias
// or id (matches highlighted, Enter zooms to the next one) and shows a node's
// or a fact's details and evidence sentences when clicked; hovering shows the
// SVG tooltips. The page needs no network access.
#include <iosfwd>
#include <string>

#include "kg/core/ontology.hpp"
#include "kg/export/dot.hpp"
#include "kg/graph/knowledge_graph.hpp"

namespace kg::exporter {

struct html_options {
    dot_options dot;             // index_ids is forced on
    std::string layout = "dot";  // Graphviz layout engine (kg/export/render.hpp)
    std::string title = "kg knowledge graph";
};

// Renders the graph through Graphviz (render_graphviz) and writes the page.
// Throws what render_graphviz throws.
void write_html(const kg::graph::knowledge_graph& g, const kg::ontology* onto, const html_options& options,
                std::ostream& out);

// The graph's data as the page embeds it: compact JSON with "<" written as
// \u003c so that no string can close the <script> element. Nodes and edges
// are keyed by their SVG ids (kgn<i>, kge<i>).
std::string html_data_json(const kg::graph::knowledge_graph& g, const kg::ontology* onto);

}  // namespace kg::exporter
