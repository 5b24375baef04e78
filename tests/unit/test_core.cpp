#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "kg/core/error.hpp"
#include "kg/core/fact.hpp"
#include "kg/core/ids.hpp"
#include "kg/core/io.hpp"
#include "kg/core/ontology.hpp"
#include "kg/core/utf8.hpp"

TEST_CASE("entity ids are stable and normalized", "[core][ids]") {
    CHECK(kg::make_entity_id("Person", "Lei Jun") == "person:lei-jun");
    CHECK(kg::make_entity_id("Person", "  LEI   jun ") == "person:lei-jun");
    CHECK(kg::make_entity_id("GovernmentAgency", "U.S. Defense Department") == "governmentagency:u-s-defense-department");
    CHECK(kg::normalize_name("Xiaomi’s") == "xiaomi-s");
    CHECK(kg::normalize_name("Straße") == "strasse");
    CHECK(kg::make_fact_id("a", "SUED", "b", "positive") == kg::make_fact_id("a", "SUED", "b", "positive"));
    CHECK(kg::make_fact_id("a", "SUED", "b", "positive") != kg::make_fact_id("b", "SUED", "a", "positive"));
    CHECK(kg::make_fact_id("a", "SUED", "b", "positive") != kg::make_fact_id("a", "SUED", "b", "negative"));
    CHECK(kg::more_certain(kg::modality::hedged, kg::modality::asserted) == kg::modality::asserted);
    CHECK(kg::more_certain(kg::modality::reported, kg::modality::speculated) == kg::modality::reported);
}

TEST_CASE("invalid UTF-8 is repaired with U+FFFD and located", "[core][utf8]") {
    std::string bad = "price \xA3" "15 ok";
    CHECK_FALSE(kg::is_valid_utf8(bad));
    auto r = kg::repair_utf8(bad);
    CHECK(r.text == "price \xEF\xBF\xBD" "15 ok");
    REQUIRE(r.bad_offsets.size() == 1);
    CHECK(r.bad_offsets[0] == 6);
    CHECK(kg::is_valid_utf8(r.text));
    auto truncated = kg::repair_utf8("ab\xE2\x80");
    CHECK(truncated.text == "ab\xEF\xBF\xBD");
}

TEST_CASE("UTF-8 validation finds a bad sequence at any place in long ASCII runs", "[core][utf8]") {
    const std::string ascii(40, 'a');
    const char* bad[] = {"\xA3", "\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xE2\x82", "\xFF"};
    const char* good[] = {"\xC2\xA3", "\xE2\x80\x9C", "\xF0\x9F\x98\x80", "\xED\x9F\xBF"};
    for (std::size_t at = 0; at <= 17; ++at) {
        for (const char* b : bad) {
            std::string s = ascii.substr(0, at) + b + ascii.substr(at);
            INFO("bad sequence at " << at);
            CHECK_FALSE(kg::is_valid_utf8(s));
            auto r = kg::repair_utf8(s);
            REQUIRE_FALSE(r.bad_offsets.empty());
            CHECK(r.bad_offsets.front() == at);
            CHECK(kg::is_valid_utf8(r.text));
        }
        for (const char* g : good) {
            INFO("good sequence at " << at);
            CHECK(kg::is_valid_utf8(ascii.substr(0, at) + g + ascii.substr(at)));
        }
    }
}

TEST_CASE("byte offsets convert to code point offsets", "[core][utf8]") {
    std::string s = "a“b”c";  // curly quotes are 3 bytes each
    kg::char_offsets co(s);
    CHECK(co.to_chars(0) == 0);
    CHECK(co.to_chars(1) == 1);
    CHECK(co.to_chars(4) == 2);
    CHECK(co.to_chars(s.size()) == 5);
}

TEST_CASE("the shipped ontology loads and answers type questions", "[core][ontology]") {
    auto o = kg::ontology::load(std::string(KG_DATA_DIR) + "/ontology.json");
    CHECK(o.entity_type("Court") != nullptr);
    CHECK(o.is_a("Court", "Organization"));
    CHECK_FALSE(o.is_a("Person", "Organization"));
    CHECK(o.allows("BLACKLISTED", "GovernmentAgency", "Company"));
    CHECK_FALSE(o.allows("CEO_OF", "Company", "Person"));
    CHECK(o.relation_type("ENJOINED")->label == "enjoined");
}

TEST_CASE("broken ontology files give errors naming the file and line", "[core][ontology][bad_input]") {
    try {
        kg::ontology::parse("{\n  \"format\": \"kg-ontology\",\n  \"version\": 1,\n  oops\n}", "bad.json");
        FAIL("no error");
    } catch (const kg::data_error& e) {
        CHECK(e.file() == "bad.json");
        CHECK(e.line() == 4);
    }
    CHECK_THROWS_AS(kg::ontology::parse(R"({"format":"other","version":1})", "x.json"), kg::data_error);
    CHECK_THROWS_AS(kg::ontology::parse(
        R"({"format":"kg-ontology","version":1,"entity_types":[{"name":"A","parent":"B"}],"relation_types":[]})", "x.json"),
        kg::data_error);
    CHECK_THROWS_AS(kg::ontology::load("/nonexistent/ontology.json"), kg::data_error);
}

TEST_CASE("atomic writes replace the file whole or not at all", "[core][io]") {
    auto dir = std::filesystem::temp_directory_path() / "kg_test_io";
    std::filesystem::create_directories(dir);
    auto path = (dir / "out.txt").string();
    kg::write_file_atomic(path, "first");
    kg::write_file_atomic(path, "second");
    CHECK(kg::read_file(path) == "second");
    CHECK_THROWS_AS(kg::write_file_atomic((dir / "missing-dir" / "x.txt").string(), "x"), kg::input_error);
    CHECK(kg::read_file(path) == "second");
    CHECK_THROWS_AS(kg::read_file((dir / "nope").string()), kg::input_error);
    std::filesystem::remove_all(dir);
}

TEST_CASE("data lines skip blanks and comments and keep their line numbers", "[core][io]") {
    auto lines = kg::data_lines("# header\n\n  first\t value \r\n   # indented comment\nsecond");
    REQUIRE(lines.size() == 2);
    CHECK(lines[0].number == 3);
    CHECK(lines[0].text == "first\t value");
    CHECK(lines[1].number == 5);
    CHECK(lines[1].text == "second");
    CHECK(kg::data_lines("").empty());

    auto dir = std::filesystem::temp_directory_path() / "kg_test_data_lines";
    std::filesystem::create_directories(dir);
    auto bad = (dir / "bad.tsv").string();
    std::ofstream(bad, std::ios::binary) << "ok\nbad \xff byte\n";
    std::string content;
    try {
        kg::read_data_lines(bad, content);
        FAIL("no error");
    } catch (const kg::data_error& e) {
        CHECK(e.file() == bad);
        CHECK(e.line() == 2);
    }
    CHECK_THROWS_AS(kg::read_data_lines((dir / "missing.tsv").string(), content), kg::data_error);
    std::filesystem::remove_all(dir);
}
