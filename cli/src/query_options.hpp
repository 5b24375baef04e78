#pragma once
// Options and output helpers shared by the query commands (path, neighbors,
// subgraph, entities, stats).
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "kg/core/fact.hpp"
#include "kg/graph/knowledge_graph.hpp"
#include "kg/graph/query.hpp"

namespace kg::cli {

// Adds --relations, --exclude-relations, --include-negated (and, when
// `node_types`, --node-types and --avoid) to a subcommand.
void add_filter_options(CLI::App& sub, kg::graph::query_filter& filter, bool node_types);

// "Label (Type)" of a node id.
std::string node_text(const kg::graph::knowledge_graph& g, const std::string& id);

// "TYPE: label" of a fact with NOT for negative facts and its modality/time in brackets.
std::string relation_text(const kg::fact& f);

// The string with newlines and tabs replaced by spaces.
std::string one_line(std::string s);

// Writes `text` to standard output, or atomically to `path` unless it is "-".
void write_output(const std::string& path, const std::string& text);

}  // namespace kg::cli
