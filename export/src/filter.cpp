#include "kg/export/filter.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "kg/core/error.hpp"

namespace kg::exporter {
namespace detail {

std::string upper(std::string s) {
    for (char& c : s)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return s;
}

}  // namespace detail

kg::graph::knowledge_graph filter_types(const kg::graph::knowledge_graph& g, const type_filter& filter,
                                        const kg::ontology* onto) {
    std::set<std::string, std::less<>> graph_relations, graph_types;
    for (const kg::fact* f : g.edges()) graph_relations.insert(detail::upper(f->type));
    for (const kg::entity* e : g.nodes()) graph_types.insert(e->type);

    std::set<std::string, std::less<>> relations;
    for (const auto& r : filter.relations) {
        std::string name = detail::upper(r);
        bool known = graph_relations.contains(name) || (onto && onto->relation_type(name));
        if (!known) throw kg::usage_error(fmt::format("unknown relation type '{}'", r));
        relations.insert(name);
    }
    for (const auto& t : filter.node_types) {
        bool known = graph_types.contains(t) || (onto && onto->entity_type(t));
        if (!known) throw kg::usage_error(fmt::format("unknown entity type '{}'", t));
    }
    auto keep_node = [&](const kg::entity& e) {
        if (filter.node_types.empty()) return true;
        return std::any_of(filter.node_types.begin(), filter.node_types.end(), [&](const std::string& t) {
            return e.type == t || (onto && onto->is_a(e.type, t));
        });
    };

    kg::graph::knowledge_graph out;
    std::set<std::string, std::less<>> doc_ids;
    for (const kg::entity* e : g.nodes()) {
        if (!keep_node(*e)) continue;
        out.add_entity(*e);
        for (const auto& m : e->mentions) doc_ids.insert(m.document);
    }
    for (const kg::fact* f : g.edges()) {
        if (!relations.empty() && !relations.contains(detail::upper(f->type))) continue;
        if (!out.find_node(f->source) || !out.find_node(f->target)) continue;
        out.add_fact(*f);
        for (const auto& ev : f->evidence) doc_ids.insert(ev.document);
    }
    for (const auto& id : doc_ids)
        if (const kg::document* d = g.find_document(id)) out.add_document(*d);
    return out;
}

}  // namespace kg::exporter
