#pragma once
// CoNLL column files (CoNLL-2000 / CoNLL-2003 style): one token per line with
// whitespace-separated columns (e.g. TOKEN POS CHUNK NER), a blank line between
// sentences, "-DOCSTART-" lines between documents (before or after them), IOB1
// or IOB2 tags, LF or CRLF line ends, with or without a final newline.
// Also the conversion of chunk tags to spans exactly as the conlleval script does.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace kg::extract {

struct conll_sentence {
    std::vector<std::vector<std::string>> rows;  // one row of columns per token
    std::vector<std::size_t> lines;              // 1-based line number of each row
    std::size_t size() const noexcept { return rows.size(); }
    // The given column of every row.
    std::vector<std::string> column(std::size_t c) const;
};

struct conll_document {
    std::vector<conll_sentence> sentences;
};

struct conll_corpus {
    std::string source;                     // file name, for messages
    std::size_t columns = 0;                // columns of every token row
    std::vector<conll_document> documents;  // non-empty documents in file order
    // Every line of the file without its line end, in order (for writing
    // predictions beside the gold lines).
    std::vector<std::string> lines;
    std::size_t docstart_lines = 0;  // -DOCSTART- lines (conlleval counts them as tokens tagged O)
    std::size_t token_count() const noexcept;
    std::size_t sentence_count() const noexcept;
};

// Parses CoNLL text. Token rows must all have the same number of columns
// (at least `min_columns`); a row with another count throws kg::input_error
// with `source_name` and the line.
conll_corpus parse_conll(std::string_view text, const std::string& source_name, std::size_t min_columns = 1);
// Reads and parses a file; kg::input_error when unreadable or malformed.
conll_corpus read_conll(const std::string& path, std::size_t min_columns = 1);

// True for a "-DOCSTART-" line (its first column).
bool is_docstart(std::string_view first_column) noexcept;

// A labelled chunk: tokens [begin, end) of one sentence.
struct labeled_span {
    std::size_t begin = 0;
    std::size_t end = 0;
    std::string type;  // "PER", "NP", ...
    friend auto operator<=>(const labeled_span&, const labeled_span&) = default;
};

// Chunks of a tag sequence as conlleval finds them: prefixes B, I, E, S, L, U
// and O are understood (IOB1, IOB2/BIO, IOE, BILOU); a tag is split at its
// first '-' into prefix and type; a type change always ends a chunk.
std::vector<labeled_span> tags_to_spans(const std::vector<std::string>& tags);

// Tag sequences for spans over `n` tokens.
std::vector<std::string> spans_to_bio(const std::vector<labeled_span>& spans, std::size_t n);
std::vector<std::string> spans_to_bilou(const std::vector<labeled_span>& spans, std::size_t n);

// IOB1: chunks start with I-, B- only where a chunk directly follows one of its type.
std::vector<std::string> spans_to_iob1(const std::vector<labeled_span>& spans, std::size_t n);

// IOB1 / IOE / BILOU / BIO in, BIO (IOB2) out.
std::vector<std::string> to_bio(const std::vector<std::string>& tags);
// Any scheme in, IOB1 out.
std::vector<std::string> to_iob1(const std::vector<std::string>& tags);
// True when some chunk of `tags` starts with an I- tag (the IOB1 convention).
bool uses_iob1(const std::vector<std::string>& tags);

// The gold file's lines with one more column: the predicted tag of each token
// row (in file order); blank and -DOCSTART- lines are copied unchanged. Ends
// with a newline. `predicted.size()` must equal the number of token rows.
std::string format_predictions(const conll_corpus& corpus, const std::vector<std::string>& predicted);

}  // namespace kg::extract
