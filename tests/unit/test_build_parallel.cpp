// kg build -j N: documents are extracted on several threads and merged in
// input order, so the graph (and what is said on stderr) is the same for every N.
#include <catch2/catch.hpp>

#include <fstream>
#include <string>

#include "kg/core/io.hpp"
#include "kg/graph/graph_json.hpp"
#include "test_graph_fixture.hpp"
#include "test_news_articles.hpp"

using kg::test::run_kg;
using kg::test::shell_quote;

namespace {

const std::string source_dir = KG_SOURCE_DIR;


void write(const std::string& path, const std::string& content) { std::ofstream(path, std::ios::binary) << content; }

}  // namespace

TEST_CASE("kg build -j1 and -j4 write byte-identical graphs and the same diagnostics", "[build][cli][parallel]") {
    kg::test::scratch_dir dir{"build_parallel"};
    auto jsonl = dir.file("news.jsonl");
    std::string lines;
    for (const char* a : kg::test::news_articles) lines += std::string(a) + "\n";
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
        for (const char* a : kg::test::news_articles) {
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
    // the same text under another id is the same document (content hash): 8 of the 24 are kept
    CHECK(kg::graph::read_graph_json(one).document_count() == 8);
}
