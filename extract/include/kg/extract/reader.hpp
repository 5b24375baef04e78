#pragma once
// Reading articles: .txt files (one article), .jsonl files (one article per
// line: "id", "title", "text", optional "date", "url"), directories
// (recursively, .txt and .jsonl files in sorted order) and "-" for standard input.
// Bad input (unreadable, binary or empty files, malformed JSONL lines) becomes
// diagnostics naming the file and line; the other documents are still read.
#include <istream>
#include <string>
#include <vector>

#include "kg/core/diagnostic.hpp"
#include "kg/core/document.hpp"

namespace kg::extract {

struct read_result {
    std::vector<document> documents;
    kg::diagnostics diagnostics;
};

// For a .txt article: the id is the file name without extension (made unique
// with a numeric suffix when two inputs share it), the title is the first line
// when it has no final period, the text is the whole file with invalid UTF-8 repaired.
read_result read_inputs(const std::vector<std::string>& inputs, std::istream& stdin_stream);

// Parses one JSONL stream; `source_name` names it in diagnostics.
read_result read_jsonl(std::string_view content, const std::string& source_name);

}  // namespace kg::extract
