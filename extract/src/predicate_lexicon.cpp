// The predicate lexicon: data/predicates/predicates.json, read with RapidJSON
// and checked against the ontology and the action kinds; a bad entry stops kg
// with an error naming the file, the line and the entry id.
#include <fmt/format.h>

#include "detail/predicates.hpp"
#include "detail/resources.hpp"
#include "kg/core/error.hpp"
#include "kg/core/io.hpp"
#include "kg/core/json.hpp"
#include "kg/core/utf8.hpp"
#include "kg/extract/lemmatizer.hpp"
#include "kg/extract/lexicon.hpp"

namespace kg::extract::detail {
namespace {

// The line of the first occurrence of `"key"` followed by `value` in the text, or 1.
std::size_t line_of(std::string_view text, const std::string& quoted) {
    auto pos = text.find(quoted);
    return pos == std::string_view::npos ? 1 : line_of_offset(text, pos);
}

bool is_slot_name(const std::string& s) {
    if (s.empty()) return false;
    for (char c : s)
        if (c < 'a' || c > 'z') return false;
    return true;
}

std::optional<context_effect> parse_effect(const std::string& s) {
    if (s == "reported") return context_effect::reported;
    if (s == "hedged") return context_effect::hedged;
    if (s == "speculated") return context_effect::speculated;
    if (s == "negative") return context_effect::negative;
    return std::nullopt;
}

struct entry_parser {
    const std::string& file;
    std::size_t line;
    const kg::ontology& onto;
    const std::set<std::string>& action_kinds;
    std::string id;

    [[noreturn]] void fail(const std::string& msg) const {
        throw data_error(id.empty() ? msg : fmt::format("entry '{}': {}", id, msg), file, line);
    }

    std::string string_member(const rapidjson::Value& v, const char* key, bool required) const {
        return json::string_member(v, key, required, [this](const std::string& msg) { fail(msg); });
    }

    std::vector<std::string> slots(const std::string& s, const std::string& spec) const {
        if (s.empty() || s.front() == '|' || s.back() == '|' || s.find("||") != std::string::npos)
            fail(fmt::format("empty slot in \"{}\"", spec));
        auto out = split_bar(s);
        for (auto& slot : out)
            if (!is_slot_name(slot)) fail(fmt::format("bad slot '{}' in \"{}\" (lower-case words: subject, object, of...)", slot, spec));
        return out;
    }

    predicate_fact_spec fact(const std::string& spec) const {
        // "REL:source|source>target|target"
        auto colon = spec.find(':');
        auto gt = spec.find('>');
        if (colon == std::string::npos || gt == std::string::npos || gt < colon)
            fail(fmt::format("fact \"{}\" is not RELATION:source>target", spec));
        predicate_fact_spec f;
        f.relation = spec.substr(0, colon);
        if (!onto.relation_type(f.relation)) fail(fmt::format("unknown relation type '{}'", f.relation));
        f.source = slots(spec.substr(colon + 1, gt - colon - 1), spec);
        f.target = slots(spec.substr(gt + 1), spec);
        return f;
    }

    predicate_entry entry(const rapidjson::Value& v) {
        static const std::set<std::string> known = {"id", "pos", "lemmas", "facts", "action", "confidence",
                                                    "label", "when", "through_noun", "comment"};
        if (!v.IsObject()) fail("each entry must be a JSON object");
        predicate_entry e;
        e.line = line;
        e.id = id = string_member(v, "id", true);
        for (auto& m : v.GetObject()) {
            std::string key(m.name.GetString(), m.name.GetStringLength());
            if (!known.count(key)) fail(fmt::format("unknown key \"{}\"", key));
        }
        auto pos = string_member(v, "pos", true);
        if (pos == "verb") e.pos = predicate_pos::verb;
        else if (pos == "noun") e.pos = predicate_pos::noun;
        else if (pos == "role") e.pos = predicate_pos::role;
        else fail(fmt::format("unknown pos '{}' (verb, noun or role)", pos));
        auto lemmas = v.FindMember("lemmas");
        if (lemmas == v.MemberEnd() || !lemmas->value.IsArray() || lemmas->value.Empty())
            fail("\"lemmas\" must be a non-empty array of strings");
        for (auto& l : lemmas->value.GetArray()) {
            if (!l.IsString() || l.GetStringLength() == 0) fail("\"lemmas\" must be a non-empty array of strings");
            std::string lemma = fold_phrase(l.GetString());
            auto space = lemma.find(' ');
            bool two = space != std::string::npos;
            if ((two && (e.pos != predicate_pos::verb || lemma.find(' ', space + 1) != std::string::npos)))
                fail(fmt::format("lemma '{}': one word, or for a verb a word and its particle (\"take over\")", lemma));
            if (lemma.front() == ' ' || lemma.back() == ' ') fail(fmt::format("lemma '{}' has an empty word", lemma));
            e.lemmas.push_back(lemma);
        }
        auto facts = v.FindMember("facts");
        if (facts == v.MemberEnd() || !facts->value.IsArray() || facts->value.Empty())
            fail("\"facts\" must be a non-empty array of \"RELATION:source>target\" strings");
        for (auto& f : facts->value.GetArray()) {
            if (!f.IsString()) fail("\"facts\" must be a non-empty array of \"RELATION:source>target\" strings");
            e.facts.push_back(fact(f.GetString()));
        }
        if (auto a = string_member(v, "action", false); !a.empty()) {
            if (!action_kinds.count(a)) fail(fmt::format("unknown action kind '{}' (see lexicons/actions.tsv)", a));
            e.action = a;
        }
        if (auto it = v.FindMember("confidence"); it != v.MemberEnd()) {
            if (!it->value.IsNumber() || it->value.GetDouble() <= 0 || it->value.GetDouble() > 1)
                fail("\"confidence\" must be a number in (0, 1]");
            e.confidence = it->value.GetDouble();
        }
        e.label = string_member(v, "label", false);
        if (auto it = v.FindMember("through_noun"); it != v.MemberEnd()) {
            if (!it->value.IsBool()) fail("\"through_noun\" must be true or false");
            e.through_noun = it->value.GetBool();
        }
        if (auto it = v.FindMember("when"); it != v.MemberEnd()) {
            if (!it->value.IsObject()) fail("\"when\" must map governing words (\"agree|sign\") to relation types");
            for (auto& m : it->value.GetObject()) {
                if (!m.value.IsString() || !onto.relation_type(m.value.GetString()))
                    fail(fmt::format("\"when\": '{}' must map to a relation type of the ontology", m.name.GetString()));
                for (auto& w : split_bar(m.name.GetString())) {
                    e.when.emplace_back(fold_phrase(w), m.value.GetString());
                }
            }
        }
        return e;
    }
};

std::vector<std::string> word_list(const rapidjson::Document& doc, const char* key, const std::string& file,
                                   std::string_view text) {
    std::vector<std::string> out;
    auto it = doc.FindMember(key);
    if (it == doc.MemberEnd()) return out;
    std::size_t line = line_of(text, fmt::format("\"{}\"", key));
    if (!it->value.IsArray()) throw data_error(fmt::format("\"{}\" must be an array of words", key), file, line);
    for (auto& w : it->value.GetArray()) {
        if (!w.IsString() || w.GetStringLength() == 0)
            throw data_error(fmt::format("\"{}\" must be an array of words", key), file, line);
        out.push_back(fold_phrase(w.GetString()));
    }
    return out;
}

std::vector<std::pair<std::string, context_effect>> effect_map(const rapidjson::Document& doc, const char* key,
                                                               const std::string& file, std::string_view text) {
    std::vector<std::pair<std::string, context_effect>> out;
    auto it = doc.FindMember(key);
    if (it == doc.MemberEnd()) return out;
    std::size_t line = line_of(text, fmt::format("\"{}\"", key));
    if (!it->value.IsObject())
        throw data_error(fmt::format("\"{}\" must map words to reported, hedged, speculated or negative", key), file, line);
    for (auto& m : it->value.GetObject()) {
        auto effect = m.value.IsString() ? parse_effect(m.value.GetString()) : std::nullopt;
        if (!effect)
            throw data_error(fmt::format("\"{}\": '{}' must map to reported, hedged, speculated or negative", key,
                                         m.name.GetString()),
                             file, line_of(text, fmt::format("\"{}\"", m.name.GetString())));
        for (auto& w : split_bar(m.name.GetString())) out.emplace_back(fold_phrase(w), *effect);
    }
    return out;
}

// `word` (case-folded) is `lemma` or one of its forms; nouns take a plural -s.
bool form_of(const lemmatizer& lemmas, std::string_view word, std::string_view lemma) {
    return word == lemma || lemmas.is_form_of(word, lemma);
}

}  // namespace

predicate_lexicon predicate_lexicon::load(const std::string& path, const kg::ontology& onto,
                                          const std::set<std::string>& action_kinds) {
    std::string text;
    read_data_lines(path, text);
    return parse(text, path, onto, action_kinds);
}

predicate_lexicon predicate_lexicon::parse(std::string_view text, const std::string& file, const kg::ontology& onto,
                                           const std::set<std::string>& action_kinds) {
    auto doc = json::parse<data_error>(text, file);
    if (!doc.IsObject()) throw data_error("a predicate file is a JSON object", file, 1);
    auto fmt_it = doc.FindMember("format");
    if (fmt_it == doc.MemberEnd() || !fmt_it->value.IsString() || std::string_view(fmt_it->value.GetString()) != format_name)
        throw data_error(fmt::format("not a kg predicate file (expected \"format\": \"{}\")", format_name), file, 1);
    auto ver = doc.FindMember("version");
    if (ver == doc.MemberEnd() || !ver->value.IsInt() || ver->value.GetInt() != format_version)
        throw data_error(fmt::format("unsupported predicate file version (this kg reads version {})", format_version), file, 1);
    predicate_lexicon out;
    out.light_verbs_ = word_list(doc, "light_verbs", file, text);
    out.open_excluded_ = word_list(doc, "open_excluded", file, text);
    for (auto& w : word_list(doc, "open_excluded_prepositions", file, text)) out.open_excluded_prepositions_.insert(w);
    for (auto& w : word_list(doc, "affiliation_excluded", file, text)) out.affiliation_excluded_.insert(w);
    out.governors_ = effect_map(doc, "governors", file, text);
    for (auto& [w, e] : effect_map(doc, "modifiers", file, text)) out.modifiers_.emplace(w, e);
    auto entries = doc.FindMember("entries");
    if (entries == doc.MemberEnd() || !entries->value.IsArray()) throw data_error("missing \"entries\" array", file, 1);
    std::set<std::string> ids;
    for (auto& v : entries->value.GetArray()) {
        std::size_t line = 1;
        if (v.IsObject())
            if (auto it = v.FindMember("id"); it != v.MemberEnd() && it->value.IsString())
                line = line_of(text, fmt::format("\"{}\"", it->value.GetString()));
        entry_parser p{file, line, onto, action_kinds, {}};
        auto e = p.entry(v);
        if (!ids.insert(e.id).second) p.fail("duplicate entry id");
        auto& index = e.pos == predicate_pos::verb ? out.verbs_ : e.pos == predicate_pos::noun ? out.nouns_ : out.roles_;
        for (auto& l : e.lemmas) {
            auto sp = l.find(' ');
            index.push_back({l.substr(0, sp), sp == std::string::npos ? std::string() : l.substr(sp + 1), out.entries_.size()});
        }
        out.entries_.push_back(std::move(e));
    }
    if (out.entries_.empty()) throw data_error("no entries", file);
    return out;
}

std::vector<const predicate_entry*> predicate_lexicon::find(const lemmatizer& lemmas, std::string_view word,
                                                            std::string_view particle, predicate_pos pos) const {
    const auto& index = pos == predicate_pos::verb ? verbs_ : pos == predicate_pos::noun ? nouns_ : roles_;
    std::vector<const predicate_entry*> out;
    for (auto& k : index) {
        if (k.particle != particle) continue;
        // Cheap first test: a form shares its lemma's first letter (irregular
        // forms too: bought/buy, sold/sell, won/win), except a few (went/go).
        if (word.empty() || k.lemma.empty() || word.front() != k.lemma.front()) continue;
        if (!form_of(lemmas, word, k.lemma)) continue;
        const auto* e = &entries_[k.entry];
        if (out.empty() || out.back() != e) out.push_back(e);
    }
    return out;
}

const context_effect* predicate_lexicon::governor(const lemmatizer& lemmas, std::string_view word) const {
    for (auto& [lemma, effect] : governors_)
        if (!word.empty() && word.front() == lemma.front() && form_of(lemmas, word, lemma)) return &effect;
    return nullptr;
}

const context_effect* predicate_lexicon::modifier(std::string_view word) const {
    auto it = modifiers_.find(word);
    return it == modifiers_.end() ? nullptr : &it->second;
}

bool predicate_lexicon::is_light_verb(const lemmatizer& lemmas, std::string_view word) const {
    for (auto& l : light_verbs_)
        if (!word.empty() && word.front() == l.front() && form_of(lemmas, word, l)) return true;
    return false;
}

bool predicate_lexicon::is_open_excluded(const lemmatizer& lemmas, std::string_view word) const {
    for (auto& l : open_excluded_)
        if (form_of(lemmas, word, l)) return true;
    return false;
}

bool predicate_lexicon::is_affiliation_excluded(std::string_view word) const {
    return affiliation_excluded_.find(word) != affiliation_excluded_.end();
}

bool predicate_lexicon::is_open_excluded_preposition(std::string_view word) const {
    return open_excluded_prepositions_.find(word) != open_excluded_prepositions_.end();
}

}  // namespace kg::extract::detail
