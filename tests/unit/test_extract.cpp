// Fact extraction on small articles built in memory. The rule logic is tested
// without the statistical taggers (lexicons and word shape only), so that the
// expectations do not move when the models are retrained.
#include <catch2/catch.hpp>

#include <algorithm>

#include "kg/core/error.hpp"
#include "kg/core/ids.hpp"
#include "kg/extract/pipeline.hpp"

namespace {

const kg::extract::pipeline& rules_only() {
    static const auto p = kg::extract::pipeline::load(KG_DATA_DIR, {.use_models = false});
    return p;
}

kg::extract::extraction extract(const std::string& text, const kg::extract::pipeline& p = rules_only()) {
    kg::document doc;
    doc.id = "doc";
    doc.source = "memory";
    doc.text = text;
    return p.run(doc);
}

const kg::entity* node(const kg::extract::extraction& x, const std::string& id) {
    for (auto& e : x.entities)
        if (e.id == id) return &e;
    return nullptr;
}

const kg::fact* edge(const kg::extract::extraction& x, const std::string& source, const std::string& type,
                     const std::string& target) {
    for (auto& f : x.facts)
        if (f.source == source && f.type == type && f.target == target) return &f;
    return nullptr;
}

}  // namespace

TEST_CASE("a blacklisting becomes a fact and an action node linked to both sides", "[extract]") {
    auto x = extract("The US Commerce Department placed Acme Robotics on a blacklist on Tuesday.");
    REQUIRE(node(x, "governmentagency:us-department-of-commerce"));
    REQUIRE(node(x, "company:acme-robotics"));
    const auto* f = edge(x, "governmentagency:us-department-of-commerce", "BLACKLISTED", "company:acme-robotics");
    REQUIRE(f);
    CHECK(f->polarity == kg::polarity::positive);
    CHECK(f->modality == kg::modality::asserted);
    REQUIRE(f->evidence.size() == 1);
    CHECK(f->evidence[0].rule == "blacklist.placed-on");
    CHECK(f->evidence[0].sentence == "The US Commerce Department placed Acme Robotics on a blacklist on Tuesday.");
    CHECK(edge(x, "governmentagency:us-department-of-commerce", "IMPOSED", "action:blacklisting-of-acme-robotics"));
    CHECK(edge(x, "action:blacklisting-of-acme-robotics", "TARGETS", "company:acme-robotics"));
    CHECK(node(x, "action:blacklisting-of-acme-robotics")->type == "Action");
}

TEST_CASE("a judge described before being named is resolved, and 'the ban' is the action", "[extract][coreference]") {
    auto x = extract(
        "The Commerce Department placed Acme Robotics on a blacklist. After Acme Robotics had filed a lawsuit, "
        "a federal judge placed a temporary halt to the ban.\n\n"
        "According to US District Judge Alan Whitfield, the move was “arbitrary”.");
    const auto* judge = node(x, "person:alan-whitfield");
    REQUIRE(judge);
    REQUIRE(judge->attributes.count("title"));
    CHECK(judge->attributes.at("title") == std::vector<std::string>{"US District Judge"});
    const auto* f = edge(x, "person:alan-whitfield", "ENJOINED", "action:blacklisting-of-acme-robotics");
    REQUIRE(f);
    CHECK(f->evidence[0].rule == "enjoin.halt");
    CHECK(f->confidence < 0.85);  // reached through a description
}

TEST_CASE("coordinated roles after a possessive give one fact each", "[extract][roles]") {
    auto x = extract("Acme Robotics’s founder and chief executive, Jane Doe, said the firm would appeal.");
    CHECK(edge(x, "person:jane-doe", "FOUNDER_OF", "company:acme-robotics"));
    CHECK(edge(x, "person:jane-doe", "CEO_OF", "company:acme-robotics"));
}

TEST_CASE("negation makes a negative fact", "[extract][polarity]") {
    auto x = extract("Acme Robotics did not sue Globex Corp over the patent.");
    const auto* f = edge(x, "company:acme-robotics", "SUED", "company:globex-corp");
    REQUIRE(f);
    CHECK(f->polarity == kg::polarity::negative);
}

TEST_CASE("hedges and reports before a fact set its modality", "[extract][modality]") {
    auto speculated = extract("It is speculated that Acme Robotics acquired Globex Corp last year.");
    const auto* f = edge(speculated, "company:acme-robotics", "ACQUIRED", "company:globex-corp");
    REQUIRE(f);
    CHECK(f->modality == kg::modality::speculated);
    auto reported = extract("According to Reuters News, Acme Robotics acquired Globex Corp.");
    f = edge(reported, "company:acme-robotics", "ACQUIRED", "company:globex-corp");
    REQUIRE(f);
    CHECK(f->modality == kg::modality::reported);
}

TEST_CASE("a date near the fact's words becomes its time", "[extract][time]") {
    auto x = extract("Acme Robotics was founded by Jane Doe in 2015.");
    const auto* f = edge(x, "person:jane-doe", "FOUNDER_OF", "company:acme-robotics");
    REQUIRE(f);
    CHECK(f->time == "2015");
}

TEST_CASE("the same fact in two sentences is one edge with two pieces of evidence", "[extract][merge]") {
    auto x = extract("Acme Robotics sued Globex Corp in May. Later, Acme Robotics sued Globex Corp again.");
    const auto* f = edge(x, "company:acme-robotics", "SUED", "company:globex-corp");
    REQUIRE(f);
    CHECK(f->evidence.size() == 2);
    CHECK(f->id == kg::make_fact_id("company:acme-robotics", "SUED", "company:globex-corp", "positive"));
}

TEST_CASE("evidence spans are code point offsets of the sentence in the document", "[extract][evidence]") {
    std::string text = "“Quoted” headline\n\nAcme Robotics sued Globex Corp.";
    auto x = extract(text);
    const auto* f = edge(x, "company:acme-robotics", "SUED", "company:globex-corp");
    REQUIRE(f);
    const auto& ev = f->evidence.at(0);
    CHECK(ev.sentence == "Acme Robotics sued Globex Corp.");
    CHECK(ev.chars.begin == 19);  // “ and ” are one code point each, three bytes each
    CHECK(ev.chars.end == 19 + ev.sentence.size());
    CHECK(ev.document == "doc");
}

TEST_CASE("page boilerplate after a source marker is not read for facts", "[extract][boilerplate]") {
    auto x = extract(
        "Acme Robotics sued Globex Corp.\n[ SOURCE ]\nInitech has sued Umbrella Corp over its new…\n"
        "This website uses cookies.");
    CHECK(edge(x, "company:acme-robotics", "SUED", "company:globex-corp"));
    CHECK_FALSE(node(x, "company:umbrella-corp"));
    bool noted = std::any_of(x.diagnostics.begin(), x.diagnostics.end(),
                             [](const kg::diagnostic& d) { return d.message.find("boilerplate") != std::string::npos; });
    CHECK(noted);
}

TEST_CASE("names in a lexicon keep their canonical label and gather aliases", "[extract][lexicon]") {
    auto x = extract("The Pentagon blacklisted Acme Robotics. The US Defence Department later said more would follow.");
    const auto* dod = node(x, "governmentagency:us-department-of-defense");
    REQUIRE(dod);
    CHECK(dod->label == "US Department of Defense");
    CHECK(std::find(dod->aliases.begin(), dod->aliases.end(), "US Defence Department") != dod->aliases.end());
    CHECK(dod->mentions.size() == 2);
}

TEST_CASE("text that is empty, binary or has no sentences yields nothing and no crash", "[extract][bad_input]") {
    CHECK(extract("").facts.empty());
    CHECK(extract("   \n\n  ").entities.empty());
    auto x = extract(std::string("\x00\x01\xff\xfe garbage \xc3", 13));
    CHECK(x.facts.empty());
}

TEST_CASE("the pipeline with the trained taggers finds the example article's facts", "[extract][models]") {
    auto p = kg::extract::pipeline::load(KG_DATA_DIR);
    REQUIRE(p.has_models());
    auto x = extract("The US Commerce Department placed Northwind Robotics on a blacklist on Tuesday. "
                     "Northwind’s founder and chief executive, Maya Okafor, told reporters the company had followed every rule.",
                     p);
    CHECK(edge(x, "governmentagency:us-department-of-commerce", "BLACKLISTED", "company:northwind-robotics"));
    CHECK(edge(x, "person:maya-okafor", "CEO_OF", "company:northwind-robotics"));
}

TEST_CASE("a missing data directory is a data error", "[extract][bad_input]") {
    CHECK_THROWS_AS(kg::extract::pipeline::load("/nonexistent/kg-data"), kg::data_error);
}

TEST_CASE("a very long article on one line is processed and its facts found", "[extract][bad_input]") {
    std::string text;
    for (int i = 0; i < 2000; ++i)
        text += "Acme Robotics sued Globex Corp. The company said its founder and chief executive, Jane Doe, would appeal. ";
    auto x = extract(text);
    const auto* f = edge(x, "company:acme-robotics", "SUED", "company:globex-corp");
    REQUIRE(f);
    CHECK(f->evidence.size() == 2000);
    CHECK(f->confidence == Approx(0.99));  // many independent sentences, capped
}

TEST_CASE("a description in apposition refers to the name before it", "[extract][coreference]") {
    // Acme is the most mentioned company, yet "the company" after "Initech Corp," is Initech.
    auto x = extract("Acme Robotics sued Globex Corp. Acme Robotics lost. Later, Initech Corp, the company that "
                     "bought Hooli Inc, said it would appeal.");
    CHECK(edge(x, "company:initech-corp", "ACQUIRED", "company:hooli-inc"));
    CHECK_FALSE(edge(x, "company:acme-robotics", "ACQUIRED", "company:hooli-inc"));
}

TEST_CASE("the CoNLL04 relation model adds facts the patterns miss, and can be turned off", "[extract][models][relation_model]") {
    const std::string text = "It was a similar story at Bluewater in Kent.";
    static const auto with_model = kg::extract::pipeline::load(KG_DATA_DIR);
    REQUIRE(with_model.has_models());
    auto x = extract(text, with_model);
    const auto* f = edge(x, "location:bluewater", "LOCATED_IN", "location:kent");
    REQUIRE(f);
    CHECK(f->evidence.front().rule == "model.conll04");
    CHECK(f->confidence >= 0.72);  // 0.8 x the model's own confidence, kept only from 0.9
    static const auto patterns_only = kg::extract::pipeline::load(KG_DATA_DIR, {.use_relation_model = false});
    CHECK_FALSE(edge(extract(text, patterns_only), "location:bluewater", "LOCATED_IN", "location:kent"));
}

TEST_CASE("kg build --related keeps an untyped verb between two names as RELATED_TO", "[extract][models][related]") {
    const std::string text = "Globex Corp ignored Initech Inc on Monday.";
    static const auto related = kg::extract::pipeline::load(KG_DATA_DIR, {.related_to = true});
    auto x = extract(text, related);
    const auto* f = edge(x, "company:globex-corp", "RELATED_TO", "company:initech-inc");
    REQUIRE(f);
    CHECK(f->label == "ignored");
    // With the parse stage on, the open relation is read from the tree; the
    // token heuristic serves sentences without a parse.
    CHECK(f->evidence.front().rule == "open.verb");
    static const auto plain = kg::extract::pipeline::load(KG_DATA_DIR, {.open_relations = false});
    CHECK_FALSE(edge(extract(text, plain), "company:globex-corp", "RELATED_TO", "company:initech-inc"));
}

TEST_CASE("bylines, share prompts and credits on lines of their own are not read", "[extract][boilerplate]") {
    auto x = extract(
        "Globex sues Initech\nBy Jane Doe, Business reporter\nShare this article\n\nGlobex Corp sued Initech Inc on "
        "Monday.\nAdvertisement\nBy 2010, Globex Corp had bought Vandelay Industries.\nFollow us on Twitter\n");
    CHECK_FALSE(node(x, "person:jane-doe"));
    CHECK(edge(x, "company:globex-corp", "SUED", "company:initech-inc"));
    // A sentence that merely starts with "By" is text, not a byline.
    CHECK(edge(x, "company:globex-corp", "ACQUIRED", "company:vandelay-industries"));
}

TEST_CASE("a name that only modifies a noun phrase is not a role's organisation", "[extract][models][roles]") {
    static const auto with_models = kg::extract::pipeline::load(KG_DATA_DIR);
    auto x = extract("But Edward Leigh, who is chairman of the Commons public accounts committee, warned the government.",
                     with_models);
    CHECK_FALSE(edge(x, "person:edward-leigh", "CHAIR_OF", "governmentagency:house-of-commons"));
    // A date after the name is no head noun: the company is still the object.
    auto y = extract("Initech Corp acquired Hooli Inc last year.", with_models);
    CHECK(edge(y, "company:initech-corp", "ACQUIRED", "company:hooli-inc"));
    // Signing a deal is not settling a dispute.
    CHECK_FALSE(edge(extract("Gordon Brown has signed a debt relief deal with Tanzania."), "person:gordon-brown",
                     "SETTLED_WITH", "country:tanzania"));
}
