#include "kg/extract/sequence_tagger.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <ostream>
#include <unordered_map>

#include <fmt/format.h>

namespace kg::extract {
namespace detail {
namespace {

constexpr float neg_inf = -std::numeric_limits<float>::infinity();

std::string_view prefix_of(const std::string& tag) {
    auto d = tag.find('-');
    return d == std::string::npos ? std::string_view(tag) : std::string_view(tag).substr(0, d);
}
std::string_view type_of(const std::string& tag) {
    auto d = tag.find('-');
    return d == std::string::npos ? std::string_view() : std::string_view(tag).substr(d + 1);
}

// allowed[(p * T) + y] for p < T, row T = sentence start; final_ok[y].
void transition_constraints(const std::vector<std::string>& tags, tag_scheme scheme, std::vector<bool>& allowed,
                            std::vector<bool>& final_ok) {
    std::size_t t = tags.size();
    allowed.assign((t + 1) * t, true);
    final_ok.assign(t, true);
    if (scheme == tag_scheme::none) return;
    for (std::size_t y = 0; y < t; ++y) {
        auto py = prefix_of(tags[y]);
        auto ty = type_of(tags[y]);
        bool continues = scheme == tag_scheme::bilou ? (py == "I" || py == "L") : py == "I";
        for (std::size_t p = 0; p <= t; ++p) {
            bool ok = true;
            if (p == t) {
                ok = !continues;
            } else {
                auto pp = prefix_of(tags[p]);
                auto tp = type_of(tags[p]);
                bool open = pp == "B" || pp == "I";  // a chunk is open after B or I in both schemes
                if (scheme == tag_scheme::bilou) {
                    // An open chunk must continue with I/L of its type; a closed one must not.
                    ok = open ? (continues && tp == ty) : !continues;
                } else {
                    ok = !continues || (open && tp == ty);
                }
            }
            allowed[p * t + y] = ok;
        }
        if (scheme == tag_scheme::bilou) final_ok[y] = !(py == "B" || py == "I");
    }
}

// Where the compiler supports it, the vector loops also get an AVX2 version
// chosen at run time (the results are the same).
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
#define KG_VECTOR_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define KG_VECTOR_CLONES
#endif

// best[y] = max over p < t of prev[p] + trans[p * stride + y], arg[y] the
// first p reaching it (states with prev[p] = -inf skipped; best -inf and arg
// 0 when none), for y < stride (a stride that is a multiple of the vector
// width leaves no scalar remainder).
KG_VECTOR_CLONES
void max_plus_dense(const float* prev, const float* trans, std::size_t t, std::size_t stride,
                    float* __restrict best, std::int32_t* __restrict arg) {
    std::fill(best, best + stride, neg_inf);
    std::fill(arg, arg + stride, 0);
    for (std::size_t p = 0; p < t; ++p) {
        const float sp = prev[p];
        if (sp == neg_inf) continue;
        const float* __restrict row = trans + p * stride;
        const std::int32_t pp = static_cast<std::int32_t>(p);
        // Written so the compiler can vectorize it over y.
        for (std::size_t y = 0; y < stride; ++y) {
            float s = sp + row[y];
            float b = best[y];
            std::int32_t m = -static_cast<std::int32_t>(s > b);
            best[y] = s > b ? s : b;
            arg[y] = (arg[y] & ~m) | (pp & m);
        }
    }
}

// Viterbi over emission scores (n x T, row-major) and transition scores
// ((T+1) rows of `stride` >= T entries, row T = start) and final scores (T).
// Positions where few tags have a finite emission score (a tag dictionary)
// take a sparse step over those tags and the previous position's live tags,
// with the same result.
void viterbi(const float* emit, std::size_t n, std::size_t t, const float* trans, std::size_t stride,
             const float* fin, decode_workspace& ws) {
    std::vector<std::uint16_t>& out = ws.path;
    out.resize(n);
    if (n == 0) return;
    std::vector<float>& score = ws.score;
    std::vector<std::uint16_t>& back = ws.back;
    score.resize(n * t);
    back.resize(n * t);
    const float* start = trans + t * stride;
    for (std::size_t y = 0; y < t; ++y) score[y] = start[y] + emit[y];
    std::vector<float>& best_to = ws.best_to;
    std::vector<std::int32_t>& arg_to = ws.arg_to;
    best_to.resize(stride);
    arg_to.resize(stride);
    std::vector<std::uint16_t>& live_prev = ws.live_prev;  // tags with a finite score / emission
    std::vector<std::uint16_t>& live_cur = ws.live_cur;
    auto live = [&](const float* v, std::vector<std::uint16_t>& out_tags) {
        out_tags.clear();
        for (std::size_t y = 0; y < t; ++y)
            if (v[y] != neg_inf) out_tags.push_back(static_cast<std::uint16_t>(y));
    };
    for (std::size_t i = 1; i < n; ++i) {
        const float* prev = &score[(i - 1) * t];
        const float* e = &emit[i * t];
        float* cur = &score[i * t];
        std::uint16_t* bp = &back[i * t];
        live(e, live_cur);
        if (live_cur.size() * 4 <= t) {
            live(prev, live_prev);
            for (std::size_t y = 0; y < t; ++y) {
                cur[y] = neg_inf;
                bp[y] = 0;
            }
            for (std::uint16_t y : live_cur) {
                float b = neg_inf;
                std::uint16_t a = 0;
                for (std::uint16_t p : live_prev) {
                    float s = prev[p] + trans[std::size_t(p) * stride + y];
                    if (s > b) {
                        b = s;
                        a = p;
                    }
                }
                cur[y] = b + e[y];
                bp[y] = a;
            }
            continue;
        }
        max_plus_dense(prev, trans, t, stride, best_to.data(), arg_to.data());
        for (std::size_t y = 0; y < t; ++y) {
            cur[y] = best_to[y] + e[y];
            bp[y] = static_cast<std::uint16_t>(arg_to[y]);
        }
    }
    float best = neg_inf;
    std::uint16_t arg = 0;
    const float* last = &score[(n - 1) * t];
    for (std::size_t y = 0; y < t; ++y) {
        float s = last[y] + fin[y];
        if (s > best) {
            best = s;
            arg = static_cast<std::uint16_t>(y);
        }
    }
    out[n - 1] = arg;
    for (std::size_t i = n - 1; i > 0; --i) out[i - 1] = back[i * t + out[i]];
}

std::vector<std::uint16_t> viterbi(const float* emit, std::size_t n, std::size_t t, const float* trans,
                                   const float* fin) {
    decode_workspace ws;
    viterbi(emit, n, t, trans, t, fin, ws);
    return std::move(ws.path);
}

std::uint64_t filter_bit(std::uint64_t key) noexcept { return (key ^ (key >> 23)) * 0xff51afd7ed558ccdULL >> 17; }

std::uint64_t slot_of(std::uint64_t key) noexcept {
    key ^= key >> 31;
    key *= 0x9e3779b97f4a7c15ULL;
    key ^= key >> 29;
    return key;
}

// splitmix64: a small deterministic generator for shuffling.
struct splitmix {
    std::uint64_t state;
    std::uint64_t next() noexcept {
        std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
};

}  // namespace
}  // namespace detail

tag_scheme detect_scheme(const std::vector<std::string>& tags) {
    bool bio = false;
    for (const auto& t : tags) {
        auto p = detail::prefix_of(t);
        if (t.find('-') == std::string::npos) continue;
        if (p == "L" || p == "U") return tag_scheme::bilou;
        if (p == "B" || p == "I") bio = true;
    }
    return bio ? tag_scheme::bio : tag_scheme::none;
}

linear_chain_model::linear_chain_model(std::vector<std::string> tags, std::vector<float> transitions,
                                       std::vector<float> final, std::vector<feature_row> rows)
    : tags_(std::move(tags)), transitions_(std::move(transitions)), final_(std::move(final)) {
    std::size_t t = tags_.size();
    scheme_ = detect_scheme(tags_);
    transitions_.resize((t + 1) * t, 0.0f);
    final_.resize(t, 0.0f);
    std::vector<bool> allowed, final_ok;
    detail::transition_constraints(tags_, scheme_, allowed, final_ok);
    for (std::size_t i = 0; i < allowed.size(); ++i)
        if (!allowed[i]) transitions_[i] = detail::neg_inf;
    for (std::size_t y = 0; y < t; ++y)
        if (!final_ok[y]) final_[y] = detail::neg_inf;
    // Rows padded to a multiple of 8 entries for the vectorized Viterbi step.
    stride_ = (t + 7) / 8 * 8;
    padded_transitions_.assign((t + 1) * stride_, detail::neg_inf);
    for (std::size_t p = 0; p <= t; ++p)
        std::copy_n(&transitions_[p * t], t, &padded_transitions_[p * stride_]);

    // Rows read from a model file come in key order already: one pass tells, and start-up skips the sort.
    auto by_key = [](const feature_row& a, const feature_row& b) { return a.key < b.key; };
    if (!std::is_sorted(rows.begin(), rows.end(), by_key)) std::sort(rows.begin(), rows.end(), by_key);
    rows.erase(std::unique(rows.begin(), rows.end(), [](const feature_row& a, const feature_row& b) { return a.key == b.key; }),
               rows.end());
    float max_abs = 0.0f;
    for (const auto& r : rows)
        for (const auto& [tag, w] : r.weights)
            if (std::isfinite(w)) max_abs = std::max(max_abs, std::fabs(w));
    scale_ = max_abs > 0 ? max_abs / 32767.0f : 1.0f;
    std::vector<std::pair<std::uint16_t, std::int16_t>> q;
    std::vector<std::pair<std::uint64_t, std::vector<std::pair<std::uint16_t, std::int16_t>>>> kept;
    for (const auto& r : rows) {
        q.clear();
        for (const auto& [tag, w] : r.weights) {
            if (tag >= t || !std::isfinite(w)) continue;
            long v = std::lround(w / scale_);
            if (v != 0) q.emplace_back(tag, static_cast<std::int16_t>(std::clamp(v, -32767L, 32767L)));
        }
        if (!q.empty()) kept.emplace_back(r.key, q);
    }
    std::size_t cap = 16;
    while (cap * 3 < kept.size() * 4) cap <<= 1;  // load factor at most 3/4
    table_mask_ = cap - 1;
    table_.assign(cap, slot{});
    slot_keys_.assign(cap, 0);
    std::size_t bits = 1024;
    while (bits < kept.size() * 16) bits <<= 1;
    filter_mask_ = bits - 1;
    filter_.assign(bits / 64, 0);
    for (const auto& kw : kept) {
        std::uint64_t b = detail::filter_bit(kw.first) & filter_mask_;
        filter_[b >> 6] |= std::uint64_t(1) << (b & 63);
    }
    for (const auto& [key, ws] : kept) {
        std::uint64_t s = detail::slot_of(key) & table_mask_;
        while (table_[s].count != 0) s = (s + 1) & table_mask_;
        slot& sl = table_[s];
        slot_keys_[s] = key;
        sl.fp = static_cast<std::uint32_t>(key >> 32);
        sl.count = static_cast<std::uint8_t>(ws.size());
        if (ws.size() >= dense_from && t < dense_row) {
            auto begin = static_cast<std::uint32_t>(dense_.size() / t);
            sl.count = dense_row;
            sl.q[0] = static_cast<std::int16_t>(static_cast<std::uint16_t>(begin & 0xffff));
            sl.q[1] = static_cast<std::int16_t>(static_cast<std::uint16_t>(begin >> 16));
            dense_.resize(dense_.size() + t, 0);
            for (const auto& [tag, v] : ws) dense_[std::size_t(begin) * t + tag] = v;
        } else if (ws.size() <= inline_entries) {
            for (std::size_t i = 0; i < ws.size() && i < inline_entries; ++i) {
                sl.tag[i] = static_cast<std::uint8_t>(ws[i].first);
                sl.q[i] = ws[i].second;
            }
        } else {
            auto begin = static_cast<std::uint32_t>(entries_.size());
            sl.q[0] = static_cast<std::int16_t>(static_cast<std::uint16_t>(begin & 0xffff));
            sl.q[1] = static_cast<std::int16_t>(static_cast<std::uint16_t>(begin >> 16));
            for (const auto& [tag, v] : ws) entries_.push_back({tag, v});
        }
        weights_ += ws.size();
        ++rows_;
    }
}

std::vector<linear_chain_model::feature_row> linear_chain_model::rows() const {
    std::vector<feature_row> out;
    for (std::size_t si = 0; si < table_.size(); ++si) {
        const slot& sl = table_[si];
        if (sl.count == 0) continue;
        feature_row r;
        r.key = slot_keys_[si];
        if (sl.count == dense_row) {
            const std::int16_t* row = &dense_[std::size_t(sl.begin()) * tags_.size()];
            for (std::size_t y = 0; y < tags_.size(); ++y)
                if (row[y] != 0) r.weights.emplace_back(static_cast<std::uint16_t>(y), float(row[y]) * scale_);
            out.push_back(std::move(r));
            continue;
        }
        for (std::uint32_t i = 0; i < sl.count; ++i) {
            if (sl.count <= inline_entries) r.weights.emplace_back(sl.tag[i], float(sl.q[i]) * scale_);
            else r.weights.emplace_back(entries_[sl.begin() + i].tag, float(entries_[sl.begin() + i].q) * scale_);
        }
        out.push_back(std::move(r));
    }
    std::sort(out.begin(), out.end(), [](const feature_row& a, const feature_row& b) { return a.key < b.key; });
    return out;
}

std::uint32_t linear_chain_model::cached_row(std::uint64_t word_key) const noexcept {
    std::uint64_t s = detail::slot_of(word_key) & cache_mask_;
    while (cache_rows_[s] != 0) {
        if (cache_keys_[s] == word_key) return cache_rows_[s];
        s = (s + 1) & cache_mask_;
    }
    return 0;
}

std::uint8_t linear_chain_model::cache_flags(std::uint64_t word_key) const noexcept {
    if (cache_keys_.empty()) return 0;
    const std::uint32_t r = cached_row(word_key);
    if (!r) return 0;
    return static_cast<std::uint8_t>(1 | (near_ok_[r - 1] && !boundary_scores_.empty() ? 2 : 0));
}

inline void linear_chain_model::add_slot(const slot& sl, std::int32_t* a) const noexcept {
    const std::size_t t = tags_.size();
    if (sl.count == dense_row) {
        const std::int16_t* row = dense_.data() + std::size_t(sl.begin()) * t;
        for (std::size_t y = 0; y < t; ++y) a[y] += row[y];
    } else if (sl.count <= inline_entries) {
        for (std::uint32_t m = 0; m < sl.count; ++m) a[sl.tag[m]] += sl.q[m];
    } else {
        const entry* e = entries_.data() + sl.begin();
        for (std::uint32_t m = 0; m < sl.count; ++m) a[e[m].tag] += e[m].q;
    }
}

namespace {
template <class T>
inline void add_row(std::int32_t* __restrict a, const T* __restrict row, std::size_t t) noexcept {
    for (std::size_t y = 0; y < t; ++y) a[y] += row[y];
}
}  // namespace

void linear_chain_model::add_emissions(const sentence_features& features, float* emit) const {
    decode_workspace ws;
    add_emissions(features, emit, ws);
}

void linear_chain_model::add_emissions(const sentence_features& features, float* emit, decode_workspace& ws) const {
    const std::size_t n = features.size();
    const std::size_t t = tags_.size();
    const slot* table = table_.data();
    std::vector<std::int32_t>& acc = ws.acc;
    acc.assign(n * t, 0);
    // Keys to look up, as (token, key index); the groups of features that
    // depend on one frequent word alone are replaced by their precomputed sums.
    const bool cached = !cache_keys_.empty() && features.word_keys.size() == n && features.context_begin.size() == n;
    const bool grouped = cached && !boundary_scores_.empty() && features.neighbour_end.size() == 4 * n;
    std::vector<std::uint32_t>& rows = ws.rows;
    rows.resize(cached ? n : 0);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        rows[i] = cached_row(features.word_keys[i]);
        if (!rows[i]) continue;
        // The sums are read below, after the whole sentence's lookups are planned.
        const char* own = reinterpret_cast<const char*>(&own_scores_[std::size_t(rows[i] - 1) * t]);
        for (std::size_t b = 0; b < t * sizeof(std::int32_t); b += 64) __builtin_prefetch(own + b);
        if (grouped) {
            const char* near = reinterpret_cast<const char*>(&near_scores_[std::size_t(rows[i] - 1) * 4 * t]);
            for (std::size_t b = 0; b < 4 * t * sizeof(std::int16_t); b += 64) __builtin_prefetch(near + b);
        }
    }
    std::vector<std::uint32_t>& todo_token = ws.todo_token;
    std::vector<std::uint32_t>& todo_key = ws.todo_key;
    todo_token.resize(features.keys.size());
    todo_key.resize(features.keys.size());
    std::size_t nk = 0;
    const std::uint64_t* filter = filter_.data();
    const std::uint64_t* keys = features.keys.data();
    for (std::size_t i = 0; i < n; ++i) {
        std::int32_t* a = &acc[i * t];
        auto look_up = [&](std::uint32_t from, std::uint32_t to) {
            for (std::uint32_t k = from; k < to; ++k) {
                todo_token[nk] = static_cast<std::uint32_t>(i);
                todo_key[nk++] = k;
            }
        };
        std::uint32_t k = features.offsets[i];
        if (cached) {
            if (rows[i]) add_row(a, &own_scores_[std::size_t(rows[i] - 1) * t], t);
            else look_up(k, features.context_begin[i]);
            k = features.context_begin[i];
            if (grouped) {
                for (std::size_t g = 0; g < 4; ++g) {
                    const std::uint32_t end = features.neighbour_end[4 * i + g];
                    const std::ptrdiff_t j = std::ptrdiff_t(i) + sentence_features::neighbour_offsets[g];
                    if (j < 0 || j >= std::ptrdiff_t(n)) {
                        add_row(a, &boundary_scores_[g * t], t);
                    } else if (const std::uint32_t r = rows[std::size_t(j)]; r && near_ok_[r - 1]) {
                        add_row(a, &near_scores_[(std::size_t(r - 1) * 4 + g) * t], t);
                    } else {
                        look_up(k, end);
                    }
                    k = end;
                }
            }
        }
        look_up(k, features.offsets[i + 1]);
    }
    // The presence filter: its words are prefetched a fixed distance ahead;
    // branch-free, absent keys are overwritten.
    std::vector<std::uint32_t>& where = ws.where;
    where.resize(nk);
    for (std::size_t j = 0; j < nk; ++j)
        where[j] = static_cast<std::uint32_t>(detail::filter_bit(keys[todo_key[j]]) & filter_mask_);
    constexpr std::size_t filter_distance = 16;
    for (std::size_t j = 0; j < nk && j < filter_distance; ++j) __builtin_prefetch(&filter[where[j] >> 6]);
    std::size_t kept = 0;
    for (std::size_t j = 0; j < nk; ++j) {
        if (j + filter_distance < nk) __builtin_prefetch(&filter[where[j + filter_distance] >> 6]);
        const std::uint32_t b = where[j];
        todo_token[kept] = todo_token[j];
        todo_key[kept] = todo_key[j];
        kept += (filter[b >> 6] >> (b & 63)) & 1;
    }
    nk = kept;
    for (std::size_t j = 0; j < nk; ++j)
        where[j] = static_cast<std::uint32_t>(detail::slot_of(keys[todo_key[j]]) & table_mask_);
    // Prefetch a fixed distance ahead: enough lookups in flight to hide the
    // memory latency, not so many that the prefetches are lost.
    constexpr std::size_t distance = 12;
    for (std::size_t j = 0; j < nk && j < distance; ++j) __builtin_prefetch(&table[where[j]]);
    // First find the slots (and prefetch the rows stored outside them),
    // then add the weights.
    std::vector<const void*>& found = ws.found;
    found.resize(nk);
    std::size_t nf = 0;
    for (std::size_t j = 0; j < nk; ++j) {
        if (j + distance < nk) __builtin_prefetch(&table[where[j + distance]]);
        const auto fp = static_cast<std::uint32_t>(keys[todo_key[j]] >> 32);
        std::uint64_t s = where[j];
        while (true) {
            const slot& sl = table[s];
            if (sl.count == 0) break;
            if (sl.fp == fp) {
                if (sl.count == dense_row) {
                    const char* row = reinterpret_cast<const char*>(dense_.data() + std::size_t(sl.begin()) * t);
                    for (std::size_t b = 0; b < t * sizeof(std::int16_t); b += 64) __builtin_prefetch(row + b);
                } else if (sl.count > inline_entries) {
                    __builtin_prefetch(entries_.data() + sl.begin());
                }
                todo_token[nf] = todo_token[j];
                found[nf++] = &sl;
                break;
            }
            s = (s + 1) & table_mask_;
        }
    }
    for (std::size_t j = 0; j < nf; ++j)
        add_slot(*static_cast<const slot*>(found[j]), &acc[std::size_t(todo_token[j]) * t]);
    for (std::size_t i = 0; i < n * t; ++i) emit[i] += float(acc[i]) * scale_;
}

void linear_chain_model::add_key(std::uint64_t key, std::int32_t* a) const noexcept {
    // Exactly what add_emissions does with a key: the filter, then the first
    // slot of the probe sequence with the key's fingerprint.
    std::uint64_t b = detail::filter_bit(key) & filter_mask_;
    if (!((filter_[b >> 6] >> (b & 63)) & 1)) return;
    const auto fp = static_cast<std::uint32_t>(key >> 32);
    for (std::uint64_t s = detail::slot_of(key) & table_mask_; table_[s].count != 0; s = (s + 1) & table_mask_) {
        if (table_[s].fp == fp) {
            add_slot(table_[s], a);
            return;
        }
    }
}

void linear_chain_model::build_word_cache(const std::vector<sentence_features>& words, const sentence_features& boundary) {
    const std::size_t t = tags_.size();
    std::size_t cap = 16;
    while (cap < words.size() * 2) cap <<= 1;
    cache_mask_ = cap - 1;
    cache_keys_.assign(cap, 0);
    cache_rows_.assign(cap, 0);
    own_scores_.clear();
    near_scores_.clear();
    near_ok_.clear();
    boundary_scores_.clear();
    auto sum = [&](const sentence_features& f, std::uint32_t from, std::uint32_t to, std::int32_t* out) {
        for (std::uint32_t k = from; k < to; ++k) add_key(f.keys[k], out);
    };
    // The groups of a token: own, -2, -1, +1, +2.
    auto well_formed = [](const sentence_features& f, std::size_t tokens) {
        return f.size() == tokens && f.word_keys.size() == tokens && f.context_begin.size() == tokens &&
               f.neighbour_end.size() == 4 * tokens;
    };
    if (well_formed(boundary, 1)) {
        boundary_scores_.assign(4 * t, 0);
        std::uint32_t from = boundary.context_begin[0];
        for (std::size_t g = 0; g < 4; ++g) {
            sum(boundary, from, boundary.neighbour_end[g], &boundary_scores_[g * t]);
            from = boundary.neighbour_end[g];
        }
    }
    std::uint32_t rows = 0;
    std::vector<std::int32_t> scores(5 * t);
    for (const auto& f : words) {
        if (!well_formed(f, 5)) continue;
        const std::uint64_t w = f.word_keys[2];
        if (f.word_keys[0] != w || f.word_keys[4] != w) continue;
        std::uint64_t s = detail::slot_of(w) & cache_mask_;
        while (cache_rows_[s] != 0 && cache_keys_[s] != w) s = (s + 1) & cache_mask_;
        if (cache_rows_[s] != 0) continue;
        std::fill(scores.begin(), scores.end(), 0);
        sum(f, f.offsets[2], f.context_begin[2], scores.data());
        std::uint32_t from = f.context_begin[2];
        for (std::size_t g = 0; g < 4; ++g) {
            sum(f, from, f.neighbour_end[8 + g], &scores[(g + 1) * t]);
            from = f.neighbour_end[8 + g];
        }
        cache_keys_[s] = w;
        cache_rows_[s] = ++rows;
        own_scores_.insert(own_scores_.end(), scores.begin(), scores.begin() + std::ptrdiff_t(t));
        bool fits = true;
        for (std::size_t y = t; y < 5 * t; ++y) {
            fits = fits && scores[y] >= -32768 && scores[y] <= 32767;
            near_scores_.push_back(static_cast<std::int16_t>(std::clamp(scores[y], -32768, 32767)));
        }
        near_ok_.push_back(fits ? 1 : 0);
    }
}

void linear_chain_model::drop_word_cache() {
    cache_keys_.clear();
    cache_rows_.clear();
    own_scores_.clear();
    near_scores_.clear();
    near_ok_.clear();
    boundary_scores_.clear();
    cache_mask_ = 0;
}

std::vector<std::uint16_t> linear_chain_model::best_path(const float* emit, std::size_t n) const {
    decode_workspace ws;
    return best_path(emit, n, ws);
}

const std::vector<std::uint16_t>& linear_chain_model::best_path(const float* emit, std::size_t n,
                                                                decode_workspace& ws) const {
    detail::viterbi(emit, n, tags_.size(), padded_transitions_.data(), stride_, final_.data(), ws);
    return ws.path;
}

std::vector<std::uint16_t> linear_chain_model::decode(const sentence_features& features) const {
    const std::size_t n = features.size();
    const std::size_t t = tags_.size();
    if (t == 0) return std::vector<std::uint16_t>(n, 0);
    std::vector<float> emit(n * t, 0.0f);
    add_emissions(features, emit.data());
    return best_path(emit.data(), n);
}

linear_chain_model train_perceptron(const std::vector<std::string>& tags, const std::vector<training_sentence>& train,
                                    const std::vector<sentence_features>& dev, const dev_scorer& score,
                                    const perceptron_options& options, std::ostream& log) {
    using clock = std::chrono::steady_clock;
    const std::size_t t = tags.size();
    // Feature dictionary: every key seen in training.
    std::unordered_map<std::uint64_t, std::uint32_t> index;
    std::vector<std::uint64_t> keys;
    if (options.min_count > 1) {
        std::unordered_map<std::uint64_t, int> freq;
        for (const auto& ex : train)
            for (auto k : ex.features.keys) ++freq[k];
        for (const auto& ex : train)
            for (auto k : ex.features.keys)
                if (freq[k] >= options.min_count && index.try_emplace(k, static_cast<std::uint32_t>(keys.size())).second)
                    keys.push_back(k);
    } else {
        for (const auto& ex : train)
            for (auto k : ex.features.keys)
                if (index.try_emplace(k, static_cast<std::uint32_t>(keys.size())).second) keys.push_back(k);
    }
    // Training sentences as feature indexes (features left out are dropped).
    std::vector<std::vector<std::uint32_t>> train_idx(train.size());
    std::vector<std::vector<std::uint32_t>> train_off(train.size());
    for (std::size_t s = 0; s < train.size(); ++s) {
        const auto& f = train[s].features;
        auto& out = train_idx[s];
        auto& off = train_off[s];
        out.reserve(f.keys.size());
        off.push_back(0);
        for (std::size_t i = 0; i < f.size(); ++i) {
            for (auto k = f.offsets[i]; k < f.offsets[i + 1]; ++k) {
                auto it = index.find(f.keys[k]);
                if (it != index.end()) out.push_back(it->second);
            }
            off.push_back(static_cast<std::uint32_t>(out.size()));
        }
    }
    struct indexed {
        std::vector<std::uint32_t> idx;
        std::vector<std::uint32_t> offsets;
    };
    std::vector<indexed> dev_idx(dev.size());
    for (std::size_t s = 0; s < dev.size(); ++s) {
        dev_idx[s].offsets.push_back(0);
        for (std::size_t i = 0; i < dev[s].size(); ++i) {
            for (auto k = dev[s].offsets[i]; k < dev[s].offsets[i + 1]; ++k) {
                auto it = index.find(dev[s].keys[k]);
                if (it != index.end()) dev_idx[s].idx.push_back(it->second);
            }
            dev_idx[s].offsets.push_back(static_cast<std::uint32_t>(dev_idx[s].idx.size()));
        }
    }
    const std::size_t nf = keys.size();
    log << fmt::format("{} training sentences, {} features, {} tags\n", train.size(), nf, t);

    std::vector<float> w(nf * t, 0.0f);
    std::vector<double> u(nf * t, 0.0);
    std::vector<float> tw((t + 1) * t, 0.0f), fw(t, 0.0f);
    std::vector<double> tu((t + 1) * t, 0.0), fu(t, 0.0);
    std::vector<bool> allowed, final_ok;
    detail::transition_constraints(tags, detect_scheme(tags), allowed, final_ok);
    auto constrain = [&](std::vector<float>& trans, std::vector<float>& fin) {
        for (std::size_t i = 0; i < allowed.size(); ++i)
            if (!allowed[i]) trans[i] = detail::neg_inf;
        for (std::size_t y = 0; y < t; ++y)
            if (!final_ok[y]) fin[y] = detail::neg_inf;
    };

    auto emissions = [&](const std::vector<float>& weights, const std::uint32_t* idx, const std::uint32_t* offsets,
                         std::size_t n, std::vector<float>& emit, const std::vector<std::uint64_t>* allowed) {
        emit.assign(n * t, 0.0f);
        for (std::size_t i = 0; i < n; ++i) {
            float* e = &emit[i * t];
            for (auto k = offsets[i]; k < offsets[i + 1]; ++k) {
                const float* row = &weights[std::size_t(idx[k]) * t];
                for (std::size_t y = 0; y < t; ++y) e[y] += row[y];
            }
            if (allowed && i < allowed->size() && (*allowed)[i] != 0)
                for (std::size_t y = 0; y < t && y < 64; ++y)
                    if (!((*allowed)[i] >> y & 1)) e[y] = detail::neg_inf;
        }
    };

    std::vector<float> emit, trans_c, fin_c;
    auto dev_score = [&](const std::vector<float>& wv, const std::vector<float>& twv, const std::vector<float>& fwv) {
        trans_c = twv;
        fin_c = fwv;
        constrain(trans_c, fin_c);
        std::vector<std::vector<std::uint16_t>> predicted(dev.size());
        for (std::size_t s = 0; s < dev.size(); ++s) {
            std::size_t n = dev[s].size();
            emissions(wv, dev_idx[s].idx.data(), dev_idx[s].offsets.data(), n, emit,
                      options.dev_allowed && s < options.dev_allowed->size() ? &(*options.dev_allowed)[s] : nullptr);
            predicted[s] = detail::viterbi(emit.data(), n, t, trans_c.data(), fin_c.data());
        }
        return score(predicted);
    };
    const int runs = std::max(1, options.runs);
    std::vector<float> sum_w, sum_tw, sum_fw;
    std::vector<float> best_w, best_tw, best_fw;
    double best_score = -1.0;
    for (int run = 0; run < runs; ++run) {
    std::fill(w.begin(), w.end(), 0.0f);
    std::fill(u.begin(), u.end(), 0.0);
    std::fill(tw.begin(), tw.end(), 0.0f);
    std::fill(tu.begin(), tu.end(), 0.0);
    std::fill(fw.begin(), fw.end(), 0.0f);
    std::fill(fu.begin(), fu.end(), 0.0);
    std::vector<std::size_t> order(train.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    detail::splitmix rng{options.seed + std::uint64_t(run)};
    double c = 1.0;
    best_score = -1.0;
    int best_epoch = 0;
    std::vector<float> avg_w(nf * t), avg_tw((t + 1) * t), avg_fw(t);
    for (int epoch = 1; epoch <= options.epochs; ++epoch) {
        auto started = clock::now();
        for (std::size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng.next() % i]);
        std::size_t mistakes = 0;
        for (std::size_t oi : order) {
            const auto& ex = train[oi];
            std::size_t n = ex.gold.size();
            if (n == 0) continue;
            const auto& idx = train_idx[oi];
            const auto& offs = train_off[oi];
            emissions(w, idx.data(), offs.data(), n, emit, nullptr);
            trans_c = tw;
            fin_c = fw;
            constrain(trans_c, fin_c);
            auto pred = detail::viterbi(emit.data(), n, t, trans_c.data(), fin_c.data());
            if (pred != ex.gold) {
                ++mistakes;
                for (std::size_t i = 0; i < n; ++i) {
                    std::size_t g = ex.gold[i], p = pred[i];
                    if (g != p) {
                        for (auto k = offs[i]; k < offs[i + 1]; ++k) {
                            std::size_t f = std::size_t(idx[k]) * t;
                            w[f + g] += 1.0f;
                            u[f + g] += c;
                            w[f + p] -= 1.0f;
                            u[f + p] -= c;
                        }
                    }
                    std::size_t gp = i == 0 ? t : ex.gold[i - 1];
                    std::size_t pp = i == 0 ? t : pred[i - 1];
                    if (gp != pp || g != p) {
                        tw[gp * t + g] += 1.0f;
                        tu[gp * t + g] += c;
                        tw[pp * t + p] -= 1.0f;
                        tu[pp * t + p] -= c;
                    }
                }
                std::size_t g = ex.gold[n - 1], p = pred[n - 1];
                if (g != p) {
                    fw[g] += 1.0f;
                    fu[g] += c;
                    fw[p] -= 1.0f;
                    fu[p] -= c;
                }
            }
            c += 1.0;
        }
        for (std::size_t i = 0; i < w.size(); ++i) avg_w[i] = static_cast<float>(w[i] - u[i] / c);
        for (std::size_t i = 0; i < tw.size(); ++i) avg_tw[i] = static_cast<float>(tw[i] - tu[i] / c);
        for (std::size_t i = 0; i < fw.size(); ++i) avg_fw[i] = static_cast<float>(fw[i] - fu[i] / c);
        double sc = dev_score(avg_w, avg_tw, avg_fw);
        double secs = std::chrono::duration<double>(clock::now() - started).count();
        log << fmt::format("epoch {:2}: {} training sentences wrong, dev score {:.2f} ({:.1f} s)\n", epoch, mistakes,
                           100 * sc, secs);
        log.flush();
        if (sc > best_score) {
            best_score = sc;
            best_epoch = epoch;
            best_w = avg_w;
            best_tw = avg_tw;
            best_fw = avg_fw;
        } else if (epoch - best_epoch >= options.patience) {
            break;
        }
    }
    if (best_epoch == 0) {
        best_w = avg_w;
        best_tw = avg_tw;
        best_fw = avg_fw;
    }
    log << fmt::format("best epoch {}: dev score {:.2f}\n", best_epoch, 100 * best_score);
    if (runs > 1) {
        if (run == 0) {
            sum_w.assign(best_w.size(), 0.0f);
            sum_tw.assign(best_tw.size(), 0.0f);
            sum_fw.assign(best_fw.size(), 0.0f);
        }
        for (std::size_t i = 0; i < best_w.size(); ++i) sum_w[i] += best_w[i];
        for (std::size_t i = 0; i < best_tw.size(); ++i) sum_tw[i] += best_tw[i];
        for (std::size_t i = 0; i < best_fw.size(); ++i) sum_fw[i] += best_fw[i];
    }
    }
    if (runs > 1) {
        const float k = 1.0f / float(runs);
        for (auto& v : sum_w) v *= k;
        for (auto& v : sum_tw) v *= k;
        for (auto& v : sum_fw) v *= k;
        best_w = std::move(sum_w);
        best_tw = std::move(sum_tw);
        best_fw = std::move(sum_fw);
        log << fmt::format("average of {} runs: dev score {:.3f}\n", runs, 100 * dev_score(best_w, best_tw, best_fw));
    }
    std::vector<linear_chain_model::feature_row> rows;
    for (std::size_t f = 0; f < nf; ++f) {
        linear_chain_model::feature_row row;
        row.key = keys[f];
        for (std::size_t y = 0; y < t; ++y) {
            float v = best_w[f * t + y];
            if (v != 0.0f && std::fabs(v) >= options.prune_below) row.weights.emplace_back(static_cast<std::uint16_t>(y), v);
        }
        if (!row.weights.empty()) rows.push_back(std::move(row));
    }
    linear_chain_model result(tags, std::move(best_tw), std::move(best_fw), std::move(rows));
    {
        // The model as stored (16-bit weights) on the dev set.
        std::vector<std::vector<std::uint16_t>> predicted(dev.size());
        for (std::size_t s = 0; s < dev.size(); ++s) {
            std::vector<float> em(dev[s].size() * t, 0.0f);
            result.add_emissions(dev[s], em.data());
            if (options.dev_allowed && s < options.dev_allowed->size())
                for (std::size_t i = 0; i < dev[s].size(); ++i)
                    if ((*options.dev_allowed)[s][i])
                        for (std::size_t y = 0; y < t; ++y)
                            if (!((*options.dev_allowed)[s][i] >> y & 1)) em[i * t + y] = detail::neg_inf;
            predicted[s] = result.best_path(em.data(), dev[s].size());
        }
        log << fmt::format("final model: dev score {:.3f}\n", 100 * score(predicted));
    }
    return result;
}

}  // namespace kg::extract
