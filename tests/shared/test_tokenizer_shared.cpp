// Tokenizer and reader on the third-party texts of ../shared.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "kg/core/io.hpp"
#include "kg/core/utf8.hpp"
#include "kg/extract/reader.hpp"
#include "kg/extract/tokenizer.hpp"
#include "../shared_dir.hpp"

namespace {

using kg::extract::analyzed_text;
using kg::extract::tokenizer;

const tokenizer& shipped_tokenizer() {
    static const tokenizer tok = tokenizer::load(std::string(KG_DATA_DIR) + "/lexicons/abbreviations.txt");
    return tok;
}

std::vector<std::string> sentence_texts(const analyzed_text& a) {
    std::vector<std::string> out;
    for (const auto& s : a.sentences) out.push_back(a.text.substr(s.bytes.begin, s.bytes.size()));
    return out;
}

bool starts_with(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

}  // namespace

TEST_CASE("the Xiaomi seed article splits into sensible sentences and tokens", "[shared][tokenizer]") {
    const std::string path = kg::test::shared_dir() + "/seed/xiaomi-blacklist.txt";
    auto a = shipped_tokenizer().analyze(kg::read_file(path), path);
    CHECK(a.diagnostics.empty());
    auto sentences = sentence_texts(a);
    REQUIRE(sentences.size() >= 15);

    CHECK(starts_with(sentences[0], "During the final days of Trump’s administration"));
    CHECK(starts_with(sentences[1], "After Xiaomi had filed a lawsuit"));
    auto find_sentence = [&](const std::string& prefix) {
        return std::find_if(sentences.begin(), sentences.end(), [&](const std::string& s) { return starts_with(s, prefix); });
    };
    CHECK(find_sentence("According to US District Judge Rudolph Contreras, the move was") != sentences.end());
    CHECK(find_sentence("He added that Xiaomi was likely") != sentences.end());

    // The boilerplate tail: "[ SOURCE ]" and every teaser line are sentences of their own.
    auto source = find_sentence("[ SOURCE ]");
    REQUIRE(source != sentences.end());
    CHECK(*source == "[ SOURCE ]");
    CHECK(*(source + 1) == "Ahead of the Raya holiday weekend, Tesla Malaysia has just turned on a new SuperCharger…");
    CHECK(find_sentence("This post is brought to you by OMOWAY.") != sentences.end());
    CHECK(find_sentence("BMW has unveiled the new BMW i3, its first fully electric 3 Series for the…") != sentences.end());
    CHECK(sentences.back() == "This website uses cookies.");
    for (const auto& s : sentences) CHECK(s.find('\n') == std::string::npos);

    // Clitics split: Xiaomi’s -> Xiaomi ’s, isn’t -> is n’t.
    std::vector<std::string> tokens;
    for (const auto& t : a.tokens) tokens.push_back(t.text);
    const std::vector<std::string> possessive = {"Xiaomi", "’s", "founder"};
    auto xi = std::search(tokens.begin(), tokens.end(), possessive.begin(), possessive.end());
    CHECK(xi != tokens.end());
    auto isnt = std::find(tokens.begin(), tokens.end(), "n’t");
    REQUIRE(isnt != tokens.end());
    CHECK(*(isnt - 1) == "is");
    CHECK(a.tokens[static_cast<std::size_t>(isnt - tokens.begin())].norm == "n't");
    CHECK(std::find(tokens.begin(), tokens.end(), "pre-installed") != tokens.end());
}

TEST_CASE("every BBC article tokenizes, and sport/199.txt reports its invalid UTF-8", "[shared][tokenizer][bbc]") {
    namespace fs = std::filesystem;
    const fs::path root = fs::path(kg::test::shared_dir()) / "data/bbc";
    REQUIRE(fs::is_directory(root));
    std::vector<fs::path> files;
    for (const auto& e : fs::recursive_directory_iterator(root))
        if (e.is_regular_file() && e.path().extension() == ".txt") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    CHECK(files.size() >= 2225);
    std::size_t invalid = 0;
    std::size_t tokens = 0;
    for (const auto& f : files) {
        auto a = shipped_tokenizer().analyze(kg::read_file(f.string()), f.string());
        tokens += a.tokens.size();
        REQUIRE_FALSE(a.sentences.empty());
        // Every token in exactly one sentence, in order.
        std::size_t next = 0;
        for (const auto& s : a.sentences) {
            REQUIRE(s.first_token == next);
            REQUIRE(s.last_token > s.first_token);
            next = s.last_token;
        }
        REQUIRE(next == a.tokens.size());
        // The headline is its own sentence, in paragraph 0.
        CHECK(a.sentences[0].paragraph == 0);
        CHECK(a.sentences.back().paragraph >= 1);
        if (!a.diagnostics.empty()) {
            ++invalid;
            CHECK(f.filename() == "199.txt");
            CHECK(f.parent_path().filename() == "sport");
            REQUIRE(a.diagnostics.size() == 1);
            CHECK(a.diagnostics[0].file == f.string());
            CHECK(a.diagnostics[0].line == 5);
            CHECK(a.diagnostics[0].message.find("invalid UTF-8") != std::string::npos);
        }
    }
    CHECK(invalid == 1);
    CHECK(tokens > 900'000);
}

TEST_CASE("the reader reads the BBC directory with one diagnostic and unique ids", "[shared][reader][bbc]") {
    std::istringstream no_stdin;
    auto r = kg::extract::read_inputs({kg::test::shared_dir() + "/data/bbc"}, no_stdin);
    CHECK(r.documents.size() >= 2225);
    REQUIRE(r.diagnostics.size() == 1);
    CHECK(r.diagnostics[0].file.find("sport/199.txt") != std::string::npos);
    std::vector<std::string> ids;
    for (const auto& d : r.documents) {
        ids.push_back(d.id);
        if (d.source.find("README") == std::string::npos) CHECK_FALSE(d.title.empty());
        CHECK(kg::is_valid_utf8(d.text));
    }
    std::sort(ids.begin(), ids.end());
    CHECK(std::adjacent_find(ids.begin(), ids.end()) == ids.end());
}
