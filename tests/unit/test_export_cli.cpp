#include <catch2/catch.hpp>

#include <cstdlib>

#include "kg/core/io.hpp"
#include "kg/graph/graph_json.hpp"
#include "test_graph_fixture.hpp"

using kg::test::run_kg;
using kg::test::shell_quote;

TEST_CASE("kg export writes DOT to stdout by default", "[export][cli]") {
    kg::test::scratch_dir dir("cli_export_dot");
    std::string graph = dir.file("g.json");
    kg::graph::write_graph_json(kg::test::sample_graph(), graph);
    auto r = run_kg("export " + shell_quote(graph));
    REQUIRE(r.status == 0);
    CHECK(r.output.find("digraph kg {") != std::string::npos);
    CHECK(r.output.find("\"person:lei-jun\" -> \"company:xiaomi\"") != std::string::npos);
    CHECK(r.output.find("NOT blacklisted") != std::string::npos);
    // the real ontology colours Company nodes
    CHECK(r.output.find("\"company:xiaomi\" [label=\"Xiaomi\", shape=\"box\"") != std::string::npos);
}

TEST_CASE("kg export --format json reproduces the graph file", "[export][cli]") {
    kg::test::scratch_dir dir("cli_export_json");
    std::string graph = dir.file("g.json");
    kg::graph::write_graph_json(kg::test::sample_graph(), graph);
    auto r = run_kg("export " + shell_quote(graph) + " --format json");
    REQUIRE(r.status == 0);
    CHECK(r.output == kg::read_file(graph));
}

TEST_CASE("kg export -o writes the file and nothing to stdout", "[export][cli]") {
    kg::test::scratch_dir dir("cli_export_out");
    std::string graph = dir.file("g.json");
    kg::graph::write_graph_json(kg::test::sample_graph(), graph);
    std::string out = dir.file("out.dot");
    auto r = run_kg("export " + shell_quote(graph) + " -f dot -o " + shell_quote(out));
    REQUIRE(r.status == 0);
    CHECK(r.output.empty());
    std::string dot = kg::read_file(out);
    CHECK(dot.rfind("// kg knowledge graph: 7 nodes, 8 edges", 0) == 0);
    if (std::system("command -v dot >/dev/null 2>&1") == 0) {
        CHECK(std::system(("dot -Tsvg -o /dev/null " + shell_quote(out)).c_str()) == 0);
    } else {
        WARN("Graphviz 'dot' is not on PATH: acceptance not checked");
    }
    // a .json output name selects JSON when --format is not given
    std::string json_out = dir.file("out.json");
    REQUIRE(run_kg("export " + shell_quote(graph) + " -o " + shell_quote(json_out)).status == 0);
    CHECK(kg::read_file(json_out) == kg::read_file(graph));
}

TEST_CASE("kg export fails cleanly on bad input and bad usage", "[export][cli]") {
    std::string bad = std::string(KG_SOURCE_DIR) + "/tests/bad_input/graph_edge_unknown_node.json";
    auto r = run_kg("export " + shell_quote(bad), true);
    CHECK(r.status == 2);
    CHECK(r.output.find("kg: error: ") != std::string::npos);
    CHECK(r.output.find("graph_edge_unknown_node.json") != std::string::npos);
    CHECK(r.output.find("company:ghost") != std::string::npos);

    auto missing = run_kg("export /nonexistent/graph.json", true);
    CHECK(missing.status == 2);
    CHECK(missing.output.find("/nonexistent/graph.json") != std::string::npos);

    kg::test::scratch_dir dir("cli_export_usage");
    std::string graph = dir.file("g.json");
    kg::graph::write_graph_json(kg::test::sample_graph(), graph);
    CHECK(run_kg("export " + shell_quote(graph) + " --format xml").status == 1);
    CHECK(run_kg("export").status == 1);
    // a missing ontology is a data error
    CHECK(run_kg("--data " + shell_quote(dir.file("no-data")) + " export " + shell_quote(graph)).status == 2);
}

TEST_CASE("kg export --help describes the command", "[export][cli]") {
    auto r = run_kg("export --help");
    CHECK(r.status == 0);
    CHECK(r.output.find("--format") != std::string::npos);
    CHECK(r.output.find("dot") != std::string::npos);
    CHECK(r.output.find("--output") != std::string::npos);
}

TEST_CASE("kg export --around and --min-confidence export part of the graph", "[export][cli]") {
    kg::test::scratch_dir dir("cli_export_around");
    std::string graph = dir.file("g.json");
    kg::graph::write_graph_json(kg::test::sample_graph(), graph);
    auto r = run_kg("export " + shell_quote(graph) + " --around 'lei jun' --depth 1 -f json");
    REQUIRE(r.status == 0);
    auto sub = kg::graph::parse_graph_json(r.output, "stdout");
    CHECK(sub.node_count() == 3);
    CHECK(sub.edge_count() == 4);
    auto none = run_kg("export " + shell_quote(graph) + " --min-confidence 0.9 -f json");
    REQUIRE(none.status == 0);
    CHECK(kg::graph::parse_graph_json(none.output, "stdout").edge_count() == 0);
    auto ghost = run_kg("export " + shell_quote(graph) + " --around Huawei", true);
    CHECK(ghost.status == 2);
    CHECK(ghost.output.find("no node matches 'Huawei'") != std::string::npos);
    CHECK(run_kg("export " + shell_quote(graph) + " --min-confidence 2").status == 1);
    auto connected = run_kg("export " + shell_quote(graph) + " --connected -f json");
    REQUIRE(connected.status == 0);
    auto c = kg::graph::parse_graph_json(connected.output, "stdout");
    CHECK(c.node_count() == 6);  // the loner is gone
    CHECK(c.find_node(kg::test::ids::loner) == nullptr);
    CHECK(c.edge_count() == 8);
}
