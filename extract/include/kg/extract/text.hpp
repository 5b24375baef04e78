#pragma once
// The analyzed text of one document: tokens and sentences with byte offsets
// into the (repaired, valid UTF-8) text, plus the taggers' output.
#include <cstddef>
#include <cstdint>
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
    // The dependency tree, parallel to `tokens`; empty when no parser ran.
    // head[i] is the index in `tokens` of token i's head, -1 for the root of
    // its sentence (a head is always in the same sentence); deprel[i] is the
    // Universal Dependencies relation with its subtype ("nsubj", "obl:agent",
    // "acl:relcl", "root").
    std::vector<std::int32_t> head;
    std::vector<std::string> deprel;
    bool has_parse() const noexcept { return !head.empty() && head.size() == tokens.size(); }
    kg::diagnostics diagnostics;
};

}  // namespace kg::extract
