#pragma once
// Dates stated with facts, normalized to ISO 8601 where the text (and the
// document's own date, for "last year" or "on Friday") allows: "2019",
// "2020-11", "2021-11-11".
#include <optional>
#include <string>
#include <string_view>

namespace kg::extract {

// A calendar date; month and day are 0 when not known ("2019", "2019-11").
struct calendar_date {
    int year = 0;
    int month = 0;
    int day = 0;
};

// "2021-03-12", "2021-03", "2021", optionally followed by a time ("2021-03-12T08:00:00Z").
std::optional<calendar_date> parse_iso_date(std::string_view s);

// "2021", "2021-03" or "2021-03-12"; empty when the year is unknown.
std::string to_iso(const calendar_date& d);

// An explicit date: year (may be 0 = not stated), month 1..12 (0 = none), day (0 = none).
// A missing year is taken from the document date when there is one.
std::string normalize_explicit(int year, int month, int day, const std::optional<calendar_date>& document_date);

// A relative expression from data/lexicons/relative_dates.tsv, anchored on the
// document date: unit "day" (offset in days), "week", "month", "year" (offsets in
// those units) or "weekday" (offset = ISO weekday 1..7: the latest such day on or
// before the document date). Empty without a complete enough document date.
std::string normalize_relative(std::string_view unit, int offset, const std::optional<calendar_date>& document_date);

}  // namespace kg::extract
