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
                bool open = scheme == tag_scheme::bilou ? (pp == "B" || pp == "I") : (pp == "B" || pp == "I");
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

// Viterbi over emission scores (n x T, row-major) and transition scores
// ((T+1) x T, row T = start) and final scores (T).
std::vector<std::uint16_t> viterbi(const float* emit, std::size_t n, std::size_t t, const float* trans,
                                   const float* fin) {
    std::vector<std::uint16_t> out(n);
    if (n == 0) return out;
    std::vector<float> score(n * t);
    std::vector<std::uint16_t> back(n * t);
    const float* start = trans + t * t;
    for (std::size_t y = 0; y < t; ++y) score[y] = start[y] + emit[y];
    // Max-plus step, written so the compiler can vectorize it over y.
    std::vector<float> best_to(t);
    std::vector<std::int32_t> arg_to(t);
    for (std::size_t i = 1; i < n; ++i) {
        const float* prev = &score[(i - 1) * t];
        float* cur = &score[i * t];
        float* __restrict best = best_to.data();
        std::int32_t* __restrict arg = arg_to.data();
        std::fill(best, best + t, neg_inf);
        std::fill(arg, arg + t, 0);
        for (std::size_t p = 0; p < t; ++p) {
            const float sp = prev[p];
            if (sp == neg_inf) continue;
            const float* __restrict row = trans + p * t;
            const std::int32_t pp = static_cast<std::int32_t>(p);
            for (std::size_t y = 0; y < t; ++y) {
                float s = sp + row[y];
                float b = best[y];
                std::int32_t m = -static_cast<std::int32_t>(s > b);
                best[y] = s > b ? s : b;
                arg[y] = (arg[y] & ~m) | (pp & m);
            }
        }
        std::uint16_t* bp = &back[i * t];
        for (std::size_t y = 0; y < t; ++y) {
            cur[y] = best[y] + emit[i * t + y];
            bp[y] = static_cast<std::uint16_t>(arg[y]);
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
    return out;
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

    std::sort(rows.begin(), rows.end(), [](const feature_row& a, const feature_row& b) { return a.key < b.key; });
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

void linear_chain_model::add_emissions(const sentence_features& features, float* emit) const {
    const std::size_t n = features.size();
    const std::size_t t = tags_.size();
    const slot* table = table_.data();
    const entry* entries = entries_.data();
    const std::int16_t* dense = dense_.data();
    std::vector<std::int32_t> acc(n * t, 0);
    // Keys to look up, as (token, key index); words in the cache skip their
    // word-only features.
    const bool cached = !cache_keys_.empty() && features.word_keys.size() == n && features.context_begin.size() == n;
    std::vector<std::uint32_t> todo_token(features.keys.size()), todo_key(features.keys.size());
    std::size_t nk = 0;
    const std::uint64_t* filter = filter_.data();
    for (std::size_t i = 0; i < n; ++i) {
        std::uint32_t k0 = features.offsets[i];
        if (cached) {
            const std::uint64_t w = features.word_keys[i];
            std::uint64_t s = detail::slot_of(w) & cache_mask_;
            while (cache_rows_[s] != 0 && cache_keys_[s] != w) s = (s + 1) & cache_mask_;
            if (cache_rows_[s] != 0) {
                const std::int32_t* row = &cache_scores_[std::size_t(cache_rows_[s] - 1) * t];
                std::int32_t* a = &acc[i * t];
                for (std::size_t y = 0; y < t; ++y) a[y] += row[y];
                k0 = features.context_begin[i];
            }
        }
        // Branch-free, so that the filter reads of many keys overlap.
        for (std::uint32_t k = k0; k < features.offsets[i + 1]; ++k) {
            std::uint64_t b = detail::filter_bit(features.keys[k]) & filter_mask_;
            todo_token[nk] = static_cast<std::uint32_t>(i);
            todo_key[nk] = k;
            nk += (filter[b >> 6] >> (b & 63)) & 1;  // absent keys are overwritten
        }
    }
    std::vector<std::uint32_t> where(nk);
    for (std::size_t j = 0; j < nk; ++j)
        where[j] = static_cast<std::uint32_t>(detail::slot_of(features.keys[todo_key[j]]) & table_mask_);
    // Prefetch a fixed distance ahead: enough lookups in flight to hide the
    // memory latency, not so many that the prefetches are lost.
    constexpr std::size_t distance = 12;
    for (std::size_t j = 0; j < nk && j < distance; ++j) __builtin_prefetch(&table[where[j]]);
    for (std::size_t j = 0; j < nk; ++j) {
        if (j + distance < nk) __builtin_prefetch(&table[where[j + distance]]);
        const auto fp = static_cast<std::uint32_t>(features.keys[todo_key[j]] >> 32);
        std::int32_t* a = &acc[std::size_t(todo_token[j]) * t];
        std::uint64_t s = where[j];
        while (true) {
            const slot& sl = table[s];
            if (sl.count == 0) break;
            if (sl.fp == fp) {
                if (sl.count == dense_row) {
                    const std::int16_t* row = dense + std::size_t(sl.begin()) * t;
                    for (std::size_t y = 0; y < t; ++y) a[y] += row[y];
                } else if (sl.count <= inline_entries) {
                    for (std::uint32_t m = 0; m < sl.count; ++m) a[sl.tag[m]] += sl.q[m];
                } else {
                    const entry* e = entries + sl.begin();
                    for (std::uint32_t m = 0; m < sl.count; ++m) a[e[m].tag] += e[m].q;
                }
                break;
            }
            s = (s + 1) & table_mask_;
        }
    }
    for (std::size_t i = 0; i < n * t; ++i) emit[i] += float(acc[i]) * scale_;
}

void linear_chain_model::build_word_cache(const std::vector<sentence_features>& words) {
    const std::size_t t = tags_.size();
    std::size_t cap = 16;
    while (cap < words.size() * 2) cap <<= 1;
    cache_mask_ = cap - 1;
    cache_keys_.assign(cap, 0);
    cache_rows_.assign(cap, 0);
    cache_scores_.clear();
    std::uint32_t rows = 0;
    for (const auto& f : words) {
        if (f.size() != 1 || f.word_keys.size() != 1 || f.context_begin.size() != 1) continue;
        const std::uint64_t w = f.word_keys[0];
        std::uint64_t s = detail::slot_of(w) & cache_mask_;
        while (cache_rows_[s] != 0 && cache_keys_[s] != w) s = (s + 1) & cache_mask_;
        if (cache_rows_[s] != 0) continue;
        // Sum the word-only features with the uncached path.
        std::vector<std::int32_t> sum(t, 0);
        for (std::uint32_t k = 0; k < f.context_begin[0]; ++k) {
            const std::uint64_t key = f.keys[k];
            std::uint64_t p = detail::slot_of(key) & table_mask_;
            while (table_[p].count != 0 && slot_keys_[p] != key) p = (p + 1) & table_mask_;
            const slot& sl = table_[p];
            if (sl.count == 0) continue;
            if (sl.count == dense_row) {
                for (std::size_t y = 0; y < t; ++y) sum[y] += dense_[std::size_t(sl.begin()) * t + y];
                continue;
            }
            for (std::uint32_t m = 0; m < sl.count; ++m) {
                if (sl.count <= inline_entries) sum[sl.tag[m]] += sl.q[m];
                else sum[entries_[sl.begin() + m].tag] += entries_[sl.begin() + m].q;
            }
        }
        cache_keys_[s] = w;
        cache_rows_[s] = ++rows;
        cache_scores_.insert(cache_scores_.end(), sum.begin(), sum.end());
    }
}

std::vector<std::uint16_t> linear_chain_model::best_path(const float* emit, std::size_t n) const {
    return detail::viterbi(emit, n, tags_.size(), transitions_.data(), final_.data());
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
                         std::size_t n, std::vector<float>& emit) {
        emit.assign(n * t, 0.0f);
        for (std::size_t i = 0; i < n; ++i) {
            float* e = &emit[i * t];
            for (auto k = offsets[i]; k < offsets[i + 1]; ++k) {
                const float* row = &weights[std::size_t(idx[k]) * t];
                for (std::size_t y = 0; y < t; ++y) e[y] += row[y];
            }
        }
    };

    std::vector<std::size_t> order(train.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    detail::splitmix rng{options.seed};
    double c = 1.0;
    double best_score = -1.0;
    int best_epoch = 0;
    std::vector<float> best_w, best_tw, best_fw;
    std::vector<float> avg_w(nf * t), avg_tw((t + 1) * t), avg_fw(t);
    std::vector<float> emit, trans_c, fin_c;
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
            emissions(w, idx.data(), offs.data(), n, emit);
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
        trans_c = avg_tw;
        fin_c = avg_fw;
        constrain(trans_c, fin_c);
        std::vector<std::vector<std::uint16_t>> predicted(dev.size());
        for (std::size_t s = 0; s < dev.size(); ++s) {
            std::size_t n = dev[s].size();
            emissions(avg_w, dev_idx[s].idx.data(), dev_idx[s].offsets.data(), n, emit);
            predicted[s] = detail::viterbi(emit.data(), n, t, trans_c.data(), fin_c.data());
        }
        double sc = score(predicted);
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
    return linear_chain_model(tags, std::move(best_tw), std::move(best_fw), std::move(rows));
}

}  // namespace kg::extract
