#include "kg/extract/clusters.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <ostream>
#include <unordered_map>

#include <fmt/format.h>

#include "kg/core/error.hpp"

namespace kg::extract {
namespace detail {
namespace {

// x log x, tabulated for the counts that occur.
class xlogx_table {
public:
    explicit xlogx_table(std::size_t max) : t_(max + 1) {
        for (std::size_t i = 1; i <= max; ++i) t_[i] = double(i) * std::log(double(i));
    }
    double operator()(std::int64_t x) const {
        if (x <= 0) return 0.0;
        if (std::size_t(x) < t_.size()) return t_[std::size_t(x)];
        return double(x) * std::log(double(x));
    }

private:
    std::vector<double> t_;
};

struct bigram_data {
    std::vector<std::string> words;                            // id -> word (0 = sentence start)
    std::vector<std::int64_t> count;                           // occurrences as a successor
    std::vector<std::vector<std::pair<std::uint32_t, std::int64_t>>> pred;  // w -> (v, N(v,w))
};

// Assigns classes 0..k-1 to the words of `d`.
std::vector<std::uint32_t> exchange(const bigram_data& d, std::size_t k, int iterations, std::ostream& log) {
    const std::size_t v = d.words.size();
    std::int64_t total = 0;
    for (auto c : d.count) total += c;
    const xlogx_table xlogx(static_cast<std::size_t>(total));
    // Initial classes: by frequency rank, round robin.
    std::vector<std::uint32_t> order(v);
    for (std::uint32_t i = 0; i < v; ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return d.count[a] > d.count[b]; });
    std::vector<std::uint32_t> cls(v);
    for (std::size_t r = 0; r < v; ++r) cls[order[r]] = static_cast<std::uint32_t>(r % k);
    std::vector<std::int64_t> nc(k, 0);
    std::vector<std::int64_t> nvc(v * k, 0);  // N(v, c): v followed by a word of class c
    for (std::size_t w = 0; w < v; ++w) {
        nc[cls[w]] += d.count[w];
        for (const auto& [p, n] : d.pred[w]) nvc[std::size_t(p) * k + cls[w]] += n;
    }
    std::vector<double> gain(k);
    for (int it = 0; it < iterations; ++it) {
        auto started = std::chrono::steady_clock::now();
        std::size_t moved = 0;
        for (std::uint32_t w : order) {
            const std::int64_t nw = d.count[w];
            if (nw == 0) continue;
            const std::uint32_t a = cls[w];
            for (const auto& [p, n] : d.pred[w]) nvc[std::size_t(p) * k + a] -= n;
            nc[a] -= nw;
            for (std::size_t b = 0; b < k; ++b) gain[b] = -(xlogx(nc[b] + nw) - xlogx(nc[b]));
            for (const auto& [p, n] : d.pred[w]) {
                const std::int64_t* row = &nvc[std::size_t(p) * k];
                const double fn = xlogx(n);
                for (std::size_t b = 0; b < k; ++b) {
                    if (row[b] == 0) {
                        gain[b] += fn;
                    } else {
                        gain[b] += xlogx(row[b] + n) - xlogx(row[b]);
                    }
                }
            }
            std::uint32_t best = a;
            for (std::uint32_t b = 0; b < k; ++b)
                if (gain[b] > gain[best] + 1e-9) best = b;
            if (best != a) ++moved;
            cls[w] = best;
            for (const auto& [p, n] : d.pred[w]) nvc[std::size_t(p) * k + best] += n;
            nc[best] += nw;
        }
        double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        log << fmt::format("  {} classes, iteration {}: {} words moved ({:.1f} s)\n", k, it + 1, moved, secs);
        log.flush();
        if (moved == 0) break;
    }
    return cls;
}

}  // namespace
}  // namespace detail

std::string learn_word_clusters(const std::vector<std::vector<std::string>>& sentences,
                                const cluster_options& options, std::ostream& log) {
    if (options.sizes.empty() || options.sizes.size() > 3) throw usage_error("between 1 and 3 cluster sizes are needed");
    std::unordered_map<std::string, std::int64_t> freq;
    for (const auto& s : sentences)
        for (const auto& w : s) ++freq[w];
    // Vocabulary: id 0 = sentence start, 1 = rare word, then words by name.
    std::vector<std::string> vocab;
    for (const auto& [w, n] : freq)
        if (std::size_t(n) >= options.min_count) vocab.push_back(w);
    std::sort(vocab.begin(), vocab.end());
    std::unordered_map<std::string, std::uint32_t> id;
    detail::bigram_data d;
    d.words = {"<s>", "<rare>"};
    for (const auto& w : vocab) {
        id.emplace(w, static_cast<std::uint32_t>(d.words.size()));
        d.words.push_back(w);
    }
    const std::size_t v = d.words.size();
    d.count.assign(v, 0);
    std::map<std::pair<std::uint32_t, std::uint32_t>, std::int64_t> bigrams;
    std::size_t tokens = 0;
    for (const auto& s : sentences) {
        std::uint32_t prev = 0;
        for (const auto& w : s) {
            auto it = id.find(w);
            std::uint32_t cur = it == id.end() ? 1 : it->second;
            ++bigrams[{cur, prev}];
            ++d.count[cur];
            prev = cur;
            ++tokens;
        }
    }
    d.pred.resize(v);
    for (const auto& [key, n] : bigrams) d.pred[key.first].emplace_back(key.second, n);
    log << fmt::format("clusters: {} sentences, {} tokens, {} words (seen {}+ times), {} bigrams\n", sentences.size(),
                       tokens, vocab.size(), options.min_count, bigrams.size());
    std::vector<std::vector<std::uint32_t>> classes;
    for (auto k : options.sizes) classes.push_back(detail::exchange(d, std::max<std::size_t>(k, 2), options.iterations, log));
    std::string out;
    for (std::size_t w = 2; w < v; ++w) {
        out += d.words[w];
        for (std::size_t i = 0; i < 3; ++i) out += fmt::format("\t{}", i < classes.size() ? classes[i][w] + 1 : 0);
        out += '\n';
    }
    return out;
}

}  // namespace kg::extract
