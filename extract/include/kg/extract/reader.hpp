#pragma once
// Reading articles: .txt files (one article), .jsonl files (one article per
// line: "id", "title", "text", optional "date", "url"), directories
// (recursively, .txt and .jsonl files in sorted order) and "-" for standard input.
// Bad input (unreadable, binary or empty files, malformed JSONL lines,
// documents over the size limit) becomes diagnostics naming the file and line;
// the other documents are still read. Diagnostics of severity error mean that
// something was skipped; warnings (repaired UTF-8, renamed ids) lose nothing.
//
// document_reader streams: it holds one document (one .txt file or one JSONL
// line) at a time, so JSONL input of any size is read in bounded memory.
#include <cstddef>
#include <cstdint>
#include <istream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kg/core/diagnostic.hpp"
#include "kg/core/document.hpp"

namespace kg::extract {

struct reader_options {
    // A document longer than this (a .txt file, a JSONL line, standard input
    // read as text) is skipped with an error naming it.
    std::size_t max_document_bytes = std::size_t{16} << 20;
};

class document_reader {
public:
    // Files, directories and "-" (standard input, read as JSONL when its first
    // character is '{', else as one article), in the order given.
    document_reader(const std::vector<std::string>& inputs, std::istream& stdin_stream, reader_options options = {});
    // JSONL only, from `in`: `source_name` names it in diagnostics and in the
    // documents' sources ("-" for standard input); its first line is numbered
    // `first_line` (for a shard cut out of a larger file).
    static document_reader jsonl(std::istream& in, const std::string& source_name, std::size_t first_line = 1,
                                 reader_options options = {});

    document_reader(document_reader&&) noexcept;
    document_reader& operator=(document_reader&&) noexcept;
    ~document_reader();

    // The next document, or nothing when every input has been read. Problems
    // met on the way are appended to `diagnostics`.
    std::optional<document> next(kg::diagnostics& diagnostics);

    // Bytes of input consumed so far.
    std::uint64_t bytes_read() const noexcept;
    // Total size of the input files; 0 when unknown (standard input).
    std::uint64_t bytes_total() const noexcept;

private:
    struct state;
    explicit document_reader(std::unique_ptr<state> s);
    std::unique_ptr<state> state_;
};

struct read_result {
    std::vector<document> documents;
    kg::diagnostics diagnostics;
};

// For a .txt article: the id is the file name without extension (made unique
// with a numeric suffix when two inputs share it), the title is the first line
// when it has no final period, the text is the whole file with invalid UTF-8 repaired.
// Reads everything at once (document_reader, collected).
read_result read_inputs(const std::vector<std::string>& inputs, std::istream& stdin_stream,
                        reader_options options = {});

// Parses one JSONL stream; `source_name` names it in diagnostics.
read_result read_jsonl(std::string_view content, const std::string& source_name, reader_options options = {});

}  // namespace kg::extract
