// Stage 1 and 2 of extraction: page boilerplate, then mentions (names from
// the lexicon, the NER tagger or word shape; titles; quoted names;
// descriptions; pronouns; dates, money and percentages).
#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include <fmt/format.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "detail/resources.hpp"
#include "kg/extract/dates.hpp"

namespace kg::extract::detail {
namespace {

UChar32 first_code_point(const std::string& s) {
    if (s.empty()) return 0;
    int32_t i = 0;
    UChar32 c;
    U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), i, static_cast<int32_t>(s.size()), c);
    return c;
}

bool is_number(const std::string& s) {
    if (s.empty() || !(s[0] >= '0' && s[0] <= '9')) return false;
    return std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || c == ',' || c == '.'; });
}

bool is_year(const std::string& s) {
    return s.size() == 4 && is_number(s) && (s.starts_with("19") || s.starts_with("20"));
}

bool is_day(const std::string& s) {
    if (s.empty() || s.size() > 4) return false;
    std::size_t digits = 0;
    while (digits < s.size() && s[digits] >= '0' && s[digits] <= '9') ++digits;
    if (digits == 0 || digits > 2) return false;
    std::string rest = s.substr(digits);
    int n = std::stoi(s.substr(0, digits));
    return n >= 1 && n <= 31 && (rest.empty() || rest == "st" || rest == "nd" || rest == "rd" || rest == "th");
}

bool is_quote(const std::string& norm) { return norm == "\"" || norm == "``" || norm == "''"; }

// "BA", "EC", "NHS": two to six capital letters.
bool is_acronym(const std::string& s) {
    return s.size() >= 2 && s.size() <= 6 && std::all_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

// Lower-case words that may stand inside a capitalised name ("Ministry of Industry and ...").
bool is_name_connector(const std::string& folded) {
    return folded == "of" || folded == "and" || folded == "for" || folded == "de" || folded == "the" || folded == "&";
}

struct recognizer {
    const resources& r;
    document_state& d;
    std::vector<bool> taken;  // per token: inside a mention already
    std::optional<calendar_date> document_date;  // for "last year", "11 November"

    void add(mention m) {
        for (std::size_t i = m.first; i < m.last; ++i) taken[i] = true;
        d.mentions.push_back(std::move(m));
    }

    bool free(std::size_t first, std::size_t last) const {
        for (std::size_t i = first; i < last; ++i)
            if (taken[i]) return false;
        return true;
    }

    mention make(std::size_t s, std::size_t first, std::size_t last, mention_kind kind, std::string type,
                 std::string source) const {
        mention m;
        m.sentence = s;
        m.first = first;
        m.last = last;
        m.kind = kind;
        m.type = std::move(type);
        m.source = std::move(source);
        m.name = mention_text(d, first, last);
        return m;
    }

    // Quoted capitalised phrases after a cue: awarded the “Outstanding Builder ...”.
    void quoted(std::size_t s, std::size_t first, std::size_t last) {
        for (std::size_t open = first; open < last; ++open) {
            if (!is_quote(d.norms[open])) continue;
            std::size_t close = open + 1;
            while (close < last && !is_quote(d.norms[close])) ++close;
            if (close >= last) return;
            if (close - open < 2 || !is_capitalized(d.norms[open + 1]) || close - open > 16) {
                open = close;
                continue;
            }
            const std::string* type = nullptr;
            for (std::size_t k = open; k > first && open - k < 5; --k)
                if (r.quote_types.match(d.folded, k - 1, k, &type)) break;
            if (type && free(open + 1, close)) {
                auto m = make(s, open + 1, close, mention_kind::name, *type, "quote");
                add(std::move(m));
            }
            open = close;
        }
    }

    void lexicon(std::size_t s, std::size_t first, std::size_t last) {
        for (std::size_t i = first; i < last;) {
            const lexicon_entry* e = nullptr;
            std::size_t n = taken[i] ? 0 : r.entities.match(d.norms, i, last, &e);
            // A lexicon name that continues into more capitalised words is a longer,
            // unknown name ("Google Maps"): leave it to the name recognizers.
            if (n > 0 && i + n < last && is_capitalized(d.norms[i + n]) && !r.titles.find(d.norms[i + n]) &&
                d.norms[i + n] != "'s" && e->type != "Country")
                n = 0;
            // "Apple growers said ..." opening a sentence of a story that also
            // writes "apple" in lower case is the common word, not the company.
            if (n == 1 && i == first && e->type != "Country" && lower_words.count(d.folded[i])) n = 0;
            if (n > 0 && free(i, i + n)) {
                auto m = make(s, i, i + n, mention_kind::name, e->type, "lexicon");
                m.canonical = e->name;
                add(std::move(m));
                i += n;
            } else {
                ++i;
            }
        }
    }

    // "CEO", "Chief Executive", a headline's "Court": words that name a role
    // or a kind of thing, not an entity.
    bool only_titles(std::size_t first, std::size_t last) const {
        if (last - first == 1 && r.descriptors.find(d.folded[first])) return true;
        for (std::size_t k = first; k < last; ++k)
            if (!r.titles.find(d.norms[k]) && !r.roles.find(d.folded[k])) return false;
        return true;
    }

    // The kind of name stop word token k is (name_stopwords.tsv), or nullptr.
    const std::string* stop_kind(std::size_t k) const { return r.name_stopwords.find(d.folded[k]); }
    bool edge_stop(std::size_t k) const {
        const std::string* kind = stop_kind(k);
        return kind && (*kind == "function" || *kind == "weekday");
    }
    // A token of punctuation only ("&", "#", ";"): never the edge of a name.
    bool punctuation_only(std::size_t k) const {
        const auto& w = d.norms[k];
        return std::none_of(w.begin(), w.end(), [](char c) {
            return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c & 0x80);
        });
    }
    // Markup or character-reference debris inside a span ("Chem>", "&#").
    bool has_markup(std::size_t first, std::size_t last) const {
        for (std::size_t k = first; k < last; ++k)
            if (d.norms[k].find_first_of("<>") != std::string::npos || d.norms[k].find("&#") != std::string::npos) return true;
        return false;
    }
    // Cuts what is not part of a name from the span [first, last) a tagger or the
    // word shape proposed: function words and weekdays at its edges ("The",
    // "Thursday"), punctuation at its edges ("&#"), a headline's verb after an
    // organisation ("Bass Group Says"). False when nothing of a name is left:
    // function words, a wire sign-off ("REUTER"), markup.
    bool trim_name(std::size_t& first, std::size_t& last, bool person) const {
        if (has_markup(first, last)) return false;
        // Weekdays only before a person's name or title ("Thursday Mr Blair"), never
        // inside a name ("Sunday Times", "Sheffield Wednesday").
        auto leading = [&](std::size_t k) {
            if (punctuation_only(k)) return true;
            const std::string* kind = stop_kind(k);
            if (!kind) return false;
            if (*kind == "function") return true;
            return *kind == "weekday" && k + 1 < last && (person || r.titles.find(d.norms[k + 1]));
        };
        auto trailing = [&](std::size_t k) {
            const std::string* kind = stop_kind(k);
            // Written in lower case: "Serie A", "World War I" keep their last word.
            return punctuation_only(k) || (kind && *kind == "function" && !is_capitalized(d.norms[k]));
        };
        while (first < last && leading(first)) ++first;
        while (last > first && trailing(last - 1)) --last;
        if (!person)
            while (last - first > 1 && stop_kind(last - 1) && *stop_kind(last - 1) == "headline") --last;
        if (first == last) return false;
        if (last - first == 1 && stop_kind(first) && *stop_kind(first) == "signoff") return false;
        return true;
    }
    // A title before a name, or opening it, makes it a person's ("Gen Musharraf",
    // "Mr Blair"), whatever the tagger typed; corporate and sport titles do not
    // ("Director", "Manager" also open organisation names).
    bool person_title(std::size_t k) const {
        const std::string* kind = r.titles.find(d.norms[k]);
        return kind && *kind != "corporate" && *kind != "sport";
    }

    // Type of an organisation name from the words in it.
    std::string org_type(std::size_t first, std::size_t last) const {
        for (std::size_t i = last; i > first; --i)
            if (auto* t = r.org_keywords.find(d.norms[i - 1])) return *t;
        return "Organization";
    }

    // Names from the NER tagger's BIO tags, typed onto the ontology.
    void tagged_names(std::size_t s, std::size_t first, std::size_t last) {
        const auto& tags = d.text.ner;
        for (std::size_t i = first; i < last;) {
            if (tags[i] == "O" || tags[i].size() < 3) {
                ++i;
                continue;
            }
            std::string label = tags[i].substr(2);
            std::size_t j = i + 1;
            while (j < last && tags[j].size() > 2 && tags[j][0] == 'I' && tags[j].substr(2) == label) ++j;
            std::size_t a = i, b = j;
            // One word opening a sentence that the story also writes in lower case
            // ("Apple growers ..." in a story about apples) is the common word.
            bool common_word = false;
            if (free(i, j) && trim_name(a, b, label == "PER"))
                common_word = b - a == 1 && a == first && lower_words.count(d.folded[a]) > 0;
            if (free(i, j) && !only_titles(i, j) && trim_name(a, b, label == "PER") && !only_titles(a, b) && !common_word) {
                std::string type = label == "PER"   ? "Person"
                                   : label == "ORG" ? org_type(a, b)
                                   : label == "LOC" ? "Location"
                                                    : "Misc";
                // A name ending in an organisation word ("Northwind Robotics",
                // "Harbor Capital") is an organisation whatever the tagger said.
                if (b - a > 1 && label != "ORG" && r.org_keywords.find(d.norms[b - 1])) type = org_type(a, b);
                bool titled = (a > first && person_title(a - 1)) || (b - a > 1 && person_title(a));
                if (type != "Person" && titled && !r.org_keywords.find(d.norms[b - 1])) type = "Person";
                add(make(s, a, b, mention_kind::name, type, "ner"));
            }
            i = j;
        }
    }

    // Without a tagger: runs of capitalised words, typed by the words in them.
    // Folded forms of the words the document writes in lower case: a capitalised
    // "In" or "The" opening a sentence is one of them, a name is not.
    std::set<std::string, std::less<>> lower_words;

    void collect_lower_words() {
        for (std::size_t i = 0; i < d.norms.size(); ++i)
            if (!d.norms[i].empty() && !is_capitalized(d.norms[i])) lower_words.insert(d.folded[i]);
    }

    void shaped_names(std::size_t s, std::size_t first, std::size_t last) {
        for (std::size_t i = first; i < last;) {
            bool common_start = (i == first || is_quote(d.norms[i - 1])) && lower_words.count(d.folded[i]);
            if (taken[i] || !is_capitalized(d.norms[i]) || common_start) {
                ++i;
                continue;
            }
            std::size_t j = i + 1;
            // "Globex Corp." ends a name even when the sentence splitter saw no sentence end after it.
            auto ends_name = [&](std::size_t k) { return d.norms[k].back() == '.' && r.org_keywords.find(d.norms[k]); };
            while (j < last && !taken[j] && !ends_name(j - 1) &&
                   (is_capitalized(d.norms[j]) ||
                    (is_name_connector(d.folded[j]) && j + 1 < last && is_capitalized(d.norms[j + 1]) && !taken[j + 1])))
                ++j;
            // A single capitalised word is too often a sentence start, a
            // nationality ("Chinese") or an acronym to be taken for a name by
            // its shape; the lexicon and the NER tagger find those. So are
            // runs of title words alone ("CEO").
            std::size_t a = i, b = j;
            if (j - i > 1 && !only_titles(i, j) && trim_name(a, b, false) && b - a > 1 && !only_titles(a, b)) {
                std::size_t run_end = j;
                i = a;
                j = b;
                std::string type;
                for (std::size_t k = i; k < j && type.empty(); ++k)
                    if (r.titles.find(d.norms[k])) type = "Person";
                if (type.empty())
                    for (std::size_t k = i; k < j && type.empty(); ++k)
                        if (auto* t = r.org_keywords.find(d.norms[k])) type = *t;
                auto m = make(s, i, j, mention_kind::name, type.empty() ? (j - i >= 2 ? "Person" : "Misc") : type, "shape");
                m.type_is_guess = type.empty();
                add(std::move(m));
                j = run_end;
            }
            i = j;
        }
    }

    // "US District Judge Rudolph Contreras": the title words before a person's
    // name (or at the start of a name the recognizer took whole) become the
    // person's "title" attribute.
    void titles(std::size_t from_mention, std::size_t first) {
        for (std::size_t mi = from_mention; mi < d.mentions.size(); ++mi) {
            auto& m = d.mentions[mi];
            if (m.type != "Person" || m.kind != mention_kind::name) continue;
            // Title words taken into the name ("Judge Rudolph Contreras") move out of it.
            std::size_t cut = m.first;
            for (std::size_t k = m.first; k + 1 < m.last; ++k)
                if (r.titles.find(d.norms[k])) cut = k + 1;
            // "Lord of the Rings", "Minister of Health": what would be left is no name.
            if (cut > m.first && (!is_capitalized(d.norms[cut]) || is_name_connector(d.folded[cut]))) continue;
            std::size_t title_end = cut, title_begin = cut;
            if (cut > m.first) {
                title_begin = m.first;
                m.first = cut;
                m.name = mention_text(d, m.first, m.last);
                m.type_is_guess = false;
            } else if (m.first > first && r.titles.find(d.norms[m.first - 1])) {
                title_begin = m.first - 1;
            } else {
                continue;
            }
            // Capitalised words before the title word belong to it: "US District Judge".
            // Not "And Mr", "Thursday Mr": function words, weekdays and a sentence's
            // first word that the text otherwise writes in lower case end it.
            auto part_of_title = [&](std::size_t k) {
                if (edge_stop(k) || d.norms[k] == "\"") return false;
                if (k == first && lower_words.count(d.folded[k]) && !r.titles.find(d.norms[k])) return false;
                return is_capitalized(d.norms[k]) || r.titles.find(d.norms[k]) != nullptr;
            };
            while (title_begin > first && part_of_title(title_begin - 1)) --title_begin;
            if (title_begin == title_end) continue;
            m.attributes["title"].push_back(mention_text(d, title_begin, title_end));
        }
    }

    void descriptions_and_pronouns(std::size_t s, std::size_t first, std::size_t last) {
        for (std::size_t i = first; i < last; ++i) {
            if (taken[i]) continue;
            const std::string& w = d.folded[i];
            if (const std::string* t = r.pronouns.find(w)) {
                // "It was believed that ..." refers to nothing.
                bool expletive = w == "it" && i + 1 < last &&
                                 (d.folded[i + 1] == "is" || d.folded[i + 1] == "was" || d.folded[i + 1] == "seems" ||
                                  d.folded[i + 1] == "appears" || d.folded[i + 1] == "'s");
                if (!expletive) {
                    // "it" may refer to an organisation or a country ("Organization|Country").
                    auto types = split_bar(*t);  // never empty: checked when pronouns.tsv is loaded
                    auto m = make(s, i, i + 1, mention_kind::pronoun, types.front(), "pronoun");
                    m.attributes["types"] = std::move(types);
                    add(std::move(m));
                }
                continue;
            }
            bool definite = w == "the" || w == "this" || w == "that" || w == "these" || w == "its" || w == "their";
            bool indefinite = w == "a" || w == "an";
            if (!definite && !indefinite) continue;
            // Determiner, up to three lower-case modifiers, then a descriptor or an action noun.
            for (std::size_t j = i + 1; j < last && j <= i + 4 && !taken[j]; ++j) {
                if (is_capitalized(d.norms[j])) break;
                const std::string* value = nullptr;
                std::size_t n = r.descriptors.match(d.folded, j, last, &value);
                std::size_t end = j + n;
                // The description ends at its head noun: the next word must not continue the noun phrase.
                if (n > 0 && end < last && r.descriptors.match(d.folded, end, last, nullptr) > 0) continue;
                if (n > 0 && free(i, end)) {
                    auto tab = value->find('\t');
                    auto m = make(s, i, end, mention_kind::nominal, value->substr(0, tab), "description");
                    if (tab != std::string::npos) m.attributes["requires_title"].push_back(value->substr(tab + 1));
                    if (indefinite) m.attributes["indefinite"].push_back("1");
                    add(std::move(m));
                    i = end - 1;
                    break;
                }
                const std::string* kind = nullptr;
                n = definite ? r.action_nouns.match(d.folded, j, last, &kind) : 0;
                if (n > 0 && free(i, j + n)) {
                    auto m = make(s, i, j + n, mention_kind::nominal, "Action", "description");
                    m.attributes["noun"].push_back(mention_text(d, j, j + n));
                    m.attributes["kind"].push_back(*kind);
                    add(std::move(m));
                    i = j + n - 1;
                    break;
                }
            }
        }
    }

    // The ISO form of the explicit date in tokens [first, last): "11 November" -> "2021-11-11"
    // when the document is dated 2021, "March 2019" -> "2019-03"; empty when it cannot tell.
    std::string iso_date(std::size_t first, std::size_t last) const {
        int year = 0, month = 0, day = 0;
        for (std::size_t k = first; k < last; ++k) {
            const auto& w = d.norms[k];
            if (const std::string* m = r.months.find(w)) month = std::stoi(*m);
            else if (is_year(w)) year = std::stoi(w);
            else if (is_day(w)) day = std::stoi(w);
        }
        return normalize_explicit(year, month, day, document_date);
    }

    void values(std::size_t s, std::size_t first, std::size_t last) {
        for (std::size_t i = first; i < last; ++i) {
            if (taken[i]) continue;
            const auto& w = d.norms[i];
            std::size_t end = 0;
            std::string type;
            const std::string* relative = nullptr;
            if (std::size_t n = r.relative_dates.match(d.folded, i, last, &relative); n > 0) {  // "last year"
                end = i + n;
                type = "Date";
            } else if (r.months.find(w)) {  // "November 11, 2020", "Dec. 5", "March 2019"
                end = i + 1;
                if (end < last && is_day(d.norms[end])) ++end;
                if (end + 1 < last && d.norms[end] == "," && is_year(d.norms[end + 1])) end += 2;
                else if (end < last && is_year(d.norms[end])) ++end;
                // A bare month name counts after "in", "since", "by"...; a bare "May" is more often the verb.
                bool after_preposition = i > first && (d.folded[i - 1] == "in" || d.folded[i - 1] == "since" ||
                                                       d.folded[i - 1] == "by" || d.folded[i - 1] == "until" ||
                                                       d.folded[i - 1] == "from" || d.folded[i - 1] == "last" ||
                                                       d.folded[i - 1] == "next" || d.folded[i - 1] == "early" ||
                                                       d.folded[i - 1] == "late" || d.folded[i - 1] == "mid");
                if (end == i + 1 && !after_preposition) end = 0;
                type = "Date";
            } else if (is_day(w) && i + 1 < last && r.months.find(d.norms[i + 1])) {  // "11 November 2020"
                end = i + 2;
                if (end < last && is_year(d.norms[end])) ++end;
                type = "Date";
            } else if (is_year(w) && i > first &&
                       (d.folded[i - 1] == "in" || d.folded[i - 1] == "since" || d.folded[i - 1] == "by" ||
                        d.folded[i - 1] == "until" || d.folded[i - 1] == "from" || d.folded[i - 1] == "of")) {
                end = i + 1;
                type = "Date";
            } else if (r.currencies.find(d.folded[i]) && i + 1 < last && is_number(d.norms[i + 1]) && !is_quote(w)) {
                end = i + 2;  // "$ 28.3bn"
                type = "Money";
            } else if (is_number(w) && i + 1 < last && r.currencies.find(d.folded[i + 1])) {
                end = i + 2;  // "5 million dollars" is left to the first two words
                type = "Money";
            } else if (is_number(w) && i + 1 < last && (d.norms[i + 1] == "%" || d.folded[i + 1] == "percent")) {
                end = i + 2;
                type = "Percent";
            }
            if (end > i && free(i, end)) {
                auto m = make(s, i, end, mention_kind::value, type, "rule");
                if (type == "Date") {
                    std::string iso;
                    if (relative) {
                        auto tab = relative->find('\t');
                        iso = normalize_relative(relative->substr(0, tab), std::stoi(relative->substr(tab + 1)), document_date);
                    } else {
                        iso = iso_date(i, end);
                    }
                    if (!iso.empty()) m.attributes["iso"].push_back(iso);
                }
                add(std::move(m));
                i = end - 1;
            }
        }
    }

    // The last word of an organisation's name before the kind and legal words
    // that end it: "Reynolds" in "RJ Reynolds Tobacco"; empty when none.
    std::size_t core_word(const mention& m) const {
        std::size_t k = m.last;
        while (k > m.first && r.org_keywords.find(d.norms[k - 1])) --k;
        if (k == m.last || k <= m.first + 1) return static_cast<std::size_t>(-1);  // nothing cut, or one word left
        return k - 1;
    }

    // A single capitalised word that begins or ends a name found elsewhere in
    // the document is a short form of it: "Northwind" for "Northwind Robotics",
    // "Okafor" for "Maya Okafor", "Reynolds" for "RJ Reynolds Tobacco". An
    // acronym in brackets right after a name is its short form, there and
    // wherever the document uses it again: "British Airways (BA)".
    void short_forms() {
        std::map<std::string, std::string, std::less<>> parts;  // word -> type of the longer name
        std::map<std::string, std::pair<std::string, std::string>, std::less<>> acronyms;  // acronym -> (type, name)
        std::map<std::size_t, std::size_t> name_at;  // first token -> name mention
        for (std::size_t mi = 0; mi < d.mentions.size(); ++mi)
            if (d.mentions[mi].kind == mention_kind::name) name_at.emplace(d.mentions[mi].first, mi);
        const std::size_t count = d.mentions.size();
        for (std::size_t mi = 0; mi < count; ++mi) {
            const mention m = d.mentions[mi];  // a copy: add() grows the vector
            if (m.kind != mention_kind::name || m.last - m.first < 2) continue;
            std::size_t k = m.last;
            if (k + 2 >= d.norms.size() || d.norms[k] != "(" || d.norms[k + 2] != ")" || !is_acronym(d.norms[k + 1])) continue;
            acronyms.emplace(d.norms[k + 1], std::make_pair(m.type, m.name));
            if (auto at = name_at.find(k + 1); at != name_at.end() && d.mentions[at->second].last == k + 2) {
                d.mentions[at->second].attributes["short_for"] = {m.name};
            } else if (free(k + 1, k + 2)) {
                auto a = make(m.sentence, k + 1, k + 2, mention_kind::name, m.type, "acronym");
                a.attributes["short_for"] = {m.name};
                add(std::move(a));
            }
        }
        for (auto& m : d.mentions)
            if (m.kind == mention_kind::name && m.last - m.first > 1 && (m.type == "Person" || r.onto.is_a(m.type, "Organization"))) {
                parts.emplace(d.norms[m.type == "Person" ? m.last - 1 : m.first], m.type);
                if (m.type == "Company")
                    if (std::size_t core = core_word(m); core != static_cast<std::size_t>(-1) && !stop_kind(core))
                        parts.emplace(d.norms[core], m.type);
            }
        for (std::size_t s = 0; s < d.text.sentences.size(); ++s) {
            if (d.skip[s]) continue;
            auto& sent = d.text.sentences[s];
            for (std::size_t i = sent.first_token; i < sent.last_token; ++i) {
                if (taken[i]) continue;
                if (auto ac = acronyms.find(d.norms[i]); ac != acronyms.end()) {
                    auto m = make(s, i, i + 1, mention_kind::name, ac->second.first, "acronym");
                    m.attributes["short_for"] = {ac->second.second};
                    add(std::move(m));
                    continue;
                }
                if (only_titles(i, i + 1) || stop_kind(i)) continue;
                auto it = parts.find(d.norms[i]);
                if (it == parts.end()) continue;
                if (i + 1 < sent.last_token && is_capitalized(d.norms[i + 1]) && !taken[i + 1]) continue;
                auto m = make(s, i, i + 1, mention_kind::name, it->second, "short-form");
                add(std::move(m));
            }
        }
    }
};

}  // namespace

bool is_capitalized(const std::string& token) {
    UChar32 c = first_code_point(token);
    return c > 0 && (u_isupper(c) || u_istitle(c));
}

std::string mention_text(const document_state& d, std::size_t first, std::size_t last) {
    std::string out;
    for (std::size_t i = first; i < last; ++i) {
        const auto& t = d.text.tokens[i];
        if (i > first && t.bytes.begin > d.text.tokens[i - 1].bytes.end) out.push_back(' ');
        out += t.norm;
    }
    return out;
}

void mark_boilerplate(const resources& r, document_state& d) {
    const std::string& text = d.text.text;
    d.skip.assign(d.text.sentences.size(), false);
    // The first line that starts page furniture.
    std::size_t cutoff = text.size();
    std::size_t line_start = 0, line_no = 1, cutoff_line = 0;
    while (line_start < text.size()) {
        std::size_t nl = text.find('\n', line_start);
        if (nl == std::string::npos) nl = text.size();
        std::string line = fold_phrase(std::string_view(text).substr(line_start, nl - line_start));
        for (auto& p : r.boilerplate_prefixes)
            if (line.starts_with(p)) {
                cutoff = line_start;
                cutoff_line = line_no;
                break;
            }
        if (cutoff != text.size()) break;
        line_start = nl + 1;
        ++line_no;
    }
    // The text's newlines, found once: each sentence's line is a binary
    // search away, and each line is folded and judged at most once (a
    // one-line article of thousands of sentences stays linear).
    std::vector<std::size_t> newlines;
    for (std::size_t at = text.find('\n'); at != std::string::npos; at = text.find('\n', at + 1)) newlines.push_back(at);
    // Line i runs from just after newlines[i - 1] (0 for the first) to newlines[i] (the end for the last).
    auto line_of = [&](std::size_t offset) {
        return static_cast<std::size_t>(std::lower_bound(newlines.begin(), newlines.end(), offset) - newlines.begin());
    };
    auto line_begin = [&](std::size_t i) { return i == 0 ? std::size_t{0} : newlines[i - 1] + 1; };
    auto line_end = [&](std::size_t i) { return i < newlines.size() ? newlines[i] : text.size(); };
    // A short line of its own that starts like a byline or a share prompt
    // ("By Jane Doe", "Follow us on Twitter"): its sentences are skipped.
    std::vector<signed char> furniture(newlines.size() + 1, -1);  // per line: unknown, no, yes
    auto furniture_line = [&](std::size_t i) {
        if (furniture[i] >= 0) return furniture[i] == 1;
        std::string line = fold_phrase(std::string_view(text).substr(line_begin(i), line_end(i) - line_begin(i)));
        while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.pop_back();
        bool yes = false;
        if (!line.empty() && line.size() <= 80 && line.back() != '.' && line.back() != '"')
            for (auto& p : r.boilerplate_lines)
                if (line.starts_with(p) && (line.size() == p.size() || line[p.size()] == ' ' || p.back() == ' ')) {
                    yes = true;
                    break;
                }
        furniture[i] = yes ? 1 : 0;
        return yes;
    };
    std::size_t skipped = 0;
    for (std::size_t s = 0; s < d.text.sentences.size(); ++s) {
        auto& sent = d.text.sentences[s];
        std::size_t line = line_of(sent.bytes.begin);
        bool skip = sent.bytes.begin >= cutoff || furniture_line(line);
        if (!skip && sent.bytes.begin == line_begin(line) && line_of(sent.bytes.end) == line) {
            // A teaser line cut short with an ellipsis: the sentence starts its
            // line and the line ends (but for spaces) with "…".
            std::string_view tail = std::string_view(text).substr(sent.bytes.begin, line_end(line) - sent.bytes.begin);
            while (!tail.empty() && (tail.back() == ' ' || tail.back() == '\r')) tail.remove_suffix(1);
            skip = tail.ends_with("\xE2\x80\xA6");
        }
        d.skip[s] = skip;
        skipped += skip;
    }
    if (skipped > 0) {
        kg::diagnostic diag;
        diag.level = kg::severity::note;
        diag.file = d.doc->source.empty() ? d.doc->id : d.doc->source;
        diag.line = cutoff_line;
        diag.message = cutoff_line ? fmt::format("{} sentences of page boilerplate from this line on were not read for facts", skipped)
                                   : fmt::format("{} teaser lines cut short with an ellipsis were not read for facts", skipped);
        d.diagnostics.push_back(std::move(diag));
    }
}

void recognize_mentions(const resources& r, document_state& d) {
    recognizer rec{r, d, std::vector<bool>(d.text.tokens.size(), false), {}, {}};
    if (d.doc) rec.document_date = parse_iso_date(d.doc->date);
    rec.collect_lower_words();
    bool tagged = d.text.ner.size() == d.text.tokens.size() && !d.text.tokens.empty();
    for (std::size_t s = 0; s < d.text.sentences.size(); ++s) {
        if (d.skip[s]) continue;
        auto& sent = d.text.sentences[s];
        std::size_t before = d.mentions.size();
        rec.quoted(s, sent.first_token, sent.last_token);
        rec.lexicon(s, sent.first_token, sent.last_token);
        rec.values(s, sent.first_token, sent.last_token);
        if (tagged) rec.tagged_names(s, sent.first_token, sent.last_token);
        else rec.shaped_names(s, sent.first_token, sent.last_token);
        rec.titles(before, sent.first_token);
        rec.descriptions_and_pronouns(s, sent.first_token, sent.last_token);
    }
    rec.short_forms();
    std::sort(d.mentions.begin(), d.mentions.end(), [](const mention& a, const mention& b) {
        return a.first != b.first ? a.first < b.first : a.last > b.last;
    });
}

}  // namespace kg::extract::detail
