#include "kg/core/ids.hpp"

#include <fmt/format.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

namespace kg {

std::uint64_t fnv1a64(std::string_view bytes, std::uint64_t seed) noexcept {
    std::uint64_t h = seed;
    for (unsigned char c : bytes) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    return h;
}

std::string normalize_name(std::string_view name) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
    icu::UnicodeString in = icu::UnicodeString::fromUTF8(icu::StringPiece(name.data(), static_cast<int32_t>(name.size())));
    icu::UnicodeString folded = U_SUCCESS(status) ? nfkc_cf->normalize(in, status) : in;
    if (U_FAILURE(status)) folded = in;

    std::string out;
    bool pending_dash = false;
    for (int32_t i = 0; i < folded.length();) {
        UChar32 c = folded.char32At(i);
        i += U16_LENGTH(c);
        if (u_isalnum(c)) {
            if (pending_dash && !out.empty()) out.push_back('-');
            pending_dash = false;
            icu::UnicodeString one(c);
            one.toUTF8String(out);
        } else {
            pending_dash = true;
        }
    }
    return out;
}

std::string make_entity_id(std::string_view type, std::string_view name) {
    return normalize_name(type) + ":" + normalize_name(name);
}

std::string make_fact_id(std::string_view source, std::string_view type, std::string_view target,
                         std::string_view polarity) {
    std::string key = fmt::format("{}\x1f{}\x1f{}\x1f{}", source, type, target, polarity);
    return fmt::format("f{:016x}", fnv1a64(key));
}

}  // namespace kg
