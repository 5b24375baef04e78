#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include <xxhash.h>

#include "kg/core/detail/bytes.hpp"
#include "kg/core/error.hpp"
#include "kg/core/io.hpp"
#include "kg/graph/graph_binary.hpp"
#include "kg/graph/graph_file.hpp"
#include "kg/graph/graph_json.hpp"
#include "test_graph_fixture.hpp"

namespace ids = kg::test::ids;

namespace {

constexpr std::size_t header_size = 32;

// A file around `payload`, with a right checksum.
std::string seal(const std::string& payload) {
    kg::detail::byte_writer w;
    w.raw(std::string_view("\x89KGB\r\n\x1a\n", 8));
    w.u32(1);
    w.u32(0);
    w.u64(payload.size());
    w.u64(XXH3_64bits(payload.data(), payload.size()));
    w.raw(payload);
    return w.bytes();
}

std::string error_of(std::string_view bytes) {
    try {
        kg::graph::parse_graph_binary(bytes, "g.kgb");
    } catch (const kg::input_error& e) {
        CHECK(e.file() == "g.kgb");
        return e.what();
    }
    return "no error";
}

}  // namespace

TEST_CASE("binary graph round trip is lossless and byte-stable", "[graph][binary]") {
    auto g = kg::test::awkward_graph();
    std::string bytes = kg::graph::to_graph_binary(g);
    REQUIRE(kg::graph::looks_like_graph_binary(bytes));
    auto back = kg::graph::parse_graph_binary(bytes, "memory.kgb");
    kg::test::check_same_graph(g, back);
    CHECK(back.find_document("d1")->content_hash == g.find_document("d1")->content_hash);
    CHECK(kg::graph::to_graph_binary(back) == bytes);
    CHECK(kg::graph::to_graph_json(back) == kg::graph::to_graph_json(g));
    // Strings are stored once: the binary form of this graph is smaller than its JSON.
    CHECK(bytes.size() < kg::graph::to_graph_json(g).size());
}

TEST_CASE("graph files: the extension chooses the form written, the magic the form read", "[graph][binary]") {
    kg::test::scratch_dir dir("graph_binary_file");
    auto g = kg::test::awkward_graph();
    CHECK(kg::graph::graph_format_for("g.kgb") == kg::graph::graph_format::binary);
    CHECK(kg::graph::graph_format_for("g.json") == kg::graph::graph_format::json);
    CHECK(kg::graph::graph_format_for("-") == kg::graph::graph_format::json);
    kg::graph::write_graph(g, dir.file("g.kgb"));
    kg::graph::write_graph(g, dir.file("g.json"));
    CHECK(kg::graph::looks_like_graph_binary(kg::read_file(dir.file("g.kgb"))));
    CHECK(kg::read_file(dir.file("g.json")).rfind("{", 0) == 0);
    // A binary graph under a .json name still reads: the content decides.
    std::filesystem::copy_file(dir.file("g.kgb"), dir.file("binary-named.json"));
    for (const char* name : {"g.kgb", "g.json", "binary-named.json"}) {
        INFO(name);
        kg::test::check_same_graph(g, kg::graph::read_graph(dir.file(name)));
    }
}

TEST_CASE("damaged binary graph files are input errors saying what is wrong", "[graph][binary][bad_input]") {
    const std::string good = kg::graph::to_graph_binary(kg::test::awkward_graph());
    CHECK_THAT(error_of("{\"format\": \"kg-graph\"}"), Catch::Contains("wrong magic"));
    CHECK_THAT(error_of(good.substr(0, 20)), Catch::Contains("incomplete header"));
    CHECK_THAT(error_of(good.substr(0, good.size() - 5)), Catch::Contains("truncated binary graph"));
    CHECK_THAT(error_of(good + "xx"), Catch::Contains("2 bytes after the end"));
    std::string flipped = good;
    flipped[good.size() / 2] ^= 0x20;
    CHECK_THAT(error_of(flipped), Catch::Contains("checksum mismatch"));
    std::string version = good;
    version[8] = 7;
    CHECK_THAT(error_of(version), Catch::Contains("unsupported binary graph version 7"));
    CHECK_THAT(error_of(good.substr(0, 0)), Catch::Contains("wrong magic"));
}

TEST_CASE("well-sealed but wrong binary payloads are input errors with their byte offset", "[graph][binary][bad_input]") {
    // strings: "", "a", "Person", "b", "f", "KNOWS", "\xff"
    auto strings = [](kg::detail::byte_writer& w, bool bad_utf8 = false) {
        const char* list[] = {"", "a", "Person", "b", "f", "KNOWS", bad_utf8 ? "\xff" : "ok"};
        w.varint(7);
        for (const char* s : list) w.str(s);
    };
    auto node = [](kg::detail::byte_writer& w, std::uint64_t id) {
        w.varint(id);  // id
        w.varint(2);   // type
        w.varint(0);   // label
        w.varint(0);   // aliases
        w.varint(0);   // attributes
        w.varint(0);   // mentions
    };
    auto edge = [](kg::detail::byte_writer& w, std::uint64_t source, std::uint64_t target, std::uint8_t polarity,
                   double confidence) {
        w.varint(4);  // id "f"
        w.varint(source);
        w.varint(target);
        w.varint(5);  // type
        w.varint(0);  // label
        w.u8(polarity);
        w.u8(0);  // modality
        w.varint(0);  // time
        w.f64(confidence);
        w.varint(0);  // evidence
    };
    auto file = [&](int nodes, std::uint64_t source, std::uint64_t target, std::uint8_t polarity, double confidence,
                    int edges = 1, bool bad_utf8 = false) {
        kg::detail::byte_writer w;
        strings(w, bad_utf8);
        w.varint(0);  // documents
        w.varint(static_cast<std::uint64_t>(nodes));
        node(w, 1);
        if (nodes > 1) node(w, 3);
        if (nodes > 2) node(w, 1);  // "a" again
        w.varint(static_cast<std::uint64_t>(edges));
        for (int i = 0; i < edges; ++i) edge(w, source, target, polarity, confidence);
        return seal(w.bytes());
    };
    auto ok = kg::graph::parse_graph_binary(file(2, 1, 3, 0, 0.5), "g.kgb");
    CHECK(ok.node_count() == 2);
    CHECK(ok.find_edge("f")->target == "b");

    CHECK_THAT(error_of(file(2, 1, 9, 0, 0.5)), Catch::Contains("string number 9 out of range (7 strings)"));
    CHECK_THAT(error_of(file(2, 1, 6, 0, 0.5)), Catch::Contains("edge 'f': target 'ok' is not a node"));
    CHECK_THAT(error_of(file(3, 1, 3, 0, 0.5)), Catch::Contains("duplicate node id 'a'"));
    CHECK_THAT(error_of(file(2, 1, 3, 0, 0.5, 2)), Catch::Contains("duplicate edge id 'f'"));
    CHECK_THAT(error_of(file(2, 1, 3, 4, 0.5)), Catch::Contains("bad polarity 4"));
    CHECK_THAT(error_of(file(2, 1, 3, 0, 1.5)), Catch::Contains("confidence 1.5 is outside [0, 1]"));
    CHECK_THAT(error_of(file(2, 1, 3, 0, 0.5, 1, true)), Catch::Contains("string 6 is not valid UTF-8"));
    std::string message = error_of(file(2, 1, 9, 0, 0.5));
    CHECK_THAT(message, Catch::Contains("corrupt binary graph") && Catch::Contains(" at byte "));
    // A count larger than the bytes left is refused before anything is allocated.
    kg::detail::byte_writer huge;
    huge.varint(std::uint64_t{1} << 40);
    CHECK_THAT(error_of(seal(huge.bytes())), Catch::Contains("out of range"));
}

TEST_CASE("the bad_input binary graphs are refused by every command, naming the file", "[graph][binary][bad_input][cli]") {
    const std::string dir = std::string(KG_SOURCE_DIR) + "/tests/bad_input/";
    const std::pair<const char*, const char*> cases[] = {
        {"graph_truncated.kgb", "truncated binary graph"},
        {"graph_bad_checksum.kgb", "checksum mismatch"},
    };
    for (const auto& [name, fragment] : cases) {
        INFO(name);
        auto r = kg::test::run_kg("stats " + kg::test::shell_quote(dir + name), true);
        CHECK(r.status == 2);
        CHECK_THAT(r.output, Catch::Contains(name) && Catch::Contains(fragment));
    }
}

TEST_CASE("kg build, merge, subgraph and export write .kgb, and every command reads it", "[graph][binary][cli]") {
    using kg::test::run_kg;
    using kg::test::shell_quote;
    kg::test::scratch_dir dir("graph_binary_cli");
    const std::string example = std::string(KG_SOURCE_DIR) + "/examples/northwind.txt";
    const std::string json = dir.file("g.json"), kgb = dir.file("g.kgb");
    REQUIRE(run_kg("build -q " + shell_quote(example) + " -o " + shell_quote(json)).status == 0);
    REQUIRE(run_kg("build -q " + shell_quote(example) + " -o " + shell_quote(kgb)).status == 0);
    CHECK(kg::graph::looks_like_graph_binary(kg::read_file(kgb)));
    // The same graph either way: exported back to JSON, byte for byte.
    CHECK(run_kg("export " + shell_quote(kgb) + " --format json").output == kg::read_file(json));
    for (const std::string& command : {std::string("stats"), std::string("entities"),
                                       std::string("path --format json"), std::string("neighbors --hops 2")}) {
        INFO(command);
        std::string args = command.starts_with("path") ? " 'maya okafor' 'Alan Whitfield'"
                           : command.starts_with("neighbors") ? " 'Alan Whitfield'"
                                                               : "";
        auto from_json = run_kg(command + " " + shell_quote(json) + args);
        auto from_kgb = run_kg(command + " " + shell_quote(kgb) + args);
        CHECK(from_json.status == 0);
        CHECK(from_kgb.status == 0);
        CHECK(from_kgb.output == from_json.output);
    }
    const std::string converted = dir.file("converted.kgb"), merged = dir.file("merged.kgb"),
                      sub = dir.file("sub.kgb");
    REQUIRE(run_kg("export " + shell_quote(json) + " -o " + shell_quote(converted)).status == 0);
    CHECK(kg::read_file(converted) == kg::read_file(kgb));
    REQUIRE(run_kg("merge -q " + shell_quote(kgb) + " -o " + shell_quote(merged)).status == 0);
    CHECK(kg::read_file(merged) == kg::read_file(kgb));
    REQUIRE(run_kg("subgraph -q " + shell_quote(kgb) + " 'Alan Whitfield' --hops 1 -o " + shell_quote(sub)).status == 0);
    auto s = kg::graph::read_graph(sub);
    CHECK(s.find_node("person:alan-whitfield"));
    CHECK(s.node_count() < kg::graph::read_graph(kgb).node_count());
    // --into a binary graph: adding the same article again changes nothing.
    const std::string again = dir.file("again.kgb");
    REQUIRE(run_kg("build -q --into " + shell_quote(kgb) + " " + shell_quote(example) + " -o " + shell_quote(again))
                .status == 0);
    CHECK(kg::read_file(again) == kg::read_file(kgb));
}
