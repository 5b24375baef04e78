#pragma once
// SpERT-format relation data (the JSON of the CoNLL04 split files): an array
// of sentences, each {"tokens": [...], "entities": [{"type", "start", "end"}],
// "relations": [{"type", "head", "tail"}]} with token offsets, `end`
// exclusive, and `head`/`tail` indexes into the sentence's entities.
// Other members are ignored, except "orig_id", which is kept and written back.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace kg::extract {

struct spert_entity {
    std::string type;       // "Peop", "Org", "Loc", "Other"
    std::size_t start = 0;  // first token
    std::size_t end = 0;    // one past the last token
    friend bool operator==(const spert_entity&, const spert_entity&) = default;
};

struct spert_relation {
    std::string type;      // "Work_For", "Kill", ...
    std::size_t head = 0;  // index into spert_sentence::entities
    std::size_t tail = 0;
    friend bool operator==(const spert_relation&, const spert_relation&) = default;
};

struct spert_sentence {
    std::vector<std::string> tokens;
    std::vector<spert_entity> entities;
    std::vector<spert_relation> relations;
    std::string orig_id;  // the "orig_id" member as JSON text (a number or a quoted string); empty when absent
};

// Parses SpERT JSON. Throws kg::input_error naming `source_name` and, for
// syntax errors, the line; for bad contents the sentence (1-based) and what is
// wrong (missing member, offsets out of range, empty span, dangling head/tail).
std::vector<spert_sentence> parse_spert(std::string_view json, const std::string& source_name);
// Reads and parses a file (kg::input_error when unreadable or malformed).
std::vector<spert_sentence> read_spert(const std::string& path);
// The sentences as SpERT JSON (one sentence per line inside the array; ends
// with a newline). Deterministic.
std::string format_spert(const std::vector<spert_sentence>& sentences);

}  // namespace kg::extract
