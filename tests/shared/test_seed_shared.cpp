// The seed article (../shared/seed/xiaomi-blacklist.txt, a real news story):
// what the full pipeline, with the trained taggers, must find in it.
#include <catch2/catch.hpp>

#include <algorithm>

#include "kg/core/io.hpp"
#include "kg/extract/pipeline.hpp"
#include "shared_dir.hpp"

namespace {

const kg::extract::extraction& seed() {
    static const kg::extract::extraction x = [] {
        auto p = kg::extract::pipeline::load(KG_DATA_DIR);
        kg::document doc;
        doc.id = "xiaomi-blacklist";
        doc.source = kg::test::shared_dir() + "/seed/xiaomi-blacklist.txt";
        doc.text = kg::read_file(doc.source);
        return p.run(doc);
    }();
    return x;
}

const kg::entity* node(const std::string& id) {
    for (auto& e : seed().entities)
        if (e.id == id) return &e;
    return nullptr;
}

const kg::fact* edge(const std::string& s, const std::string& type, const std::string& t) {
    for (auto& f : seed().facts)
        if (f.source == s && f.type == type && f.target == t) return &f;
    return nullptr;
}

}  // namespace

TEST_CASE("the seed article's entities are found with sensible types", "[seed]") {
    for (const char* id : {"company:xiaomi", "governmentagency:us-department-of-defense", "person:rudolph-contreras",
                           "person:lei-jun", "company:huawei", "product:wechat", "product:tiktok", "company:google",
                           "governmentagency:ministry-of-industry-and-information-technology", "person:donald-trump",
                           "country:china", "country:united-states"}) {
        INFO(id);
        CHECK(node(id));
    }
    const auto* judge = node("person:rudolph-contreras");
    REQUIRE(judge);
    CHECK(judge->attributes.at("title").front() == "US District Judge");
    const auto* dod = node("governmentagency:us-department-of-defense");
    REQUIRE(dod);
    CHECK(std::find(dod->aliases.begin(), dod->aliases.end(), "US Defence Department") != dod->aliases.end());
}

TEST_CASE("the seed article's key facts are found with evidence", "[seed]") {
    const auto* blacklisted = edge("governmentagency:us-department-of-defense", "BLACKLISTED", "company:xiaomi");
    REQUIRE(blacklisted);
    CHECK(blacklisted->evidence.front().sentence.find("placed Xiaomi on a blacklist") != std::string::npos);
    CHECK(edge("action:blacklisting-of-xiaomi", "TARGETS", "company:xiaomi"));
    const auto* enjoined = edge("person:rudolph-contreras", "ENJOINED", "action:blacklisting-of-xiaomi");
    REQUIRE(enjoined);
    CHECK(enjoined->evidence.front().sentence.find("a federal judge has placed a temporary halt to the ban") !=
          std::string::npos);
    CHECK(edge("person:lei-jun", "FOUNDER_OF", "company:xiaomi"));
    CHECK(edge("person:lei-jun", "CEO_OF", "company:xiaomi"));
    const auto* awarded = edge("governmentagency:ministry-of-industry-and-information-technology", "AWARDED", "person:lei-jun");
    REQUIRE(awarded);
    CHECK(awarded->time == "2019");
    CHECK(awarded->modality == kg::modality::hedged);  // "It was believed that ..."
}

TEST_CASE("the web-page debris after the seed article is not read for facts", "[seed]") {
    for (const char* id : {"company:bmw", "company:tesla", "company:aeon-bank"}) {
        INFO(id);
        CHECK_FALSE(node(id));
    }
}
