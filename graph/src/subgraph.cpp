#include "kg/graph/subgraph.hpp"

#include <deque>
#include <set>

#include <fmt/format.h>

#include "kg/core/error.hpp"

namespace kg::graph {
namespace detail {

// The facts with these ids; an unknown id is a kg::query_error.
template <class Ids>
std::set<const kg::fact*> facts_named(const knowledge_graph& g, const Ids& ids) {
    std::set<const kg::fact*> facts;
    for (const auto& id : ids) {
        const kg::fact* f = g.find_edge(id);
        if (!f) throw kg::query_error(fmt::format("no edge with id '{}'", id));
        facts.insert(f);
    }
    return facts;
}

// The chosen nodes, and the chosen facts among them.
knowledge_graph assemble(const knowledge_graph& g, const std::set<std::string, std::less<>>& node_ids,
                         const std::set<const kg::fact*>& facts) {
    return filtered(
        g, [&](const kg::entity& e) { return node_ids.contains(e.id); },
        [&](const kg::fact& f) { return facts.contains(&f); });
}

}  // namespace detail

knowledge_graph filtered(const knowledge_graph& g, const std::function<bool(const kg::entity&)>& keep_node,
                         const std::function<bool(const kg::fact&)>& keep_edge) {
    knowledge_graph out;
    std::set<std::string, std::less<>> doc_ids;
    for (const kg::entity* e : g.nodes()) {
        if (!keep_node(*e)) continue;
        out.add_entity(*e);
        for (const auto& m : e->mentions) doc_ids.insert(m.document);
    }
    for (const kg::fact* f : g.edges()) {
        if (!keep_edge(*f) || !out.find_node(f->source) || !out.find_node(f->target)) continue;
        out.add_fact(*f);
        for (const auto& ev : f->evidence) doc_ids.insert(ev.document);
    }
    for (const auto& id : doc_ids)
        if (const kg::document* d = g.find_document(id)) out.add_document(*d);
    return out;
}

knowledge_graph neighbourhood(const knowledge_graph& g, const std::vector<std::string>& centre_ids,
                              std::size_t depth, const node_filter& may_pass) {
    const boost_graph& bg = g.graph();
    std::vector<std::size_t> dist(boost::num_vertices(bg), static_cast<std::size_t>(-1));
    std::deque<vertex_descriptor> queue;
    std::set<std::string, std::less<>> keep;
    for (const auto& id : centre_ids) {
        auto v = g.vertex_of(id);
        if (!v) throw kg::query_error(fmt::format("no node with id '{}'", id));
        if (dist[*v] == 0) continue;
        dist[*v] = 0;
        queue.push_back(*v);
        keep.insert(id);
    }
    while (!queue.empty()) {
        vertex_descriptor v = queue.front();
        queue.pop_front();
        if (dist[v] >= depth) continue;
        if (dist[v] > 0 && may_pass && !may_pass(bg[v].entity)) continue;
        auto visit = [&](vertex_descriptor w) {
            if (dist[w] != static_cast<std::size_t>(-1)) return;
            dist[w] = dist[v] + 1;
            keep.insert(bg[w].entity.id);
            queue.push_back(w);
        };
        for (auto [it, end] = boost::out_edges(v, bg); it != end; ++it) visit(boost::target(*it, bg));
        for (auto [it, end] = boost::in_edges(v, bg); it != end; ++it) visit(boost::source(*it, bg));
    }
    return filtered(
        g, [&](const kg::entity& e) { return keep.contains(e.id); }, [](const kg::fact&) { return true; });
}

knowledge_graph subgraph_of(const knowledge_graph& g, const std::vector<std::string>& node_ids,
                            const std::vector<std::string>& edge_ids) {
    std::set<std::string, std::less<>> nodes;
    for (const auto& id : node_ids) {
        if (!g.find_node(id)) throw kg::query_error(fmt::format("no node with id '{}'", id));
        nodes.insert(id);
    }
    return detail::assemble(g, nodes, detail::facts_named(g, edge_ids));
}

knowledge_graph path_subgraph(const knowledge_graph& g, const std::vector<graph_path>& paths) {
    std::set<std::string, std::less<>> nodes;
    std::set<std::string, std::less<>> edge_ids;
    for (const auto& p : paths) {
        nodes.insert(p.nodes.begin(), p.nodes.end());
        edge_ids.insert(p.edges.begin(), p.edges.end());
    }
    return detail::assemble(g, nodes, detail::facts_named(g, edge_ids));
}

knowledge_graph with_min_confidence(const knowledge_graph& g, double min_confidence) {
    return filtered(
        g, [](const kg::entity&) { return true; },
        [&](const kg::fact& f) { return f.confidence >= min_confidence; });
}

knowledge_graph without_isolated_nodes(const knowledge_graph& g) {
    auto has_facts = [&](const kg::entity& e) {
        vertex_descriptor v = *g.vertex_of(e.id);
        return boost::out_degree(v, g.graph()) + boost::in_degree(v, g.graph()) > 0;
    };
    return filtered(g, has_facts, [](const kg::fact&) { return true; });
}

}  // namespace kg::graph
