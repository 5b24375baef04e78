#include "kg/graph/lookup.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include <fmt/format.h>

#include "kg/core/edit_distance.hpp"
#include "kg/core/error.hpp"
#include "kg/core/ids.hpp"

namespace kg::graph {
namespace detail {

// True when `words` (normalized, '-'-separated) occurs in `name` at word boundaries.
bool has_words(std::string_view name, std::string_view words) {
    for (std::size_t pos = name.find(words); pos != std::string_view::npos; pos = name.find(words, pos + 1)) {
        bool starts = pos == 0 || name[pos - 1] == '-';
        std::size_t end = pos + words.size();
        bool ends = end == name.size() || name[end] == '-';
        if (starts && ends) return true;
    }
    return false;
}


std::vector<std::string_view> split_words(std::string_view s) {
    std::vector<std::string_view> out;
    while (!s.empty()) {
        std::size_t dash = s.find('-');
        out.push_back(s.substr(0, dash));
        if (dash == std::string_view::npos) break;
        s.remove_prefix(dash + 1);
    }
    return out;
}

// How much `name` looks like `key`, in [0, 1]; 0 when not at all.
double similarity(std::string_view key, std::string_view name) {
    std::size_t longest = std::max(key.size(), name.size());
    if (longest == 0) return 0.0;
    double score = 1.0 - static_cast<double>(edit_distance(key, name)) / static_cast<double>(longest);
    // Words of the query that start a word of the name ("xiaom" -> "xiaomi-corp").
    auto key_words = split_words(key);
    auto name_words = split_words(name);
    std::size_t shared = 0;
    for (auto kw : key_words)
        if (kw.size() >= 3 && std::any_of(name_words.begin(), name_words.end(), [&](std::string_view nw) {
                return nw.substr(0, kw.size()) == kw || (nw.size() >= 3 && kw.substr(0, nw.size()) == nw);
            }))
            ++shared;
    if (shared) score = std::max(score, 0.5 + 0.4 * static_cast<double>(shared) / static_cast<double>(key_words.size()));
    return score >= 0.5 ? score : 0.0;
}

std::vector<std::string> ids_of(const knowledge_graph& g, const std::vector<vertex_descriptor>& vs) {
    std::vector<std::string> out;
    for (auto v : vs) out.push_back(g.graph()[v].entity.id);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

std::string list_candidates(const knowledge_graph& g, const std::vector<std::string>& ids, std::size_t max) {
    std::string out;
    for (std::size_t i = 0; i < ids.size() && i < max; ++i) out += "\n  " + describe_entity(g, ids[i]);
    if (ids.size() > max) out += fmt::format("\n  ... and {} more", ids.size() - max);
    return out;
}

}  // namespace detail

std::string describe_entity(const knowledge_graph& g, std::string_view id) {
    const kg::entity* e = g.find_node(id);
    if (!e) return std::string(id);
    return fmt::format("{} ({}, {})", e->label.empty() ? e->id : e->label, e->type, e->id);
}

entity_lookup lookup_entity(const knowledge_graph& g, std::string_view query, std::size_t max_suggestions) {
    entity_lookup out;
    const boost_graph& bg = g.graph();
    // 1. ids
    if (g.find_node(query)) {
        out.kind = match_kind::id;
        out.ids = {std::string(query)};
        return out;
    }
    if (std::size_t colon = query.find(':'); colon != std::string_view::npos && colon > 0) {
        std::string id = kg::make_entity_id(query.substr(0, colon), query.substr(colon + 1));
        if (g.find_node(id)) {
            out.kind = match_kind::id;
            out.ids = {id};
            return out;
        }
    }
    std::string key = kg::normalize_name(query);
    if (key.empty()) return out;
    const auto& named = g.vertices_named(key);
    // 2. exact label, then exact alias
    auto pick = [&](auto&& pred) {
        std::vector<vertex_descriptor> vs;
        for (auto v : named)
            if (pred(bg[v].entity)) vs.push_back(v);
        return vs;
    };
    auto exact = pick([&](const kg::entity& e) {
        return e.label == query || std::find(e.aliases.begin(), e.aliases.end(), query) != e.aliases.end();
    });
    if (!exact.empty()) {
        out.kind = match_kind::exact;
        out.ids = detail::ids_of(g, exact);
        return out;
    }
    // 3. normalized label, then normalized alias
    if (!named.empty()) {
        out.kind = match_kind::normalized;
        out.ids = detail::ids_of(g, named);
        return out;
    }
    // 4. whole words of a name
    std::vector<vertex_descriptor> partial;
    g.for_each_name([&](const std::string& name, const std::vector<vertex_descriptor>& vs) {
        if (detail::has_words(name, key)) partial.insert(partial.end(), vs.begin(), vs.end());
    });
    if (!partial.empty()) {
        out.kind = match_kind::words;
        out.ids = detail::ids_of(g, partial);
        return out;
    }
    // Suggestions.
    std::map<vertex_descriptor, double> best;
    g.for_each_name([&](const std::string& name, const std::vector<vertex_descriptor>& vs) {
        double s = detail::similarity(key, name);
        if (s <= 0.0) return;
        for (auto v : vs) {
            double& b = best[v];
            b = std::max(b, s);
        }
    });
    struct ranked {
        double score;
        std::size_t degree;
        const std::string* id;
    };
    std::vector<ranked> ranking;
    for (auto [v, s] : best)
        ranking.push_back({s, boost::out_degree(v, bg) + boost::in_degree(v, bg), &bg[v].entity.id});
    std::sort(ranking.begin(), ranking.end(), [](const ranked& a, const ranked& b) {
        return std::tie(b.score, b.degree, *a.id) < std::tie(a.score, a.degree, *b.id);
    });
    for (std::size_t i = 0; i < ranking.size() && i < max_suggestions; ++i) out.suggestions.push_back(*ranking[i].id);
    return out;
}

std::string resolve_entity(const knowledge_graph& g, std::string_view query, std::string* note) {
    entity_lookup found = lookup_entity(g, query);
    if (found.ids.size() == 1) return found.ids.front();
    if (found.ids.empty()) {
        // An id a merge absorbed names the node that absorbed it.
        if (std::string now = g.current_id(query); !now.empty()) {
            if (note) *note = fmt::format("\"{}\" was merged into {}", query, describe_entity(g, now));
            return now;
        }
        std::string message = fmt::format("no entity matches \"{}\"", query);
        if (!found.suggestions.empty())
            message += "; did you mean:" + detail::list_candidates(g, found.suggestions, found.suggestions.size());
        throw kg::query_error(message);
    }
    // Several: the one the name most plausibly means. An entity with facts
    // before one without; one whose label is the name (or ends with it, as a
    // full name ends with a surname) before one that only has it as an alias;
    // then the better connected, then the more often mentioned.
    const boost_graph& bg = g.graph();
    std::string key = kg::normalize_name(query);
    struct ranked {
        bool connected;
        int label_match;  // 2: the label is the name; 1: the label ends with it; 0: otherwise
        std::size_t degree;
        std::size_t mentions;
        const std::string* id;
    };
    std::vector<ranked> ranking;
    for (const auto& id : found.ids) {
        auto v = g.vertex_of(id);
        if (!v) continue;
        const kg::entity& e = bg[*v].entity;
        std::string label = kg::normalize_name(e.label);
        int label_match = label == key ? 2
                          : (label.size() > key.size() && label.ends_with(key) && label[label.size() - key.size() - 1] == '-')
                              ? 1
                              : 0;
        std::size_t degree = boost::out_degree(*v, bg) + boost::in_degree(*v, bg);
        ranking.push_back({degree > 0, label_match, degree, e.mentions.size(), &e.id});
    }
    auto score = [](const ranked& r) { return std::tie(r.connected, r.label_match, r.degree, r.mentions); };
    std::sort(ranking.begin(), ranking.end(), [&](const ranked& a, const ranked& b) {
        if (score(a) != score(b)) return score(a) > score(b);
        return *a.id < *b.id;
    });
    if (ranking.size() >= 2 && score(ranking[0]) == score(ranking[1]))
        throw kg::query_error(fmt::format("\"{}\" is ambiguous: it matches {} entities equally well; give one of their ids:{}",
                                          query, found.ids.size(), detail::list_candidates(g, found.ids, 20)));
    if (note) {
        std::vector<std::string> others;
        for (std::size_t i = 1; i < ranking.size(); ++i) others.push_back(*ranking[i].id);
        *note = fmt::format("\"{}\" matches {} entities; using {} ({} facts); the others:{}", query, found.ids.size(),
                            describe_entity(g, *ranking[0].id), ranking[0].degree, detail::list_candidates(g, others, 10));
    }
    return *ranking[0].id;
}

}  // namespace kg::graph
