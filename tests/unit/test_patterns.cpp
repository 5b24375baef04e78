// The relation pattern language: parsing and validation of rule files.
#include <catch2/catch.hpp>

#include "kg/core/error.hpp"
#include "kg/core/ontology.hpp"
#include "kg/extract/relation_patterns.hpp"

namespace {
const kg::ontology& onto() {
    static const auto o = kg::ontology::load(std::string(KG_DATA_DIR) + "/ontology.json");
    return o;
}
const std::set<std::string> kinds{"blacklist", "lawsuit"};

std::size_t error_line(const std::string& text) {
    try {
        kg::extract::relation_patterns::parse(text, "rules.kgp", onto(), kinds);
    } catch (const kg::data_error& e) {
        CHECK(e.file() == "rules.kgp");
        return e.line();
    }
    return 0;
}
}  // namespace

TEST_CASE("the shipped relation patterns load", "[patterns]") {
    auto p = kg::extract::relation_patterns::load(std::string(KG_DATA_DIR) + "/patterns/relations.kgp", onto(),
                                                  {"blacklist", "restrictions", "sanctions", "ban", "lawsuit",
                                                   "acquisition", "tariff", "investigation", "fine"});
    CHECK(p.rules().size() > 20);
}

TEST_CASE("a rule parses into slots, words, gaps and options", "[patterns]") {
    auto p = kg::extract::relation_patterns::parse(
        "# comment\n\nr1 BLACKLISTED S:Organization *3 placed|put O:Company+ on a|the? blacklist ; action=blacklist confidence=0.9 label=put_on_list\n",
        "x.kgp", onto(), kinds);
    REQUIRE(p.rules().size() == 1);
    const auto& r = p.rules()[0];
    CHECK(r.id == "r1");
    CHECK(r.line == 3);
    REQUIRE(r.elements.size() == 7);
    CHECK(r.elements[0].slot == 'S');
    CHECK(r.elements[1].max_gap == 3);
    CHECK(r.elements[2].words == std::vector<std::string>{"placed", "put"});
    CHECK(r.elements[3].coordinated);
    CHECK(r.elements[5].optional);
    CHECK(r.action == "blacklist");
    CHECK(r.confidence == Approx(0.9));
    CHECK(r.label == "put on list");
}

TEST_CASE("broken rules are reported with their line", "[patterns][bad_input]") {
    CHECK(error_line("ok SUED S:Person sued O:Person\nbad NOT_A_RELATION S:Person x O:Person\n") == 2);
    CHECK(error_line("r SUED S:Nope sued O:Person\n") == 1);
    CHECK(error_line("r SUED S:Person sued\n") == 1);                          // no object
    CHECK(error_line("r SUED S:Person *0 sued O:Person\n") == 1);              // bad gap
    CHECK(error_line("r SUED S:Person sued O:Person ; confidence=2\n") == 1);  // out of range
    CHECK(error_line("r SUED S:Person sued O:Person ; action=nope\n") == 1);   // unknown action kind
    CHECK(error_line("r SUED S:Person sued O:Person\nr SUED S:Person sues O:Person\n") == 2);  // duplicate id
    CHECK(error_line("r SUED *2 S:Person sued O:Person\n") == 1);              // leading gap
    CHECK(error_line("r ROLE S:Person sued O:Person\n") == 1);                 // ROLE without ROLE element
    CHECK_THROWS_AS(kg::extract::relation_patterns::parse("# nothing\n", "empty.kgp", onto(), kinds), kg::data_error);
}
