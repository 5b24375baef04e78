// The pipeline manifest: stage contracts are checked at load, and options
// deselect stages instead of branching inside them.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include "kg/core/error.hpp"
#include "kg/extract/pipeline.hpp"
#include "kg/extract/stages.hpp"

using namespace kg::extract;

namespace {

std::string manifest(const std::string& stages) {
    return R"({"format": "kg-pipeline", "version": 1, "stages": [)" + stages + "]}";
}

std::string message_of(const std::string& json) {
    try {
        pipeline_manifest::parse(json, "pipeline.json");
    } catch (const kg::data_error& e) {
        return std::string(e.what()) + " @" + e.file() + ":" + std::to_string(e.line());
    }
    return "";
}

}  // namespace

TEST_CASE("the project's manifest loads and starts with the tokenizer", "[stages]") {
    auto m = pipeline_manifest::load(std::string(KG_SOURCE_DIR) + "/data/pipeline.json");
    REQUIRE_FALSE(m.stages.empty());
    CHECK(m.stages.front().id == stage_id::tokenize);
    CHECK(m.has(stage_id::tag));
    CHECK(m.has(stage_id::coreference));
}

TEST_CASE("a stage whose required layer no earlier stage assigns is refused with its name", "[stages]") {
    // coreference needs mentions; nothing before it makes them.
    auto msg = message_of(manifest(R"({"name": "tokenize"},
 {"name": "coreference"})"));
    CHECK_THAT(msg, Catch::Contains("stage 'coreference' needs the mentions layer"));
    CHECK_THAT(msg, Catch::Contains("@pipeline.json:2"));

    // The relation model reads part-of-speech tags: without the tagger it cannot run.
    auto msg2 = message_of(manifest(R"({"name": "tokenize"}, {"name": "boilerplate"}, {"name": "mentions"},
 {"name": "coreference"}, {"name": "relation_model", "models": ["models/relations.model"]})"));
    CHECK_THAT(msg2, Catch::Contains("stage 'relation_model' needs the pos layer"));

    // Order matters: the layer must come from a stage BEFORE it.
    auto msg3 = message_of(manifest(R"({"name": "tokenize"}, {"name": "mentions"}, {"name": "boilerplate"})"));
    CHECK_THAT(msg3, Catch::Contains("stage 'mentions' needs the boilerplate layer"));
}

TEST_CASE("unknown, repeated and misplaced stages are refused naming file and line", "[stages]") {
    CHECK_THAT(message_of(manifest(R"({"name": "tokenize"},
 {"name": "tagg"})")),
               Catch::Contains("unknown stage 'tagg'") && Catch::Contains("@pipeline.json:2"));
    CHECK_THAT(message_of(manifest(R"({"name": "tokenize"}, {"name": "tokenize"})")),
               Catch::Contains("listed twice"));
    CHECK_THAT(message_of(manifest(R"({"name": "boilerplate"})")), Catch::Contains("first stage must be 'tokenize'"));
    CHECK_THAT(message_of(manifest(R"({"name": "tokenize", "models": ["x.model"]})")),
               Catch::Contains("takes no model files"));
    CHECK_THAT(message_of(manifest(R"({"name": "tokenize"},
 {"name": "tag", "models": ["models/pos.model"]})")),
               Catch::Contains("stage 'tag' lists 1 model file(s); it loads 3") &&
                   Catch::Contains("chunker") && Catch::Contains("@pipeline.json:2"));
    CHECK_THAT(message_of(R"({"format": "kg-graph", "version": 1, "stages": []})"),
               Catch::Contains("not a kg pipeline manifest"));
    CHECK_THAT(message_of(R"({"format": "kg-pipeline", "version": 2, "stages": []})"),
               Catch::Contains("version"));
    CHECK_THAT(message_of("{\"format\": \"kg-pipeline\",\n \"version\": 1, \"stages\": [}"),
               Catch::Contains("JSON syntax error") && Catch::Contains("@pipeline.json:2"));
}

TEST_CASE("deselecting a stage also deselects the stages that need what it assigns", "[stages]") {
    auto m = pipeline_manifest::parse(manifest(R"({"name": "tokenize"},
 {"name": "tag", "models": ["a", "b", "c"]}, {"name": "parse", "models": ["d", "e"]}, {"name": "boilerplate"},
 {"name": "mentions"}, {"name": "coreference"}, {"name": "predicates"}, {"name": "patterns"},
 {"name": "relation_model", "models": ["f"]})"),
                                      "p.json");
    // --no-models: the statistical stages go, and predicates (which needs the parse) with them.
    auto plain = m.without({stage_id::tag, stage_id::parse, stage_id::relation_model});
    CHECK_FALSE(plain.has(stage_id::predicates));
    CHECK(plain.has(stage_id::mentions));
    CHECK(plain.has(stage_id::patterns));  // uses pos when present, needs only clusters
    CHECK_NOTHROW(check_contracts(plain));

    // Without the tagger only, the relation model (needs pos) goes; the parse stays.
    auto no_tag = m.without({stage_id::tag});
    CHECK_FALSE(no_tag.has(stage_id::relation_model));
    CHECK(no_tag.has(stage_id::parse));
    CHECK(no_tag.has(stage_id::predicates));
}

TEST_CASE("every stage's contract names itself and only known layers", "[stages]") {
    for (int i = 0; i <= static_cast<int>(stage_id::relation_model); ++i) {
        auto id = static_cast<stage_id>(i);
        CHECK(contract_of(id).id == id);
        CHECK(parse_stage_id(to_string(id)) == id);
    }
    CHECK_FALSE(parse_stage_id("no-such-stage"));
}

namespace {

// A copy of the project's data directory whose pipeline.json or models can be
// changed by a test.
struct data_copy {
    std::filesystem::path dir;
    explicit data_copy(const std::string& name) : dir(std::filesystem::temp_directory_path() / (name + "_" + std::to_string(::getpid()))) {
        std::filesystem::remove_all(dir);
        std::filesystem::copy(KG_DATA_DIR, dir, std::filesystem::copy_options::recursive);
    }
    ~data_copy() { std::filesystem::remove_all(dir); }
};

}  // namespace

TEST_CASE("the pipeline runs the manifest's stages and --no-models deselects the statistical ones", "[stages]") {
    auto full = pipeline::load(KG_DATA_DIR);
    CHECK(full.stages().has(stage_id::tag));
    CHECK(full.has_models());
    auto plain = pipeline::load(KG_DATA_DIR, {.use_models = false});
    CHECK_FALSE(plain.stages().has(stage_id::tag));
    CHECK_FALSE(plain.stages().has(stage_id::relation_model));
    CHECK(plain.stages().has(stage_id::mentions));
    CHECK_FALSE(plain.has_models());
    auto no_rel = pipeline::load(KG_DATA_DIR, {.use_relation_model = false});
    CHECK(no_rel.stages().has(stage_id::tag));
    CHECK_FALSE(no_rel.stages().has(stage_id::relation_model));
}

TEST_CASE("a selected stage's missing model file is a load error naming the stage and the file", "[stages]") {
    data_copy data("kg_test_stages_missing_model");
    std::filesystem::remove(data.dir / "models" / "ner.model");
    try {
        (void)pipeline::load(data.dir.string());
        FAIL("a missing ner.model was accepted");
    } catch (const kg::model_error& e) {
        CHECK_THAT(std::string(e.what()), Catch::Contains("stage 'tag'"));
        CHECK_THAT(e.file(), Catch::Contains("ner.model"));
    }
    // Leaving the stage out explicitly is allowed.
    CHECK_NOTHROW(pipeline::load(data.dir.string(), {.use_models = false}));
}

TEST_CASE("each stage loads the model files its manifest entry names", "[stages]") {
    data_copy data("kg_test_stages_renamed_model");
    std::filesystem::rename(data.dir / "models" / "ner.model", data.dir / "models" / "ner-2026.model");
    auto write_manifest = [&](const std::string& ner_file) {
        std::ofstream out(data.dir / "pipeline.json");
        out << R"({"format": "kg-pipeline", "version": 1, "stages": [{"name": "tokenize"},
 {"name": "tag", "models": ["models/pos.model", "models/chunk.model", ")"
            << ner_file << R"("]}, {"name": "boilerplate"}, {"name": "mentions"}, {"name": "coreference"}]})";
    };
    write_manifest("models/ner-2026.model");
    auto p = pipeline::load(data.dir.string());
    CHECK(p.has_models());
    // A file given in the wrong role is refused, naming it.
    write_manifest("models/chunk.model");
    try {
        (void)pipeline::load(data.dir.string());
        FAIL("a chunker model was accepted as the entity tagger");
    } catch (const kg::model_error& e) {
        CHECK_THAT(std::string(e.what()), Catch::Contains("expected a ner model"));
        CHECK_THAT(e.file(), Catch::Contains("chunk.model"));
    }
}

TEST_CASE("a broken stage list in the data directory stops loading with the manifest's name", "[stages]") {
    data_copy data("kg_test_stages_broken_manifest");
    {
        std::ofstream out(data.dir / "pipeline.json");
        out << R"({"format": "kg-pipeline", "version": 1, "stages": [{"name": "tokenize"}, {"name": "coreference"}]})";
    }
    try {
        (void)pipeline::load(data.dir.string());
        FAIL("a manifest with an unmet stage input was accepted");
    } catch (const kg::data_error& e) {
        CHECK_THAT(std::string(e.what()), Catch::Contains("stage 'coreference' needs the mentions layer"));
        CHECK_THAT(e.file(), Catch::Contains("pipeline.json"));
    }
}
