#include "kg/graph/resolution.hpp"

#include <algorithm>
#include <unordered_map>

#include <fmt/format.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "kg/core/ids.hpp"
#include "kg/graph/knowledge_graph.hpp"

namespace kg::graph {

entity_resolver::entity_resolver(const kg::ontology& onto) {
    for (const auto& t : onto.entity_types()) {
        type_info info;
        for (const kg::entity_type_info* a = &t; a; a = a->parent.empty() ? nullptr : onto.entity_type(a->parent))
            info.ancestors.push_back(a->name);
        info.family = t.name;
        for (const char* f : {"Person", "Organization", "Location"})
            if (onto.is_a(t.name, f)) info.family = f;
        types_.emplace(t.name, std::move(info));
    }
}

std::string entity_resolver::family(const std::string& type) const {
    auto it = types_.find(type);
    return it == types_.end() ? type : it->second.family;
}

bool entity_resolver::more_specific(const std::string& a, const std::string& b) const {
    if (a == b) return false;
    auto it = types_.find(a);
    if (it == types_.end()) return false;
    return std::find(it->second.ancestors.begin(), it->second.ancestors.end(), b) != it->second.ancestors.end();
}

namespace {

constexpr char sep = '\x1f';

std::vector<std::string_view> words_of(std::string_view normalized) {
    std::vector<std::string_view> out;
    while (!normalized.empty()) {
        std::size_t dash = normalized.find('-');
        out.push_back(normalized.substr(0, dash));
        if (dash == std::string_view::npos) break;
        normalized.remove_prefix(dash + 1);
    }
    return out;
}

// "EC", "BA", "NHS": 2 to 6 capital letters (a final 's' allowed: "MPs" is not one).
bool is_acronym(std::string_view label) {
    if (label.size() < 2 || label.size() > 6) return false;
    return std::all_of(label.begin(), label.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

// "TIM", "BBC": letters, all of them capitals (at least two).
bool all_capitals(std::string_view label) {
    std::size_t letters = 0;
    for (char c : label) {
        if (c >= 'a' && c <= 'z') return false;
        letters += c >= 'A' && c <= 'Z';
    }
    return letters >= 2;
}

// Initials of the capitalised words of a name, folded: "European Commission" -> "ec",
// "Bank of England" -> "be"; empty unless at least two.
std::string initials(std::string_view label) {
    std::string out;
    bool at_word_start = true;
    for (std::size_t i = 0; i < label.size();) {
        int32_t pos = static_cast<int32_t>(i);
        UChar32 c;
        U8_NEXT(reinterpret_cast<const uint8_t*>(label.data()), pos, static_cast<int32_t>(label.size()), c);
        std::size_t next = static_cast<std::size_t>(pos);
        bool letter = c > 0 && (u_isalnum(c) != 0);
        if (letter && at_word_start) {
            if (u_isupper(c) && c < 0x80) out.push_back(static_cast<char>(u_tolower(c)));
            else if (u_isupper(c)) return {};  // non-ASCII initials: leave them
        }
        at_word_start = !letter && c != '\'' && c != '.';
        if (c == '.' || c == '&') at_word_start = true;
        i = next;
    }
    return out.size() >= 2 ? out : std::string();
}

}  // namespace

std::vector<planned_merge> plan_short_name_merges(const knowledge_graph& g, const entity_resolver& r) {
    const auto nodes = g.nodes();
    struct node_info {
        std::string family;
        std::string key;  // normalized label
    };
    std::vector<node_info> info(nodes.size());
    using index = std::unordered_map<std::string, std::vector<std::size_t>>;
    index by_alias, by_surname, by_initials;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        const kg::entity& e = *nodes[i];
        info[i] = {r.family(e.type), kg::normalize_name(e.label)};
        if (info[i].key.empty()) continue;
        for (const auto& a : e.aliases) {
            std::string k = kg::normalize_name(a);
            if (!k.empty() && k != info[i].key) {
                auto& v = by_alias[info[i].family + sep + k];
                if (v.empty() || v.back() != i) v.push_back(i);
            }
        }
        auto words = words_of(info[i].key);
        if (info[i].family == "Person" && words.size() >= 2) by_surname[std::string(words.back())].push_back(i);
        if (info[i].family == "Organization" && words.size() >= 2)
            if (auto ini = initials(e.label); !ini.empty()) by_initials[ini].push_back(i);
    }

    std::vector<planned_merge> plan;
    struct candidate {
        std::size_t node;
        const char* rule;
    };
    std::vector<candidate> candidates;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        const kg::entity& s = *nodes[i];
        const auto& key = info[i].key;
        if (key.empty() || s.type == "Action") continue;
        candidates.clear();
        auto gather = [&](const index& idx, const std::string& k, const char* rule) {
            auto it = idx.find(k);
            if (it == idx.end()) return;
            for (auto c : it->second) {
                if (c == i || info[c].family != info[i].family || info[c].key == key) continue;
                // A short form is shorter than the name it stands for.
                if (nodes[c]->label.size() <= s.label.size()) continue;
                if (std::none_of(candidates.begin(), candidates.end(), [&](const candidate& o) { return o.node == c; }))
                    candidates.push_back({c, rule});
            }
        };
        gather(by_alias, info[i].family + sep + key, "alias");
        bool one_word = key.find('-') == std::string::npos;
        if (info[i].family == "Person" && one_word) gather(by_surname, key, "surname");
        if (info[i].family == "Organization" && is_acronym(s.label)) gather(by_initials, key, "acronym");
        // A short name used on its own far more often than the full name it
        // would join has a life of its own ("Llanelli", the town and its club,
        // is not "Llanelli Grammar School" because one article called the school so).
        std::erase_if(candidates, [&](const candidate& c) { return nodes[c.node]->mentions.size() * 2 < s.mentions.size(); });
        if (candidates.empty()) continue;
        if (candidates.size() == 1) {
            const auto& c = candidates.front();
            const char* why = std::string_view(c.rule) == "alias"     ? "the only other {} called \"{}\" in the graph"
                              : std::string_view(c.rule) == "surname" ? "the only {} named in full whose name ends in \"{}\""
                                                                      : "the only {} whose initials spell \"{}\"";
            plan.push_back({s.id, nodes[c.node]->id,
                            fmt::format("{}: {}", c.rule, fmt::format(fmt::runtime(why), info[i].family, s.label))});
            continue;
        }
        // Several full names: the one the short name means where a document tells.
        std::size_t total = 0, best_uses = 0;
        const candidate* best = nullptr;
        for (const auto& c : candidates) {
            std::size_t uses = 0;
            for (const auto& m : nodes[c.node]->mentions)
                if (kg::normalize_name(m.text) == key) ++uses;
            total += uses;
            if (uses > best_uses || (uses == best_uses && best && nodes[c.node]->id < nodes[best->node]->id)) {
                best_uses = uses;
                best = &c;
            }
        }
        if (best && best_uses >= r.min_uses && static_cast<double>(best_uses) >= r.dominance * static_cast<double>(total))
            plan.push_back({s.id, nodes[best->node]->id,
                            fmt::format("{}-dominant: {} of {} uses of \"{}\" in documents naming one of {} candidates in full",
                                        best->rule, best_uses, total, s.label, candidates.size())});
    }
    // The same name under types of different families ("Chelsea" a Person in
    // some documents, an Organization in others): one thing when the name has
    // several words, or when one reading holds at least `same_name_dominance` of
    // the mentions; the reading with the most mentions keeps its node and type.
    std::unordered_map<std::string, std::size_t> planned;
    for (std::size_t k = 0; k < plan.size(); ++k) planned.emplace(plan[k].from, k);
    std::unordered_map<std::string, std::vector<std::size_t>> by_name;
    std::vector<std::string> names;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        const auto& t = nodes[i]->type;
        if (info[i].key.empty() || t == "Action" || t == "Date" || t == "Money" || t == "Percent") continue;
        if (planned.contains(nodes[i]->id)) continue;
        auto& v = by_name[info[i].key];
        if (v.empty()) names.push_back(info[i].key);
        v.push_back(i);
    }
    for (const auto& name : names) {
        const auto& group = by_name[name];
        if (group.size() < 2) continue;
        // The reading with most mentions; on a tie, the earlier family of
        // `tie_order` (a one-word name is more often a club or a company than a
        // place, and more often a place than a person), then the smaller id.
        auto rank = [&](std::size_t i) {
            auto at = std::find(r.tie_order.begin(), r.tie_order.end(), info[i].family);
            return static_cast<std::size_t>(at - r.tie_order.begin());
        };
        std::size_t winner = group.front(), total = 0;
        for (auto i : group) {
            total += nodes[i]->mentions.size();
            auto mi = nodes[i]->mentions.size(), mw = nodes[winner]->mentions.size();
            if (mi > mw || (mi == mw && rank(i) < rank(winner))) winner = i;
        }
        bool several_words = name.find('-') != std::string::npos;
        if (!several_words && static_cast<double>(nodes[winner]->mentions.size()) < r.same_name_dominance * static_cast<double>(total))
            continue;
        for (auto i : group) {
            // "TIM" (a company) is not "Tim": across families an acronym only meets an acronym.
            if (i == winner || all_capitals(nodes[i]->label) != all_capitals(nodes[winner]->label)) continue;
            plan.push_back({nodes[i]->id, nodes[winner]->id,
                            fmt::format("same-name-across-types: \"{}\" named as {} ({} mentions) and as {} ({} mentions){}",
                                        nodes[winner]->label, nodes[winner]->type, nodes[winner]->mentions.size(),
                                        nodes[i]->type, nodes[i]->mentions.size(),
                                        several_words ? "" : fmt::format("; {} of {} mentions read it as {}",
                                                                         nodes[winner]->mentions.size(), total,
                                                                         nodes[winner]->type))});
        }
    }
    std::sort(plan.begin(), plan.end(), [](const planned_merge& a, const planned_merge& b) { return a.from < b.from; });
    return plan;
}

std::size_t resolve_short_names(knowledge_graph& g, const entity_resolver& r) {
    auto plan = plan_short_name_merges(g, r);
    g.merge_nodes(plan);
    return plan.size();
}

std::vector<std::string> explain_merges(const knowledge_graph& g) {
    std::vector<std::string> out;
    for (const kg::entity* e : g.nodes()) {
        auto it = e->attributes.find("merge_rules");
        if (it == e->attributes.end()) continue;
        for (const auto& rule : it->second) out.push_back(fmt::format("{} <- {}", e->id, rule));
    }
    return out;
}

}  // namespace kg::graph
