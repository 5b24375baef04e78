#pragma once
// The analyzed text of one document: tokens and sentences with byte offsets
// into the (repaired, valid UTF-8) text, plus the taggers' output.
#include <cstddef>
#include <string>
#include <vector>

#include "kg/core/diagnostic.hpp"
#include "kg/core/span.hpp"

namespace kg::extract {

struct token {
    span bytes;        // byte offsets into analyzed_text::text
    std::string text;  // surface form, exactly as in the text
    std::string norm;  // form the taggers see: NFKC, curly quotes/apostrophes and dashes mapped
                       // to the ASCII forms of the CoNLL/PTB conventions (“ ” -> ", ’s -> 's, … -> ...)
};

struct sentence {
    span bytes;                    // byte span of the sentence in the text
    std::size_t first_token = 0;   // index into analyzed_text::tokens
    std::size_t last_token = 0;    // one past the last token
    std::size_t paragraph = 0;     // 0-based paragraph number (blank lines separate paragraphs)
    std::size_t size() const noexcept { return last_token - first_token; }
};

struct analyzed_text {
    std::string text;                 // the document text, valid UTF-8
    std::vector<token> tokens;
    std::vector<sentence> sentences;
    // Per-token tagger output, parallel to `tokens`; empty when the tagger was not run.
    std::vector<std::string> pos;     // Penn Treebank tags
    std::vector<std::string> chunk;   // BIO chunk tags (B-NP, I-VP, O)
    std::vector<std::string> ner;     // BIO entity tags (B-PER, I-ORG, B-LOC, B-MISC, O)
    kg::diagnostics diagnostics;
};

}  // namespace kg::extract
