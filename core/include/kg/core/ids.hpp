#pragma once
// Stable identifiers and name normalization.
#include <cstdint>
#include <string>
#include <string_view>

namespace kg {

struct fact;

// Unicode-aware normalization of a name for identity: NFKC, case folded,
// curly apostrophes straightened, runs of non-alphanumerics collapsed to '-'.
// "Xiaomi’s  Corp." -> "xiaomi-s-corp"
std::string normalize_name(std::string_view name);

// "<lower-case type>:<normalized name>", e.g. make_entity_id("Person", "Lei Jun") == "person:lei-jun".
std::string make_entity_id(std::string_view type, std::string_view name);

// A stable fact id from its identity: source, relation type, target and
// polarity ("f" + 32 hex digits of XXH3-128, from Debian's libxxhash). Modality
// is not part of it: the same claim asserted in one article and hedged in
// another is one fact. 128 bits: ids of different facts do not meet by
// chance, and the 64-bit FNV-1a ids of earlier versions, which could be made
// to collide in minutes, are gone (legacy_fact_id names them, for migration).
std::string make_fact_id(std::string_view source, std::string_view type, std::string_view target,
                         std::string_view polarity);

// The id kg gave the same fact before XXH3-128 ("f" + 16 hex digits of
// FNV-1a 64): a graph file written then is read with its facts' ids renewed.
std::string legacy_fact_id(std::string_view source, std::string_view type, std::string_view target,
                           std::string_view polarity);

// Gives a fact read from a graph written before XXH3-128 ids (its id is the
// legacy_fact_id of its fields) the id make_fact_id gives it now; any other
// id is left alone. True when renewed.
bool renew_legacy_fact_id(fact& f);

// The content hash of a document's text: "h" + 32 hex digits of XXH3-128.
std::string make_content_hash(std::string_view text);

// 64-bit FNV-1a, used for model checksums (and legacy_fact_id).
std::uint64_t fnv1a64(std::string_view bytes, std::uint64_t seed = 1469598103934665603ULL) noexcept;

}  // namespace kg
