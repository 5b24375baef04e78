#include "kg/graph/subgraph.hpp"

#include <deque>
#include <set>

#include <fmt/format.h>

#include "kg/core/error.hpp"

namespace kg::graph {
namespace detail {

// Builds a graph from chosen node and edge ids of `g` (edges whose end points
// are not both chosen are skipped), with the documents they refer to.
knowledge_graph assemble(const knowledge_graph& g, const std::set<std::string, std::less<>>& node_ids,
                         const std::vector<const kg::fact*>& edges) {
    knowledge_graph out;
    std::set<std::string, std::less<>> doc_ids;
    for (const auto& id : node_ids) {
        const kg::entity* e = g.find_node(id);
        if (!e) continue;
        out.add_entity(*e);
        for (const auto& m : e->mentions) doc_ids.insert(m.document);
    }
    for (const kg::fact* f : edges) {
        if (!node_ids.contains(f->source) || !node_ids.contains(f->target)) continue;
        out.add_fact(*f);
        for (const auto& ev : f->evidence) doc_ids.insert(ev.document);
    }
    for (const auto& id : doc_ids)
        if (const kg::document* d = g.find_document(id)) out.add_document(*d);
    return out;
}

}  // namespace detail

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
    return detail::assemble(g, keep, g.edges());
}

knowledge_graph subgraph_of(const knowledge_graph& g, const std::vector<std::string>& node_ids,
                            const std::vector<std::string>& edge_ids) {
    std::set<std::string, std::less<>> nodes;
    for (const auto& id : node_ids) {
        if (!g.find_node(id)) throw kg::query_error(fmt::format("no node with id '{}'", id));
        nodes.insert(id);
    }
    std::vector<const kg::fact*> edges;
    for (const auto& id : edge_ids) {
        const kg::fact* f = g.find_edge(id);
        if (!f) throw kg::query_error(fmt::format("no edge with id '{}'", id));
        edges.push_back(f);
    }
    return detail::assemble(g, nodes, edges);
}

knowledge_graph path_subgraph(const knowledge_graph& g, const std::vector<graph_path>& paths) {
    std::set<std::string, std::less<>> nodes;
    std::set<std::string, std::less<>> edge_ids;
    for (const auto& p : paths) {
        nodes.insert(p.nodes.begin(), p.nodes.end());
        edge_ids.insert(p.edges.begin(), p.edges.end());
    }
    std::vector<const kg::fact*> edges;
    for (const auto& id : edge_ids) {
        const kg::fact* f = g.find_edge(id);
        if (!f) throw kg::query_error(fmt::format("no edge with id '{}'", id));
        edges.push_back(f);
    }
    return detail::assemble(g, nodes, edges);
}

knowledge_graph with_min_confidence(const knowledge_graph& g, double min_confidence) {
    std::set<std::string, std::less<>> nodes;
    for (const kg::entity* e : g.nodes()) nodes.insert(e->id);
    std::vector<const kg::fact*> edges;
    for (const kg::fact* f : g.edges())
        if (f->confidence >= min_confidence) edges.push_back(f);
    return detail::assemble(g, nodes, edges);
}

knowledge_graph without_isolated_nodes(const knowledge_graph& g) {
    std::set<std::string, std::less<>> nodes;
    for (const kg::fact* f : g.edges()) {
        nodes.insert(f->source);
        nodes.insert(f->target);
    }
    return detail::assemble(g, nodes, g.edges());
}

}  // namespace kg::graph
