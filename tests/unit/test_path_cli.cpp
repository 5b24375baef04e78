#include <catch2/catch.hpp>

#include "kg/core/io.hpp"
#include "kg/graph/graph_json.hpp"
#include "test_graph_fixture.hpp"

using kg::test::run_kg;
using kg::test::shell_quote;
namespace ids = kg::test::ids;

namespace {
struct graph_file {
    kg::test::scratch_dir dir{"cli_path"};
    std::string path = dir.file("g.json");
    graph_file() { kg::graph::write_graph_json(kg::test::sample_graph(), path); }
    std::string args(const std::string& rest) const { return "path " + shell_quote(path) + " " + rest; }
};
}  // namespace

TEST_CASE("kg path prints hops with evidence", "[path][cli]") {
    graph_file g;
    auto r = run_kg(g.args("'lei jun' XIAOMI"));
    REQUIRE(r.status == 0);
    CHECK(r.output.find("Lei Jun (Person) --[FOUNDER_OF: founder of]--> Xiaomi (Company)") != std::string::npos);
    CHECK(r.output.find("    evidence: d1: \"Lei Jun founded Xiaomi.\"") != std::string::npos);
}

TEST_CASE("kg path shows edges walked backwards and goes through actions", "[path][cli]") {
    graph_file g;
    auto r = run_kg(g.args("Xiaomi 'US District Court'"));
    REQUIRE(r.status == 0);
    CHECK(r.output.find("path 1 of 1 (2 hops):") != std::string::npos);
    CHECK(r.output.find("Xiaomi (Company) <--[TARGETS: targets]-- blacklisting of Xiaomi (Action)") !=
          std::string::npos);
    CHECK(r.output.find("blacklisting of Xiaomi (Action) <--[ENJOINED: enjoined]-- US District Court (Court)") !=
          std::string::npos);
}

TEST_CASE("kg path matches aliases and marks negative and reported facts", "[path][cli]") {
    graph_file g;
    auto r = run_kg(g.args("pentagon 'Lei Jun' --include-negated"));
    REQUIRE(r.status == 0);
    CHECK(r.output.find("--[BLACKLISTED: NOT blacklisted]-->") != std::string::npos);
    auto positive = run_kg(g.args("pentagon 'Lei Jun'"));
    REQUIRE(positive.status == 0);
    CHECK(positive.output.find("NOT blacklisted") == std::string::npos);
    CHECK(positive.output.find("(2 hops)") != std::string::npos);
    auto rep = run_kg(g.args("xiaomi pentagon --k 2"));
    REQUIRE(rep.status == 0);
    CHECK(rep.output.find("path 2 of 2") != std::string::npos);
    CHECK(rep.output.find("[ACCUSED: accused (reported)]") != std::string::npos);
}

TEST_CASE("kg path --format json lists node and edge ids", "[path][cli]") {
    graph_file g;
    auto r = run_kg(g.args("'Rudolph Contreras' Xiaomi --format json"));
    REQUIRE(r.status == 0);
    auto expected_nodes = "\"nodes\": [\n        \"" + ids::judge + "\",\n        \"" + ids::court + "\",\n        \"" +
                          ids::action + "\",\n        \"" + ids::xiaomi + "\"\n      ]";
    CHECK(r.output.find("{\n  \"paths\": [") == 0);
    CHECK(r.output.find(expected_nodes) != std::string::npos);
    CHECK(r.output.find("\"edges\": [") != std::string::npos);
}

TEST_CASE("kg path --k gives the K shortest paths; one path by default", "[path][cli]") {
    graph_file g;
    auto r = run_kg(g.args("xiaomi pentagon"));
    REQUIRE(r.status == 0);
    CHECK(r.output.find("path 1 of 1") != std::string::npos);
    auto three = run_kg(g.args("xiaomi pentagon --k 3 -f json"));
    REQUIRE(three.status == 0);
    // SUED, ACCUSED, and the way round through the blacklisting
    CHECK(three.output.find(ids::action) != std::string::npos);
    CHECK(run_kg(g.args("xiaomi pentagon --k 0")).status == 1);
    CHECK(run_kg(g.args("xiaomi pentagon --max 2")).output.find("path 2 of 2") != std::string::npos);
}

TEST_CASE("kg path --all and --max-hops list every simple path", "[path][cli]") {
    graph_file g;
    auto r = run_kg(g.args("xiaomi pentagon --all --max-hops 2"));
    REQUIRE(r.status == 0);
    CHECK(r.output.find("path 3 of 3") != std::string::npos);
    auto one = run_kg(g.args("xiaomi pentagon --all --max-hops 1"));
    CHECK(one.output.find("path 2 of 2") != std::string::npos);
    auto limited = run_kg(g.args("xiaomi pentagon --all --max-hops 2 --limit 1"));
    CHECK(limited.output.find("path 1 of 1 (1 hop)") != std::string::npos);
}

TEST_CASE("kg path filters relations and weighs confidences", "[path][cli]") {
    graph_file g;
    auto r = run_kg(g.args("xiaomi pentagon --exclude-relations SUED,ACCUSED"));
    REQUIRE(r.status == 0);
    CHECK(r.output.find("(2 hops)") != std::string::npos);
    auto only = run_kg(g.args("xiaomi pentagon --relations FOUNDER_OF"));
    CHECK(only.status == 0);
    CHECK(only.output.find("no path between") != std::string::npos);
    auto types = run_kg(g.args("contreras xiaomi --node-types Person"));
    CHECK(types.output.find("no path between") != std::string::npos);
    auto weighted = run_kg(g.args("'Lei Jun' xiaomi --weighted"));
    REQUIRE(weighted.status == 0);
    CHECK(weighted.output.find("(1 hop, confidence 0.8)") != std::string::npos);
}

TEST_CASE("kg path names ambiguous and unknown entities", "[path][cli][lookup]") {
    kg::test::scratch_dir dir{"cli_path_lookup"};
    auto graph = kg::test::sample_graph();
    graph.add_entity(kg::test::make_node("Product", "Xiaomi"));
    graph.add_entity(kg::test::make_node("Product", "Acme"));
    graph.add_entity(kg::test::make_node("Location", "Acme"));
    std::string file = dir.file("g.json");
    kg::graph::write_graph_json(graph, file);
    // Two nodes named Xiaomi: the one with facts is meant, and a note says so.
    auto r = run_kg("path " + shell_quote(file) + " xiaomi 'Lei Jun'", true);
    CHECK(r.status == 0);
    CHECK(r.output.find("kg: note: \"xiaomi\" matches 2 entities; using Xiaomi (Company, company:xiaomi)") !=
          std::string::npos);
    CHECK(r.output.find("Xiaomi (Product, product:xiaomi)") != std::string::npos);
    // Two fact-less nodes of one name: nothing tells them apart.
    auto tie = run_kg("path " + shell_quote(file) + " Acme 'Lei Jun'", true);
    CHECK(tie.status == 2);
    CHECK(tie.output.find("kg: error: \"Acme\" is ambiguous") != std::string::npos);
    CHECK(tie.output.find("Acme (Product, product:acme)") != std::string::npos);
    CHECK(tie.output.find("Acme (Location, location:acme)") != std::string::npos);
    auto by_id = run_kg("path " + shell_quote(file) + " company:xiaomi 'Lei Jun'");
    CHECK(by_id.status == 0);
    auto typo = run_kg("path " + shell_quote(file) + " Xiaomy 'Lei Jun'", true);
    CHECK(typo.status == 2);
    CHECK(typo.output.find("kg: error: no entity matches \"Xiaomy\"; did you mean:") != std::string::npos);
    CHECK(typo.output.find("company:xiaomi") != std::string::npos);
}

TEST_CASE("kg path without a connection says so and succeeds", "[path][cli]") {
    graph_file g;
    auto r = run_kg(g.args("'Nobody in particular' Xiaomi"));
    CHECK(r.status == 0);
    CHECK(r.output == "no path between 'Nobody in particular' and 'Xiaomi'\n");
    auto j = run_kg(g.args("'Nobody in particular' Xiaomi -f json"));
    CHECK(j.status == 0);
    CHECK(j.output == "{\n  \"paths\": [],\n  \"entities\": [],\n  \"facts\": []\n}\n");
}

TEST_CASE("kg path with an unknown name is an error", "[path][cli]") {
    graph_file g;
    auto r = run_kg(g.args("Huawei Xiaomi"), true);
    CHECK(r.status == 2);
    CHECK(r.output.find("kg: error: no entity matches \"Huawei\"") != std::string::npos);
    CHECK(run_kg("path /nonexistent.json a b").status == 2);
    CHECK(run_kg(g.args("onlyone")).status == 1);
}

TEST_CASE("kg path --avoid keeps paths out of a type", "[path][cli]") {
    graph_file g;
    auto r = run_kg(g.args("'US District Court' Xiaomi --avoid Action"));
    CHECK(r.status == 0);
    CHECK(r.output.find("no path between") != std::string::npos);
}

TEST_CASE("kg path --help describes output and exit status", "[path][cli]") {
    auto r = run_kg("path --help");
    CHECK(r.status == 0);
    CHECK(r.output.find("--k") != std::string::npos);
    CHECK(r.output.find("--include-negated") != std::string::npos);
    CHECK(r.output.find("no path") != std::string::npos);
    CHECK(r.output.find("Exit status") != std::string::npos);
}

TEST_CASE("kg path --format dot draws the paths for Graphviz", "[path][cli]") {
    graph_file g;
    auto r = run_kg(g.args("contreras pentagon -f dot"));
    REQUIRE(r.status == 0);
    CHECK(r.output.find("digraph kg {") != std::string::npos);
    CHECK(r.output.find("\"court:us-district-court\" -> \"action:blacklisting-of-xiaomi\"") != std::string::npos);
    CHECK(r.output.find("\"person:lei-jun\"") == std::string::npos);  // not on the path
    if (std::system("command -v dot >/dev/null 2>&1") == 0) {
        kg::test::scratch_dir dir("cli_path_dot");
        std::string file = dir.file("p.dot");
        kg::write_file_atomic(file, r.output);
        CHECK(std::system(("dot -Tsvg -o /dev/null " + shell_quote(file)).c_str()) == 0);
    }
}
