// The relation pattern files: parsing and validation of JSON rule files, and
// the lemma matching pattern words rely on.
#include <catch2/catch.hpp>

#include "kg/core/error.hpp"
#include "kg/core/io.hpp"
#include "kg/core/ontology.hpp"
#include "kg/extract/lemmatizer.hpp"
#include "kg/extract/relation_patterns.hpp"

namespace {
const kg::ontology& onto() {
    static const auto o = kg::ontology::load(std::string(KG_DATA_DIR) + "/ontology.json");
    return o;
}
const std::set<std::string> kinds{"blacklist", "lawsuit"};

std::string file_of(const std::string& rules) {
    return "{\n  \"format\": \"kg-relation-patterns\",\n  \"version\": 1,\n  \"rules\": [\n" + rules + "\n  ]\n}\n";
}

struct load_error {
    std::size_t line = 0;
    std::string message;
};

load_error error_of(const std::string& text) {
    try {
        kg::extract::relation_patterns::parse(text, "rules.json", onto(), kinds);
    } catch (const kg::data_error& e) {
        CHECK(e.file() == "rules.json");
        return {e.line(), e.message()};
    }
    return {};
}
}  // namespace

// The action kinds of the shipped actions.tsv (its first column), as the pipeline reads them.
std::set<std::string> shipped_action_kinds() {
    std::set<std::string> out;
    std::string content;
    for (const auto& line : kg::read_data_lines(std::string(KG_DATA_DIR) + "/lexicons/actions.tsv", content))
        out.emplace(line.text.substr(0, line.text.find('\t')));
    return out;
}

TEST_CASE("the shipped relation patterns load", "[patterns]") {
    auto p = kg::extract::relation_patterns::load(std::string(KG_DATA_DIR) + "/patterns/relations.json", onto(),
                                                  shipped_action_kinds());
    CHECK(p.rules().size() > 60);
}

TEST_CASE("a rule parses into slots, words, gaps and options", "[patterns]") {
    auto p = kg::extract::relation_patterns::parse(
        file_of(R"(    {"id": "r1", "relation": "BLACKLISTED", "pattern": "S:Organization *3 place|put O:Company+ on a|the? blacklist",
     "action": "blacklist", "confidence": 0.9, "label": "put on list"})"),
        "x.json", onto(), kinds);
    REQUIRE(p.rules().size() == 1);
    const auto& r = p.rules()[0];
    CHECK(r.id == "r1");
    CHECK(r.line == 5);
    REQUIRE(r.elements.size() == 7);
    CHECK(r.elements[0].slot == 'S');
    CHECK(r.elements[1].max_gap == 3);
    CHECK(r.elements[2].words == std::vector<std::string>{"place", "put"});
    CHECK(r.elements[3].coordinated);
    CHECK(r.elements[5].optional);
    CHECK(r.action == "blacklist");
    CHECK(r.confidence == Approx(0.9));
    CHECK(r.label == "put on list");
}

TEST_CASE("broken rules are reported with their line and rule id", "[patterns][bad_input]") {
    auto e = error_of(file_of(R"(    {"id": "ok", "relation": "SUED", "pattern": "S:Person sue O:Person"},
    {"id": "bad", "relation": "NOT_A_RELATION", "pattern": "S:Person x O:Person"})"));
    CHECK(e.line == 6);
    CHECK(e.message.find("rule 'bad'") != std::string::npos);
    CHECK(e.message.find("NOT_A_RELATION") != std::string::npos);

    auto rule = [](const std::string& body) { return error_of(file_of("    {\"id\": \"r\", " + body + "}")); };
    CHECK(rule(R"("relation": "SUED", "pattern": "S:Nope sue O:Person")").message.find("Nope") != std::string::npos);
    CHECK(rule(R"("relation": "SUED", "pattern": "S:Person sue")").message.find("no O: slot") != std::string::npos);
    CHECK(rule(R"("relation": "SUED", "pattern": "S:Person *0 sue O:Person")").message.find("bad gap") != std::string::npos);
    CHECK(rule(R"("relation": "SUED", "pattern": "S:Person sue O:Person", "confidence": 2)").line == 5);
    CHECK(rule(R"("relation": "SUED", "pattern": "S:Person sue O:Person", "action": "nope")").message.find("nope") != std::string::npos);
    CHECK(rule(R"("relation": "SUED", "pattern": "*2 S:Person sue O:Person")").message.find("gap") != std::string::npos);
    CHECK(rule(R"("relation": "ROLE", "pattern": "S:Person sue O:Person")").message.find("ROLE element") != std::string::npos);
    CHECK(rule(R"("relation": "SUED", "pattern": "S:Person sue O:Person", "confidnce": 0.5)").message.find("confidnce") != std::string::npos);
    CHECK(rule(R"("relation": "SUED")").message.find("missing \"pattern\"") != std::string::npos);
    CHECK(rule(R"("relation": "SUED", "pattern": "S:Person sue O:Person", "also": "x")").message.find("also") != std::string::npos);
    CHECK(rule(R"("relation": 7, "pattern": "S:Person sue O:Person")").message.find("relation") != std::string::npos);

    auto dup = error_of(file_of(R"(    {"id": "r", "relation": "SUED", "pattern": "S:Person sue O:Person"},
    {"id": "r", "relation": "SUED", "pattern": "S:Person sue O:Person"})"));
    CHECK(dup.message.find("duplicate") != std::string::npos);

    CHECK(error_of("{\"format\": \"kg-relation-patterns\", \"version\": 1, \"rules\": [\n{\"id\": ").line == 2);  // syntax
    CHECK(error_of(R"({"format": "kg-relation-patterns", "version": 9, "rules": []})").message.find("version") != std::string::npos);
    CHECK(error_of(R"({"format": "something-else", "version": 1, "rules": []})").message.find("not a kg pattern file") != std::string::npos);
    CHECK(error_of(R"({"format": "kg-relation-patterns", "version": 1, "rules": []})").message.find("no rules") != std::string::npos);
    CHECK(error_of("[]").message.find("JSON object") != std::string::npos);
}

TEST_CASE("pattern lemmas match regular and irregular verb forms", "[patterns][lemma]") {
    kg::extract::lemmatizer l;
    l.add("bought", "buy");
    l.add("won", "win");
    l.add("sold", "sell");
    for (const char* w : {"sue", "sued", "sues", "suing"}) CHECK(l.is_form_of(w, "sue"));
    for (const char* w : {"ban", "banned", "bans", "banning"}) CHECK(l.is_form_of(w, "ban"));
    for (const char* w : {"buy", "buys", "buying", "bought"}) CHECK(l.is_form_of(w, "buy"));
    for (const char* w : {"win", "wins", "winning", "won"}) CHECK(l.is_form_of(w, "win"));
    for (const char* w : {"sell", "sells", "selling", "sold"}) CHECK(l.is_form_of(w, "sell"));
    for (const char* w : {"carry", "carries", "carried", "carrying"}) CHECK(l.is_form_of(w, "carry"));
    for (const char* w : {"fine", "fined", "fines", "fining"}) CHECK(l.is_form_of(w, "fine"));
    for (const char* w : {"launch", "launches", "launched"}) CHECK(l.is_form_of(w, "launch"));
    for (const char* w : {"agree", "agreed", "agreeing"}) CHECK(l.is_form_of(w, "agree"));
    CHECK(l.is_form_of("stayed", "stay"));
    CHECK_FALSE(l.is_form_of("sudden", "sue"));
    CHECK_FALSE(l.is_form_of("bank", "ban"));
    CHECK_FALSE(l.is_form_of("sold", "buy"));
    CHECK_FALSE(l.is_form_of("buy", "bought"));
}

TEST_CASE("the shipped verb-form table knows common irregular verbs", "[patterns][lemma]") {
    auto l = kg::extract::lemmatizer::load(std::string(KG_DATA_DIR) + "/lexicons/verb_forms.tsv");
    CHECK(l.irregular_count() > 1000);
    CHECK(l.is_form_of("bought", "buy"));
    CHECK(l.is_form_of("won", "win"));
    CHECK(l.is_form_of("sold", "sell"));
    CHECK(l.is_form_of("took", "take"));
    CHECK(l.is_form_of("led", "lead"));
}
