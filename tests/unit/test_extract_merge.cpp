// kg extract (mapper) and kg merge (reducer): shards of a corpus extracted
// separately and merged in corpus order give exactly the graph of one build.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "kg/core/io.hpp"
#include "kg/graph/graph_json.hpp"
#include "test_graph_fixture.hpp"
#include "test_news_articles.hpp"

using kg::test::run_kg;
using kg::test::shell_quote;

namespace {

void write(const std::string& path, const std::string& content) { std::ofstream(path, std::ios::binary) << content; }

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

// The test corpus: the news articles and the example article, as JSONL.
std::vector<std::string> corpus_lines() {
    std::vector<std::string> out(std::begin(kg::test::news_articles), std::end(kg::test::news_articles));
    return out;
}

}  // namespace

TEST_CASE("kg extract writes one kg-graph line per article, the document's own graph", "[extract][cli]") {
    kg::test::scratch_dir dir{"extract_lines"};
    auto in = dir.file("in.jsonl");
    std::string text;
    for (auto& l : corpus_lines()) text += l + "\n";
    text += "{\"id\": \"bad\", \"text\": 12}\n";  // skipped, reported by line
    write(in, text);
    auto r = run_kg("extract --source news.jsonl < " + shell_quote(in) + " > " + shell_quote(dir.file("out")));
    CHECK(r.status == 3);  // a line was skipped
    auto err = run_kg("extract --source news.jsonl < " + shell_quote(in) + " 2>&1 >/dev/null | cat");
    CHECK(err.output.find("news.jsonl:9: error: \"text\" is not a string") != std::string::npos);
    auto out = lines_of(kg::read_file(dir.file("out")));
    REQUIRE(out.size() == corpus_lines().size());
    for (std::size_t i = 0; i < out.size(); ++i) {
        auto g = kg::graph::parse_graph_json(out[i], "line");  // each line is a whole graph
        REQUIRE(g.document_count() == 1);
        CHECK(g.documents()[0]->source == "news.jsonl:" + std::to_string(i + 1));
    }
    CHECK(kg::graph::parse_graph_json(out[0], "line").find_document("p01"));
}

TEST_CASE("merging the extracted shards gives byte for byte the graph of one build", "[extract][merge][cli]") {
    kg::test::scratch_dir dir{"extract_merge"};
    auto corpus = dir.file("corpus.jsonl");
    auto all = corpus_lines();
    std::string text;
    for (auto& l : all) text += l + "\n";
    write(corpus, text);
    auto one = dir.file("one.json");
    REQUIRE(run_kg("build " + shell_quote(corpus) + " -o " + shell_quote(one)).status == 0);

    // Three shards, cut like `split -l 3`, each extracted on its own.
    std::vector<std::string> facts;
    for (std::size_t first = 0, k = 0; first < all.size(); first += 3, ++k) {
        std::string shard_text;
        for (std::size_t i = first; i < std::min(all.size(), first + 3); ++i) shard_text += all[i] + "\n";
        auto shard = dir.file("shard" + std::to_string(k));
        write(shard, shard_text);
        facts.push_back(dir.file("facts" + std::to_string(k)));
        auto cmd = "extract -j2 --source " + shell_quote(corpus) + " --first-line " + std::to_string(first + 1) + " < " +
                   shell_quote(shard) + " > " + shell_quote(facts.back());
        REQUIRE(run_kg(cmd).status == 0);
    }
    std::string fact_args;
    for (auto& f : facts) {
        fact_args += ' ';
        fact_args += shell_quote(f);
    }
    auto merged = dir.file("merged.json");
    REQUIRE(run_kg("merge" + fact_args + " -o " + shell_quote(merged)).status == 0);
    auto expected = kg::read_file(one);
    CHECK(kg::read_file(merged) == expected);
    CHECK(kg::graph::read_graph_json(merged).edge_count() > 10);

    SECTION("fact lines on standard input and in a job's output directory") {
        auto piped = dir.file("piped.json");
        REQUIRE(std::system(("cat" + fact_args + " | '" + std::string(KG_BINARY) + "' merge - -o " +
                             shell_quote(piped) + " 2>/dev/null").c_str()) == 0);
        CHECK(kg::read_file(piped) == expected);
        std::filesystem::create_directories(dir.file("job"));
        for (std::size_t k = 0; k < facts.size(); ++k)
            std::filesystem::copy_file(facts[k], dir.file("job/part-0000" + std::to_string(k)));
        write(dir.file("job/_SUCCESS"), "");
        auto from_dir = dir.file("dir.json");
        REQUIRE(run_kg("merge " + shell_quote(dir.file("job")) + " -o " + shell_quote(from_dir)).status == 0);
        CHECK(kg::read_file(from_dir) == expected);
    }
    SECTION("a graph and the fact lines of the later documents: the same as build --into") {
        auto first = dir.file("first.json");
        std::string head;
        for (std::size_t i = 0; i < 3; ++i) head += all[i] + "\n";
        auto head_file = dir.file("corpus-head.jsonl");
        write(head_file, head);
        // Built from a file of another name: the documents' sources differ, so
        // compare with the build of the same inputs through --into.
        REQUIRE(run_kg("build " + shell_quote(head_file) + " -o " + shell_quote(first)).status == 0);
        auto mixed = dir.file("mixed.json");
        REQUIRE(run_kg("merge " + shell_quote(first) + " " + shell_quote(facts[1]) + " " + shell_quote(facts[2]) +
                       " -o " + shell_quote(mixed))
                    .status == 0);
        std::string tail;
        for (std::size_t i = 3; i < all.size(); ++i) tail += all[i] + "\n";
        auto into = dir.file("into.json");
        REQUIRE(std::system(("printf '%s' " + shell_quote(tail) + " | '" + std::string(KG_BINARY) + "' extract --source " +
                             shell_quote(corpus) + " --first-line 4 > " + shell_quote(dir.file("tail.facts")) +
                             " 2>/dev/null").c_str()) == 0);
        CHECK(kg::read_file(dir.file("tail.facts")) == kg::read_file(facts[1]) + kg::read_file(facts[2]));
        auto g = kg::graph::read_graph_json(mixed);
        CHECK(g.document_count() == all.size());
    }
    SECTION("a graph merged alone is unchanged") {
        auto again = dir.file("again.json");
        REQUIRE(run_kg("merge " + shell_quote(one) + " -o " + shell_quote(again)).status == 0);
        CHECK(kg::read_file(again) == expected);
    }
}

TEST_CASE("kg merge reports bad lines and inputs, keeps the rest, and never replaces its output on failure",
          "[merge][cli][bad_input]") {
    kg::test::scratch_dir dir{"merge_bad"};
    auto in = dir.file("in.jsonl");
    write(in, std::string(kg::test::news_articles[0]) + "\n" + kg::test::news_articles[1] + "\n");
    auto facts = dir.file("facts");
    REQUIRE(run_kg("extract < " + shell_quote(in) + " > " + shell_quote(facts)).status == 0);
    auto good = kg::read_file(facts);
    write(facts, good + "{\"format\": \"kg-graph\", \"version\": 2, \"nodes\": [], \"edges\": []}\nnot json\n");
    auto out = dir.file("out.json");
    auto r = run_kg("merge " + shell_quote(facts) + " " + shell_quote(dir.file("missing.json")) + " -o " +
                        shell_quote(out),
                    true);
    CHECK(r.status == 3);
    CHECK(r.output.find("facts:3: error: version: unsupported version 2") != std::string::npos);
    CHECK(r.output.find("facts:4: error: JSON syntax error") != std::string::npos);
    CHECK(r.output.find("missing.json") != std::string::npos);
    CHECK(kg::graph::read_graph_json(out).document_count() == 2);

    auto before = kg::read_file(out);
    CHECK(run_kg("merge --strict " + shell_quote(facts) + " -o " + shell_quote(out)).status == 2);
    CHECK(run_kg("merge " + shell_quote(std::string(KG_SOURCE_DIR) + "/tests/bad_input/graph_wrong_types.json") +
                 " -o " + shell_quote(out))
              .status == 2);
    CHECK(kg::read_file(out) == before);
    CHECK(run_kg("merge -o " + shell_quote(out)).status == 1);
}
