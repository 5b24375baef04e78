#include "kg/core/ids.hpp"
#include "kg/core/fact.hpp"

#include <fmt/format.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <xxhash.h>

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

namespace {

// "<prefix>" + 32 hex digits of the XXH3-128 of `bytes`, high half first.
std::string xxh3_128_text(char prefix, std::string_view bytes) {
    XXH128_hash_t h = XXH3_128bits(bytes.data(), bytes.size());
    return fmt::format("{}{:016x}{:016x}", prefix, h.high64, h.low64);
}

std::string fact_key(std::string_view source, std::string_view type, std::string_view target,
                     std::string_view polarity) {
    return fmt::format("{}\x1f{}\x1f{}\x1f{}", source, type, target, polarity);
}

}  // namespace

std::string make_fact_id(std::string_view source, std::string_view type, std::string_view target,
                         std::string_view polarity) {
    return xxh3_128_text('f', fact_key(source, type, target, polarity));
}

std::string legacy_fact_id(std::string_view source, std::string_view type, std::string_view target,
                           std::string_view polarity) {
    return fmt::format("f{:016x}", fnv1a64(fact_key(source, type, target, polarity)));
}

bool renew_legacy_fact_id(fact& f) {
    if (f.id.size() != 17 || f.id[0] != 'f') return false;
    const char* polarity = kg::to_string(f.polarity);
    if (f.id != legacy_fact_id(f.source, f.type, f.target, polarity)) return false;
    f.id = make_fact_id(f.source, f.type, f.target, polarity);
    return true;
}

std::string make_content_hash(std::string_view text) { return xxh3_128_text('h', text); }

}  // namespace kg
