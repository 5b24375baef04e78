#pragma once
// The interactive viewer: one self-contained HTML page built on Cytoscape.js
// with the fcose force-directed layout (both inlined from npm packages; see
// cmake/kg_viewer_assets.cmake) and a script written for kg. Drag nodes, pan
// and zoom; filter by entity type, relation and confidence; search by label,
// alias or id; click an entity to expand and focus its neighbourhood, a fact
// for its evidence sentences. Large graphs open on their best connected
// entities (html_options::initial_nodes) and grow as you expand. The page needs
// no network access.
#include <iosfwd>
#include <string>

#include "kg/core/ontology.hpp"
#include "kg/graph/knowledge_graph.hpp"

namespace kg::exporter {

struct html_options {
    std::string title = "kg knowledge graph";
    std::string note;                // a line for the legend (e.g. what was left out)
    std::size_t initial_nodes = 250;  // more entities than this: open on the best connected ones
};

// True when the Cytoscape.js assets were found at build time.
bool html_viewer_available() noexcept;

// Writes the page. Throws kg::usage_error when the viewer's JavaScript was not
// installed (scripts/install-deps.sh) when kg was built.
void write_html(const kg::graph::knowledge_graph& g, const kg::ontology* onto, const html_options& options,
                std::ostream& out);

// The graph's data as the page embeds it: compact JSON in which "<", ">" and
// "&" are written as \u003c, \u003e, \u0026, so that no string can close the
// <script> element ("</script>") or open a comment.
std::string html_data_json(const kg::graph::knowledge_graph& g, const kg::ontology* onto);

}  // namespace kg::exporter
