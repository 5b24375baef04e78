// kg for scripts: self-contained JSON answers, - for standard input, inputs
// and names checked with suggestions, output names kg cannot write refused,
// an example in every --help. Runs the real kg binary.
#include <catch2/catch.hpp>

#include <rapidjson/document.h>

#include "kg/core/io.hpp"
#include "kg/export/formats.hpp"
#include "kg/graph/graph_binary.hpp"
#include "kg/graph/graph_json.hpp"
#include "test_graph_fixture.hpp"

using kg::test::run_kg;
using kg::test::shell_quote;
namespace ids = kg::test::ids;

namespace {

struct graph_file {
    kg::test::scratch_dir dir{"cli_scripting"};
    std::string path = dir.file("g.json");
    graph_file() { kg::graph::write_graph_json(kg::test::sample_graph(), path); }
    std::string q() const { return shell_quote(path); }
};

rapidjson::Document parse(const std::string& text) {
    rapidjson::Document d;
    d.Parse(text.data(), text.size());
    REQUIRE_FALSE(d.HasParseError());
    return d;
}

}  // namespace

TEST_CASE("kg path --format json carries the entities and facts of its paths in full", "[cli][scripting][path]") {
    graph_file g;
    auto r = run_kg("path " + g.q() + " 'Lei Jun' Xiaomi --format json");
    REQUIRE(r.status == 0);
    auto d = parse(r.output);
    REQUIRE(d["paths"].Size() == 1);
    CHECK(std::string(d["paths"][0]["nodes"][0].GetString()) == ids::lei_jun);
    const auto& entities = d["entities"];
    REQUIRE(entities.Size() == 2);
    CHECK(std::string(entities[0]["id"].GetString()) == ids::xiaomi);
    CHECK(std::string(entities[0]["label"].GetString()) == "Xiaomi");
    CHECK(std::string(entities[0]["type"].GetString()) == "Company");
    const auto& fact = d["facts"][0];
    CHECK(std::string(fact["id"].GetString()) == d["paths"][0]["edges"][0].GetString());
    CHECK(std::string(fact["type"].GetString()) == "FOUNDER_OF");
    CHECK(std::string(fact["source_label"].GetString()) == "Lei Jun");
    CHECK(std::string(fact["target_label"].GetString()) == "Xiaomi");
    CHECK(fact["confidence"].GetDouble() > 0.0);
    CHECK(std::string(fact["evidence"][0]["sentence"].GetString()) == "Lei Jun founded Xiaomi.");
}

TEST_CASE("kg neighbors --format json carries labels, aliases and evidence", "[cli][scripting][neighbors]") {
    graph_file g;
    auto r = run_kg("neighbors " + g.q() + " Xiaomi --format json");
    REQUIRE(r.status == 0);
    auto d = parse(r.output);
    REQUIRE(d["edges"].Size() > 0);
    bool founder = false;
    for (const auto& e : d["edges"].GetArray())
        if (std::string(e["type"].GetString()) == "FOUNDER_OF") {
            founder = true;
            CHECK(std::string(e["source_label"].GetString()) == "Lei Jun");
            CHECK(std::string(e["evidence"][0]["sentence"].GetString()) == "Lei Jun founded Xiaomi.");
        }
    CHECK(founder);
    CHECK(d["nodes"][0].HasMember("aliases"));
}

TEST_CASE("every command that reads a graph reads - as standard input, JSON or binary", "[cli][scripting][stdin]") {
    graph_file g;
    std::string kgb = g.dir.file("g.kgb");
    kg::write_file_atomic(kgb, kg::graph::to_graph_binary(kg::test::sample_graph()));
    for (const auto& file : {g.path, kgb}) {
        std::string in = " < " + shell_quote(file);
        CHECK(run_kg("stats -" + in).output.find("entities") != std::string::npos);
        CHECK(run_kg("entities - --type company" + in).output.find(ids::xiaomi) != std::string::npos);
        CHECK(run_kg("path - 'Lei Jun' Xiaomi" + in).output.find("FOUNDER_OF") != std::string::npos);
        CHECK(run_kg("neighbors - Xiaomi" + in).output.find("Lei Jun") != std::string::npos);
        CHECK(run_kg("subgraph - Xiaomi" + in).output.find("\"kg-graph\"") != std::string::npos);
        CHECK(run_kg("export - --format csv" + in).output.find("FOUNDER_OF") != std::string::npos);
    }
    // a pipe: subgraph to standard output, exported from standard input
    auto piped = run_kg("subgraph " + g.q() + " Xiaomi -q | " + std::string(KG_BINARY) + " export - --format node-link");
    REQUIRE(piped.status == 0);
    CHECK(piped.output.find("\"links\"") != std::string::npos);
    auto garbage = run_kg("stats - < /dev/null", true);
    CHECK(garbage.status == 2);
    CHECK(garbage.output.find("<stdin>") != std::string::npos);
}

TEST_CASE("kg build refuses a graph file or other JSON given as an article, naming it", "[cli][scripting][build]") {
    graph_file g;
    std::string out = g.dir.file("out.json");
    auto r = run_kg("build " + g.q() + " -o " + shell_quote(out), true);
    CHECK(r.status == 1);
    CHECK(r.output.find(g.path + " is a kg graph file, not an article") != std::string::npos);
    CHECK(r.output.find("--into") != std::string::npos);
    std::string kgb = g.dir.file("g.kgb");
    kg::write_file_atomic(kgb, kg::graph::to_graph_binary(kg::test::sample_graph()));
    auto b = run_kg("build " + shell_quote(kgb) + " -o " + shell_quote(out), true);
    CHECK(b.status == 1);
    CHECK(b.output.find(kgb + " is a binary kg graph, not an article") != std::string::npos);
    std::string other = g.dir.file("config.json");
    kg::write_file_atomic(other, "{\"name\": \"not an article\", \"list\": [1, 2]}\n");
    auto o = run_kg("build " + shell_quote(other) + " -o " + shell_quote(out), true);
    CHECK(o.status == 1);
    CHECK(o.output.find(other + " is JSON, not an article") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(out));
    // an article that merely starts with a bracket is read
    std::string text = g.dir.file("bracket.txt");
    kg::write_file_atomic(text, "[Update] Lei Jun founded Xiaomi in 2010. Xiaomi sued the Pentagon.\n");
    CHECK(run_kg("build -q " + shell_quote(text) + " -o " + shell_quote(out)).status == 0);
    // and kg build writes graphs only
    auto dot = run_kg("build -q " + shell_quote(text) + " -o " + shell_quote(g.dir.file("g.dot")), true);
    CHECK(dot.status == 1);
    CHECK(dot.output.find("kg export") != std::string::npos);
}

TEST_CASE("unknown relation and entity type names are errors that suggest the closest", "[cli][scripting][names]") {
    graph_file g;
    auto r = run_kg("path " + g.q() + " 'Lei Jun' Xiaomi --relations FOUNDER_OFF", true);
    CHECK(r.status == 1);
    CHECK(r.output.find("unknown relation type 'FOUNDER_OFF' (--relations); did you mean FOUNDER_OF") !=
          std::string::npos);
    auto t = run_kg("neighbors " + g.q() + " Xiaomi --avoid Cuntry", true);
    CHECK(t.status == 1);
    CHECK(t.output.find("unknown entity type 'Cuntry' (--avoid); did you mean Country") != std::string::npos);
    auto e = run_kg("entities " + g.q() + " --type Compnay", true);
    CHECK(e.status == 1);
    CHECK(e.output.find("did you mean Company") != std::string::npos);
    auto x = run_kg("export " + g.q() + " --node-types Persn", true);
    CHECK(x.status == 1);
    CHECK(x.output.find("did you mean Person") != std::string::npos);
    auto s = run_kg("subgraph " + g.q() + " Xiaomi --exclude-relations sued_", true);
    CHECK(s.status == 1);
    CHECK(s.output.find("did you mean SUED") != std::string::npos);
    // names are matched ignoring case
    auto ok = run_kg("path " + g.q() + " 'Lei Jun' Xiaomi --relations founder_of --avoid date");
    CHECK(ok.status == 0);
    CHECK(ok.output.find("FOUNDER_OF") != std::string::npos);
}

TEST_CASE("kg export refuses an output name it cannot write", "[cli][scripting][export]") {
    graph_file g;
    auto pdf = run_kg("export " + g.q() + " -o " + shell_quote(g.dir.file("out.pdf")), true);
    CHECK(pdf.status == 1);
    CHECK(pdf.output.find("kg cannot write .pdf files") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(g.dir.file("out.pdf")));
    auto forced = run_kg("export " + g.q() + " --format dot -o " + shell_quote(g.dir.file("out.pdf")), true);
    CHECK(forced.status == 1);
    auto mismatch = run_kg("export " + g.q() + " --format dot -o " + shell_quote(g.dir.file("out.svg")), true);
    CHECK(mismatch.status == 1);
    CHECK(mismatch.output.find("names a svg file but --format is dot") != std::string::npos);
    // every extension of the format table chooses its format
    for (const auto& f : kg::exporter::export_formats()) {
        if (f.extensions.empty() || f.name == "svg" || f.name == "png" || f.name == "html") continue;
        std::string out = g.dir.file(std::string("out") + std::string(f.extensions.front()));
        INFO(f.name);
        REQUIRE(run_kg("export " + g.q() + " -o " + shell_quote(out)).status == 0);
        std::string written = kg::read_file(out);
        CHECK_FALSE(written.empty());
        if (f.name == "json") CHECK(written.find("\"kg-graph\"") != std::string::npos);
        if (f.name == "dot") CHECK(written.find("\ndigraph kg {") != std::string::npos);
        if (f.name == "kgb") CHECK(kg::graph::looks_like_graph_binary(written));
    }
    CHECK(run_kg("export " + g.q() + " --format dot -o " + shell_quote(g.dir.file("plain"))).status == 0);
}

TEST_CASE("every command's --help ends with an example", "[cli][scripting][help]") {
    for (const char* command : {"build", "extract", "merge", "export", "path", "neighbors", "subgraph", "entities",
                                "stats", "train", "eval"}) {
        INFO(command);
        auto r = run_kg(std::string(command) + " --help");
        CHECK(r.status == 0);
        CHECK(r.output.find("Example:\n  kg " + std::string(command)) != std::string::npos);
    }
}
