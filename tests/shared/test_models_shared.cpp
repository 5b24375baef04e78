// Dev-split scores of the committed models on CoNLL-2003 eng.testa (in
// ../shared; the test split is never read). Runs the models end to end from
// the tokens only (the chunker gets predicted part of speech); never trains.
#include <catch2/catch.hpp>

#include <filesystem>

#include "kg/extract/conll.hpp"
#include "kg/extract/evaluation.hpp"
#include "kg/extract/taggers.hpp"
#include "shared_dir.hpp"

using namespace kg::extract;

namespace {

struct dev_scores {
    span_evaluation ner, chunk;
    accuracy_evaluation pos;
};

const dev_scores& scores() {
    static const dev_scores s = [] {
        dev_scores out;
        auto dev = read_conll(kg::test::shared_dir() + "/data/conll2003/eng.testa", 4);
        auto t = taggers::load(std::string(KG_DATA_DIR) + "/models");
        for (const auto& d : dev.documents) {
            std::vector<std::vector<std::string_view>> words;
            for (const auto& s : d.sentences) {
                words.emplace_back();
                for (const auto& r : s.rows) words.back().push_back(r[0]);
            }
            auto tags = t.tag_document(words);
            for (std::size_t i = 0; i < d.sentences.size(); ++i) {
                out.pos.add(d.sentences[i].column(1), tags.pos[i]);
                out.chunk.add(d.sentences[i].column(2), tags.chunk[i]);
                out.ner.add(d.sentences[i].column(3), tags.ner[i]);
            }
        }
        return out;
    }();
    return s;
}

}  // namespace

TEST_CASE("the entity model scores at least 90 F1 on the dev split", "[shared][models]") {
    const auto& s = scores();
    INFO(s.ner.summary());
    CHECK(s.ner.overall().gold == 5942);
    CHECK(s.ner.overall().f1() >= 0.90);
    for (const char* type : {"PER", "LOC", "ORG", "MISC"}) CHECK(s.ner.by_type().at(type).f1() >= 0.85);
}

TEST_CASE("the chunker scores at least 90 F1 on the dev split from predicted part of speech", "[shared][models]") {
    const auto& s = scores();
    INFO(s.chunk.summary());
    CHECK(s.chunk.overall().f1() >= 0.90);
}

TEST_CASE("the part-of-speech tagger reaches the issue's 96% on the dev split", "[shared][models]") {
    const auto& s = scores();
    INFO(s.pos.accuracy());
    CHECK(s.pos.tokens() == 51362);
    CHECK(s.pos.accuracy() >= 0.96);
}

TEST_CASE("the word cache of the committed models changes no tag on the dev split", "[shared][models]") {
    // The precomputed scores of frequent words are only a speed-up: every
    // feature they stand for must depend on the word alone (a feature that
    // also depends on the position or the sentence would be cached wrong).
    auto dev = read_conll(kg::test::shared_dir() + "/data/conll2003/eng.testa", 4);
    auto t = taggers::load(std::string(KG_DATA_DIR) + "/models");
    const auto pos = t.pos().without_word_cache();
    const auto chunk = t.chunk().without_word_cache();
    const auto ner = t.ner().without_word_cache();
    std::size_t documents = 0, different = 0;
    for (const auto& d : dev.documents) {
        std::vector<std::vector<std::string_view>> words;
        for (const auto& s : d.sentences) {
            words.emplace_back();
            for (const auto& r : s.rows) words.back().push_back(r[0]);
        }
        auto cached = t.tag_document(words);
        auto p = pos.tag_document(words);
        bool same = p == cached.pos && chunk.tag_document(words, &p) == cached.chunk &&
                    ner.tag_document(words) == cached.ner;
        ++documents;
        if (!same) ++different;
    }
    CHECK(documents == 216);
    CHECK(different == 0);
}
