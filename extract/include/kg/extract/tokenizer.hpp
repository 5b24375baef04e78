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
    // Entries written in lower case ("vs.", "etc.") also match lower-case text;
    // capitalised entries ("Ill.", "Inc.") match only text that starts with a capital.
    static tokenizer load(const std::string& abbreviations_path);
    // `abbreviations`: lower-cased, without the final period, matched when the
    // word starts with a capital; `lowercase_abbreviations`: those that also
    // match an all-lower-case word. Both empty: a built-in English list.
    explicit tokenizer(std::set<std::string, std::less<>> abbreviations = {},
                       std::set<std::string, std::less<>> lowercase_abbreviations = {});

    // Never throws on bad text: invalid UTF-8 is repaired with U+FFFD and
    // reported as a diagnostic attributed to `source_name`.
    analyzed_text analyze(std::string_view text, const std::string& source_name = {}) const;

private:
    std::set<std::string, std::less<>> abbreviations_;  // without the final period, lower-cased: "u.s", "mr", "inc"
    std::set<std::string, std::less<>> lowercase_abbreviations_;  // subset that also matches lower-case words: "vs", "etc"
};

}  // namespace kg::extract
