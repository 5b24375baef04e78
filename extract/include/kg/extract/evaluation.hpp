#pragma once
// Scoring tag sequences against gold ones, as conlleval does: exact span match
// for chunks and entities (precision, recall, F1 overall and per type), token
// accuracy for part-of-speech tags.
#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace kg::extract {

struct span_counts {
    std::size_t gold = 0;     // chunks in the gold tags
    std::size_t found = 0;    // chunks in the predicted tags
    std::size_t correct = 0;  // predicted chunks with exactly the gold boundaries and type
    double precision() const noexcept { return found ? double(correct) / double(found) : 0.0; }
    double recall() const noexcept { return gold ? double(correct) / double(gold) : 0.0; }
    double f1() const noexcept {
        double p = precision(), r = recall();
        return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
    }
};

class span_evaluation {
public:
    // Adds one sentence: gold and predicted tags of the same tokens, in any
    // scheme tags_to_spans understands (IOB1, IOB2, BILOU...).
    void add(const std::vector<std::string>& gold, const std::vector<std::string>& predicted);

    // Counts tokens outside every sentence whose tags always agree (conlleval
    // reads "-DOCSTART- -X- -X- O" lines as such tokens).
    void add_outside_tokens(std::size_t n) noexcept {
        tokens_ += n;
        correct_tags_ += n;
    }

    const span_counts& overall() const noexcept { return overall_; }
    const std::map<std::string, span_counts>& by_type() const noexcept { return by_type_; }
    std::size_t tokens() const noexcept { return tokens_; }
    std::size_t correct_tags() const noexcept { return correct_tags_; }
    // Token accuracy of the tags as conlleval counts it (tags compared as
    // written, so compare tags of the same scheme).
    double accuracy() const noexcept { return tokens_ ? double(correct_tags_) / double(tokens_) : 0.0; }

    // conlleval's summary:
    //   processed 51362 tokens with 5942 phrases; found: 5926 phrases; correct: 5358.
    //   accuracy:  98.04%; precision:  90.42%; recall:  90.17%; FB1:  90.29
    //                 LOC: precision:  93.74%; recall:  93.36%; FB1:  93.55  1829
    std::string summary() const;

private:
    span_counts overall_;
    std::map<std::string, span_counts> by_type_;
    std::size_t tokens_ = 0;
    std::size_t correct_tags_ = 0;
};

class accuracy_evaluation {
public:
    void add(const std::vector<std::string>& gold, const std::vector<std::string>& predicted);
    std::size_t tokens() const noexcept { return tokens_; }
    std::size_t correct() const noexcept { return correct_; }
    double accuracy() const noexcept { return tokens_ ? double(correct_) / double(tokens_) : 0.0; }
    // Per gold tag: (tokens, correct).
    const std::map<std::string, std::pair<std::size_t, std::size_t>>& by_tag() const noexcept { return by_tag_; }
    // "processed N tokens; correct: C.\naccuracy:  96.50%\n" then per-tag lines.
    std::string summary() const;

private:
    std::size_t tokens_ = 0;
    std::size_t correct_ = 0;
    std::map<std::string, std::pair<std::size_t, std::size_t>> by_tag_;
};

}  // namespace kg::extract
