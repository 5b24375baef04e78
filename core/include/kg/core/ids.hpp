#pragma once
// Stable identifiers and name normalization.
#include <string>
#include <string_view>

namespace kg {

// Unicode-aware normalization of a name for identity: NFKC, case folded,
// curly apostrophes straightened, runs of non-alphanumerics collapsed to '-'.
// "Xiaomi’s  Corp." -> "xiaomi-s-corp"
std::string normalize_name(std::string_view name);

// "<lower-case type>:<normalized name>", e.g. make_entity_id("Person", "Lei Jun") == "person:lei-jun".
std::string make_entity_id(std::string_view type, std::string_view name);

// A stable fact id from its identity: source, relation type, target and
// polarity ("f" + 16 hex digits of FNV-1a 64). Modality is not part of it: the
// same claim asserted in one article and hedged in another is one fact.
std::string make_fact_id(std::string_view source, std::string_view type, std::string_view target,
                         std::string_view polarity);

// 64-bit FNV-1a, used for stable ids and model checksums.
std::uint64_t fnv1a64(std::string_view bytes, std::uint64_t seed = 1469598103934665603ULL) noexcept;

}  // namespace kg
