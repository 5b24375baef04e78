#include "kg/extract/evaluation.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "kg/extract/conll.hpp"

namespace kg::extract {

void span_evaluation::add(const std::vector<std::string>& gold, const std::vector<std::string>& predicted) {
    auto g = tags_to_spans(gold);
    auto p = tags_to_spans(predicted);
    std::set<labeled_span> gold_set(g.begin(), g.end());
    for (const auto& s : g) {
        ++overall_.gold;
        ++by_type_[s.type].gold;
    }
    for (const auto& s : p) {
        ++overall_.found;
        ++by_type_[s.type].found;
        if (gold_set.count(s)) {
            ++overall_.correct;
            ++by_type_[s.type].correct;
        }
    }
    std::size_t n = std::min(gold.size(), predicted.size());
    tokens_ += gold.size();
    for (std::size_t i = 0; i < n; ++i)
        if (gold[i] == predicted[i]) ++correct_tags_;
}

std::string span_evaluation::summary() const {
    std::string out = fmt::format("processed {} tokens with {} phrases; found: {} phrases; correct: {}.\n", tokens_,
                                  overall_.gold, overall_.found, overall_.correct);
    out += fmt::format("accuracy: {:6.2f}%; precision: {:6.2f}%; recall: {:6.2f}%; FB1: {:6.2f}\n", 100 * accuracy(),
                       100 * overall_.precision(), 100 * overall_.recall(), 100 * overall_.f1());
    for (const auto& [type, c] : by_type_) {
        out += fmt::format("{:>17}: precision: {:6.2f}%; recall: {:6.2f}%; FB1: {:6.2f}  {}\n", type,
                           100 * c.precision(), 100 * c.recall(), 100 * c.f1(), c.found);
    }
    return out;
}

void accuracy_evaluation::add(const std::vector<std::string>& gold, const std::vector<std::string>& predicted) {
    for (std::size_t i = 0; i < gold.size(); ++i) {
        bool ok = i < predicted.size() && predicted[i] == gold[i];
        ++tokens_;
        auto& t = by_tag_[gold[i]];
        ++t.first;
        if (ok) {
            ++correct_;
            ++t.second;
        }
    }
}

std::string accuracy_evaluation::summary() const {
    std::string out = fmt::format("processed {} tokens; correct: {}.\naccuracy: {:6.2f}%\n", tokens_, correct_,
                                  100 * accuracy());
    for (const auto& [tag, c] : by_tag_)
        out += fmt::format("{:>17}: accuracy: {:6.2f}%  {}\n", tag, c.first ? 100.0 * double(c.second) / double(c.first) : 0.0,
                           c.first);
    return out;
}

}  // namespace kg::extract
