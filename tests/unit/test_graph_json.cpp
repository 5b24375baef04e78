#include <catch2/catch.hpp>

#include <filesystem>
#include <map>

#include "kg/core/error.hpp"
#include "kg/core/io.hpp"
#include "kg/core/utf8.hpp"
#include "kg/graph/graph_file.hpp"
#include "kg/graph/graph_json.hpp"
#include "test_graph_fixture.hpp"

namespace ids = kg::test::ids;

namespace {

std::string bad_input(const std::string& name) { return std::string(KG_SOURCE_DIR) + "/tests/bad_input/" + name; }

}  // namespace

TEST_CASE("graph JSON round trip is lossless", "[graph][json]") {
    auto g = kg::test::awkward_graph();
    std::string text = kg::graph::to_graph_json(g);
    auto back = kg::graph::parse_graph_json(text, "memory.json");
    kg::test::check_same_graph(g, back);
    CHECK(kg::graph::to_graph_json(back) == text);
}

TEST_CASE("graph JSON has the documented shape", "[graph][json]") {
    std::string text = kg::graph::to_graph_json(kg::test::sample_graph());
    CHECK(text.rfind("{\n  \"format\": \"kg-graph\",\n  \"version\": 1,\n", 0) == 0);
    CHECK(text.find("\"documents\": [") != std::string::npos);
    CHECK(text.find("\"date\": \"2021-01-14\"") != std::string::npos);
    CHECK(text.find("\"polarity\": \"negative\"") != std::string::npos);
    CHECK(text.find("\"modality\": \"reported\"") != std::string::npos);
    CHECK(text.find("\"confidence\": 0.8") != std::string::npos);
    CHECK(text.find("\"title\": [\n") != std::string::npos);
    CHECK(text.find("\"ignored\"") == std::string::npos);  // document text is not stored
    CHECK(text.back() == '\n');
}

TEST_CASE("graph JSON files are written atomically and read back", "[graph][json]") {
    kg::test::scratch_dir dir("graph_json_file");
    auto g = kg::test::sample_graph();
    std::string path = dir.file("g.json");
    kg::graph::write_graph_json(g, path);
    auto back = kg::graph::read_graph_json(path);
    kg::test::check_same_graph(g, back);
    CHECK_THROWS_AS(kg::graph::read_graph_json(dir.file("missing.json")), kg::input_error);
}

TEST_CASE("optional graph JSON fields take defaults", "[graph][json]") {
    auto g = kg::graph::parse_graph_json(R"({"format": "kg-graph", "version": 1,
        "nodes": [{"id": "a", "type": "Person", "label": "A"}, {"id": "b", "type": "Person", "label": "B"}],
        "edges": [{"id": "f", "source": "a", "target": "b", "type": "MET_WITH"}]})",
                                         "min.json");
    CHECK(g.document_count() == 0);
    const kg::fact& f = *g.find_edge("f");
    CHECK(f.polarity == kg::polarity::positive);
    CHECK(f.modality == kg::modality::asserted);
    CHECK(f.confidence == 1.0);
    CHECK(f.evidence.empty());
}

TEST_CASE("malformed graph files are input errors naming the file and the problem", "[graph][json][bad_input]") {
    // file -> a fragment the message must contain
    const std::map<std::string, std::string> cases = {
        {"graph_truncated.json", "JSON syntax error"},
        {"graph_empty.json", "JSON syntax error"},
        {"graph_syntax_error_line3.json", "JSON syntax error"},
        {"graph_wrong_format.json", "not a kg-graph file"},
        {"graph_missing_format.json", "missing \"format\""},
        {"graph_wrong_version.json", "unsupported version 7"},
        {"graph_top_level_array.json", "expected a kg-graph object"},
        {"graph_edge_unknown_node.json", "edges[0] (id 'f1'): target 'company:ghost' is not a node"},
        {"graph_duplicate_node.json", "nodes[2] (id 'person:a'): duplicate node id"},
        {"graph_duplicate_edge.json", "edges[1] (id 'f1'): duplicate edge id"},
        {"graph_wrong_types.json", "nodes[0] (id 'person:a').label: expected a string, found a number"},
        {"graph_nodes_not_array.json", "nodes: expected an array"},
        {"graph_bad_polarity.json", "bad polarity 'maybe'"},
        {"graph_bad_modality.json", "bad modality 'rumoured'"},
        {"graph_span_backwards.json", "mentions[0]: span end 10 is before start 20"},
        {"graph_negative_offset.json", "evidence[0].start: expected a non-negative integer"},
        {"graph_confidence_out_of_range.json", "confidence 3.5 is outside [0, 1]"},
        {"graph_invalid_utf8.json", "invalid UTF-8"},
        {"graph_lone_surrogate.json", "nodes[0] (id 'a').label: a \\u escape of a lone surrogate is not a character"},
        {"graph_deep_nesting.json", "nodes[0]: expected an object, found an array"},
    };
    for (const auto& [name, fragment] : cases) {
        INFO(name);
        std::string path = bad_input(name);
        REQUIRE(std::filesystem::exists(path));
        try {
            kg::graph::read_graph_json(path);
            FAIL("no error for " << name);
        } catch (const kg::input_error& e) {
            CHECK(e.file() == path);
            CHECK(std::string(e.what()).find(path) != std::string::npos);
            CHECK_THAT(e.what(), Catch::Contains(fragment));
        }
    }
}

TEST_CASE("every graph_* bad input file is rejected", "[graph][json][bad_input]") {
    std::size_t seen = 0;
    for (const auto& entry : std::filesystem::directory_iterator(std::string(KG_SOURCE_DIR) + "/tests/bad_input")) {
        std::string name = entry.path().filename().string();
        if (name.rfind("graph_", 0) != 0) continue;
        ++seen;
        INFO(name);
        CHECK_THROWS_AS(kg::graph::read_graph(entry.path().string()), kg::input_error);
    }
    CHECK(seen >= 19);
}

TEST_CASE("JSON syntax errors report the line", "[graph][json][bad_input]") {
    try {
        kg::graph::read_graph_json(bad_input("graph_syntax_error_line3.json"));
        FAIL("accepted");
    } catch (const kg::input_error& e) {
        CHECK(e.line() == 3);
    }
}

TEST_CASE("strings that are not valid UTF-8 are written repaired, so the file reads back", "[graph][json]") {
    kg::graph::knowledge_graph g;
    kg::entity e = kg::test::make_node("Misc", "ok");
    e.label = "bad \xff byte";
    e.attributes["k\xfe"] = {"v\xc3"};
    g.add_entity(e);
    std::string text = kg::graph::to_graph_json(g);
    CHECK(kg::is_valid_utf8(text));
    auto back = kg::graph::parse_graph_json(text, "repaired.json");
    CHECK(back.find_node(e.id)->label == "bad \xEF\xBF\xBD byte");
    CHECK(back.find_node(e.id)->attributes.count("k\xEF\xBF\xBD") == 1);
}
