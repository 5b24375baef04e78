#include "kg/extract/relation_patterns.hpp"

#include <charconv>
#include <sstream>

#include <fmt/format.h>

#include "kg/core/error.hpp"
#include "kg/core/io.hpp"
#include "kg/core/json.hpp"
#include "kg/core/utf8.hpp"
#include "kg/extract/lexicon.hpp"

namespace kg::extract {
namespace {

std::vector<std::string> split(std::string_view s, char sep) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (true) {
        std::size_t p = s.find(sep, start);
        out.emplace_back(s.substr(start, p == std::string_view::npos ? std::string_view::npos : p - start));
        if (p == std::string_view::npos) break;
        start = p + 1;
    }
    return out;
}

std::vector<std::string> split_ws(std::string_view s) {
    std::vector<std::string> out;
    std::istringstream in{std::string(s)};
    std::string w;
    while (in >> w) out.push_back(w);
    return out;
}

struct rule_parser {
    const std::string& file;
    std::size_t line;
    const ontology& onto;
    const std::set<std::string>& action_kinds;
    std::string id;  // the rule's id, once known: errors name it

    [[noreturn]] void fail(const std::string& msg) const {
        throw data_error(id.empty() ? msg : fmt::format("rule '{}': {}", id, msg), file, line);
    }

    pattern_element element(const std::string& tok) const {
        pattern_element e;
        if (tok.size() > 2 && (tok[0] == 'S' || tok[0] == 'O' || tok[0] == 'X') && tok[1] == ':') {
            e.what = pattern_element::kind::slot;
            e.slot = tok[0];
            std::string types = tok.substr(2);
            if (!types.empty() && types.back() == '+') {
                e.coordinated = true;
                types.pop_back();
            }
            // "Location!Country": a location that is not a country.
            if (auto bang = types.find('!'); bang != std::string::npos) {
                e.excluded = split(types.substr(bang + 1), '|');
                types.erase(bang);
            }
            e.types = split(types, '|');
            for (auto* list : {&e.types, &e.excluded})
                for (auto& t : *list)
                    if (!onto.entity_type(t)) fail(fmt::format("unknown entity type '{}' in slot {}", t, tok));
            return e;
        }
        if (tok.size() > 1 && tok[0] == '*') {
            e.what = pattern_element::kind::gap;
            std::size_t n = 0;
            auto r = std::from_chars(tok.data() + 1, tok.data() + tok.size(), n);
            if (r.ec != std::errc() || r.ptr != tok.data() + tok.size() || n == 0 || n > 40)
                fail(fmt::format("bad gap '{}' (expected *N with N from 1 to 40)", tok));
            e.max_gap = n;
            return e;
        }
        if (tok == "ROLE") {
            e.what = pattern_element::kind::role;
            return e;
        }
        std::string words = tok;
        if (words.size() > 1 && words.front() == '!') {  // "!of": a lookahead, the next token is not "of"
            e.negated = true;
            words.erase(0, 1);
        }
        if (words.size() > 1 && words.back() == '?') {
            e.optional = true;
            words.pop_back();
        }
        for (auto& w : split(words, '|')) {
            // "=found": this form only, no inflections (kept with its '=' for the matcher).
            if (w.empty() || w == "=") fail(fmt::format("empty word in '{}'", tok));
            // Multi-word alternatives ("set up") are written with '_' .
            for (auto& c : w)
                if (c == '_') c = ' ';
            e.words.push_back(fold_phrase(w));
        }
        return e;
    }

    void also(relation_rule& r, const std::string& value) const {
        // REL:A>B
        auto colon = value.find(':');
        if (colon == std::string::npos || value.size() != colon + 4 || value[colon + 2] != '>')
            fail(fmt::format("\"also\" expects \"REL:A>B\", got '{}'", value));
        extra_fact f{value.substr(0, colon), value[colon + 1], value[colon + 3]};
        if (!onto.relation_type(f.relation)) fail(fmt::format("unknown relation '{}' in \"also\"", f.relation));
        for (char c : {f.source, f.target})
            if (c != 'S' && c != 'O' && c != 'X') fail("\"also\" arguments must be S, O or X");
        r.also.push_back(f);
    }

    std::string string_member(const rapidjson::Value& v, const char* key, bool required) const {
        return json::string_member(v, key, required, [this](const std::string& msg) { fail(msg); });
    }

    relation_rule rule(const rapidjson::Value& v) {
        static const std::set<std::string> known = {"id", "relation", "pattern", "action", "object", "also",
                                                    "confidence", "modality", "label", "suppresses", "comment"};
        if (!v.IsObject()) fail("each rule must be a JSON object");
        relation_rule r;
        r.file = file;
        r.line = line;
        r.id = id = string_member(v, "id", true);
        for (auto& m : v.GetObject()) {
            std::string key(m.name.GetString(), m.name.GetStringLength());
            if (!known.count(key)) fail(fmt::format("unknown key \"{}\"", key));
        }
        r.relation = string_member(v, "relation", true);
        if (r.relation != "ROLE" && !onto.relation_type(r.relation))
            fail(fmt::format("unknown relation type '{}'", r.relation));
        if (auto a = string_member(v, "action", false); !a.empty()) {
            if (!action_kinds.count(a)) fail(fmt::format("unknown action kind '{}' (see actions.tsv)", a));
            r.action = a;
        }
        if (auto o = string_member(v, "object", false); !o.empty()) {
            if (o != "salient" && o != "salient-agent")
                fail("\"object\" takes only \"salient\" or \"salient-agent\"");
            r.object_salient = true;
            r.object_agent = o == "salient-agent";
        }
        if (auto it = v.FindMember("confidence"); it != v.MemberEnd()) {
            if (!it->value.IsNumber() || it->value.GetDouble() <= 0 || it->value.GetDouble() > 1)
                fail("\"confidence\" must be a number in (0, 1]");
            r.confidence = it->value.GetDouble();
        }
        if (auto m = string_member(v, "modality", false); !m.empty()) {
            auto parsed = parse_modality(m);
            if (!parsed) fail(fmt::format("unknown modality '{}'", m));
            r.fixed_modality = parsed;
        }
        r.label = string_member(v, "label", false);
        if (auto it = v.FindMember("also"); it != v.MemberEnd()) {
            if (!it->value.IsArray()) fail("\"also\" must be an array of \"REL:A>B\" strings");
            for (auto& a : it->value.GetArray()) {
                if (!a.IsString()) fail("\"also\" must be an array of \"REL:A>B\" strings");
                also(r, a.GetString());
            }
        }
        if (auto it = v.FindMember("suppresses"); it != v.MemberEnd()) {
            if (!it->value.IsArray()) fail("\"suppresses\" must be an array of relation types");
            for (auto& a : it->value.GetArray()) {
                if (!a.IsString() || !onto.relation_type(a.GetString()))
                    fail("\"suppresses\" must be an array of relation types of the ontology");
                r.suppresses.emplace_back(a.GetString());
            }
        }
        bool has_s = false, has_o = false, has_x = false, has_role = false;
        for (auto& tok : split_ws(string_member(v, "pattern", true))) {
            auto e = element(tok);
            if (e.what == pattern_element::kind::slot) {
                bool& seen = e.slot == 'S' ? has_s : e.slot == 'O' ? has_o : has_x;
                if (seen) fail(fmt::format("slot {} appears twice", e.slot));
                seen = true;
            }
            if (e.what == pattern_element::kind::role) has_role = true;
            r.elements.push_back(std::move(e));
        }
        if (!has_s) fail("the pattern has no S: slot");
        if (!has_o && !r.object_salient) fail("the pattern has no O: slot (or \"object\": \"salient\")");
        if (has_o && r.object_salient) fail("\"object\": \"salient\" and an O: slot exclude each other");
        if (r.relation == "ROLE" && !has_role) fail("a ROLE relation needs a ROLE element");
        for (auto& f : r.also)
            if ((f.source == 'X' || f.target == 'X') && !has_x) fail("\"also\" names X but the pattern has no X: slot");
        if (r.elements.front().what == pattern_element::kind::gap || r.elements.back().what == pattern_element::kind::gap)
            fail("a pattern cannot start or end with a gap");
        return r;
    }
};

// The line of the rule whose "id" is `id` (for error messages), or 0.
std::size_t line_of_rule(std::string_view text, const rapidjson::Value& rule) {
    auto it = rule.IsObject() ? rule.FindMember("id") : rule.MemberEnd();
    if (!rule.IsObject() || it == rule.MemberEnd() || !it->value.IsString()) return 0;
    std::string quoted = fmt::format("\"{}\"", it->value.GetString());
    auto pos = text.find(quoted);
    return pos == std::string_view::npos ? 0 : line_of_offset(text, pos);
}

}  // namespace

relation_patterns relation_patterns::load(const std::string& path, const ontology& onto,
                                          const std::set<std::string>& action_kinds) {
    std::string text;
    read_data_lines(path, text);  // readable and valid UTF-8, or a data_error naming the file
    return parse(text, path, onto, action_kinds);
}

relation_patterns relation_patterns::parse(std::string_view text, const std::string& file, const ontology& onto,
                                           const std::set<std::string>& action_kinds) {
    auto doc = json::parse<data_error>(text, file);
    if (!doc.IsObject()) throw data_error("a pattern file is a JSON object", file, 1);
    auto fmt_it = doc.FindMember("format");
    if (fmt_it == doc.MemberEnd() || !fmt_it->value.IsString() ||
        std::string_view(fmt_it->value.GetString()) != format_name)
        throw data_error(fmt::format("not a kg pattern file (expected \"format\": \"{}\")", format_name), file, 1);
    auto ver = doc.FindMember("version");
    if (ver == doc.MemberEnd() || !ver->value.IsInt() || ver->value.GetInt() != format_version)
        throw data_error(fmt::format("unsupported pattern file version (this kg reads version {})", format_version),
                         file, 1);
    auto rules = doc.FindMember("rules");
    if (rules == doc.MemberEnd() || !rules->value.IsArray()) throw data_error("missing \"rules\" array", file, 1);
    relation_patterns out;
    for (auto& v : rules->value.GetArray()) {
        rule_parser p{file, line_of_rule(text, v), onto, action_kinds, {}};
        auto r = p.rule(v);
        if (!out.index_.emplace(r.id, out.rules_.size()).second) p.fail("duplicate rule id");
        out.rules_.push_back(std::move(r));
    }
    if (out.rules_.empty()) throw data_error("no rules", file);
    return out;
}

const relation_rule* relation_patterns::find(std::string_view id) const noexcept {
    auto it = index_.find(id);
    return it == index_.end() ? nullptr : &rules_[it->second];
}

}  // namespace kg::extract
