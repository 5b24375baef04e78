// Dates stated with facts, normalized to ISO 8601 with the document's date.
#include <catch2/catch.hpp>

#include "kg/extract/dates.hpp"
#include "kg/extract/pipeline.hpp"

using kg::extract::calendar_date;
using kg::extract::normalize_explicit;
using kg::extract::normalize_relative;
using kg::extract::parse_iso_date;

TEST_CASE("document dates are read in ISO forms only", "[dates]") {
    auto d = parse_iso_date("2021-03-15");
    REQUIRE(d);
    CHECK(d->year == 2021);
    CHECK(d->month == 3);
    CHECK(d->day == 15);
    CHECK(parse_iso_date("2021-03-15T08:30:00Z"));
    CHECK(parse_iso_date("2005")->month == 0);
    CHECK(parse_iso_date("2005-02")->day == 0);
    CHECK_FALSE(parse_iso_date(""));
    CHECK_FALSE(parse_iso_date("15 March 2021"));
    CHECK_FALSE(parse_iso_date("2021-02-30"));
    CHECK_FALSE(parse_iso_date("2021-13"));
    CHECK_FALSE(parse_iso_date("2021-03-15x"));
}

TEST_CASE("explicit dates take a missing year from the document", "[dates]") {
    calendar_date doc{2021, 3, 15};
    CHECK(normalize_explicit(2019, 0, 0, std::nullopt) == "2019");
    CHECK(normalize_explicit(2019, 11, 0, std::nullopt) == "2019-11");
    CHECK(normalize_explicit(2020, 11, 11, std::nullopt) == "2020-11-11");
    CHECK(normalize_explicit(0, 11, 11, doc) == "2021-11-11");
    CHECK(normalize_explicit(0, 11, 11, std::nullopt).empty());  // no year anywhere
    CHECK(normalize_explicit(2021, 2, 30, std::nullopt).empty());  // no such day
}

TEST_CASE("relative dates are anchored on the document date", "[dates]") {
    calendar_date doc{2021, 3, 15};  // a Monday
    CHECK(normalize_relative("year", -1, doc) == "2020");
    CHECK(normalize_relative("year", 1, doc) == "2022");
    CHECK(normalize_relative("month", -3, doc) == "2020-12");
    CHECK(normalize_relative("day", -1, doc) == "2021-03-14");
    CHECK(normalize_relative("day", -15, doc) == "2021-02-28");
    CHECK(normalize_relative("week", -1, doc) == "2021-03-08");
    CHECK(normalize_relative("weekday", 5, doc) == "2021-03-12");  // "on Friday": the Friday before
    CHECK(normalize_relative("weekday", 1, doc) == "2021-03-15");  // "on Monday": that very day
    CHECK(normalize_relative("year", -1, std::nullopt).empty());
    CHECK(normalize_relative("day", -1, calendar_date{2021, 0, 0}).empty());  // needs a full date
}

TEST_CASE("a fact's time is normalized when the article is dated", "[dates][extract]") {
    auto p = kg::extract::pipeline::load(KG_DATA_DIR, {.use_models = false});
    kg::document doc;
    doc.id = "dated";
    doc.date = "2021-03-15";
    doc.text = "Globex Corp sued Initech Inc last year. Globex Corp bought Vandelay Industries on Friday.";
    auto x = p.run(doc);
    auto time_of = [&](const std::string& type) {
        for (auto& f : x.facts)
            if (f.type == type) return f.time;
        return std::string("(none)");
    };
    CHECK(time_of("SUED") == "2020");
    CHECK(time_of("ACQUIRED") == "2021-03-12");
    doc.date.clear();  // undated: the words are kept as they are
    x = p.run(doc);
    CHECK(time_of("SUED") == "last year");
}
