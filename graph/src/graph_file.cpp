#include "kg/graph/graph_file.hpp"

#include "kg/core/io.hpp"
#include "kg/graph/graph_binary.hpp"
#include "kg/graph/graph_json.hpp"

namespace kg::graph {

graph_format graph_format_for(std::string_view path) noexcept {
    return path.ends_with(".kgb") ? graph_format::binary : graph_format::json;
}

std::string serialize_graph(const knowledge_graph& g, graph_format format) {
    return format == graph_format::binary ? to_graph_binary(g) : to_graph_json(g);
}

knowledge_graph read_graph(const std::string& path) {
    std::string bytes = kg::read_file(path);
    if (looks_like_graph_binary(bytes)) return parse_graph_binary(bytes, path);
    return parse_graph_json(bytes, path);
}

void write_graph(const knowledge_graph& g, const std::string& path) {
    kg::write_file_atomic(path, serialize_graph(g, graph_format_for(path)));
}

}  // namespace kg::graph
