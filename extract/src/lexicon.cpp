#include "kg/extract/lexicon.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <unicode/unistr.h>

#include "kg/core/error.hpp"
#include "kg/core/io.hpp"
#include "kg/core/utf8.hpp"

namespace kg::extract {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\r')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

std::string join(const std::vector<std::string>& parts, std::size_t first, std::size_t last) {
    std::string out;
    for (std::size_t i = first; i < last; ++i) {
        if (i > first) out.push_back(' ');
        out += parts[i];
    }
    return out;
}

std::string upper(std::string_view s) {
    std::string out;
    icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size()))).toUpper().toUTF8String(out);
    return out;
}

}  // namespace

std::vector<tsv_row> read_tsv(const std::string& path, std::size_t min_fields, std::size_t max_fields) {
    std::string content;
    std::vector<tsv_row> rows;
    for (auto& line : read_data_lines(path, content)) {
        tsv_row row;
        row.line = line.number;
        std::size_t start = 0;
        while (true) {
            std::size_t tab = line.text.find('\t', start);
            row.fields.emplace_back(trim(line.text.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start)));
            if (tab == std::string_view::npos) break;
            start = tab + 1;
        }
        while (row.fields.size() > min_fields && row.fields.back().empty()) row.fields.pop_back();
        if (row.fields.size() < min_fields || row.fields.size() > max_fields || row.fields.front().empty())
            throw data_error(fmt::format("expected {} to {} tab-separated fields, found {}", min_fields, max_fields,
                                         row.fields.size()),
                             path, line.number);
        rows.push_back(std::move(row));
    }
    return rows;
}

std::string fold_phrase(std::string_view s) {
    std::string out;
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
    u.foldCase();
    std::string folded;
    u.toUTF8String(folded);
    bool space = false;
    for (char c : folded) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = !out.empty();
            continue;
        }
        if (space) out.push_back(' ');
        space = false;
        out.push_back(c);
    }
    return out;
}

std::vector<std::string> phrase_tokens(const tokenizer& tok, std::string_view phrase) {
    auto analyzed = tok.analyze(phrase);
    std::vector<std::string> out;
    out.reserve(analyzed.tokens.size());
    for (auto& t : analyzed.tokens) out.push_back(t.norm);
    return out;
}

// ---------------------------------------------------------------- phrase_table

void phrase_table::add(const std::vector<std::string>& folded_tokens, std::string value) {
    max_tokens_ = std::max(max_tokens_, folded_tokens.size());
    if (!folded_tokens.empty()) first_words_.insert(folded_tokens.front());
    entries_.insert_or_assign(join(folded_tokens, 0, folded_tokens.size()), std::move(value));
}

std::size_t phrase_table::match(const std::vector<std::string>& folded_tokens, std::size_t first, std::size_t last,
                                const std::string** value) const {
    if (first >= last || !first_words_.count(folded_tokens[first])) return 0;
    std::size_t longest = std::min(max_tokens_, last > first ? last - first : 0);
    for (std::size_t n = longest; n > 0; --n) {
        auto it = entries_.find(join(folded_tokens, first, first + n));
        if (it != entries_.end()) {
            if (value) *value = &it->second;
            return n;
        }
    }
    return 0;
}

const std::string* phrase_table::find(std::string_view folded_word) const {
    auto it = entries_.find(folded_word);
    return it == entries_.end() ? nullptr : &it->second;
}

// -------------------------------------------------------------- entity_lexicon

entity_lexicon entity_lexicon::load(const std::string& path, const tokenizer& tok,
                                    const std::function<bool(const std::string&)>& known_type) {
    entity_lexicon lex;
    for (auto& row : read_tsv(path, 2, 3)) {
        lexicon_entry e;
        e.name = row.fields[0];
        e.type = row.fields[1];
        if (known_type && !known_type(e.type))
            throw data_error(fmt::format("entity '{}': unknown type '{}'", e.name, e.type), path, row.line);
        if (row.fields.size() > 2) {
            std::string_view rest = row.fields[2];
            std::size_t start = 0;
            while (start <= rest.size()) {
                std::size_t bar = rest.find('|', start);
                auto alias = trim(rest.substr(start, bar == std::string_view::npos ? std::string_view::npos : bar - start));
                if (!alias.empty()) e.aliases.emplace_back(alias);
                if (bar == std::string_view::npos) break;
                start = bar + 1;
            }
        }
        lex.add(std::move(e), tok);
    }
    return lex;
}

void entity_lexicon::add(lexicon_entry e, const tokenizer& tok) {
    // A name already listed gains the new aliases (the alias table adds to entities.tsv).
    bool known = by_name_.count(e.name) > 0;
    std::size_t index = known ? by_name_.find(e.name)->second : entries_.size();
    auto index_phrase = [&](const std::string& phrase) {
        auto toks = phrase_tokens(tok, phrase);
        if (toks.empty()) return;
        max_tokens_ = std::max(max_tokens_, toks.size());
        std::string key = join(toks, 0, toks.size());
        index_.emplace(key, index);         // first entry wins on conflicts
        index_.emplace(upper(key), index);  // ALL-CAPS headlines
        first_words_.insert(toks.front());
        first_words_.insert(upper(toks.front()));
    };
    index_phrase(e.name);
    for (auto& a : e.aliases) index_phrase(a);
    if (known) {
        auto& into = entries_[index];
        into.aliases.insert(into.aliases.end(), e.aliases.begin(), e.aliases.end());
        return;
    }
    by_name_.emplace(e.name, index);
    entries_.push_back(std::move(e));
}

const lexicon_entry* entity_lexicon::find(std::string_view name) const {
    auto it = by_name_.find(name);
    return it == by_name_.end() ? nullptr : &entries_[it->second];
}

std::size_t entity_lexicon::match(const std::vector<std::string>& norm_tokens, std::size_t first, std::size_t last,
                                  const lexicon_entry** entry) const {
    if (first >= last || !first_words_.count(norm_tokens[first])) return 0;
    std::size_t longest = std::min(max_tokens_, last > first ? last - first : 0);
    for (std::size_t n = longest; n > 0; --n) {
        auto it = index_.find(join(norm_tokens, first, first + n));
        if (it != index_.end()) {
            if (entry) *entry = &entries_[it->second];
            return n;
        }
    }
    return 0;
}

}  // namespace kg::extract
