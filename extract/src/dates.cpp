#include "kg/extract/dates.hpp"

#include <charconv>
#include <chrono>

#include <fmt/format.h>

namespace kg::extract {
namespace {

bool digits(std::string_view s, std::size_t n, int& out) {
    if (s.size() < n) return false;
    auto r = std::from_chars(s.data(), s.data() + n, out);
    return r.ec == std::errc() && r.ptr == s.data() + n;
}

bool valid(const calendar_date& d) {
    using namespace std::chrono;
    if (d.year < 1 || d.year > 9999 || d.month < 0 || d.month > 12 || d.day < 0) return false;
    if (d.day > 0)
        return d.month > 0 && year_month_day{year{d.year}, month{static_cast<unsigned>(d.month)},
                                             day{static_cast<unsigned>(d.day)}}.ok();
    return true;
}

std::chrono::sys_days days_of(const calendar_date& d) {
    using namespace std::chrono;
    return sys_days{year{d.year} / month{static_cast<unsigned>(d.month)} / day{static_cast<unsigned>(d.day)}};
}

calendar_date date_of(std::chrono::sys_days t) {
    std::chrono::year_month_day ymd{t};
    return {static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
            static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

}  // namespace

std::optional<calendar_date> parse_iso_date(std::string_view s) {
    calendar_date d;
    if (!digits(s, 4, d.year)) return std::nullopt;
    s.remove_prefix(4);
    if (!s.empty() && s[0] == '-') {
        if (!digits(s.substr(1), 2, d.month)) return std::nullopt;
        s.remove_prefix(3);
        if (!s.empty() && s[0] == '-') {
            if (!digits(s.substr(1), 2, d.day)) return std::nullopt;
            s.remove_prefix(3);
        }
    }
    if (!s.empty() && s[0] != 'T' && s[0] != ' ') return std::nullopt;
    if (!valid(d)) return std::nullopt;
    return d;
}

std::string to_iso(const calendar_date& d) {
    if (d.year <= 0) return {};
    if (d.month <= 0) return fmt::format("{:04}", d.year);
    if (d.day <= 0) return fmt::format("{:04}-{:02}", d.year, d.month);
    return fmt::format("{:04}-{:02}-{:02}", d.year, d.month, d.day);
}

std::string normalize_explicit(int year, int month, int day, const std::optional<calendar_date>& document_date) {
    calendar_date d{year, month, day};
    if (d.year == 0) {
        if (!document_date || month == 0) return {};
        d.year = document_date->year;
    }
    return valid(d) ? to_iso(d) : std::string{};
}

std::string normalize_relative(std::string_view unit, int offset, const std::optional<calendar_date>& document_date) {
    using namespace std::chrono;
    if (!document_date) return {};
    calendar_date d = *document_date;
    if (unit == "year") return to_iso({d.year + offset, 0, 0});
    if (d.month == 0) return {};
    if (unit == "month") {
        int m = d.year * 12 + (d.month - 1) + offset;
        return to_iso({m / 12, m % 12 + 1, 0});
    }
    if (d.day == 0) return {};
    auto t = days_of(d);
    if (unit == "day") return to_iso(date_of(t + days{offset}));
    if (unit == "week") return to_iso(date_of(t + days{7 * offset}));
    if (unit == "weekday" && offset >= 1 && offset <= 7) {
        unsigned have = weekday{t}.iso_encoding();
        int back = (static_cast<int>(have) - offset + 7) % 7;
        return to_iso(date_of(t - days{back}));
    }
    return {};
}

}  // namespace kg::extract
