// Dev-split scores of the committed relation model on CoNLL04
// (../shared/data/conll04/conll04_dev.json, used for model selection, never
// trained on): entities and relations predicted from the tokens only, scored
// strictly. Never trains.
#include <catch2/catch.hpp>

#include "kg/extract/relation_model.hpp"
#include "kg/extract/spert.hpp"
#include "kg/extract/taggers.hpp"
#include "shared_dir.hpp"

using namespace kg::extract;

TEST_CASE("the relation model keeps its CoNLL04 dev scores", "[shared][relations]") {
    auto dev = read_spert(kg::test::shared_dir() + "/data/conll04/conll04_dev.json");
    const std::string models = std::string(KG_DATA_DIR) + "/models";
    auto model = relation_model::load(models + "/relations.model");
    auto pos = tagger_model::load(models + "/pos.model");
    auto predicted = predict_spert(model, &pos, dev);
    REQUIRE(predicted.size() == dev.size());
    relation_evaluation ev;
    for (std::size_t i = 0; i < dev.size(); ++i) ev.add(dev[i], predicted[i]);
    INFO(ev.summary());
    CHECK(ev.relations().gold == 343);
    CHECK(ev.entities().f1() >= 0.78);
    CHECK(ev.relations().f1() >= 0.54);
    for (const char* type : {"Kill", "Work_For", "Live_In", "Located_In", "OrgBased_In"})
        CHECK(ev.relations_by_type().at(type).f1() >= 0.40);
}
