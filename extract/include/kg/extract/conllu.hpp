#pragma once
// CoNLL-U files (Universal Dependencies): comment lines ("# text = ..."),
// word lines of 10 tab-separated columns ID FORM LEMMA UPOS XPOS FEATS HEAD
// DEPREL DEPS MISC, a blank line after each sentence. Multi-word token lines
// (ID "1-2") and empty nodes (ID "8.1") are kept for writing but are not
// words of the tree. Reading and writing only: this is corpus code (used by
// the parser's trainer and `kg eval parser`), not part of the parse stage.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kg::extract {

struct conllu_sentence {
    std::vector<std::string> comments;  // comment lines without their line ends, in order ("# sent_id = 1")
    std::string text;                   // the value of "# text = ..." ("" when absent)
    // The words of the tree (IDs 1..n), parallel vectors.
    std::vector<std::string> form, lemma, upos, xpos, feats, deps, misc;
    std::vector<std::int32_t> head;     // 0-based index of the head word, -1 for the root (HEAD 0)
    std::vector<std::string> deprel;    // relation with subtype ("nsubj:pass")
    // Every non-comment line of the sentence as read, in order; word_line[i]
    // is the index in `lines` of word i (the others are multi-word tokens and
    // empty nodes).
    std::vector<std::string> lines;
    std::vector<std::size_t> word_line;
    std::size_t first_line = 0;         // 1-based line number of the sentence's first line
    std::size_t size() const noexcept { return form.size(); }
};

struct conllu_corpus {
    std::string source;
    std::vector<conllu_sentence> sentences;
    std::size_t word_count() const noexcept;
};

// Parses CoNLL-U text; a malformed line (wrong column count, bad ID or HEAD,
// a head outside the sentence) throws kg::input_error with `source` and its line.
conllu_corpus parse_conllu(std::string_view text, const std::string& source);
conllu_corpus read_conllu(const std::string& path);

// The corpus as CoNLL-U text, sentence for sentence and line for line as
// read, with HEAD and DEPREL of each word replaced by heads[s][i] (-1: root)
// and deprels[s][i]; ends each sentence with a blank line.
std::string format_conllu(const conllu_corpus& corpus, const std::vector<std::vector<std::int32_t>>& heads,
                          const std::vector<std::vector<std::string>>& deprels);

// The universal part of a relation: "nsubj:pass" -> "nsubj".
std::string_view universal_relation(std::string_view deprel) noexcept;

// Whether a tree (heads as above) has crossing arcs.
bool is_projective(const std::vector<std::int32_t>& head);

// Attachment scores over all words (punctuation included); the relation is
// compared on its universal part.
struct attachment_scores {
    std::size_t words = 0, head_correct = 0, labeled_correct = 0;
    void add(const std::vector<std::int32_t>& gold_head, const std::vector<std::string>& gold_rel,
             const std::vector<std::int32_t>& head, const std::vector<std::string>& rel);
    double uas() const noexcept { return words ? 100.0 * static_cast<double>(head_correct) / static_cast<double>(words) : 0.0; }
    double las() const noexcept { return words ? 100.0 * static_cast<double>(labeled_correct) / static_cast<double>(words) : 0.0; }
};

}  // namespace kg::extract
