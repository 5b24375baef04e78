#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "kg/core/io.hpp"
#include "kg/core/ontology.hpp"
#include "kg/export/dot.hpp"
#include "kg/export/json.hpp"
#include "kg/graph/graph_json.hpp"
#include "test_graph_fixture.hpp"

using kg::test::make_edge;
using kg::test::make_node;
namespace ids = kg::test::ids;

namespace {

// A fixed ontology, so the golden files do not change with data/ontology.json.
kg::ontology test_ontology() {
    return kg::ontology::parse(R"({"format": "kg-ontology", "version": 1,
      "entity_types": [
        {"name": "Entity", "color": "#e0e0e0", "shape": "ellipse"},
        {"name": "Person", "display": "Person", "parent": "Entity", "color": "#fdd49e", "shape": "ellipse"},
        {"name": "Company", "display": "Company", "parent": "Entity", "color": "#9ecae1", "shape": "box"},
        {"name": "GovernmentAgency", "display": "Government agency", "parent": "Entity", "color": "#bcbddc", "shape": "box"},
        {"name": "Court", "display": "Court", "parent": "GovernmentAgency", "color": "#dadaeb", "shape": "box"},
        {"name": "Action", "display": "Action", "parent": "Entity", "color": "#fc9272", "shape": "diamond"}],
      "relation_types": [{"name": "SUED", "label": "sued"}]})",
                               "test-ontology.json");
}

bool have_dot() { return std::system("command -v dot >/dev/null 2>&1") == 0; }

// Runs `dot -Tsvg` on `text`; returns the exit status and the SVG.
std::pair<int, std::string> run_dot(const std::string& text, const kg::test::scratch_dir& dir) {
    std::string in = dir.file("in.dot");
    std::string out = dir.file("out.svg");
    kg::write_file_atomic(in, text);
    int raw = std::system(("dot -Tsvg -o '" + out + "' '" + in + "' 2>'" + dir.file("err.txt") + "'").c_str());
    int status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    std::string svg = std::filesystem::exists(out) ? kg::read_file(out) : std::string();
    return {status, svg};
}

void compare_golden(const std::string& name, const std::string& actual) {
    std::string path = std::string(KG_SOURCE_DIR) + "/tests/golden/" + name;
    if (const char* update = std::getenv("KG_UPDATE_GOLDEN"); update && std::string(update) == "1") {
        kg::write_file_atomic(path, actual);
        WARN("rewrote " << path);
        return;
    }
    REQUIRE(std::filesystem::exists(path));
    CHECK(kg::read_file(path) == actual);
}

}  // namespace

TEST_CASE("dot_quote escapes quotes, backslashes and line breaks", "[export][dot]") {
    CHECK(kg::exporter::dot_quote("plain") == "\"plain\"");
    CHECK(kg::exporter::dot_quote("say \"hi\"") == "\"say \\\"hi\\\"\"");
    CHECK(kg::exporter::dot_quote("a\\b") == "\"a\\\\b\"");
    CHECK(kg::exporter::dot_quote("ends with \\") == "\"ends with \\\\\"");
    CHECK(kg::exporter::dot_quote("two\nlines") == "\"two\\nlines\"");
    CHECK(kg::exporter::dot_quote("crlf\r\nline") == "\"crlf\\nline\"");
    CHECK(kg::exporter::dot_quote("tab\there\x01") == "\"tab here \"");
    CHECK(kg::exporter::dot_quote("{braces} <angle> [x]; a->b") == "\"{braces} <angle> [x]; a->b\"");
    CHECK(kg::exporter::dot_quote("Ünï 小米 😀") == "\"Ünï 小米 😀\"");
    CHECK(kg::exporter::dot_quote("") == "\"\"");
    CHECK(kg::exporter::dot_quote("a\xff b") == "\"a\xEF\xBF\xBD b\"");  // invalid UTF-8 repaired
}

TEST_CASE("DOT output styles nodes by type and edges by polarity and modality", "[export][dot]") {
    auto onto = test_ontology();
    std::string dot = kg::exporter::to_dot(kg::test::sample_graph(), &onto);
    CHECK(dot.find("digraph kg {") != std::string::npos);
    CHECK(dot.find("rankdir=\"LR\"") != std::string::npos);
    CHECK(dot.find("style=\"filled\"") != std::string::npos);
    CHECK(dot.find("\"company:xiaomi\" [label=\"Xiaomi\", shape=\"box\", fillcolor=\"#9ecae1\"") != std::string::npos);
    CHECK(dot.find("\"action:blacklisting-of-xiaomi\" [label=\"blacklisting of Xiaomi\", shape=\"diamond\"") !=
          std::string::npos);
    CHECK(dot.find("\"person:lei-jun\" -> \"company:xiaomi\"") != std::string::npos);
    CHECK(dot.find("label=\"NOT blacklisted\", style=\"dashed\"") != std::string::npos);
    CHECK(dot.find("label=\"accused (reported)\", style=\"dotted\"") != std::string::npos);
    CHECK(dot.find("label=\"founder of\", style=\"solid\"") != std::string::npos);
    CHECK(dot.back() == '\n');
}

TEST_CASE("DOT output without an ontology uses default styling", "[export][dot]") {
    std::string dot = kg::exporter::to_dot(kg::test::sample_graph(), nullptr);
    CHECK(dot.find("\"company:xiaomi\" [label=\"Xiaomi\", shape=\"ellipse\", fillcolor=\"#f0f0f0\"") !=
          std::string::npos);
}

TEST_CASE("DOT legend lists the entity types present", "[export][dot]") {
    auto onto = test_ontology();
    auto g = kg::test::sample_graph();
    std::ostringstream out;
    kg::exporter::write_dot(g, &onto, {.legend = true}, out);
    std::string dot = out.str();
    CHECK(dot.find("subgraph cluster_legend {") != std::string::npos);
    CHECK(dot.find("\"legend:Court\" [label=\"Court\", shape=\"box\", fillcolor=\"#dadaeb\"") != std::string::npos);
    CHECK(dot.find("\"legend:GovernmentAgency\" [label=\"Government agency\"") != std::string::npos);
    CHECK(dot.find("legend:Country") == std::string::npos);  // no Country node in the graph
    CHECK(kg::exporter::to_dot(g, &onto).find("legend") == std::string::npos);  // off by default
    if (have_dot()) {
        kg::test::scratch_dir dir("export_dot_legend");
        CHECK(run_dot(dot, dir).first == 0);
    }
}

TEST_CASE("DOT output does not depend on insertion order", "[export][dot]") {
    auto a = kg::test::sample_graph();
    kg::graph::knowledge_graph b;
    auto docs = a.documents();
    for (auto it = docs.rbegin(); it != docs.rend(); ++it) b.add_document(**it);
    auto nodes = a.nodes();
    for (auto it = nodes.rbegin(); it != nodes.rend(); ++it) b.add_entity(**it);
    auto edges = a.edges();
    for (auto it = edges.rbegin(); it != edges.rend(); ++it) b.add_fact(**it);
    auto onto = test_ontology();
    CHECK(kg::exporter::to_dot(a, &onto) == kg::exporter::to_dot(b, &onto));
    CHECK(kg::graph::to_graph_json(a) == kg::graph::to_graph_json(b));
}

TEST_CASE("Graphviz accepts DOT with hostile labels", "[export][dot][graphviz]") {
    kg::graph::knowledge_graph g;
    std::vector<std::string> labels = {
        "He said \"no\"",       "back\\slash",          "trailing backslash \\", "two\nlines\r\nthree",
        "{braces} [brackets]",  "<b>not html</b>",      "emoji 😀🚀 and 小米",   "semi; colon, comma = eq",
        "\\N \\G \\L escapes",  "quote at end \"",      "-> arrow -- dash",      "tab\tand\x01control",
    };
    std::vector<std::string> node_ids;
    for (std::size_t i = 0; i < labels.size(); ++i) {
        kg::entity e;
        e.id = "misc:" + labels[i];  // hostile ids too
        e.type = i % 2 ? "Person" : "NoSuchType";
        e.label = labels[i];
        g.add_entity(e);
        node_ids.push_back(e.id);
    }
    for (std::size_t i = 0; i + 1 < labels.size(); ++i) {
        auto f = make_edge(node_ids[i], "RELATED_TO", node_ids[i + 1], labels[labels.size() - 1 - i], "d", "s",
                           i % 3 == 0 ? kg::polarity::negative : kg::polarity::positive,
                           i % 4 == 1 ? kg::modality::hedged : kg::modality::asserted);
        f.time = i % 5 == 0 ? "2021 \"Q1\"" : "";
        g.add_fact(f);
    }
    auto onto = test_ontology();
    std::string dot = kg::exporter::to_dot(g, &onto);
    if (!have_dot()) {
        WARN("Graphviz 'dot' is not on PATH: acceptance not checked");
        return;
    }
    kg::test::scratch_dir dir("export_dot_hostile");
    auto [status, svg] = run_dot(dot, dir);
    INFO(dot);
    REQUIRE(status == 0);
    CHECK(svg.find("<svg") != std::string::npos);
    CHECK(svg.find("emoji 😀🚀 and 小米") != std::string::npos);
    CHECK(svg.find("trailing backslash \\") != std::string::npos);
    CHECK(svg.find("He said &quot;no&quot;") != std::string::npos);
    CHECK(svg.find("\\N \\G \\L escapes") != std::string::npos);  // shown literally, not substituted
    // every node and edge made it into the picture
    std::size_t node_count = 0, edge_count = 0;
    for (std::size_t p = 0; (p = svg.find("class=\"node\"", p)) != std::string::npos; ++p) ++node_count;
    for (std::size_t p = 0; (p = svg.find("class=\"edge\"", p)) != std::string::npos; ++p) ++edge_count;
    CHECK(node_count == labels.size());
    CHECK(edge_count == labels.size() - 1);
}

TEST_CASE("Graphviz accepts the sample graph and an empty graph", "[export][dot][graphviz]") {
    if (!have_dot()) {
        WARN("Graphviz 'dot' is not on PATH: acceptance not checked");
        return;
    }
    kg::test::scratch_dir dir("export_dot_sample");
    auto onto = test_ontology();
    CHECK(run_dot(kg::exporter::to_dot(kg::test::sample_graph(), &onto), dir).first == 0);
    CHECK(run_dot(kg::exporter::to_dot(kg::graph::knowledge_graph{}, nullptr), dir).first == 0);
}

TEST_CASE("DOT and JSON exports of the sample graph match the golden files", "[export][golden]") {
    auto g = kg::test::sample_graph();
    auto onto = test_ontology();
    std::ostringstream dot;
    kg::exporter::write_dot(g, &onto, dot);
    compare_golden("sample_graph.dot", dot.str());
    std::ostringstream json;
    kg::exporter::write_json(g, json);
    compare_golden("sample_graph.json", json.str());
    CHECK(json.str() == kg::graph::to_graph_json(g));
}
