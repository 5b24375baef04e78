// kg build -j N: documents are extracted on several threads and merged in
// input order, so the graph (and what is said on stderr) is the same for every N.
#include <catch2/catch.hpp>

#include <fstream>
#include <string>

#include "kg/core/io.hpp"
#include "kg/graph/graph_json.hpp"
#include "test_graph_fixture.hpp"

using kg::test::run_kg;
using kg::test::shell_quote;

namespace {

const std::string source_dir = KG_SOURCE_DIR;

// Articles written for this test: the same companies and claims recur across
// them, so merge order matters (labels, aliases, combined confidences).
const char* const articles[] = {
    R"({"id": "p01", "title": "Acme sues Globex", "text": "Acme Robotics sued Globex Corp over a patent on Monday. Globex said it would fight the lawsuit."})",
    R"({"id": "p02", "text": "It is believed that Acme Robotics sued Globex Corporation. The company, Acme, was founded by Jane Porter in 2009."})",
    R"({"id": "p03", "title": "Initech buys Hooli", "text": "Initech Corp acquired Hooli Inc last year. Hooli's chief executive, Gavin Belson, did not comment."})",
    R"({"id": "p04", "text": "The US Department of Commerce placed Northwind Robotics on a blacklist. A federal judge later halted the ban."})",
    R"({"id": "p05", "text": "Jane Porter, the founder of Acme Robotics, met with Gavin Belson in Denver. Porter said Acme would not sue Hooli."})",
    R"({"id": "p06", "text": "According to Reuters, Globex Corp invested in Northwind Robotics. Northwind is based in Denver."})",
    R"({"id": "p07", "text": "Acme Robotics sued Globex Corp again, this time over trade secrets. Globex denied the claims."})",
    R"({"id": "p08", "text": "Hooli Inc was fined by the European Commission. Gavin Belson, Hooli's CEO, said the company would appeal."})",
};

void write(const std::string& path, const std::string& content) { std::ofstream(path, std::ios::binary) << content; }

}  // namespace

TEST_CASE("kg build -j1 and -j4 write byte-identical graphs and the same diagnostics", "[build][cli][parallel]") {
    kg::test::scratch_dir dir{"build_parallel"};
    auto jsonl = dir.file("news.jsonl");
    std::string lines;
    for (const char* a : articles) lines += std::string(a) + "\n";
    lines += "{\"id\": \"broken\", \"text\": \n";  // a malformed line among them
    write(jsonl, lines);
    // Text articles, a JSONL file and the bad input corpus (warnings and skips) together.
    std::string inputs = shell_quote(source_dir + "/examples") + " " + shell_quote(jsonl) + " " +
                         shell_quote(source_dir + "/tests/bad_input/articles");

    auto one = dir.file("j1.json"), four = dir.file("j4.json"), two = dir.file("j2.json");
    auto r1 = run_kg("build -j 1 " + inputs + " -o " + shell_quote(one), true);
    auto r4 = run_kg("build -j 4 " + inputs + " -o " + shell_quote(four), true);
    auto r2 = run_kg("build --jobs=2 " + inputs + " -o " + shell_quote(two), true);
    CHECK(r1.status == 3);  // the malformed line and the bad inputs were skipped
    CHECK(r4.status == 3);
    CHECK(r2.status == 3);
    auto g1 = kg::read_file(one);
    CHECK(g1 == kg::read_file(four));
    CHECK(g1 == kg::read_file(two));
    // Diagnostics in input order for every N (the summary line names the output).
    auto without_summary = [](const std::string& s) { return s.substr(0, s.rfind("kg: built ")); };
    CHECK(without_summary(r1.output) == without_summary(r4.output));
    CHECK(without_summary(r1.output).size() > 500);
    CHECK(r1.output.find("news.jsonl:9:") != std::string::npos);

    auto g = kg::graph::read_graph_json(one);
    CHECK(g.find_document("p01"));
    CHECK(g.find_document("p08"));
    CHECK(g.find_document("northwind"));
    CHECK(g.edge_count() > 10);  // the comparison is over a graph with content
}

TEST_CASE("kg build -j 0 uses every core and still matches one thread", "[build][cli][parallel]") {
    kg::test::scratch_dir dir{"build_parallel_all"};
    auto jsonl = dir.file("news.jsonl");
    std::string lines;
    for (int round = 0; round < 3; ++round)  // the same articles under other ids
        for (const char* a : articles) {
            std::string line = a;
            std::size_t at = line.find("\"p0") + 1;  // "p01" -> "r001", "r101", ...
            line[at] = static_cast<char>('0' + round);
            lines += "{\"id\": \"r" + line.substr(at) + "\n";
        }
    write(jsonl, lines);
    auto one = dir.file("j1.json"), all = dir.file("j0.json");
    auto r = run_kg("build " + shell_quote(jsonl) + " -o " + shell_quote(one), true);
    INFO(r.output);
    REQUIRE(r.status == 0);
    REQUIRE(run_kg("build -j0 " + shell_quote(jsonl) + " -o " + shell_quote(all)).status == 0);
    CHECK(kg::read_file(one) == kg::read_file(all));
    CHECK(kg::graph::read_graph_json(one).document_count() == 24);
}
