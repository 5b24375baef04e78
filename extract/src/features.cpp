#include "features.hpp"

#include <algorithm>
#include <optional>

#include "kg/core/ids.hpp"

namespace kg::extract::detail {
namespace {

// Template ids. Never renumber without bumping feature_version.
enum tmpl : std::uint64_t {
    t_bias = 1,
    t_word,
    t_lower,
    t_shape,
    t_sshape,
    t_prefix,  // + length
    t_suffix = t_prefix + 8,
    t_lower_m1 = t_suffix + 8,
    t_lower_p1,
    t_lower_m2,
    t_lower_p2,
    t_sshape_m1,
    t_sshape_p1,
    t_sshape_m2,
    t_sshape_p2,
    t_bi_m1,
    t_bi_p1,
    t_ss_m1_0,
    t_ss_0_p1,
    t_ss_m1_0_p1,
    t_first_sshape,
    t_caps_sentence_sshape,
    t_caps_sentence_lower,
    t_gaz_exact,
    t_gaz_lower,
    t_gaz_exact_m1,
    t_gaz_exact_p1,
    t_cluster,  // + level * 4 + offset
    t_doc_case = t_cluster + 16,
    t_suffix3_m1,
    t_suffix3_p1,
    t_pos_m2,
    t_pos_m1,
    t_pos_0,
    t_pos_p1,
    t_pos_p2,
    t_pos_m1_0,
    t_pos_0_p1,
    t_pos_m2_m1,
    t_pos_p1_p2,
    t_pos_m1_0_p1,
    t_lower_pos,
    t_lower_m1_pos,
    t_lower_p1_pos,
    t_first_lower,
    t_word_m1,
    t_word_p1,
    t_length,
    t_lower_ss_m1,
    t_lower_ss_p1,
    t_ctx_pair,
    t_hyph_last,
    t_hyph_first,
    t_bi_p1_p2,
    t_bi_m2_m1,
    t_cluster_lower,
    t_hist_types,
    t_hist_major,
    t_stage1,
    t_stage1_m1,
    t_stage1_p1,
    t_hist_none,
    t_wordnet,
    t_wordnet_case,
    t_wordnet_suffix3,
    t_tags_m1_p1,
    t_tags_0,     // feature version 3
    t_tags_m1_0,
    t_tags_0_p1,
    t_aux_left,
};

const std::uint64_t h_bos = 0x5bd1e9955bd1e995ULL;
const std::uint64_t h_eos = 0x27d4eb2f165667c5ULL;

constexpr std::uint64_t fnv_basis = 1469598103934665603ULL;
constexpr std::uint64_t fnv_prime = 1099511628211ULL;

// The forms of a word and their hashes in one pass: the shape and short
// shape are hashed as word_shape() and short_shape() would write them.
void fill_info(std::string_view w, token_info& t) {
    t.lower.assign(w);
    std::uint64_t hw = fnv_basis, hl = fnv_basis, hs = fnv_basis, hss = fnv_basis;
    char last_shape = 0;
    bool has_lower = false, has_letter = false;
    for (std::size_t i = 0; i < w.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(w[i]);
        hw = (hw ^ c) * fnv_prime;
        char shape;
        unsigned char low = c;
        if (c >= 'A' && c <= 'Z') {
            shape = 'X';
            low = static_cast<unsigned char>(c - 'A' + 'a');
            t.lower[i] = static_cast<char>(low);
            has_letter = true;
        } else if (c >= 'a' && c <= 'z') {
            shape = 'x';
            has_lower = has_letter = true;
        } else if (c >= '0' && c <= '9') {
            shape = 'd';
        } else if (c >= 0x80) {
            shape = (c & 0xC0) != 0x80 ? 'u' : 0;  // one 'u' per non-ASCII code point
        } else {
            shape = static_cast<char>(c);
        }
        hl = (hl ^ low) * fnv_prime;
        if (shape) {
            hs = (hs ^ static_cast<unsigned char>(shape)) * fnv_prime;
            if (shape != last_shape) hss = (hss ^ static_cast<unsigned char>(shape)) * fnv_prime;
            last_shape = shape;
        }
    }
    t.word = hw;
    t.low = hl;
    t.shp = hs;
    t.sshp = hss;
    t.suf3 = hash_str(t.lower.size() > 3 ? std::string_view(t.lower).substr(t.lower.size() - 3) : std::string_view(t.lower));
    t.init_cap = !w.empty() && w[0] >= 'A' && w[0] <= 'Z';
    t.has_lower = has_lower;
    t.has_letter = has_letter;
    t.clusters = nullptr;
}

struct emitter {
    explicit emitter(sentence_features& o) : out(o) {}
    sentence_features& out;
    // When a model is given (plan()), the feature groups it has precomputed
    // sums for are left empty: `skip` is set while in one of them.
    bool skip = false;
    std::vector<std::uint8_t> flags;  // per token: linear_chain_model::cache_flags
    bool boundary = false;            // the model precomputes the groups outside the sentence
    std::size_t token = 0;
    std::size_t group = 0;  // 0: own, 1..4: neighbours -2, -1, +1, +2, 5: the rest

    void add(std::uint64_t tmpl, std::uint64_t value) {
        if (!skip) out.keys.push_back(mix(tmpl, value));
    }
    void add(std::uint64_t tmpl, std::uint64_t a, std::uint64_t b) {
        if (!skip) out.keys.push_back(mix(mix(tmpl, a), b));
    }
    void add(std::uint64_t tmpl, std::uint64_t a, std::uint64_t b, std::uint64_t c) {
        if (!skip) out.keys.push_back(mix(mix(mix(tmpl, a), b), c));
    }
    // `words`: the word keys of the sentence's tokens.
    void plan(const linear_chain_model* model, const std::vector<std::uint64_t>& words) {
        flags.clear();
        if (!model) return;
        flags.reserve(words.size());
        for (auto w : words) flags.push_back(model->cache_flags(w));
        boundary = model->caches_boundary();
        token = 0;
        group = 0;
        update();
    }
    // Set for a token whose features are not wanted at all (see mute()).
    bool muted = false;
    void update() {
        if (muted) {
            skip = true;
            return;
        }
        if (flags.empty()) return;
        if (group == 0) {
            skip = token < flags.size() && (flags[token] & 1);
        } else if (group <= 4) {
            const std::ptrdiff_t j = std::ptrdiff_t(token) + sentence_features::neighbour_offsets[group - 1];
            skip = j < 0 || j >= std::ptrdiff_t(flags.size()) ? boundary : (flags[std::size_t(j)] & 2) != 0;
        } else {
            skip = false;
        }
    }
    void next_token() {
        out.offsets.push_back(static_cast<std::uint32_t>(out.keys.size()));
        ++token;
        group = 0;
        muted = false;
        update();
    }
    // Leaves out every feature of the current token (its groups stay, empty).
    void mute() {
        muted = true;
        update();
    }
    // Ends the word-only features of the current token (added first).
    void mark_context(std::uint64_t word_key) {
        out.word_keys.push_back(word_key);
        out.context_begin.push_back(static_cast<std::uint32_t>(out.keys.size()));
        group = 1;
        update();
    }
    // Ends the group of features that depend on one neighbour alone (after
    // mark_context, four times: the words at -2, -1, +1, +2).
    void mark_neighbour() {
        out.neighbour_end.push_back(static_cast<std::uint32_t>(out.keys.size()));
        ++group;
        update();
    }
};

void affixes(emitter& e, std::string_view s, std::size_t max_len) {
    if (e.skip) return;
    for (std::size_t k = 1; k <= max_len && k <= s.size(); ++k) {
        e.add(t_prefix + k, hash_str(s.substr(0, k)));
        e.add(t_suffix + k, hash_str(s.substr(s.size() - k)));
    }
}

// Classes of the word itself at every granularity, and of its lower-cased form.
void own_cluster_features(emitter& e, const ner_resources& res, const token_info& t) {
    if (res.clusters.empty() || e.skip) return;
    const auto* ids = t.clusters;
    if (ids)
        for (std::uint64_t lvl = 0; lvl < 3; ++lvl)
            if ((*ids)[lvl]) e.add(t_cluster + lvl * 4 + 1, (*ids)[lvl]);
    // The class of the lower-cased form of a capitalised word (common word or name?).
    if (t.word != t.low) {
        const auto* low = res.clusters.find(t.low);
        if (low)
            for (std::uint64_t lvl = 0; lvl < 3; ++lvl) e.add(t_cluster_lower + lvl * 1000003ULL, (*low)[lvl]);
        else
            e.add(t_cluster_lower, 0);
    }
}

// Classes of the word at k + off (off = -1 or +1).
void context_cluster_features(emitter& e, const ner_resources& res, const std::vector<token_info>& info,
                              std::ptrdiff_t k, std::ptrdiff_t off) {
    if (res.clusters.empty() || e.skip) return;
    const std::ptrdiff_t n = static_cast<std::ptrdiff_t>(info.size());
    std::ptrdiff_t j = k + off;
    if (j < 0 || j >= n) return;
    const auto* ids = info[j].clusters;
    if (!ids) return;
    for (std::uint64_t lvl = 0; lvl < 3; ++lvl)
        if ((*ids)[lvl]) e.add(t_cluster + lvl * 4 + std::uint64_t(off + 1), (*ids)[lvl]);
}

std::uint64_t len_bucket(std::size_t n) { return n <= 4 ? n : n <= 7 ? 5 : n <= 11 ? 6 : 7; }

}  // namespace

std::uint64_t mix(std::uint64_t a, std::uint64_t b) noexcept {
    std::uint64_t x = a * 0x9E3779B97F4A7C15ULL + b;
    x ^= x >> 32;
    x *= 0xD6E8FEB86659FD93ULL;
    x ^= x >> 32;
    x *= 0xD6E8FEB86659FD93ULL;
    x ^= x >> 32;
    return x;
}

std::string lower_ascii(std::string_view s) {
    std::string out(s);
    for (auto& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

std::string word_shape(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        if (c >= 'A' && c <= 'Z') out += 'X';
        else if (c >= 'a' && c <= 'z') out += 'x';
        else if (c >= '0' && c <= '9') out += 'd';
        else if (c >= 0x80) {
            if ((c & 0xC0) != 0x80) out += 'u';  // one 'u' per non-ASCII code point
        } else out += static_cast<char>(c);
    }
    return out;
}

std::string short_shape(std::string_view shape) {
    std::string out;
    for (char c : shape)
        if (out.empty() || out.back() != c) out += c;
    return out;
}

std::uint64_t sequence_key(const std::vector<std::string_view>& words, bool lower) {
    std::uint64_t h = 0x1234567ULL;
    for (auto w : words) h = mix(h, lower ? hash_str(lower_ascii(w)) : hash_str(w));
    return lower ? mix(h, gazetteer_lower_salt) : h;
}

std::uint16_t wordnet_class(const ner_resources& res, std::string_view w) {
    if (res.wordnet.empty() || w.empty()) return 0;
    std::uint16_t bits = 0;
    if (const auto* b = res.wordnet.find(hash_str(w))) bits = *b;
    // WordNet's detachment rules: the form's ending, the lemma's, the
    // lemma's part of speech and what the form then is.
    struct rule {
        std::string_view suffix, ending;
        std::uint16_t lemma, form;
    };
    static constexpr rule rules[] = {
        {"s", "", wn_noun | wn_verb, 0},       {"ses", "s", wn_noun, wn_plural},    {"xes", "x", wn_noun, wn_plural},
        {"zes", "z", wn_noun, wn_plural},      {"ches", "ch", wn_noun, wn_plural},  {"shes", "sh", wn_noun, wn_plural},
        {"men", "man", wn_noun, wn_plural},    {"ies", "y", wn_noun | wn_verb, 0},  {"es", "e", wn_verb, wn_verb_s},
        {"es", "", wn_verb, wn_verb_s},        {"ed", "e", wn_verb, wn_verb_ed},    {"ed", "", wn_verb, wn_verb_ed},
        {"ing", "e", wn_verb, wn_verb_ing},    {"ing", "", wn_verb, wn_verb_ing},   {"er", "", wn_adj, wn_comparative},
        {"est", "", wn_adj, wn_superlative},   {"er", "e", wn_adj, wn_comparative}, {"est", "e", wn_adj, wn_superlative},
    };
    for (const auto& r : rules) {
        if (w.size() <= r.suffix.size() + 1 || w.substr(w.size() - r.suffix.size()) != r.suffix) continue;
        // hash_str(stem + ending) without building it
        std::uint64_t h = hash_str(w.substr(0, w.size() - r.suffix.size()));
        for (unsigned char c : r.ending) h = (h ^ c) * fnv_prime;
        const auto* b = res.wordnet.find(h);
        if (!b) continue;
        // "-s" and "-ies" are a noun's plural or a verb's third person.
        if (r.form) {
            if (*b & r.lemma) bits |= r.form;
        } else {
            if (*b & wn_noun) bits |= wn_plural;
            if (*b & wn_verb) bits |= wn_verb_s;
        }
    }
    return bits;
}

doc_analysis::doc_analysis(const doc_words& doc) : infos(doc.size()), caps_sentence(doc.size(), false) {
    for (std::size_t s = 0; s < doc.size(); ++s) {
        auto& inf = infos[s];
        inf.resize(doc[s].size());
        std::size_t letters = 0, lowers = 0;
        for (std::size_t i = 0; i < doc[s].size(); ++i) {
            fill_info(doc[s][i], inf[i]);
            if (inf[i].has_letter) ++letters;
            if (inf[i].has_lower) ++lowers;
        }
        caps_sentence[s] = letters >= 2 && lowers == 0;
    }
    for (std::size_t s = 0; s < doc.size(); ++s) {
        if (caps_sentence[s]) continue;
        for (std::size_t i = 0; i < infos[s].size(); ++i) {
            const auto& t = infos[s][i];
            if (!t.has_letter) continue;
            std::uint8_t bits = 0;
            if (i > 0 && t.init_cap) bits |= 1;
            if (!t.init_cap && t.has_lower) bits |= 2;
            if (bits) doc_case[t.low] |= bits;
        }
    }
}

void doc_analysis::attach_clusters(const ner_resources& res) {
    if (clusters_of == &res) return;
    clusters_of = &res;
    for (auto& sentence : infos)
        for (auto& t : sentence) {
            t.clusters = nullptr;
            if (res.clusters.empty()) continue;
            t.clusters = res.clusters.find(t.word);
            if (!t.clusters) t.clusters = res.clusters.find(t.low);
        }
}

namespace {

// Case evidence of a capitalised word, combined with where it stands.
void add_case_feature(emitter& e, const doc_analysis& da, std::size_t s, std::size_t i) {
    const auto& t = da.infos[s][i];
    if (!t.has_letter || !(t.init_cap || !t.has_lower)) return;
    const std::uint8_t* bits = da.doc_case.find(t.low);
    e.add(t_doc_case, bits ? *bits : 0u, (i == 0 ? 1u : 0u) + (da.caps_sentence[s] ? 2u : 0u));
}

}  // namespace

namespace {

// The kind of the nearest auxiliary verb among the four words to the left of
// token i (none, have, be, get; not across punctuation) and how far it is.
void add_auxiliary_feature(emitter& e, const std::vector<token_info>& info, std::size_t i) {
    std::uint64_t kind = 0, distance = 0;
    for (std::size_t d = 1; d <= 4 && d <= i; ++d) {
        const std::string_view w = info[i - d].lower;
        if (w == "," || w == "." || w == ";" || w == ":" || w == "(" || w == ")" || w == "\"") break;
        if (w == "have" || w == "has" || w == "had" || w == "having" || w == "'ve" || w == "'d")
            kind = 1;
        else if (w == "be" || w == "is" || w == "are" || w == "was" || w == "were" || w == "been" || w == "being" ||
                 w == "'s" || w == "'re" || w == "'m" || w == "am")
            kind = 2;
        else if (w == "get" || w == "gets" || w == "got" || w == "getting" || w == "gotten")
            kind = 3;
        else
            continue;
        distance = d;
        break;
    }
    e.add(t_aux_left, kind, std::min<std::uint64_t>(distance, 3));
}

void pos_sentence_features(const std::vector<std::string_view>& words, const doc_analysis& da, std::size_t sent,
                           const ner_resources& res, sentence_features& out, const linear_chain_model* cache,
                           std::vector<std::uint64_t>& word_keys, std::vector<std::uint64_t>& tags,
                           const wordnet_cache* known) {
    out.clear();
    const auto& info = da.infos[sent];
    const bool caps = da.caps_sentence[sent];
    std::size_t n = words.size();
    emitter e{out};
    if (cache) {
        word_keys.clear();
        for (const auto& t : info) word_keys.push_back(t.word);
        e.plan(cache, word_keys);
    }
    auto low = [&](std::ptrdiff_t j) -> std::uint64_t {
        if (j < 0) return h_bos;
        if (j >= std::ptrdiff_t(n)) return h_eos;
        return info[j].low;
    };
    // The tags frequent words had in training (tag dictionary; 0 for other words).
    tags.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        const auto* m = res.tag_dictionary.find(info[i].word);
        tags[i] = m ? *m : 0;
    }
    auto tags_at = [&](std::ptrdiff_t j) -> std::uint64_t {
        if (j < 0) return h_bos;
        if (j >= std::ptrdiff_t(n)) return h_eos;
        return tags[std::size_t(j)];
    };
    for (std::size_t i = 0; i < n; ++i) {
        std::ptrdiff_t k = std::ptrdiff_t(i);
        const auto& t = info[i];
        // A word the tag dictionary allows one tag only: decoding cannot
        // choose another, so its scores do not matter.
        if (cache && tags[i] != 0 && (tags[i] & (tags[i] - 1)) == 0) e.mute();
        // Word-only features first.
        e.add(t_bias, 0);
        e.add(t_word, t.word);
        e.add(t_lower, t.low);
        e.add(t_shape, t.shp);
        e.add(t_sshape, t.sshp);
        affixes(e, words[i], 4);
        e.add(t_length, len_bucket(words[i].size()));
        if (words[i].size() > 5 && !e.skip) e.add(t_suffix + 5, hash_str(words[i].substr(words[i].size() - 5)));
        if (auto h = t.lower.rfind('-'); !e.skip && h != std::string::npos && h > 0 && h + 1 < t.lower.size()) {
            e.add(t_hyph_last, hash_str(std::string_view(t.lower).substr(h + 1)));
            e.add(t_hyph_first, hash_str(std::string_view(t.lower).substr(0, t.lower.find('-'))));
        }
        own_cluster_features(e, res, t);
        // The word's tags in the tag dictionary (0: a rare or unseen word).
        if (!res.tag_dictionary.empty()) e.add(t_tags_0, tags[i]);
        // What the English lexicon says of the lower-cased word, alone and
        // with its last three letters (with its case and position below:
        // those depend on more than the word).
        std::uint64_t wn = 0;
        if (!res.wordnet.empty() && !e.muted) {
            const std::uint16_t* c = known ? known->classes.find(t.word) : nullptr;
            wn = c ? *c : wordnet_class(res, t.lower);
        }
        if (!e.skip && !res.wordnet.empty()) {
            e.add(t_wordnet, wn);
            e.add(t_wordnet_suffix3, wn, t.suf3);
        }
        e.mark_context(t.word);
        // One neighbour each: the words at -2, -1, +1, +2.
        e.add(t_lower_m2, low(k - 2));
        e.mark_neighbour();
        e.add(t_lower_m1, low(k - 1));
        e.add(t_suffix3_m1, i > 0 ? info[i - 1].suf3 : h_bos);
        e.add(t_sshape_m1, i > 0 ? info[i - 1].sshp : h_bos);
        context_cluster_features(e, res, info, k, -1);
        e.mark_neighbour();
        e.add(t_lower_p1, low(k + 1));
        e.add(t_suffix3_p1, i + 1 < n ? info[i + 1].suf3 : h_eos);
        e.add(t_sshape_p1, i + 1 < n ? info[i + 1].sshp : h_eos);
        context_cluster_features(e, res, info, k, 1);
        e.mark_neighbour();
        e.add(t_lower_p2, low(k + 2));
        e.mark_neighbour();
        // The rest.
        if (!res.tag_dictionary.empty()) {
            e.add(t_tags_m1_0, tags_at(k - 1), tags[i]);
            e.add(t_tags_0_p1, tags[i], tags_at(k + 1));
        }
        // A past tense or participle: the nearest auxiliary to its left.
        if (!e.skip && ((wn & wn_verb_ed) || (t.lower.size() > 3 && t.lower.compare(t.lower.size() - 2, 2, "ed") == 0)))
            add_auxiliary_feature(e, info, i);
        if (!res.wordnet.empty())
            e.add(t_wordnet_case, wn, (t.init_cap ? 1u : 0u) + (i == 0 ? 2u : 0u) + (caps ? 4u : 0u));
        if (!res.tag_dictionary.empty()) e.add(t_tags_m1_p1, tags_at(k - 1), tags_at(k + 1));
        e.add(t_bi_m1, low(k - 1), t.low);
        e.add(t_bi_p1, t.low, low(k + 1));
        e.add(t_first_sshape, i == 0, t.sshp);
        e.add(t_ctx_pair, low(k - 1), low(k + 1));
        e.add(t_caps_sentence_sshape, caps, t.sshp);
        if (caps) e.add(t_caps_sentence_lower, t.low);
        add_case_feature(e, da, sent, i);
        e.next_token();
    }
}

}  // namespace

void pos_features(const doc_words& doc, const ner_resources& res, std::vector<sentence_features>& out,
                  doc_analysis* shared, const linear_chain_model* cache, const wordnet_cache* known) {
    std::optional<doc_analysis> own;
    doc_analysis& da = shared ? *shared : own.emplace(doc);
    da.attach_clusters(res);
    out.resize(doc.size());
    std::vector<std::uint64_t> word_keys, tags;
    for (std::size_t s = 0; s < doc.size(); ++s)
        pos_sentence_features(doc[s], da, s, res, out[s], cache, word_keys, tags, known);
}

void chunk_features(const std::vector<std::string_view>& words, const std::vector<std::string_view>& pos,
                    sentence_features& out, const std::vector<token_info>* info, const linear_chain_model* cache) {
    out.clear();
    std::size_t n = words.size();
    if (info && info->size() != n) info = nullptr;
    std::vector<std::uint64_t> low(n), ph(n), word(n);
    for (std::size_t i = 0; i < n; ++i) {
        low[i] = info ? (*info)[i].low : hash_str(lower_ascii(words[i]));
        word[i] = info ? (*info)[i].word : hash_str(words[i]);
        ph[i] = hash_str(i < pos.size() ? pos[i] : std::string_view("?"));
    }
    auto L = [&](std::ptrdiff_t j) -> std::uint64_t {
        if (j < 0) return h_bos;
        if (j >= std::ptrdiff_t(n)) return h_eos;
        return low[j];
    };
    auto P = [&](std::ptrdiff_t j) -> std::uint64_t {
        if (j < 0) return h_bos;
        if (j >= std::ptrdiff_t(n)) return h_eos;
        return ph[j];
    };
    emitter e{out};
    if (cache) e.plan(cache, word);
    for (std::size_t i = 0; i < n; ++i) {
        std::ptrdiff_t k = std::ptrdiff_t(i);
        e.add(t_bias, 0);
        e.add(t_lower, L(k));
        if (!e.skip) e.add(t_suffix + 2, hash_str(words[i].size() >= 2 ? words[i].substr(words[i].size() - 2) : words[i]));
        e.mark_context(word[i]);
        e.add(t_lower_m2, L(k - 2));
        e.mark_neighbour();
        e.add(t_lower_m1, L(k - 1));
        e.mark_neighbour();
        e.add(t_lower_p1, L(k + 1));
        e.mark_neighbour();
        e.add(t_lower_p2, L(k + 2));
        e.mark_neighbour();
        e.add(t_pos_m2, P(k - 2));
        e.add(t_pos_m1, P(k - 1));
        e.add(t_pos_0, P(k));
        e.add(t_pos_p1, P(k + 1));
        e.add(t_pos_p2, P(k + 2));
        e.add(t_pos_m1_0, P(k - 1), P(k));
        e.add(t_pos_0_p1, P(k), P(k + 1));
        e.add(t_pos_m2_m1, P(k - 2), P(k - 1));
        e.add(t_pos_p1_p2, P(k + 1), P(k + 2));
        e.add(t_pos_m1_0_p1, P(k - 1), P(k), P(k + 1));
        e.add(t_lower_pos, L(k), P(k));
        e.add(t_lower_m1_pos, L(k - 1), P(k));
        e.add(t_lower_p1_pos, L(k + 1), P(k));
        e.add(t_bi_m1, L(k - 1), L(k));
        e.add(t_bi_p1, L(k), L(k + 1));
        e.next_token();
    }
}

namespace {

// For each token and gazetteer type: best match code (0 none; else 1..4 = B, I, L, U) of the longest match.
void gazetteer_matches(const std::vector<std::uint64_t>& hashes, bool lower, const ner_resources& res, std::vector<std::array<std::uint8_t, gazetteer_types>>& code) {
    std::size_t n = hashes.size();
    std::vector<std::array<std::uint8_t, gazetteer_types>> best_len(n);
    code.assign(n, {});
    for (auto& b : best_len) b.fill(0);
    if (res.gazetteer.empty()) return;
    for (std::size_t s = 0; s < n; ++s) {
        std::uint64_t h = 0x1234567ULL;
        for (std::size_t len = 1; len <= gazetteer_max_tokens && s + len <= n; ++len) {
            h = mix(h, hashes[s + len - 1]);
            const auto* bits = res.gazetteer.find(lower ? mix(h, gazetteer_lower_salt) : h);
            if (!bits) break;  // no longer entry starts here either
            for (std::size_t b = 0; b < gazetteer_types; ++b) {
                if (!(*bits & (1u << b))) continue;
                for (std::size_t k = s; k < s + len; ++k) {
                    if (best_len[k][b] >= len) continue;
                    best_len[k][b] = static_cast<std::uint8_t>(len);
                    code[k][b] = len == 1 ? 4 : k == s ? 1 : k + 1 == s + len ? 3 : 2;
                }
            }
        }
    }
}

}  // namespace

void ner_features(const doc_words& doc, const ner_resources& res, std::vector<sentence_features>& out,
                  doc_analysis* shared, const linear_chain_model* cache) {
    out.resize(doc.size());
    std::optional<doc_analysis> own;
    doc_analysis& da = shared ? *shared : own.emplace(doc);
    da.attach_clusters(res);
    const auto& infos = da.infos;
    const auto& caps_sentence = da.caps_sentence;
    std::vector<std::uint64_t> exact_h, lower_h;
    std::vector<std::array<std::uint8_t, gazetteer_types>> gaz_exact, gaz_lower;
    for (std::size_t s = 0; s < doc.size(); ++s) {
        const auto& words = doc[s];
        const auto& info = infos[s];
        std::size_t n = words.size();
        auto& f = out[s];
        f.clear();
        emitter e{f};
        exact_h.resize(n);
        lower_h.resize(n);
        for (std::size_t i = 0; i < n; ++i) {
            exact_h[i] = info[i].word;
            lower_h[i] = info[i].low;
        }
        gazetteer_matches(exact_h, false, res, gaz_exact);
        gazetteer_matches(lower_h, true, res, gaz_lower);
        if (cache) e.plan(cache, exact_h);
        auto low = [&](std::ptrdiff_t j) -> std::uint64_t {
            if (j < 0) return h_bos;
            if (j >= std::ptrdiff_t(n)) return h_eos;
            return info[j].low;
        };
        auto ss = [&](std::ptrdiff_t j) -> std::uint64_t {
            if (j < 0) return h_bos;
            if (j >= std::ptrdiff_t(n)) return h_eos;
            return info[j].sshp;
        };
        const bool caps = caps_sentence[s];
        for (std::size_t i = 0; i < n; ++i) {
            std::ptrdiff_t k = std::ptrdiff_t(i);
            const auto& t = info[i];
            // Word-only features first.
            e.add(t_bias, 0);
            e.add(t_word, t.word);
            e.add(t_lower, t.low);
            e.add(t_shape, t.shp);
            e.add(t_sshape, t.sshp);
            affixes(e, t.lower, 4);
            e.add(t_length, len_bucket(words[i].size()));
            own_cluster_features(e, res, t);
            e.mark_context(t.word);
            // One neighbour each: the words at -2, -1, +1, +2.
            e.add(t_lower_m2, low(k - 2));
            e.add(t_sshape_m2, ss(k - 2));
            e.mark_neighbour();
            e.add(t_lower_m1, low(k - 1));
            e.add(t_sshape_m1, ss(k - 1));
            context_cluster_features(e, res, info, k, -1);
            e.mark_neighbour();
            e.add(t_lower_p1, low(k + 1));
            e.add(t_sshape_p1, ss(k + 1));
            context_cluster_features(e, res, info, k, 1);
            e.mark_neighbour();
            e.add(t_lower_p2, low(k + 2));
            e.add(t_sshape_p2, ss(k + 2));
            e.mark_neighbour();
            // The rest.
            e.add(t_bi_m1, low(k - 1), t.low);
            e.add(t_bi_p1, t.low, low(k + 1));
            e.add(t_ss_m1_0, ss(k - 1), t.sshp);
            e.add(t_ss_0_p1, t.sshp, ss(k + 1));
            e.add(t_ss_m1_0_p1, ss(k - 1), t.sshp, ss(k + 1));
            e.add(t_lower_ss_m1, t.low, ss(k - 1));
            e.add(t_lower_ss_p1, t.low, ss(k + 1));
            e.add(t_first_sshape, i == 0, t.sshp);
            if (i == 0) e.add(t_first_lower, t.low);
            e.add(t_caps_sentence_sshape, caps, t.sshp);
            if (caps) e.add(t_caps_sentence_lower, t.low);
            add_case_feature(e, da, s, i);
            for (std::uint64_t b = 0; b < gazetteer_types; ++b) {
                if (gaz_exact[i][b]) e.add(t_gaz_exact, b, gaz_exact[i][b]);
                if (gaz_lower[i][b]) e.add(t_gaz_lower, b, gaz_lower[i][b]);
                if (i > 0 && gaz_exact[i - 1][b]) e.add(t_gaz_exact_m1, b, gaz_exact[i - 1][b]);
                if (i + 1 < n && gaz_exact[i + 1][b]) e.add(t_gaz_exact_p1, b, gaz_exact[i + 1][b]);
            }
            e.next_token();
        }
    }
}

void add_history_features(const doc_words& doc, const std::vector<std::vector<std::string>>& first,
                          std::vector<sentence_features>& fs, bool append) {
    fs.resize(doc.size());
    // Entity types predicted for each (lower-cased) word across the document:
    // counts of PER, ORG, LOC, MISC and of "outside".
    auto type_index = [](std::string_view tag) -> int {
        if (tag.size() < 3) return 4;
        auto t = tag.substr(2);
        if (t == "PER") return 0;
        if (t == "ORG") return 1;
        if (t == "LOC") return 2;
        if (t == "MISC") return 3;
        return 4;
    };
    u64_map<std::array<std::uint32_t, 5>> counts;
    std::vector<std::vector<std::uint64_t>> lows(doc.size());
    for (std::size_t s = 0; s < doc.size(); ++s) {
        for (std::size_t i = 0; i < doc[s].size(); ++i) {
            std::uint64_t h = fnv_basis;  // hash_str(lower_ascii(word)) without the copy
            for (char ch : doc[s][i]) {
                unsigned char c = static_cast<unsigned char>(ch);
                if (c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c - 'A' + 'a');
                h = (h ^ c) * fnv_prime;
            }
            lows[s].push_back(h);
            if (i < first[s].size()) ++counts[lows[s][i]][std::size_t(type_index(first[s][i]))];
        }
    }
    std::vector<std::uint64_t> tag_hashes;
    for (std::size_t s = 0; s < doc.size(); ++s) {
        sentence_features f;
        emitter e{f};
        const auto& old = fs[s];
        const std::size_t n = doc[s].size();
        tag_hashes.clear();
        for (std::size_t j = 0; j < n; ++j) tag_hashes.push_back(hash_str(first[s][j]));
        auto tag_hash = [&](std::ptrdiff_t j) -> std::uint64_t {
            if (j < 0) return h_bos;
            if (j >= std::ptrdiff_t(n)) return h_eos;
            return tag_hashes[std::size_t(j)];
        };
        for (std::size_t i = 0; i < n; ++i) {
            if (append)
                for (auto k = old.offsets[i]; k < old.offsets[i + 1]; ++k) f.keys.push_back(old.keys[k]);
            const std::ptrdiff_t k = std::ptrdiff_t(i);
            e.add(t_stage1, tag_hash(k));
            e.add(t_stage1_m1, tag_hash(k - 1), tag_hash(k));
            e.add(t_stage1_p1, tag_hash(k), tag_hash(k + 1));
            const auto* found = counts.find(lows[s][i]);
            auto c = found ? *found : std::array<std::uint32_t, 5>{};
            int own = type_index(first[s][i]);
            --c[std::size_t(own)];  // the other occurrences only
            std::uint32_t entity = c[0] + c[1] + c[2] + c[3];
            if (entity == 0) {
                e.add(t_hist_none, c[4] > 0);
            } else {
                int major = 0;
                for (int t = 1; t < 4; ++t)
                    if (c[std::size_t(t)] > c[std::size_t(major)]) major = t;
                e.add(t_hist_major, std::uint64_t(major), c[4] > entity ? 2u : c[4] > 0 ? 1u : 0u);
                e.add(t_hist_major, std::uint64_t(major), std::uint64_t(own));
                for (std::uint64_t t = 0; t < 4; ++t)
                    if (c[t]) e.add(t_hist_types, t);
            }
            e.next_token();
        }
        fs[s] = std::move(f);
    }
}

}  // namespace kg::extract::detail
