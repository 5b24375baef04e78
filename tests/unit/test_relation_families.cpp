// Each family of relation patterns (data/patterns/relations.json) on
// sentences written for these tests: active, passive, nominal, possessive,
// appositive and copular forms, negation, hedging, lemmas and coreference.
// Rules only (no trained taggers), so expectations do not move with the models.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "kg/extract/pipeline.hpp"

namespace {

const kg::extract::pipeline& rules_only() {
    static const auto p = kg::extract::pipeline::load(KG_DATA_DIR, {.use_models = false});
    return p;
}

kg::extract::extraction extract(const std::string& text) {
    kg::document doc;
    doc.id = "doc";
    doc.source = "memory";
    doc.text = text;
    return rules_only().run(doc);
}

const kg::fact* edge(const kg::extract::extraction& x, const std::string& source, const std::string& type,
                     const std::string& target) {
    for (auto& f : x.facts)
        if (f.source == source && f.type == type && f.target == target) return &f;
    return nullptr;
}

bool has_type(const kg::extract::extraction& x, const std::string& type) {
    for (auto& f : x.facts)
        if (f.type == type) return true;
    return false;
}

struct expectation {
    const char* sentence;
    const char* source;
    const char* relation;
    const char* target;
    const char* rule;
};

void check_all(const std::vector<expectation>& cases) {
    for (auto& c : cases) {
        INFO(c.sentence);
        auto x = extract(c.sentence);
        const auto* f = edge(x, c.source, c.relation, c.target);
        REQUIRE(f);
        CHECK(f->polarity == kg::polarity::positive);
        bool rule_seen = false;
        for (auto& ev : f->evidence) rule_seen = rule_seen || ev.rule == c.rule;
        CHECK(rule_seen);
    }
}

const char* commerce = "governmentagency:us-department-of-commerce";
const char* treasury = "governmentagency:us-department-of-the-treasury";
const char* justice = "governmentagency:us-department-of-justice";
const char* sec = "governmentagency:securities-and-exchange-commission";
const char* acme = "company:acme-robotics";
const char* globex = "company:globex-corp";
const char* initech = "company:initech-inc";
const char* petrov = "person:boris-petrov";
const char* lopez = "person:maria-lopez";

}  // namespace

TEST_CASE("blacklists, bans and sanctions in active, passive and possessive form", "[extract][patterns]") {
    check_all({
        {"Acme Robotics was blacklisted by the Commerce Department.", commerce, "BLACKLISTED", acme, "blacklist.passive"},
        {"The Commerce Department banned Acme Robotics.", commerce, "BANNED", acme, "ban.verb"},
        {"Acme Robotics was banned by the Commerce Department.", commerce, "BANNED", acme, "ban.passive"},
        {"The Commerce Department's ban on Acme Robotics angered investors.", commerce, "BANNED", acme, "ban.possessive"},
        {"The Treasury Department sanctioned Boris Petrov.", treasury, "SANCTIONED", petrov, "sanction.verb"},
        {"Boris Petrov was sanctioned by the Treasury Department.", treasury, "SANCTIONED", petrov, "sanction.passive"},
        {"The Commerce Department imposed restrictions on Acme Robotics.", commerce, "RESTRICTED", acme, "restrict.imposed"},
    });
}

TEST_CASE("lawsuits, charges, fines, settlements, investigations and appeals", "[extract][patterns]") {
    check_all({
        {"Globex Corp sued Initech Inc over the patents.", globex, "SUED", initech, "sue.verb"},
        {"Initech Inc was sued by Globex Corp on Monday.", globex, "SUED", initech, "sue.passive"},
        {"Globex Corp filed a lawsuit against Initech Inc.", globex, "SUED", initech, "sue.filed-against"},
        {"Globex Corp's lawsuit against Initech Inc was dismissed.", globex, "SUED", initech, "sue.possessive"},
        {"The Justice Department charged Boris Petrov with fraud.", justice, "CHARGED", petrov, "charge.verb"},
        {"Boris Petrov was charged by the Justice Department.", justice, "CHARGED", petrov, "charge.passive"},
        {"The Securities and Exchange Commission fined Initech Inc.", sec, "FINED", initech, "fine.verb"},
        {"Initech Inc settled with the Securities and Exchange Commission.", initech, "SETTLED_WITH", sec, "settle.with"},
        {"The Securities and Exchange Commission opened an investigation into Initech Inc.", sec, "INVESTIGATED", initech,
         "investigate.opened"},
        {"Initech Inc is being investigated by the Securities and Exchange Commission.", sec, "INVESTIGATED", initech,
         "investigate.passive"},
        {"Globex Corp appealed to the Supreme Court.", globex, "APPEALED", "court:us-supreme-court", "appeal.to"},
    });
}

TEST_CASE("courts enjoin and rule on actions", "[extract][patterns]") {
    auto x = extract("The Commerce Department placed Acme Robotics on a blacklist. Judge Alan Whitfield blocked the ban. "
                     "A federal judge ruled in favour of Acme Robotics.");
    CHECK(edge(x, "person:alan-whitfield", "ENJOINED", "action:blacklisting-of-acme-robotics"));
    CHECK(edge(x, "person:alan-whitfield", "RULED", acme));
}

TEST_CASE("founders, executives, members and employees", "[extract][patterns]") {
    check_all({
        {"Maria Lopez founded Globex Corp in 1999.", lopez, "FOUNDER_OF", globex, "founded.verb"},
        {"Globex Corp was founded by Maria Lopez.", lopez, "FOUNDER_OF", globex, "founded.passive"},
        {"Maria Lopez is the chief executive of Globex Corp.", lopez, "CEO_OF", globex, "role.copular"},
        {"Globex Corp's founder and chief executive, Maria Lopez, spoke.", lopez, "FOUNDER_OF", globex, "role.possessive"},
        {"Maria Lopez, the chairman of Globex Corp, resigned.", lopez, "CHAIR_OF", globex, "role.of"},
        {"Maria Lopez was appointed chief executive of Globex Corp.", lopez, "CEO_OF", globex, "role.appointed"},
        {"Maria Lopez is a member of the Labour Party.", lopez, "MEMBER_OF", "organization:labour-party", "member.of"},
        {"Maria Lopez works for Globex Corp.", lopez, "EMPLOYED_BY", globex, "employed.works"},
        {"Maria Lopez met Tony Blair in London.", lopez, "MET_WITH", "person:tony-blair", "met.verb"},
    });
}

TEST_CASE("acquisitions, agreed deals, bids, stakes and subsidiaries", "[extract][patterns]") {
    check_all({
        {"Globex Corp bought Initech Inc for $2bn.", globex, "ACQUIRED", initech, "acquired.verb"},
        {"Initech Inc was acquired by Globex Corp.", globex, "ACQUIRED", initech, "acquired.passive"},
        {"Globex Corp has agreed to buy Initech Inc.", globex, "AGREED_TO_BUY", initech, "agreed-to-buy.verb"},
        {"Initech Inc has agreed to be bought by Globex Corp.", globex, "AGREED_TO_BUY", initech, "agreed-to-buy.passive"},
        {"Globex Corp launched a bid for Initech Inc.", globex, "BID_FOR", initech, "bid.made"},
        {"Globex Corp sold its stake in Initech Inc.", globex, "STAKE_IN", initech, "stake.held"},
        {"Initech Inc, a subsidiary of Globex Corp, reported profits.", initech, "SUBSIDIARY_OF", globex, "subsidiary.apposition"},
        {"Globex Corp invested $5m in Initech Inc.", globex, "INVESTED_IN", initech, "invested.verb"},
        {"Globex Corp partnered with Initech Inc on batteries.", globex, "PARTNERED_WITH", initech, "partnered.verb"},
    });
    // An agreed deal or a bid is not a completed acquisition.
    CHECK_FALSE(has_type(extract("Globex Corp has agreed to buy Initech Inc."), "ACQUIRED"));
    CHECK_FALSE(has_type(extract("Globex Corp launched a bid for Initech Inc."), "ACQUIRED"));
}

TEST_CASE("listings, former names and places", "[extract][patterns]") {
    check_all({
        {"Globex Corp shares are listed on the New York Stock Exchange.", globex, "LISTED_ON",
         "organization:new-york-stock-exchange", "listed.on"},
        {"Globex Corp was delisted from the New York Stock Exchange.", globex, "DELISTED_FROM",
         "organization:new-york-stock-exchange", "delisted.from"},
        {"Initech Inc, formerly known as Vandelay Industries, reported losses.", initech, "FORMERLY_KNOWN_AS",
         "company:vandelay-industries", "formerly.known-as"},
        {"Globex Corp is headquartered in Denver.", globex, "HEADQUARTERED_IN", "location:denver", "headquartered.verb"},
        {"Maria Lopez lives in Madrid.", lopez, "LIVES_IN", "location:madrid", "lives.verb"},
        {"Boris Petrov killed Ivan Sokolov.", petrov, "KILLED", "person:ivan-sokolov", "kill.verb"},
    });
}

TEST_CASE("verbs match by lemma, irregular forms included", "[extract][patterns][lemma]") {
    CHECK(edge(extract("Globex Corp bought Initech Inc."), globex, "ACQUIRED", initech));
    CHECK(edge(extract("Globex Corp buys Initech Inc."), globex, "ACQUIRED", initech));
    CHECK(edge(extract("Globex Corp is buying Initech Inc."), globex, "ACQUIRED", initech));
    CHECK(edge(extract("Globex Corp sold a stake in Initech Inc."), globex, "STAKE_IN", initech));
    CHECK(edge(extract("Globex Corp is suing Initech Inc."), globex, "SUED", initech));
    CHECK(edge(extract("The Commerce Department is banning Acme Robotics."), commerce, "BANNED", acme));
}

TEST_CASE("negated facts are negative, never affirmative", "[extract][polarity]") {
    for (const char* s : {"The Treasury Department did not sanction Boris Petrov.",
                          "The Treasury Department never sanctioned Boris Petrov.",
                          "The Treasury Department has not sanctioned Boris Petrov."}) {
        INFO(s);
        auto x = extract(s);
        const auto* f = edge(x, treasury, "SANCTIONED", petrov);
        REQUIRE(f);
        CHECK(f->polarity == kg::polarity::negative);
        CHECK_FALSE(edge(x, "action:sanctions-on-boris-petrov", "TARGETS", petrov));  // no action was taken
    }
    // "isn't prohibited from dealing with" states no ban at all.
    auto x = extract("Unlike Huawei, Acme Robotics isn't prohibited from dealing with US companies.");
    CHECK_FALSE(has_type(x, "BANNED"));
}

TEST_CASE("hedges, speculation and reported speech set the modality", "[extract][modality]") {
    auto may = extract("Globex Corp may buy Initech Inc.");
    REQUIRE(edge(may, globex, "ACQUIRED", initech));
    CHECK(edge(may, globex, "ACQUIRED", initech)->modality == kg::modality::hedged);
    auto spec = extract("It is speculated that Globex Corp sued Initech Inc.");
    REQUIRE(edge(spec, globex, "SUED", initech));
    CHECK(edge(spec, globex, "SUED", initech)->modality == kg::modality::speculated);
    auto said = extract("According to Reuters, Globex Corp sued Initech Inc.");
    REQUIRE(edge(said, globex, "SUED", initech));
    CHECK(edge(said, globex, "SUED", initech)->modality == kg::modality::reported);
}

TEST_CASE("reported facts keep who said them", "[extract][modality]") {
    auto x = extract("Maria Lopez said Globex Corp bought Vandelay Industries.");
    const auto* f = edge(x, globex, "ACQUIRED", "company:vandelay-industries");
    REQUIRE(f);
    CHECK(f->modality == kg::modality::reported);
    CHECK(f->evidence.front().attributed_to == lopez);
    // The reporter is not the buyer: a gap does not step over another name.
    CHECK_FALSE(edge(x, lopez, "ACQUIRED", "company:vandelay-industries"));
    auto y = extract("The Commerce Department banned Acme Robotics.");
    REQUIRE(edge(y, commerce, "BANNED", acme));
    CHECK(edge(y, commerce, "BANNED", acme)->evidence.front().attributed_to.empty());
}

TEST_CASE("coreference chains carry facts to the named entity", "[extract][coreference]") {
    // A pronoun in subject position continues the previous subject, not the nearest name.
    auto x = extract("Globex Corp said it would buy Initech Inc. The company has agreed to pay $2bn. "
                     "It sued Vandelay Industries last year.");
    CHECK(edge(x, globex, "SUED", "company:vandelay-industries"));
    CHECK_FALSE(edge(x, initech, "SUED", "company:vandelay-industries"));
    // "it" may stand for a country as well as a company.
    auto c = extract("ICBC is a big bank. China opened up its banking sector when it joined the World Trade "
                     "Organisation in 2002.");
    CHECK(edge(c, "country:china", "MEMBER_OF", "organization:world-trade-organization"));
    // Surnames and titles join the full name.
    auto y = extract("Emmanuel Gaillard represents Yukos. Mr Gaillard said he would sue Gazprom.");
    CHECK(edge(y, "person:emmanuel-gaillard", "SUED", "company:gazprom"));
    // A lawsuit with no stated object is against the party that took the action.
    auto z = extract("The Commerce Department placed Acme Robotics on a blacklist. Acme Robotics filed a lawsuit.");
    CHECK(edge(z, acme, "SUED", commerce));
}

TEST_CASE("the alias table merges name variants into one entity", "[extract][aliases]") {
    auto x = extract("Bank of America bought Fleet Boston. BOA said the deal would close in March.");
    std::size_t banks = 0;
    for (auto& e : x.entities) banks += e.id == "company:bank-of-america";
    CHECK(banks == 1);
    for (auto& e : x.entities) CHECK(e.id != "organization:boa");
    auto y = extract("The Pentagon blacklisted Acme Robotics. The Defence Department blacklisted Globex Corp.");
    CHECK(edge(y, "governmentagency:us-department-of-defense", "BLACKLISTED", acme));
    CHECK(edge(y, "governmentagency:us-department-of-defense", "BLACKLISTED", globex));
    auto z = extract("The U.S. sanctioned Iran. The United States banned Globex Corp.");
    CHECK(edge(z, "country:united-states", "SANCTIONED", "country:iran"));
    CHECK(edge(z, "country:united-states", "BANNED", globex));
    auto w = extract("MCI, which was formerly known as WorldCom, agreed to be bought by Verizon.");
    CHECK(edge(w, "company:mci", "FORMERLY_KNOWN_AS", "company:worldcom"));
}
