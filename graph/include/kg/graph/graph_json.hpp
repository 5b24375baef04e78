#pragma once
// The native interchange format of kg graphs ("kg-graph", version 1):
//
// {"format": "kg-graph", "version": 1,
//  "documents": [{"id", "title", "source", "date"?, "url"?, "hash"?}],
//  "nodes": [{"id", "type", "label", "aliases": [..], "attributes": {"title": [..]},
//             "mentions": [{"document", "start", "end", "text"}]}],
//  "edges": [{"id", "source", "target", "type", "label", "polarity", "modality", "time"?,
//             "confidence", "evidence": [{"document", "sentence", "start", "end", "rule", "attributed_to"?}]}]}
//
// start/end are Unicode code-point offsets, end exclusive. Everything is
// written sorted by id, pretty-printed with a 2-space indent, and reads back
// to an identical graph (strings that are not valid UTF-8, which kg never
// produces, are written with U+FFFD replacements). "hash" is the content hash
// of the document's text (knowledge_graph::content_hash), which lets
// `kg build --into` recognise an article it has already read. On reading, "date", "url", "hash", "time", "aliases",
// "attributes", "mentions", "label", "polarity" (positive), "modality"
// (asserted), "confidence" (1) and "evidence" may be absent.
#include <string>
#include <string_view>

#include "kg/graph/knowledge_graph.hpp"

namespace kg::graph {

std::string to_graph_json(const knowledge_graph& g);

// Parses and validates; throws kg::input_error naming `source_name`, the line
// (for syntax errors) or the offending document/node/edge, and the problem.
knowledge_graph parse_graph_json(std::string_view text, const std::string& source_name);

// Reads a file; throws kg::input_error naming the file.
knowledge_graph read_graph_json(const std::string& path);

// Writes atomically (kg::write_file_atomic); throws kg::input_error.
void write_graph_json(const knowledge_graph& g, const std::string& path);

}  // namespace kg::graph
