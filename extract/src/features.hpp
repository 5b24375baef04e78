#pragma once
// Feature extraction of the part-of-speech, chunk and entity taggers (private
// to kg::extract). Features are 64-bit hashes of (template, values).
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "kg/extract/sequence_tagger.hpp"

namespace kg::extract::detail {

// Bumped whenever the feature templates change: a model records the version
// it was trained with and refuses to load under another one.
inline constexpr std::uint32_t feature_version = 1;

std::uint64_t hash_str(std::string_view s) noexcept;
std::uint64_t mix(std::uint64_t a, std::uint64_t b) noexcept;

// Lower-cased (ASCII letters) copy.
std::string lower_ascii(std::string_view s);
// "Xxxx", "XX", "dd-dd", ... (letters, digits; other ASCII kept; non-ASCII 'u').
std::string word_shape(std::string_view s);
// Repeats collapsed: "Xx", "X", "d-d".
std::string short_shape(std::string_view shape);

// Entity-type bits of gazetteer entries.
enum gazetteer_bits : std::uint8_t {
    gaz_per = 1, gaz_org = 2, gaz_loc = 4, gaz_misc = 8, gaz_country = 16, gaz_currency = 32
};
inline constexpr std::size_t gazetteer_types = 6;
// Keys of lower-cased gazetteer entries are salted so they never meet exact ones.
inline constexpr std::uint64_t gazetteer_lower_salt = 0x6c6f776572ULL;
inline constexpr std::size_t gazetteer_max_tokens = 6;

// Word classes (any model) and name lists (entity model) a model carries.
struct ner_resources {
    // hash of a token sequence (see sequence_key) -> gazetteer bits
    std::unordered_map<std::uint64_t, std::uint8_t> gazetteer;
    // hash_str(word) -> cluster ids at several granularities (0 = none)
    std::unordered_map<std::uint64_t, std::array<std::uint16_t, 3>> clusters;
};

// Gazetteer key of a token sequence: exact forms, or lower-cased forms (salted).
std::uint64_t sequence_key(const std::vector<std::string_view>& words, bool lower);

// One document: sentences of words.
using doc_words = std::vector<std::vector<std::string_view>>;

// Part-of-speech features of every sentence of a document.
void pos_features(const doc_words& doc, const ner_resources& res, std::vector<sentence_features>& out);
void chunk_features(const std::vector<std::string_view>& words, const std::vector<std::string_view>& pos,
                    sentence_features& out);
// Features of every sentence of a document (entity features look at the whole document).
void ner_features(const doc_words& doc, const ner_resources& res, std::vector<sentence_features>& out);

// Second-stage entity features: appends to every token the first stage's
// tags around it and the entity types the first stage gave the same word
// elsewhere in the document (`first`: BIO tags per sentence).
void add_history_features(const doc_words& doc, const std::vector<std::vector<std::string>>& first,
                          std::vector<sentence_features>& fs);

}  // namespace kg::extract::detail
