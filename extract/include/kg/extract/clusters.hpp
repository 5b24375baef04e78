#pragma once
// Word clusters learned from unlabelled text, used as tagger features for
// words rare or absent in the labelled data. The algorithm is the predictive
// exchange clustering of Uszkoreit & Brants (2008): every word gets one of K
// classes so as to maximise the likelihood of the class bigram model
// P(w | v) = P(w | class(w)) P(class(w) | v), improved word by word.
// Run at several K for coarse and fine classes.
#include <cstddef>
#include <iosfwd>
#include <string>
#include <vector>

namespace kg::extract {

struct cluster_options {
    std::vector<std::size_t> sizes{64, 256, 1024};  // numbers of classes, at most 3
    int iterations = 8;                             // passes over the vocabulary
    std::size_t min_count = 3;                      // rarer words get no class
};

// Learns the clusters from sentences of words (tokens as the taggers see them).
// Returns the clusters file: "word<TAB>id<TAB>id<TAB>id" lines (ids from 1,
// one per size, 0 when absent), sorted by word. Deterministic.
std::string learn_word_clusters(const std::vector<std::vector<std::string>>& sentences,
                                const cluster_options& options, std::ostream& log);

}  // namespace kg::extract
