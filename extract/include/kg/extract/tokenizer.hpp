#pragma once
// English news tokenizer and sentence splitter. Tokens follow the CoNLL-2003 /
// Penn Treebank conventions the taggers were trained on: clitics split
// ("Xiaomi’s" -> "Xiaomi" "’s", "isn’t" -> "is" "n’t"), punctuation split off,
// abbreviations (U.S., Mr., Dec., Inc.) kept whole, numbers and money kept whole
// ($28.3bn -> "$" "28.3bn", 51% -> "51" "%", 2-1 kept), hyphenated words kept whole.
// Sentences end at . ! ? (not after an abbreviation followed by a lower-case
// word or a number), at blank lines (paragraphs) and at line ends of headlines.
#include <set>
#include <string>
#include <string_view>

#include "kg/extract/text.hpp"

namespace kg::extract {

class tokenizer {
public:
    // Loads the abbreviation list (one per line, '#' comments), e.g. data/lexicons/abbreviations.txt.
    // Throws kg::data_error naming the file.
    static tokenizer load(const std::string& abbreviations_path);
    explicit tokenizer(std::set<std::string, std::less<>> abbreviations = {});

    // Never throws on bad text: invalid UTF-8 is repaired with U+FFFD and
    // reported as a diagnostic attributed to `source_name`.
    analyzed_text analyze(std::string_view text, const std::string& source_name = {}) const;

private:
    std::set<std::string, std::less<>> abbreviations_;  // without the final period, lower-cased: "u.s", "mr", "inc"
};

}  // namespace kg::extract
