// The committed dependency parser on the UD English EWT dev split (in
// ../shared; the test split is never read): the words are tagged by the
// parser's part-of-speech model and parsed; never trains.
#include <catch2/catch.hpp>

#include "kg/extract/conllu.hpp"
#include "kg/extract/dependency_parser.hpp"
#include "kg/extract/parser_training.hpp"
#include "kg/extract/taggers.hpp"
#include "shared_dir.hpp"

using namespace kg::extract;

namespace {
// A little below what the committed model measured (see README, "Dependency parser").
constexpr double uas_floor = 84.0;
constexpr double las_floor = 81.0;
}  // namespace

TEST_CASE("the committed parser scores above its floor on EWT dev from predicted tags", "[shared][parser]") {
    auto dev = read_conllu(kg::test::shared_dir() + "/data/ud-ewt/en_ewt-ud-dev.conllu");
    const std::string models = std::string(KG_DATA_DIR) + "/models/";
    auto parser = dependency_parser::load(models + "parser.model");
    auto pos = tagger_model::load(models + "parser_pos.model");
    auto examples = parser_examples(dev, &pos);
    // The tagger's own accuracy on the XPOS column.
    std::size_t right = 0, words = 0;
    for (std::size_t s = 0; s < examples.size(); ++s)
        for (std::size_t i = 0; i < examples[s].tags.size(); ++i, ++words) right += examples[s].tags[i] == dev.sentences[s].xpos[i];
    auto scores = evaluate_parser(parser, examples);
    INFO("POS " << 100.0 * static_cast<double>(right) / static_cast<double>(words) << " UAS " << scores.uas() << " LAS "
                << scores.las());
    CHECK(scores.words == 25147);
    CHECK(100.0 * static_cast<double>(right) / static_cast<double>(words) >= 94.0);
    CHECK(scores.uas() >= uas_floor);
    CHECK(scores.las() >= las_floor);
}
