#include "kg/extract/dependency_parser.hpp"

#include <algorithm>
#include <cstdint>
#include <cmath>

#include <fmt/format.h>

#include "detail/model_bytes.hpp"
#include "kg/core/error.hpp"
#include "kg/core/ids.hpp"
#include "kg/core/io.hpp"

namespace kg::extract {
namespace arc_eager {

void state::reset(std::int32_t words) {
    n = words;
    const auto size = static_cast<std::size_t>(words) + 1;
    stack.assign(1, 0);
    front = 1;
    head.assign(size, -1);
    label.assign(size, -1);
    left1.assign(size, 0);
    left2.assign(size, 0);
    right1.assign(size, 0);
    right2.assign(size, 0);
    left_count.assign(size, 0);
    right_count.assign(size, 0);
    left_labels.assign(size, 0);
    right_labels.assign(size, 0);
    root_taken = false;
}

namespace {

void attach(state& s, std::int32_t h, std::int32_t d, std::int32_t l) {
    const auto hu = static_cast<std::size_t>(h);
    s.head[static_cast<std::size_t>(d)] = h;
    s.label[static_cast<std::size_t>(d)] = l;
    if (d < h) {
        if (s.left1[hu] == 0 || d < s.left1[hu]) {
            s.left2[hu] = s.left1[hu];
            s.left1[hu] = d;
        } else if (s.left2[hu] == 0 || d < s.left2[hu]) {
            s.left2[hu] = d;
        }
        ++s.left_count[hu];
        s.left_labels[hu] |= std::uint64_t{1} << (static_cast<std::uint32_t>(l) % 64);
    } else {
        if (d > s.right1[hu]) {
            s.right2[hu] = s.right1[hu];
            s.right1[hu] = d;
        } else if (d > s.right2[hu]) {
            s.right2[hu] = d;
        }
        ++s.right_count[hu];
        s.right_labels[hu] |= std::uint64_t{1} << (static_cast<std::uint32_t>(l) % 64);
    }
    if (h == 0) s.root_taken = true;
}

}  // namespace

bool state::legal(std::uint32_t move, std::uint32_t root_label) const noexcept {
    const std::int32_t s0 = stack.back();
    switch (kind_of(move)) {
        case move_kind::shift: return front <= n;
        case move_kind::reduce: return s0 != 0 && head[static_cast<std::size_t>(s0)] >= 0;
        case move_kind::left:
            return front <= n && s0 != 0 && head[static_cast<std::size_t>(s0)] < 0 && label_of(move) != root_label;
        case move_kind::right:
            if (front > n) return false;
            if (s0 == 0) return !root_taken && label_of(move) == root_label;
            return label_of(move) != root_label;
    }
    return false;
}

void state::apply(std::uint32_t move) {
    const std::int32_t s0 = stack.back();
    switch (kind_of(move)) {
        case move_kind::shift: stack.push_back(front++); break;
        case move_kind::reduce: stack.pop_back(); break;
        case move_kind::left:
            attach(*this, front, s0, static_cast<std::int32_t>(label_of(move)));
            stack.pop_back();
            break;
        case move_kind::right:
            attach(*this, s0, front, static_cast<std::int32_t>(label_of(move)));
            stack.push_back(front++);
            break;
    }
}

void state::finish(std::uint32_t root_label, std::uint32_t fallback_label) {
    std::int32_t root_word = 0;
    for (std::int32_t i = 1; i <= n; ++i)
        if (head[static_cast<std::size_t>(i)] == 0) root_word = i;
    for (std::int32_t i = 1; i <= n; ++i) {
        if (head[static_cast<std::size_t>(i)] >= 0) continue;
        if (root_word == 0) {
            attach(*this, 0, i, static_cast<std::int32_t>(root_label));
            root_word = i;
        } else {
            attach(*this, root_word, i, static_cast<std::int32_t>(fallback_label));
        }
    }
}

std::uint32_t cost(const state& s, std::uint32_t move, const std::vector<std::int32_t>& gh,
                   const std::vector<std::int32_t>& gl) {
    const std::int32_t s0 = s.stack.back();
    const std::int32_t b = s.front;
    auto head_of = [&](std::int32_t i) { return gh[static_cast<std::size_t>(i)]; };
    auto has_head = [&](std::int32_t i) { return s.head[static_cast<std::size_t>(i)] >= 0; };
    std::uint32_t c = 0;
    switch (kind_of(move)) {
        case move_kind::shift:
            // b loses a head in the stack and its dependents in the stack.
            for (auto k : s.stack) {
                if (head_of(b) == k) ++c;
                if (k != 0 && !has_head(k) && head_of(k) == b) ++c;
            }
            break;
        case move_kind::reduce:
            for (std::int32_t k = b; k <= s.n; ++k)
                if (head_of(k) == s0) ++c;
            break;
        case move_kind::left:
            if (head_of(s0) > b) ++c;
            for (std::int32_t k = b; k <= s.n; ++k)
                if (head_of(k) == s0) ++c;
            if (head_of(s0) == b && gl[static_cast<std::size_t>(s0)] != static_cast<std::int32_t>(label_of(move))) ++c;
            break;
        case move_kind::right:
            for (std::size_t i = 0; i + 1 < s.stack.size(); ++i)
                if (head_of(b) == s.stack[i]) ++c;
            if (head_of(b) > b) ++c;
            for (auto k : s.stack)
                if (k != 0 && !has_head(k) && head_of(k) == b) ++c;
            if (head_of(b) == s0 && gl[static_cast<std::size_t>(b)] != static_cast<std::int32_t>(label_of(move))) ++c;
            break;
    }
    return c;
}

void costs(const state& s, std::uint32_t root_label, const std::vector<std::int32_t>& gh,
           const std::vector<std::int32_t>& gl, std::vector<std::uint32_t>& out) {
    const std::uint32_t moves = static_cast<std::uint32_t>(out.size());
    const std::int32_t s0 = s.stack.back();
    const std::int32_t b = s.front;
    std::uint32_t base[4] = {0, 0, 0, 0};
    bool computed[4] = {false, false, false, false};
    for (std::uint32_t m = 0; m < moves; ++m) {
        if (!s.legal(m, root_label)) {
            out[m] = UINT32_MAX;
            continue;
        }
        auto k = static_cast<std::size_t>(kind_of(m));
        if (!computed[k]) {
            // The cost of the move without its label: of a correctly labelled arc.
            std::uint32_t probe = m;
            if (kind_of(m) == move_kind::left) probe = left_move(static_cast<std::uint32_t>(gl[static_cast<std::size_t>(s0)]));
            if (kind_of(m) == move_kind::right) probe = right_move(static_cast<std::uint32_t>(gl[static_cast<std::size_t>(b)]));
            base[k] = cost(s, probe, gh, gl);
            computed[k] = true;
        }
        std::uint32_t c = base[k];
        if (kind_of(m) == move_kind::left && gh[static_cast<std::size_t>(s0)] == b &&
            gl[static_cast<std::size_t>(s0)] != static_cast<std::int32_t>(label_of(m)))
            ++c;
        if (kind_of(m) == move_kind::right && gh[static_cast<std::size_t>(b)] == s0 &&
            gl[static_cast<std::size_t>(b)] != static_cast<std::int32_t>(label_of(m)))
            ++c;
        out[m] = c;
    }
}

std::uint32_t static_oracle(const state& s, const std::vector<std::int32_t>& gh, const std::vector<std::int32_t>& gl) {
    const std::int32_t s0 = s.stack.back();
    const std::int32_t b = s.front;
    if (s0 != 0 && gh[static_cast<std::size_t>(s0)] == b)
        return left_move(static_cast<std::uint32_t>(gl[static_cast<std::size_t>(s0)]));
    if (gh[static_cast<std::size_t>(b)] == s0) return right_move(static_cast<std::uint32_t>(gl[static_cast<std::size_t>(b)]));
    if (s0 != 0 && s.head[static_cast<std::size_t>(s0)] >= 0) {
        for (std::size_t i = 0; i + 1 < s.stack.size(); ++i) {
            const std::int32_t k = s.stack[i];
            if (gh[static_cast<std::size_t>(b)] == k || (k != 0 && gh[static_cast<std::size_t>(k)] == b)) return reduce_move;
        }
    }
    return shift_move;
}

}  // namespace arc_eager

// ---- Features.
namespace {

constexpr std::uint64_t none_value = 0x6e6f6e65ULL;  // no such position
constexpr std::uint64_t root_value = 0x726f6f74ULL;

inline std::uint64_t mix(std::uint64_t h, std::uint64_t v) noexcept {
    h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
    h *= 0xff51afd7ed558ccdULL;
    return h ^ (h >> 29);
}
inline std::uint64_t finalize(std::uint64_t h) noexcept {
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

std::uint64_t hash_lower(std::string_view w) {
    std::string lower(w);
    for (auto& c : lower)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return kg::fnv1a64(lower);
}

}  // namespace

word_clusters word_clusters::read(const std::string& path) {
    word_clusters c;
    std::string text = kg::read_file(path);
    std::size_t pos = 0, line_no = 0;
    while (pos < text.size()) {
        auto nl = text.find('\n', pos);
        std::string_view line(text.data() + pos, (nl == std::string::npos ? text.size() : nl) - pos);
        pos = nl == std::string::npos ? text.size() : nl + 1;
        ++line_no;
        if (line.empty()) continue;
        std::vector<std::string_view> cols;
        std::size_t start = 0;
        for (;;) {
            auto tab = line.find('\t', start);
            cols.push_back(line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start));
            if (tab == std::string_view::npos) break;
            start = tab + 1;
        }
        if (cols.size() != 4) throw data_error("expected word and three cluster ids", path, line_no);
        unsigned long coarse = 0, fine = 0;
        try {
            coarse = std::stoul(std::string(cols[2]));
            fine = std::stoul(std::string(cols[3]));
        } catch (const std::exception&) {
            throw data_error("bad cluster id", path, line_no);
        }
        if (coarse > 65535 || fine > 65535) throw data_error("cluster id out of range", path, line_no);
        c.entries.push_back({kg::fnv1a64(cols[0]), static_cast<std::uint16_t>(coarse), static_cast<std::uint16_t>(fine)});
    }
    std::sort(c.entries.begin(), c.entries.end(), [](const entry& a, const entry& b) { return a.key < b.key; });
    c.entries.erase(std::unique(c.entries.begin(), c.entries.end(), [](const entry& a, const entry& b) { return a.key == b.key; }),
                    c.entries.end());
    c.index();
    return c;
}

void word_clusters::index() {
    std::size_t cap = 16;
    while (cap < entries.size() * 2) cap *= 2;
    table_keys_.assign(cap, 0);
    table_values_.assign(cap, 0);
    mask_ = cap - 1;
    for (const auto& e : entries) {
        std::size_t i = static_cast<std::size_t>((e.key ^ (e.key >> 29)) & mask_);
        while (table_values_[i] != 0) i = (i + 1) & mask_;
        table_keys_[i] = e.key;
        table_values_[i] = static_cast<std::uint32_t>(e.coarse) | static_cast<std::uint32_t>(e.fine) << 16 | 0x80000000u;
    }
}

std::uint32_t word_clusters::find(std::string_view word) const noexcept {
    if (table_keys_.empty()) return 0;
    auto look = [&](std::uint64_t key) -> std::uint32_t {
        std::size_t i = static_cast<std::size_t>((key ^ (key >> 29)) & mask_);
        while (table_values_[i] != 0) {
            if (table_keys_[i] == key) return table_values_[i] & 0x7fffffffu;
            i = (i + 1) & mask_;
        }
        return 0;
    };
    if (auto v = look(kg::fnv1a64(word))) return v;
    bool upper = false;
    for (char ch : word) upper |= ch >= 'A' && ch <= 'Z';
    if (!upper) return 0;
    std::string lower(word);
    for (auto& ch : lower)
        if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    return look(kg::fnv1a64(lower));
}

void parser_sentence::assign(const std::vector<std::string_view>& words, const std::vector<std::string_view>& tags,
                             const word_clusters* clusters) {
    const std::size_t n = words.size();
    word.resize(n + 1);
    tag.resize(n + 1);
    shape.resize(n + 1);
    coarse.resize(n + 1);
    fine.resize(n + 1);
    word[0] = tag[0] = shape[0] = coarse[0] = fine[0] = root_value;
    for (std::size_t i = 0; i < n; ++i) {
        std::uint32_t c = clusters ? clusters->find(words[i]) : 0;
        coarse[i + 1] = (c & 0xffffu) + 1;
        fine[i + 1] = (c >> 16) + 0x10001;
        word[i + 1] = hash_lower(words[i]);
        tag[i + 1] = kg::fnv1a64(i < tags.size() ? tags[i] : std::string_view("NN"));
        std::string_view w = words[i];
        shape[i + 1] = hash_lower(w.size() > 3 ? w.substr(w.size() - 3) : w) ^ 0x5u;
    }
}

void parser_features(const arc_eager::state& s, const parser_sentence& sent, std::vector<std::uint64_t>& keys) {
    keys.clear();
    const std::int32_t n = s.n;
    const std::int32_t s0 = s.stack.back();
    const std::int32_t s1 = s.stack.size() > 1 ? s.stack[s.stack.size() - 2] : -1;
    const std::int32_t n0 = s.front <= n ? s.front : -1;
    const std::int32_t n1 = n0 >= 0 && n0 + 1 <= n ? n0 + 1 : -1;
    const std::int32_t n2 = n0 >= 0 && n0 + 2 <= n ? n0 + 2 : -1;
    auto at = [](const std::vector<std::int32_t>& v, std::int32_t i) -> std::int32_t {
        if (i < 0) return -1;
        std::int32_t x = v[static_cast<std::size_t>(i)];
        return x <= 0 ? -1 : x;
    };
    auto head_at = [&](std::int32_t i) -> std::int32_t { return i < 0 ? -1 : s.head[static_cast<std::size_t>(i)]; };
    const std::int32_t s0h = head_at(s0);
    const std::int32_t s0h2 = head_at(s0h);
    const std::int32_t s0l = at(s.left1, s0), s0l2 = at(s.left2, s0);
    const std::int32_t s0r = at(s.right1, s0), s0r2 = at(s.right2, s0);
    const std::int32_t n0l = at(s.left1, n0), n0l2 = at(s.left2, n0);

    auto w = [&](std::int32_t i) { return i < 0 ? none_value : sent.word[static_cast<std::size_t>(i)]; };
    auto p = [&](std::int32_t i) { return i < 0 ? none_value : sent.tag[static_cast<std::size_t>(i)]; };
    auto sh = [&](std::int32_t i) { return i < 0 ? none_value : sent.shape[static_cast<std::size_t>(i)]; };
    auto l = [&](std::int32_t i) -> std::uint64_t {
        return i < 0 ? none_value : static_cast<std::uint64_t>(s.label[static_cast<std::size_t>(i)] + 7);
    };
    auto vl = [&](std::int32_t i) -> std::uint64_t { return i < 0 ? none_value : s.left_count[static_cast<std::size_t>(i)]; };
    auto vr = [&](std::int32_t i) -> std::uint64_t { return i < 0 ? none_value : s.right_count[static_cast<std::size_t>(i)]; };
    auto sl = [&](std::int32_t i) -> std::uint64_t { return i < 0 ? none_value : s.left_labels[static_cast<std::size_t>(i)]; };
    auto sr = [&](std::int32_t i) -> std::uint64_t { return i < 0 ? none_value : s.right_labels[static_cast<std::size_t>(i)]; };
    std::uint64_t dist = none_value;
    if (n0 >= 0 && s0 > 0) dist = static_cast<std::uint64_t>(std::min(n0 - s0, 10));
    else if (n0 >= 0) dist = 11;

    std::uint64_t t = 0;
    auto add = [&](auto... values) {
        std::uint64_t h = ++t * 0x9e3779b97f4a7c15ULL;
        ((h = mix(h, static_cast<std::uint64_t>(values))), ...);
        keys.push_back(finalize(h) >> 20);  // 44-bit keys: smaller model files, collisions still negligible
    };
    const auto S0w = w(s0), S0p = p(s0), N0w = w(n0), N0p = p(n0), N1w = w(n1), N1p = p(n1), N2w = w(n2), N2p = p(n2);
    // Single words.
    add(S0w, S0p); add(S0w); add(S0p);
    add(N0w, N0p); add(N0w); add(N0p);
    add(N1w, N1p); add(N1w); add(N1p);
    add(N2w, N2p); add(N2w); add(N2p);
    // Pairs.
    add(S0w, S0p, N0w, N0p); add(S0w, S0p, N0w); add(S0w, N0w, N0p); add(S0w, S0p, N0p); add(S0p, N0w, N0p);
    add(S0w, N0w); add(S0p, N0p); add(N0p, N1p);
    // Three words.
    add(N0p, N1p, N2p); add(S0p, N0p, N1p); add(p(s0h), S0p, N0p); add(S0p, p(s0l), N0p); add(S0p, p(s0r), N0p);
    add(S0p, N0p, p(n0l));
    // Distance.
    add(S0w, dist); add(S0p, dist); add(N0w, dist); add(N0p, dist); add(S0w, N0w, dist); add(S0p, N0p, dist);
    // Valency.
    add(S0w, vr(s0)); add(S0p, vr(s0)); add(S0w, vl(s0)); add(S0p, vl(s0)); add(N0w, vl(n0)); add(N0p, vl(n0));
    // Unigrams of heads and dependents.
    add(w(s0h)); add(p(s0h)); add(l(s0));
    add(w(s0l)); add(p(s0l)); add(l(s0l));
    add(w(s0r)); add(p(s0r)); add(l(s0r));
    add(w(n0l)); add(p(n0l)); add(l(n0l));
    // Third order.
    add(w(s0h2)); add(p(s0h2)); add(l(s0h));
    add(w(s0l2)); add(p(s0l2)); add(l(s0l2));
    add(w(s0r2)); add(p(s0r2)); add(l(s0r2));
    add(w(n0l2)); add(p(n0l2)); add(l(n0l2));
    add(S0p, p(s0l), p(s0l2)); add(S0p, p(s0r), p(s0r2)); add(S0p, p(s0h), p(s0h2)); add(N0p, p(n0l), p(n0l2));
    // Label sets.
    add(S0w, sr(s0)); add(S0p, sr(s0)); add(S0w, sl(s0)); add(S0p, sl(s0)); add(N0w, sl(n0)); add(N0p, sl(n0));
    // Beyond Zhang & Nivre: the second stack word, suffixes, the word before N0.
    const std::int32_t b1 = n0 > 1 ? n0 - 1 : -1;
    add(p(s1), S0p, N0p); add(w(s1), p(s1)); add(p(s1), N0p);
    add(sh(s0), S0p); add(sh(n0), N0p); add(sh(n1));
    add(p(b1), N0p, S0p); add(S0p, N0p, N1p, N2p);
    add(S0p, N0w, p(n0l), l(n0l)); add(S0w, S0p, l(s0), N0p);
    // Word clusters (Koo et al. 2008): coarse (c) and fine (f) classes.
    auto c = [&](std::int32_t i) { return i < 0 ? none_value : sent.coarse[static_cast<std::size_t>(i)]; };
    auto f = [&](std::int32_t i) { return i < 0 ? none_value : sent.fine[static_cast<std::size_t>(i)]; };
    add(f(s0)); add(f(n0)); add(f(n1)); add(f(s0h));
    add(c(s0), c(n0)); add(c(s0), N0p); add(S0p, c(n0)); add(f(s0), N0p); add(S0p, f(n0));
    add(c(s0), c(n0), N1p); add(c(s0), p(s0l), c(n0)); add(c(s0), p(s0r), c(n0)); add(c(s0h), c(s0), c(n0));
}

// ---- The model.
namespace {
constexpr std::string_view parser_magic = "KGPARSER";
constexpr std::uint32_t parser_kind = 1;
constexpr std::uint32_t parser_feature_version = 2;

std::size_t slot_of(std::uint64_t key, std::uint64_t mask) noexcept { return static_cast<std::size_t>((key ^ (key >> 31)) & mask); }
}  // namespace

dependency_parser::dependency_parser(std::vector<std::string> labels, std::vector<feature_row> rows, float scale,
                                     word_clusters clusters)
    : labels_(std::move(labels)), clusters_(std::move(clusters)) {
    clusters_.index();
    if (labels_.size() > 126) throw model_error("too many parser labels (at most 126)");
    bool has_root = false;
    for (std::size_t i = 0; i < labels_.size(); ++i) {
        if (labels_[i] == "root") {
            root_label_ = static_cast<std::uint32_t>(i);
            has_root = true;
        }
    }
    if (!has_root) throw model_error("parser labels lack 'root'");
    fallback_label_ = root_label_;
    for (const char* f : {"dep", "parataxis"})
        for (std::size_t i = 0; i < labels_.size(); ++i)
            if (labels_[i] == f && fallback_label_ == root_label_) fallback_label_ = static_cast<std::uint32_t>(i);
    // A model file holds its rows in key order already: one pass tells, and start-up skips the sort.
    auto by_key = [](const auto& a, const auto& b) { return a.key < b.key; };
    if (!std::is_sorted(rows.begin(), rows.end(), by_key)) std::sort(rows.begin(), rows.end(), by_key);
    float max_abs = 0.0f;
    for (const auto& r : rows)
        for (const auto& e : r.weights) max_abs = std::max(max_abs, std::fabs(e.second));
    scale_ = scale > 0 ? scale : max_abs > 0 ? max_abs / 32767.0f : 1.0f;
    std::size_t cap = 16;
    while (cap < rows.size() * 2) cap *= 2;
    table_.assign(cap, slot{});
    mask_ = cap - 1;
    const std::uint32_t moves = arc_eager::move_count(static_cast<std::uint32_t>(labels_.size()));
    for (const auto& r : rows) {
        std::uint32_t begin = static_cast<std::uint32_t>(entries_.size());
        for (const auto& [m, wt] : r.weights) {
            if (m >= moves) throw model_error("parser weight of a move out of range");
            long q = std::lround(wt / scale_);
            if (q != 0) entries_.push_back({m, static_cast<std::int16_t>(std::clamp(q, -32767L, 32767L))});
        }
        auto count = static_cast<std::uint32_t>(entries_.size()) - begin;
        if (count == 0) continue;
        std::size_t i = slot_of(r.key, mask_);
        while (table_[i].count != 0) {
            if (table_[i].key == r.key) throw model_error("duplicate parser feature");
            i = (i + 1) & mask_;
        }
        table_[i] = slot{r.key, begin, count};
        ++keys_count_;
    }
}

std::vector<dependency_parser::feature_row> dependency_parser::rows() const {
    std::vector<feature_row> out;
    out.reserve(keys_count_);
    for (const auto& sl : table_) {
        if (sl.count == 0) continue;
        feature_row r;
        r.key = sl.key;
        for (std::uint32_t k = 0; k < sl.count; ++k) {
            const auto& e = entries_[sl.begin + k];
            r.weights.emplace_back(e.move, static_cast<float>(e.q) * scale_);
        }
        out.push_back(std::move(r));
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.key < b.key; });
    return out;
}

void dependency_parser::score(const std::vector<std::uint64_t>& keys, std::int32_t* scores) const noexcept {
    if (table_.empty()) return;
    // The lookups are independent: ask for every slot's cache line first, so
    // that their memory latencies overlap.
    for (auto key : keys) __builtin_prefetch(&table_[slot_of(key, mask_)]);
    for (auto key : keys) {
        std::size_t i = slot_of(key, mask_);
        for (;;) {
            const slot& sl = table_[i];
            if (sl.count == 0) break;
            if (sl.key == key) {
                const entry* e = entries_.data() + sl.begin;
                for (std::uint32_t k = 0; k < sl.count; ++k) scores[e[k].move] += e[k].q;
                break;
            }
            i = (i + 1) & mask_;
        }
    }
}

void dependency_parser::parse(const std::vector<std::string_view>& words, const std::vector<std::string_view>& tags,
                              std::vector<std::int32_t>& head, std::vector<std::uint32_t>& relation,
                              workspace& ws) const {
    const auto n = static_cast<std::int32_t>(words.size());
    auto& st = ws.state;
    st.reset(n);
    ws.sentence.assign(words, tags, &clusters_);
    const std::uint32_t moves = arc_eager::move_count(static_cast<std::uint32_t>(labels_.size()));
    ws.scores.resize(moves);
    while (!st.terminal()) {
        parser_features(st, ws.sentence, ws.keys);
        std::fill(ws.scores.begin(), ws.scores.end(), 0);
        score(ws.keys, ws.scores.data());
        std::uint32_t best = moves;
        for (std::uint32_t m = 0; m < moves; ++m)
            if ((best == moves || ws.scores[m] > ws.scores[best]) && st.legal(m, root_label_)) best = m;
        if (best == moves) best = arc_eager::shift_move;  // unreachable: shift is legal while the buffer is not empty
        st.apply(best);
    }
    st.finish(root_label_, fallback_label_);
    head.resize(static_cast<std::size_t>(n));
    relation.resize(static_cast<std::size_t>(n));
    for (std::int32_t i = 1; i <= n; ++i) {
        head[static_cast<std::size_t>(i - 1)] = st.head[static_cast<std::size_t>(i)] - 1;
        relation[static_cast<std::size_t>(i - 1)] = static_cast<std::uint32_t>(st.label[static_cast<std::size_t>(i)]);
    }
}

std::string dependency_parser::serialize() const {
    detail::writer p;
    p.varint(labels_.size());
    for (const auto& l : labels_) p.str(l);
    p.varint(clusters_.entries.size());
    std::uint64_t prev_word = 0;
    for (const auto& e : clusters_.entries) {
        p.varint(e.key - prev_word);
        prev_word = e.key;
        p.u16(e.coarse);
        p.u16(e.fine);
    }
    p.f32(scale_);
    std::vector<const slot*> order;
    order.reserve(keys_count_);
    for (const auto& sl : table_)
        if (sl.count) order.push_back(&sl);
    std::sort(order.begin(), order.end(), [](const slot* a, const slot* b) { return a->key < b->key; });
    p.varint(order.size());
    std::uint64_t prev = 0;
    for (const slot* sl : order) {
        p.varint(sl->key - prev);
        prev = sl->key;
        p.varint(sl->count);
        for (std::uint32_t k = 0; k < sl->count; ++k) {
            const auto& e = entries_[sl->begin + k];
            p.u8(static_cast<std::uint8_t>(e.move));
            p.u16(static_cast<std::uint16_t>(e.q));
        }
    }
    return detail::seal_envelope(parser_magic, parser_format_version, parser_kind, parser_feature_version, p.bytes());
}

dependency_parser dependency_parser::parse_model(std::string_view bytes, const std::string& source) {
    auto env = detail::open_envelope(bytes, parser_magic, "kg parser model", parser_format_version, source);
    if (env.kind != parser_kind) throw model_error(fmt::format("corrupt model: unknown parser kind {}", env.kind), source);
    if (env.feature_version != parser_feature_version)
        throw model_error(fmt::format("model uses feature version {}, this kg computes version {}: retrain it",
                                      env.feature_version, parser_feature_version),
                          source);
    detail::reader p(env.payload, source);
    std::vector<std::string> labels(p.count(126));
    for (auto& l : labels) l = p.str();
    word_clusters clusters;
    clusters.entries.resize(p.count(env.payload.size()));
    std::uint64_t word_key = 0;
    for (std::size_t i = 0; i < clusters.entries.size(); ++i) {
        auto delta = p.varint();
        if (i > 0 && delta == 0) p.fail("cluster words not increasing");
        word_key += delta;
        clusters.entries[i].key = word_key;
        clusters.entries[i].coarse = p.u16();
        clusters.entries[i].fine = p.u16();
    }
    const std::uint32_t moves = arc_eager::move_count(static_cast<std::uint32_t>(labels.size()));
    float scale = p.f32();
    if (!std::isfinite(scale) || scale <= 0) p.fail("bad weight scale");
    std::vector<feature_row> rows(p.count(env.payload.size()));
    std::uint64_t key = 0;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        auto delta = p.varint();
        if (i > 0 && delta == 0) p.fail("feature keys not increasing");
        key += delta;
        rows[i].key = key;
        rows[i].weights.resize(p.count(moves));
        for (auto& [m, wt] : rows[i].weights) {
            m = p.u8();
            if (m >= moves) p.fail("move index out of range");
            wt = static_cast<float>(static_cast<std::int16_t>(p.u16())) * scale;
        }
    }
    if (!p.done()) p.fail("unexpected data after the last section");
    try {
        return dependency_parser(std::move(labels), std::move(rows), scale, std::move(clusters));
    } catch (const model_error& e) {
        throw model_error(fmt::format("corrupt model: {}", e.message()), source);
    }
}

dependency_parser dependency_parser::load(const std::string& path) {
    std::string bytes;
    try {
        bytes = kg::read_file(path);
    } catch (const kg::error& e) {
        throw model_error(e.message(), path);
    }
    return parse_model(bytes, path);
}

}  // namespace kg::extract

#include "kg/extract/taggers.hpp"
#include "kg/extract/text.hpp"

namespace kg::extract {

void parse_text(const dependency_parser& parser, const tagger_model& pos, analyzed_text& text) {
    text.head.assign(text.tokens.size(), -1);
    text.deprel.assign(text.tokens.size(), "dep");
    std::vector<std::vector<std::string_view>> sentences;
    sentences.reserve(text.sentences.size());
    for (const auto& s : text.sentences) {
        std::vector<std::string_view> words;
        words.reserve(s.size());
        for (std::size_t i = s.first_token; i < s.last_token; ++i) words.push_back(text.tokens[i].norm);
        sentences.push_back(std::move(words));
    }
    auto tags = pos.tag_document(sentences);
    dependency_parser::workspace ws;
    std::vector<std::string_view> tag_views;
    std::vector<std::int32_t> head;
    std::vector<std::uint32_t> rel;
    for (std::size_t k = 0; k < text.sentences.size(); ++k) {
        const auto& s = text.sentences[k];
        if (s.size() == 0) continue;
        tag_views.assign(tags[k].begin(), tags[k].end());
        parser.parse(sentences[k], tag_views, head, rel, ws);
        for (std::size_t i = 0; i < s.size(); ++i) {
            text.head[s.first_token + i] = head[i] < 0 ? -1 : static_cast<std::int32_t>(s.first_token) + head[i];
            text.deprel[s.first_token + i] = parser.labels()[rel[i]];
        }
    }
}

}  // namespace kg::extract
