// kg export's formats, filters and errors through the command line.
#include <catch2/catch.hpp>

#include <filesystem>

#include "kg/core/io.hpp"
#include "kg/graph/graph_json.hpp"
#include "test_export_fixture.hpp"

using kg::test::run_kg;
using kg::test::shell_quote;

TEST_CASE("kg export writes every single-file format to stdout and to -o", "[export][cli]") {
    kg::test::scratch_dir dir("cli_export_formats");
    std::string graph = dir.file("g.json");
    kg::graph::write_graph_json(kg::test::sample_graph(), graph);
    struct expect {
        const char* format;
        const char* starts_with;
    };
    for (auto [format, start] : {expect{"node-link", "{"}, expect{"cytoscape", "{"}, expect{"jgf", "{"},
                                 expect{"graphml", "<?xml"}, expect{"gexf", "<?xml"}, expect{"cypher", "// kg"},
                                 expect{"ntriples", "<https://kg.example.org/document/d1>"}, expect{"csv", "id,"}}) {
        INFO(format);
        auto r = run_kg("export " + shell_quote(graph) + " -f " + format);
        REQUIRE(r.status == 0);
        CHECK(r.output.rfind(start, 0) == 0);
        std::string out = dir.file(std::string("out.") + format);
        REQUIRE(run_kg("export " + shell_quote(graph) + " -f " + format + " -o " + shell_quote(out)).status == 0);
        CHECK(kg::read_file(out) == r.output);
    }
}

TEST_CASE("kg export --format neo4j writes a directory of CSV files and an import script", "[export][cli][neo4j]") {
    kg::test::scratch_dir dir("cli_export_neo4j");
    std::string graph = dir.file("g.json");
    kg::graph::write_graph_json(kg::test::sample_graph(), graph);
    std::string out = dir.file("neo");
    auto r = run_kg("export " + shell_quote(graph) + " -f neo4j -o " + shell_quote(out), true);
    REQUIRE(r.status == 0);
    std::string nodes = kg::read_file(out + "/nodes.csv");
    std::string rels = kg::read_file(out + "/relationships.csv");
    CHECK(nodes.rfind("id:ID,:LABEL,", 0) == 0);
    CHECK(nodes.find("company:xiaomi,Entity;Company,Xiaomi,Company,Xiaomi Corp.;小米,") != std::string::npos);
    CHECK(rels.rfind(":START_ID,:END_ID,:TYPE,", 0) == 0);
    CHECK(rels.find("person:lei-jun,company:xiaomi,FOUNDER_OF,") != std::string::npos);
    auto perms = std::filesystem::status(out + "/import.sh").permissions();
    CHECK((perms & std::filesystem::perms::owner_exec) != std::filesystem::perms::none);
    // without -o there is nowhere to put three files
    auto no_dir = run_kg("export " + shell_quote(graph) + " -f neo4j", true);
    CHECK(no_dir.status == 1);
    CHECK(no_dir.output.find("-o DIR") != std::string::npos);
}

TEST_CASE("kg export --subgraph, --relations and --node-types cut the graph", "[export][cli][filter]") {
    kg::test::scratch_dir dir("cli_export_filters");
    std::string graph = dir.file("g.json");
    kg::graph::write_graph_json(kg::test::sample_graph(), graph);
    auto sub = run_kg("export " + shell_quote(graph) + " --subgraph 'lei jun' --hops 1 -f json");
    REQUIRE(sub.status == 0);
    auto s = kg::graph::parse_graph_json(sub.output, "stdout");
    CHECK(s.node_count() == 3);
    auto rel = run_kg("export " + shell_quote(graph) + " --relations sued,ACCUSED -f json");
    REQUIRE(rel.status == 0);
    auto r = kg::graph::parse_graph_json(rel.output, "stdout");
    CHECK(r.edge_count() == 2);
    CHECK(r.node_count() == 7);
    auto types = run_kg("export " + shell_quote(graph) + " --node-types Organization --connected -f json");
    REQUIRE(types.status == 0);
    auto t = kg::graph::parse_graph_json(types.output, "stdout");
    CHECK(t.node_count() == 2);  // Xiaomi and the Pentagon (SUED, ACCUSED); the court has no fact left
    CHECK(t.edge_count() == 2);
    for (const kg::entity* e : t.nodes()) CHECK(e->type != "Person");
    // filters combine: only SUED facts, then the neighbourhood of Xiaomi
    auto both = run_kg("export " + shell_quote(graph) + " --relations SUED --subgraph Xiaomi --hops 2 -f json");
    REQUIRE(both.status == 0);
    auto b = kg::graph::parse_graph_json(both.output, "stdout");
    CHECK(b.node_count() == 2);
    CHECK(b.edge_count() == 1);
    auto bad = run_kg("export " + shell_quote(graph) + " --relations NO_SUCH_RELATION", true);
    CHECK(bad.status == 1);
    CHECK(bad.output.find("unknown relation type 'NO_SUCH_RELATION'") != std::string::npos);
    CHECK(run_kg("export " + shell_quote(graph) + " --node-types Spaceship").status == 1);
    CHECK(run_kg("export " + shell_quote(graph) + " -f ntriples --iri-base 'not an iri'").status == 1);
    auto base = run_kg("export " + shell_quote(graph) + " -f ntriples --iri-base urn:test:");
    REQUIRE(base.status == 0);
    CHECK(base.output.rfind("<urn:test:document/d1>", 0) == 0);
}

TEST_CASE("kg export picks the format from the -o extension when --format is absent", "[export][cli]") {
    kg::test::scratch_dir dir("cli_export_extension");
    std::string graph = dir.file("g.json");
    kg::graph::write_graph_json(kg::test::sample_graph(), graph);
    for (auto [name, start] : {std::pair{"g.graphml", "<?xml"}, std::pair{"g.nt", "<https://"},
                               std::pair{"g.csv", "id,source,"}, std::pair{"g.cypher", "// kg"},
                               std::pair{"g.dot", "// kg knowledge graph"}}) {
        INFO(name);
        REQUIRE(run_kg("export " + shell_quote(graph) + " -o " + shell_quote(dir.file(name))).status == 0);
        CHECK(kg::read_file(dir.file(name)).rfind(start, 0) == 0);
    }
}
