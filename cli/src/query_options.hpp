#pragma once
// Options and output helpers shared by the query commands (path, neighbors,
// subgraph, entities, stats).
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include "commands.hpp"
#include "kg/core/ontology.hpp"

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

// Reads a graph file (kg-graph JSON or .kgb), or standard input for "-".
kg::graph::knowledge_graph read_graph_arg(const std::string& path);

// The ontology of the data directory, or none when it cannot be loaded (the
// query commands then check names against the graph alone).
std::unique_ptr<kg::ontology> try_load_ontology(const global_options& g);

// Each name replaced by the known name it matches ignoring case; throws
// kg::usage_error for a name that matches none, with the closest known names:
// "unknown relation type 'SUEED' (--relations); did you mean SUED?".
void canonical_names(std::vector<std::string>& names, const std::set<std::string>& known, std::string_view what,
                     std::string_view option);
// The relation types (or entity types) of the ontology and of the graph.
std::set<std::string> known_relations(const kg::graph::knowledge_graph& g, const kg::ontology* onto);
std::set<std::string> known_entity_types(const kg::graph::knowledge_graph& g, const kg::ontology* onto);
// Checks and canonicalizes the relation and entity type names of a filter.
void check_filter(kg::graph::query_filter& filter, const kg::graph::knowledge_graph& g, const kg::ontology* onto);

// kg build's inputs are articles: a kg graph file (JSON or .kgb), or a file
// that is one JSON value rather than text or JSONL articles, is a usage error
// naming it (directories and - are read as they are).
void refuse_non_articles(const std::vector<std::string>& inputs);

// A graph file name for -o: "-", or ending in .json or .kgb (kg build, merge,
// subgraph write the native graph; drawings come from kg export).
void check_graph_output(const std::string& path);

using json_writer = rapidjson::PrettyWriter<rapidjson::StringBuffer>;
// The fields "id", "type", "label", "aliases" of an entity object (the caller
// starts and ends the object, and may add fields).
void write_entity_fields(json_writer& w, const kg::entity& e);
// {"id", "source", "source_label", "target", "target_label", "type", "label", "polarity", "modality", "time"?,
//  "confidence", "evidence": [{"document", "title"?, "sentence", "start", "end", "rule", "attributed_to"?}]}
void write_fact_json(json_writer& w, const kg::graph::knowledge_graph& g, const kg::fact& f);

}  // namespace kg::cli
