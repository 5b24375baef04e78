#include "kg/core/merge.hpp"

#include <algorithm>
#include <cmath>

namespace kg {
namespace {

template <class T>
void sort_unique(std::vector<T>& v) {
    // Lists read from a graph file are already strictly increasing: one pass tells.
    if (std::adjacent_find(v.begin(), v.end(), [](const T& a, const T& b) { return !(a < b); }) == v.end()) return;
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
}

template <class T>
void append_sorted_unique(std::vector<T>& into, const std::vector<T>& from) {
    into.insert(into.end(), from.begin(), from.end());
    sort_unique(into);
}

double round3(double x) { return std::round(x * 1000.0) / 1000.0; }

}  // namespace

void canonicalize(entity& e) {
    sort_unique(e.aliases);
    std::erase(e.aliases, e.label);
    std::erase(e.aliases, std::string());
    for (auto& [key, values] : e.attributes) sort_unique(values);
    sort_unique(e.mentions);
}

void canonicalize(fact& f) { sort_unique(f.evidence); }

void merge_into(entity& into, entity&& from) {
    if (into.type.empty()) into.type = std::move(from.type);
    if (into.label.empty()) {
        into.label = std::move(from.label);
    } else if (!from.label.empty() && from.label != into.label) {
        into.aliases.push_back(std::move(from.label));
    }
    append_sorted_unique(into.aliases, from.aliases);
    std::erase(into.aliases, into.label);
    for (auto& [key, values] : from.attributes) append_sorted_unique(into.attributes[key], values);
    append_sorted_unique(into.mentions, from.mentions);
}

double combine_confidence(double a, double b) {
    double noisy_or = 1.0 - (1.0 - a) * (1.0 - b);
    double capped = std::min(noisy_or, 0.99);
    double best = std::max(a, b);
    return capped > best ? round3(capped) : best;
}

void merge_into(fact& into, fact&& from) {
    // Two rules reading the same sentence are one piece of evidence, not two.
    bool new_sentence = std::any_of(from.evidence.begin(), from.evidence.end(), [&](const evidence& ev) {
        return std::none_of(into.evidence.begin(), into.evidence.end(), [&](const evidence& have) {
            return have.document == ev.document && have.chars == ev.chars;
        });
    });
    into.confidence = new_sentence ? combine_confidence(into.confidence, from.confidence)
                                   : std::max(into.confidence, from.confidence);
    into.modality = more_certain(into.modality, from.modality);
    if (into.label.empty()) into.label = std::move(from.label);
    if (into.time.empty()) into.time = std::move(from.time);
    append_sorted_unique(into.evidence, from.evidence);
}

}  // namespace kg
