#pragma once
// Mentions: spans of tokens that name or refer to an entity.
#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace kg::extract {

enum class mention_kind {
    name,     // a proper name: "Rudolph Contreras", "Xiaomi"
    nominal,  // a description: "a federal judge", "the smartphone maker", "the ban"
    pronoun,  // "he", "its"
    value,    // a date, amount of money or percentage
};

struct mention {
    std::size_t sentence = 0;     // index into analyzed_text::sentences
    std::size_t first = 0;        // first token (index into analyzed_text::tokens)
    std::size_t last = 0;         // one past the last token
    mention_kind kind = mention_kind::name;
    std::string type;             // ontology entity type; empty when unknown
    bool type_is_guess = false;   // typed from the shape of the words only: a pattern may retype it
    std::string name;             // the name as written (normalized quotes/spaces)
    std::string canonical;        // canonical name from a lexicon, else empty
    std::string source;           // what found it: "lexicon", "ner", "title", "shape", "rule", "quote"
    std::map<std::string, std::vector<std::string>> attributes;  // "title": ["US District Judge"]
    long entity = -1;             // index of the resolved entity cluster, -1 when unresolved
};

}  // namespace kg::extract
