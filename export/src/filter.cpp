#include "kg/export/filter.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "kg/core/error.hpp"
#include "kg/graph/subgraph.hpp"

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

    return kg::graph::filtered(g, keep_node, [&](const kg::fact& f) {
        return relations.empty() || relations.contains(detail::upper(f.type));
    });
}

}  // namespace kg::exporter
