#pragma once
// Verb lemmas for pattern matching: a pattern word written as a lemma
// ("sue", "buy") matches its inflected forms ("sued", "sues", "suing",
// "bought"). Regular inflections are derived by rule; irregular forms come
// from data/lexicons/verb_forms.tsv (generated from WordNet's verb.exc).
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace kg::extract {

class lemmatizer {
public:
    lemmatizer() = default;
    // Reads "form<TAB>lemma" rows; throws kg::data_error naming file and line.
    static lemmatizer load(const std::string& path);
    void add(std::string form, std::string lemma);

    // True when the case-folded `word` is `lemma` itself or one of its forms:
    // -s/-es/-ies, -ed/-d/-ied, -ing (dropped e, doubled consonant, -ie -> -ying),
    // or an irregular form of the table (won -> win).
    bool is_form_of(std::string_view word, std::string_view lemma) const;

    std::size_t irregular_count() const noexcept { return irregular_.size(); }

private:
    struct hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
    };
    std::vector<std::pair<std::string, std::string>> irregular_;  // sorted (form, lemma)
    // The lemmas of each irregular form: one hashed look-up per question
    // (pattern words are asked about at every token of every sentence).
    std::unordered_map<std::string, std::vector<std::string>, hash, std::equal_to<>> lemmas_of_;
};

}  // namespace kg::extract
