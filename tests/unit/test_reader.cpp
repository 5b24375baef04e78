#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "kg/core/io.hpp"
#include "kg/core/utf8.hpp"
#include "kg/extract/reader.hpp"

namespace {

namespace fs = std::filesystem;
using kg::extract::read_inputs;
using kg::extract::read_result;

// A temporary directory removed at the end of the test.
struct temp_dir {
    fs::path path;
    temp_dir() : path(fs::temp_directory_path() / fmt::format("kg-reader-{}", std::random_device{}())) {
        fs::create_directories(path);
    }
    ~temp_dir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
    std::string write(const std::string& name, const std::string& content) const {
        auto p = path / name;
        fs::create_directories(p.parent_path());
        kg::write_file_atomic(p.string(), content);
        return p.string();
    }
};

read_result read(const std::vector<std::string>& inputs, const std::string& stdin_text = {}) {
    std::istringstream in(stdin_text);
    return read_inputs(inputs, in);
}

std::vector<std::string> ids(const read_result& r) {
    std::vector<std::string> out;
    for (const auto& d : r.documents) out.push_back(d.id);
    return out;
}

std::string bad_input(const std::string& name) {
    return std::string(KG_SOURCE_DIR) + "/tests/bad_input/articles/" + name;
}

}  // namespace

TEST_CASE("a .txt article keeps the whole file as text and its headline as title", "[reader]") {
    temp_dir dir;
    auto path = dir.write("xiaomi.txt", "Xiaomi wins reprieve\n\nA judge halted the ban.\n");
    auto r = read({path});
    REQUIRE(r.documents.size() == 1);
    CHECK(r.diagnostics.empty());
    const auto& d = r.documents[0];
    CHECK(d.id == "xiaomi");
    CHECK(d.title == "Xiaomi wins reprieve");
    CHECK(d.source == path);
    CHECK(d.text == "Xiaomi wins reprieve\n\nA judge halted the ban.\n");
}

TEST_CASE("a first line ending in sentence punctuation or too long is no title", "[reader]") {
    temp_dir dir;
    auto a = dir.write("a.txt", "A judge halted the ban.\nMore text.\n");
    auto b = dir.write("b.txt", std::string(250, 'x') + "\nMore text.\n");
    auto c = dir.write("c.txt", "Only one line without a period");
    auto d = dir.write("d.txt", "Could Yukos be a blessing in disguise?\n\nThe oil firm ...\n");
    auto e = dir.write("e.txt", "Is this a question?\nYes, it is the first sentence.\n");
    auto f = dir.write("f.txt", "Rivals of the Â£" "400 Apple...\n\nText.\n");
    auto g = dir.write("g.txt", "He said: \"We won.\"\n\nText.\n");
    auto r = read({a, b, c, d, e, f, g});
    REQUIRE(r.documents.size() == 7);
    CHECK(r.documents[0].title.empty());
    CHECK(r.documents[1].title.empty());
    CHECK(r.documents[2].title.empty());
    CHECK(r.documents[3].title == "Could Yukos be a blessing in disguise?");
    CHECK(r.documents[4].title.empty());
    CHECK(r.documents[5].title == "Rivals of the Â£" "400 Apple...");
    CHECK(r.documents[6].title.empty());
}

TEST_CASE("directories are read recursively in sorted order with unique ids", "[reader]") {
    temp_dir dir;
    dir.write("b/001.txt", "Second\n\nText b.\n");
    dir.write("a/001.txt", "First\n\nText a.\n");
    dir.write("a/notes.md", "ignored");
    dir.write("c/more.jsonl", "{\"id\": \"x\", \"text\": \"From JSONL.\"}\n");
    dir.write("c/upper.TXT", "Upper-case extension counts.\n");
    auto r = read({dir.path.string()});
    CHECK(ids(r) == std::vector<std::string>{"001", "001-2", "x", "upper"});
    CHECK(r.documents[0].title == "First");
    CHECK(r.documents[1].title == "Second");
    CHECK(r.documents[2].source == (dir.path / "c/more.jsonl").string() + ":1");
}

TEST_CASE("JSONL lines become articles with id, title, date and url", "[reader][jsonl]") {
    auto r = kg::extract::read_jsonl(
        "{\"id\": \"a1\", \"title\": \"T\", \"text\": \"Body.\", \"date\": \"2021-03-12\", \"url\": \"https://x\"}\n"
        "{\"id\": 42, \"text\": \"Numeric id.\"}\n"
        "\n"
        "{\"text\": \"No id.\"}\n",
        "feed.jsonl");
    CHECK(r.diagnostics.empty());
    REQUIRE(r.documents.size() == 3);
    CHECK(r.documents[0].id == "a1");
    CHECK(r.documents[0].title == "T");
    CHECK(r.documents[0].text == "Body.");
    CHECK(r.documents[0].date == "2021-03-12");
    CHECK(r.documents[0].url == "https://x");
    CHECK(r.documents[0].source == "feed.jsonl:1");
    CHECK(r.documents[1].id == "42");
    CHECK(r.documents[2].id == "feed:4");
    CHECK(r.documents[2].source == "feed.jsonl:4");
}

TEST_CASE("a \\u escape of a lone surrogate in JSONL becomes U+FFFD with a diagnostic", "[reader][jsonl][utf8][bad_input]") {
    // RapidJSON decodes "\udc00" to bytes that are not UTF-8 (a fuzzer found it).
    auto r = kg::extract::read_jsonl(
        "{\"id\": \"a\", \"text\": \"Good.\"}\n"
        "{\"id\": \"b\\udc00\", \"title\": \"T \\udfff\", \"text\": \"x \\udc00 y\"}\n",
        "feed.jsonl");
    REQUIRE(r.documents.size() == 2);
    for (const auto& d : r.documents) {
        CHECK(kg::is_valid_utf8(d.id));
        CHECK(kg::is_valid_utf8(d.title));
        CHECK(kg::is_valid_utf8(d.text));
    }
    CHECK(r.documents[1].text == "x \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD y");
    REQUIRE(r.diagnostics.size() == 3);  // id, title and text of line 2
    for (const auto& d : r.diagnostics) {
        CHECK(d.file == "feed.jsonl");
        CHECK(d.line == 2);
        CHECK_THAT(d.message, Catch::Contains("lone surrogate"));
    }
}

TEST_CASE("malformed JSONL lines are reported by line and the good lines still read", "[reader][jsonl][bad_input]") {
    auto path = bad_input("malformed.jsonl");
    auto r = read({path});
    CHECK(ids(r) == std::vector<std::string>{"good-1", "17", "malformed:9", "good-1-2", "malformed:11"});
    auto at_line = [&](std::size_t line) {
        std::vector<std::string> messages;
        for (const auto& d : r.diagnostics)
            if (d.line == line) {
                CHECK(d.file == path);
                messages.push_back(d.message);
            }
        return messages;
    };
    CHECK(at_line(2).size() == 1);
    CHECK(at_line(3).size() == 1);
    CHECK(at_line(4).empty());
    REQUIRE(at_line(5).size() == 1);
    CHECK(at_line(5)[0].find("no \"text\"") != std::string::npos);
    REQUIRE(at_line(6).size() == 1);
    CHECK(at_line(6)[0].find("not a string") != std::string::npos);
    REQUIRE(at_line(7).size() == 1);
    CHECK(at_line(7)[0].find("not an object") != std::string::npos);
    REQUIRE(at_line(10).size() == 1);
    CHECK(at_line(10)[0].find("duplicate") != std::string::npos);
    CHECK(at_line(11).size() == 2);  // object id, numeric title
    CHECK(at_line(12).size() == 1);  // trailing garbage
    CHECK(r.documents[1].date == "2021-03-12");
    CHECK(r.documents[1].source == path + ":8");
}

TEST_CASE("invalid UTF-8 is repaired with a diagnostic naming file and line", "[reader][utf8][bad_input]") {
    auto txt = bad_input("invalid_utf8.txt");
    auto jsonl = bad_input("invalid_utf8.jsonl");
    auto truncated = bad_input("truncated_utf8.txt");
    auto r = read({txt, jsonl, truncated});
    REQUIRE(r.documents.size() == 4);
    for (const auto& d : r.documents) CHECK(kg::is_valid_utf8(d.text));
    REQUIRE(r.diagnostics.size() == 3);
    CHECK(r.diagnostics[0].file == txt);
    CHECK(r.diagnostics[0].line == 3);
    CHECK(r.diagnostics[0].message.find("3 byte sequences") != std::string::npos);
    CHECK(r.diagnostics[1].file == jsonl);
    CHECK(r.diagnostics[1].line == 1);
    CHECK(r.documents[1].text == "Price \xEF\xBF\xBD" "15m");
    CHECK(r.diagnostics[2].file == truncated);
    CHECK(r.documents[0].title == "Chelsea sack Mutu");
}

TEST_CASE("binary, empty and missing inputs are skipped with diagnostics", "[reader][bad_input]") {
    auto r = read({bad_input("binary.txt"), bad_input("empty.txt"), bad_input("whitespace_only.txt"),
                   bad_input("nul_in_text.txt"), bad_input("does-not-exist.txt"), bad_input("bom.txt")});
    CHECK(ids(r) == std::vector<std::string>{"bom"});
    REQUIRE(r.diagnostics.size() == 5);
    CHECK(r.diagnostics[0].file == bad_input("binary.txt"));
    CHECK(r.diagnostics[0].message.find("binary") != std::string::npos);
    CHECK(r.diagnostics[1].message.find("empty") != std::string::npos);
    CHECK(r.diagnostics[2].message.find("whitespace") != std::string::npos);
    CHECK(r.diagnostics[3].message.find("binary") != std::string::npos);
    CHECK(r.diagnostics[3].line == 1);
    CHECK(r.diagnostics[4].file == bad_input("does-not-exist.txt"));
    CHECK(r.diagnostics[4].level == kg::severity::error);
    CHECK(r.documents[0].title == "BOM headline here");
}

TEST_CASE("a JSONL file with a byte-order mark and CRLF line ends reads cleanly", "[reader][jsonl][bad_input]") {
    auto r = read({bad_input("bom.jsonl")});
    CHECK(r.diagnostics.empty());
    CHECK(ids(r) == std::vector<std::string>{"bom-1", "bom-2"});
}

TEST_CASE("every file of the bad input corpus reads without throwing", "[reader][bad_input]") {
    auto r = read({std::string(KG_SOURCE_DIR) + "/tests/bad_input/articles"});
    CHECK_FALSE(r.documents.empty());
    CHECK_FALSE(r.diagnostics.empty());
    for (const auto& d : r.documents) CHECK(kg::is_valid_utf8(d.text));
    for (const auto& d : r.diagnostics) CHECK_FALSE(d.file.empty());
    std::vector<std::string> all = ids(r);
    std::sort(all.begin(), all.end());
    CHECK(std::adjacent_find(all.begin(), all.end()) == all.end());
}

TEST_CASE("standard input is read as text, or as JSONL when it starts with a brace", "[reader][stdin]") {
    auto text = read({"-"}, "Headline\n\nBody text.\n");
    REQUIRE(text.documents.size() == 1);
    CHECK(text.documents[0].id == "stdin");
    CHECK(text.documents[0].source == "-");
    CHECK(text.documents[0].title == "Headline");

    auto jsonl = read({"-"}, "  {\"id\": \"s1\", \"text\": \"One.\"}\n{\"text\": \"Two.\"}\n");
    CHECK(ids(jsonl) == std::vector<std::string>{"s1", "stdin:2"});
    CHECK(jsonl.documents[1].source == "-:2");

    auto empty = read({"-"}, "");
    CHECK(empty.documents.empty());
    REQUIRE(empty.diagnostics.size() == 1);
    CHECK(empty.diagnostics[0].file == "-");
}

TEST_CASE("a huge single-line JSONL article is read whole", "[reader][jsonl][performance]") {
    std::string body;
    body.reserve(10'000'000);
    while (body.size() < 10'000'000) body += "Xiaomi sued the U.S. Defense Department. ";
    auto r = kg::extract::read_jsonl("{\"id\": \"big\", \"text\": \"" + body + "\"}", "big.jsonl");
    REQUIRE(r.documents.size() == 1);
    CHECK(r.documents[0].text.size() == body.size());
}
