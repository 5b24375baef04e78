// No stage may be worse than linear in a document's length. A one-line
// article of thousands of sentences (no newline anywhere: page-furniture
// checks, sentence splitting and every per-sentence pass see one huge line)
// goes through the whole pipeline, models and parser included. The test is
// not timed: it is tagged [.linear] so that it runs alone as the CTest entry
// `one_line_article_linear`, whose TIMEOUT (tests/CMakeLists.txt) a quadratic
// stage exceeds by far while a linear pipeline finishes in seconds (about
// 6 CPU s in a Release build; a minute or so under the sanitizers). Before
// they were made linear, the boilerplate pass grew fourfold per doubling
// (2,000 sentence pairs: 6.0 CPU s, 1.65 after), and with it fixed, the
// patterns' per-sentence scans and the merging of a fact's evidence still
// took 20,000 pairs to 24 CPU s (7.9 after).
#include <catch2/catch.hpp>

#include <string>

#include "kg/extract/pipeline.hpp"

TEST_CASE("a one-line article of 32,000 sentences goes through every stage and is read to its last sentence",
          "[.linear]") {
    static const auto p = kg::extract::pipeline::load(KG_DATA_DIR);
    constexpr int pairs = 16000;
    kg::document doc;
    doc.id = "one-line";
    doc.source = "memory";
    doc.text.reserve(pairs * 90);
    for (int i = 0; i < pairs; ++i)
        doc.text += "Globex Corporation sued Initech Inc over a patent. The company said it would appeal the ruling. ";
    auto x = p.run(doc);
    // Every sentence pair states the same suit: one fact whose evidence is
    // every one of its sentences, the last included.
    std::string globex, initech;
    for (auto& e : x.entities) {
        if (e.label == "Globex Corporation") globex = e.id;
        if (e.label == "Initech Inc") initech = e.id;
    }
    REQUIRE(!globex.empty());
    REQUIRE(!initech.empty());
    const kg::fact* sued = nullptr;
    for (auto& f : x.facts)
        if (f.source == globex && f.target == initech && f.type == "SUED") sued = &f;
    REQUIRE(sued != nullptr);
    CHECK(sued->evidence.size() == static_cast<std::size_t>(pairs));
}
