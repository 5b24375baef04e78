// English news tokenizer and sentence splitter (see tokenizer.hpp).
//
// Pass 1 cuts the text into whitespace-separated chunks and each chunk into
// tokens (word pieces joined by word-internal punctuation, clitics split off,
// punctuation and symbols as tokens of their own). Pass 2 groups the tokens
// into sentences and paragraphs from the token kinds and the whitespace
// between them. Both passes are linear in the size of the text.
#include "kg/extract/tokenizer.hpp"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <string_view>

#include <fmt/format.h>
#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "kg/core/error.hpp"
#include "kg/core/io.hpp"
#include "kg/core/utf8.hpp"

namespace kg::extract {
namespace detail {
namespace {

enum class char_class : std::uint8_t {
    space,    // whitespace, controls, invisible format characters
    letter,
    digit,
    mark,     // combining marks and word-internal format characters (soft hyphen, ZWJ, ZWNJ)
    punct,    // punctuation (and every ASCII symbol)
    symbol,   // non-ASCII symbols, emoji, private use, unassigned
};

struct code_point {
    UChar32 c;
    std::size_t begin;
    std::size_t end;
    char_class cls;
};

inline bool is_wordish(char_class k) noexcept {
    return k == char_class::letter || k == char_class::digit || k == char_class::mark;
}

char_class classify(UChar32 c) noexcept {
    if (c < 0x80) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return char_class::letter;
        if (c >= '0' && c <= '9') return char_class::digit;
        if (c <= 0x20 || c == 0x7F) return char_class::space;
        return char_class::punct;
    }
    if (c == 0x00AD || c == 0x200C || c == 0x200D) return char_class::mark;
    if (u_isUWhiteSpace(c)) return char_class::space;
    switch (u_charType(c)) {
        case U_UPPERCASE_LETTER:
        case U_LOWERCASE_LETTER:
        case U_TITLECASE_LETTER:
        case U_MODIFIER_LETTER:
        case U_OTHER_LETTER: return char_class::letter;
        case U_DECIMAL_DIGIT_NUMBER:
        case U_LETTER_NUMBER:
        case U_OTHER_NUMBER: return char_class::digit;
        case U_NON_SPACING_MARK:
        case U_ENCLOSING_MARK:
        case U_COMBINING_SPACING_MARK: return char_class::mark;
        case U_CONTROL_CHAR:
        case U_FORMAT_CHAR:
        case U_SPACE_SEPARATOR:
        case U_LINE_SEPARATOR:
        case U_PARAGRAPH_SEPARATOR: return char_class::space;
        case U_DASH_PUNCTUATION:
        case U_START_PUNCTUATION:
        case U_END_PUNCTUATION:
        case U_CONNECTOR_PUNCTUATION:
        case U_OTHER_PUNCTUATION:
        case U_INITIAL_PUNCTUATION:
        case U_FINAL_PUNCTUATION: return char_class::punct;
        default: return char_class::symbol;
    }
}

// Decodes the code point at `i` of valid UTF-8 text.
inline UChar32 decode(std::string_view text, std::size_t& i) noexcept {
    const auto c0 = static_cast<unsigned char>(text[i]);
    if (c0 < 0x80) {
        ++i;
        return c0;
    }
    auto pos = static_cast<int32_t>(i);
    UChar32 c;
    U8_NEXT(reinterpret_cast<const uint8_t*>(text.data()), pos, static_cast<int32_t>(text.size()), c);
    i = static_cast<std::size_t>(pos);
    return c < 0 ? 0xFFFD : c;
}

inline bool is_apostrophe(UChar32 c) noexcept { return c == '\'' || c == 0x2019; }
inline bool is_hyphen(UChar32 c) noexcept { return c == '-' || c == 0x2010 || c == 0x2011; }
inline bool is_ascii_upper(char c) noexcept { return c >= 'A' && c <= 'Z'; }
inline char ascii_lower(char c) noexcept { return is_ascii_upper(c) ? static_cast<char>(c - 'A' + 'a') : c; }

// Titles before a name: "Mr." "Dr." "St." never end a sentence.
constexpr std::string_view title_abbreviations[] = {
    "adm", "amb", "atty", "brig", "capt", "cdr", "cmdr", "cmdt", "col", "cpl", "det", "dr", "drs", "fr",
    "ft", "gen", "gens", "gov", "hon", "insp", "lt", "maj", "messrs", "mmes", "mr", "mrs", "ms", "mt",
    "pres", "prof", "pvt", "rep", "reps", "rev", "sen", "sens", "sgt", "st", "supt", "v"};

// Abbreviations that are only abbreviations before a number ("No. 5").
constexpr std::string_view numeric_abbreviations[] = {"no", "nos"};

// Capitalised words that commonly start a sentence: an abbreviation such as
// "U.S." or "Inc." followed by one of these ends its sentence.
constexpr std::string_view sentence_starters[] = {
    "a", "according", "after", "again", "all", "also", "although", "an", "and", "another", "as", "at",
    "because", "before", "both", "but", "by", "despite", "during", "each", "earlier", "even", "for",
    "from", "he", "her", "here", "his", "how", "however", "i", "if", "in", "instead", "it", "its",
    "last", "later", "many", "meanwhile", "more", "most", "my", "neither", "no", "nor", "not", "now",
    "on", "one", "only", "other", "our", "she", "since", "so", "some", "still", "that", "the",
    "their", "then", "there", "these", "they", "this", "those", "though", "to", "under", "we", "what",
    "when", "where", "while", "who", "yet", "besides", "unlike", "with", "among", "several", "two", "three",
    "following", "until", "you", "your", "why"};

// Lower-case words after which a line break does not end a sentence.
constexpr std::string_view continuation_words[] = {
    "a", "an", "and", "at", "by", "for", "from", "in", "of", "on", "or", "than", "the", "to", "with", "that"};

template <std::size_t N>
bool contains(const std::string_view (&words)[N], std::string_view w) noexcept {
    return std::find(std::begin(words), std::end(words), w) != std::end(words);
}

// The built-in list used when the tokenizer is built without one.
constexpr std::string_view default_abbreviations[] = {
    "mr", "mrs", "ms", "messrs", "dr", "prof", "rev", "hon", "sr", "jr", "st", "mt", "ft", "gov", "sen",
    "rep", "gen", "lt", "col", "maj", "capt", "cmdr", "adm", "sgt", "cpl", "pvt", "inc", "corp", "ltd",
    "co", "cos", "bros", "plc", "dept", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
    "oct", "nov", "dec", "calif", "fla", "mass", "no", "nos", "vs", "v", "etc", "approx", "cf", "al",
    "fig", "vol", "pp"};
constexpr std::string_view default_lowercase_abbreviations[] = {
    "vs", "v", "etc", "approx", "cf", "al", "fig", "vol", "pp", "no"};

enum class token_kind : std::uint8_t {
    word,
    period,        // "."
    terminal,      // "!" "?" and runs of them
    ellipsis,      // "..." "…"
    closer,        // closing quote or bracket
    abbreviation,  // kept with its period: "U.S." "Inc." "e.g."
    title,         // "Mr." "Dr." "St.": never ends a sentence
    initial,       // "J." never ends a sentence on its line
    list_number,   // "1." at the start of a line
    other,
};

struct token_info {
    std::uint32_t newlines_before = 0;  // line breaks in the whitespace before the token
    bool space_before = false;          // whitespace (or start of text) before the token
    token_kind kind = token_kind::word;
};

std::string lower_ascii(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = ascii_lower(c);
    return out;
}

// The tagger form of a token.
std::string normalize(std::string_view text) {
    bool ascii = true;
    for (char ch : text)
        if (static_cast<unsigned char>(ch) >= 0x80) {
            ascii = false;
            break;
        }
    if (ascii) return std::string(text);
    std::string mapped;
    mapped.reserve(text.size());
    bool still_non_ascii = false;
    for (std::size_t i = 0; i < text.size();) {
        std::size_t start = i;
        UChar32 c = decode(text, i);
        switch (c) {
            case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033: mapped += '"'; break;
            case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032: mapped += '\''; break;
            case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2212: mapped += '-'; break;
            case 0x2014: case 0x2015: mapped += "--"; break;
            case 0x2026: mapped += "..."; break;
            default:
                mapped.append(text.substr(start, i - start));
                if (c >= 0x80) still_non_ascii = true;
        }
    }
    if (!still_non_ascii) return mapped;
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
    if (U_FAILURE(status) || nfkc == nullptr) return mapped;
    if (nfkc->isNormalizedUTF8(mapped, status) && U_SUCCESS(status)) return mapped;
    status = U_ZERO_ERROR;
    std::string out;
    icu::StringByteSink<std::string> sink(&out, static_cast<int32_t>(mapped.size()));
    nfkc->normalizeUTF8(0, mapped, sink, nullptr, status);
    if (U_FAILURE(status) || out.empty()) return mapped;
    return out;
}

// Pass 1: chunks into tokens.
class segmenter {
public:
    segmenter(std::string_view text, const std::set<std::string, std::less<>>& abbreviations,
              const std::set<std::string, std::less<>>& lowercase_abbreviations, analyzed_text& out,
              std::vector<token_info>& info)
        : text_(text), abbreviations_(abbreviations), lowercase_abbreviations_(lowercase_abbreviations),
          out_(out), info_(info) {}

    // Returns the number of control characters treated as whitespace.
    std::size_t run() {
        std::size_t controls = 0;
        std::uint32_t newlines = 0;
        bool at_start = true;
        std::size_t i = 0;
        const std::size_t n = text_.size();
        while (i < n) {
            std::size_t start = i;
            UChar32 c = decode(text_, i);
            char_class k = classify(c);
            if (k == char_class::space) {
                if (c == '\n' || c == 0x2028 || c == 0x0085) ++newlines;
                else if (c == '\r' && (i >= n || text_[i] != '\n')) ++newlines;
                else if (c == 0x2029) newlines += 2;
                else if (c < 0x20 && c != '\t' && c != '\f' && c != '\v' && c != '\r') ++controls;
                else if (c == 0x7F) ++controls;
                continue;
            }
            // A chunk: up to the next whitespace.
            chunk_.clear();
            chunk_.push_back({c, start, i, k});
            while (i < n) {
                std::size_t s = i;
                std::size_t j = i;
                UChar32 d = decode(text_, j);
                char_class dk = classify(d);
                if (dk == char_class::space) break;
                chunk_.push_back({d, s, j, dk});
                i = j;
            }
            // Peek past the chunk: does the line go on, does a digit follow?
            peek(i);
            line_start_ = at_start || newlines > 0;
            chunk_newlines_ = newlines;
            first_in_chunk_ = true;
            process_chunk();
            newlines = 0;
            at_start = false;
        }
        return controls;
    }

private:
    void peek(std::size_t i) {
        line_continues_ = false;
        next_is_digit_ = false;
        next_all_caps_ = false;
        const std::size_t n = text_.size();
        while (i < n) {
            UChar32 c = decode(text_, i);
            if (c == '\n' || c == '\r' || c == 0x2028 || c == 0x2029 || c == 0x85) return;
            if (classify(c) == char_class::space) continue;
            line_continues_ = true;
            next_is_digit_ = c < 0x80 ? (c >= '0' && c <= '9') : u_isdigit(c) != 0;
            // Is the next word in capitals ("ST. LOUIS")?
            std::size_t letters = 0;
            for (std::size_t x = i - 1; x < n && is_ascii_upper(text_[x]); ++x) ++letters;
            const bool word_ends = i - 1 + letters >= n || !((text_[i - 1 + letters] >= 'a' && text_[i - 1 + letters] <= 'z'));
            next_all_caps_ = letters >= 2 && word_ends;
            return;
        }
    }

    void emit(std::size_t from, std::size_t to, token_kind kind) {
        const std::size_t b = chunk_[from].begin;
        const std::size_t e = chunk_[to - 1].end;
        token t;
        t.bytes = {b, e};
        t.text.assign(text_.substr(b, e - b));
        t.norm = normalize(t.text);
        out_.tokens.push_back(std::move(t));
        token_info ti;
        ti.kind = kind;
        if (first_in_chunk_) {
            ti.space_before = true;
            ti.newlines_before = chunk_newlines_;
            first_in_chunk_ = false;
        }
        info_.push_back(ti);
    }

    std::string_view bytes(std::size_t from, std::size_t to) const {
        return text_.substr(chunk_[from].begin, chunk_[to - 1].end - chunk_[from].begin);
    }

    bool looks_like_url(std::size_t from) const {
        std::string_view rest = text_.substr(chunk_[from].begin, chunk_.back().end - chunk_[from].begin);
        auto starts = [&](std::string_view p) {
            if (rest.size() < p.size()) return false;
            for (std::size_t i = 0; i < p.size(); ++i)
                if (ascii_lower(rest[i]) != p[i]) return false;
            return true;
        };
        if (starts("http://") || starts("https://") || starts("ftp://") || starts("www.")) return rest.size() > 4;
        // e-mail: word@word.word
        auto at = rest.find('@');
        if (at == std::string_view::npos || at == 0) return false;
        auto dot = rest.find('.', at + 1);
        if (dot == std::string_view::npos || dot == at + 1 || dot + 1 >= rest.size()) return false;
        auto alnum = [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                   static_cast<unsigned char>(c) >= 0x80;
        };
        return alnum(rest[at - 1]) && alnum(rest[at + 1]) && alnum(rest[dot + 1]);
    }

    static bool is_opener(UChar32 c) noexcept {
        switch (c) {
            case '"': case '\'': case '(': case '[': case '{': case '<': case '`':
            case 0x201C: case 0x2018: case 0x201E: case 0x201A: case 0x00AB: case 0x2039:
                return true;
            default: return false;
        }
    }
    static bool is_url_trailer(UChar32 c) noexcept {
        switch (c) {
            case '.': case ',': case ';': case ':': case '!': case '?': case ')': case ']': case '}':
            case '"': case '\'': case '>': case 0x201D: case 0x2019: case 0x00BB: case 0x203A: case 0x2026:
                return true;
            default: return false;
        }
    }

    void process_chunk() {
        const std::size_t m = chunk_.size();
        if (is_clitic_chunk()) {
            emit(0, m, token_kind::word);
            return;
        }
        std::size_t lead = 0;
        while (lead < m && is_opener(chunk_[lead].c)) ++lead;
        if (lead < m && looks_like_url(lead)) {
            segment(0, lead);
            std::size_t end = m;
            while (end > lead + 1 && is_url_trailer(chunk_[end - 1].c)) --end;
            emit(lead, end, token_kind::word);
            segment(end, m);
            return;
        }
        segment(0, m);
    }

    // May `chunk_[j]` join the word pieces on both sides of it?
    bool joins(std::size_t j, std::size_t to) const {
        if (j == 0 || j + 1 >= to) return false;
        const code_point& prev = chunk_[j - 1];
        const code_point& next = chunk_[j + 1];
        if (!is_wordish(prev.cls) || !is_wordish(next.cls)) return false;
        const UChar32 c = chunk_[j].c;
        const bool digits = prev.cls == char_class::digit && next.cls == char_class::digit;
        switch (c) {
            case '.': case '-': case 0x2010: case 0x2011: case '/': case '_': return true;
            case ',': case ':': case 0x2013: return digits;
            case '&': return prev.cls == char_class::letter && next.cls == char_class::letter;
            case '\'': case 0x2019: return next.cls == char_class::letter;
            default: return false;
        }
    }

    bool is_initial(std::size_t from, std::size_t to) const {
        return to == from + 1 && chunk_[from].cls == char_class::letter && u_isupper(chunk_[from].c);
    }

    // Letters separated by periods: U.S, e.g, a.m, Ph.D.
    bool is_acronym(std::size_t from, std::size_t to) const {
        std::size_t segments = 0, len = 0;
        for (std::size_t j = from; j < to; ++j) {
            if (chunk_[j].c == '.') {
                if (len == 0 || len > 3) return false;
                ++segments;
                len = 0;
            } else if (chunk_[j].cls == char_class::letter) {
                ++len;
            } else {
                return false;
            }
        }
        if (len == 0 || len > 3) return false;
        return segments >= 1;
    }

    // The piece [from, to) is followed by a single '.' at `to`: does the period belong to it?
    token_kind abbreviation_kind(std::size_t from, std::size_t to) const {
        const std::size_t m = chunk_.size();
        const bool period_ends_chunk = to + 1 == m;
        if (is_initial(from, to)) return token_kind::initial;
        if (is_acronym(from, to)) return token_kind::abbreviation;
        std::string_view word = bytes(from, to);
        if (word.size() <= 8) {
            std::string lower = lower_ascii(word);
            const bool capital = is_ascii_upper(word.front());
            // "FT." "MS." "LA." are words in capitals, not "Ft." "Ms." "La.".
            // Unless the text goes on in capitals: "ST. LOUIS".
            const bool all_caps = word.size() >= 2 && std::all_of(word.begin(), word.end(), is_ascii_upper) &&
                                  !(period_ends_chunk && next_all_caps_);
            const bool listed = !all_caps && (capital ? abbreviations_.count(lower) > 0
                                                      : lowercase_abbreviations_.count(lower) > 0);
            if (listed) {
                if (contains(numeric_abbreviations, lower)) {
                    if (period_ends_chunk && next_is_digit_) return token_kind::abbreviation;
                } else if (contains(title_abbreviations, lower)) {
                    return token_kind::title;
                } else {
                    return token_kind::abbreviation;
                }
            }
        }
        // "1." opening a line that goes on: a list item.
        if (from == 0 && line_start_ && period_ends_chunk && line_continues_ && to - from <= 2) {
            bool digits = true;
            for (std::size_t j = from; j < to; ++j)
                if (!(chunk_[j].c >= '0' && chunk_[j].c <= '9')) digits = false;
            if (digits) return token_kind::list_number;
        }
        return token_kind::word;
    }

    // Emits a word piece, splitting off a clitic ('s n't 'll 're 've 'd 'm).
    void emit_word(std::size_t from, std::size_t to, token_kind kind) {
        const std::size_t len = to - from;
        if (kind == token_kind::word && len >= 2) {
            auto lc = [&](std::size_t j) { return chunk_[j].c < 0x80 ? ascii_lower(static_cast<char>(chunk_[j].c)) : '\0'; };
            // n't
            if (len >= 4 && is_apostrophe(chunk_[to - 2].c) && lc(to - 1) == 't' && lc(to - 3) == 'n' &&
                chunk_[to - 4].cls == char_class::letter) {
                emit(from, to - 3, token_kind::word);
                emit(to - 3, to, token_kind::word);
                return;
            }
            // 's 'd 'm
            if (len >= 3 && is_apostrophe(chunk_[to - 2].c)) {
                char x = lc(to - 1);
                if (x == 's' || x == 'd' || x == 'm') {
                    emit(from, to - 2, token_kind::word);
                    emit(to - 2, to, token_kind::word);
                    return;
                }
            }
            // 'll 're 've
            if (len >= 4 && is_apostrophe(chunk_[to - 3].c)) {
                char x = lc(to - 2), y = lc(to - 1);
                if ((x == 'l' && y == 'l') || (x == 'r' && y == 'e') || (x == 'v' && y == 'e')) {
                    emit(from, to - 3, token_kind::word);
                    emit(to - 3, to, token_kind::word);
                    return;
                }
            }
        }
        emit(from, to, kind);
    }

    static bool is_closer(UChar32 c) noexcept {
        switch (c) {
            case '"': case '\'': case ')': case ']': case '}': case '>':
            case 0x201D: case 0x2019: case 0x00BB: case 0x203A:
                return true;
            default: return false;
        }
    }

    static bool groups(UChar32 c) noexcept {
        // ASCII punctuation whose runs make one token: "--" "..." "!!" "**" "=="
        switch (c) {
            case '-': case '.': case '!': case '?': case '*': case '=': case '_': case '~': case '#':
            case '`': case '\'': case '+': case '/': case '\\': case '|': case '^': case '<': case '>': case ':':
                return true;
            default: return false;
        }
    }

    // ".496" (a batting average), "+44" (a dialling code): a number starting with a sign or point.
    bool starts_number(std::size_t j, std::size_t from, std::size_t to) const {
        const UChar32 c = chunk_[j].c;
        if (c != '.' && c != '+') return false;
        if (j + 1 >= to || chunk_[j + 1].cls != char_class::digit) return false;
        return j == from || !(is_wordish(chunk_[j - 1].cls) || chunk_[j - 1].c == '.');
    }

    // A chunk that is only a clitic, as in text already tokenized: "'s" "n't".
    bool is_clitic_chunk() const {
        const std::size_t m = chunk_.size();
        auto lc = [&](std::size_t j) { return chunk_[j].c < 0x80 ? ascii_lower(static_cast<char>(chunk_[j].c)) : '\0'; };
        if (m == 3 && lc(0) == 'n' && is_apostrophe(chunk_[1].c) && lc(2) == 't') return true;
        if (m < 2 || m > 3 || !is_apostrophe(chunk_[0].c)) return false;
        if (m == 2) return lc(1) == 's' || lc(1) == 'm' || lc(1) == 'd';
        return (lc(1) == 'l' && lc(2) == 'l') || (lc(1) == 'r' && lc(2) == 'e') || (lc(1) == 'v' && lc(2) == 'e');
    }

    // Length of a clitic ('s 'd 'm 'll 're 've) starting at apostrophe `j` and
    // not followed by a word character, else 0.
    std::size_t clitic_at(std::size_t j, std::size_t to) const {
        if (!is_apostrophe(chunk_[j].c)) return 0;
        auto lc = [&](std::size_t x) { return chunk_[x].c < 0x80 ? ascii_lower(static_cast<char>(chunk_[x].c)) : '\0'; };
        auto ends = [&](std::size_t x) { return x >= to || !is_wordish(chunk_[x].cls); };
        if (j + 1 < to && (lc(j + 1) == 's' || lc(j + 1) == 'd' || lc(j + 1) == 'm') && ends(j + 2)) return 2;
        if (j + 2 < to && ends(j + 3)) {
            char x = lc(j + 1), y = lc(j + 2);
            if ((x == 'l' && y == 'l') || (x == 'r' && y == 'e') || (x == 'v' && y == 'e')) return 3;
        }
        return 0;
    }

    void segment(std::size_t from, std::size_t to) {
        std::size_t j = from;
        while (j < to) {
            const code_point& cp = chunk_[j];
            if (is_wordish(cp.cls) || starts_number(j, from, to)) {
                std::size_t k = j + 1;
                token_kind kind = token_kind::word;
                bool continued = false;  // after "U.S.-": no abbreviation can end the piece
                for (;;) {
                    while (k < to) {
                        if (is_wordish(chunk_[k].cls)) ++k;
                        else if (joins(k, to)) k += 2;
                        else break;
                    }
                    if (!continued && k < to && chunk_[k].c == '.' && !(k + 1 < to && chunk_[k + 1].c == '.')) {
                        kind = abbreviation_kind(j, k);
                        if (kind != token_kind::word) {
                            ++k;
                            // "U.S.-led", "Mo.-based" go on as one hyphenated word.
                            if (k + 1 < to && is_hyphen(chunk_[k].c) && is_wordish(chunk_[k + 1].cls)) {
                                k += 2;
                                kind = token_kind::word;
                                continued = true;
                                continue;
                            }
                        }
                    } else if (k + 1 == to && is_hyphen(chunk_[k].c) && to - j >= 2) {
                        ++k;  // "pre-" in "pre- and post-war"
                    } else if (k < to && chunk_[k].c == '$' && k - j <= 3 &&
                               (k + 1 == to || chunk_[k + 1].cls == char_class::digit)) {
                        bool upper = true;
                        for (std::size_t x = j; x < k; ++x)
                            if (!(chunk_[x].c < 0x80 && is_ascii_upper(static_cast<char>(chunk_[x].c)))) upper = false;
                        if (upper) ++k;  // "US$" "HK$" "C$"
                    }
                    break;
                }
                emit_word(j, k, kind);
                j = k;
            } else if (cp.cls == char_class::symbol) {
                std::size_t k = j + 1;
                const bool regional = cp.c >= 0x1F1E6 && cp.c <= 0x1F1FF;
                while (k < to) {
                    UChar32 d = chunk_[k].c;
                    if (chunk_[k].cls == char_class::mark && d != 0x200D) ++k;
                    else if (d == 0x200D && k + 1 < to) k += 2;
                    else if (d >= 0x1F3FB && d <= 0x1F3FF) ++k;
                    else if (regional && k == j + 1 && d >= 0x1F1E6 && d <= 0x1F1FF) ++k;
                    else break;
                }
                emit(j, k, token_kind::other);
                j = k;
            } else if (std::size_t len = clitic_at(j, to); len > 0 && j > from) {
                emit(j, j + len, token_kind::word);  // "U.S.'s"
                j += len;
            } else {
                std::size_t k = j + 1;
                if (cp.c < 0x80 && groups(cp.c))
                    while (k < to && chunk_[k].c == cp.c) ++k;
                else if (cp.c == 0x2026)
                    while (k < to && chunk_[k].c == cp.c) ++k;
                token_kind kind = token_kind::other;
                if (cp.c == '.') kind = k - j == 1 ? token_kind::period : token_kind::ellipsis;
                else if (cp.c == 0x2026) kind = token_kind::ellipsis;
                else if (cp.c == '!' || cp.c == '?' || cp.c == 0x203C || cp.c == 0x2047 || cp.c == 0x2048 ||
                         cp.c == 0x2049)
                    kind = token_kind::terminal;
                else if (is_closer(cp.c))
                    kind = token_kind::closer;
                // "?!" "!?" mixed runs end a sentence as one token.
                if (kind == token_kind::terminal)
                    while (k < to && (chunk_[k].c == '!' || chunk_[k].c == '?')) ++k;
                emit(j, k, kind);
                j = k;
            }
        }
    }

    std::string_view text_;
    const std::set<std::string, std::less<>>& abbreviations_;
    const std::set<std::string, std::less<>>& lowercase_abbreviations_;
    analyzed_text& out_;
    std::vector<token_info>& info_;
    std::vector<code_point> chunk_;
    std::uint32_t chunk_newlines_ = 0;
    bool line_start_ = false;
    bool first_in_chunk_ = false;
    bool line_continues_ = false;
    bool next_is_digit_ = false;
    bool next_all_caps_ = false;
};

// First code point of a token.
UChar32 first_char(const std::string& s) {
    std::size_t i = 0;
    return s.empty() ? 0 : decode(s, i);
}

bool starts_lower(const std::string& s) {
    UChar32 c = first_char(s);
    if (!u_islower(c)) return false;
    // "iPhone", "eBay": a capital inside makes it a name.
    for (std::size_t i = 0; i < s.size();) {
        UChar32 d = decode(s, i);
        if (u_isupper(d)) return false;
    }
    return true;
}

bool starts_capital(const std::string& s) {
    UChar32 c = first_char(s);
    return u_isupper(c) || u_istitle(c);
}

// Tokens that cannot open a sentence after a period.
bool continues_sentence(const std::string& s) {
    return s == "," || s == ";" || s == ":" || s == ")" || s == "]" || s == "}" || s == "%" || s == "." ||
           s == "?" || s == "!";
}

// Does a line ending after `t` leave the sentence open?
bool open_at_line_end(const token& t) {
    static constexpr std::string_view open_punct[] = {",", ";", ":", "-", "--", "&", "/", "(", "[", "–", "—"};
    if (contains(open_punct, t.text)) return true;
    return contains(continuation_words, t.text);
}

// Pass 2: sentences and paragraphs.
void split_sentences(analyzed_text& out, const std::vector<token_info>& info) {
    const std::size_t n = out.tokens.size();
    std::size_t first = 0;
    std::size_t paragraph = 0;
    auto close = [&](std::size_t last) {
        sentence s;
        s.first_token = first;
        s.last_token = last;
        s.paragraph = paragraph;
        s.bytes = {out.tokens[first].bytes.begin, out.tokens[last - 1].bytes.end};
        out.sentences.push_back(s);
        first = last;
    };
    auto dangling = [&](std::size_t k) {
        return info[k].kind == token_kind::closer && info[k].newlines_before == 0 &&
               (k + 1 >= n || info[k + 1].space_before);
    };
    for (std::size_t i = 0; i + 1 < n; ++i) {
        const token_info& next = info[i + 1];
        if (next.newlines_before >= 2) {
            close(i + 1);
            ++paragraph;
            continue;
        }
        if (!next.space_before) continue;
        // A closing quote or bracket with spaces on both sides ("he said . \"")
        // still belongs to the sentence before it.
        if (dangling(i + 1)) continue;
        // Skip back over closing quotes and brackets glued to a final mark.
        std::size_t t = i;
        while (t > first && info[t].kind == token_kind::closer && (!info[t].space_before || dangling(t))) --t;
        const token_kind kind = info[t].kind;
        const token& nt = out.tokens[i + 1];
        bool boundary = false;
        if (next.newlines_before == 1) {
            switch (kind) {
                case token_kind::title:
                case token_kind::initial:
                case token_kind::list_number: boundary = false; break;
                case token_kind::period:
                case token_kind::terminal:
                case token_kind::ellipsis:
                case token_kind::abbreviation: boundary = !starts_lower(nt.text); break;
                default:
                    // A line without final punctuation: a headline, a teaser, "[ SOURCE ]".
                    boundary = !starts_lower(nt.text) && !open_at_line_end(out.tokens[i]) &&
                               !continues_sentence(nt.text);
            }
        } else {
            switch (kind) {
                case token_kind::period:
                case token_kind::terminal:
                    boundary = !starts_lower(nt.text) && !continues_sentence(nt.text);
                    break;
                case token_kind::ellipsis: boundary = t > first && starts_capital(nt.text); break;
                case token_kind::abbreviation:
                case token_kind::initial:  // "Malcolm X. Besides", "World War I. But"
                    boundary = starts_capital(nt.text) && contains(sentence_starters, lower_ascii(nt.text));
                    break;
                default: boundary = false;
            }
        }
        if (boundary) close(i + 1);
    }
    if (first < n) close(n);
}

}  // namespace
}  // namespace detail

tokenizer::tokenizer(std::set<std::string, std::less<>> abbreviations,
                     std::set<std::string, std::less<>> lowercase_abbreviations)
    : abbreviations_(std::move(abbreviations)), lowercase_abbreviations_(std::move(lowercase_abbreviations)) {
    if (abbreviations_.empty() && lowercase_abbreviations_.empty()) {
        for (auto a : detail::default_abbreviations) abbreviations_.emplace(a);
        for (auto a : detail::default_lowercase_abbreviations) lowercase_abbreviations_.emplace(a);
    }
    // Lower-case matches are also capitalised matches ("Vs." as well as "vs.").
    for (const auto& a : lowercase_abbreviations_) abbreviations_.insert(a);
}

tokenizer tokenizer::load(const std::string& abbreviations_path) {
    std::string content;
    std::set<std::string, std::less<>> all, lower;
    for (auto& data : read_data_lines(abbreviations_path, content)) {
        std::string_view line = data.text;
        if (line.find_first_of(" \t") != std::string_view::npos)
            throw data_error(fmt::format("abbreviation \"{}\" contains whitespace", line), abbreviations_path, data.number);
        if (line.back() == '.') line.remove_suffix(1);
        if (line.empty()) throw data_error("empty abbreviation", abbreviations_path, data.number);
        std::string lowered = detail::lower_ascii(line);
        if (lowered == line) lower.insert(lowered);
        all.insert(std::move(lowered));
    }
    if (all.empty()) throw data_error("abbreviation list is empty", abbreviations_path);
    return tokenizer(std::move(all), std::move(lower));
}

analyzed_text tokenizer::analyze(std::string_view input, const std::string& source_name) const {
    analyzed_text out;
    if (is_valid_utf8(input)) {
        out.text.assign(input);
    } else {
        utf8_repair repaired = repair_utf8(input);
        const std::size_t first_bad = repaired.bad_offsets.empty() ? 0 : repaired.bad_offsets.front();
        out.diagnostics.push_back({severity::warning, source_name, line_of_offset(input, first_bad),
                                   fmt::format("invalid UTF-8: {} byte sequence{} replaced with U+FFFD",
                                               repaired.bad_offsets.size(),
                                               repaired.bad_offsets.size() == 1 ? "" : "s")});
        out.text = std::move(repaired.text);
    }
    out.tokens.reserve(out.text.size() / 5 + 1);
    std::vector<detail::token_info> info;
    info.reserve(out.text.size() / 5 + 1);
    detail::segmenter seg(out.text, abbreviations_, lowercase_abbreviations_, out, info);
    const std::size_t controls = seg.run();
    if (controls > 0) {
        std::size_t first = 0;
        for (std::size_t i = 0; i < out.text.size(); ++i) {
            auto c = static_cast<unsigned char>(out.text[i]);
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v') || c == 0x7F) {
                first = i;
                break;
            }
        }
        out.diagnostics.push_back({severity::warning, source_name, line_of_offset(out.text, first),
                                   fmt::format("{} control character{} (NUL or other binary data) treated as whitespace",
                                               controls, controls == 1 ? "" : "s")});
    }
    detail::split_sentences(out, info);
    return out;
}

}  // namespace kg::extract
