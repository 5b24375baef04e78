// CoNLL reading, conlleval-style span scoring and the kg eval command.
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <unistd.h>
#include <fstream>
#include <sstream>
#include <sys/wait.h>

#include "kg/core/error.hpp"
#include "kg/core/io.hpp"
#include "kg/extract/conll.hpp"
#include "kg/extract/evaluation.hpp"

using namespace kg::extract;

namespace {

std::string fixture(const std::string& name) { return std::string(KG_SOURCE_DIR) + "/tests/golden/eval/" + name; }

span_evaluation score_fixture(const std::string& name) {
    auto c = read_conll(fixture(name), 5);
    span_evaluation ev;
    for (const auto& d : c.documents)
        for (const auto& s : d.sentences) ev.add(s.column(3), s.column(4));
    return ev;
}

struct run_result {
    int status;
    std::string out;
    std::string err;
};

run_result run_kg(const std::string& args) {
    // One directory per process and call: CTest runs test cases in parallel processes.
    static int calls = 0;
    auto dir = std::filesystem::temp_directory_path() /
               ("kg_test_eval_" + std::to_string(::getpid()) + "_" + std::to_string(++calls));
    std::filesystem::create_directories(dir);
    auto out = (dir / "stdout").string(), err = (dir / "stderr").string();
    std::string cmd = std::string(KG_BINARY) + " " + args + " >" + out + " 2>" + err;
    int rc = std::system(cmd.c_str());
    run_result r{WIFEXITED(rc) ? WEXITSTATUS(rc) : -1, kg::read_file(out), kg::read_file(err)};
    std::filesystem::remove_all(dir);
    return r;
}

}  // namespace

TEST_CASE("conll files with CRLF, -DOCSTART- first and no final newline are read", "[eval][conll]") {
    auto c = read_conll(fixture("tiny_iob1.conll"), 5);
    CHECK(c.columns == 5);
    REQUIRE(c.documents.size() == 1);
    REQUIRE(c.documents[0].sentences.size() == 3);
    CHECK(c.token_count() == 15);
    CHECK(c.docstart_lines == 1);
    const auto& s = c.documents[0].sentences[0];
    CHECK(s.rows[0][0] == "John");
    CHECK(s.rows[0][4] == "I-PER");  // no stray '\r'
    CHECK(s.lines[0] == 3);
    CHECK(c.documents[0].sentences[2].rows[1][3] == "B-LOC");
}

TEST_CASE("DOCSTART lines split documents wherever they are", "[eval][conll]") {
    auto c = parse_conll("a X O\n\n-DOCSTART- -X- O\n\nb X O\nc X O\n-DOCSTART- -X- O\nd X O", "mem");
    REQUIRE(c.documents.size() == 3);
    CHECK(c.documents[0].sentences[0].rows[0][0] == "a");
    CHECK(c.documents[1].sentences[0].size() == 2);
    CHECK(c.documents[2].sentences[0].rows[0][0] == "d");
    CHECK(c.sentence_count() == 3);
}

TEST_CASE("a row with another column count is an input error naming file and line", "[eval][conll]") {
    try {
        read_conll(std::string(KG_SOURCE_DIR) + "/tests/bad_input/conll/wrong_columns.conll");
        FAIL("no error");
    } catch (const kg::input_error& e) {
        CHECK(e.line() == 3);
        CHECK(std::string(e.what()).find("wrong_columns.conll:3:") != std::string::npos);
    }
    CHECK_THROWS_AS(parse_conll("a\n", "mem", 2), kg::input_error);
}

TEST_CASE("spans are found as conlleval finds them in IOB1 and IOB2", "[eval][spans]") {
    using v = std::vector<std::string>;
    auto s = tags_to_spans(v{"I-PER", "I-PER", "B-PER", "O", "I-LOC", "I-ORG"});
    REQUIRE(s.size() == 4);
    CHECK(s[0] == labeled_span{0, 2, "PER"});
    CHECK(s[1] == labeled_span{2, 3, "PER"});
    CHECK(s[2] == labeled_span{4, 5, "LOC"});
    CHECK(s[3] == labeled_span{5, 6, "ORG"});
    // IOB2 of the same chunks.
    CHECK(tags_to_spans(v{"B-PER", "I-PER", "B-PER", "O", "B-LOC", "B-ORG"}) == s);
    // BILOU.
    CHECK(tags_to_spans(v{"B-PER", "L-PER", "U-PER", "O", "U-LOC", "U-ORG"}) == s);
    // An I- after O starts a chunk (IOB1, and leniently in IOB2).
    CHECK(tags_to_spans(v{"O", "I-MISC"}) == std::vector<labeled_span>{{1, 2, "MISC"}});
    CHECK(to_bio(v{"I-PER", "I-PER", "B-PER", "O"}) == v{"B-PER", "I-PER", "B-PER", "O"});
    CHECK(spans_to_bilou(s, 6) == v{"B-PER", "L-PER", "U-PER", "O", "U-LOC", "U-ORG"});
    CHECK(spans_to_iob1(s, 6) == v{"I-PER", "I-PER", "B-PER", "O", "I-LOC", "I-ORG"});
    CHECK(uses_iob1(v{"I-PER", "I-PER", "B-PER", "O"}));
    CHECK_FALSE(uses_iob1(v{"B-PER", "I-PER", "B-PER", "O"}));
}

TEST_CASE("span scores of the tiny fixture match the hand-computed ones", "[eval][golden]") {
    auto ev = score_fixture("tiny_iob1.conll");
    const auto& o = ev.overall();
    CHECK(o.gold == 7);
    CHECK(o.found == 5);
    CHECK(o.correct == 3);
    CHECK(o.precision() == Approx(3.0 / 5));
    CHECK(o.recall() == Approx(3.0 / 7));
    CHECK(o.f1() == Approx(0.5));
    CHECK(ev.by_type().at("PER").f1() == Approx(1.0));
    CHECK(ev.by_type().at("LOC").gold == 3);
    CHECK(ev.by_type().at("LOC").found == 1);
    CHECK(ev.by_type().at("LOC").f1() == 0.0);
    CHECK(ev.by_type().at("ORG").found == 1);
    CHECK(ev.tokens() == 15);
    CHECK(ev.correct_tags() == 10);
}

TEST_CASE("IOB1 and IOB2 versions of the same tags score the same", "[eval][golden]") {
    auto a = score_fixture("tiny_iob1.conll");
    auto b = score_fixture("tiny_iob2.conll");
    CHECK(a.overall().gold == b.overall().gold);
    CHECK(a.overall().found == b.overall().found);
    CHECK(a.overall().correct == b.overall().correct);
    for (const auto& [type, c] : a.by_type()) {
        CHECK(b.by_type().at(type).correct == c.correct);
        CHECK(b.by_type().at(type).found == c.found);
    }
}

TEST_CASE("the summary has conlleval's layout", "[eval]") {
    auto s = score_fixture("tiny_iob1.conll").summary();
    CHECK(s ==
          "processed 15 tokens with 7 phrases; found: 5 phrases; correct: 3.\n"
          "accuracy:  66.67%; precision:  60.00%; recall:  42.86%; FB1:  50.00\n"
          "              LOC: precision:   0.00%; recall:   0.00%; FB1:   0.00  1\n"
          "              ORG: precision:   0.00%; recall:   0.00%; FB1:   0.00  1\n"
          "              PER: precision: 100.00%; recall: 100.00%; FB1: 100.00  3\n");
}

TEST_CASE("token accuracy counts equal tags", "[eval]") {
    accuracy_evaluation ev;
    ev.add({"NN", "VB", "DT"}, {"NN", "VBD", "DT"});
    CHECK(ev.tokens() == 3);
    CHECK(ev.correct() == 2);
    CHECK(ev.accuracy() == Approx(2.0 / 3));
    CHECK(ev.by_tag().at("VB").second == 0);
}

TEST_CASE("predictions keep every gold line and append one column", "[eval][predictions]") {
    auto c = read_conll(fixture("tiny_iob2.conll"), 5);
    std::vector<std::string> pred(c.token_count(), "O");
    pred[0] = "B-PER";
    auto out = format_predictions(c, pred);
    std::istringstream in(out);
    std::string line;
    std::vector<std::string> lines;
    while (std::getline(in, line)) lines.push_back(line);
    REQUIRE(lines.size() == c.lines.size());
    CHECK(lines[0] == "John NNP B-NP B-PER B-PER B-PER");
    CHECK(lines[6].empty());
    CHECK(lines.back() == "-DOCSTART- -X- -X- O O O");
    CHECK(out.back() == '\n');
}

TEST_CASE("kg eval ner scores a file and writes predictions", "[eval][cli]") {
    auto pred = (std::filesystem::temp_directory_path() / "kg_test_eval_pred.conll").string();
    std::filesystem::remove(pred);
    auto r = run_kg("eval ner --gold " + fixture("tiny_iob1.conll") + " --predictions " + pred);
    REQUIRE(r.status == 0);
    // conlleval counts the -DOCSTART- line as a token.
    CHECK(r.out.rfind("processed 16 tokens with 7 phrases; found: ", 0) == 0);
    CHECK(r.out.find("FB1:") != std::string::npos);
    auto gold = read_conll(fixture("tiny_iob1.conll"), 5);
    auto p = read_conll(pred, 6);
    CHECK(p.columns == 6);
    CHECK(p.lines.size() == gold.lines.size());
    REQUIRE(p.token_count() == 15);
    // Gold columns unchanged; the prediction is in the gold's IOB1 scheme.
    const auto& row = p.documents[0].sentences[0].rows[0];
    CHECK(row[0] == "John");
    CHECK(row[4] == "I-PER");
    CHECK((row[5] == "O" || row[5].rfind("I-", 0) == 0));
}

TEST_CASE("kg eval pos and chunk print accuracy and chunk scores", "[eval][cli]") {
    auto r = run_kg("eval pos --gold " + fixture("tiny_iob1.conll"));
    REQUIRE(r.status == 0);
    CHECK(r.out.rfind("processed 15 tokens; correct: ", 0) == 0);
    r = run_kg("eval chunk --gold " + fixture("tiny_iob1.conll"));
    REQUIRE(r.status == 0);
    CHECK(r.out.find("phrases; found:") != std::string::npos);
}

TEST_CASE("kg eval on a malformed file exits 2 naming file and line", "[eval][cli]") {
    auto r = run_kg("eval ner --gold " + std::string(KG_SOURCE_DIR) + "/tests/bad_input/conll/wrong_columns.conll");
    CHECK(r.status == 2);
    CHECK(r.err.find("kg: error: ") != std::string::npos);
    CHECK(r.err.find("wrong_columns.conll:3: expected 4 columns, found 3") != std::string::npos);
    r = run_kg("eval ner --gold /nonexistent/file.conll");
    CHECK(r.status == 2);
    r = run_kg("eval ner");
    CHECK(r.status == 1);
}
