// The dependency parser: the arc-eager transition system and its oracles,
// CoNLL-U reading and writing, the parser's model file, and `kg eval parser`.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <sys/wait.h>
#include <unistd.h>

#include "kg/core/error.hpp"
#include "kg/core/io.hpp"
#include "kg/extract/conllu.hpp"
#include "kg/extract/dependency_parser.hpp"

using namespace kg::extract;

namespace {

// A small treebank: projective trees with left and right arcs, nested
// dependents, punctuation and a multi-word token, an empty node and comments.
const char* treebank =
    "# newdoc id = t1\n"
    "# sent_id = 1\n"
    "# text = The cat sat on the mat.\n"
    "1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\t_\n"
    "2\tcat\tcat\tNOUN\tNN\t_\t3\tnsubj\t_\t_\n"
    "3\tsat\tsit\tVERB\tVBD\t_\t0\troot\t_\t_\n"
    "4\ton\ton\tADP\tIN\t_\t6\tcase\t_\t_\n"
    "5\tthe\tthe\tDET\tDT\t_\t6\tdet\t_\t_\n"
    "6\tmat\tmat\tNOUN\tNN\t_\t3\tobl\t_\tSpaceAfter=No\n"
    "7\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_\n"
    "\n"
    "# sent_id = 2\n"
    "# text = I won't go, she said.\n"
    "1\tI\tI\tPRON\tPRP\t_\t4\tnsubj\t_\t_\n"
    "2-3\twon't\t_\t_\t_\t_\t_\t_\t_\t_\n"
    "2\two\twill\tAUX\tMD\t_\t4\taux\t_\t_\n"
    "3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_\n"
    "4\tgo\tgo\tVERB\tVB\t_\t7\tccomp\t_\tSpaceAfter=No\n"
    "5\t,\t,\tPUNCT\t,\t_\t7\tpunct\t_\t_\n"
    "6\tshe\tshe\tPRON\tPRP\t_\t7\tnsubj\t_\t_\n"
    "7\tsaid\tsay\tVERB\tVBD\t_\t0\troot\t_\tSpaceAfter=No\n"
    "8\t.\t.\tPUNCT\t.\t_\t7\tpunct\t_\t_\n"
    "\n"
    "# sent_id = 3\n"
    "# text = Bill bought apples and Mary pears\n"
    "1\tBill\tBill\tPROPN\tNNP\t_\t2\tnsubj\t_\t_\n"
    "2\tbought\tbuy\tVERB\tVBD\t_\t0\troot\t_\t_\n"
    "3\tapples\tapple\tNOUN\tNNS\t_\t2\tobj\t_\t_\n"
    "4\tand\tand\tCCONJ\tCC\t_\t5\tcc\t_\t_\n"
    "5\tMary\tMary\tPROPN\tNNP\t_\t2\tconj\t_\t_\n"
    "5.1\tbought\tbuy\tVERB\tVBD\t_\t_\t_\t2:conj\tCopyOf=2\n"
    "6\tpears\tpear\tNOUN\tNNS\t_\t5\torphan\t_\t_\n"
    "\n"
    "# sent_id = 4\n"
    "# text = Go!\n"
    "1\tGo\tgo\tVERB\tVB\t_\t0\troot\t_\tSpaceAfter=No\n"
    "2\t!\t!\tPUNCT\t.\t_\t1\tpunct\t_\t_\n"
    "\n"
    "# sent_id = 5\n"
    "# text = a report by the firm on sales that rose in May sharply\n"
    "1\ta\ta\tDET\tDT\t_\t2\tdet\t_\t_\n"
    "2\treport\treport\tNOUN\tNN\t_\t0\troot\t_\t_\n"
    "3\tby\tby\tADP\tIN\t_\t5\tcase\t_\t_\n"
    "4\tthe\tthe\tDET\tDT\t_\t5\tdet\t_\t_\n"
    "5\tfirm\tfirm\tNOUN\tNN\t_\t2\tnmod\t_\t_\n"
    "6\ton\ton\tADP\tIN\t_\t7\tcase\t_\t_\n"
    "7\tsales\tsale\tNOUN\tNNS\t_\t2\tnmod\t_\t_\n"
    "8\tthat\tthat\tPRON\tWDT\t_\t9\tnsubj\t_\t_\n"
    "9\trose\trise\tVERB\tVBD\t_\t7\tacl:relcl\t_\t_\n"
    "10\tin\tin\tADP\tIN\t_\t11\tcase\t_\t_\n"
    "11\tMay\tMay\tPROPN\tNNP\t_\t9\tobl\t_\t_\n"
    "12\tsharply\tsharply\tADV\tRB\t_\t9\tadvmod\t_\t_\n"
    "\n";

const std::vector<std::string> labels = {"acl:relcl", "advmod", "aux", "case", "cc", "ccomp", "conj", "det",
                                         "nmod", "nsubj", "obj", "obl", "orphan", "punct", "root"};

std::int32_t label_id(const std::string& l) {
    for (std::size_t i = 0; i < labels.size(); ++i)
        if (labels[i] == l) return static_cast<std::int32_t>(i);
    FAIL("unknown label " << l);
    return -1;
}

struct gold_tree {
    std::vector<std::int32_t> head, label;  // per position 0..n
};

gold_tree gold_of(const conllu_sentence& s) {
    gold_tree g;
    g.head.assign(s.size() + 1, 0);
    g.label.assign(s.size() + 1, 0);
    for (std::size_t i = 0; i < s.size(); ++i) {
        g.head[i + 1] = s.head[i] + 1;
        g.label[i + 1] = label_id(s.deprel[i]);
    }
    return g;
}

const std::uint32_t root = static_cast<std::uint32_t>(14);

// Runs the transition system from the start, choosing moves with `choose`,
// and returns the tree it builds.
template <class Choose>
gold_tree run(std::int32_t n, Choose choose) {
    arc_eager::state st;
    st.reset(n);
    std::size_t steps = 0;
    while (!st.terminal()) {
        auto m = choose(st);
        REQUIRE(st.legal(m, root));
        st.apply(m);
        REQUIRE(++steps <= 2 * static_cast<std::size_t>(n));
    }
    st.finish(root, 0);
    return {st.head, st.label};
}

struct run_result {
    int status;
    std::string out, err;
};

run_result run_kg(const std::string& args, const std::filesystem::path& dir) {
    auto out = (dir / "stdout").string(), err = (dir / "stderr").string();
    std::string cmd = std::string(KG_BINARY) + " " + args + " >" + out + " 2>" + err;
    int rc = std::system(cmd.c_str());
    return {WIFEXITED(rc) ? WEXITSTATUS(rc) : -1, kg::read_file(out), kg::read_file(err)};
}

std::filesystem::path temp_dir(const char* name) {
    static int calls = 0;
    auto dir = std::filesystem::temp_directory_path() /
               (std::string(name) + std::to_string(::getpid()) + "_" + std::to_string(++calls));
    std::filesystem::create_directories(dir);
    return dir;
}

}  // namespace

TEST_CASE("conllu reading keeps multi-word tokens and empty nodes out of the tree", "[parser][conllu]") {
    auto c = parse_conllu(treebank, "mem");
    REQUIRE(c.sentences.size() == 5);
    CHECK(c.word_count() == 7 + 8 + 6 + 2 + 12);
    const auto& s2 = c.sentences[1];
    CHECK(s2.text == "I won't go, she said.");
    CHECK(s2.comments == std::vector<std::string>{"# sent_id = 2", "# text = I won't go, she said."});
    CHECK(s2.form == std::vector<std::string>{"I", "wo", "n't", "go", ",", "she", "said", "."});
    CHECK(s2.lines.size() == 9);  // the token line 2-3 is kept for writing
    CHECK(s2.word_line[1] == 2);
    CHECK(s2.head == std::vector<std::int32_t>{3, 3, 3, 6, 6, 6, -1, 6});
    const auto& s3 = c.sentences[2];
    CHECK(s3.size() == 6);  // the empty node 5.1 is not a word
    CHECK(s3.form[5] == "pears");
    CHECK(s3.head[5] == 4);
    CHECK(c.sentences[0].comments.front() == "# newdoc id = t1");
    CHECK(c.sentences[0].misc[5] == "SpaceAfter=No");
    CHECK(c.sentences[0].xpos[6] == ".");
}

TEST_CASE("conllu writing with the gold trees reproduces the file", "[parser][conllu]") {
    auto c = parse_conllu(treebank, "mem");
    std::vector<std::vector<std::int32_t>> heads;
    std::vector<std::vector<std::string>> rels;
    for (const auto& s : c.sentences) {
        heads.push_back(s.head);
        rels.push_back(s.deprel);
    }
    CHECK(format_conllu(c, heads, rels) == treebank);
    // Other heads and relations change only those columns.
    heads[3] = {1, -1};
    rels[3] = {"nsubj", "root"};
    auto out = format_conllu(c, heads, rels);
    CHECK(out.find("1\tGo\tgo\tVERB\tVB\t_\t2\tnsubj\t_\tSpaceAfter=No\n2\t!\t!\tPUNCT\t.\t_\t0\troot\t_\t_\n") !=
          std::string::npos);
    auto again = parse_conllu(out, "mem2");
    CHECK(again.sentences[3].head == std::vector<std::int32_t>{1, -1});
    CHECK(again.sentences[2].lines == c.sentences[2].lines);
}

TEST_CASE("conllu with CRLF line ends and no final blank line is read", "[parser][conllu]") {
    auto c = parse_conllu("# text = Hi\r\n1\tHi\thi\tINTJ\tUH\t_\t0\troot\t_\t_\r\n", "mem");
    REQUIRE(c.sentences.size() == 1);
    CHECK(c.sentences[0].form[0] == "Hi");
    CHECK(c.sentences[0].misc[0] == "_");
}

TEST_CASE("malformed conllu names the file and line", "[parser][conllu]") {
    CHECK_THROWS_AS(parse_conllu("1\tHi\thi\tINTJ\tUH\t_\t0\troot\t_\n", "mem"), kg::input_error);
    CHECK_THROWS_AS(parse_conllu("2\tHi\thi\tINTJ\tUH\t_\t0\troot\t_\t_\n", "mem"), kg::input_error);
    CHECK_THROWS_AS(parse_conllu("1\tHi\thi\tINTJ\tUH\t_\t5\troot\t_\t_\n", "mem"), kg::input_error);
    CHECK_THROWS_AS(parse_conllu("1\tHi\thi\tINTJ\tUH\t_\tx\troot\t_\t_\n", "mem"), kg::input_error);
    try {
        parse_conllu("# c\n1\tHi\thi\tINTJ\tUH\t_\t0\troot\t_\t_\n\n1\tA\ta\tX\tX\t_\t0\n", "file.conllu");
        FAIL("no error");
    } catch (const kg::input_error& e) {
        CHECK(e.file() == "file.conllu");
        CHECK(e.line() == 4);
    }
}

TEST_CASE("projectivity is recognised", "[parser][conllu]") {
    CHECK(is_projective({1, -1, 1}));
    CHECK(is_projective({-1, 0, 1, 0}));
    CHECK_FALSE(is_projective({2, 3, -1, 2}));  // arcs 0-2 and 1-3 cross
    CHECK_FALSE(is_projective({-1, 3, 0, 0}));  // arcs 0-2 and 1-3 cross
    CHECK_FALSE(is_projective({2, -1, 1, 0}));  // the root's arc to 1 crosses the arc 0-2
}

TEST_CASE("the static oracle reproduces every projective gold tree", "[parser][oracle]") {
    auto c = parse_conllu(treebank, "mem");
    for (const auto& s : c.sentences) {
        REQUIRE(is_projective(s.head));
        auto g = gold_of(s);
        auto t = run(static_cast<std::int32_t>(s.size()), [&](const arc_eager::state& st) {
            auto m = arc_eager::static_oracle(st, g.head, g.label);
            // Along the gold path every static move costs nothing.
            CHECK(arc_eager::cost(st, m, g.head, g.label) == 0);
            return m;
        });
        for (std::size_t i = 1; i < g.head.size(); ++i) {
            CHECK(t.head[i] == g.head[i]);
            CHECK(t.label[i] == g.label[i]);
        }
    }
}

TEST_CASE("following zero-cost moves of the dynamic oracle reproduces every projective gold tree", "[parser][oracle]") {
    auto c = parse_conllu(treebank, "mem");
    const auto moves = arc_eager::move_count(static_cast<std::uint32_t>(labels.size()));
    for (const auto& s : c.sentences) {
        auto g = gold_of(s);
        // Prefer the last zero-cost legal move (reduce and arcs before shift)
        // in one run, the first in another: both must reach the gold tree.
        for (bool last : {false, true}) {
            auto t = run(static_cast<std::int32_t>(s.size()), [&](const arc_eager::state& st) {
                // The one-pass costs agree with the costs of single moves.
                std::vector<std::uint32_t> all(moves);
                arc_eager::costs(st, root, g.head, g.label, all);
                for (std::uint32_t m = 0; m < moves; ++m)
                    CHECK(all[m] == (st.legal(m, root) ? arc_eager::cost(st, m, g.head, g.label) : UINT32_MAX));
                std::uint32_t chosen = moves;
                for (std::uint32_t m = 0; m < moves; ++m)
                    if (st.legal(m, root) && arc_eager::cost(st, m, g.head, g.label) == 0 && (last || chosen == moves))
                        chosen = m;
                REQUIRE(chosen < moves);
                return chosen;
            });
            for (std::size_t i = 1; i < g.head.size(); ++i) {
                CHECK(t.head[i] == g.head[i]);
                CHECK(t.label[i] == g.label[i]);
            }
        }
    }
}

TEST_CASE("the dynamic oracle counts the gold arcs a wrong move loses", "[parser][oracle]") {
    // "The cat sat on the mat ." : shifting "The" and then "cat" loses the arc The <- cat.
    auto c = parse_conllu(treebank, "mem");
    auto g = gold_of(c.sentences[0]);
    arc_eager::state st;
    st.reset(7);
    st.apply(arc_eager::shift_move);  // stack: root The; buffer: cat ...
    CHECK(arc_eager::cost(st, arc_eager::shift_move, g.head, g.label) == 1);
    CHECK(arc_eager::cost(st, arc_eager::left_move(static_cast<std::uint32_t>(label_id("det"))), g.head, g.label) == 0);
    CHECK(arc_eager::cost(st, arc_eager::left_move(static_cast<std::uint32_t>(label_id("nsubj"))), g.head, g.label) == 1);
    // A right arc The -> cat loses cat's arc to "sat" and The's arc to cat.
    CHECK(arc_eager::cost(st, arc_eager::right_move(static_cast<std::uint32_t>(label_id("det"))), g.head, g.label) == 2);
    // Attaching "The" to the root (when legal) would lose two arcs too; here "root" is illegal from a word.
    CHECK_FALSE(st.legal(arc_eager::right_move(root), root));
    CHECK_FALSE(st.legal(arc_eager::reduce_move, root));
}

TEST_CASE("words left without a head are attached to the root's dependent", "[parser][oracle]") {
    arc_eager::state st;
    st.reset(3);
    while (!st.terminal()) st.apply(arc_eager::shift_move);
    st.finish(root, 0);
    CHECK(st.head == std::vector<std::int32_t>{-1, 0, 1, 1});
    CHECK(st.label[1] == static_cast<std::int32_t>(root));
    CHECK(st.label[2] == 0);
}

TEST_CASE("a parser model survives its file, and a damaged or old file is refused", "[parser][model]") {
    std::vector<dependency_parser::feature_row> rows = {{12345, {{0, 1.5f}, {7, -0.25f}}}, {99, {{3, 0.75f}}}};
    dependency_parser p(labels, rows);
    auto bytes = p.serialize();
    auto q = dependency_parser::parse_model(bytes, "p.model");
    CHECK(q.labels() == labels);
    CHECK(q.feature_count() == 2);
    CHECK(q.weight_count() == 3);
    CHECK(q.serialize() == bytes);
    auto back = q.rows();
    REQUIRE(back.size() == 2);
    CHECK(back[0].key == 99);
    CHECK(back[1].weights[0].second == Approx(1.5f).epsilon(1e-4));

    auto corrupt = bytes;
    corrupt[corrupt.size() / 2] ^= 0x10;
    CHECK_THROWS_WITH(dependency_parser::parse_model(corrupt, "p.model"), Catch::Contains("checksum"));
    auto old = bytes;
    old[8] = 0;  // format version 0
    CHECK_THROWS_WITH(dependency_parser::parse_model(old, "p.model"), Catch::Contains("version"));
    CHECK_THROWS_WITH(dependency_parser::parse_model(bytes.substr(0, 30), "p.model"), Catch::Contains("truncated"));
    CHECK_THROWS_WITH(dependency_parser::parse_model("KGTAGGER-and-more-bytes-here-.........", "p.model"),
                      Catch::Contains("wrong magic"));
    try {
        dependency_parser::parse_model(corrupt, "p.model");
    } catch (const kg::model_error& e) {
        CHECK(e.file() == "p.model");
    }
    CHECK_THROWS_AS(dependency_parser::load("/nonexistent/parser.model"), kg::model_error);
}

TEST_CASE("parsing is linear and yields one tree per sentence", "[parser]") {
    // A model without weights: every word shifted, then attached to the first.
    dependency_parser p(labels, {});
    dependency_parser::workspace ws;
    std::vector<std::string> words(5000, "word");
    std::vector<std::string_view> w(words.begin(), words.end()), t(words.size(), "NN");
    std::vector<std::int32_t> head;
    std::vector<std::uint32_t> rel;
    p.parse(w, t, head, rel, ws);
    REQUIRE(head.size() == 5000);
    CHECK(head[0] == -1);
    CHECK(head[4999] == 0);
    CHECK(p.labels()[rel[0]] == "root");
}

TEST_CASE("kg eval parser prints attachment scores and writes the predictions", "[parser][eval][cli]") {
    auto dir = temp_dir("kg_test_parser_");
    kg::write_file_atomic((dir / "gold.conllu").string(), treebank);
    // A model without weights makes every sentence's first word the root and
    // attaches the other words to it with the fallback label "dep".
    std::vector<std::string> l = labels;
    l.push_back("dep");
    std::sort(l.begin(), l.end());
    kg::write_file_atomic((dir / "empty.model").string(), dependency_parser(l, {}).serialize());
    auto r = run_kg("eval parser --gold " + (dir / "gold.conllu").string() + " --model " + (dir / "empty.model").string() +
                        " --pos-model gold --predictions " + (dir / "pred.conllu").string(),
                    dir);
    INFO(r.err);
    REQUIRE(r.status == 0);
    // Heads right by hand (first word root, the rest on it):
    //  1: The(root, gold 2) no; cat(1, gold 3) no; sat(1, gold 0) no; on no; the no; mat no; . no  -> 0 of 7
    //  2: I root (gold 4) no; wo->1 no; n't->1 no; go no; , no; she no; said no; . no            -> 0 of 8
    //  3: Bill root (gold 2) no; bought->1 (gold 0) no; apples->1 no; and no; Mary no; pears no -> 0 of 6
    //  4: Go root yes (root); ! ->1 yes (punct, predicted dep)                                      -> 2 heads, 1 label
    //  5: a root (gold 2) no; report->1 (gold 0) no; by no; the no; firm no ... none              -> 0 of 12
    // UAS 2/35 = 5.71, LAS 1/35 = 2.86.
    CHECK(r.out.find("words: 35") != std::string::npos);
    CHECK(r.out.find("UAS: 5.71% (2/35)") != std::string::npos);
    CHECK(r.out.find("LAS: 2.86% (1/35") != std::string::npos);
    auto pred = parse_conllu(kg::read_file((dir / "pred.conllu").string()), "pred");
    auto gold = parse_conllu(treebank, "gold");
    REQUIRE(pred.sentences.size() == gold.sentences.size());
    for (std::size_t s = 0; s < gold.sentences.size(); ++s) {
        CHECK(pred.sentences[s].form == gold.sentences[s].form);
        CHECK(pred.sentences[s].comments == gold.sentences[s].comments);
        CHECK(pred.sentences[s].lines.size() == gold.sentences[s].lines.size());
        CHECK(pred.sentences[s].head[0] == -1);
        CHECK(pred.sentences[s].deprel[0] == "root");
        for (std::size_t i = 1; i < pred.sentences[s].size(); ++i) {
            CHECK(pred.sentences[s].head[i] == 0);
            CHECK(pred.sentences[s].deprel[i] == "dep");
        }
    }
    std::filesystem::remove_all(dir);
}


#include "kg/extract/parser_training.hpp"

TEST_CASE("pruning a parser keeps its largest weights on the same scale", "[parser][model]") {
    std::vector<dependency_parser::feature_row> rows = {
        {5, {{0, 1.0f}, {3, -4.0f}}}, {9, {{1, 0.5f}}}, {12, {{2, 2.0f}, {4, -0.25f}, {6, 3.0f}}}};
    dependency_parser p(labels, rows);
    auto q = prune_parser(p, 3);
    CHECK(q.weight_count() == 3);
    CHECK(q.feature_count() == 2);  // feature 9 lost its only weight
    CHECK(q.scale() == p.scale());
    auto kept = q.rows();
    REQUIRE(kept.size() == 2);
    CHECK(kept[0].key == 5);
    REQUIRE(kept[0].weights.size() == 1);
    CHECK(kept[0].weights[0].first == 3);
    CHECK(kept[1].key == 12);
    REQUIRE(kept[1].weights.size() == 2);
    CHECK(kept[1].weights[0].first == 2);
    CHECK(kept[1].weights[1].first == 6);
    // Pruning to more weights than there are changes nothing.
    CHECK(prune_parser(p, 100).serialize() == p.serialize());
    // Scores of the kept weights are unchanged.
    std::vector<std::int32_t> a(arc_eager::move_count(static_cast<std::uint32_t>(labels.size()))), b(a.size());
    p.score({5, 12}, a.data());
    q.score({5, 12}, b.data());
    CHECK(a[3] == b[3]);
    CHECK(a[6] == b[6]);
    CHECK(b[0] == 0);
}

#include "kg/extract/taggers.hpp"
#include "kg/extract/text.hpp"
#include "kg/extract/tokenizer.hpp"

TEST_CASE("the parse stage gives each sentence of a text one tree of its own tokens", "[parser][stage]") {
    const std::string data = KG_DATA_DIR;
    auto parser = dependency_parser::load(data + "/models/parser.model");
    auto pos = tagger_model::load(data + "/models/parser_pos.model");
    auto tok = tokenizer::load(data + "/lexicons/abbreviations.txt");
    auto text = tok.analyze("Verizon bought Yahoo last year. The judge, who was appointed in 2019, blocked the order.");
    REQUIRE(text.sentences.size() == 2);
    parse_text(parser, pos, text);
    REQUIRE(text.has_parse());
    REQUIRE(text.deprel.size() == text.tokens.size());
    auto token = [&](const char* w) {
        for (std::size_t i = 0; i < text.tokens.size(); ++i)
            if (text.tokens[i].text == w) return static_cast<std::int32_t>(i);
        FAIL("no token " << w);
        return -1;
    };
    for (const auto& s : text.sentences) {
        std::size_t roots = 0;
        for (std::size_t i = s.first_token; i < s.last_token; ++i) {
            auto h = text.head[i];
            if (h < 0) {
                ++roots;
                CHECK(text.deprel[i] == "root");
            } else {
                CHECK(static_cast<std::size_t>(h) >= s.first_token);
                CHECK(static_cast<std::size_t>(h) < s.last_token);
                CHECK(static_cast<std::size_t>(h) != i);
            }
        }
        CHECK(roots == 1);
    }
    // Simple news syntax the model must get right.
    CHECK(text.head[static_cast<std::size_t>(token("Verizon"))] == token("bought"));
    CHECK(text.deprel[static_cast<std::size_t>(token("Verizon"))] == "nsubj");
    CHECK(text.head[static_cast<std::size_t>(token("Yahoo"))] == token("bought"));
    CHECK(text.deprel[static_cast<std::size_t>(token("Yahoo"))] == "obj");
    CHECK(text.deprel[static_cast<std::size_t>(token("bought"))] == "root");
    CHECK(text.head[static_cast<std::size_t>(token("judge"))] == token("blocked"));
    CHECK(text.deprel[static_cast<std::size_t>(token("appointed"))] == "acl:relcl");
    CHECK(text.head[static_cast<std::size_t>(token("order"))] == token("blocked"));
}
