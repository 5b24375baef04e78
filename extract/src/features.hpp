#pragma once
// Feature extraction of the part-of-speech, chunk and entity taggers (private
// to kg::extract). Features are 64-bit hashes of (template, values).
#include <algorithm>
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
inline constexpr std::uint32_t feature_version = 3;

// FNV-1a 64 (kg::fnv1a64) of the bytes.
inline std::uint64_t hash_str(std::string_view s) noexcept {
    std::uint64_t h = 1469598103934665603ULL;
    for (unsigned char c : s) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    return h;
}
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

// A hash map from 64-bit keys (already hashes) with open addressing: much
// faster to query than std::unordered_map, which matters per token.
template <class V>
class u64_map {
public:
    V& operator[](std::uint64_t key) {
        if ((size_ + 1) * 2 > slots_.size()) grow();
        std::size_t i = find_slot(key);
        if (!slots_[i].used) {
            slots_[i] = {key, V{}, true};
            ++size_;
        }
        return slots_[i].value;
    }
    const V* find(std::uint64_t key) const noexcept {
        if (slots_.empty()) return nullptr;
        const auto& s = slots_[find_slot(key)];
        return s.used ? &s.value : nullptr;
    }
    std::size_t size() const noexcept { return size_; }
    bool empty() const noexcept { return size_ == 0; }
    void reserve(std::size_t n) {
        while (slots_.size() < n * 2) grow();
    }
    // (key, value) pairs sorted by key.
    std::vector<std::pair<std::uint64_t, V>> sorted() const {
        std::vector<std::pair<std::uint64_t, V>> out;
        for (const auto& s : slots_)
            if (s.used) out.emplace_back(s.key, s.value);
        std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        return out;
    }

private:
    struct slot {
        std::uint64_t key = 0;
        V value{};
        bool used = false;
    };
    std::size_t find_slot(std::uint64_t key) const noexcept {
        std::size_t mask = slots_.size() - 1;
        std::size_t i = static_cast<std::size_t>((key ^ (key >> 29)) * 0x9E3779B97F4A7C15ULL >> 20) & mask;
        while (slots_[i].used && slots_[i].key != key) i = (i + 1) & mask;
        return i;
    }
    void grow() {
        std::vector<slot> old = std::move(slots_);
        slots_.assign(old.empty() ? 16 : old.size() * 2, slot{});
        for (const auto& s : old)
            if (s.used) slots_[find_slot(s.key)] = s;
    }
    std::vector<slot> slots_;
    std::size_t size_ = 0;
};

// Gazetteer bit marking a key that is also the start of a longer entry.
inline constexpr std::uint8_t gaz_prefix = 128;

// Word classes (any model) and name lists (entity model) a model carries.
struct ner_resources {
    // hash of a token sequence (see sequence_key) -> gazetteer bits; every
    // proper prefix of an entry is present with gaz_prefix
    u64_map<std::uint8_t> gazetteer;
    // hash_str(word) -> cluster ids at several granularities (0 = none)
    u64_map<std::array<std::uint16_t, 3>> clusters;
    // Tag dictionary (part-of-speech model): hash_str(word) -> bit set of the
    // tags the word had in training, for words seen often enough; decoding
    // only considers those tags for them.
    u64_map<std::uint64_t> tag_dictionary;
    // English lexicon (part-of-speech model; from WordNet): hash_str(lower-cased
    // word) -> wordnet_bits of the lemma, or of the inflected form when it
    // is one of WordNet's irregular forms.
    u64_map<std::uint16_t> wordnet;
};

// What the English lexicon says of a word form.
enum wordnet_bits : std::uint16_t {
    wn_noun = 1, wn_verb = 2, wn_adj = 4, wn_adv = 8,  // a lemma of that part of speech
    wn_plural = 16,       // a noun's plural
    wn_verb_s = 32,       // a verb's third person singular
    wn_verb_ed = 64,      // a verb's past or past participle
    wn_verb_ing = 128,    // a verb's present participle
    wn_comparative = 256, // an adjective's or adverb's comparative
    wn_superlative = 512, // an adjective's or adverb's superlative
};
// The wordnet_bits of a lower-cased word: its own entry, and the regular
// inflections (WordNet's detachment rules) of the lemmas it could come from.
std::uint16_t wordnet_class(const ner_resources& res, std::string_view lower);

// wordnet_class of the lower-cased forms of frequent words, by word key
// (hash_str(word)): computed once when a model is loaded rather than for
// every token.
struct wordnet_cache {
    u64_map<std::uint16_t> classes;
};

// Gazetteer key of a token sequence: exact forms, or lower-cased forms (salted).
std::uint64_t sequence_key(const std::vector<std::string_view>& words, bool lower);

// One document: sentences of words.
using doc_words = std::vector<std::vector<std::string_view>>;

// What the features of a token look at: its forms and their hashes.
struct token_info {
    std::string lower;  // lower-cased (ASCII letters)
    std::uint64_t word = 0, low = 0, shp = 0, sshp = 0, suf3 = 0;  // hashes: word, lower, shape, short shape, last 3 of lower
    bool init_cap = false;
    bool has_lower = false;
    bool has_letter = false;
    const std::array<std::uint16_t, 3>* clusters = nullptr;  // of the word, else of its lower-cased form
};

// The analysis of a document the part-of-speech, chunk and entity features
// share: token forms, headline sentences, case evidence per word.
struct doc_analysis {
    std::vector<std::vector<token_info>> infos;  // per sentence, per token
    std::vector<bool> caps_sentence;             // headline in capitals
    // Case evidence per lower-cased word: seen capitalised in the middle of a
    // mixed-case sentence (bit 1), seen all lower-case (bit 2).
    u64_map<std::uint8_t> doc_case;
    const ner_resources* clusters_of = nullptr;  // whose clusters token_info::clusters point into

    explicit doc_analysis(const doc_words& doc);
    // Points token_info::clusters into `res` (a no-op when already done).
    void attach_clusters(const ner_resources& res);
};

// Part-of-speech features of every sentence of a document (`da`: its
// analysis, computed here when null).
// `cache`: the model that will score the features; the groups of features it
// has precomputed sums for (linear_chain_model::cache_flags) are left empty
// (keep null for training).
// `known`: the lexicon classes of frequent words (optional; the same results).
void pos_features(const doc_words& doc, const ner_resources& res, std::vector<sentence_features>& out,
                  doc_analysis* da = nullptr, const linear_chain_model* cache = nullptr,
                  const wordnet_cache* known = nullptr);
// `info`: the analysis of the sentence's tokens (computed here when null).
void chunk_features(const std::vector<std::string_view>& words, const std::vector<std::string_view>& pos,
                    sentence_features& out, const std::vector<token_info>* info = nullptr,
                    const linear_chain_model* cache = nullptr);
// Features of every sentence of a document (entity features look at the whole document).
void ner_features(const doc_words& doc, const ner_resources& res, std::vector<sentence_features>& out,
                  doc_analysis* da = nullptr, const linear_chain_model* cache = nullptr);

// Second-stage entity features of every token: the first stage's tags
// around it and the entity types the first stage gave the same word elsewhere
// in the document (`first`: BIO tags per sentence). Appended to `fs` when
// `append`, else `fs` gets only them.
void add_history_features(const doc_words& doc, const std::vector<std::vector<std::string>>& first,
                          std::vector<sentence_features>& fs, bool append);

}  // namespace kg::extract::detail
