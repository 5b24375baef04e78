#include "kg/core/error.hpp"
#include "kg/core/diagnostic.hpp"
#include "kg/core/fact.hpp"

#include <fmt/format.h>

namespace kg {
namespace {
std::string describe(const std::string& message, const std::string& file, std::size_t line) {
    if (file.empty()) return message;
    if (line == 0) return fmt::format("{}: {}", file, message);
    return fmt::format("{}:{}: {}", file, line, message);
}
}  // namespace

error::error(std::string message, std::string file, std::size_t line)
    : std::runtime_error(describe(message, file, line)),
      file_(std::move(file)),
      line_(line),
      message_(std::move(message)) {}

const char* to_string(severity s) noexcept {
    switch (s) {
        case severity::note: return "note";
        case severity::warning: return "warning";
        case severity::error: return "error";
    }
    return "?";
}

std::string format(const diagnostic& d) {
    return describe(fmt::format("{}: {}", to_string(d.level), d.message), d.file, d.line);
}

const char* to_string(polarity p) noexcept {
    return p == polarity::negative ? "negative" : "positive";
}

const char* to_string(modality m) noexcept {
    switch (m) {
        case modality::asserted: return "asserted";
        case modality::hedged: return "hedged";
        case modality::reported: return "reported";
        case modality::speculated: return "speculated";
    }
    return "?";
}

modality more_certain(modality a, modality b) noexcept {
    auto rank = [](modality m) {
        switch (m) {
            case modality::asserted: return 0;
            case modality::reported: return 1;
            case modality::hedged: return 2;
            case modality::speculated: return 3;
        }
        return 4;
    };
    return rank(a) <= rank(b) ? a : b;
}

std::optional<polarity> parse_polarity(const std::string& s) noexcept {
    if (s == "positive") return polarity::positive;
    if (s == "negative") return polarity::negative;
    return std::nullopt;
}

std::optional<modality> parse_modality(const std::string& s) noexcept {
    for (auto m : {modality::asserted, modality::hedged, modality::reported, modality::speculated})
        if (s == to_string(m)) return m;
    return std::nullopt;
}

}  // namespace kg
