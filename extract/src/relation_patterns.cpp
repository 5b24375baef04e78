#include "kg/extract/relation_patterns.hpp"

#include <charconv>
#include <sstream>

#include <fmt/format.h>

#include "kg/core/error.hpp"
#include "kg/core/io.hpp"
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

    [[noreturn]] void fail(const std::string& msg) const { throw data_error(msg, file, line); }

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
            e.types = split(types, '|');
            for (auto& t : e.types)
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
        if (words.size() > 1 && words.back() == '?') {
            e.optional = true;
            words.pop_back();
        }
        for (auto& w : split(words, '|')) {
            if (w.empty()) fail(fmt::format("empty word in '{}'", tok));
            // Multi-word alternatives ("set up") are written with '_' .
            for (auto& c : w)
                if (c == '_') c = ' ';
            e.words.push_back(fold_phrase(w));
        }
        return e;
    }

    double number(const std::string& key, const std::string& value) const {
        try {
            std::size_t used = 0;
            double d = std::stod(value, &used);
            if (used != value.size() || d <= 0 || d > 1) throw std::invalid_argument(value);
            return d;
        } catch (const std::exception&) {
            fail(fmt::format("option {} needs a number in (0, 1], got '{}'", key, value));
        }
    }

    void option(relation_rule& r, const std::string& opt) const {
        auto eq = opt.find('=');
        if (eq == std::string::npos) fail(fmt::format("option '{}' is not key=value", opt));
        std::string key = opt.substr(0, eq), value = opt.substr(eq + 1);
        if (key == "action") {
            if (!action_kinds.count(value)) fail(fmt::format("unknown action kind '{}' (see actions.tsv)", value));
            r.action = value;
        } else if (key == "object") {
            if (value != "salient") fail("object= takes only 'salient'");
            r.object_salient = true;
        } else if (key == "confidence") {
            r.confidence = number(key, value);
        } else if (key == "modality") {
            auto m = parse_modality(value);
            if (!m) fail(fmt::format("unknown modality '{}'", value));
            r.fixed_modality = m;
        } else if (key == "label") {
            r.label = value;
            for (auto& c : r.label)
                if (c == '_') c = ' ';
        } else if (key == "also") {
            // REL:A>B
            auto colon = value.find(':');
            if (colon == std::string::npos || value.size() != colon + 4 || value[colon + 2] != '>')
                fail(fmt::format("also= expects REL:A>B, got '{}'", value));
            extra_fact f{value.substr(0, colon), value[colon + 1], value[colon + 3]};
            if (!onto.relation_type(f.relation)) fail(fmt::format("unknown relation '{}'", f.relation));
            for (char c : {f.source, f.target})
                if (c != 'S' && c != 'O' && c != 'X') fail("also= arguments must be S, O or X");
            r.also.push_back(f);
        } else {
            fail(fmt::format("unknown option '{}'", key));
        }
    }

    relation_rule rule(std::string_view text) const {
        relation_rule r;
        r.file = file;
        r.line = line;
        auto semi = text.find(';');
        auto head = split_ws(text.substr(0, semi));
        if (head.size() < 3) fail("a rule needs an id, a relation and at least one element");
        r.id = head[0];
        r.relation = head[1];
        if (r.relation != "ROLE" && !onto.relation_type(r.relation))
            fail(fmt::format("unknown relation type '{}'", r.relation));
        bool has_s = false, has_o = false, has_x = false, has_role = false;
        for (std::size_t i = 2; i < head.size(); ++i) {
            auto e = element(head[i]);
            if (e.what == pattern_element::kind::slot) {
                bool& seen = e.slot == 'S' ? has_s : e.slot == 'O' ? has_o : has_x;
                if (seen) fail(fmt::format("slot {} appears twice", e.slot));
                seen = true;
            }
            if (e.what == pattern_element::kind::role) has_role = true;
            r.elements.push_back(std::move(e));
        }
        if (semi != std::string_view::npos)
            for (auto& opt : split_ws(text.substr(semi + 1))) option(r, opt);
        if (!has_s) fail("the pattern has no S: slot");
        if (!has_o && !r.object_salient) fail("the pattern has no O: slot (or object=salient)");
        if (has_o && r.object_salient) fail("object=salient and an O: slot exclude each other");
        if ((r.relation == "ROLE") != has_role) fail("ROLE relation and ROLE element go together");
        for (auto& f : r.also)
            if ((f.source == 'X' || f.target == 'X') && !has_x) fail("also= names X but the pattern has no X: slot");
        if (r.elements.front().what == pattern_element::kind::gap || r.elements.back().what == pattern_element::kind::gap)
            fail("a pattern cannot start or end with a gap");
        return r;
    }
};

}  // namespace

relation_patterns relation_patterns::load(const std::string& path, const ontology& onto,
                                          const std::set<std::string>& action_kinds) {
    std::string text;
    read_data_lines(path, text);  // readable and valid UTF-8, or a data_error naming the file
    return parse(text, path, onto, action_kinds);
}

relation_patterns relation_patterns::parse(std::string_view text, const std::string& file, const ontology& onto,
                                           const std::set<std::string>& action_kinds) {
    relation_patterns out;
    std::set<std::string> ids;
    for (auto& line : data_lines(text)) {
        rule_parser p{file, line.number, onto, action_kinds};
        auto r = p.rule(line.text);
        if (!ids.insert(r.id).second) p.fail(fmt::format("duplicate rule id '{}'", r.id));
        out.rules_.push_back(std::move(r));
    }
    if (out.rules_.empty()) throw data_error("no rules", file);
    return out;
}

}  // namespace kg::extract
