#include "kg/graph/graph_file.hpp"

#include <new>

#include "kg/core/error.hpp"
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

kg::read_options graph_read_options(const std::string& path) {
    kg::read_options options;
    options.check_head = [path](std::string_view head) {
        if (looks_like_graph_binary(head)) return;
        if (head.starts_with("\xEF\xBB\xBF")) head.remove_prefix(3);
        std::size_t first = head.find_first_not_of(" \t\r\n");
        if (first == std::string_view::npos) {
            if (head.size() < (std::size_t{1} << 16)) return;  // blank: the JSON parser names it
            throw kg::input_error("not a kg graph: 64 KiB of blanks and no JSON", path);
        }
        if (head[first] != '{' && head[first] != '[')  // an array: the JSON reader says what is wrong
            throw kg::input_error("not a kg graph (neither a JSON object nor a .kgb file); not read", path);
    };
    return options;
}

knowledge_graph read_graph(const std::string& path) {
    try {
        std::string bytes = kg::read_file(path, graph_read_options(path));
        if (looks_like_graph_binary(bytes)) return parse_graph_binary(bytes, path);
        return parse_graph_json(bytes, path);
    } catch (const std::bad_alloc&) {
        throw kg::input_error("out of memory while loading this graph", path);
    }
}

void write_graph(const knowledge_graph& g, const std::string& path) {
    kg::write_file_atomic(path, serialize_graph(g, graph_format_for(path)));
}

}  // namespace kg::graph
