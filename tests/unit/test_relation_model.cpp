// SpERT-format files, strict relation scoring, the relation model (training,
// model file, prediction API) and the kg eval relations command.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

#include "kg/core/error.hpp"
#include "kg/core/io.hpp"
#include "kg/extract/relation_model.hpp"
#include "kg/extract/spert.hpp"
#include "kg/extract/tokenizer.hpp"

using namespace kg::extract;

namespace {

// Six sentences, each relation type at least once, written for these tests.
const char* const tiny_train = R"([
{"tokens": ["John", "Smith", "works", "for", "Acme", "Corp", "."],
 "entities": [{"type": "Peop", "start": 0, "end": 2}, {"type": "Org", "start": 4, "end": 6}],
 "relations": [{"type": "Work_For", "head": 0, "tail": 1}], "orig_id": 7},
{"tokens": ["Acme", "Corp", "is", "based", "in", "Boston", "."],
 "entities": [{"type": "Org", "start": 0, "end": 2}, {"type": "Loc", "start": 5, "end": 6}],
 "relations": [{"type": "OrgBased_In", "head": 0, "tail": 1}], "orig_id": "s2"},
{"tokens": ["Mary", "Jones", "lives", "in", "Boston", "."],
 "entities": [{"type": "Peop", "start": 0, "end": 2}, {"type": "Loc", "start": 4, "end": 5}],
 "relations": [{"type": "Live_In", "head": 0, "tail": 1}]},
{"tokens": ["Boston", "is", "in", "Massachusetts", "."],
 "entities": [{"type": "Loc", "start": 0, "end": 1}, {"type": "Loc", "start": 3, "end": 4}],
 "relations": [{"type": "Located_In", "head": 0, "tail": 1}]},
{"tokens": ["Brutus", "killed", "Caesar", "."],
 "entities": [{"type": "Peop", "start": 0, "end": 1}, {"type": "Peop", "start": 2, "end": 3}],
 "relations": [{"type": "Kill", "head": 0, "tail": 1}]},
{"tokens": ["Mary", "Jones", "met", "John", "Smith", "on", "Monday", "."],
 "entities": [{"type": "Peop", "start": 0, "end": 2}, {"type": "Peop", "start": 3, "end": 5},
              {"type": "Other", "start": 6, "end": 7}],
 "relations": []}
])";

relation_model train_tiny(std::string* log_text = nullptr) {
    auto data = parse_spert(tiny_train, "tiny.json");
    relation_train_options o;
    o.epochs = 6;
    o.entities.epochs = 4;
    o.entities.iso_codes_dir = "";
    std::ostringstream log;
    auto m = train_relation_model(data, data, nullptr, o, log);
    if (log_text) *log_text = log.str();
    return m;
}

std::string temp_file(const std::string& name, const std::string& bytes) {
    auto dir = std::filesystem::temp_directory_path() / ("kg_test_relations_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    auto path = (dir / name).string();
    kg::write_file_atomic(path, bytes);
    return path;
}

std::string load_error(const std::string& path) {
    try {
        relation_model::load(path);
    } catch (const kg::model_error& e) {
        CHECK(e.file() == path);
        return e.message();
    }
    FAIL("loaded without error: " << path);
    return {};
}

std::string parse_error(const std::string& json) {
    try {
        parse_spert(json, "bad.json");
    } catch (const kg::input_error& e) {
        CHECK(e.file() == "bad.json");
        return e.message();
    }
    FAIL("parsed without error: " << json);
    return {};
}

struct run_result {
    int status;
    std::string out, err;
};

run_result run_kg(const std::string& args) {
    static int calls = 0;
    auto dir = std::filesystem::temp_directory_path() /
               ("kg_test_relcli_" + std::to_string(::getpid()) + "_" + std::to_string(++calls));
    std::filesystem::create_directories(dir);
    auto out = (dir / "stdout").string(), err = (dir / "stderr").string();
    std::string cmd = std::string(KG_BINARY) + " " + args + " >" + out + " 2>" + err;
    int rc = std::system(cmd.c_str());
    run_result r{WIFEXITED(rc) ? WEXITSTATUS(rc) : -1, kg::read_file(out), kg::read_file(err)};
    std::filesystem::remove_all(dir);
    return r;
}

}  // namespace

TEST_CASE("SpERT files are read and written back sentence for sentence", "[relations][spert]") {
    auto data = parse_spert(tiny_train, "tiny.json");
    REQUIRE(data.size() == 6);
    CHECK(data[0].tokens.size() == 7);
    REQUIRE(data[0].entities.size() == 2);
    CHECK(data[0].entities[1] == spert_entity{"Org", 4, 6});
    REQUIRE(data[0].relations.size() == 1);
    CHECK(data[0].relations[0] == spert_relation{"Work_For", 0, 1});
    CHECK(data[0].orig_id == "7");
    CHECK(data[1].orig_id == "\"s2\"");
    CHECK(data[2].orig_id.empty());
    CHECK(data[5].relations.empty());
    auto again = parse_spert(format_spert(data), "again.json");
    REQUIRE(again.size() == data.size());
    for (std::size_t i = 0; i < data.size(); ++i) {
        CHECK(again[i].tokens == data[i].tokens);
        CHECK(again[i].entities == data[i].entities);
        CHECK(again[i].relations == data[i].relations);
        CHECK(again[i].orig_id == data[i].orig_id);
    }
    CHECK(format_spert({}) == "[]\n");
}

TEST_CASE("malformed SpERT input names the file, sentence and what is wrong", "[relations][spert][errors]") {
    CHECK(parse_error("{}").find("expected a JSON array") != std::string::npos);
    try {
        parse_spert("[\n{\"tokens\": [\"a\"],\n \"entities\": [}]", "bad.json");
        FAIL("no error");
    } catch (const kg::input_error& e) {
        CHECK(e.line() == 3);
        CHECK(e.message().find("JSON syntax error") != std::string::npos);
    }
    CHECK(parse_error(R"([{"entities": []}])") == "sentence 1: has no \"tokens\"");
    CHECK(parse_error(R"([{"tokens": ["a"]}, {"tokens": ["a", 3]}])") == "sentence 2: token 1 is not a string");
    CHECK(parse_error(R"([{"tokens": ["a"], "entities": [{"type": "Peop", "start": 0, "end": 2}]}])") ==
          "sentence 1: entity 0: end 2 is beyond the sentence's 1 tokens");
    CHECK(parse_error(R"([{"tokens": ["a"], "entities": [{"type": "Peop", "start": 1, "end": 1}]}])") ==
          "sentence 1: entity 0: empty span [1, 1)");
    CHECK(parse_error(R"([{"tokens": ["a"], "entities": [{"type": "Peop", "start": -1, "end": 1}]}])") ==
          "sentence 1: entity 0: \"start\" is not a non-negative integer");
    CHECK(parse_error(R"([{"tokens": ["a"], "entities": [{"start": 0, "end": 1}]}])") ==
          "sentence 1: entity 0: has no \"type\"");
    CHECK(parse_error(R"([{"tokens": ["a"], "entities": [{"type": "Peop", "start": 0, "end": 1}],
                          "relations": [{"type": "Kill", "head": 0, "tail": 1}]}])") ==
          "sentence 1: relation 0: argument 1 does not name one of the sentence's 1 entities");
    CHECK_THROWS_AS(read_spert("/nonexistent/file.json"), kg::input_error);
}

TEST_CASE("strict relation scores on a hand-made example", "[relations][eval]") {
    // Gold: Peop[0,2) Work_For Org[4,5); Org[4,5) OrgBased_In Loc[5,6).
    // Predicted: the Org span is wrong, so Work_For is wrong although typed
    // right; an extra Other; Live_In is not in the gold.
    auto gold1 = parse_spert(R"([{"tokens": ["a", "b", "c", "d", "e", "f"],
        "entities": [{"type": "Peop", "start": 0, "end": 2}, {"type": "Org", "start": 4, "end": 5},
                     {"type": "Loc", "start": 5, "end": 6}],
        "relations": [{"type": "Work_For", "head": 0, "tail": 1}, {"type": "OrgBased_In", "head": 1, "tail": 2}]}])",
                             "gold")[0];
    auto pred1 = parse_spert(R"([{"tokens": ["a", "b", "c", "d", "e", "f"],
        "entities": [{"type": "Peop", "start": 0, "end": 2}, {"type": "Org", "start": 3, "end": 5},
                     {"type": "Loc", "start": 5, "end": 6}, {"type": "Other", "start": 2, "end": 3}],
        "relations": [{"type": "Work_For", "head": 0, "tail": 1}, {"type": "Live_In", "head": 0, "tail": 2}]}])",
                             "pred")[0];
    // Gold: Kill from Peop[0,1) to Peop[3,4). Predicted: the same entities
    // listed the other way round; Kill right (through other indexes) and
    // Kill in the wrong direction.
    auto gold2 = parse_spert(R"([{"tokens": ["a", "b", "c", "d"],
        "entities": [{"type": "Peop", "start": 0, "end": 1}, {"type": "Peop", "start": 3, "end": 4}],
        "relations": [{"type": "Kill", "head": 0, "tail": 1}]}])",
                             "gold")[0];
    auto pred2 = parse_spert(R"([{"tokens": ["a", "b", "c", "d"],
        "entities": [{"type": "Peop", "start": 3, "end": 4}, {"type": "Peop", "start": 0, "end": 1}],
        "relations": [{"type": "Kill", "head": 1, "tail": 0}, {"type": "Kill", "head": 0, "tail": 1}]}])",
                             "pred")[0];
    relation_evaluation ev;
    ev.add(gold1, pred1);
    ev.add(gold2, pred2);
    // Entities: gold 5, found 6, correct 4 (Peop[0,2), Loc[5,6), both Kill arguments).
    CHECK(ev.entities().gold == 5);
    CHECK(ev.entities().found == 6);
    CHECK(ev.entities().correct == 4);
    CHECK(ev.entities().f1() == Approx(8.0 / 11.0));
    CHECK(ev.entities_by_type().at("Org").correct == 0);
    CHECK(ev.entities_by_type().at("Peop").correct == 3);
    // Relations: gold 3, found 4, correct 1 (the Kill in the right direction).
    CHECK(ev.relations().gold == 3);
    CHECK(ev.relations().found == 4);
    CHECK(ev.relations().correct == 1);
    CHECK(ev.relations().precision() == Approx(0.25));
    CHECK(ev.relations().recall() == Approx(1.0 / 3.0));
    CHECK(ev.relations().f1() == Approx(2.0 / 7.0));
    const auto& kill = ev.relations_by_type().at("Kill");
    CHECK((kill.gold == 1 && kill.found == 2 && kill.correct == 1));
    CHECK(ev.relations_by_type().at("OrgBased_In").found == 0);
    CHECK(ev.relations_by_type().at("Live_In").gold == 0);
    auto text = ev.summary();
    CHECK(text.find("relations: gold 3, found 4, correct 1; precision  25.00%; recall  33.33%; F1  28.57") !=
          std::string::npos);
    CHECK(text.find("entities: gold 5, found 6, correct 4;") != std::string::npos);
}

TEST_CASE("CoNLL04 labels map onto the ontology", "[relations]") {
    CHECK(conll04_relation_to_ontology("Work_For") == "EMPLOYED_BY");
    CHECK(conll04_relation_to_ontology("OrgBased_In") == "BASED_IN");
    CHECK(conll04_relation_to_ontology("Located_In") == "LOCATED_IN");
    CHECK(conll04_relation_to_ontology("Live_In") == "LIVES_IN");
    CHECK(conll04_relation_to_ontology("Kill") == "KILLED");
    CHECK(conll04_relation_to_ontology("none").empty());
    CHECK(conll04_entity_type("Person") == "Peop");
    CHECK(conll04_entity_type("Court") == "Org");
    CHECK(conll04_entity_type("Country") == "Loc");
    CHECK(conll04_entity_type("Date") == "Other");
}

TEST_CASE("training on a tiny corpus is deterministic and the model round-trips", "[relations][model]") {
    std::string log;
    auto a = train_tiny(&log);
    auto b = train_tiny();
    const auto bytes = a.serialize();
    CHECK(bytes == b.serialize());
    CHECK(log.find("Peop -> Org: Work_For") != std::string::npos);
    auto c = relation_model::parse(bytes, "tiny.model");
    CHECK(c.serialize() == bytes);
    CHECK(c.labels() == std::vector<std::string>{"Kill", "Live_In", "Located_In", "OrgBased_In", "Work_For", "none"});
    CHECK(c.signatures().size() == 5);
    CHECK(c.temperature() > 0);
}

TEST_CASE("the relation model classifies the pairs it was trained on", "[relations][model]") {
    auto m = train_tiny();
    auto data = parse_spert(tiny_train, "tiny.json");
    // The training sentences are separable: the averaged perceptron gets them right.
    auto predicted = predict_spert(m, nullptr, data);
    relation_evaluation ev;
    for (std::size_t i = 0; i < data.size(); ++i) ev.add(data[i], predicted[i]);
    INFO(ev.summary());
    CHECK(ev.relations().f1() == Approx(1.0));
    // On given arguments: both directions are considered, one is kept.
    std::vector<std::string_view> words{"Brutus", "killed", "Caesar", "."};
    auto rels = m.classify(words, {}, {{2, 3, "Peop"}, {0, 1, "Peop"}});
    REQUIRE(rels.size() == 1);
    CHECK(rels[0].head == 1);
    CHECK(rels[0].tail == 0);
    CHECK(rels[0].label == "Kill");
    CHECK(rels[0].relation == "KILLED");
    CHECK(rels[0].confidence > 0.0);
    CHECK(rels[0].confidence < 1.0);
    // Types no relation takes give no pair.
    CHECK(m.classify(words, {}, {{0, 1, "Other"}, {2, 3, "Other"}}).empty());
}

TEST_CASE("the pipeline API maps mentions with ontology types to ontology relations", "[relations][model]") {
    auto m = train_tiny();
    tokenizer tok;
    auto text = tok.analyze("Nothing here.\nJohn Smith works for Acme Corp in Boston.\n");
    REQUIRE(text.sentences.size() == 2);
    const auto& s = text.sentences[1];
    REQUIRE(s.size() == 9);
    CHECK(text.tokens[s.first_token + 5].text == "Corp");
    std::vector<mention> mentions(3);
    mentions[0].sentence = 0;  // another sentence: skipped
    mentions[0].first = 0;
    mentions[0].last = 1;
    mentions[0].type = "Person";
    mentions[1].sentence = 1;
    mentions[1].first = s.first_token;
    mentions[1].last = s.first_token + 2;
    mentions[1].type = "Person";
    mentions[2].sentence = 1;
    mentions[2].first = s.first_token + 4;
    mentions[2].last = s.first_token + 6;
    mentions[2].type = "Company";
    auto rels = m.predict(text, 1, mentions);
    REQUIRE(rels.size() == 1);
    CHECK(rels[0].head == 1);
    CHECK(rels[0].tail == 2);
    CHECK(rels[0].relation == "EMPLOYED_BY");
    CHECK(m.predict(text, 0, mentions).empty());
    CHECK(m.predict(text, 5, mentions).empty());
}

TEST_CASE("broken relation model files are model errors naming the file", "[relations][model][errors]") {
    const std::string good = train_tiny().serialize();
    auto msg = load_error(temp_file("truncated.model", good.substr(0, good.size() / 2)));
    CHECK(msg.find("truncated model file") != std::string::npos);
    msg = load_error(temp_file("empty.model", ""));
    CHECK(msg.find("truncated model file") != std::string::npos);
    std::string corrupt = good;
    corrupt[good.size() / 2] = static_cast<char>(corrupt[good.size() / 2] ^ 0x40);
    msg = load_error(temp_file("corrupt.model", corrupt));
    CHECK(msg == "corrupt model: checksum mismatch");
    std::string version = good;
    version[8] = static_cast<char>(relation_model_format_version + 1);
    msg = load_error(temp_file("version.model", version));
    CHECK(msg.find("unsupported model format version 2") != std::string::npos);
    // A tagger model is not a relation model.
    msg = load_error(std::string(KG_DATA_DIR) + "/models/pos.model");
    CHECK(msg == "not a kg relation model (wrong magic)");
    CHECK_THROWS_AS(relation_model::load("/nonexistent/relations.model"), kg::model_error);
}

TEST_CASE("the committed relation model loads and re-serializes to the same bytes", "[relations][model]") {
    const std::string path = std::string(KG_DATA_DIR) + "/models/relations.model";
    auto bytes = kg::read_file(path);
    CHECK(bytes.size() < 4u * 1024 * 1024);
    auto m = relation_model::parse(bytes, path);
    CHECK(m.serialize() == bytes);
    CHECK(m.labels().size() == 6);
}

TEST_CASE("kg eval relations scores a SpERT file and writes predictions", "[relations][cli]") {
    auto gold = temp_file("gold.json", tiny_train);
    auto pred = temp_file("pred.json", "");
    auto r = run_kg("eval relations --gold " + gold + " --predictions " + pred);
    REQUIRE(r.status == 0);
    CHECK(r.out.rfind("entities: gold 13, found ", 0) == 0);
    CHECK(r.out.find("relations: gold 5, found ") != std::string::npos);
    auto p = read_spert(pred);
    auto g = parse_spert(tiny_train, "tiny");
    REQUIRE(p.size() == g.size());
    for (std::size_t i = 0; i < g.size(); ++i) {
        CHECK(p[i].tokens == g[i].tokens);
        CHECK(p[i].orig_id == g[i].orig_id);
    }
    r = run_kg("eval relations --gold " + temp_file("bad.json", R"([{"tokens": 3}])"));
    CHECK(r.status == 2);
    CHECK(r.err.find("bad.json: sentence 1: \"tokens\" is not an array") != std::string::npos);
    r = run_kg("eval relations");
    CHECK(r.status == 1);
}
