// Fuzz target: the graph readers. Bad input must become kg::error; a graph
// that reads must write and read back to the same bytes, as JSON and through
// the binary form. Input that starts with the binary magic goes to the
// binary reader.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "kg/core/error.hpp"
#include "kg/graph/graph_binary.hpp"
#include "kg/graph/graph_json.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    kg::graph::knowledge_graph g;
    try {
        g = kg::graph::looks_like_graph_binary(text) ? kg::graph::parse_graph_binary(text, "fuzz.kgb")
                                                      : kg::graph::parse_graph_json(text, "fuzz.json");
    } catch (const kg::error&) {
        return 0;
    }
    std::string once = kg::graph::to_graph_json(g);
    std::string twice, binary_back;
    try {
        twice = kg::graph::to_graph_json(kg::graph::parse_graph_json(once, "written.json"));
        binary_back = kg::graph::to_graph_json(kg::graph::parse_graph_binary(kg::graph::to_graph_binary(g), "written.kgb"));
    } catch (const kg::error&) {
        std::abort();  // kg wrote a graph it cannot read
    }
    if (once != twice || once != binary_back) std::abort();
    return 0;
}
