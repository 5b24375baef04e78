#pragma once
// Reading and writing graph files in either of kg's native forms: the
// kg-graph JSON (graph_json.hpp) or the binary ".kgb" (graph_binary.hpp).
#include <string>
#include <string_view>

#include "kg/core/io.hpp"
#include "kg/graph/knowledge_graph.hpp"

namespace kg::graph {

enum class graph_format { json, binary };

// binary for a path ending in ".kgb", json otherwise (including "-").
graph_format graph_format_for(std::string_view path) noexcept;

std::string serialize_graph(const knowledge_graph& g, graph_format format);

// Reads either form, told apart by the first bytes; throws kg::input_error naming the file.
// Content that starts like neither (a device, /dev/zero) is refused after its
// first 64 KiB; a file over 4 GiB (kg::default_max_file_bytes) is refused
// without being read; running out of memory is an error naming the file.
knowledge_graph read_graph(const std::string& path);

// The read options read_graph uses (the head check above).
kg::read_options graph_read_options(const std::string& path);

// Writes atomically, in the form graph_format_for(path) names.
void write_graph(const knowledge_graph& g, const std::string& path);

}  // namespace kg::graph
