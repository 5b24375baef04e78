// kg build end to end: the example article through build, export, Graphviz
// and path; bad inputs; --into; standard input; exit codes.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "kg/core/io.hpp"
#include "kg/graph/graph_json.hpp"
#include "test_graph_fixture.hpp"

using kg::test::run_kg;
using kg::test::shell_quote;

namespace {
const std::string example = std::string(KG_SOURCE_DIR) + "/examples/northwind.txt";

bool has_edge(const kg::graph::knowledge_graph& g, const std::string& s, const std::string& type, const std::string& t) {
    for (auto* f : g.edges())
        if (f->source == s && f->type == type && f->target == t) return true;
    return false;
}

void write(const std::string& path, const std::string& content) {
    std::ofstream(path, std::ios::binary) << content;
}
}  // namespace

TEST_CASE("the example article becomes a graph, a Graphviz picture and a path with evidence", "[build][cli][e2e]") {
    kg::test::scratch_dir dir{"build_e2e"};
    auto json = dir.file("g.json");
    auto r = run_kg("build " + shell_quote(example) + " -o " + shell_quote(json), true);
    REQUIRE(r.status == 0);
    CHECK(r.output.find("1 documents read") != std::string::npos);

    auto g = kg::graph::read_graph_json(json);
    CHECK(g.document_count() == 1);
    CHECK(has_edge(g, "governmentagency:us-department-of-commerce", "BLACKLISTED", "company:northwind-robotics"));
    CHECK(has_edge(g, "person:alan-whitfield", "ENJOINED", "action:blacklisting-of-northwind-robotics"));
    CHECK(has_edge(g, "action:blacklisting-of-northwind-robotics", "TARGETS", "company:northwind-robotics"));
    CHECK(has_edge(g, "person:maya-okafor", "CEO_OF", "company:northwind-robotics"));
    CHECK(has_edge(g, "person:maya-okafor", "FOUNDER_OF", "company:northwind-robotics"));
    CHECK(has_edge(g, "company:northwind-robotics", "SUED", "governmentagency:us-department-of-commerce"));
    CHECK(has_edge(g, "company:vantage-logistics", "STAKE_IN", "company:northwind-robotics"));
    const auto* judge = g.find_node("person:alan-whitfield");
    REQUIRE(judge);
    CHECK(judge->attributes.at("title").front() == "US District Judge");

    auto dot_file = dir.file("g.dot");
    REQUIRE(run_kg("export " + shell_quote(json) + " --format dot -o " + shell_quote(dot_file)).status == 0);
    if (std::system("command -v dot >/dev/null 2>&1") == 0) {
        auto cmd = "dot -Tsvg " + shell_quote(dot_file) + " -o " + shell_quote(dir.file("g.svg"));
        CHECK(std::system(cmd.c_str()) == 0);
        CHECK(kg::read_file(dir.file("g.svg")).find("Northwind Robotics") != std::string::npos);
    } else {
        WARN("Graphviz dot is not installed: the DOT output was not rendered");
    }

    auto path = run_kg("path " + shell_quote(json) + " 'maya okafor' 'Alan Whitfield'");
    REQUIRE(path.status == 0);
    CHECK(path.output.find("blacklisting of Northwind Robotics (Action)") != std::string::npos);
    CHECK(path.output.find("evidence: northwind: \"US District Judge Alan Whitfield later issued an injunction") !=
          std::string::npos);
}

TEST_CASE("kg build goes on past unreadable inputs and names them", "[build][cli][bad_input]") {
    kg::test::scratch_dir dir{"build_bad"};
    auto out = dir.file("g.json");
    auto missing = dir.file("missing.txt");
    auto r = run_kg("build " + shell_quote(missing) + " " + shell_quote(example) + " -o " + shell_quote(out), true);
    CHECK(r.status == 3);  // graph written, an input skipped
    CHECK(r.output.find("missing.txt") != std::string::npos);
    CHECK(kg::graph::read_graph_json(out).document_count() == 1);

    // --strict fails and leaves the good file alone.
    auto before = kg::read_file(out);
    auto strict = run_kg("build --strict " + shell_quote(missing) + " " + shell_quote(example) + " -o " + shell_quote(out), true);
    CHECK(strict.status == 2);
    CHECK(kg::read_file(out) == before);
}

TEST_CASE("kg build with nothing readable fails without touching the output", "[build][cli][bad_input]") {
    kg::test::scratch_dir dir{"build_nothing"};
    auto out = dir.file("g.json");
    write(out, "previous good content");
    auto empty = dir.file("empty.txt");
    write(empty, "");
    auto binary = dir.file("blob.txt");
    write(binary, std::string("\x7f" "ELF\x00\x00\x01\x02\x03", 9));
    auto r = run_kg("build " + shell_quote(empty) + " " + shell_quote(binary) + " -o " + shell_quote(out), true);
    CHECK(r.status == 2);
    CHECK(r.output.find("kg: error:") != std::string::npos);
    CHECK(kg::read_file(out) == "previous good content");
}

TEST_CASE("kg build --into adds documents to an existing graph", "[build][cli]") {
    kg::test::scratch_dir dir{"build_into"};
    auto first = dir.file("first.json");
    auto article = dir.file("acme.txt");
    write(article, "Acme Robotics sued Globex Corp over a patent.\n");
    REQUIRE(run_kg("build " + shell_quote(example) + " -o " + shell_quote(first)).status == 0);
    auto both = dir.file("both.json");
    REQUIRE(run_kg("build " + shell_quote(article) + " --into " + shell_quote(first) + " -o " + shell_quote(both)).status == 0);
    auto g = kg::graph::read_graph_json(both);
    CHECK(g.document_count() == 2);
    CHECK(g.find_node("company:northwind-robotics"));
    CHECK(has_edge(g, "company:acme-robotics", "SUED", "company:globex-corp"));
}

TEST_CASE("kg build reads an article from standard input", "[build][cli]") {
    kg::test::scratch_dir dir{"build_stdin"};
    auto out = dir.file("g.json");
    auto cmd = "build - -o " + shell_quote(out) + " < " + shell_quote(example);
    REQUIRE(run_kg(cmd).status == 0);
    auto g = kg::graph::read_graph_json(out);
    REQUIRE(g.document_count() == 1);
    CHECK(has_edge(g, "governmentagency:us-department-of-commerce", "BLACKLISTED", "company:northwind-robotics"));
}

TEST_CASE("kg build usage and data errors have their exit codes", "[build][cli][bad_input]") {
    CHECK(run_kg("build " + shell_quote(example)).status == 1);  // no -o
    CHECK(run_kg("frobnicate").status == 1);
    CHECK(run_kg("build --help").status == 0);
    kg::test::scratch_dir dir{"build_data"};
    auto r = run_kg("--data /nonexistent/kg-data build " + shell_quote(example) + " -o " + shell_quote(dir.file("g.json")), true);
    CHECK(r.status == 2);
    CHECK(r.output.find("/nonexistent/kg-data") != std::string::npos);
}

TEST_CASE("one claim asserted in one article and speculated in another is one edge, asserted", "[build][cli][merge]") {
    kg::test::scratch_dir dir{"build_modality"};
    auto a = dir.file("a.txt"), b = dir.file("b.txt"), out = dir.file("g.json");
    write(a, "Acme Robotics sued Globex Corp over a patent.\n");
    write(b, "It is speculated that Acme Robotics sued Globex Corp.\n");
    REQUIRE(run_kg("build " + shell_quote(a) + " " + shell_quote(b) + " -o " + shell_quote(out)).status == 0);
    auto g = kg::graph::read_graph_json(out);
    std::size_t sued = 0;
    for (auto* f : g.edges())
        if (f->type == "SUED") {
            ++sued;
            CHECK(f->modality == kg::modality::asserted);
            CHECK(f->evidence.size() == 2);
        }
    CHECK(sued == 1);
}

TEST_CASE("kg build reads JSONL articles and reports a malformed line by number", "[build][cli][bad_input]") {
    kg::test::scratch_dir dir{"build_jsonl"};
    auto in = dir.file("news.jsonl"), out = dir.file("g.json");
    write(in,
          "{\"id\": \"a1\", \"title\": \"Suit\", \"text\": \"Acme Robotics sued Globex Corp.\", \"date\": \"2024-05-01\"}\n"
          "{\"id\": \"a2\", \"text\": oops}\n"
          "{\"id\": \"a3\", \"text\": \"Initech Corp acquired Hooli Inc last year.\", \"url\": \"https://example.org/a3\"}\n");
    auto r = run_kg("build " + shell_quote(in) + " -o " + shell_quote(out), true);
    REQUIRE(r.status == 3);  // graph written, line 2 skipped
    CHECK(r.output.find("news.jsonl:2:") != std::string::npos);
    auto g = kg::graph::read_graph_json(out);
    CHECK(g.document_count() == 2);
    REQUIRE(g.find_document("a1"));
    CHECK(g.find_document("a1")->date == "2024-05-01");
    CHECK(g.find_document("a3")->url == "https://example.org/a3");
    CHECK(has_edge(g, "company:acme-robotics", "SUED", "company:globex-corp"));
    CHECK(has_edge(g, "company:initech-corp", "ACQUIRED", "company:hooli-inc"));
}

TEST_CASE("the example's company is based in a city the place lexicon knows", "[build][cli][e2e]") {
    kg::test::scratch_dir dir{"build_places"};
    auto json = dir.file("g.json");
    REQUIRE(run_kg("build " + shell_quote(example) + " -o " + shell_quote(json)).status == 0);
    auto g = kg::graph::read_graph_json(json);
    CHECK(has_edge(g, "company:northwind-robotics", "BASED_IN", "location:denver"));
}

TEST_CASE("kg build --profile reports start-up, every stage and the graph on standard error, and the same graph",
          "[build][cli]") {
    kg::test::scratch_dir dir{"build_profile"};
    auto plain = dir.file("plain.json");
    auto profiled = dir.file("profiled.json");
    REQUIRE(run_kg("build -q " + shell_quote(example) + " -o " + shell_quote(plain)).status == 0);
    auto r = run_kg("build -q --profile " + shell_quote(example) + " -o " + shell_quote(profiled), true);
    REQUIRE(r.status == 0);
    for (const char* part : {"kg profile:", "start-up (loading)", "tagger models", "extraction (all threads)", "tokenize",
                             "tag", "parse", "boilerplate", "mentions", "coreference", "predicates", "patterns",
                             "relation_model", "graph (adding documents)", "graph (writing)", "words/s per CPU second"})
        CHECK(r.output.find(part) != std::string::npos);
    CHECK(kg::read_file(plain) == kg::read_file(profiled));
}
