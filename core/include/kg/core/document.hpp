#pragma once
// A source document: one news article.
#include <string>

namespace kg {

struct document {
    std::string id;      // unique within a graph: file stem, or the "id" of a JSONL line
    std::string title;   // headline; may be empty
    std::string source;  // where it came from: path, "path:line" or "-" for stdin
    std::string date;    // publication date as given, may be empty
    std::string url;     // may be empty
    std::string text;    // valid UTF-8 (invalid input is repaired on reading)
    std::string content_hash = {};  // of the text, "h" + 32 hex digits of XXH3-128 (kg::make_content_hash); kept in graphs, whose
                                    // documents drop their text (see kg::graph::knowledge_graph::add_document)
};

}  // namespace kg
