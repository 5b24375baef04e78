#pragma once
// Lexicons: the data files (data/lexicons/*.tsv) that drive recognition and
// fact extraction. Every file is UTF-8 text, one entry per line, fields
// separated by tabs, '#' starts a comment line. Loading errors throw
// kg::data_error naming the file and line.
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "kg/extract/tokenizer.hpp"

namespace kg::extract {

// One parsed line of a TSV data file.
struct tsv_row {
    std::size_t line = 0;
    std::vector<std::string> fields;
};

// Reads a TSV data file; rows must have between min_fields and max_fields fields.
std::vector<tsv_row> read_tsv(const std::string& path, std::size_t min_fields, std::size_t max_fields);

// Lower-cases a phrase with Unicode case folding and collapses whitespace.
std::string fold_phrase(std::string_view s);

// A map from (case-folded, whitespace-normalized) phrases of one or more
// tokens to a value, matched longest-first over token sequences.
class phrase_table {
public:
    void add(const std::vector<std::string>& folded_tokens, std::string value);
    // Longest entry matching the folded tokens starting at `first`; returns
    // the number of tokens matched (0 when none) and the value.
    std::size_t match(const std::vector<std::string>& folded_tokens, std::size_t first,
                      std::size_t last, const std::string** value = nullptr) const;
    const std::string* find(std::string_view folded_word) const;
    bool empty() const noexcept { return entries_.empty(); }
    std::size_t size() const noexcept { return entries_.size(); }

private:
    std::map<std::string, std::string, std::less<>> entries_;  // folded phrase -> value
    std::set<std::string, std::less<>> first_words_;           // first token of every phrase
    std::size_t max_tokens_ = 0;
};

// A named entity the lexicon knows: canonical name, ontology type and aliases.
struct lexicon_entry {
    std::string name;
    std::string type;
    std::vector<std::string> aliases;
};

// data/lexicons/entities.tsv: `name<TAB>Type<TAB>alias|alias|...`. Matching is
// case-sensitive on the tokens' normalized forms (Apple the company, not apple
// the fruit), and also accepts an all-capitals spelling (headlines).
class entity_lexicon {
public:
    // Entry phrases are split into tokens by `tok`, as the text will be. With
    // `known_type`, an entry whose type it refuses is a kg::data_error naming
    // the file and line.
    static entity_lexicon load(const std::string& path, const tokenizer& tok,
                               const std::function<bool(const std::string&)>& known_type = {});
    void add(lexicon_entry e, const tokenizer& tok);
    // Longest match starting at token `first` (within [first, last)); returns tokens matched.
    std::size_t match(const std::vector<std::string>& norm_tokens, std::size_t first, std::size_t last,
                      const lexicon_entry** entry) const;
    const std::vector<lexicon_entry>& entries() const noexcept { return entries_; }
    // The entry with this canonical name, or null.
    const lexicon_entry* find(std::string_view name) const;

private:
    std::vector<lexicon_entry> entries_;
    std::map<std::string, std::size_t, std::less<>> by_name_;  // canonical name -> entry
    std::map<std::string, std::size_t, std::less<>> index_;  // "tok tok" (space-joined) -> entry
    std::set<std::string, std::less<>> first_words_;         // first token of every indexed phrase
    std::size_t max_tokens_ = 0;
};

// The tokens' normalized forms of a phrase, as `tok` splits it.
std::vector<std::string> phrase_tokens(const tokenizer& tok, std::string_view phrase);

}  // namespace kg::extract
