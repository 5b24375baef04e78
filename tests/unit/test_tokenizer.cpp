#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "kg/core/error.hpp"
#include "kg/core/io.hpp"
#include "kg/core/utf8.hpp"
#include "kg/extract/tokenizer.hpp"

namespace {

using kg::extract::analyzed_text;
using kg::extract::tokenizer;

const tokenizer& shipped_tokenizer() {
    static const tokenizer tok = tokenizer::load(std::string(KG_DATA_DIR) + "/lexicons/abbreviations.txt");
    return tok;
}

std::vector<std::string> texts(const analyzed_text& a) {
    std::vector<std::string> out;
    for (const auto& t : a.tokens) out.push_back(t.text);
    return out;
}

std::vector<std::string> norms(const analyzed_text& a) {
    std::vector<std::string> out;
    for (const auto& t : a.tokens) out.push_back(t.norm);
    return out;
}

// The tokens of each sentence, joined by spaces.
std::vector<std::string> sentences(const analyzed_text& a) {
    std::vector<std::string> out;
    for (const auto& s : a.sentences) {
        std::string line;
        for (std::size_t i = s.first_token; i < s.last_token; ++i) {
            if (i > s.first_token) line += ' ';
            line += a.tokens[i].text;
        }
        out.push_back(line);
    }
    return out;
}

// Checks the structural promises of analyzed_text.
void check_invariants(const analyzed_text& a) {
    REQUIRE(kg::is_valid_utf8(a.text));
    std::size_t prev_end = 0;
    for (const auto& t : a.tokens) {
        REQUIRE(t.bytes.begin >= prev_end);
        REQUIRE(t.bytes.end > t.bytes.begin);
        REQUIRE(t.bytes.end <= a.text.size());
        REQUIRE(a.text.compare(t.bytes.begin, t.bytes.size(), t.text) == 0);
        REQUIRE_FALSE(t.norm.empty());
        prev_end = t.bytes.end;
    }
    std::size_t next_token = 0;
    std::size_t paragraph = 0;
    for (const auto& s : a.sentences) {
        REQUIRE(s.first_token == next_token);
        REQUIRE(s.last_token > s.first_token);
        REQUIRE(s.paragraph >= paragraph);
        paragraph = s.paragraph;
        REQUIRE(s.bytes.begin == a.tokens[s.first_token].bytes.begin);
        REQUIRE(s.bytes.end == a.tokens[s.last_token - 1].bytes.end);
        next_token = s.last_token;
    }
    REQUIRE(next_token == a.tokens.size());
}

std::string dump(const analyzed_text& a) {
    std::string out;
    for (std::size_t k = 0; k < a.sentences.size(); ++k) {
        if (k > 0) out += '\n';
        const auto& s = a.sentences[k];
        for (std::size_t i = s.first_token; i < s.last_token; ++i) {
            const auto& t = a.tokens[i];
            out += fmt::format("{} {} {} {}\n", t.bytes.begin, t.bytes.end, t.text, t.norm);
        }
    }
    return out;
}

}  // namespace

TEST_CASE("tokenizer output matches the golden token and sentence dumps", "[tokenizer][golden]") {
    namespace fs = std::filesystem;
    const fs::path dir = fs::path(KG_SOURCE_DIR) / "tests/golden/tokenizer";
    const char* update_env = std::getenv("KG_UPDATE_GOLDEN");
    const bool update = update_env != nullptr && std::string(update_env) == "1";
    std::vector<fs::path> inputs;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.path().extension() == ".txt") inputs.push_back(e.path());
    std::sort(inputs.begin(), inputs.end());
    REQUIRE(inputs.size() >= 5);
    for (const auto& input : inputs) {
        SECTION(input.filename().string()) {
            auto a = shipped_tokenizer().analyze(kg::read_file(input.string()), input.string());
            check_invariants(a);
            CHECK(a.diagnostics.empty());
            const std::string actual = dump(a);
            fs::path expected_path = input;
            expected_path.replace_extension(".expected");
            if (update) {
                kg::write_file_atomic(expected_path.string(), actual);
            } else {
                REQUIRE(fs::exists(expected_path));
                CHECK(actual == kg::read_file(expected_path.string()));
            }
        }
    }
}

TEST_CASE("curly quotes, possessives and negations split and normalize", "[tokenizer]") {
    auto a = shipped_tokenizer().analyze("Xiaomi’s boss isn’t “sure”, they’re told.");
    CHECK(texts(a) == std::vector<std::string>{"Xiaomi", "’s", "boss", "is", "n’t", "“", "sure", "”", ",", "they",
                                               "’re", "told", "."});
    CHECK(norms(a) == std::vector<std::string>{"Xiaomi", "'s", "boss", "is", "n't", "\"", "sure", "\"", ",", "they",
                                               "'re", "told", "."});
}

TEST_CASE("norms map dashes, ellipses and compatibility characters", "[tokenizer]") {
    auto a = shipped_tokenizer().analyze("a – b — c… ﬁne ＡＢ");
    CHECK(norms(a) == std::vector<std::string>{"a", "-", "b", "--", "c", "...", "fine", "AB"});
    CHECK(texts(a)[5] == "…");
}

TEST_CASE("money, percentages, scores and numbers keep their conventional shape", "[tokenizer]") {
    auto a = shipped_tokenizer().analyze("It paid $28.3bn, £15.2bn and US$5 for 51% of 1,234.5 shares; won 2-1 at 10:30 on 1996-08-22, its 3rd.");
    CHECK(texts(a) == std::vector<std::string>{"It", "paid", "$", "28.3bn", ",", "£", "15.2bn", "and", "US$", "5",
                                               "for", "51", "%", "of", "1,234.5", "shares", ";", "won", "2-1",
                                               "at", "10:30", "on", "1996-08-22", ",", "its", "3rd", "."});
}

TEST_CASE("abbreviations, acronyms and initials keep their periods", "[tokenizer]") {
    auto a = shipped_tokenizer().analyze("Mr. J. K. Smith of Acme Inc. and the U.S.A. met on Dec. 5, e.g. at 9 a.m. today.");
    CHECK(texts(a) == std::vector<std::string>{"Mr.", "J.", "K.", "Smith", "of", "Acme", "Inc.", "and", "the",
                                               "U.S.A.", "met", "on", "Dec.", "5", ",", "e.g.", "at", "9", "a.m.",
                                               "today", "."});
    CHECK(a.sentences.size() == 1);
}

TEST_CASE("an abbreviation ends a sentence only before a common sentence starter", "[tokenizer][sentences]") {
    const auto& tok = shipped_tokenizer();
    CHECK(sentences(tok.analyze("He moved to the U.S. The move was costly.")) ==
          std::vector<std::string>{"He moved to the U.S.", "The move was costly ."});
    CHECK(sentences(tok.analyze("The U.S. President spoke. Then he left.")) ==
          std::vector<std::string>{"The U.S. President spoke .", "Then he left ."});
    CHECK(sentences(tok.analyze("It is Apple Inc. It makes phones.")) ==
          std::vector<std::string>{"It is Apple Inc.", "It makes phones ."});
    CHECK(sentences(tok.analyze("Ask Dr. Jones. Or Mr. Smith.")) ==
          std::vector<std::string>{"Ask Dr. Jones .", "Or Mr. Smith ."});
    // A title never ends a sentence, even before a starter word.
    CHECK(tok.analyze("Talk to St. The").sentences.size() == 1);
}

TEST_CASE("No. is an abbreviation only before a number", "[tokenizer]") {
    auto a = shipped_tokenizer().analyze("He said no. The No. 1 seed lost.");
    CHECK(texts(a) == std::vector<std::string>{"He", "said", "no", ".", "The", "No.", "1", "seed", "lost", "."});
    CHECK(a.sentences.size() == 2);
}

TEST_CASE("lower-case words do not match capitalised-only abbreviations", "[tokenizer]") {
    auto a = shipped_tokenizer().analyze("They fell ill. Co. and Inc. stay.");
    CHECK(texts(a) == std::vector<std::string>{"They", "fell", "ill", ".", "Co.", "and", "Inc.", "stay", "."});
}

TEST_CASE("hyphenated words, URLs, e-mail addresses, ellipses and emoji are single tokens", "[tokenizer]") {
    auto a = shipped_tokenizer().analyze(
        "A state-of-the-art, pre-installed app (see https://example.com/a?b=1). Mail bob@example.co.uk... 👍🏽 🇺🇸 ok…");
    CHECK(texts(a) == std::vector<std::string>{"A", "state-of-the-art", ",", "pre-installed", "app", "(", "see",
                                               "https://example.com/a?b=1", ")", ".", "Mail", "bob@example.co.uk",
                                               "...", "👍🏽", "🇺🇸", "ok", "…"});
}

TEST_CASE("non-ASCII letters are word characters", "[tokenizer]") {
    auto a = shipped_tokenizer().analyze("Zürich’s Müller met 北京 officials.");
    CHECK(texts(a) == std::vector<std::string>{"Zürich", "’s", "Müller", "met", "北京", "officials", "."});
    CHECK(a.tokens[0].bytes.begin == 0);
    CHECK(a.tokens[0].bytes.end == 7);  // "Zürich" is 7 bytes
}

TEST_CASE("sentences end at final punctuation, headline lines and teaser lines", "[tokenizer][sentences]") {
    auto a = shipped_tokenizer().analyze(
        "Xiaomi wins reprieve\nA judge halted the ban. “It was arbitrary,” he said. Why? Nobody knows!\n[ SOURCE ]\n"
        "Tesla has just turned on a new SuperCharger…\nThis post is brought to you by OMOWAY.");
    CHECK(sentences(a) == std::vector<std::string>{
                              "Xiaomi wins reprieve", "A judge halted the ban .", "“ It was arbitrary , ” he said .",
                              "Why ?", "Nobody knows !", "[ SOURCE ]", "Tesla has just turned on a new SuperCharger …",
                              "This post is brought to you by OMOWAY ."});
}

TEST_CASE("closing quotes after a final period stay in the sentence", "[tokenizer][sentences]") {
    auto a = shipped_tokenizer().analyze("He said “no.” Then he left. \"Fine.\" She agreed.");
    CHECK(sentences(a) == std::vector<std::string>{"He said “ no . ”", "Then he left .", "\" Fine . \"", "She agreed ."});
}

TEST_CASE("a wrapped line does not end a sentence", "[tokenizer][sentences]") {
    auto a = shipped_tokenizer().analyze("The judge said the\nban was unlawful, and\nXiaomi welcomed it.");
    CHECK(a.sentences.size() == 1);
}

TEST_CASE("blank lines separate paragraphs", "[tokenizer][sentences]") {
    auto a = shipped_tokenizer().analyze("Headline here\n\nFirst para. Still first.\n \t\nSecond para.\n\n\n\nThird");
    REQUIRE(a.sentences.size() == 5);
    CHECK(a.sentences[0].paragraph == 0);
    CHECK(a.sentences[1].paragraph == 1);
    CHECK(a.sentences[2].paragraph == 1);
    CHECK(a.sentences[3].paragraph == 2);
    CHECK(a.sentences[4].paragraph == 3);
}

TEST_CASE("empty and whitespace-only text gives no tokens and no sentences", "[tokenizer]") {
    for (const char* s : {"", " ", "\n\n\t  \r\n", "\xC2\xA0\xE2\x80\x83"}) {
        auto a = shipped_tokenizer().analyze(s);
        CHECK(a.tokens.empty());
        CHECK(a.sentences.empty());
        CHECK(a.diagnostics.empty());
    }
}

TEST_CASE("invalid UTF-8 is repaired with one diagnostic naming the line", "[tokenizer][utf8]") {
    std::string bad = "First line.\nSecond line.\nChelsea paid \xA3" "15.8m for Mutu \xFF\xFE today.\n";
    auto a = shipped_tokenizer().analyze(bad, "sport/199.txt");
    check_invariants(a);
    REQUIRE(a.diagnostics.size() == 1);
    CHECK(a.diagnostics[0].file == "sport/199.txt");
    CHECK(a.diagnostics[0].line == 3);
    CHECK(a.diagnostics[0].message.find("3 byte sequences") != std::string::npos);
    CHECK(a.text.find("\xEF\xBF\xBD" "15.8m") != std::string::npos);
    CHECK(a.sentences.size() == 3);
}

TEST_CASE("NUL bytes and control characters act as whitespace with a diagnostic", "[tokenizer][robustness]") {
    const char raw[] = "Xiaomi sued\0\0the US.\x01\x02 Then\x1B it won.";
    std::string s(raw, sizeof raw - 1);
    auto a = shipped_tokenizer().analyze(s, "nul.txt");
    check_invariants(a);
    CHECK(texts(a) == std::vector<std::string>{"Xiaomi", "sued", "the", "US", ".", "Then", "it", "won", "."});
    REQUIRE(a.diagnostics.size() == 1);
    CHECK(a.diagnostics[0].file == "nul.txt");
    CHECK(a.diagnostics[0].message.find("5 control characters") != std::string::npos);
}

TEST_CASE("random bytes never break the token and sentence invariants", "[tokenizer][robustness]") {
    std::mt19937 rng(20261128);
    const std::string alphabet[] = {"a", "Z", "7", ".", ",", "'", "’", "“", "”", "-", "–", "—", "…", "$", "%",
                                    " ", "\n", "\n\n", "\t", "\0", "\xFF", "\xE2", "\xE2\x80", "(", ")", "?", "!",
                                    "U.S.", "Mr.", "n't", "'s", "@", "://", "www.", "👍", "\xF0\x9F", "\xCC\x81",
                                    "\xE2\x80\x8D", "🇺", "北"};
    std::uniform_int_distribution<std::size_t> pick(0, std::size(alphabet) - 1);
    for (int round = 0; round < 300; ++round) {
        std::string s;
        std::size_t len = 1 + rng() % 80;
        for (std::size_t i = 0; i < len; ++i) s += alphabet[pick(rng)];
        auto a = shipped_tokenizer().analyze(s, "random");
        check_invariants(a);
    }
}

TEST_CASE("a 10 MB single line tokenizes in linear time", "[tokenizer][performance]") {
    std::string unit = "Xiaomi’s shares rose 5% to $28.3bn, the U.S. court said… ";
    std::string big;
    big.reserve(10'000'000 + unit.size());
    while (big.size() < 10'000'000) big += unit;
    auto start = std::chrono::steady_clock::now();
    auto a = shipped_tokenizer().analyze(big, "big");
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    CHECK(a.tokens.size() > 1'500'000);
    CHECK(a.sentences.size() > 100'000);
    CHECK(seconds < 30.0);  // linear; quadratic behaviour would take hours
    // Also one 10 MB token without any break.
    std::string word(10'000'000, 'x');
    auto b = shipped_tokenizer().analyze(word);
    REQUIRE(b.tokens.size() == 1);
    CHECK(b.sentences.size() == 1);
}

TEST_CASE("the abbreviation list loads, and broken lists are rejected with file and line", "[tokenizer][data]") {
    namespace fs = std::filesystem;
    CHECK_THROWS_AS(tokenizer::load("/nonexistent/abbreviations.txt"), kg::data_error);
    auto dir = fs::temp_directory_path() / fmt::format("kg-tok-{}", std::random_device{}());
    fs::create_directories(dir);
    auto path = (dir / "abbr.txt").string();
    kg::write_file_atomic(path, "# comment\nInc.\n\nbad entry\n");
    try {
        tokenizer::load(path);
        FAIL("expected a data_error");
    } catch (const kg::data_error& e) {
        CHECK(e.file() == path);
        CHECK(e.line() == 4);
    }
    kg::write_file_atomic(path, "Foo.\nbar\n");
    auto tok = tokenizer::load(path);
    CHECK(texts(tok.analyze("Foo. is bar. here")) == std::vector<std::string>{"Foo.", "is", "bar.", "here"});
    fs::remove_all(dir);
}

TEST_CASE("a default-constructed tokenizer knows the common abbreviations", "[tokenizer]") {
    tokenizer tok;
    CHECK(texts(tok.analyze("Mr. Lei of Xiaomi Corp. sued.")) ==
          std::vector<std::string>{"Mr.", "Lei", "of", "Xiaomi", "Corp.", "sued", "."});
}

TEST_CASE("words in capitals are not mistaken for listed abbreviations", "[tokenizer]") {
    auto a = shipped_tokenizer().analyze("Sources told the FT. But Rover denied it. Patients with MS. Final approval came.");
    CHECK(sentences(a) == std::vector<std::string>{"Sources told the FT .", "But Rover denied it .",
                                                   "Patients with MS .", "Final approval came ."});
}

TEST_CASE("an initial ends a sentence only before a common sentence starter", "[tokenizer][sentences]") {
    const auto& tok = shipped_tokenizer();
    CHECK(sentences(tok.analyze("It ended with World War I. But peace was short.")) ==
          std::vector<std::string>{"It ended with World War I.", "But peace was short ."});
    CHECK(tok.analyze("President George W. Bush spoke and J. K. Rowling wrote.").sentences.size() == 1);
}

TEST_CASE("already tokenized CoNLL-style text keeps its tokens", "[tokenizer]") {
    const std::string line = "Xiaomi 's U.S.-led rival ca n't win , \" said Hoey of C$ 5 and .496 hitters at +44 in ST. LOUIS . \"";
    auto a = shipped_tokenizer().analyze(line);
    std::vector<std::string> expected;
    for (std::size_t pos = 0; pos < line.size();) {
        auto end = line.find(' ', pos);
        if (end == std::string::npos) end = line.size();
        expected.push_back(line.substr(pos, end - pos));
        pos = end + 1;
    }
    CHECK(texts(a) == expected);
    // The detached closing quote stays in the sentence.
    CHECK(a.sentences.size() == 1);
}

TEST_CASE("CRLF line ends split headlines and paragraphs like LF", "[tokenizer][sentences]") {
    auto a = shipped_tokenizer().analyze("Xiaomi wins reprieve\r\n\r\nA judge halted the ban.\r\nThe US may appeal.\r\n");
    CHECK(sentences(a) == std::vector<std::string>{"Xiaomi wins reprieve", "A judge halted the ban .", "The US may appeal ."});
    REQUIRE(a.sentences.size() == 3);
    CHECK(a.sentences[0].paragraph == 0);
    CHECK(a.sentences[1].paragraph == 1);
    CHECK(a.sentences[2].paragraph == 1);
}

TEST_CASE("a clitic after an abbreviation or a closing bracket is one token", "[tokenizer]") {
    auto a = shipped_tokenizer().analyze("The U.S.'s ban and Acme Inc.’s suit.");
    CHECK(texts(a) == std::vector<std::string>{"The", "U.S.", "'s", "ban", "and", "Acme", "Inc.", "’s", "suit", "."});
    CHECK(norms(a)[7] == "'s");
}
